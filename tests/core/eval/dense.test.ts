import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DenseRetriever } from '../../../src/core/eval/dense';
import type { Dataset } from '../../../src/core/data/types';

const d: Dataset = {
  name: 't',
  langs: ['en'],
  queries: [0, 1, 2].map((i) => ({ xlingId: `q${i}`, lang: 'en', text: `q${i}` })),
  candidates: [0, 1, 2, 3].map((i) => ({ uid: `en/0/${i}`, lang: 'en', text: `c${i}`, context: '' })),
  relevant: new Map(),
};

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
});

describe('DenseRetriever', () => {
  it('scores = q · c for the pool, in pool order, without leaking tensors', async () => {
    const dim = 3;
    const q = Float32Array.from({ length: 9 }, (_, i) => Math.sin(i + 1));
    const c = Float32Array.from({ length: 12 }, (_, i) => Math.cos(i * 0.7));
    const r = new DenseRetriever(q, c, dim);
    await r.prepare(d);
    const before = tf.memory().numTensors;
    const pool = { id: 'x', candidateIdx: Int32Array.from([3, 1]) };
    const s = await r.score(Int32Array.from([2, 0]), pool);
    const dot = (qi: number, ci: number) => [0, 1, 2].reduce((a, k) => a + q[qi * dim + k] * c[ci * dim + k], 0);
    expect(Array.from(s)).toEqual([dot(2, 3), dot(2, 1), dot(0, 3), dot(0, 1)].map((x) => expect.closeTo(x, 5)));
    await r.score(Int32Array.from([1]), pool);
    expect(tf.memory().numTensors).toBe(before); // the candidate matrix is built once, in prepare
    r.dispose();
  });

  it('a pair scores the same in every pool, and identical candidate texts score bit-identically', async () => {
    const dim = 8,
      nq = 5;
    const texts = ['a', 'b', 'a', 'c', 'b', 'd', 'a'];
    const ds: Dataset = {
      name: 'dup',
      langs: ['de', 'en'],
      queries: Array.from({ length: nq }, (_, i) => ({ xlingId: `q${i}`, lang: 'en', text: `q${i}` })),
      candidates: texts.map((t, i) => ({ uid: `${i % 2 ? 'de' : 'en'}/0/${i}`, lang: i % 2 ? 'de' : 'en', text: t, context: t })),
      relevant: new Map(),
    };
    const q = Float32Array.from({ length: nq * dim }, (_, i) => Math.sin(i * 1.3));
    // duplicates get vectors that differ in the last bits, as separately embedded copies of one text do
    const c = Float32Array.from(
      { length: texts.length * dim },
      (_, i) => Math.cos(texts[Math.floor(i / dim)].charCodeAt(0) * 0.9 + (i % dim)) * (1 + 1e-7 * Math.floor(i / dim)),
    );
    const r = new DenseRetriever(q, c, dim);
    await r.prepare(ds);
    expect(r.poolIndependent).toBe(true);
    const all = Int32Array.from(texts.keys());
    const qs = Int32Array.from({ length: nq }, (_, i) => i);
    const whole = Float32Array.from(await r.score(qs, { id: 'multi', candidateIdx: all }));
    for (let k = 0; k < nq; k++) {
      const row = whole.subarray(k * texts.length, (k + 1) * texts.length);
      expect(row[2]).toBe(row[0]);
      expect(row[6]).toBe(row[0]);
      expect(row[4]).toBe(row[1]);
    }
    const de = Int32Array.from([1, 3, 5]);
    const part = await r.score(qs, { id: 'de', candidateIdx: de });
    for (let k = 0; k < nq; k++) de.forEach((ci, j) => expect(part[k * 3 + j]).toBe(whole[k * texts.length + ci]));
    r.dispose();
  });
});
