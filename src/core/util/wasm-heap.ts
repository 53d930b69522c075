/**
 * The one place that knows tfjs-backend-wasm's internals (stable across 4.x; see its backend_wasm.ts and the
 * Emscripten module): where a tensor lives on the WASM heap, how to allocate an output there, and the heap's
 * Memory. Used by our SIMD kernels (core/model/kernels), the Node BLAS kernels (src/node) and dense scoring.
 */
import * as tf from '@tensorflow/tfjs';

export interface WasmBackendLike {
  wasm: {
    HEAPU8: Uint8Array;
    asm?: { memory?: WebAssembly.Memory };
    wasmMemory?: WebAssembly.Memory;
    _malloc(bytes: number): number;
  };
  dataIdMap: { get(id: object): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

/** Arguments tfjs passes a kernel function. */
export type KernelArgs = { inputs: Record<string, tf.TensorInfo | undefined>; backend: unknown; attrs?: Record<string, unknown> };

/** Byte offset of a tensor's data in the WASM heap. */
export function heapOffset(backend: WasmBackendLike, t: tf.TensorInfo): number {
  return backend.dataIdMap.get(t.dataId).memoryOffset;
}

/** A float32 view of a tensor's data on the heap (re-take it after any allocation: the heap may have grown). */
export function heapF32(backend: WasmBackendLike, t: tf.TensorInfo, length: number): Float32Array {
  return new Float32Array(backend.wasm.HEAPU8.buffer, heapOffset(backend, t), length);
}

/** The active backend when it is tfjs-wasm (with the internals above), else null. */
export function activeWasmBackend(): WasmBackendLike | null {
  if (tf.getBackend() !== 'wasm') return null;
  const b = tf.backend() as unknown as Partial<WasmBackendLike>;
  return b.wasm?.HEAPU8 && b.dataIdMap && typeof b.makeOutput === 'function' ? (b as WasmBackendLike) : null;
}

/** The heap's WebAssembly.Memory (non-threaded build: the module's export; threaded build: Module.wasmMemory). */
export function wasmMemory(backend: WasmBackendLike): WebAssembly.Memory | null {
  const m = backend.wasm?.asm?.memory ?? backend.wasm?.wasmMemory;
  return m instanceof WebAssembly.Memory ? m : null;
}
