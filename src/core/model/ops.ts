/**
 * Differentiable building blocks of the encoder, written for the tfjs WASM backend first. The custom
 * gradients below exist because of measured WASM costs (Node 20, SIMD, 1 thread):
 * - matMul [2048×128]·[128×512]: plain 14 ms, transposeB 140 ms, transposeA 290 ms. Autodiff of x·Wᵀ emits
 *   exactly those transposed products, so `linear` only runs plain products on explicit transposes.
 * - column sums (reduce over axis 0) transpose first: sum₀ of [1024×512] 3–4 ms, ones[1×1024]·dy 0.1 ms.
 *   Bias, γ and β gradients are therefore row-vector products.
 * - tf.gather of 1024 rows of [8000×128]: 6 ms; tf.gatherND of the same rows: 0.4 ms. And tf.gather's
 *   gradient needs UnsortedSegmentSum, which WASM lacks; ScatterNd (sums duplicate ids) replaces it.
 * - every tensor an op saves for backward is copied (WASM's Identity kernel copies), so the fused
 *   LayerNorm and GELU gradients, which save 2–3 tensors instead of ~10, also save copies.
 */
import * as tf from '@tensorflow/tfjs';
import type { HiddenAct } from './config';
import {
  geluKernelOp,
  layerNormGradKernelOp,
  layerNormKernelFits,
  layerNormKernelOp,
  wasmKernelsReady,
} from './kernels/wasm-kernels';
import { recording } from './tape';
// Registers the wasm SIMD GEMM over tfjs-wasm's batched/transposed products (before any BLAS install captures them).
import { wasmGemmRunsPlainProduct } from './kernels/wasm-gemm';

/**
 * tf.env() flag, false by default: set by a runtime whose wasm matMul reads transposed operands at full speed
 * (Node with the system BLAS, src/node/blas-kernels.ts). `linear` then passes transpose flags instead of
 * materialising transposes — on plain WASM those flags cost 10–20× (header), under BLAS the copies are the cost.
 * Our WASM GEMM's relaxed-SIMD build, which also runs the larger plain products, reads them at full speed too.
 */
export const TRANSPOSED_MATMUL_FAST = 'HBW_TRANSPOSED_MATMUL_FAST';
tf.env().registerFlag(TRANSPOSED_MATMUL_FAST, () => false);

/** For `linear` of x [rows, inp] and W [out, inp]: whether its products take transpose flags. */
function transposedMatmulFast(rows: number, out: number, inp: number): boolean {
  if (tf.getBackend() !== 'wasm') return false;
  // Under our GEMM only where every product of `linear` runs there either way (same results, no Transposes).
  return tf.env().getBool(TRANSPOSED_MATMUL_FAST) || (wasmGemmRunsPlainProduct(rows, out) && wasmGemmRunsPlainProduct(out, inp));
}

/**
 * Σ over the rows of x [N, C] → [C] as products with rows of ones (see the header for why not tf.sum(x, 0)), in
 * two levels when N has a divisor b near √N: x read as [N/b, b, C] (no copy) gives N/b partial sums of b rows
 * each, then [1×N/b]·[N/b×C] adds those. Each sum then rounds along ~2√N terms instead of N: the bias gradients
 * of a step sum N = tokens (2,048 rows per text group in the bench step), and one sequential product left them
 * 1.5× further from float64 than torch's cascade sums (9.4e-5 against 6.2e-5 relative; two levels: 6.3e-5). The
 * first level is a batched product on purpose: tfjs-wasm caches XNNPACK's packed B of a plain product by tensor
 * id alone, so x — often B of dW's product just before — reshaped into another 2-D shape would be read through
 * the stale packing (it gave NaN). Cost: with BLAS faster than one product (0.96 against 2.4 ms for [6144×1024]);
 * on tfjs-wasm the batched level runs in our GEMM, ~1 ms more per [2048×1024] than XNNPACK's cached product.
 */
