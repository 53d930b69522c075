import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rankKernelSource } from '../../../scripts/build-rank-kernel';
import { rankKernelReady, useRankKernel } from '../../../src/core/eval/rank-simd';
import { rankRelevantAndTop } from '../../../src/core/eval/ranking';

/** Both paths on one row: the JavaScript ranker is the reference the SIMD one must equal exactly. */
function bothPaths(row: Float32Array, off: number, n: number, rel: number[], k: number, ties?: Int32Array) {
  useRankKernel(false);
  const js = rankRelevantAndTop(row, off, n, rel, k, ties);
  useRankKernel(true);
  const simd = rankRelevantAndTop(row, off, n, rel, k, ties);
  return {
    js: { ranks: Array.from(js.ranks), top: Array.from(js.top) },
    simd: { ranks: Array.from(simd.ranks), top: Array.from(simd.top) },
  };
}

let seed = 7;
const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;

afterEach(() => useRankKernel(true));

describe('SIMD ranker (rank.wat)', () => {
  it('rank-wasm.ts is the current compile of rank.wat (run scripts/build-rank-kernel.ts after editing)', async () => {
    const committed = readFileSync(join(__dirname, '../../../src/core/eval/rank-wasm.ts'), 'utf8');
    expect(committed).toBe(await rankKernelSource());
  });

  it('runs in this engine', () => {
    expect(rankKernelReady()).toBe(true);
  });

  it('equals the JavaScript ranker: ties, ±∞, NaN items and NaN/−∞ relevant items, tails, offsets, k ≥ n, r = 0 … 21', () => {
    for (let trial = 0; trial < 400; trial++) {
      const n = 64 + Math.floor(rnd() * 700);
      const off = Math.floor(rnd() * 5);
      const levels = [4, 64, 4096][trial % 3]; // few distinct scores → many ties
      const row = Float32Array.from({ length: n + off + 3 }, () => Math.floor(rnd() * levels) / levels - 0.5);
      if (trial % 7 === 0) row[off + Math.floor(rnd() * n)] = Number.NaN;
      if (trial % 5 === 0) row[off + Math.floor(rnd() * n)] = Number.POSITIVE_INFINITY;
      if (trial % 11 === 0) row[off + Math.floor(rnd() * n)] = Number.NEGATIVE_INFINITY;
      const r = trial % 22;
      const rel = [...new Set(Array.from({ length: r }, () => Math.floor(rnd() * n)))];
      const k = [0, 1, 10, n + 5][trial % 4];
      const ties = trial % 2 ? Int32Array.from({ length: n }, (_, i) => (i * 7919) % n) : undefined;
      const { js, simd } = bothPaths(row, off, n, rel, k, ties);
      expect(simd, `trial ${trial}`).toEqual(js);
    }
  });

  it('large pools (the XQuAD-R size) with a dozen relevant items', () => {
    const n = 13014;
    for (let trial = 0; trial < 20; trial++) {
      const row = Float32Array.from({ length: n }, () => Math.round((rnd() - 0.5) * 0.4 * 2 ** 12) / 2 ** 12);
      const rel = [...new Set(Array.from({ length: 12 }, () => Math.floor(rnd() * n)))];
      const ties = Int32Array.from({ length: n }, (_, i) => (i * 104729) % n);
      const { js, simd } = bothPaths(row, 0, n, rel, 10, ties);
      expect(simd).toEqual(js);
    }
  });
});
