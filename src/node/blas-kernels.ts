/**
 * tfjs-backend-wasm's matrix products (`BatchMatMul`, `_FusedMatMul`) re-registered to run in the system BLAS
 * (`blas.ts`), reading and writing the WASM heap in place. Every other kernel stays tfjs-wasm's own.
 *
 * What it buys (bench/README.md): the 2-D products leave XNNPACK's SIMD128 path (18–25 GFLOP/s here) for
 * OpenBLAS's AVX2/FMA one (~65–85 GFLOP/s per thread), and batched products (attention: [n, heads, L, d]) leave
 * tfjs-wasm's scalar fallback (~2 GFLOP/s) — it only sends a product to XNNPACK when both batch sizes are 1.
 * Transposed operands cost nothing: sgemm reads them through its trans flags.
 *
 * Anything this file does not handle (non-float32, a fused activation other than linear, a PReLU or a bias that
 * is not a vector over the output columns) goes to the original kernel, kept from registration time.
 */
import * as tf from '@tensorflow/tfjs';
import { HEAD_CONTEXT, HEAD_SCORES, type HeadAttrs, headOperandWidth, setHeadProductsGate } from '../core/model/head-products';
import { productShape } from '../core/model/kernels/product-shape';
import { TRANSPOSED_MATMUL_FAST } from '../core/model/ops';
import { recording } from '../core/model/tape';
import { heapOffset, type KernelArgs, type WasmBackendLike as WasmBackend } from '../core/util/wasm-heap';
import type { Blas } from './blas';
import type { HeadLoops, NativeKernels } from './native-kernels';

type KernelFn = (args: KernelArgs) => tf.TensorInfo;

const KERNELS = ['BatchMatMul', '_FusedMatMul'] as const;
let originals: Map<string, tf.KernelConfig> | undefined;
/** The wasm SIMD head kernels and their gate (core/model/kernels/wasm-gemm.ts), put back on uninstall. */
let keptHeads: { configs: tf.KernelConfig[]; gate: (() => boolean) | undefined } | undefined;
let activeBlas: Blas | undefined;
/** The per-head sgemm loops in native code (native-kernels.ts), when backend.ts found them; else the JS loops below. */
let headLoops: HeadLoops | undefined;

/** Hand the per-head loops to native code (one FFI call per product instead of n·h), or back to JS (undefined). */
export function setHeadLoops(loops: HeadLoops | undefined): void {
  headLoops = loops;
}

/** native-kernels.ts's inference dense product (dense.c), when backend.ts found it. */
let denseKernel: NativeKernels['dense'] | undefined;
let denseProducts = 0;
/**
 * Each weight's packed copy, by the tensor data's identity. Safe because data never changes under a dataId: tfjs
 * makes a new one for every new value (Variable.assign adopts the new value's), and a reshape that shares the data
 * is told apart by the (transposeB, k, n) key. An entry goes when its dataId is garbage (the tensor disposed).
 */
let packs = new WeakMap<object, Map<string, Float32Array>>();
/** The kernel whose layout `packs` holds. */
let packsFor: NativeKernels['dense'] | undefined;

/**
 * Inference products (no gradient tape) of the dense layers' shape — one [m, k] · [k, n] (+ bias), the weight
 * [k, n] or [n, k] (transposeB), m ≥ DENSE_MIN_ROWS — go to `dense` instead of sgemm from the second time their B
 * is used, with B packed then and kept while it lives (`packs`, `seen`).
 * The forward pass under a gradient tape keeps sgemm, and so does its backward: tfjs runs the backward outside
 * the tape, but its B operands are copies saved per forward, each used once.
 */
export function setDenseKernel(dense: NativeKernels['dense'] | undefined): void {
  // Off and on again with the same kernel (withBrowserArithmetic, uninstall/install) keeps the packs; another
  // kernel (another build of the library) starts afresh.
  if (dense && dense !== packsFor) {
    packs = new WeakMap();
    seen = new WeakSet();
    packsFor = dense;
  }
  denseKernel = dense;
}

/**
 * Operands seen once as the B of a product that could go to `dense`. Only a B met again is packed: a weight is
 * (every batch of an encoding, every chunk of candidates in an evaluation), while a one-shot operand — the
 * backward pass's copies of the weights that tf.customGrad saved, a new copy per forward — would be copied into a
 * pack used once (no faster than sgemm) and leave a pack per copy for the garbage collector: 38 MB per training
 * step of the bench model, and the external-memory pressure made V8 run two full collections per step.
 */
let seen = new WeakSet<object>();