export function sumRows(x: tf.Tensor2D): tf.Tensor1D {
  const [N, C] = x.shape;
  const b = blockRows(N);
  return tf.tidy(() => {
    if (b === N) return tf.reshape(tf.matMul(tf.ones([1, N]), x), [C]);
    const partial = tf.matMul(tf.ones([1, 1, b]), tf.reshape(x, [N / b, b, C])); // [N/b, 1, C]
    return tf.reshape(tf.matMul(tf.ones([1, N / b]), tf.reshape(partial, [N / b, C])), [C]);
  });
}

/**
 * x [N, H] + row [1, H], the row broadcast over N. Under a tape the row's gradient is `sumRows(dy)`: tf.add's own
 * would be tf.sum over axis 0 — on wasm a transpose and one sequential sum over all N tokens (the token-type row of
 * a step sums 2,048 rows that way).
 */
export function addRow(x: tf.Tensor2D, row: tf.Tensor2D): tf.Tensor2D {
  if (!recording()) return tf.add(x, row);
  const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [xi, ri] = args as [tf.Tensor2D, tf.Tensor2D];
    const gradFunc = (dy: tf.Tensor2D): tf.Tensor[] => [dy, tf.tidy(() => tf.reshape(sumRows(dy), [1, ri.shape[1]]))];
    return { value: tf.add(xi, ri) as tf.Tensor2D, gradFunc };
  });
  return f(x, row);
}

/** The divisor b of N nearest below √N for two-level sums (N itself — one level — when N < 16 or none ≥ √N / 2). */
export function blockRows(N: number): number {
  if (N < 16) return N;
  const root = Math.floor(Math.sqrt(N));
  for (let b = root; b >= Math.ceil(root / 2); b--) if (N % b === 0) return b;
  return N;
}

/**
 * y = x·Wᵀ + b with W in torch layout [out, in] (so gradients keep the Hugging Face layout).
 * x [N, in], W [out, in], b [out] → y [N, out].
 */
export function linear(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  // No tape, no gradient to define: the product alone (tf.customGrad's scope costs ~1 % of an encode pass).
  if (!recording()) return linearValue(x, w, b, transposedMatmulFast(x.shape[0], w.shape[0], w.shape[1]));
  const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [xi, wi, bi, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    save([xi, wi]);
    const flags = transposedMatmulFast(xi.shape[0], wi.shape[0], wi.shape[1]);
    const value = linearValue(xi, wi, bi, flags);
    const gradFunc = (dy: tf.Tensor2D, saved: tf.Tensor[]): tf.Tensor[] => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D]; // dy [N, out]
      const [out, inp] = ws.shape;
      const dx = tf.matMul(dy, ws); // [N, out]·[out, in] → [N, in]
      // dW = dyᵀ·x [out, in]; transpose whichever of dy, x is narrower, then at most the small result.
      const dw = flags
        ? tf.matMul(dy, xs, true, false)
        : tf.tidy(() =>
            out <= inp
              ? tf.matMul(tf.transpose(dy), xs) // [out, N]·[N, in]
              : tf.transpose(tf.matMul(tf.transpose(xs), dy)),
          ); // ([in, N]·[N, out])ᵀ
      return [dx, dw, sumRows(dy)]; // db [out]
    };
    return { value, gradFunc };
  });
  return f(x, w, b);
}

/** x·Wᵀ + b: x [N, in], W [out, in], b [out] → [N, out]; `flags`: W read through transposeB, not transposed first. */
function linearValue(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, flags: boolean): tf.Tensor2D {
  // With transpose flags, the product kernel itself on the 2-D operands (BLAS's, or our GEMM's, which both take
  // rank 2): tf.fused.matMul would add three Reshape dispatches (a, b to rank 3, the result back). Same product.
  return (
    flags
      ? tf
          .engine()
          .runKernel('_FusedMatMul', { a: x, b: w, bias: b }, { transposeA: false, transposeB: true, activation: 'linear' })
      : tf.tidy(() => tf.fused.matMul({ a: x, b: tf.transpose(w), bias: b }))
  ) as tf.Tensor2D;
}

