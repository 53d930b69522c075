/**
 * Our WASM SIMD kernels (src/core/model/kernels): the committed binary is what kernels.wat compiles to, GELU and
 * its derivative against a float64 reference (every length mod 4, tails, extremes), the no-grad GELU (no exp)
 * to 1.5e-7 in Φ over a dense range and the tails, and an encoder's hidden states with it against the previous
 * kernel, the shared-memory build on a SharedArrayBuffer, GELU through `activation` — value and gradient —
 * against the composite tf ops, and LayerNorm with the residual Add in the kernel against Add then LayerNorm.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { kernelsSource } from '../../../scripts/build-wasm-kernels';
import { KERNELS_WASM, KERNELS_WASM_SHARED } from '../../../src/core/model/kernels/kernels-wasm';
import {
  geluKernelOp,
  kernelsFor,
  WASM_KERNELS_FLAG,
  wasmKernelCalls,
  wasmKernelsReady,
} from '../../../src/core/model/kernels/wasm-kernels';
import { newTinyBert } from '../../../src/core/model/checkpoint';
import { synthVocabFiles } from '../../../bench/lib/fixture';
import { activation, addLayerNorm, layerNorm } from '../../../src/core/model/ops';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** erf in float64: Maclaurin series below 3, Laplace continued fraction above (both ≪ 1e-12 off there). */
function erf(z: number): number {
  const a = Math.abs(z);
  let r: number;
  if (a < 3) {
    let s = 0,
      t = a;
    for (let n = 0; n < 200; n++) {
      s += t / (2 * n + 1);
      t *= (-a * a) / (n + 1);
      if (Math.abs(t) < 1e-18) break;
    }
    r = (2 / Math.sqrt(Math.PI)) * s;
  } else {
    let f = 0;
    for (let k = 80; k >= 1; k--) f = k / 2 / (a + f);
    r = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / (a + f);
  }
  return z < 0 ? -r : r;
}
const cdf = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));
const gelu = (x: number) => x * cdf(x);
const dgelu = (x: number) => cdf(x) + (x * Math.exp((-x * x) / 2)) / Math.sqrt(2 * Math.PI);

/** The no-grad GELU's bound: |Φ_approx − Φ| ≤ 1.5e-7, times |x|, plus the rounding of y = x·Φ to float32. */
const yBound = (x: number) => 1.5e-7 * Math.abs(x) + Math.abs(gelu(x)) * 2 ** -24;

function values(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return (s / 2 ** 32 - 0.5) * 16;
  });
}

