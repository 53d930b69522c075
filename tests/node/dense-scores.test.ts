/**
 * One consistent set of numbers on the BLAS path (issue 13): the products' rounding depends on the matrix shape,
 * so a score computed in a one-language product could differ from the whole-pool one. DenseRetriever scores every
 * pool from one whole-pool product; this checks, with OpenBLAS doing the products, that a pair's score is
 * bit-identical in every pool and that candidates with identical text score bit-identically.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { loadBlas } from '../../src/node/blas';
import { installBlasKernels, uninstallBlasKernels } from '../../src/node/blas-kernels';
import { DenseRetriever } from '../../src/core/eval/dense';
import type { Dataset } from '../../src/core/data/types';

const load = loadBlas();
const required = process.env.HBW_REQUIRE_BLAS === '1';

describe.skipIf(!load.ok && !required)('dense scores on the BLAS path', () => {
  beforeAll(async () => {
    if (!load.ok) throw new Error(load.reason);
    expect(await tf.setBackend('wasm')).toBe(true);
    installBlasKernels(load.blas);
  });
  afterAll(() => uninstallBlasKernels());

  it('a query–candidate score is bit-identical in the whole pool and in a one-language pool', async () => {
    const dim = 64,
      nq = 256,
      langs = ['ar', 'de', 'en', 'es', 'fr', 'hi', 'ru', 'sw', 'zh'],
      perLang = 346;
    const nc = langs.length * perLang;
    // Every 50th candidate repeats the text of the one before it (and gets a vector off in the last bits).
    const text = (i: number) => (i % 50 === 1 ? `t${i - 1}` : `t${i}`);
    const d: Dataset = {
      name: 'synthetic',
      langs,
      queries: Array.from({ length: nq }, (_, i) => ({ xlingId: `q${i}`, lang: langs[i % langs.length], text: `q${i}` })),
      candidates: Array.from({ length: nc }, (_, i) => ({
        uid: `${langs[i % langs.length]}/0/${i}`,
        lang: langs[i % langs.length],
        text: text(i),
        context: '',
      })),
      relevant: new Map(),
    };
    const unit = (n: number, seed: number) => {
      const v = Float32Array.from({ length: n * dim }, (_, i) => Math.sin(seed + i * 0.7071) + Math.cos(i * 0.013 * seed));
      for (let r = 0; r < n; r++) {
        let s = 0;
        for (let k = 0; k < dim; k++) s += v[r * dim + k] ** 2;
        for (let k = 0; k < dim; k++) v[r * dim + k] /= Math.sqrt(s);
      }
      return v;
    };
    const q = unit(nq, 1),
      c = unit(nc, 2);
    for (let i = 1; i < nc; i += 50) for (let k = 0; k < dim; k++) c[i * dim + k] = c[(i - 1) * dim + k] * (1 + 2 ** -22);
    const r = new DenseRetriever(q, c, dim);
    await r.prepare(d);
    const qs = Int32Array.from({ length: nq }, (_, i) => i);
    const whole = Float32Array.from(
      await r.score(qs, { id: 'multi', candidateIdx: Int32Array.from({ length: nc }, (_, i) => i) }),
    );
    let differing = 0;
    for (const [l, lang] of langs.entries()) {
      const idx = Int32Array.from({ length: perLang }, (_, j) => j * langs.length + l);
      const part = await r.score(qs, { id: lang, candidateIdx: idx });
      for (let a = 0; a < nq; a++)
        for (let j = 0; j < perLang; j++) if (part[a * perLang + j] !== whole[a * nc + idx[j]]) differing++;
    }
    expect(differing).toBe(0);
    for (let a = 0; a < nq; a++) for (let i = 1; i < nc; i += 50) expect(whole[a * nc + i]).toBe(whole[a * nc + i - 1]);
    r.dispose();
  });
});
