/**
 * The summing building blocks of ops.ts on tfjs-wasm: `sumRows` (bias and LayerNorm-β gradients) and `maskedMean`
 * (mean pooling) against float64 sums — closer than one sequential float32 product, for every row count and
 * padding — their gradients, and the tfjs-wasm operator-cache hazard that a reshaped B operand once hit (NaN).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { addRow, maskedMean, sumRows } from '../../../src/core/model/ops';

/** Deterministic values in [−1, 1) plus an offset, so a long sequential float32 sum drifts measurably. */
function values(n: number, seed: number, offset = 0.5): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return offset + (s / 2 ** 32) * 2 - 1;
  });
}

/** Column sums of x [N, C] in float64. */
function columnSums(x: Float32Array, N: number, C: number): Float64Array {
  const out = new Float64Array(C);
  for (let i = 0; i < N; i++) for (let c = 0; c < C; c++) out[c] += x[i * C + c];
  return out;
}

function maxRelErr(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < want.length; i++) m = Math.max(m, Math.abs(got[i] - want[i]) / Math.max(Math.abs(want[i]), 1e-30));
  return m;
}

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('sumRows', () => {
  it('matches float64 column sums more closely than one sequential product, for any row count', async () => {
    for (const N of [1, 7, 15, 16, 97, 100, 2048, 6144]) {
      const C = 24;
      const x = values(N * C, N);
      const want = columnSums(x, N, C);
      const t = tf.tensor2d(x, [N, C]);
      const got = await sumRows(t).data();
      const sequential = await tf.matMul(tf.ones([1, N]), t).data();
      expect(got.length).toBe(C);
      const err = maxRelErr(got, want);
      expect(err).toBeLessThan(2e-6);
      if (N >= 2048) expect(err).toBeLessThan(maxRelErr(sequential, want) / 2); // two levels pay off on long sums
      tf.dispose(t);
    }
  });

  it('is right for a tensor that was just the B operand of a plain product (tfjs-wasm caches by tensor id)', async () => {
    const [N, C] = [2048, 64];
    const x = tf.tensor2d(values(N * C, 3), [N, C]);
    const a = tf.tensor2d(values(8 * N, 4), [8, N]);
    tf.matMul(a, x).dispose(); // XNNPACK packs x as [N, C] and keeps the operator under x's id
    const got = await sumRows(x).data();
    expect(maxRelErr(got, columnSums((await x.data()) as Float32Array, N, C))).toBeLessThan(2e-6);
    tf.dispose([x, a]);
  });

  it('has the gradient of a sum: dy broadcast over the rows', async () => {
    const [N, C] = [256, 8];
    const x = tf.tensor2d(values(N * C, 5), [N, C]);
    const w = tf.tensor1d(values(C, 6));
    const g = await tf
      .grad((t: tf.Tensor) => tf.sum(tf.mul(sumRows(t as tf.Tensor2D), w)))(x)
      .data();
    const wv = await w.data();
    for (let i = 0; i < N; i++) for (let c = 0; c < C; c++) expect(g[i * C + c]).toBeCloseTo(wv[c], 6);
    tf.dispose([x, w]);
  });
});

describe('addRow', () => {
  it('adds the row to every row; its gradient is the float64 column sum of dy, under a tape and without', async () => {
    const [N, H] = [2048, 16];
    const x = tf.tensor2d(values(N * H, 21), [N, H]);
    const row = tf.tensor2d(values(H, 22), [1, H]);
    expect(await addRow(x, row).data()).toEqual(await tf.add(x, row).data());
    const dyv = values(N * H, 23);
    const dy = tf.tensor2d(dyv, [N, H]);
    const [dx, drow] = tf.grads((a: tf.Tensor, r: tf.Tensor) => tf.sum(tf.mul(addRow(a as tf.Tensor2D, r as tf.Tensor2D), dy)))([
      x,
      row,
    ]);
    expect(await dx.data()).toEqual(dyv);
    expect(drow.shape).toEqual([1, H]);
    expect(maxRelErr(await drow.data(), columnSums(dyv, N, H))).toBeLessThan(2e-6);
    tf.dispose([x, row, dy, dx, drow]);
  });
});

describe('maskedMean', () => {
  it('matches the float64 mean of the unmasked rows, padded or not, for any length', async () => {
    for (const L of [1, 5, 13, 16, 50, 64, 128]) {
      const [n, H] = [6, 32];
      const h = values(n * L * H, L, 0.2);
      const mask = new Int32Array(n * L);
      for (let i = 0; i < n; i++) {
        const len = i === 0 ? L : Math.max(1, L - 3 * i); // text 0 unpadded, the others padded at the end
        for (let j = 0; j < len; j++) mask[i * L + j] = 1;
      }
      const got = await maskedMean(tf.tensor3d(h, [n, L, H]), mask).data();
      const want = new Float64Array(n * H);
      for (let i = 0; i < n; i++) {
        let count = 0;
        for (let j = 0; j < L; j++) {
          if (!mask[i * L + j]) continue;
          count++;
          for (let c = 0; c < H; c++) want[i * H + c] += h[(i * L + j) * H + c];
        }
        for (let c = 0; c < H; c++) want[i * H + c] /= count;
      }
      let maxAbs = 0;
      for (let k = 0; k < want.length; k++) maxAbs = Math.max(maxAbs, Math.abs(got[k] - want[k]));
      expect(maxAbs).toBeLessThan(1e-6);
    }
  });

  it('is closer to float64 than one sequential product over 64 tokens (8 + 8 terms per sum against 64)', async () => {
    const [n, L, H] = [16, 64, 64];
    const h = values(n * L * H, 9, 0.3);
    const mask = new Int32Array(n * L).fill(1);
    const t = tf.tensor3d(h, [n, L, H]);
    const got = await maskedMean(t, mask).data();
    const sequential = await tf.div(tf.reshape(tf.matMul(tf.ones([n, 1, L]), t), [n, H]), L).data();
    let e2 = 0,
      s2 = 0;
    for (let i = 0; i < n; i++)
      for (let c = 0; c < H; c++) {
        let want = 0;
        for (let j = 0; j < L; j++) want += h[(i * L + j) * H + c];
        want /= L;
        e2 += (got[i * H + c] - want) ** 2;
        s2 += (sequential[i * H + c] - want) ** 2;
      }
    expect(Math.sqrt(e2)).toBeLessThan(0.75 * Math.sqrt(s2)); // measured 0.55×
  });

  it('has the gradient mask / count, broadcast over the hidden size, under a tape', async () => {
    const [n, L, H] = [3, 10, 4];
    const mask = Int32Array.from({ length: n * L }, (_, k) => (k % L < L - Math.floor(k / L) * 2 ? 1 : 0));
    const x = tf.tensor3d(values(n * L * H, 11), [n, L, H]);
    const w = tf.tensor2d(values(n * H, 12), [n, H]);
    const g = await tf
      .grad((t: tf.Tensor) => tf.sum(tf.mul(maskedMean(t as tf.Tensor3D, mask), w)))(x)
      .data();
    const wv = await w.data();
    for (let i = 0; i < n; i++) {
      let count = 0;
      for (let j = 0; j < L; j++) count += mask[i * L + j];
      for (let j = 0; j < L; j++)
        for (let c = 0; c < H; c++) expect(g[(i * L + j) * H + c]).toBeCloseTo((mask[i * L + j] * wv[i * H + c]) / count, 6);
    }
    tf.dispose([x, w]);
  });
});
