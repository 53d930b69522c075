/**
 * The AVX-512 kernels (src/node/native/kernels.c) against the kernels they replace: GELU bit for bit with
 * kernels.wat, Softmax and LayerNorm against float64 and tfjs-wasm's own, GatherNd's row copies, the gradient paths
 * left alone, and the restore. Where the CPU has AVX-512 and a C compiler exists, the library must build and load.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { HEAD_ATTENTION_FLAG, headAttention, headAttentionReady, headProductsReady } from '../../src/core/model/head-products';
import { geluKernelOp, layerNormKernelOp, wasmKernelsReady } from '../../src/core/model/kernels/wasm-kernels';
import { ADAMW_KERNEL_FLAG, AdamW } from '../../src/core/train/adamw';
import { loadBlas } from '../../src/node/blas';
import { installBlasKernels, uninstallBlasKernels } from '../../src/node/blas-kernels';
import {
  installNativeKernels,
  loadNativeKernels,
  nativeKernelCalls,
  nativeKernelsInstalled,
  nativeModeFromEnv,
  uninstallNativeKernels,
} from '../../src/node/native-kernels';

const load = loadNativeKernels();

function canBuild(): boolean {
  try {
    const flags = /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1].split(/\s+/) ?? [];
    if (!flags.includes('avx512f') || !flags.includes('avx512dq') || process.arch !== 'x64') return false;
    execFileSync(process.env.CC || 'cc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

it('builds and loads wherever the CPU has AVX-512 and a C compiler exists', () => {
  if (canBuild()) expect(load.ok ? 'loaded' : load.reason).toBe('loaded');
  else expect(load.ok).toBe(false); // and the reason says why
  if (!load.ok) expect(load.reason.length).toBeGreaterThan(10);
});

it('reads HBW_NATIVE and refuses other values', () => {
  expect(nativeModeFromEnv({})).toBe('auto');
  expect(nativeModeFromEnv({ HBW_NATIVE: 'OFF' })).toBe('off');
  expect(() => nativeModeFromEnv({ HBW_NATIVE: 'yes' })).toThrow(/HBW_NATIVE=yes is not one of auto, on, off/);
});

/** Seeded values, some of them special. */
function values(n: number, scale: number, seed: number): Float32Array {
  const out = Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 977 + i * 0.6180339) * scale);
  return out;
}

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe.skipIf(!load.ok)('native kernels on the wasm backend', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    expect(wasmKernelsReady()).toBe(true);
  });
  afterAll(() => uninstallNativeKernels());

  const withNative = <T>(f: () => T): T => {
    if (!load.ok) throw new Error('unreachable');
    installNativeKernels(load.kernels);
    try {
      return f();
    } finally {
      uninstallNativeKernels();
    }
  };

  it('GELU gives kernels.wat’s bits, tails and specials included', () => {
    const specials = [0, -0, 1e-30, -1e-30, 3, -3, 10, -10, 40, -40, 1e30, -1e30, Infinity, -Infinity];
    for (const n of [1, 3, 4, 15, 16, 17, 63, 64, 65, 1000, 4099]) {
      const x = values(n, 9, n);
      x.set(specials.slice(0, Math.min(n, specials.length)));
      const t = tf.tensor1d(x);
      const wat = geluKernelOp(t, false).y;
      const calls = nativeKernelCalls();
      const nat = withNative(() => geluKernelOp(t, false).y);
      expect(nativeKernelCalls()).toBe(calls + 1);
      expect(bits(nat.dataSync() as Float32Array)).toEqual(bits(wat.dataSync() as Float32Array));
      tf.dispose([t, wat, nat]);
    }
  });

  it('GELU with its derivative (a gradient tape) stays on kernels.wat', () => {
    const t = tf.tensor2d(values(64, 4, 2), [8, 8]);
    const wat = geluKernelOp(t, true);
    const calls = nativeKernelCalls();
    const nat = withNative(() => geluKernelOp(t, true));
    expect(nativeKernelCalls()).toBe(calls);
    expect(bits(nat.y.dataSync() as Float32Array)).toEqual(bits(wat.y.dataSync() as Float32Array));
    expect(bits(nat.d!.dataSync() as Float32Array)).toEqual(bits(wat.d!.dataSync() as Float32Array));
    tf.dispose([t, wat.y, wat.d!, nat.y, nat.d!]);
  });

  it('Softmax matches float64 and tfjs-wasm’s over the last axis, masked keys and tails included', () => {
    for (const shape of [
      [1, 1],
      [3, 5],
      [2, 3, 16],
      [4, 37],
      [2, 2, 64, 64],
      [5, 100],
    ]) {
      const len = shape[shape.length - 1];
      const x = values(
        shape.reduce((p, d) => p * d, 1),
        30,
        len,
      );
      for (let i = 0; i < x.length; i += 7) if (i % len !== 0) x[i] -= 1e9; // padded keys; never a whole row
      const t = tf.tensor(x, shape);
      const xnn = tf.softmax(t);
      const calls = nativeKernelCalls();
      const nat = withNative(() => tf.softmax(t));
      expect(nativeKernelCalls()).toBe(calls + 1);
      const got = nat.dataSync() as Float32Array,
        theirs = xnn.dataSync() as Float32Array;
      let worst = 0,
        worstSum = 0,
        worstXnn = 0;
      for (let r = 0; r < x.length / len; r++) {
        const row = Array.from(x.subarray(r * len, (r + 1) * len));
        const m = Math.max(...row);
        const z = row.reduce((a, v) => a + Math.exp(v - m), 0);
        let sum = 0;
        for (let j = 0; j < len; j++) {
          const k = r * len + j;
          worst = Math.max(worst, Math.abs(got[k] - Math.exp(row[j] - m) / z));
          worstXnn = Math.max(worstXnn, Math.abs(got[k] - theirs[k]));
          sum += got[k];
        }
        worstSum = Math.max(worstSum, Math.abs(sum - 1));
      }
      expect(worst, `float64, shape ${shape}`).toBeLessThan(2e-7);
      expect(worstXnn, `tfjs-wasm, shape ${shape}`).toBeLessThan(5e-7);
      expect(worstSum).toBeLessThan(2e-6);
      tf.dispose([t, xnn, nat]);
    }
  });

  it('LayerNorm (with and without the residual) matches kernels.wat’s to float32 rounding', () => {
    for (const [rows, h] of [
      [1, 4],
      [3, 12],
      [5, 36],
      [4, 100],
      [7, 256],
    ]) {
      const x = tf.tensor2d(values(rows * h, 5, h), [rows, h]);
      const res = tf.tensor2d(values(rows * h, 3, h + 1), [rows, h]);
      const g = tf.tensor1d(values(h, 2, 3)),
        b = tf.tensor1d(values(h, 1, 4));
      for (const r of [undefined, res]) {
        const wat = layerNormKernelOp(x, g, b, 1e-12, false, r).y;
        const calls = nativeKernelCalls();
        const nat = withNative(() => layerNormKernelOp(x, g, b, 1e-12, false, r).y);
        expect(nativeKernelCalls()).toBe(calls + 1);
        const a = wat.dataSync(),
          c = nat.dataSync();
        let worst = 0;
        for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - c[i]) / (1 + Math.abs(a[i])));
        expect(worst, `[${rows}, ${h}] residual ${!!r}`).toBeLessThan(2e-6);
        tf.dispose([wat, nat]);
      }
      tf.dispose([x, res, g, b]);
    }
  });

  it('Softmax under a gradient tape stays tfjs-wasm’s (training keeps its arithmetic)', () => {
    const t = tf.variable(tf.tensor2d(values(2 * 16, 5, 9), [2, 16]));
    const theirs = tf.softmax(t);
    const calls = nativeKernelCalls();
    let ours: tf.Tensor | undefined;
    const { value, grads } = withNative(() =>
      tf.variableGrads(() => {
        ours = tf.keep(tf.softmax(t));
        return tf.sum(tf.mul(ours, ours)) as tf.Scalar;
      }),
    );
    tf.dispose([value, ...Object.values(grads)]);
    expect(nativeKernelCalls()).toBe(calls);
    expect(bits(ours!.dataSync() as Float32Array)).toEqual(bits(theirs.dataSync() as Float32Array));
    tf.dispose([t, theirs, ours!]);
  });

  it('LayerNorm with the backward statistics stays on kernels.wat', () => {
    const x = tf.tensor2d(values(24, 5, 1), [2, 12]),
      g = tf.ones([12]) as tf.Tensor1D,
      b = tf.zeros([12]) as tf.Tensor1D;
    const calls = nativeKernelCalls();
    const out = withNative(() => layerNormKernelOp(x as tf.Tensor2D, g, b, 1e-5, true));
    expect(nativeKernelCalls()).toBe(calls);
    expect(out.xhat?.shape).toEqual([2, 12]);
    tf.dispose([x, g, b, out.y, out.xhat!, out.rstd!]);
  });

  it('GatherNd of whole rows copies them; other index shapes and ids outside the table stay with tfjs', () => {
    const table = tf.tensor2d(values(7 * 5, 3, 1), [7, 5]);
    const cases: Array<[number[], number[]]> = [
      [
        [3, 0, 6, 6, 1],
        [5, 1],
      ],
      [[], [0, 1]],
      [
        [2, 1, 0, 4],
        [2, 2],
      ], // pairs (row, column): not whole rows
      [
        [1, 9],
        [2, 1],
      ], // 9 is outside the table
    ];
    for (const [ids, shape] of cases) {
      const idx = tf.tensor(ids, shape, 'int32');
      const theirs = tf.gatherND(table, idx);
      const calls = nativeKernelCalls();
      const ours = withNative(() => tf.gatherND(table, idx));
      const whole = shape[1] === 1 && ids.every((i) => i < 7) && ids.length > 0;
      expect(nativeKernelCalls(), `ids ${ids} [${shape}]`).toBe(calls + (whole ? 1 : 0));
      expect(ours.shape).toEqual(theirs.shape);
      // (tfjs-wasm reads whatever lies past the table for an id outside it: those values are not compared)
      if (ids.every((i) => i < 7)) expect(bits(ours.dataSync() as Float32Array)).toEqual(bits(theirs.dataSync() as Float32Array));
      tf.dispose([idx, theirs, ours]);
    }
    table.dispose();
  });

  // [n, L, heads, d]: the bench model's shape, tails of every loop (L not a multiple of 4 or 64, d of 16), masked keys.
  it.each([
    [2, 64, 4, 64, true],
    [3, 5, 2, 4, false],
    [1, 37, 3, 20, true],
    [2, 70, 1, 64, true],
    [1, 1, 1, 16, false],
  ] as const)('fused attention n=%i L=%i heads=%i d=%i (mask %s) = softmax(α·Q·Kᵀ + bias)·V', (n, L, h, d, masked) => {
    const H = h * d,
      alpha = 1 / Math.sqrt(d);
    const q = tf.tensor2d(values(n * L * H, 2, 1), [n * L, H]),
      k = tf.tensor2d(values(n * L * H, 2, 2), [n * L, H]),
      v = tf.tensor2d(values(n * L * H, 2, 3), [n * L, H]);
    const bias = masked
      ? tf.tensor4d(
          Float32Array.from({ length: n * L }, (_, i) => (i % L > 0 && i % 3 === 0 ? -1e9 : 0)),
          [n, 1, 1, L],
        )
      : null;
    const split = (x: tf.Tensor2D) => tf.transpose(tf.reshape(x, [n, L, h, d]), [0, 2, 1, 3]);
    const want = tf.tidy(() => {
      let s = tf.mul(tf.matMul(split(q), split(k), false, true), alpha);
      if (bias) s = tf.add(s, bias);
      return tf.reshape(tf.transpose(tf.matMul(tf.softmax(s), split(v)), [0, 2, 1, 3]), [n * L, H]);
    });
    const calls = nativeKernelCalls();
    const got = withNative(() => headAttention(q, k, v, bias, n, L, h, alpha));
    expect(nativeKernelCalls()).toBe(calls + 1);
    const a = got.dataSync(),
      b = want.dataSync();
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    expect(worst).toBeLessThan(2e-6);
    tf.dispose([q, k, v, got, want, ...(bias ? [bias] : [])]);
  });

  it('fused attention is offered only without a gradient tape, with its flag on, while installed', () => {
    if (!load.ok) return;
    const blas = loadBlas(); // bert-layers asks for it only where the per-head products run (Node: over a BLAS)
    if (blas.ok) installBlasKernels(blas.blas);
    expect(headAttentionReady()).toBe(false); // not installed
    installNativeKernels(load.kernels);
    try {
      if (!headProductsReady()) return; // no BLAS here: nothing more to check

      expect(headAttentionReady()).toBe(true);
      tf.env().set(HEAD_ATTENTION_FLAG, false);
      expect(headAttentionReady()).toBe(false);
      tf.env().set(HEAD_ATTENTION_FLAG, true);
      const x = tf.variable(tf.ones([1]));
      let underTape: boolean | undefined;
      tf.variableGrads(() => {
        underTape = headAttentionReady();
        return tf.sum(x) as tf.Scalar;
      });
      expect(underTape).toBe(false);
      x.dispose();
    } finally {
      uninstallNativeKernels();
      uninstallBlasKernels();
    }
  });

  it('AdamW’s fused update gives the composed tfjs ops’ bits (decayed and not, several steps), and is refused when off', () => {
    if (!load.ok) return;
    const seeded = (shape: number[], seed: number) => tf.randomUniform(shape, -1, 1, 'float32', seed);
    /** Three AdamW steps on two variables (one excluded from decay); the final θ, m and v as arrays. */
    const run = (fused: boolean) => {
      tf.env().set(ADAMW_KERNEL_FLAG, fused);
      const vars = { w: tf.variable(seeded([37, 5], 41)), b: tf.variable(seeded([19], 43)) };
      const opt = new AdamW({ lr: 3e-3, weightDecay: 0.05, noDecay: (n) => n === 'b' });
      const calls = nativeKernelCalls();
      for (let step = 0; step < 3; step++) {
        const grads = { w: seeded([37, 5], 50 + step), b: seeded([19], 60 + step) };
        opt.applyGradients(vars, grads);
        tf.dispose(Object.values(grads));
      }
      const kernelCalls = nativeKernelCalls() - calls;
      const state = opt.getState();
      const out = { w: vars.w.dataSync().slice(), b: vars.b.dataSync().slice(), m: state.m, v: state.v, kernelCalls };
      tf.dispose(Object.values(vars));
      opt.dispose();
      return out;
    };
    try {
      const composed = run(false);
      const fused = withNative(() => run(true));
      const off = withNative(() => run(false));
      expect(composed.kernelCalls).toBe(0);
      expect(off.kernelCalls).toBe(0);
      expect(fused.kernelCalls).toBe(6);
      for (const got of [fused, off]) {
        expect(Array.from(got.w)).toEqual(Array.from(composed.w));
        expect(Array.from(got.b)).toEqual(Array.from(composed.b));
        for (const name of ['w', 'b']) {
          expect(Array.from(got.m[name])).toEqual(Array.from(composed.m[name]));
          expect(Array.from(got.v[name])).toEqual(Array.from(composed.v[name]));
        }
      }
      const start = seeded([37, 5], 41);
      expect(Array.from(fused.w)).not.toEqual(Array.from(start.dataSync())); // it did move
      start.dispose();
    } finally {
      tf.env().set(ADAMW_KERNEL_FLAG, true);
    }
  });

  it('uninstall puts tfjs-wasm’s and kernels.wat’s kernels back', () => {
    if (!load.ok) return;
    installNativeKernels(load.kernels);
    installNativeKernels(load.kernels); // idempotent
    expect(nativeKernelsInstalled()).toBe(true);
    uninstallNativeKernels();
    expect(nativeKernelsInstalled()).toBe(false);
    const calls = nativeKernelCalls();
    const t = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    tf.dispose([tf.softmax(t), geluKernelOp(t, false).y, t]);
    expect(nativeKernelCalls()).toBe(calls);
  });
});
