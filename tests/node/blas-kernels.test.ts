/**
 * The BLAS-backed matrix products against a float64 triple loop, for every layout tf.matMul accepts (transposes,
 * batches, broadcast batches, empty inner dimension), plus the fallbacks and the restore. Needs a system CBLAS:
 * `npm test` installs libopenblas0-pthread (scripts/ensure-blas.sh) and sets HBW_REQUIRE_BLAS=1, so there a
 * missing library fails the run instead of skipping it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { loadBlas } from '../../src/node/blas';
import { broadcastIndex } from '../../src/core/model/kernels/product-shape';
import { linear } from '../../src/core/model/ops';
import { blasKernelsInstalled, installBlasKernels, uninstallBlasKernels } from '../../src/node/blas-kernels';

const load = loadBlas();
const required = process.env.HBW_REQUIRE_BLAS === '1';

/** Row-major [..., r, c] values of a seeded tensor, as plain numbers. */
function values(shape: number[], seed: number): number[] {
  const n = shape.reduce((p, d) => p * d, 1);
  return Array.from({ length: n }, (_, i) => Math.sin(seed * 1000 + i * 0.618) * 2);
}

/** float64 reference of tf.matMul semantics (left-padded broadcast batches). */
function reference(
  sa: number[],
  a: number[],
  sb: number[],
  b: number[],
  tA: boolean,
  tB: boolean,
): { shape: number[]; data: number[] } {
  const ra = sa.length,
    rb = sb.length;
  const m = tA ? sa[ra - 1] : sa[ra - 2],
    k = tA ? sa[ra - 2] : sa[ra - 1],
    n = tB ? sb[rb - 2] : sb[rb - 1];
  const ba = sa.slice(0, -2),
    bb = sb.slice(0, -2);
  const r = Math.max(ba.length, bb.length);
  const pa = [...Array(r - ba.length).fill(1), ...ba],
    pb = [...Array(r - bb.length).fill(1), ...bb];
  const bo = pa.map((d, i) => Math.max(d, pb[i]));
  const batches = bo.reduce((p, d) => p * d, 1);
  const data: number[] = [];
  for (let i = 0; i < batches; i++) {
    // coordinates of batch i, then the operand batch it reads (size-1 dims broadcast)
    let rest = i;
    const coord: number[] = [];
    for (let j = r - 1; j >= 0; j--) {
      coord[j] = rest % bo[j];
      rest = Math.floor(rest / bo[j]);
    }
    const flat = (p: number[]) => coord.reduce((acc, c, j) => acc * p[j] + (p[j] === 1 ? 0 : c), 0);
    const ia = flat(pa),
      ib = flat(pb);
    for (let x = 0; x < m; x++)
      for (let y = 0; y < n; y++) {
        let s = 0;
        for (let z = 0; z < k; z++) {
          const av = a[ia * m * k + (tA ? z * m + x : x * k + z)];
          const bv = b[ib * k * n + (tB ? y * k + z : z * n + y)];
          s += av * bv;
        }
        data.push(s);
      }
  }
  return { shape: [...bo, m, n], data };
}

const CASES: Array<[number[], number[], boolean, boolean]> = [
  [[5, 7], [7, 3], false, false],
  [[7, 5], [7, 3], true, false],
  [[5, 7], [3, 7], false, true],
  [[7, 5], [3, 7], true, true],
  [[2, 3, 5, 7], [2, 3, 7, 4], false, false],
  [[2, 3, 5, 7], [2, 3, 4, 7], false, true],
  [[2, 3, 7, 5], [2, 3, 4, 7], true, true],
  [[4, 1, 6], [4, 6, 5], false, false],
  [[3, 5, 7], [7, 2], false, false],
  [[5, 7], [3, 7, 2], false, false],
  [[2, 1, 5, 7], [3, 7, 2], false, false],
  [[5, 0], [0, 3], false, false],
  [[0, 4], [4, 3], false, false],
];