/**
 * Rows of `table` [V, H] at `ids` → [ids.length, H]; the gradient is a dense [V, H] tensor whose row v is the
 * sum of the upstream rows that looked v up. `ids` is a host array so the backward pass can rebuild the index
 * tensor itself (a tensor captured here would already be freed by the forward tidy).
 */
export function embeddingLookup(table: tf.Tensor2D, ids: Int32Array): tf.Tensor2D {
  const [V, H] = table.shape;
  // No tape: the gather alone, without the customGrad scope. (GatherNd: tfjs-wasm's GatherV2 took 7 ms where
  // GatherNd takes 0.5 for [2048] rows of 256.)
  const gather = (t: tf.Tensor2D) => tf.tidy(() => tf.gatherND(t, tf.tensor2d(ids, [ids.length, 1], 'int32'))) as tf.Tensor2D;
  if (!recording()) return gather(table); // [ids.length, H]
  const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const t = args[0] as tf.Tensor2D;
    const value = gather(t); // [ids.length, H]
    const gradFunc = (dy: tf.Tensor2D): tf.Tensor[] => [
      tf.tidy(() => tf.scatterND(tf.tensor2d(ids, [ids.length, 1], 'int32'), dy, [V, H])),
    ];
    return { value, gradFunc };
  });
  return f(table);
}

/**
 * LayerNorm over the last axis, as torch.nn.LayerNorm (biased variance). x [N, H], γ, β [H] → [N, H].
 * Backward (x̂ = (x − μ)·r, r = 1/√(σ² + ε), g = dy·γ): dx = r·(g − mean(g) − x̂·mean(g·x̂)), dγ = Σ dy·x̂, dβ = Σ dy.
 */
export function layerNorm(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number): tf.Tensor2D {
  if (wasmKernelsReady() && layerNormKernelFits(x.shape[1])) {
    // One SIMD kernel each way (kernels/kernels.wat) — the same maths as the composite ops below.
    const withGrad = recording();
    const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const [xi, g, b, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
      const { y, xhat, rstd } = layerNormKernelOp(xi, g, b, eps, withGrad);
      if (xhat && rstd) {
        save([xhat, rstd, g]);
        xhat.dispose();
        rstd.dispose();
      } // save keeps its own copies
      const gradFunc = (dy: tf.Tensor2D, saved: tf.Tensor[]): tf.Tensor[] => {
        const [xh, rs, gs] = saved as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
        if (!xh) throw new Error('LayerNorm backward without saved statistics: the forward ran outside a gradient scope');
        return layerNormGradKernelOp(dy, xh, rs, gs);
      };
      return { value: y, gradFunc };
    });
    return f(x, gamma, beta);
  }
  const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [xi, g, b, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
    const [xhat, r] = tf.tidy(() => {
      const { mean, variance } = tf.moments(xi, -1, true); // [N, 1] each
      const rstd = tf.rsqrt(tf.add(variance, eps)); // [N, 1]
      return [tf.mul(tf.sub(xi, mean), rstd), rstd]; // x̂ [N, H]
    });
    save([xhat, r, g]);
    const value = tf.tidy(() => tf.add(tf.mul(xhat, g), b)) as tf.Tensor2D;
    const gradFunc = (dy: tf.Tensor2D, saved: tf.Tensor[]): tf.Tensor[] => {
      const [xh, rs, gs] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
      const dx = tf.tidy(() => {
        const gx = tf.mul(dy, gs); // [N, H]
        const centred = tf.sub(gx, tf.mean(gx, -1, true));
        return tf.mul(tf.sub(centred, tf.mul(xh, tf.mean(tf.mul(gx, xh), -1, true))), rs);
      });
      return [dx, tf.tidy(() => sumRows(tf.mul(dy, xh))), sumRows(dy)];
    };
    return { value, gradFunc };
  });
  return f(x, gamma, beta);
}

