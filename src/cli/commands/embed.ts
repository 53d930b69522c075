/** `cli embed`: texts.jsonl ({"text": ...} per line) → out.jsonl ({"text", "embedding"} per line). */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataImportError } from '../../core/data/errors';
import { createEncoder } from '../../core/model/checkpoint';
import { embedTexts } from '../../core/model/encoder';
import { cliBackend } from '../backend';
import { flag, intFlag, parseArgs, UsageError } from '../args';
import { asInputError, CliError, MODEL_FIX } from '../errors';
import { readModelFolder } from '../model-io';
import { ensureFolder } from '../run-folder';
import { ProgressBar } from '../progress';

export const EMBED_USAGE =
  'npm run cli -- embed --model <dir> --input <texts.jsonl> --out <file.jsonl> [--pooling mean|cls|pooler] [--normalize true|false] [--role query|passage]';

export function readTexts(path: string): string[] {
  if (!existsSync(path))
    throw new CliError(`--input ${path}: no such file. Fix: give a JSONL file with one {"text": "..."} per line`);
  const lines = readFileSync(path, 'utf8').split('\n');
  const texts: string[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      throw new DataImportError(path, `line ${i + 1}`, undefined, 'not a JSON object', 'write one {"text": "..."} per line');
    }
    const t = (obj as { text?: unknown }).text;
    if (typeof t !== 'string')
      throw new DataImportError(path, `line ${i + 1}`, 'text', 'missing or not a string', 'write one {"text": "..."} per line');
    texts.push(t);
  });
  return texts;
}

export async function embedCommand(argv: string[]): Promise<void> {
  const a = parseArgs(
    argv,
    {
      model: 'value',
      input: 'value',
      out: 'value',
      pooling: 'value',
      normalize: 'value',
      role: 'value',
      backend: 'value',
      'batch-size': 'value',
    },
    'embed',
  );
  const model = flag(a, 'model'),
    input = flag(a, 'input'),
    out = flag(a, 'out');
  if (!model || !input || !out) throw new UsageError(`embed needs --model, --input and --out. Usage: ${EMBED_USAGE}`);
  if (existsSync(out) && statSync(out).isDirectory())
    throw new CliError(`--out ${out} is a folder; embed writes one JSONL file. Fix: give a file name`);
  const batchSize = intFlag(a, 'batch-size') ?? 32;
  if (batchSize < 1) throw new UsageError('embed: --batch-size must be at least 1');
  const pooling = flag(a, 'pooling');
  if (pooling && !['mean', 'cls', 'pooler'].includes(pooling)) throw new UsageError('--pooling must be mean, cls or pooler');
  const normalize = flag(a, 'normalize');
  if (normalize && !['true', 'false'].includes(normalize)) throw new UsageError('--normalize must be true or false');
  const role = flag(a, 'role') as 'query' | 'passage' | undefined;
  if (role && role !== 'query' && role !== 'passage') throw new UsageError('--role must be query or passage');
  await cliBackend(flag(a, 'backend'));
  const overrides: Record<string, unknown> = {};
  if (pooling) overrides.pooling = pooling;
  if (normalize) overrides.normalize = normalize === 'true';
  const texts = readTexts(input);
  const encoder = asInputError(`--model ${model}`, MODEL_FIX, () => createEncoder(readModelFolder(model), overrides));
  const bar = new ProgressBar('embed');
  const emb = await embedTexts(encoder, texts, batchSize, (d, t) => bar.update(d, t), { role });
  const dim = encoder.dim;
  ensureFolder(dirname(out), 'the folder of --out');
  const lines = texts.map((text, i) => JSON.stringify({ text, embedding: Array.from(emb.subarray(i * dim, (i + 1) * dim)) }));
  writeFileSync(out, lines.join('\n') + '\n');
  encoder.dispose();
  process.stderr.write(`${texts.length} embeddings of dim ${dim} → ${out}\n`);
}
