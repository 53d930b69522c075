import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DenseRetriever } from '../../../src/core/eval/dense';
import type { Dataset } from '../../../src/core/data/types';

const d: Dataset = {
  name: 't', langs: ['en'],
  queries: [0, 1, 2].map((i) => ({ xlingId: `q${i}`, lang: 'en', text: `q${i}` })),
  candidates: [0, 1, 2, 3].map((i) => ({ uid: `en/0/${i}`, lang: 'en', text: `c${i}`, context: '' })),
  relevant: new Map(),
};

beforeAll(async () => { expect(await tf.setBackend('wasm')).toBe(true); });

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
    expect(tf.memory().numTensors).toBe(before + 1); // only the cached pool tensor from the first call
    r.dispose();
  });
});
