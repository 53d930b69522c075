/**
 * Alignment probe for a base or a fine-tuned model (issue #8's diagnosis): `npx tsx bench/probe-align.ts <model dir>`
 * (run from the repo root). Prints top-1 accuracy of (a) retrieving the parallel XQuAD-R question (same `id`)
 * among the first 300, English → de/es/zh/ru, and (b) retrieving the German translation of MUSE en–de source
 * words ranked 200–500 by frequency among 300. Exact dot products over unit vectors; no ties handling needed
 * for a diagnostic.
 */
import { readFileSync } from 'node:fs';
import { createEncoder } from '../src/core/model/checkpoint';
import { embedTexts } from '../src/core/model/encoder';
import { initBackend } from '../src/core/util/backend';
import { readModelFolder } from '../src/cli/model-io';

const model = process.argv[2];
const langs = ['de', 'es', 'zh', 'ru'];
const N = 300;
function questions(lang: string): Map<string, string> {
  const d = JSON.parse(readFileSync(`../shared/data/xquad-r/${lang}.json`, 'utf8'));
  const m = new Map<string, string>();
  for (const a of d.data) for (const p of a.paragraphs) for (const q of p.qas) m.set(q.id, q.question);
  return m;
}
function top1(a: Float32Array, b: Float32Array, n: number, dim: number): number {
  let hit = 0;
  for (let i = 0; i < n; i++) {
    let best = -1,
      bs = -Infinity;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < dim; k++) s += a[i * dim + k] * b[j * dim + k];
      if (s > bs) {
        bs = s;
        best = j;
      }
    }
    if (best === i) hit++;
  }
  return hit / n;
}
await initBackend('wasm');
const enc = createEncoder(readModelFolder(model));
const en = questions('en');
const ids = [...en.keys()].slice(0, N);
const eE = await embedTexts(
  enc,
  ids.map((i) => en.get(i)!),
  64,
  undefined,
  { role: 'query' },
);
const out: Record<string, number> = {};
for (const l of langs) {
  const q = questions(l);
  const e = await embedTexts(
    enc,
    ids.map((i) => q.get(i)!),
    64,
    undefined,
    { role: 'query' },
  );
  out[`q:en>${l}`] = top1(eE, e, N, enc.dim);
}
// lexicon words seen (first 300 source words of en-de, first target)
const lex = readFileSync('../shared/data/muse-dictionaries/en-de.tsv', 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => l.split('\t'));
const seen = new Map<string, string>();
for (const [a, b] of lex) if (!seen.has(a) && a !== b) seen.set(a, b);
const words = [...seen.entries()].slice(200, 500);
const wa = await embedTexts(
    enc,
    words.map((w) => w[0]),
    64,
  ),
  wb = await embedTexts(
    enc,
    words.map((w) => w[1]),
    64,
  );
out['word:en>de(freq 200-500)'] = top1(wa, wb, words.length, enc.dim);
console.log(model, JSON.stringify(out));
enc.dispose();
