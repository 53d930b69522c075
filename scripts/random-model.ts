/**
 * Writes a random-weight model of a real multilingual encoder shape (core/model/random-model.ts) in the
 * Hugging Face / sentence-transformers layout. Full size is ~480 MB: write it under an ignored folder
 * (bench/tmp/), never commit it.
 *
 *   npx tsx scripts/random-model.ts --out bench/tmp/minilm-l12-random [--size full|tiny] [--corpus <lareqa dir>...] [--max-texts N] [--seed S]
 *
 * The corpus (default ../shared/data/xquad-r and mlqa-r when present) only seeds the tokenizer's pieces.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { importLareqa } from '../src/core/data/lareqa';
import { MINILM_L12_MULTILINGUAL, MINILM_TINY, randomModelFiles } from '../src/core/model/random-model';

function arg(name: string): string[] {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return [];
  const out: string[] = [];
  for (let j = i + 1; j < process.argv.length && !process.argv[j].startsWith('--'); j++) out.push(process.argv[j]);
  return out;
}

export function corpusTexts(dirs: string[], max: number): string[] {
  const texts: string[] = [];
  for (const dir of dirs) {
    const files = readdirSync(dir)
      .filter((f) => /^[a-z]{2}\.json$/.test(f))
      .sort()
      .map((f) => ({ name: join(dir, f), bytes: new Uint8Array(readFileSync(join(dir, f))) }));
    const d = importLareqa(files, { name: dir });
    texts.push(...d.queries.map((q) => q.text), ...d.candidates.map((c) => c.text));
  }
  // An even sample: every language contributes pieces.
  const step = Math.max(1, Math.ceil(texts.length / max));
  return texts.filter((_, i) => i % step === 0);
}

export function writeRandomModel(out: string, size: 'full' | 'tiny', corpus: string[], seed = 1): { bytes: number } {
  const files = randomModelFiles(size === 'full' ? MINILM_L12_MULTILINGUAL : MINILM_TINY, corpus, seed);
  let bytes = 0;
  for (const [name, b] of Object.entries(files)) {
    mkdirSync(dirname(join(out, name)), { recursive: true });
    writeFileSync(join(out, name), b);
    bytes += b.byteLength;
  }
  return { bytes };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const out = arg('out')[0];
  if (!out) {
    process.stderr.write(
      'usage: npx tsx scripts/random-model.ts --out <dir> [--size full|tiny] [--corpus <lareqa dir>...] [--max-texts N] [--seed S]\n',
    );
    process.exit(2);
  }
  const size = (arg('size')[0] ?? 'full') as 'full' | 'tiny';
  if (size !== 'full' && size !== 'tiny') {
    process.stderr.write('--size must be full or tiny\n');
    process.exit(2);
  }
  const shared = resolve(import.meta.dirname, '../../shared/data');
  const dirs = arg('corpus').length ? arg('corpus') : ['xquad-r', 'mlqa-r'].map((d) => join(shared, d)).filter(existsSync);
  const t0 = performance.now();
  const corpus = corpusTexts(dirs, Number(arg('max-texts')[0] ?? 20_000));
  const { bytes } = writeRandomModel(out, size, corpus, Number(arg('seed')[0] ?? 1));
  process.stderr.write(
    `random ${size} model (${corpus.length} corpus texts seed the tokenizer) → ${out}: ${(bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
}