/** tf.env() flag, true by default: `addLayerNorm`'s one-kernel path (false: Add then LayerNorm, for bench/ab.ts). */
export const ADD_LAYER_NORM_FLAG = 'HBW_ADD_LAYER_NORM';
tf.env().registerFlag(ADD_LAYER_NORM_FLAG, () => true);

/**
 * Post-LN's LayerNorm(x + residual), x, residual [N, H] → [N, H]. Outside a gradient tape, on our wasm kernels,
 * one kernel does both (no Add pass, no [N, H] sum tensor, one dispatch fewer); the same float32 bits as
 * `layerNorm(tf.add(x, residual), …)`, which runs everywhere else.
 */
export function addLayerNorm(
  x: tf.Tensor2D,
  residual: tf.Tensor2D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  eps: number,
): tf.Tensor2D {
  const fits = layerNormKernelFits(x.shape[1]) && x.shape.join() === residual.shape.join();
  if (fits && !recording() && tf.env().getBool(ADD_LAYER_NORM_FLAG) && wasmKernelsReady())
    return layerNormKernelOp(x, gamma, beta, eps, false, residual).y;
  return tf.tidy(() => layerNorm(tf.add(x, residual) as tf.Tensor2D, gamma, beta, eps));
}

/** Exact GELU x·Φ(x), Φ(x) = ½(1 + erf(x/√2)); backward dy·(Φ(x) + x·φ(x)), φ(x) = e^(−x²/2)/√(2π). */
function geluErf(x: tf.Tensor2D): tf.Tensor2D {
  if (wasmKernelsReady()) {
    // One SIMD pass gives y and the derivative (kernels/kernels.wat); the backward is then one multiply, and the
    // tape keeps one tensor instead of two. Without a tape: y alone, no customGrad scope.
    if (!recording()) return geluKernelOp(x, false).y as tf.Tensor2D;
    const g = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const [xi, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
      const { y, d } = geluKernelOp(xi, true);
      if (d) {
        save([d]);
        d.dispose();
      } // save keeps its own copy
      const gradFunc = (dy: tf.Tensor2D, saved: tf.Tensor[]): tf.Tensor[] => {
        if (!saved[0]) throw new Error('GELU backward without a saved derivative: the forward ran outside a gradient scope');
        return [tf.mul(dy, saved[0])];
      };
      return { value: y as tf.Tensor2D, gradFunc };
    });
    return g(x);
  }
  const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [xi, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const cdf = tf.tidy(() => tf.mul(tf.add(tf.erf(tf.mul(xi, Math.SQRT1_2)), 1), 0.5)); // Φ(x) [N, I]
    save([xi, cdf]);
    const value = tf.mul(xi, cdf) as tf.Tensor2D;
    const gradFunc = (dy: tf.Tensor2D, saved: tf.Tensor[]): tf.Tensor[] => {
      const [xs, c] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [
        tf.tidy(() => {
          const pdf = tf.mul(tf.exp(tf.mul(tf.square(xs), -0.5)), 1 / Math.sqrt(2 * Math.PI));
          return tf.mul(dy, tf.add(c, tf.mul(xs, pdf)));
        }),
      ];
    };
    return { value, gradFunc };
  });
  return f(x);
}

/**
 * Activations by HF name. 'gelu' is the exact erf form: tf.erf exists on every backend we use (WASM's is
 * accurate to 6e-8 over [-8, 8]; the resulting GELU to 7e-7, i.e. float32 rounding). The tanh form differs
 * from it by up to 4.7e-4, too much for 1e-4 parity, so it is only used when the config asks for it.
 */
