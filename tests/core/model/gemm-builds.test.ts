/**
 * kernels.wat `gemm` called directly, in both builds — SIMD128 and relaxed SIMD (fused multiply-adds, which Node 20
 * runs only behind --experimental-wasm-relaxed-simd, set here for this file's process) — against a float64
 * reference: tile edges (m, n, k not multiples of 5, 8, 256; k = 1), transposed and strided operands (row strides
 * wider than the operand, as the head products read them), α, accumulation into C, and the bias row. Then the wasm backend picks
 * the relaxed build when the engine has it, tf.matMul through it matches the reference, and plain 2-D products
 * of ≥ 64 rows and columns are routed to it.
 */
import { setFlagsFromString } from 'node:v8';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { KERNELS_WASM, KERNELS_WASM_RELAXED } from '../../../src/core/model/kernels/kernels-wasm';
import { wasmGemmCalls } from '../../../src/core/model/kernels/wasm-gemm';
import { kernelsFor } from '../../../src/core/model/kernels/wasm-kernels';
import { TRANSPOSE_PAIRS } from '../../helpers/transposes';

setFlagsFromString('--experimental-wasm-relaxed-simd');

function values(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
}

type Gemm = (...args: number[]) => void;
function instantiate(b64: string): { gemm: Gemm; f: Float32Array } {
  const memory = new WebAssembly.Memory({ initial: 320 });
  const inst = new WebAssembly.Instance(new WebAssembly.Module(Uint8Array.from(Buffer.from(b64, 'base64'))), {
    env: { memory },
  });
  return { gemm: inst.exports.gemm as Gemm, f: new Float32Array(memory.buffer) };
}

/** Float offsets in the test memory: A, B, C regions and the 16-byte-aligned scratch. */
const A = 0,
  B = 1 << 20,
  C = 2 << 20,
  WS = 3 << 20,
  BIAS = 4 << 20;
const PAD = 3; // extra elements per operand row: strided reads

interface Case {
  m: number;
  n: number;
  k: number;
  tA: boolean;
  tB: boolean;
  alpha: number;
  acc: boolean;
  bias?: boolean;
}

/** Runs one case; returns the largest |C − reference| and checks nothing outside C was written. */
function run({ gemm, f }: { gemm: Gemm; f: Float32Array }, c: Case): number {
  const { m, n, k, tA, tB, alpha, acc, bias } = c;
  // op(A) [m, k] stored as [m, k + PAD] (or [k, m + PAD] transposed); op(B) likewise; C [m, n + PAD].
  const [ars, acs] = tA ? [1, m + PAD] : [k + PAD, 1];
  const [brs, bcs] = tB ? [1, k + PAD] : [n + PAD, 1];
  const ldc = n + PAD;
  f.set(values((tA ? k : m) * (tA ? m + PAD : k + PAD), m + 7 * k), A);
  f.set(values((tB ? n : k) * (tB ? k + PAD : n + PAD), n + 11 * k), B);
  const c0 = values(m * ldc + 8, m * n + k);
  f.set(c0, C);
  const bv = values(n, 5 * n + 1);
  f.set(bv, BIAS);
  gemm(m, n, k, A * 4, ars, acs, B * 4, brs, bcs, C * 4, ldc, alpha, acc ? 1 : 0, WS * 4, bias ? BIAS * 4 : 0);
  let err = 0;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < ldc; j++) {
      const got = f[C + i * ldc + j];
      if (j >= n) {
        expect(got, `C padding [${i}, ${j}] untouched`).toBe(c0[i * ldc + j]);
        continue;
      }
      let s = 0;
      for (let p = 0; p < k; p++) s += f[A + i * ars + p * acs] * f[B + p * brs + j * bcs];
      // + C when accumulating, else + the bias row when there is one
      err = Math.max(err, Math.abs(got - (alpha * s + (acc ? c0[i * ldc + j] : bias ? bv[j] : 0))));
    }
  for (let j = m * ldc; j < m * ldc + 8; j++) expect(f[C + j], 'past C untouched').toBe(c0[j]);
  return err;
}

const CASES: Case[] = [];
for (const [m, n, k] of [
  [1, 1, 1],
  [3, 5, 1],
  [4, 8, 1],
  [5, 9, 2],
  [7, 17, 3],
  [8, 16, 4],
  [9, 23, 13],
  [13, 8, 257],
  [33, 65, 300],
  [6, 300, 520],
])
  for (const [tA, tB] of TRANSPOSE_PAIRS) CASES.push({ m, n, k, tA, tB, alpha: 1, acc: false });
