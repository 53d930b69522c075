/**
 * Matrix products in our WASM SIMD GEMM (kernels.wat `gemm`) where tfjs-backend-wasm has only its scalar
 * fallback (~2 GFLOP/s): it sends a product to XNNPACK (SIMD128, 18–25 GFLOP/s) only when both batch sizes
 * are 1 and neither operand is transposed. So, on the wasm backend without a native BLAS (the browser):
 * - `BatchMatMul` / `_FusedMatMul` with a batch > 1 or a transposed operand run here, and plain 2-D products too
 *   where ours clearly beats XNNPACK (`plainProductHere`; bench/gemm.ts measures both); anything else
 *   (non-float32, fused activations) stays on tfjs's own.
 * - the attention head products (head-products.ts) get this implementation, so bert-layers takes the
 *   [n·L, H] layout (no split/merge transposes) in the browser too.
 * A runtime with a native BLAS (src/node/blas-kernels.ts) registers over these and restores them on uninstall.
 * tf.env flag HBW_WASM_GEMM=false keeps tfjs's kernels (A/B runs); HBW_WASM_KERNELS=false turns this off too.
 * The overrides need tfjs-backend-wasm's kernels registered first, hence its import here; that also registers the
 * wasm backend, which outranks cpu, so a program must choose a backend (or await tf.ready()) before its first
 * tensor — as the worker's and the Node runtime's backend set-up do.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { HEAD_CONTEXT, HEAD_SCORES, type HeadAttrs, headOperandWidth, setHeadProductsGate } from '../head-products';
import { heapOffset, type KernelArgs, type WasmBackendLike } from '../../util/wasm-heap';
import { productShape } from './product-shape';
import { kernelsFor, wasmKernelsReady } from './wasm-kernels';

export const WASM_GEMM_FLAG = 'HBW_WASM_GEMM';
tf.env().registerFlag(WASM_GEMM_FLAG, () => true);

let calls = 0;
/** GEMM kernel invocations since start (tests and benchmarks check the path was taken). */
export function wasmGemmCalls(): number {
  return calls;
}

/** True when the active backend is wasm and products can run in our GEMM. */
export function wasmGemmReady(): boolean {
  return tf.env().getBool(WASM_GEMM_FLAG) && wasmKernelsReady();
}

type KernelFn = (args: KernelArgs) => tf.TensorInfo;
const originals = new Map<string, KernelFn>();

/** Whether tfjs-wasm would run this product in its scalar fallback (batched or transposed). */
function tfjsWouldFallBack(a: tf.TensorInfo, b: tf.TensorInfo, tA: boolean, tB: boolean): boolean {
  const batch = (t: tf.TensorInfo) => t.shape.slice(0, -2).reduce((p, d) => p * d, 1);
  return tA || tB || batch(a) > 1 || batch(b) > 1;
}

/**
 * Whether a plain 2-D product (tfjs-wasm's XNNPACK path) runs here: only with the relaxed-SIMD build and at least
 * 64 rows and columns. bench/gemm.ts, CPU time: relaxed ours 1.36–1.51× XNNPACK on the [2048 × 256|1024] dense
 * products, 1.18× at 32 rows, 0.19× at 1 row (packing B outweighs one row); SIMD128 ours only 1.06–1.27×.
 */
function plainProductHere(backend: WasmBackendLike, a: tf.TensorInfo, b: tf.TensorInfo): boolean {
  return plainProductsToGemm(a.shape[a.shape.length - 2], b.shape[b.shape.length - 1], kernelsFor(backend)!.relaxed);
}

/**
 * The rule of `plainProductHere`, and one more: XNNPACK keeps them when tfjs-wasm runs more than one thread. Our
 * GEMM is single-threaded; with 2 threads XNNPACK's pool was faster (Chromium browser-encode, 2 threads: ours
 * 105 texts/s with the products here against 117 /s on XNNPACK; 1 thread: 109 against 58).
 */
function plainProductsToGemm(m: number, n: number, relaxed: boolean): boolean {
  return m >= PLAIN_MIN && n >= PLAIN_MIN && relaxed && getThreadsCount() === 1;
}