export function activation(x: tf.Tensor2D, act: HiddenAct): tf.Tensor2D {
  return tf.tidy(() => {
    if (act === 'relu') return tf.relu(x);
    if (act === 'gelu') return geluErf(x);
    // gelu_new / gelu_pytorch_tanh: 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))); tanh(z) = 2σ(2z) − 1.
    const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), 2 * Math.sqrt(2 / Math.PI));
    return tf.mul(x, tf.sigmoid(inner));
  });
}

/** Attention probabilities softmax(scores + mask) over keys: scores [n, h, L, L], mask [n, 1, 1, L] or null. */
export function maskedSoftmax(scores: tf.Tensor4D, mask: tf.Tensor4D | null): tf.Tensor4D {
  // tfjs-wasm's Softmax is XNNPACK's (0.64–0.68 ms for [32, 4, 64, 64]); a SIMD kernel of ours with the mask Add
  // inside measured 0.82 ms with a mask (Add + Softmax 0.88) and 0.82 without (0.68), so it was not kept.
  return tf.tidy(() => tf.softmax(mask ? (tf.add(scores, mask) as tf.Tensor4D) : scores));
}

/** Row-wise x / max(‖x‖, 1e-12) as torch F.normalize (the clamp keeps the gradient finite at 0). x [n, d]. */
export function l2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.mul(x, tf.rsqrt(tf.maximum(tf.sum(tf.square(x), 1, true), 1e-24))));
}

/**
 * Mean of the unmasked rows: h [n, L, H], mask [n·L] of 0/1 → [n, H] (sentence-transformers clamps the
 * count at 1e-9). Σ over L as batched products with the mask as the row vector, not a reduction over a middle axis.
 */
export function maskedMean(h: tf.Tensor3D, mask: Int32Array): tf.Tensor2D {
  const [n, L] = h.shape;
  const counts = new Float32Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < L; j++) counts[i] += mask[i * L + j];
  return tf.tidy(() => {
    const sum = maskedSum(h, mask); // [n, H]
    return tf.div(
      sum,
      tf.tensor2d(
        counts.map((c) => Math.max(c, 1e-9)),
        [n, 1],
      ),
    );
  });
}

/**
 * Σ over L of h·mask: h [n, L, H], mask [n·L] of 0/1 → [n, H], in two levels when L has a divisor b near √L
 * (`blockRows`): [n·L/b] blocks of b rows, each a [1×b]·[b×H] product with its mask values, then the L/b block
 * sums of each text added by a [1×L/b] product of ones; no copies. The pooled vector is much shorter than the
 * rows it sums, so the sum's rounding shows in it: one sequential sum over L doubled the float32 error of the
 * pooled embeddings against float64 (1.3e-7 against torch's 6.5e-8); in two levels it is 6.8–7.0e-8. Backward:
 * dy broadcast over L, times the mask.
 */
function maskedSum(h: tf.Tensor3D, mask: Int32Array): tf.Tensor2D {
  const [n, L, H] = h.shape;
  const b = blockRows(L);
  const value = (x: tf.Tensor3D): tf.Tensor2D =>
    tf.tidy(() => {
      const m = tf.tensor3d(Float32Array.from(mask), [(n * L) / b, 1, b]); // [n·L/b, 1, b]
      const blocks = tf.matMul(m, tf.reshape(x, [(n * L) / b, b, H])); // [n·L/b, 1, H]
      if (b === L) return tf.reshape(blocks, [n, H]);
      return tf.reshape(tf.matMul(tf.ones([1, 1, L / b]), tf.reshape(blocks, [n, L / b, H])), [n, H]);
    });
  if (!recording()) return value(h);
  const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const x = args[0] as tf.Tensor3D;
    const gradFunc = (dy: tf.Tensor2D): tf.Tensor[] => [
      tf.tidy(() => tf.mul(tf.reshape(dy, [n, 1, H]), tf.tensor3d(Float32Array.from(mask), [n, L, 1]))), // [n, L, H]
    ];
    return { value: value(x), gradFunc };
  });
  return f(h);
}
