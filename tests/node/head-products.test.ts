/**
 * Attention's per-head products on the [n·L, H] layout (core/model/head-products.ts, BLAS kernels in
 * src/node/blas-kernels.ts) against the transpose + tf.matMul path they replace: scores, masked softmax, context,
 * and the gradients of q, k, v — values to float32 rounding. Needs a system CBLAS (see blas-kernels.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { HEAD_PRODUCTS_FLAG, headContext, headProductsReady, headScores } from '../../src/core/model/head-products';
import { WASM_GEMM_FLAG } from '../../src/core/model/kernels/wasm-gemm';
import { loadBlas } from '../../src/node/blas';
import { installBlasKernels, setHeadLoops, uninstallBlasKernels } from '../../src/node/blas-kernels';
import { type HeadLoops, loadNativeKernels } from '../../src/node/native-kernels';

const load = loadBlas();
const native = loadNativeKernels();
const required = process.env.HBW_REQUIRE_BLAS === '1';

const seeded = (shape: [number, number], seed: number) =>
  tf.tensor2d(
    Array.from({ length: shape[0] * shape[1] }, (_, i) => Math.sin(seed * 1000 + i * 0.618) * 2),
    shape,
  );

/** The reference: split heads by transpose, tf.matMul, merge by transpose (bert-layers' other path). */
function viaTranspose(
  q: tf.Tensor2D,
  k: tf.Tensor2D,
  v: tf.Tensor2D,
  bias: tf.Tensor4D | null,
  n: number,
  L: number,
  h: number,
): tf.Tensor2D {
  const H = q.shape[1],
    d = H / h;
  const split = (x: tf.Tensor2D) => tf.transpose(tf.reshape(x, [n, L, h, d]), [0, 2, 1, 3]);
  let s = tf.matMul(split(q), split(k), false, true).mul(1 / Math.sqrt(d));
  if (bias) s = tf.add(s, bias);
  return tf.reshape(tf.transpose(tf.matMul(tf.softmax(s), split(v)), [0, 2, 1, 3]), [n * L, H]);
}

function viaHeads(
  q: tf.Tensor2D,
  k: tf.Tensor2D,
  v: tf.Tensor2D,
  bias: tf.Tensor4D | null,
  n: number,
  L: number,
  h: number,
): tf.Tensor2D {
  let s: tf.Tensor4D = headScores(q, k, n, L, h, 1 / Math.sqrt(q.shape[1] / h));
  if (bias) s = tf.add(s, bias);
  return headContext(tf.softmax(s), v, n, L, h);
}

describe.skipIf(!load.ok && !required)('attention products per head on the [n·L, H] layout (BLAS)', () => {
  beforeAll(async () => {
    if (!load.ok) throw new Error(load.reason);
    expect(await tf.setBackend('wasm')).toBe(true);
    load.blas.setThreads(1);
    installBlasKernels(load.blas);
  });
  afterAll(() => {
    tf.env().set(HEAD_PRODUCTS_FLAG, true);
    uninstallBlasKernels();
  });

  it('is registered with the BLAS kernels; without them the wasm SIMD GEMM ones come back (off with its flag)', () => {
    expect(headProductsReady()).toBe(true);
    tf.env().set(HEAD_PRODUCTS_FLAG, false);
    expect(headProductsReady()).toBe(false);
    tf.env().set(HEAD_PRODUCTS_FLAG, true);
    tf.env().set(WASM_GEMM_FLAG, false);
    expect(headProductsReady()).toBe(true); // BLAS's kernels take no gate
    uninstallBlasKernels();
    expect(headProductsReady()).toBe(false);
    tf.env().set(WASM_GEMM_FLAG, true);
    expect(headProductsReady()).toBe(true);
    installBlasKernels(load.ok ? load.blas : (undefined as never));
  });

  // [n, L, heads, d]: d = 4 (1/√d exact), d = 3 (inexact), one head, one sequence, masked and not.
  const cases = [
    [3, 5, 2, 4, true],
    [2, 6, 3, 3, false],
    [1, 7, 1, 8, true],
    [4, 4, 4, 2, false],
  ] as const;
  it.each(cases)('n=%i L=%i heads=%i d=%i (mask %s): value and q, k, v gradients', (n, L, h, d, masked) => {
    const H = h * d;
    const q = seeded([n * L, H], 1),
      k = seeded([n * L, H], 2),
      v = seeded([n * L, H], 3),
      w = seeded([n * L, H], 4);
    const mask = Float32Array.from({ length: n * L }, (_, i) => (masked && i % L === L - 1 && i % 3 !== 0 ? -1e9 : 0));
    const bias = masked ? tf.tensor4d(mask, [n, 1, 1, L]) : null;
    const before = tf.memory().numTensors;
    const run = (f: typeof viaHeads) =>
      tf.tidy(() => {
        const loss = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
          tf.sum(tf.mul(f(a as tf.Tensor2D, b as tf.Tensor2D, c as tf.Tensor2D, bias, n, L, h), w));
        const { value, grads } = tf.valueAndGrads(loss)([q, k, v]);
        return [f(q, k, v, bias, n, L, h), value, ...grads].map((t) => Array.from(t.dataSync()));
      });
    const got = run(viaHeads),
      want = run(viaTranspose);
    expect(tf.memory().numTensors).toBe(before);
    for (let j = 0; j < want.length; j++) {
      expect(got[j].length).toBe(want[j].length);
      const scale = Math.max(1, ...want[j].map(Math.abs));
      for (let i = 0; i < want[j].length; i++) expect(Math.abs(got[j][i] - want[j][i])).toBeLessThanOrEqual(2e-6 * scale);
    }
    tf.dispose([q, k, v, w, ...(bias ? [bias] : [])]);
  });

  // The loops over sequences and heads in C (native-kernels.ts) make the same sgemm calls: the same bits.
  it.skipIf(!native.ok).each(cases)(
    'n=%i L=%i heads=%i d=%i (mask %s): native per-head loops, bit for bit the JS ones',
    (n, L, h, d, masked) => {
      if (!load.ok || !native.ok) throw new Error('unreachable');
      const loops = native.kernels.headLoops(load.blas.library);
      expect(loops).toBeDefined();
      let calls = 0;
      const counted: HeadLoops = {
        scores: (...a) => {
          calls++;
          loops!.scores(...a);
        },
        context: (...a) => {
          calls++;
          loops!.context(...a);
        },
      };
      const H = h * d;
      const q = seeded([n * L, H], 5),
        k = seeded([n * L, H], 6),
        v = seeded([n * L, H], 7),
        w = seeded([n * L, H], 8);
      const bias = masked
        ? tf.tensor4d(
            Float32Array.from({ length: n * L }, (_, i) => (i % L === 0 ? -1e9 : 0)),
            [n, 1, 1, L],
          )
        : null;
      const run = () =>
        tf.tidy(() => {
          const loss = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
            tf.sum(tf.mul(viaHeads(a as tf.Tensor2D, b as tf.Tensor2D, c as tf.Tensor2D, bias, n, L, h), w));
          const { value, grads } = tf.valueAndGrads(loss)([q, k, v]);
          return [value, ...grads].map((t) => Array.from(t.dataSync()));
        });
      setHeadLoops(undefined);
      const js = run();
      setHeadLoops(counted);
      try {
        expect(run()).toEqual(js);
        expect(calls).toBeGreaterThanOrEqual(5); // scores, context, and the three products of their gradients
      } finally {
        setHeadLoops(undefined);
      }
      tf.dispose([q, k, v, w, ...(bias ? [bias] : [])]);
    },
  );
});
