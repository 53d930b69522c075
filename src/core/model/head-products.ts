/**
 * Attention's two batched products, read and written in the [n·L, H] layout the dense layers use — no
 * [n, L, h, d] ↔ [n, h, L, d] transposes (four per layer forward, four more backward). A runtime whose matrix
 * products take row strides registers the two kernels below for the wasm backend: our WASM SIMD GEMM
 * (kernels/wasm-gemm.ts, the browser) or Node's system BLAS (src/node/blas-kernels.ts, over it); elsewhere
 * `headProductsReady()` is false and bert-layers keeps the transpose + tf.matMul path. The kernels are plain products, so their gradients are the same two kernels.
 *
 * - HEAD_SCORES: a, b [n·L, H] → [n, h, L, L], out[i, j] = α · A_ij · B_ijᵀ, where A_ij is rows i·L … i·L+L−1,
 *   columns j·d … j·d+d−1 of a (d = H / h).
 * - HEAD_CONTEXT: p [n, h, L, L], v [n·L, H] → [n·L, H], block (i, j) = α · op(P_ij) · V_ij, op = ᵀ when transposeP.
 */
import * as tf from '@tensorflow/tfjs';
import { recording } from './tape';

export const HEAD_SCORES = 'HbwHeadScores';
export const HEAD_CONTEXT = 'HbwHeadContext';

/** tf.env flag, on by default: off keeps the transpose path even where the kernels exist (A/B runs, bench/ab.ts). */
export const HEAD_PRODUCTS_FLAG = 'HBW_HEAD_PRODUCTS';
tf.env().registerFlag(HEAD_PRODUCTS_FLAG, () => true);

export interface HeadAttrs {
  n: number;
  L: number;
  heads: number;
  alpha: number;
}

const gates = new Map<string, () => boolean>();

/**
 * A registrant whose kernels exist but do not run everywhere (wasm's SIMD GEMM needs the backend's memory:
 * kernels/wasm-gemm.ts) says when they do; undefined removes the gate. Returns the previous gate (a runtime
 * that registers over the kernels, src/node/blas-kernels.ts, takes it off and puts it back).
 */
export function setHeadProductsGate(backend: string, gate: (() => boolean) | undefined): (() => boolean) | undefined {
  const prev = gates.get(backend);
  if (gate) gates.set(backend, gate);
  else gates.delete(backend);
  return prev;
}

export function headProductsReady(): boolean {
  const b = tf.getBackend();
  return (
    tf.env().getBool(HEAD_PRODUCTS_FLAG) &&
    tf.getKernel(HEAD_SCORES, b) !== undefined &&
    tf.getKernel(HEAD_CONTEXT, b) !== undefined &&
    (gates.get(b)?.() ?? true)
  );
}

/** H of a head operand [n·L, H] (float32, H divisible by the heads), else throws. */
export function headOperandWidth(t: tf.TensorInfo, at: HeadAttrs, what: string): number {
  const [rows, H] = t.shape;
  if (t.shape.length !== 2 || rows !== at.n * at.L || H % at.heads !== 0 || t.dtype !== 'float32') {
    throw new Error(
      `${what}: expected float32 [${at.n}·${at.L}, H] with H divisible by ${at.heads} heads, got ${t.dtype} [${t.shape}]`,
    );
  }
  return H;
}

const scoresKernel = (a: tf.Tensor, b: tf.Tensor, at: HeadAttrs): tf.Tensor4D =>
  tf.engine().runKernel(HEAD_SCORES, { a, b }, { ...at }) as tf.Tensor4D;
const contextKernel = (p: tf.Tensor, v: tf.Tensor, at: HeadAttrs, transposeP: boolean): tf.Tensor2D =>
  tf.engine().runKernel(HEAD_CONTEXT, { p, v }, { ...at, transposeP }) as tf.Tensor2D;

/**
 * HEAD_ATTENTION (inference only): q, k, v [n·L, H], bias? [n, 1, 1, L] → [n·L, H], block (i, j) =
 * softmax(α·Q_ij·K_ijᵀ + bias_i)·V_ij — the three steps above in one kernel, for runtimes that have one
 * (src/node/native-kernels.ts); nowhere else, so every other path keeps the three.
 */
export const HEAD_ATTENTION = 'HbwHeadAttention';
/** tf.env flag, on by default: off keeps scores → softmax → context where the fused kernel exists (A/B runs). */
export const HEAD_ATTENTION_FLAG = 'HBW_HEAD_ATTENTION';
tf.env().registerFlag(HEAD_ATTENTION_FLAG, () => true);

export function headAttentionReady(): boolean {
  return (
    !recording() &&
    tf.env().getBool(HEAD_ATTENTION_FLAG) &&
    headProductsReady() &&
    tf.getKernel(HEAD_ATTENTION, tf.getBackend()) !== undefined
  );
}

/** Fused inference attention (see HEAD_ATTENTION); call only when `headAttentionReady()`. */
export function headAttention(
  q: tf.Tensor2D,
  k: tf.Tensor2D,
  v: tf.Tensor2D,
  bias: tf.Tensor4D | null,
  n: number,
  L: number,
  heads: number,
  alpha: number,
): tf.Tensor2D {
  const inputs: tf.NamedTensorMap = bias ? { q, k, v, bias } : { q, k, v };
  return tf.engine().runKernel(HEAD_ATTENTION, inputs, { n, L, heads, alpha }) as tf.Tensor2D;
}

/** Scores α·Q_ij·K_ijᵀ per sequence i and head j: q, k [n·L, H] → [n, h, L, L]. */
export function headScores(q: tf.Tensor2D, k: tf.Tensor2D, n: number, L: number, heads: number, alpha: number): tf.Tensor4D {
  const at: HeadAttrs = { n, L, heads, alpha };
  if (!recording()) return scoresKernel(q, k, at); // no tape: no customGrad scope
  const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [qi, ki, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    save([qi, ki]);
    const gradFunc = (ds: tf.Tensor4D, saved: tf.Tensor[]): tf.Tensor[] => {
      const [qs, ks] = saved;
      return [contextKernel(ds, ks, at, false), contextKernel(ds, qs, at, true)]; // dQ = α·dS·K, dK = α·dSᵀ·Q
    };
    return { value: scoresKernel(qi, ki, at), gradFunc };
  });
  return f(q, k) as tf.Tensor4D;
}

/** Context P_ij·V_ij merged back to [n·L, H]: p [n, h, L, L], v [n·L, H]. */
export function headContext(p: tf.Tensor4D, v: tf.Tensor2D, n: number, L: number, heads: number): tf.Tensor2D {
  const at: HeadAttrs = { n, L, heads, alpha: 1 };
  if (!recording()) return contextKernel(p, v, at, false);
  const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [pi, vi, save] = args as [tf.Tensor4D, tf.Tensor2D, tf.GradSaveFunc];
    save([pi, vi]);
    const gradFunc = (dc: tf.Tensor2D, saved: tf.Tensor[]): tf.Tensor[] => {
      const [ps, vs] = saved;
      return [scoresKernel(dc, vs, at), contextKernel(ps, dc, at, true)]; // dP = dC·Vᵀ, dV = Pᵀ·dC
    };
    return { value: contextKernel(pi, vi, at, false), gradFunc };
  });
  return f(p, v) as tf.Tensor2D;
}
