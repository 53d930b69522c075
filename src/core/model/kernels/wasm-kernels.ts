/**
 * Our own kernels for tfjs-backend-wasm (kernels.wat, WebAssembly SIMD), registered under their own names and
 * instantiated once per wasm backend on tfjs's own memory — they read and write tensors where tfjs keeps them.
 * Every backend other than wasm, or a wasm build whose memory cannot be found, keeps the composite tf ops
 * (`ops.ts` asks `wasmKernelsReady()` first). tf.env flag HBW_WASM_KERNELS=false turns them off (A/B runs).
 *
 * - GELU (exact erf form) forward with its derivative in one pass: the composite version is Erf (scalar libm,
 *   7.4 ns per element here) + four element-wise passes, and its backward an Exp at 12 ns per element. Without
 *   the derivative (no-grad inference) an exp-free loop runs, Φ within 1.5e-7 (kernels.wat `$geluNoGrad`).
 * - LayerNorm forward (y, and x̂, r for the backward) and backward (dx, dγ, dβ) in one kernel each, instead of
 *   ten and eight tfjs-wasm passes; rows whose width is not a multiple of 4 keep the composite ops.
 */
import * as tf from '@tensorflow/tfjs';
import { heapOffset, type KernelArgs, type WasmBackendLike, wasmMemory } from '../../util/wasm-heap';
import { KERNELS_WASM, KERNELS_WASM_RELAXED, KERNELS_WASM_RELAXED_SHARED, KERNELS_WASM_SHARED } from './kernels-wasm';

export const GELU_KERNEL = 'HbwGeluErf';
export const LAYER_NORM_KERNEL = 'HbwLayerNorm';
export const LAYER_NORM_GRAD_KERNEL = 'HbwLayerNormGrad';
export const WASM_KERNELS_FLAG = 'HBW_WASM_KERNELS';
tf.env().registerFlag(WASM_KERNELS_FLAG, () => true);
/**
 * Relaxed SIMD where the engine has it (Chromium ≥ 114; Node 20 only with --experimental-wasm-relaxed-simd): the
 * GEMM's multiply-adds fused (f32x4.relaxed_madd): half its instructions, 1.06–1.4× its SIMD128 speed (the more,
 * the busier the core's other hyperthread). Fused or not is the engine's choice, so results may differ by rounding
 * across machines. Read when a backend's module is instantiated; false keeps SIMD128 (A/B runs).
 */
export const WASM_RELAXED_SIMD_FLAG = 'HBW_WASM_RELAXED_SIMD';
tf.env().registerFlag(WASM_RELAXED_SIMD_FLAG, () => true);

interface Kernels {
  gelu(x: number, y: number, d: number, n: number): void;
  layerNorm(
    x: number,
    g: number,
    b: number,
    y: number,
    xh: number,
    rs: number,
    rows: number,
    h: number,
    eps: number,
    res: number,
  ): void;
  layerNormGrad(dy: number, xh: number, rs: number, g: number, dx: number, dg: number, db: number, rows: number, h: number): void;
  /** C = α·op(A)·op(B) + (C when acc, else the bias row when bias ≠ 0), operands by element strides; kernels.wat `gemm`. */
  gemm(
    m: number,
    n: number,
    k: number,
    a: number,
    aRowStride: number,
    aColStride: number,
    b: number,
    bRowStride: number,
    bColStride: number,
    c: number,
    ldc: number,
    alpha: number,
    acc: number,
    ws: number,
    bias: number,
  ): void;
  /** 48 bytes of tfjs heap for the < 4 trailing elements (the SIMD loop works on groups of 4). */
  scratch: number;
  /** GEMM packing buffers (GEMM_SCRATCH_BYTES, 16-byte aligned), taken from the heap once per backend. */
  gemmScratch: number;
  /** Whether this is the relaxed-SIMD build (fused multiply-adds in the GEMM). */
  relaxed: boolean;
}

/** kernels.wat `gemm`'s $ws: A sliver 5 KB + tile 160 B + B block 256 KB. */
const GEMM_SCRATCH_BYTES = 267_424;

const instances = new WeakMap<object, Kernels | null>();
let calls = 0;
/** Kernel invocations since start (tests check that a path really ran here). */
export function wasmKernelCalls(): number {
  return calls;
}

