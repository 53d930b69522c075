/** `cli embed`: texts.jsonl ({"text": ...} per line) → out.jsonl ({"text", "embedding"} per line). */
import { readFileSync, writeFileSync } from 'node:fs';
import { DataImportError } from '../../core/data/errors';
import { createEncoder } from '../../core/model/checkpoint';
import { embedTexts } from '../../core/model/encoder';
import { cliBackend } from '../backend';
import { flag, parseArgs, UsageError } from '../args';
import { readModelFolder } from '../model-io';
import { ProgressBar } from '../progress';

export const EMBED_USAGE = 'npm run cli -- embed --model <dir> --input <texts.jsonl> --out <file.jsonl> [--pooling mean|cls|pooler] [--normalize true|false] [--role query|passage]';

export function readTexts(path: string): string[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const texts: string[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let obj: unknown;
    try { obj = JSON.parse(line); } catch { throw new DataImportError(path, `line ${i + 1}`, undefined, 'not a JSON object', 'write one {"text": "..."} per line'); }
    const t = (obj as { text?: unknown }).text;
    if (typeof t !== 'string') throw new DataImportError(path, `line ${i + 1}`, 'text', 'missing or not a string', 'write one {"text": "..."} per line');
    texts.push(t);
  });
  return texts;
}

export async function embedCommand(argv: string[]): Promise<void> {
  const a = parseArgs(argv, { model: 'value', input: 'value', out: 'value', pooling: 'value', normalize: 'value', role: 'value', backend: 'value', 'batch-size': 'value' }, 'embed');
  const model = flag(a, 'model'), input = flag(a, 'input'), out = flag(a, 'out');
  if (!model || !input || !out) throw new UsageError(`embed needs --model, --input and --out\n  ${EMBED_USAGE}`);
  const pooling = flag(a, 'pooling');
  if (pooling && !['mean', 'cls', 'pooler'].includes(pooling)) throw new UsageError('--pooling must be mean, cls or pooler');
  const normalize = flag(a, 'normalize');
  if (normalize && !['true', 'false'].includes(normalize)) throw new UsageError('--normalize must be true or false');
  const role = flag(a, 'role') as 'query' | 'passage' | undefined;
  await cliBackend(flag(a, 'backend'));
  const overrides: Record<string, unknown> = {};
  if (pooling) overrides.pooling = pooling;
  if (normalize) overrides.normalize = normalize === 'true';
  const encoder = createEncoder(readModelFolder(model), overrides);
  const texts = readTexts(input);
  const bar = new ProgressBar('embed');
  const emb = await embedTexts(encoder, texts, Number(flag(a, 'batch-size') ?? 32), (d, t) => bar.update(d, t), { role });
  const dim = encoder.dim;
  const lines = texts.map((text, i) => JSON.stringify({ text, embedding: Array.from(emb.subarray(i * dim, (i + 1) * dim)) }));
  writeFileSync(out, lines.join('\n') + '\n');
  encoder.dispose();
  process.stderr.write(`${texts.length} embeddings of dim ${dim} → ${out}\n`);
}
