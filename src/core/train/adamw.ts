/**
 * AdamW (Loshchilov & Hutter) exactly as torch.optim.AdamW (amsgrad=False, maximize=False). tfjs only has
 * Adam with L2-in-the-gradient, which is not the same thing: decoupled decay shrinks the weights directly.
 *
 * Per step t (1-based), for every variable that HAS a gradient g:
 *   θ ← θ·(1 − lr·wd)                                  decoupled decay (skipped where noDecay(name))
 *   m ← β1·m + (1−β1)·g ;  v ← β2·v + (1−β2)·g²
 *   θ ← θ − (lr/(1−β1ᵗ)) · m / (√v/√(1−β2ᵗ) + eps)     torch's order of bias corrections
 * Variables without a gradient are left alone (no decay either), like torch params whose .grad is None.
 * One step counter is shared by all variables (torch keeps one per param; they agree as long as every
 * trained variable gets a gradient on every step, which the training loop guarantees).
 */
import * as tf from '@tensorflow/tfjs';

/**
 * A fused update kernel a runtime may register (Node: src/node/native-kernels.ts): inputs theta, m, v, g of one
 * shape → [θ1, m1, v1], computed with exactly the float32 operations of the composition in `applyGradients`, so
 * the same bits (tests/node/native-kernels.test.ts); attrs as `AdamWKernelAttrs`. Where none is registered the
 * composition runs. Why: the composition is 14 passes over every parameter and 11 temporaries per variable.
 */
export const ADAMW_KERNEL = 'HbwAdamW';
/** tf.env flag, on by default: off keeps the composition where the kernel exists (A/B runs, the bits test). */
export const ADAMW_KERNEL_FLAG = 'HBW_ADAMW_KERNEL';
tf.env().registerFlag(ADAMW_KERNEL_FLAG, () => true);

/** The update's scalars, each used as a float32 (as tfjs's scalar operands are). */
export interface AdamWKernelAttrs {
  /** 1 − lr·wd, or 1 where the variable is not decayed. */
  decay: number;
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  /** √(1 − β2ᵗ) */
  bc2Sqrt: number;
  eps: number;
  /** lr / (1 − β1ᵗ) */
  stepSize: number;
}

function fusedKernelReady(): boolean {
  return tf.env().getBool(ADAMW_KERNEL_FLAG) && tf.getKernel(ADAMW_KERNEL, tf.getBackend()) !== undefined;
}

export interface AdamWOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Default 0.01, torch's default. */
  weightDecay?: number;
  /** Names to exclude from weight decay (e.g. biases and LayerNorm); default: decay everything (torch, one param group). */
  noDecay?: (name: string) => boolean;
}

/** Plain-array optimiser state for checkpoints (m and v are row-major copies of each variable's moments). */
export interface AdamWState {
  step: number;
  m: Record<string, Float32Array>;
  v: Record<string, Float32Array>;
}

export class AdamW {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  private readonly noDecay: (name: string) => boolean;
  /** Number of optimiser steps taken so far. */
  step = 0;
  private m = new Map<string, tf.Variable>();
  private v = new Map<string, tf.Variable>();
  /** Moments restored by setState, turned into variables when their parameter's shape is first seen. */
  private pending: AdamWState | null = null;

  constructor(o: AdamWOptions) {
    this.lr = o.lr;
    this.beta1 = o.beta1 ?? 0.9;
    this.beta2 = o.beta2 ?? 0.999;
    this.eps = o.eps ?? 1e-8;
    this.weightDecay = o.weightDecay ?? 0.01;
    this.noDecay = o.noDecay ?? (() => false);
  }

