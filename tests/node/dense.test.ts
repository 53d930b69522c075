/**
 * The inference dense product (src/node/native/dense.c through blas-kernels.ts): against a float64 reference on
 * every tile edge (rows not a multiple of 12, columns not of 32, both weight layouts, with and without bias); only
 * without a gradient tape; and never a stale packed weight — a variable assigned a new value, and a reshape that
 * shares the data, each get their own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { linear } from '../../src/core/model/ops';
import { loadBlas } from '../../src/node/blas';
import {
  DENSE_MIN_ROWS,
  denseProductCount,
  installBlasKernels,
  setDenseKernel,
  uninstallBlasKernels,
} from '../../src/node/blas-kernels';
import { loadNativeKernels } from '../../src/node/native-kernels';

const blas = loadBlas();
const native = loadNativeKernels();
const ready = blas.ok && native.ok;

const seeded = (shape: number[], seed: number) =>
  tf.tensor(
    Array.from({ length: shape.reduce((p, d) => p * d, 1) }, (_, i) => Math.sin(seed * 977 + i * 0.618) * 2),
    shape,
  );

/** float64 a·op(b) + bias, row-major. */
async function reference(a: tf.Tensor, b: tf.Tensor, tB: boolean, bias?: tf.Tensor): Promise<Float64Array> {
  const [m, k] = a.shape,
    n = (tB ? b.shape[0] : b.shape[1])!;
  const [av, bv, cv] = [await a.data(), await b.data(), bias ? await bias.data() : undefined];
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = cv ? cv[j] : 0;
      for (let q = 0; q < k; q++) s += av[i * k + q] * bv[tB ? j * k + q : q * n + j];
      out[i * n + j] = s;
    }
  return out;
}

/** max |got − want| / (k · 2⁻²⁴ · max |want| + tiny): ≤ 1 is within k float32 roundings of the largest output. */
function scaledError(got: Float32Array, want: Float64Array, k: number): number {
  let err = 0,
    mag = 0;
  for (let i = 0; i < want.length; i++) {
    err = Math.max(err, Math.abs(got[i] - want[i]));
    mag = Math.max(mag, Math.abs(want[i]));
  }
  return err / (k * 2 ** -24 * mag + 1e-30);
}

/**
 * `product` twice — a B is packed on its second use (blas-kernels.ts) — and the second result, which must have
 * come from the dense kernel.
 */
function packedUse(product: () => tf.Tensor, what: string): tf.Tensor {
  tf.dispose(product());
  const before = denseProductCount();
  const c = product();
  expect(denseProductCount() - before, what).toBe(1);
  return c;
}

if (ready)
  describe('dense inference product (native)', () => {
    beforeAll(async () => {
      await tf.setBackend('wasm');
      if (!blas.ok || !native.ok) return;
      installBlasKernels(blas.blas);
      setDenseKernel(native.kernels.dense);
    });
    afterAll(() => uninstallBlasKernels());

    it('equals float64 within k roundings on every tile edge, both weight layouts, with and without bias', async () => {
      for (const [m, k, n] of [
        [DENSE_MIN_ROWS, 7, 5],
        [77, 33, 31],
        [130, 64, 33],
        [2048 / 16, 256, 96],
      ])
        for (const tB of [false, true])
          for (const withBias of [true, false]) {
            const a = seeded([m, k], m + k),
              b = seeded(tB ? [n, k] : [k, n], n),
              bias = withBias ? seeded([n], 3) : undefined;
            const c = packedUse(() => tf.fused.matMul({ a, b, transposeB: tB, bias }), `${m}×${k}×${n}`);
            expect(c.shape).toEqual([m, n]);
            const e = scaledError((await c.data()) as Float32Array, await reference(a, b, tB, bias), k);
            expect(e, `${m}×${k}×${n} tB ${tB} bias ${withBias}`).toBeLessThanOrEqual(1);
            tf.dispose([a, b, c, ...(bias ? [bias] : [])]);
          }
    });

    it('leaves products under a gradient tape, and small ones, to sgemm', async () => {
      const a = seeded([DENSE_MIN_ROWS, 16], 1),
        w = tf.variable(seeded([16, 8], 2));
      const before = denseProductCount();
      const { grads } = tf.variableGrads(() => tf.sum(tf.matMul(a, w)) as tf.Scalar, [w]);
      tf.dispose(tf.matMul(a.slice([0, 0], [DENSE_MIN_ROWS - 1, 16]), w));
      expect(denseProductCount() - before).toBe(0);
      tf.dispose([a, w, ...Object.values(grads)]);
    });

    it('packs a B only when it is used a second time: a one-shot operand stays in sgemm', () => {
      const a = seeded([DENSE_MIN_ROWS, 16], 1),
        b = seeded([16, 8], 2);
      const before = denseProductCount();
      const once = tf.matMul(a, b);
      expect(denseProductCount() - before).toBe(0);
      const again = tf.matMul(a, b);
      expect(denseProductCount() - before).toBe(1);
      tf.dispose([a, b, once, again]);
    });

    it('keeps the backward products of a training step in sgemm (their B are copies saved per forward)', () => {
      // Three forwards through one layer per step, as the trainer encodes queries, positives and negatives:
      // linear's gradient (core/model/ops.ts) multiplies by the copy of W its forward saved, one per forward.
      const x = [1, 2, 3].map((s) => seeded([DENSE_MIN_ROWS, 16], s) as tf.Tensor2D),
        w = tf.variable(seeded([8, 16], 4)) as tf.Variable<tf.Rank.R2>,
        bias = tf.variable(seeded([8], 5)) as tf.Variable<tf.Rank.R1>;
      const loss = () => tf.addN(x.map((xi) => tf.sum(tf.square(linear(xi, w, bias))))) as tf.Scalar;
      const before = denseProductCount();
      tf.dispose(tf.variableGrads(loss, [w, bias]).grads);
      expect(denseProductCount() - before).toBe(0);
      tf.dispose([...x, w, bias]);
    });

    it('never reads a stale packed weight: an assigned variable and a reshape of the same data get their own', async () => {
      const a = seeded([96, 24], 5),
        w = tf.variable(seeded([24, 40], 6));
      const first = packedUse(() => tf.matMul(a, w), 'first value');
      w.assign(seeded([24, 40], 7)); // Variable.assign adopts the new value's data
      const second = packedUse(() => tf.matMul(a, w), 'assigned value');
      expect(scaledError((await second.data()) as Float32Array, await reference(a, w, false), 24)).toBeLessThanOrEqual(1);
      expect(Math.abs((await first.data())[0] - (await second.data())[0])).toBeGreaterThan(1e-3);
      // The same data as [40, 24] read transposed, and as [48, 20]: new layouts, new packs.
      const asT = tf.reshape(w, [40, 24]);
      const a2 = seeded([96, 40], 8);
      const third = packedUse(() => tf.matMul(a2, asT, false, false), 'reshaped');
      expect(scaledError((await third.data()) as Float32Array, await reference(a2, asT, false), 40)).toBeLessThanOrEqual(1);
      const fourth = packedUse(() => tf.matMul(a, asT, false, true), 'reshaped, transposed');
      expect(scaledError((await fourth.data()) as Float32Array, await reference(a, asT, true), 24)).toBeLessThanOrEqual(1);
      tf.dispose([a, w, first, second, asT, a2, third, fourth]);
    });
  });
else
  it.skip(`dense inference product (needs BLAS and the native kernels: ${blas.ok ? '' : blas.reason} ${native.ok ? '' : native.reason})`, () => {});
