/**
 * The WASM SIMD GEMM (kernels.wat `gemm`, wired by kernels/wasm-gemm.ts): tf.matMul / fused products on the
 * wasm backend against a float64 reference over many shapes (1×1, odd sizes, edge tiles, k > 256 blocks,
 * transposes, broadcast batches, bias), the head kernels against the tf-op path, the shared-memory build.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { KERNELS_WASM, KERNELS_WASM_SHARED } from '../../../src/core/model/kernels/kernels-wasm';
import { WASM_GEMM_FLAG, wasmGemmCalls, wasmGemmReady } from '../../../src/core/model/kernels/wasm-gemm';
import { kernelsFor } from '../../../src/core/model/kernels/wasm-kernels';
import { headContext, headProductsReady, headScores } from '../../../src/core/model/head-products';
import { TRANSPOSE_PAIRS } from '../../helpers/transposes';

function values(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
}

/** op(a)·op(b) per batch in float64; a [ba, ·, ·], b [bb, ·, ·] with ba or bb 1 or equal. */
function reference(
  a: Float32Array,
  b: Float32Array,
  ba: number,
  bb: number,
  m: number,
  n: number,
  k: number,
  tA: boolean,
  tB: boolean,
) {
  const batches = Math.max(ba, bb);
  const out = new Float64Array(batches * m * n);
  for (let t = 0; t < batches; t++) {
    const ao = (ba === 1 ? 0 : t) * m * k,
      bo = (bb === 1 ? 0 : t) * k * n;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[ao + (tA ? p * m + i : i * k + p)] * b[bo + (tB ? j * k + p : p * n + j)];
        out[(t * m + i) * n + j] = s;
      }
  }
  return out;
}

/** float32 sums of k products of |x| ≤ 0.25 (rounding grows with k; float64 is exact here by comparison). */
function expectClose(got: Float32Array | Int32Array | Uint8Array, want: Float64Array, k: number, what: string) {
  expect(got.length).toBe(want.length);
  const tol = 1e-6 + 1e-7 * k;
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i]), `${what} [${i}]`).toBeLessThanOrEqual(tol);
}