  /** One update of `vars` in place. `lr` overrides the constructor's (for a schedule). Does not dispose `grads`. */
  applyGradients(vars: Record<string, tf.Variable>, grads: Record<string, tf.Tensor>, lr: number = this.lr): void {
    for (const name of Object.keys(grads)) {
      if (!vars[name]) throw new Error(`AdamW: gradient for unknown variable "${name}"`);
      if (!tf.util.arraysEqual(vars[name].shape, grads[name].shape)) {
        throw new Error(`AdamW: gradient for "${name}" has shape [${grads[name].shape}], variable [${vars[name].shape}]`);
      }
    }
    this.step += 1;
    const t = this.step;
    const { beta1: b1, beta2: b2, eps } = this;
    const stepSize = lr / (1 - b1 ** t); // scalar, computed in float64
    const bc2Sqrt = Math.sqrt(1 - b2 ** t);
    const fused = fusedKernelReady();
    for (const [name, theta] of Object.entries(vars)) {
      const g = grads[name];
      if (!g) continue;
      const m = this.moment(this.m, 'm', name, theta),
        v = this.moment(this.v, 'v', name, theta);
      tf.tidy(() => {
        const wd = this.noDecay(name) ? 0 : lr * this.weightDecay;
        if (fused) {
          const attrs: AdamWKernelAttrs = {
            decay: 1 - wd,
            beta1: b1,
            oneMinusBeta1: 1 - b1,
            beta2: b2,
            oneMinusBeta2: 1 - b2,
            bc2Sqrt,
            eps,
            stepSize,
          };
          const inputs = { theta, m, v, g };
          const [theta1, m1, v1] = tf.engine().runKernel(ADAMW_KERNEL, inputs, { ...attrs }) as tf.Tensor[];
          theta.assign(theta1);
          m.assign(m1);
          v.assign(v1);
          return;
        }
        const decayed = wd === 0 ? theta : tf.mul(theta, 1 - wd); // θ(1 − lr·wd)
        const m1 = tf.add(tf.mul(m, b1), tf.mul(g, 1 - b1)); // same shape as θ
        const v1 = tf.add(tf.mul(v, b2), tf.mul(tf.square(g), 1 - b2));
        const denom = tf.add(tf.div(tf.sqrt(v1), bc2Sqrt), eps);
        // assign() keeps the new buffers alive and frees the old ones; tidy frees every temporary.
        theta.assign(tf.sub(decayed, tf.mul(tf.div(m1, denom), stepSize)));
        m.assign(m1);
        v.assign(v1);
      });
    }
  }

  getState(): AdamWState {
    const out: AdamWState = { step: this.step, m: {}, v: {} };
    // Copies: the cpu backend's dataSync returns its live buffer.
    for (const [k, x] of this.m) out.m[k] = (x.dataSync() as Float32Array).slice();
    for (const [k, x] of this.v) out.v[k] = (x.dataSync() as Float32Array).slice();
    if (this.pending)
      for (const k of Object.keys(this.pending.m)) {
        if (!this.m.has(k)) {
          out.m[k] = this.pending.m[k].slice();
          out.v[k] = this.pending.v[k].slice();
        }
      }
    return out;
  }

  /** getState with asynchronous read-back: WebGPU's dataSync is broken in current Chromium (see clipGradNormAsync). */
  async getStateAsync(): Promise<AdamWState> {
    const out: AdamWState = { step: this.step, m: {}, v: {} };
    for (const [k, x] of this.m) out.m[k] = ((await x.data()) as Float32Array).slice();
    for (const [k, x] of this.v) out.v[k] = ((await x.data()) as Float32Array).slice();
    if (this.pending)
      for (const k of Object.keys(this.pending.m)) {
        if (!this.m.has(k)) {
          out.m[k] = this.pending.m[k].slice();
          out.v[k] = this.pending.v[k].slice();
        }
      }
    return out;
  }

  /** Replace the whole state (disposes the current moments). Arrays are copied. */
  setState(s: AdamWState): void {
    for (const k of Object.keys(s.m))
      if (!s.v[k] || s.v[k].length !== s.m[k].length) throw new Error(`AdamW.setState: m and v disagree for "${k}"`);
    this.disposeMoments();
    this.step = s.step;
    const copy = (r: Record<string, Float32Array>) => Object.fromEntries(Object.entries(r).map(([k, a]) => [k, a.slice()]));
    this.pending = { step: s.step, m: copy(s.m), v: copy(s.v) };
  }

  dispose(): void {
    this.disposeMoments();
    this.pending = null;
  }

  private disposeMoments(): void {
    for (const x of this.m.values()) x.dispose();
    for (const x of this.v.values()) x.dispose();
    this.m.clear();
    this.v.clear();
  }

  private moment(store: Map<string, tf.Variable>, which: 'm' | 'v', name: string, theta: tf.Variable): tf.Variable {
    let x = store.get(name);
    if (x) return x;
    const saved = this.pending?.[which][name];
    if (saved && saved.length !== theta.size)
      throw new Error(`AdamW: saved ${which} for "${name}" has ${saved.length} values, variable has ${theta.size}`);
    // Unnamed, non-trainable: tfjs variable names are global, and moments must not receive gradients.
    const init = saved ? tf.tensor(saved, theta.shape, 'float32') : tf.zerosLike(theta);
    x = tf.variable(init, false);
    init.dispose(); // the variable holds its own reference to the data
    store.set(name, x);
    return x;
  }
}