describe.skipIf(!load.ok && !required)('BLAS matrix products on the wasm backend', () => {
  beforeAll(async () => {
    if (!load.ok) throw new Error(load.reason);
    expect(await tf.setBackend('wasm')).toBe(true);
    load.blas.setThreads(1);
    installBlasKernels(load.blas);
  });
  afterAll(() => uninstallBlasKernels());

  it.each(CASES)('matMul %j · %j (transposeA %s, transposeB %s)', (sa, sb, tA, tB) => {
    const a = values(sa, 1),
      b = values(sb, 2);
    const ref = reference(sa, a, sb, b, tA, tB);
    const before = tf.memory().numTensors;
    const out = tf.tidy(() => tf.matMul(tf.tensor(a, sa), tf.tensor(b, sb), tA, tB));
    expect(out.shape).toEqual(ref.shape);
    const got = out.dataSync();
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(got.length).toBe(ref.data.length);
    for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(ref.data[i], 4);
  });

  it.each(
    CASES.filter(([sa, sb]) => sa.length === sb.length && sa.length <= 3 && sa.slice(0, -2).join() === sb.slice(0, -2).join()),
  )('fused.matMul with bias %j · %j (transposeA %s, transposeB %s)', (sa, sb, tA, tB) => {
    const a = values(sa, 3),
      b = values(sb, 4);
    const ref = reference(sa, a, sb, b, tA, tB);
    const n = ref.shape[ref.shape.length - 1];
    const bias = Array.from({ length: n }, (_, i) => i - 0.5);
    const got = tf.tidy(() =>
      tf.fused
        .matMul({
          a: tf.tensor(a, sa as [number, number]),
          b: tf.tensor(b, sb as [number, number]),
          transposeA: tA,
          transposeB: tB,
          bias: tf.tensor1d(bias),
        })
        .dataSync(),
    );
    for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(ref.data[i] + bias[i % n], 4);
  });

  it('linear() runs the product kernel on its 2-D operands: the bits of tf.fused.matMul, no Reshape', async () => {
    const x = tf.tensor2d(values([70, 48], 7), [70, 48]),
      w = tf.tensor2d(values([36, 48], 8), [36, 48]),
      b = tf.tensor1d(values([36], 9));
    const viaFused = tf.tidy(() => tf.fused.matMul({ a: x, b: w, transposeB: true, bias: b }).dataSync());
    const before = tf.memory().numTensors;
    const y = linear(x, w, b);
    expect(y.shape).toEqual([70, 36]);
    expect(Array.from(y.dataSync())).toEqual(Array.from(viaFused));
    // and against float64 x·Wᵀ + b: 70 rows, so the bias fill's 16-row blocks (and a partial last one) are used
    const ref = reference([70, 48], Array.from(x.dataSync()), [36, 48], Array.from(w.dataSync()), false, true);
    const bias = b.dataSync();
    ref.data.forEach((v, i) => expect(viaFused[i]).toBeCloseTo(v + bias[i % 36], 4));
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const prof = await tf.profile(() => tf.tidy(() => linear(x, w, b)));
    expect(prof.kernels.map((k) => k.name).filter((n) => n !== 'unnamed scope')).toEqual(['_FusedMatMul']); // customGrad's scope
    // Gradients through it as before (the custom gradient is unchanged): dx = dy·W, dW = dyᵀ·x, db = Σ dy.
    const [gx, gw, gb] = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
      tf.sum(linear(xx as tf.Tensor2D, ww as tf.Tensor2D, bb as tf.Tensor1D)),
    )([x, w, b]);
    expect(Array.from(gx.dataSync())).toEqual(Array.from(tf.tidy(() => tf.matMul(tf.ones([70, 36]), w).dataSync())));
    expect(gw.shape).toEqual([36, 48]);
    expect(Array.from(gb.dataSync())).toEqual(new Array(36).fill(70));
    tf.dispose([x, w, b, gx, gw, gb]);
  });

  it('leaves what it does not handle to the original kernels (fused relu, int32)', () => {
    const a = tf.tensor2d([
        [1, -2],
        [3, 4],
      ]),
      b = tf.tensor2d([
        [1, 0],
        [0, 1],
      ]);
    expect(Array.from(tf.fused.matMul({ a, b, activation: 'relu' }).dataSync())).toEqual([1, 0, 3, 4]);
    expect(() => tf.matMul(tf.tensor2d([[1]], [1, 1], 'int32'), tf.tensor2d([[1]], [1, 1], 'int32'))).toThrow(/float32/);
  });

  it('computes gradients through matMul like the wasm kernels do', () => {
    const x = tf.tensor2d(values([6, 5], 5), [6, 5]),
      w = tf.tensor2d(values([4, 5], 6), [4, 5]);
    const f = (xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.square(tf.matMul(xx, ww, false, true)));
    const [gx, gw] = tf
      .grads(f)([x, w])
      .map((g) => Array.from(g.dataSync()));
    uninstallBlasKernels();
    const [rx, rw] = tf
      .grads(f)([x, w])
      .map((g) => Array.from(g.dataSync()));
    installBlasKernels(load.ok ? load.blas : (undefined as never));
    for (let i = 0; i < gx.length; i++) expect(gx[i]).toBeCloseTo(rx[i], 3);
    for (let i = 0; i < gw.length; i++) expect(gw[i]).toBeCloseTo(rw[i], 3);
  });

  it('uninstall restores tfjs-wasm kernels, install is idempotent', () => {
    installBlasKernels(load.ok ? load.blas : (undefined as never));
    expect(blasKernelsInstalled()).toBe(true);
    uninstallBlasKernels();
    expect(blasKernelsInstalled()).toBe(false);
    expect(Array.from(tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync())).toEqual([11]);
    installBlasKernels(load.ok ? load.blas : (undefined as never));
  });
});

describe('broadcastIndex', () => {
  it('maps output batch entries to the operand entry they read', () => {
    expect([0, 1, 2, 3, 4, 5].map(broadcastIndex([2, 3], [3]))).toEqual([0, 1, 2, 0, 1, 2]);
    expect([0, 1, 2, 3, 4, 5].map(broadcastIndex([2, 3], [2, 1]))).toEqual([0, 0, 0, 1, 1, 1]);
    expect([0, 1, 2, 3].map(broadcastIndex([2, 2], [1]))).toEqual([0, 0, 0, 0]);
    expect([0, 1, 2, 3].map(broadcastIndex([2, 2], [2, 2]))).toEqual([0, 1, 2, 3]);
  });
});

describe('loadBlas', () => {
  it('says what it tried and how to fix it when nothing loads', async () => {
    if (required) expect(load.ok, load.ok ? '' : load.reason).toBe(true);
    if (!load.ok) expect(load.reason).toMatch(/libopenblas0-pthread/);
    else expect(load.blas.config.length).toBeGreaterThan(0);
  });
});