/** Rows and columns from which our relaxed-SIMD GEMM takes plain 2-D products off XNNPACK (`plainProductHere`). */
const PLAIN_MIN = 64;

/**
 * True when a plain [m, ·]·[·, n] product runs in our GEMM (its relaxed-SIMD build is active and m, n ≥ 64), where
 * a transposed operand costs no more than a plain one and packs the same values: `linear` then passes transpose
 * flags instead of materialising transposes, with the same results (the Transpose kernels were 20 of 370 ms of an
 * encoded batch of 32 × 64 tokens, tf.profile). Smaller products stay plain: XNNPACK rounds differently.
 */
export function wasmGemmRunsPlainProduct(m: number, n: number): boolean {
  return wasmGemmReady() && plainProductsToGemm(m, n, kernelsFor(tf.backend())!.relaxed);
}

/** Whether this float32 product runs in our GEMM (`wasmGemmReady()` checked by the caller). */
function runsHere(args: KernelArgs, a: tf.TensorInfo, b: tf.TensorInfo, tA: boolean, tB: boolean): boolean {
  return tfjsWouldFallBack(a, b, tA, tB) || plainProductHere(args.backend as WasmBackendLike, a, b);
}

function batchMatMul(args: KernelArgs): tf.TensorInfo {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || !wasmGemmReady() || !runsHere(args, a, b, transposeA, transposeB))
    return originals.get('BatchMatMul')!(args);
  return product(args.backend as WasmBackendLike, a, b, !!transposeA, !!transposeB, undefined);
}

function fusedMatMul(args: KernelArgs): tf.TensorInfo {
  const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const { transposeA, transposeB, activation } = args.attrs as { transposeA: boolean; transposeB: boolean; activation?: string };
  const n = transposeB ? b!.shape[b!.shape.length - 2] : b!.shape[b!.shape.length - 1];
  const plainBias = bias == null || (bias.dtype === 'float32' && bias.shape.length === 1 && bias.shape[0] === n);
  if (
    a!.dtype !== 'float32' ||
    b!.dtype !== 'float32' ||
    (activation ?? 'linear') !== 'linear' ||
    preluActivationWeights != null ||
    !plainBias ||
    !wasmGemmReady() ||
    !runsHere(args, a!, b!, transposeA, transposeB)
  )
    return originals.get('_FusedMatMul')!(args);
  return product(args.backend as WasmBackendLike, a!, b!, !!transposeA, !!transposeB, bias ?? undefined);
}

/**
 * out[..., m, n] = op(a)[..., m, k] · op(b)[..., k, n] (+ bias[n]), batch dimensions broadcast as tf.matMul.
 * One GEMM per output batch entry; a transpose is the operand read with its strides swapped.
 */
function product(
  backend: WasmBackendLike,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  tA: boolean,
  tB: boolean,
  bias: tf.TensorInfo | undefined,
): tf.TensorInfo {
  const { m, k, n, batchOut, batches, aIndex, bIndex } = productShape(a.shape, b.shape, tA, tB);
  const out = backend.makeOutput([...batchOut, m, n], 'float32');
  if (batches * m * n === 0) return out;
  const kern = kernelsFor(backend)!;
  calls++;
  // Offsets after makeOutput: its malloc may grow (and so replace) the heap's ArrayBuffer.
  const aOff = heapOffset(backend, a),
    bOff = heapOffset(backend, b),
    cOff = heapOffset(backend, out);
  const biasOff = bias ? heapOffset(backend, bias) : 0;
  if (k === 0) {
    // No k block for the GEMM to write: C is the bias rows, or 0.
    const c = new Float32Array(backend.wasm.HEAPU8.buffer, cOff, batches * m * n);
    if (bias) {
      const row = new Float32Array(backend.wasm.HEAPU8.buffer, biasOff, n);
      for (let r = 0; r < batches * m; r++) c.set(row, r * n);
    } else c.fill(0);
    return out;
  }
  // op(a)[i][p] = a[i·ars + p·acs], op(b)[p][j] = b[p·brs + j·bcs] (element strides).
  const [ars, acs] = tA ? [1, m] : [k, 1];
  const [brs, bcs] = tB ? [1, k] : [n, 1];
  for (let i = 0; i < batches; i++) {
    kern.gemm(
      m,
      n,
      k,
      aOff + aIndex(i) * m * k * 4,
      ars,
      acs,
      bOff + bIndex(i) * k * n * 4,
      brs,
      bcs,
      cOff + i * m * n * 4,
      n,
      1,
      0,
      kern.gemmScratch,
      biasOff, // added in the GEMM's write-back: no pass filling C with bias rows first (~10 % of FFN up)
    );
  }
  return out;
}

