import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/core/util/backend';
import { clipGradNorm, checkFinite, NonFiniteError } from '../../../src/core/train/clip';

beforeAll(async () => {
  expect((await initBackend('wasm')).name).toBe('wasm');
});

const a = [3, 0, -4, 1],
  b = [
    [2, -2],
    [0, 1],
  ];
const total = Math.sqrt([...a, ...b.flat()].reduce((s, v) => s + v * v, 0)); // √35

describe('clipGradNorm (torch.nn.utils.clip_grad_norm_)', () => {
  it('returns the pre-clip global 2-norm and scales by maxNorm / (norm + 1e-6)', () => {
    const g = { a: tf.tensor1d(a), b: tf.tensor2d(b) };
    const { grads, norm } = clipGradNorm(g, 1);
    expect(norm).toBeCloseTo(total, 5);
    const coef = 1 / (total + 1e-6);
    Array.from(grads.a.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(a[i] * coef, 6));
    expect(grads.b.shape).toEqual([2, 2]);
    const clippedNorm = Math.hypot(...grads.a.dataSync(), ...grads.b.dataSync());
    expect(clippedNorm).toBeCloseTo(1, 5);
    tf.dispose([g.a, g.b, grads.a, grads.b]);
  });
  it('leaves gradients unchanged below maxNorm (new tensors, same values)', () => {
    const g = { a: tf.tensor1d(a) };
    const { grads, norm } = clipGradNorm(g, 100);
    expect(norm).toBeCloseTo(Math.sqrt(26), 5);
    expect(grads.a).not.toBe(g.a);
    expect(Array.from(grads.a.dataSync())).toEqual(a);
    tf.dispose([g.a, grads.a]);
  });
  it('reports NaN/Inf norms instead of hiding them', () => {
    const g = { a: tf.tensor1d([1, NaN]), b: tf.tensor1d([Infinity]) };
    expect(clipGradNorm({ a: g.a }, 1).norm).toBeNaN();
    const r = clipGradNorm({ b: g.b }, 1);
    expect(r.norm).toBe(Infinity);
    tf.dispose([g.a, g.b, r.grads.b]);
  });
  it('leaks nothing besides the returned gradients', () => {
    const g = { a: tf.tensor1d(a), b: tf.tensor2d(b) };
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) tf.dispose(Object.values(clipGradNorm(g, 0.5).grads));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([g.a, g.b]);
  });
});

describe('checkFinite', () => {
  it('passes finite values', () => expect(() => checkFinite(1.2, 3.4, { step: 1 })).not.toThrow());
  it('names the step and suggests a fix when the loss is NaN', () => {
    let err: unknown;
    try {
      checkFinite(NaN, 1, { step: 123, lr: 2e-5 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NonFiniteError);
    expect((err as NonFiniteError).message).toMatch(
      /^loss became NaN at step 123 \(learning rate 2\.00e-5\).*Lower the learning rate/,
    );
    expect((err as NonFiniteError).step).toBe(123);
  });
  it('catches an infinite gradient norm with a finite loss', () => {
    expect(() => checkFinite(0.7, Infinity, { step: 9 })).toThrow(/gradient norm became \+Infinity at step 9/);
  });
});