/** The packed copy of a B met before, else undefined (and B is remembered): the product then goes to sgemm. */
function packedWeight(b: tf.TensorInfo, bv: Float32Array, tB: boolean, k: number, n: number): Float32Array | undefined {
  let byShape = packs.get(b.dataId);
  if (!byShape) {
    if (!seen.has(b.dataId)) {
      seen.add(b.dataId);
      return undefined;
    }
    packs.set(b.dataId, (byShape = new Map()));
  }
  const key = `${tB}:${k}:${n}`;
  let p = byShape.get(key);
  if (!p) byShape.set(key, (p = denseKernel!.pack(bv, tB, k, n)));
  return p;
}

export const DENSE_MIN_ROWS = 64;

/** Products the native dense kernel computed since the process started (tests and benchmarks check the path). */
export function denseProductCount(): number {
  return denseProducts;
}

/** Route tfjs-wasm's matrix products to `blas`. Idempotent; `uninstallBlasKernels` restores tfjs's own. */
export function installBlasKernels(blas: Blas): void {
  activeBlas = blas;
  if (originals) return;
  const kept = new Map<string, tf.KernelConfig>();
  for (const name of KERNELS) {
    const config = tf.getKernel(name, 'wasm');
    if (!config)
      throw new Error(`tfjs-backend-wasm has no ${name} kernel to replace: import '@tensorflow/tfjs-backend-wasm' first`);
    kept.set(name, config);
  }
  originals = kept;
  const register = (name: string, fn: KernelFn) => {
    tf.unregisterKernel(name, 'wasm');
    // The original setupFunc stays: it binds the WASM export the fallback path calls, and a re-created backend
    // runs every registered setupFunc again.
    tf.registerKernel({ ...kept.get(name)!, kernelFunc: fn as unknown as tf.KernelFunc });
  };
  register('BatchMatMul', batchMatMul);
  register('_FusedMatMul', fusedMatMul);
  // Attention's per-head products on the [n·L, H] layout (core/model/head-products.ts), over the wasm SIMD ones.
  const heads = [HEAD_SCORES, HEAD_CONTEXT].map((n) => tf.getKernel(n, 'wasm')).filter((c) => c !== undefined);
  for (const c of heads) tf.unregisterKernel(c.kernelName, 'wasm');
  keptHeads = { configs: heads, gate: setHeadProductsGate('wasm', undefined) };
  tf.registerKernel({ kernelName: HEAD_SCORES, backendName: 'wasm', kernelFunc: headScores as unknown as tf.KernelFunc });
  tf.registerKernel({ kernelName: HEAD_CONTEXT, backendName: 'wasm', kernelFunc: headContext as unknown as tf.KernelFunc });
  tf.env().set(TRANSPOSED_MATMUL_FAST, true);
}

export function uninstallBlasKernels(): void {
  if (!originals) return;
  for (const [name, config] of originals) {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(config);
  }
  tf.unregisterKernel(HEAD_SCORES, 'wasm');
  tf.unregisterKernel(HEAD_CONTEXT, 'wasm');
  headLoops = undefined;
  setDenseKernel(undefined);
  for (const c of keptHeads?.configs ?? []) tf.registerKernel(c);
  setHeadProductsGate('wasm', keptHeads?.gate);
  keptHeads = undefined;
  originals = undefined;
  activeBlas = undefined;
  tf.env().set(TRANSPOSED_MATMUL_FAST, false);
}

export function blasKernelsInstalled(): boolean {
  return originals !== undefined;
}

let products = 0;
/** Matrix products run in BLAS since the process started (tests and benchmarks check the path was taken). */
export function blasProductCount(): number {
  return products;
}

const fallback = (name: string, args: KernelArgs) => (originals!.get(name)!.kernelFunc as unknown as KernelFn)(args);

function batchMatMul(args: KernelArgs): tf.TensorInfo {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return fallback('BatchMatMul', args);
  const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
  return product(args.backend as WasmBackend, a, b, !!transposeA, !!transposeB, undefined);
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
    !plainBias
  )
    return fallback('_FusedMatMul', args);
  return product(args.backend as WasmBackend, a!, b!, !!transposeA, !!transposeB, bias ?? undefined);
}

/**
 * out[..., m, n] = op(a)[..., m, k] · op(b)[..., k, n] (+ bias[n]), batch dimensions broadcast as tf.matMul.
 * One sgemm per output batch entry; with a bias, C starts as the bias rows and sgemm adds (β = 1).
 */