function decode(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The build for a plain or shared memory: relaxed SIMD when the flag allows it and the engine validates it. */
function moduleBytes(shared: boolean): { bytes: Uint8Array<ArrayBuffer>; relaxed: boolean } {
  if (tf.env().getBool(WASM_RELAXED_SIMD_FLAG)) {
    const bytes = decode(shared ? KERNELS_WASM_RELAXED_SHARED : KERNELS_WASM_RELAXED);
    if (WebAssembly.validate(bytes)) return { bytes, relaxed: true };
  }
  return { bytes: decode(shared ? KERNELS_WASM_SHARED : KERNELS_WASM), relaxed: false };
}

/** The module instantiated on this backend's memory, or null when that memory is not reachable. Cached. */
export function kernelsFor(backend: object): Kernels | null {
  if (instances.has(backend)) return instances.get(backend)!;
  let k: Kernels | null = null;
  try {
    const memory = wasmMemory(backend as WasmBackendLike);
    if (memory) {
      const { bytes, relaxed } = moduleBytes(
        typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer,
      );
      // Synchronous compile of ~4.5 KB: Chromium refuses sync compiles over 4 KB on the main thread only, and
      // the engine runs in a worker (src/worker); a main-thread caller lands in the catch (composite ops).
      const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
      const ex = inst.exports as unknown as Omit<Kernels, 'scratch' | 'gemmScratch' | 'relaxed'>;
      k = {
        relaxed,
        gelu: ex.gelu,
        layerNorm: ex.layerNorm,
        layerNormGrad: ex.layerNormGrad,
        gemm: ex.gemm,
        scratch: (backend as WasmBackendLike).wasm._malloc(48),
        // Once per backend, never freed (the backend's lifetime): no per-call allocation or heap growth.
        gemmScratch: Math.ceil((backend as WasmBackendLike).wasm._malloc(GEMM_SCRATCH_BYTES + 15) / 16) * 16,
      };
    }
  } catch {
    k = null; // no SIMD, or a memory the module cannot import: the composite ops run instead
  }
  instances.set(backend, k);
  return k;
}

/** True when the active backend is wasm and our kernels run on it. */
export function wasmKernelsReady(): boolean {
  return tf.getBackend() === 'wasm' && tf.env().getBool(WASM_KERNELS_FLAG) && kernelsFor(tf.backend()) !== null;
}

function prepare(args: KernelArgs, name: string): { b: WasmBackendLike; k: Kernels; at: (t: tf.TensorInfo) => number } {
  for (const [input, t] of Object.entries(args.inputs))
    if (t && t.dtype !== 'float32') throw new Error(`${name} takes float32 ${input}, got ${t.dtype}`);
  const b = args.backend as WasmBackendLike;
  const k = kernelsFor(b);
  if (!k) throw new Error(`${name}: the wasm backend's memory is not reachable (check wasmKernelsReady() first)`);
  calls++;
  return { b, k, at: (t) => heapOffset(b, t) };
}

/** GELU: inputs {x} float32; attrs {withGrad}; outputs y = x·Φ(x) and, with withGrad, Φ(x) + x·φ(x). */
function geluKernel(args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const { b, k, at } = prepare(args, GELU_KERNEL);
  const x = args.inputs.x!;
  const withGrad = !!args.attrs?.withGrad;
  const y = b.makeOutput([...x.shape], 'float32');
  const d = withGrad ? b.makeOutput([...x.shape], 'float32') : null;
  const n = x.shape.reduce((p, s) => p * s, 1),
    main = n & ~3;
  k.gelu(at(x), at(y), d ? at(d) : 0, main);
  if (main < n) {
    // The last 1–3 values through the scratch block: in at +0, y at +16, d at +32 (bytes).
    const heap = new Float32Array(b.wasm.HEAPU8.buffer);
    const s = k.scratch >> 2,
      xo = at(x) >> 2,
      yo = at(y) >> 2,
      dOff = d ? at(d) >> 2 : 0;
    for (let i = 0; i < 4; i++) heap[s + i] = main + i < n ? heap[xo + main + i] : 0;
    k.gelu(k.scratch, k.scratch + 16, d ? k.scratch + 32 : 0, 4);
    for (let i = 0; main + i < n; i++) {
      heap[yo + main + i] = heap[s + 4 + i];
      if (d) heap[dOff + main + i] = heap[s + 8 + i];
    }
  }
  return d ? [y, d] : y;
}

/**
 * LayerNorm: inputs {x [rows, h], gamma, beta [h], residual? [rows, h]}; attrs {eps, withGrad}; outputs y, and
 * x̂, r with withGrad. With a residual the input is x + residual (post-LN's Add in the same kernel).
 */
function layerNormKernel(args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const { b, k, at } = prepare(args, LAYER_NORM_KERNEL);
  const { x, gamma, beta, residual } = args.inputs as Record<string, tf.TensorInfo | undefined> as {
    x: tf.TensorInfo;
    gamma: tf.TensorInfo;
    beta: tf.TensorInfo;
    residual?: tf.TensorInfo;
  };
  const [rows, h] = x.shape;
  const withGrad = !!args.attrs?.withGrad;
  const y = b.makeOutput([rows, h], 'float32');
  const xh = withGrad ? b.makeOutput([rows, h], 'float32') : null;
  const rs = withGrad ? b.makeOutput([rows], 'float32') : null;
  if (residual && residual.shape.join() !== x.shape.join())
    throw new Error(`${LAYER_NORM_KERNEL}: residual [${residual.shape}] is not the shape of x [${x.shape}]`);
  const eps = Number(args.attrs?.eps);
  k.layerNorm(at(x), at(gamma), at(beta), at(y), xh ? at(xh) : 0, rs ? at(rs) : 0, rows, h, eps, residual ? at(residual) : 0);
  return xh && rs ? [y, xh, rs] : y;
}

/** LayerNorm backward: inputs {dy, xhat [rows, h], rstd [rows], gamma [h]}; outputs dx, dgamma, dbeta. */
function layerNormGradKernel(args: KernelArgs): tf.TensorInfo[] {
  const { b, k, at } = prepare(args, LAYER_NORM_GRAD_KERNEL);
  const { dy, xhat, rstd, gamma } = args.inputs as Record<string, tf.TensorInfo>;
  const [rows, h] = dy.shape;
  const dx = b.makeOutput([rows, h], 'float32'),
    dg = b.makeOutput([h], 'float32'),
    db = b.makeOutput([h], 'float32');
  k.layerNormGrad(at(dy), at(xhat), at(rstd), at(gamma), at(dx), at(dg), at(db), rows, h);
  return [dx, dg, db];
}

for (const [kernelName, fn] of [
  [GELU_KERNEL, geluKernel],
  [LAYER_NORM_KERNEL, layerNormKernel],
  [LAYER_NORM_GRAD_KERNEL, layerNormGradKernel],
] as const) {
  if (!tf.getKernel(kernelName, 'wasm'))
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: fn as unknown as tf.KernelFunc });
}

