/**
 * Differentiable building blocks of the encoder, written for the tfjs WASM backend first.
 *
 * Measured on WASM (Node 20, SIMD, 1 thread; [2048×128]·[128×512]): a plain matMul takes 14 ms, the same
 * product with transposeB 140 ms and with transposeA 290 ms. Autodiff of x·Wᵀ produces exactly those
 * transposed products in the backward pass, so `linear` has a hand-written gradient that only ever runs
 * plain matMuls on explicitly transposed copies (a transpose of the same size costs ~10 ms or less).
 * WASM also has no UnsortedSegmentSum kernel, which tf.gather's gradient needs, so `embeddingLookup`
 * scatters its gradient with ScatterNd (which sums duplicate ids) instead.
 */
import * as tf from '@tensorflow/tfjs';
import type { HiddenAct } from './config';

/**
 * y = x·Wᵀ + b with W in torch layout [out, in] (so gradients keep the Hugging Face layout).
 * x [N, in], W [out, in], b [out] → y [N, out].
 */
export function linear(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [xi, wi, bi, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    save([xi, wi]);
    const value = tf.tidy(() => tf.fused.matMul({ a: xi, b: tf.transpose(wi), bias: bi })) as tf.Tensor2D;
    const gradFunc = (dy: tf.Tensor2D, saved: tf.Tensor[]): tf.Tensor[] => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];     // dy [N, out]
      const dx = tf.matMul(dy, ws);                              // [N, out]·[out, in] → [N, in]
      const dw = tf.tidy(() => tf.matMul(tf.transpose(dy), xs)); // [out, N]·[N, in] → [out, in]
      const db = tf.sum(dy, 0);                                  // [out]
      return [dx, dw, db];
    };
    return { value, gradFunc };
  });
  return f(x, w, b);
}

/**
 * Rows of `table` [V, H] at `ids` → [ids.length, H]; the gradient is a dense [V, H] tensor whose row v is the
 * sum of the upstream rows that looked v up. `ids` is a host array so the backward pass can rebuild the index
 * tensor itself (a tensor captured here would already be freed by the forward tidy).
 */
export function embeddingLookup(table: tf.Tensor2D, ids: Int32Array): tf.Tensor2D {
  const [V, H] = table.shape;
  const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const t = args[0] as tf.Tensor2D;
    const value = tf.tidy(() => tf.gather(t, tf.tensor1d(ids, 'int32')));  // [ids.length, H]
    const gradFunc = (dy: tf.Tensor2D): tf.Tensor[] => [
      tf.tidy(() => tf.scatterND(tf.tensor2d(ids, [ids.length, 1], 'int32'), dy, [V, H])),
    ];
    return { value, gradFunc };
  });
  return f(table);
}

/** LayerNorm over the last axis, as torch.nn.LayerNorm (biased variance). x [N, H], γ, β [H]. */
export function layerNorm(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number): tf.Tensor2D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true);          // [N, 1] each
    const xhat = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
    return tf.add(tf.mul(xhat, gamma), beta) as tf.Tensor2D;
  });
}

/**
 * Activations by HF name. 'gelu' is the exact erf form: tf.erf exists on every backend we use (WASM's is
 * accurate to 6e-8 over [-8, 8]; the resulting GELU to 7e-7, i.e. float32 rounding). The tanh form differs
 * from it by up to 4.7e-4, too much for 1e-4 parity, so it is only used when the config asks for it.
 */
export function activation(x: tf.Tensor2D, act: HiddenAct): tf.Tensor2D {
  return tf.tidy(() => {
    if (act === 'relu') return tf.relu(x);
    if (act === 'gelu') return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
    // gelu_new / gelu_pytorch_tanh: 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))); tanh(z) = 2σ(2z) − 1.
    const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), 2 * Math.sqrt(2 / Math.PI));
    return tf.mul(x, tf.sigmoid(inner));
  });
}

/** Row-wise x / max(‖x‖, 1e-12) as torch F.normalize. x [n, d]. */
export function l2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.mul(x, tf.rsqrt(tf.maximum(tf.sum(tf.square(x), 1, true), 1e-24))));
}

/** Mean of the unmasked rows: h [n, L, H], mask [n·L] of 0/1 → [n, H] (sentence-transformers clamp 1e-9). */
export function maskedMean(h: tf.Tensor3D, mask: Int32Array): tf.Tensor2D {
  const [n, L] = h.shape;
  return tf.tidy(() => {
    const m = tf.tensor3d(Float32Array.from(mask), [n, L, 1]);  // [n, L, 1]
    const sum = tf.sum(tf.mul(h, m), 1);                         // [n, H]
    const count = tf.maximum(tf.sum(m, 1), 1e-9);                // [n, 1]
    return tf.div(sum, count);
  });
}