function product(
  backend: WasmBackend,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  tA: boolean,
  tB: boolean,
  bias: tf.TensorInfo | undefined,
): tf.TensorInfo {
  const { m, k, n, batchOut, batches, aIndex, bIndex } = productShape(a.shape, b.shape, tA, tB);
  const out = backend.makeOutput([...batchOut, m, n], 'float32');
  if (batches * m * n === 0) return out;
  // Offsets after makeOutput: its malloc may grow (and so replace) the heap's ArrayBuffer.
  const heap = backend.wasm.HEAPU8.buffer;
  const at = (t: tf.TensorInfo) => heapOffset(backend, t);
  const aOff = at(a),
    bOff = at(b),
    cOff = at(out);
  const c = new Float32Array(heap, cOff, batches * m * n);
  const packed =
    denseKernel && batches === 1 && !tA && m >= DENSE_MIN_ROWS && k > 0 && !recording()
      ? packedWeight(b, new Float32Array(heap, bOff + bIndex(0) * k * n * 4, k * n), tB, k, n)
      : undefined;
  if (packed) {
    denseProducts++;
    const av = new Float32Array(heap, aOff + aIndex(0) * m * k * 4, m * k);
    denseKernel!.product(av, packed, bias ? new Float32Array(heap, at(bias), n) : null, c, m, n, k);
    return out;
  }
  if (bias) {
    // The bias in every row: one row, doubled up to 16 rows, then 16-row blocks — fewer calls than row by row
    // (a [2048 × 256] C: 0.025 ms against 0.06–0.07 ms; ~0.9 ms per no-grad batch of the bench model).
    c.set(new Float32Array(heap, at(bias), n), 0);
    const block = Math.min(16 * n, c.length);
    let w = n;
    for (; w < block; w *= 2) c.copyWithin(w, 0, Math.min(w, c.length - w));
    for (; w < c.length; w += block) c.copyWithin(w, 0, Math.min(block, c.length - w));
  }
  if (k === 0) {
    if (!bias) c.fill(0);
    return out;
  }
  const blas = activeBlas!;
  products++;
  for (let i = 0; i < batches; i++) {
    const av = new Float32Array(heap, aOff + aIndex(i) * m * k * 4, m * k);
    const bv = new Float32Array(heap, bOff + bIndex(i) * k * n * 4, k * n);
    blas.sgemm(tA, tB, m, n, k, av, bv, c.subarray(i * m * n, (i + 1) * m * n), bias ? 1 : 0);
  }
  return out;
}

/** [n, h, L, L] block (i, j) = α · A_ij · B_ijᵀ, A_ij/B_ij = head j's columns of sequence i's rows of [n·L, H]. */
function headScores(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const at = args.attrs as unknown as HeadAttrs;
  const H = headOperandWidth(a, at, HEAD_SCORES),
    d = H / at.heads,
    { n, L, heads } = at;
  headOperandWidth(b, at, HEAD_SCORES);
  const out = backend.makeOutput([n, heads, L, L], 'float32');
  const heap = backend.wasm.HEAPU8.buffer;
  const A = new Float32Array(heap, heapOffset(backend, a), n * L * H),
    B = new Float32Array(heap, heapOffset(backend, b), n * L * H);
  const C = new Float32Array(heap, heapOffset(backend, out), n * heads * L * L);
  const blas = activeBlas!;
  products++;
  if (headLoops) {
    headLoops.scores(A, B, C, n, L, heads, H, at.alpha);
    return out;
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < heads; j++) {
      const from = i * L * H + j * d;
      blas.sgemmStrided(
        false,
        true,
        L,
        L,
        d,
        at.alpha,
        A.subarray(from),
        H,
        B.subarray(from),
        H,
        0,
        C.subarray((i * heads + j) * L * L),
        L,
      );
    }
  }
  return out;
}

/** [n·L, H] with head j's columns of sequence i's rows = α · op(P_ij) · V_ij; p [n, h, L, L], v [n·L, H]. */
function headContext(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { p, v } = args.inputs as { p: tf.TensorInfo; v: tf.TensorInfo };
  const at = args.attrs as unknown as HeadAttrs & { transposeP: boolean };
  const H = headOperandWidth(v, at, HEAD_CONTEXT),
    d = H / at.heads,
    { n, L, heads } = at;
  if (p.shape.join(',') !== [n, heads, L, L].join(',') || p.dtype !== 'float32') {
    throw new Error(`${HEAD_CONTEXT}: expected float32 p [${n}, ${heads}, ${L}, ${L}], got ${p.dtype} [${p.shape}]`);
  }
  const out = backend.makeOutput([n * L, H], 'float32');
  const heap = backend.wasm.HEAPU8.buffer;
  const P = new Float32Array(heap, heapOffset(backend, p), n * heads * L * L),
    V = new Float32Array(heap, heapOffset(backend, v), n * L * H);
  const C = new Float32Array(heap, heapOffset(backend, out), n * L * H);
  const blas = activeBlas!;
  products++;
  if (headLoops) {
    headLoops.context(P, V, C, n, L, heads, H, at.alpha, !!at.transposeP);
    return out;
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < heads; j++) {
      const from = i * L * H + j * d;
      blas.sgemmStrided(
        !!at.transposeP,
        false,
        L,
        d,
        L,
        at.alpha,
        P.subarray((i * heads + j) * L * L),
        L,
        V.subarray(from),
        H,
        0,
        C.subarray(from),
        H,
      );
    }
  }
  return out;
}