describe('wasm SIMD GEMM', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    expect(wasmGemmReady()).toBe(true);
  });

  const shapes: Array<[number, number, number, number, number]> = [
    // [batchA, batchB, m, n, k]
    [2, 2, 1, 1, 1],
    [3, 3, 1, 7, 1],
    [2, 2, 5, 3, 2],
    [2, 1, 9, 17, 13],
    [1, 3, 4, 8, 16],
    [4, 4, 64, 64, 64],
    [2, 2, 33, 65, 300],
    [1, 1, 7, 9, 5],
    [1, 1, 130, 270, 520],
  ];
  for (const [ba, bb, m, n, k] of shapes)
    for (const [tA, tB] of TRANSPOSE_PAIRS)
      it(`[${ba}|${bb}] ${m}×${k}·${k}×${n} transposeA=${tA} transposeB=${tB} = float64 reference`, () => {
        const av = values(ba * m * k, m + 3 * k + (tA ? 1 : 0)),
          bv = values(bb * k * n, n + 5 * k + (tB ? 1 : 0));
        const before = tf.memory().numTensors;
        const a = tf.tensor3d(av, tA ? [ba, k, m] : [ba, m, k]),
          b = tf.tensor3d(bv, tB ? [bb, n, k] : [bb, k, n]);
        const calls = wasmGemmCalls();
        const c = tf.matMul(a, b, tA, tB);
        // Plain 2-D products (both batches 1, no transpose) stay on XNNPACK, but for ≥ 64 rows and columns under
        // the relaxed-SIMD build (Node 20 runs this file with SIMD128 unless --experimental-wasm-relaxed-simd).
        const plainHere = kernelsFor(tf.backend())!.relaxed && m >= 64 && n >= 64;
        expect(wasmGemmCalls() > calls).toBe(tA || tB || ba > 1 || bb > 1 || plainHere);
        expect(c.shape).toEqual([Math.max(ba, bb), m, n]);
        expectClose(c.dataSync(), reference(av, bv, ba, bb, m, n, k, tA, tB), k, 'c');
        tf.dispose([a, b, c]);
        expect(tf.memory().numTensors).toBe(before);
      });

  it('fused product with a bias adds it (batched, transposed); a fused activation stays on the tfjs kernel', () => {
    const [m, n, k] = [6, 11, 7];
    const av = values(2 * k * m, 1),
      bv = values(2 * k * n, 2),
      bias = values(n, 3);
    const a = tf.tensor3d(av, [2, k, m]),
      b = tf.tensor3d(bv, [2, k, n]),
      bt = tf.tensor1d(bias);
    const want = reference(av, bv, 2, 2, m, n, k, true, false).map((v, i) => v + bias[i % n]);
    const calls = wasmGemmCalls();
    const c = tf.fused.matMul({ a, b, transposeA: true, bias: bt });
    expect(wasmGemmCalls()).toBe(calls + 1);
    expectClose(c.dataSync(), want, k + 1, 'c');
    const r = tf.fused.matMul({ a, b, transposeA: true, bias: bt, activation: 'relu' });
    expect(wasmGemmCalls()).toBe(calls + 1);
    tf.dispose([a, b, bt, c, r]);
  });

  it('the flag off keeps tfjs-wasm kernels (same values within float32 rounding)', () => {
    const a = tf.tensor3d(values(3 * 20 * 12, 4), [3, 20, 12]),
      b = tf.tensor3d(values(3 * 12 * 9, 5), [3, 12, 9]);
    const fast = tf.matMul(a, b, false, false);
    tf.env().set(WASM_GEMM_FLAG, false);
    try {
      const calls = wasmGemmCalls();
      const slow = tf.matMul(a, b, false, false);
      expect(wasmGemmCalls()).toBe(calls);
      const f = fast.dataSync(),
        s = slow.dataSync();
      for (let i = 0; i < f.length; i++) expect(Math.abs(f[i] - s[i])).toBeLessThan(1e-6);
      slow.dispose();
    } finally {
      tf.env().set(WASM_GEMM_FLAG, true);
    }
    tf.dispose([a, b, fast]);
  });

  it('head kernels (scores, context, and both gradients) = the split-heads tf.matMul path', () => {
    expect(headProductsReady()).toBe(true);
    const before = tf.memory().numTensors;
    const [n, L, heads, H] = [3, 10, 4, 24],
      d = H / heads;
    const q = tf.tensor2d(values(n * L * H, 7), [n * L, H]),
      k = tf.tensor2d(values(n * L * H, 8), [n * L, H]),
      v = tf.tensor2d(values(n * L * H, 9), [n * L, H]);
    const w = tf.tensor2d(values(n * L * H, 10), [n * L, H]);
    const split = (x: tf.Tensor2D) => tf.transpose(tf.reshape(x, [n, L, heads, d]), [0, 2, 1, 3]);
    const alpha = 1 / Math.sqrt(d);
    const viaHeads = (qq: tf.Tensor, kk: tf.Tensor, vv: tf.Tensor) => {
      const s = headScores(qq as tf.Tensor2D, kk as tf.Tensor2D, n, L, heads, alpha);
      return tf.sum(tf.mul(headContext(tf.softmax(s), vv as tf.Tensor2D, n, L, heads), w));
    };
    const viaOps = (qq: tf.Tensor, kk: tf.Tensor, vv: tf.Tensor) => {
      const s = tf.mul(tf.matMul(split(qq as tf.Tensor2D), split(kk as tf.Tensor2D), false, true), alpha);
      const ctx = tf.matMul(tf.softmax(s), split(vv as tf.Tensor2D));
      return tf.sum(tf.mul(tf.reshape(tf.transpose(ctx, [0, 2, 1, 3]), [n * L, H]), w));
    };
    const calls = wasmGemmCalls();
    const fast = tf.tidy(() => [viaHeads(q, k, v), ...tf.grads(viaHeads)([q, k, v])].map((t) => t.dataSync()));
    expect(wasmGemmCalls()).toBeGreaterThanOrEqual(calls + 2 + 4);
    tf.env().set(WASM_GEMM_FLAG, false);
    try {
      const slow = tf.tidy(() => [viaOps(q, k, v), ...tf.grads(viaOps)([q, k, v])].map((t) => t.dataSync()));
      for (let t = 0; t < 4; t++)
        for (let i = 0; i < slow[t].length; i++)
          expect(Math.abs(fast[t][i] - slow[t][i]), `output ${t} [${i}]`).toBeLessThan(2e-6 * Math.max(1, Math.abs(slow[t][i])));
    } finally {
      tf.env().set(WASM_GEMM_FLAG, true);
    }
    expect(headProductsReady()).toBe(true);
    tf.dispose([q, k, v, w]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the shared-memory build computes the same GEMM on a SharedArrayBuffer', () => {
    const [m, n, k] = [5, 10, 7];
    const run = (b64: string, memory: WebAssembly.Memory) => {
      const inst = new WebAssembly.Instance(new WebAssembly.Module(Uint8Array.from(Buffer.from(b64, 'base64'))), {
        env: { memory },
      });
      const f = new Float32Array(memory.buffer);
      f.set(values(m * k, 1), 0);
      f.set(values(k * n, 2), 256);
      const gemm = inst.exports.gemm as (...args: number[]) => void;
      gemm(m, n, k, 0, k, 1, 1024, n, 1, 2048, n, 1, 0, 4096, 0);
      return Array.from(f.subarray(512, 512 + m * n));
    };
    const shared = new WebAssembly.Memory({ initial: 8, maximum: 16, shared: true });
    const plain = run(KERNELS_WASM, new WebAssembly.Memory({ initial: 8 }));
    expect(run(KERNELS_WASM_SHARED, shared)).toEqual(plain);
    expectClose(Float32Array.from(plain), reference(values(m * k, 1), values(k * n, 2), 1, 1, m, n, k, false, false), k, 'c');
  });
});