/** [n, h, L, L] block (i, j) = α · A_ij · B_ijᵀ, A_ij/B_ij = head j's columns of sequence i's rows of [n·L, H]. */
function headScores(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const at = args.attrs as unknown as HeadAttrs;
  const H = headOperandWidth(a, at, HEAD_SCORES),
    d = H / at.heads,
    { n, L, heads } = at;
  headOperandWidth(b, at, HEAD_SCORES);
  const out = backend.makeOutput([n, heads, L, L], 'float32');
  const kern = kernelsFor(backend)!;
  calls++;
  const aOff = heapOffset(backend, a),
    bOff = heapOffset(backend, b),
    cOff = heapOffset(backend, out);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < heads; j++) {
      const from = (i * L * H + j * d) * 4;
      // A_ij [L, d] rows H apart; B_ijᵀ [d, L]: element (p, col) at col·H + p.
      kern.gemm(
        L,
        L,
        d,
        aOff + from,
        H,
        1,
        bOff + from,
        1,
        H,
        cOff + (i * heads + j) * L * L * 4,
        L,
        at.alpha,
        0,
        kern.gemmScratch,
        0,
      );
    }
  }
  return out;
}

/** [n·L, H] with head j's columns of sequence i's rows = α · op(P_ij) · V_ij; p [n, h, L, L], v [n·L, H]. */
function headContext(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { p, v } = args.inputs as { p: tf.TensorInfo; v: tf.TensorInfo };
  const at = args.attrs as unknown as HeadAttrs & { transposeP: boolean };
  const H = headOperandWidth(v, at, HEAD_CONTEXT),
    d = H / at.heads,
    { n, L, heads } = at;
  if (p.shape.join(',') !== [n, heads, L, L].join(',') || p.dtype !== 'float32') {
    throw new Error(`${HEAD_CONTEXT}: expected float32 p [${n}, ${heads}, ${L}, ${L}], got ${p.dtype} [${p.shape}]`);
  }
  const out = backend.makeOutput([n * L, H], 'float32');
  const kern = kernelsFor(backend)!;
  calls++;
  const pOff = heapOffset(backend, p),
    vOff = heapOffset(backend, v),
    cOff = heapOffset(backend, out);
  const [prs, pcs] = at.transposeP ? [1, L] : [L, 1];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < heads; j++) {
      const from = (i * L * H + j * d) * 4;
      // op(P_ij) [L, L]; V_ij [L, d] rows H apart; the result block [L, d] rows H apart.
      kern.gemm(
        L,
        d,
        L,
        pOff + (i * heads + j) * L * L * 4,
        prs,
        pcs,
        vOff + from,
        H,
        1,
        cOff + from,
        H,
        at.alpha,
        0,
        kern.gemmScratch,
        0,
      );
    }
  }
  return out;
}

for (const [name, fn] of [
  ['BatchMatMul', batchMatMul],
  ['_FusedMatMul', fusedMatMul],
] as const) {
  const config = tf.getKernel(name, 'wasm');
  if (!config || originals.has(name)) continue;
  originals.set(name, config.kernelFunc as unknown as KernelFn);
  tf.unregisterKernel(name, 'wasm');
  // tfjs's setupFunc stays: it binds the WASM export the original kernel calls.
  tf.registerKernel({ ...config, kernelFunc: fn as unknown as tf.KernelFunc });
}
for (const [kernelName, fn] of [
  [HEAD_SCORES, headScores],
  [HEAD_CONTEXT, headContext],
] as const) {
  if (!tf.getKernel(kernelName, 'wasm'))
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: fn as unknown as tf.KernelFunc });
}
setHeadProductsGate('wasm', wasmGemmReady);
