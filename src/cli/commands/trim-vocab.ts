/**
 * `cli trim-vocab`: a model folder cut to the vocabulary of the given datasets (core/model/trim-vocab.ts).
 * Every query and candidate text of every `--data` dataset (both splits of the demo) is covered; the new
 * folder is checked by re-tokenizing all of them and by embedding a sample with both models (`--check N`).
 * Prints the parameter counts before and after; `trim.json` in the output folder records them.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Dataset } from '../../core/data/types';
import { createEncoder } from '../../core/model/checkpoint';
import { embedTexts } from '../../core/model/encoder';
import { coveredTexts, trimVocab } from '../../core/model/trim-vocab';
import { flag, intFlag, listFlag, parseArgs, UsageError } from '../args';
import { cliBackend } from '../backend';
import { loadDataset, resolveDataPath } from '../data-io';
import { readModelFolder, writeModelFolder } from '../model-io';

export const TRIM_VOCAB_USAGE =
  'npm run cli -- trim-vocab --model <dir> --data <dataset>... [--keep-top N] --out <dir> [--check N] [--backend wasm|cpu]';

async function datasetTexts(path: string): Promise<{ name: string; texts: string[] }> {
  const p = resolveDataPath(path);
  const sets: Dataset[] =
    path === 'demo'
      ? [await loadDataset(p, { split: 'train' }), await loadDataset(p, { split: 'eval' })]
      : [await loadDataset(p)];
  return {
    name: path === 'demo' ? 'demo' : basename(resolve(path)),
    texts: sets.flatMap((d) => [...d.queries.map((q) => q.text), ...d.candidates.map((c) => c.text)]),
  };
}

const fmt = (n: number) => n.toLocaleString('en-US');

export async function trimVocabCommand(argv: string[]): Promise<void> {
  const a = parseArgs(
    argv,
    { model: 'value', data: 'list', 'keep-top': 'value', out: 'value', check: 'value', backend: 'value' },
    'trim-vocab',
  );
  const model = flag(a, 'model'),
    out = flag(a, 'out'),
    data = listFlag(a, 'data');
  if (!model || !out || !data?.length) throw new UsageError(`trim-vocab needs --model, --data and --out\n  ${TRIM_VOCAB_USAGE}`);
  if (existsSync(out) && readdirSync(out).length > 0)
    throw new UsageError(`--out ${out} exists and is not empty: choose a new folder`);
  const files = readModelFolder(model);
  const sets = await Promise.all(data.map(datasetTexts));
  const texts = coveredTexts(
    files,
    sets.flatMap((s) => s.texts),
  );
  const t0 = performance.now();
  const r = trimVocab(files, texts, {
    keepTop: intFlag(a, 'keep-top'),
    source: model,
    lineageNote: `trim-vocab: ${sets.map((s) => s.name).join(', ')}${intFlag(a, 'keep-top') ? ` + top ${intFlag(a, 'keep-top')}` : ''}`,
  });
  const seconds = (performance.now() - t0) / 1000;
  process.stderr.write(
    `vocabulary ${fmt(r.before.rows)} → ${fmt(r.after.rows)} rows: ${fmt(r.always)} always kept (specials), ${fmt(r.used)} used by ${fmt(r.texts)} texts, ${fmt(r.top)} from --keep-top; all ${fmt(r.texts)} texts re-tokenized identically (${seconds.toFixed(1)} s)\n`,
  );
  process.stderr.write(
    `parameters ${fmt(r.before.total)} → ${fmt(r.after.total)} (word embeddings ${fmt(r.before.wordEmbeddings)} → ${fmt(r.after.wordEmbeddings)})\n`,
  );

  // Embeddings: a sample of the covered texts through both models (every one with --check 0 skipped, "all" = all).
  const checkArg = flag(a, 'check') ?? '256';
  const n = checkArg === 'all' ? texts.length : Number(checkArg);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`trim-vocab: --check must be a non-negative integer or "all", got "${checkArg}"`);
  let maxDiff: number | undefined;
  if (n > 0) {
    await cliBackend(flag(a, 'backend') ?? 'wasm');
    const step = Math.max(1, Math.floor(texts.length / n));
    const sample = texts.filter((_, i) => i % step === 0).slice(0, n);
    const before = createEncoder(files),
      after = createEncoder(r.files);
    const ea = await embedTexts(before, sample, 32),
      eb = await embedTexts(after, sample, 32);
    before.dispose();
    after.dispose();
    maxDiff = 0;
    for (let i = 0; i < ea.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ea[i] - eb[i]));
    process.stderr.write(
      `embeddings of ${fmt(sample.length)} covered texts: max |original − trimmed| = ${maxDiff.toExponential(2)}\n`,
    );
    if (!(maxDiff <= 1e-6))
      throw new Error(`trim-vocab: the trimmed model embeds differently (max difference ${maxDiff}); please report it`);
  }
  writeModelFolder(out, r.files);
  const report = {
    model,
    data,
    keepTop: intFlag(a, 'keep-top') ?? 0,
    before: r.before,
    after: r.after,
    always: r.always,
    used: r.used,
    top: r.top,
    texts: r.texts,
    embeddingCheck: maxDiff === undefined ? null : { texts: Math.min(n, texts.length), maxAbsDiff: maxDiff },
  };
  writeFileSync(join(out, 'trim.json'), JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(JSON.stringify(report) + '\n');
  process.stderr.write(`→ ${out}\n`);
}