CASES.push({ m: 11, n: 19, k: 300, tA: false, tB: true, alpha: 0.125, acc: false });
CASES.push({ m: 11, n: 19, k: 300, tA: true, tB: false, alpha: 1, acc: true });
CASES.push({ m: 12, n: 24, k: 7, tA: false, tB: false, alpha: -2, acc: true });
// the bias row, added once (first k block only: k > 256), on whole and edge tiles; ignored when accumulating
CASES.push({ m: 13, n: 21, k: 300, tA: false, tB: false, alpha: 1, acc: false, bias: true });
CASES.push({ m: 10, n: 16, k: 1, tA: false, tB: true, alpha: 0.5, acc: false, bias: true });
CASES.push({ m: 7, n: 9, k: 520, tA: true, tB: false, alpha: 1, acc: true, bias: true });

describe('gemm builds: SIMD128 and relaxed SIMD', () => {
  it('the engine runs relaxed SIMD once the flag is set (Node 20; Chromium ≥ 114 by default)', () => {
    expect(WebAssembly.validate(Uint8Array.from(Buffer.from(KERNELS_WASM_RELAXED, 'base64')))).toBe(true);
  });

  for (const [name, b64] of [
    ['SIMD128', KERNELS_WASM],
    ['relaxed SIMD', KERNELS_WASM_RELAXED],
  ] as const)
    it(`${name}: edge tiles, k = 1, transposed and strided operands, α and accumulation = float64 reference`, () => {
      const mod = instantiate(b64);
      for (const c of CASES) {
        // float32 sums of k products of |x| ≤ 0.25, as gemm.test.ts; |α| and the accumulated C scale it
        const tol = (1e-6 + 1e-7 * c.k) * Math.max(1, Math.abs(c.alpha)) + (c.acc ? 1e-7 : 0) + (c.bias ? 1e-7 : 0);
        expect(run(mod, c), JSON.stringify(c)).toBeLessThanOrEqual(tol);
      }
    });

  it('the wasm backend takes the relaxed build, and tf.matMul through it matches the reference', async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    expect(kernelsFor(tf.backend())?.relaxed).toBe(true);
    const [m, n, k] = [37, 29, 300];
    const av = values(2 * m * k, 1),
      bv = values(2 * k * n, 2);
    const a = tf.tensor3d(av, [2, m, k]),
      b = tf.tensor3d(bv, [2, n, k]);
    const calls = wasmGemmCalls();
    const c = tf.matMul(a, b, false, true);
    expect(wasmGemmCalls()).toBe(calls + 1);
    const got = c.dataSync();
    for (let t = 0; t < 2; t++)
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p < k; p++) s += av[(t * m + i) * k + p] * bv[(t * n + j) * k + p];
          expect(Math.abs(got[(t * m + i) * n + j] - s)).toBeLessThanOrEqual(1e-6 + 1e-7 * k);
        }
    tf.dispose([a, b, c]);
  });

  it('with the relaxed build, plain 2-D products of ≥ 64 rows and columns run here (bias too); 1-row ones stay', () => {
    const [m, n, k] = [70, 66, 300];
    const av = values(m * k, 3),
      bv = values(k * n, 4),
      bias = values(n, 5);
    const a = tf.tensor2d(av, [m, k]),
      b = tf.tensor2d(bv, [k, n]),
      bt = tf.tensor1d(bias);
    const calls = wasmGemmCalls();
    const c = tf.fused.matMul({ a, b, bias: bt });
    expect(wasmGemmCalls()).toBe(calls + 1);
    const got = c.dataSync();
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = bias[j];
        for (let p = 0; p < k; p++) s += av[i * k + p] * bv[p * n + j];
        expect(Math.abs(got[i * n + j] - s)).toBeLessThanOrEqual(1e-6 + 1e-7 * (k + 1));
      }
    const row = tf.matMul(tf.slice(a, [0, 0], [1, k]), b);
    expect(wasmGemmCalls()).toBe(calls + 1); // XNNPACK: packing B would cost more than one row
    tf.dispose([a, b, bt, c, row]);
  });
});