describe('wasm SIMD kernels', () => {
  it('kernels-wasm.ts is the current compile of kernels.wat (run scripts/build-wasm-kernels.ts after editing)', async () => {
    const committed = readFileSync(join(__dirname, '../../../src/core/model/kernels/kernels-wasm.ts'), 'utf8');
    expect(committed).toBe(await kernelsSource());
  });

  it('GELU and its derivative match float64 within 5e-7 for every length mod 4 and at the extremes', async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    expect(wasmKernelsReady()).toBe(true);
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 1001, 4099]) {
      const xs = values(n, n);
      if (n > 8) xs.set([0, -0, 1e-30, -1e-30, 40, -40, 9, -9, 5.5, -5.5]);
      const before = tf.memory().numTensors;
      const x = tf.tensor1d(xs);
      const { y, d } = geluKernelOp(x, true);
      const ys = y.dataSync(),
        ds = d!.dataSync();
      for (let i = 0; i < n; i++) {
        expect(Math.abs(ys[i] - gelu(xs[i])), `y at ${xs[i]}`).toBeLessThan(5e-7 * Math.max(1, Math.abs(xs[i])));
        expect(Math.abs(ds[i] - dgelu(xs[i])), `d at ${xs[i]}`).toBeLessThan(5e-7);
      }
      // Without the derivative another loop runs (no exp): its own bound, below and in the next test.
      const yOnly = geluKernelOp(x, false);
      expect(yOnly.d).toBeUndefined();
      const y0 = yOnly.y.dataSync();
      for (let i = 0; i < n; i++)
        expect(Math.abs(y0[i] - gelu(xs[i])), `no-grad y at ${xs[i]}`).toBeLessThanOrEqual(yBound(xs[i]));
      tf.dispose([x, y, d!, yOnly.y]);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('no-grad GELU (exp-free loop): |Φ_approx − Φ| ≤ 1.5e-7 over [−10, 10] densely, y = x and −0 in the tails', async () => {
    await tf.setBackend('wasm');
    // Every 2^-13 over [−10, 10], plus 2^18 consecutive float32s around 0.59 and −0.59 (the fit's worst region:
    // scripts/fit-erf.py replays this loop over every float32 in [0.25, 10) at ≤ 1.1e-7).
    const grid = Array.from({ length: 20 * 8192 + 1 }, (_, i) => -10 + i / 8192);
    const bits = new Uint32Array(1 << 18);
    const start = new Uint32Array(Float32Array.of(0.59).buffer)[0] - (1 << 17);
    for (let i = 0; i < bits.length; i++) bits[i] = start + i;
    const near = new Float32Array(bits.buffer);
    const xs = Float32Array.from([...grid, ...near, ...near.map((v) => -v)]);
    const x = tf.tensor1d(xs);
    const y = geluKernelOp(x, false).y;
    const ys = y.dataSync();
    let worst = 0;
    for (let i = 0; i < xs.length; i++) {
      const err = Math.abs(ys[i] - gelu(xs[i]));
      if (err > yBound(xs[i])) expect.fail(`y at ${xs[i]}: ${ys[i]} vs ${gelu(xs[i])}`);
      if (xs[i] !== 0) worst = Math.max(worst, (err - Math.abs(gelu(xs[i])) * 2 ** -24) / Math.abs(xs[i]));
    }
    expect(worst).toBeLessThanOrEqual(1.5e-7);
    const big = [10, 30, 1e3, 1e10, 3e38, 3.4028234663852886e38];
    const tails = tf.tensor1d([...big, ...big.map((v) => -v), 0, -0, 1e-45, -1e-45, 1e-38, -1e-38, 7, -7]);
    const yt = geluKernelOp(tails, false).y;
    const t = Array.from(yt.dataSync());
    expect(t.slice(0, 6)).toEqual(Array.from(Float32Array.from(big))); // y = x
    for (const v of t.slice(7, 12)) expect(Object.is(v, -0)).toBe(true); // Φ = 0 exactly below ~−14
    expect(Math.abs(t[6])).toBeLessThan(1e-20);
    expect(Object.is(t[12], 0) && Object.is(t[13], -0)).toBe(true);
    expect(t.every(Number.isFinite)).toBe(true);
    tf.dispose([x, y, tails, yt]);
  });

  it('embeddings with the no-grad GELU stay within 1e-6 of the previous kernel (A&S erfc + exp), hidden states 2e-6', async () => {
    await tf.setBackend('wasm');
    const enc = newTinyBert({ vocab: synthVocabFiles(400), hidden: 64, layers: 2, heads: 4, intermediate: 256, seed: 5 });
    // Init std 0.02 keeps FFN pre-activations near 0, where GELU is almost linear: ×25 spreads them over ±10.
    for (const [name, v] of Object.entries(enc.allVariables()))
      if (name.endsWith('intermediate.dense.weight')) v.assign(tf.tidy(() => tf.mul(v, 25)));
    let s = 11;
    const texts = Array.from({ length: 8 }, (_, i) =>
      Array.from({ length: 6 + 3 * i }, () => `w${(s = (s * 1103515245 + 12345) >>> 0) % 390}`).join(' '),
    );
    const batch = enc.tokenizer.encodeBatch(texts, 32);
    const backend = tf.backend() as unknown as { wasm: { _malloc(n: number): number; _free(p: number): void } };
    const k = kernelsFor(backend)!;
    // last_hidden_state [8, 32, 64] and the embeddings (masked mean, L2-normalised) [8, 64]
    const run = () => {
      const [h, e] = tf.tidy(() => {
        const hidden = enc.forward(batch);
        return [hidden, enc.pool(hidden, batch.attentionMask)];
      });
      const out = { hidden: h.dataSync() as Float32Array, emb: e.dataSync() as Float32Array };
      tf.dispose([h, e]);
      return out;
    };
    const callsBefore = wasmKernelCalls();
    const now = run();
    expect(wasmKernelCalls()).toBeGreaterThan(callsBefore);
    // The previous no-grad output: the derivative loop's y (bit for bit what d = 0 gave before), into scratch d.
    const gelu0 = k.gelu;
    k.gelu = (x, y, d, n) => {
      const scratch = d ? 0 : backend.wasm._malloc(4 * n);
      gelu0(x, y, d || scratch, n);
      if (scratch) backend.wasm._free(scratch);
    };
    let before: ReturnType<typeof run>;
    try {
      before = run();
    } finally {
      k.gelu = gelu0;
    }
    let embDiff = 0,
      hiddenDiff = 0;
    for (let i = 0; i < now.emb.length; i++) embDiff = Math.max(embDiff, Math.abs(now.emb[i] - before.emb[i]));
    // Hidden states (post-LN, |h| up to ≈ 4) carry the two GELUs' difference (each ≤ 1.5e-7·|x| off, |x| up to
    // ~10 here) through the FFN and LayerNorm: measured 8.3e-7 of max(1, |h|), bounded at 2e-6.
    for (let i = 0; i < now.hidden.length; i++)
      hiddenDiff = Math.max(hiddenDiff, Math.abs(now.hidden[i] - before.hidden[i]) / Math.max(1, Math.abs(before.hidden[i])));
    expect(embDiff).toBeLessThanOrEqual(1e-6);
    expect(hiddenDiff).toBeLessThanOrEqual(2e-6);
    expect(hiddenDiff).toBeGreaterThan(0); // the two paths did differ: the comparison is not vacuous
    enc.dispose();
  });

  it('the shared-memory build (threaded tfjs) computes the same on a SharedArrayBuffer', () => {
    const run = (b64: string, memory: WebAssembly.Memory) => {
      const bytes = Uint8Array.from(Buffer.from(b64, 'base64'));
      const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
      const f = new Float32Array(memory.buffer, 0, 24);
      f.set(values(8, 3));
      (inst.exports.gelu as (x: number, y: number, d: number, n: number) => void)(0, 32, 64, 8);
      return Array.from(f.subarray(8, 24));
    };
    const shared = new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true });
    expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(run(KERNELS_WASM_SHARED, shared)).toEqual(run(KERNELS_WASM, new WebAssembly.Memory({ initial: 1 })));
  });

  it('activation("gelu") through the kernel = the composite ops, value and gradient', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor2d(values(6 * 37, 9), [6, 37]);
    const f = (t: tf.Tensor) => tf.sum(tf.mul(activation(t as tf.Tensor2D, 'gelu'), tf.range(0, 37).toFloat()));
    const callsBefore = wasmKernelCalls();
    const fast = { v: activation(x, 'gelu').dataSync(), g: tf.grad(f)(x).dataSync() };
    expect(wasmKernelCalls()).toBeGreaterThan(callsBefore);
    tf.env().set(WASM_KERNELS_FLAG, false);
    try {
      expect(wasmKernelsReady()).toBe(false);
      const slow = { v: activation(x, 'gelu').dataSync(), g: tf.grad(f)(x).dataSync() };
      for (let i = 0; i < fast.v.length; i++)
        expect(Math.abs(fast.v[i] - slow.v[i])).toBeLessThan(2e-6 * Math.max(1, Math.abs(slow.v[i])));
      for (let i = 0; i < fast.g.length; i++)
        expect(Math.abs(fast.g[i] - slow.g[i])).toBeLessThan(2e-5 * Math.max(1, Math.abs(slow.g[i])));
    } finally {
      tf.env().set(WASM_KERNELS_FLAG, true);
    }
  });

  it.each([
    [7, 256],
    [5, 8],
    [3, 6],
  ])('layerNorm through the kernel = the composite ops for [%i × %i]: value and all three gradients', async (rows, h) => {
    await tf.setBackend('wasm');
    const x = tf.tensor2d(values(rows * h, rows + h), [rows, h]);
    const g = tf.tensor1d(values(h, 2).map((v) => 1 + v / 16)),
      b = tf.tensor1d(values(h, 3).map((v) => v / 16));
    const w = tf.tensor2d(values(rows * h, 4), [rows, h]); // a non-uniform upstream gradient
    const loss = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) =>
      tf.sum(tf.mul(layerNorm(xx as tf.Tensor2D, gg as tf.Tensor1D, bb as tf.Tensor1D, 1e-12), w));
    const run = () => ({
      v: layerNorm(x, g, b, 1e-12).dataSync(),
      g: tf
        .grads(loss)([x, g, b])
        .map((t) => t.dataSync()),
    });
    const callsBefore = wasmKernelCalls();
    const fast = run();
    expect(wasmKernelCalls() > callsBefore).toBe(h % 4 === 0); // width 6 keeps the composite ops
    tf.env().set(WASM_KERNELS_FLAG, false);
    try {
      const slow = run();
      for (let i = 0; i < fast.v.length; i++) expect(Math.abs(fast.v[i] - slow.v[i])).toBeLessThan(2e-6);
      for (let k = 0; k < 3; k++) {
        const scale = Math.max(...Array.from(slow.g[k], Math.abs));
        for (let i = 0; i < slow.g[k].length; i++)
          expect(Math.abs(fast.g[k][i] - slow.g[k][i]), `grad ${k}[${i}]`).toBeLessThan(1e-5 * Math.max(1, scale));
      }
    } finally {
      tf.env().set(WASM_KERNELS_FLAG, true);
    }
  });

  it.each([
    [7, 256],
    [5, 8],
    [3, 6],
  ])('addLayerNorm for [%i × %i]: Add + LayerNorm in one kernel outside a tape, bit for bit the two ops', async (rows, h) => {
    await tf.setBackend('wasm');
    const x = tf.tensor2d(values(rows * h, rows * h), [rows, h]),
      r = tf.tensor2d(values(rows * h, 5), [rows, h]);
    const g = tf.tensor1d(values(h, 2).map((v) => 1 + v / 16)),
      b = tf.tensor1d(values(h, 3).map((v) => v / 16));
    const before = tf.memory().numTensors;
    const callsBefore = wasmKernelCalls();
    const fused = addLayerNorm(x, r, g, b, 1e-12);
    expect(wasmKernelCalls() - callsBefore).toBe(h % 4 === 0 ? 1 : 0); // width 6: Add + the composite ops
    const twoOps = tf.tidy(() => layerNorm(tf.add(x, r) as tf.Tensor2D, g, b, 1e-12));
    expect(Array.from(fused.dataSync())).toEqual(Array.from(twoOps.dataSync()));
    // Under a tape the two ops run (their gradients), same value.
    const grads = tf.grads((xx: tf.Tensor, rr: tf.Tensor) =>
      tf.sum(addLayerNorm(xx as tf.Tensor2D, rr as tf.Tensor2D, g, b, 1e-12)),
    )([x, r]);
    expect(Array.from(grads[0].dataSync())).toEqual(Array.from(grads[1].dataSync()));
    tf.dispose([fused, twoOps, ...grads]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, r, g, b]);
  });
});