/** True when our LayerNorm kernels take rows of width h (the SIMD loops step 4 floats at a time). */
export function layerNormKernelFits(h: number): boolean {
  return h % 4 === 0 && h > 0;
}

/**
 * LayerNorm through our kernel: y, and x̂, r when `withGrad`; of x + residual when one is given (x, residual
 * [rows, h]). Call only when `wasmKernelsReady()`.
 */
export function layerNormKernelOp(
  x: tf.Tensor2D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  eps: number,
  withGrad: boolean,
  residual?: tf.Tensor2D,
): { y: tf.Tensor2D; xhat?: tf.Tensor2D; rstd?: tf.Tensor1D } {
  const inputs: tf.NamedTensorMap = residual ? { x, gamma, beta, residual } : { x, gamma, beta };
  const out = tf.engine().runKernel(LAYER_NORM_KERNEL, inputs, { eps, withGrad }) as tf.Tensor | tf.Tensor[];
  return Array.isArray(out)
    ? { y: out[0] as tf.Tensor2D, xhat: out[1] as tf.Tensor2D, rstd: out[2] as tf.Tensor1D }
    : { y: out as tf.Tensor2D };
}

/** LayerNorm backward through our kernel → [dx, dγ, dβ]. */
export function layerNormGradKernelOp(dy: tf.Tensor2D, xhat: tf.Tensor2D, rstd: tf.Tensor1D, gamma: tf.Tensor1D): tf.Tensor[] {
  return tf.engine().runKernel(LAYER_NORM_GRAD_KERNEL, { dy, xhat, rstd, gamma }, {}) as tf.Tensor[];
}

/** GELU through our kernel: y, and the derivative when `withGrad`. Call only when `wasmKernelsReady()`. */
export function geluKernelOp(x: tf.Tensor, withGrad: boolean): { y: tf.Tensor; d?: tf.Tensor } {
  const out = tf.engine().runKernel(GELU_KERNEL, { x }, { withGrad }) as tf.Tensor | tf.Tensor[];
  return Array.isArray(out) ? { y: out[0], d: out[1] } : { y: out };
}
