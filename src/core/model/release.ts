/**
 * Frees a model folder's weight files once an encoder has been built from them (issue 17: a 471 MB download
 * must not still be resident when the first training step grows the wasm heap — measured, the tab then peaks
 * ~0.5 GB higher). Dropping the last reference is not enough: a worker runs no GC until V8 decides to, and
 * nothing else in the step allocates JS memory to make it decide. Detaching the buffer releases its memory now.
 *
 * Only where the backend copied every tensor at creation (wasm: into its heap). WebGL and WebGPU keep the
 * array they were given until the tensor is first uploaded, the CPU backend for the tensor's life: there the
 * files are left alone (dropping the references is all one can do).
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelFiles } from './checkpoint';

const WEIGHTS = /\.safetensors$/;

/** Detaches the ArrayBuffers of the folder's *.safetensors files (wasm backend only); returns the bytes released. */
export function releaseWeightFiles(files: ModelFiles): number {
  if (tf.getBackend() !== 'wasm') return 0;
  let freed = 0;
  for (const [name, bytes] of Object.entries(files)) {
    const buf = bytes.buffer;
    // A view into a bigger buffer (a zip entry, a Node pool) may share it with other files: left alone.
    if (!WEIGHTS.test(name) || !(buf instanceof ArrayBuffer) || buf.byteLength !== bytes.byteLength) continue;
    freed += buf.byteLength;
    const transfer = (buf as ArrayBuffer & { transfer?: (n: number) => ArrayBuffer }).transfer;
    // transfer(0) (ES2024) frees the backing store at once; structuredClone's transfer detaches it where there is
    // none, or where a polyfill's transfer only copies (seen under vitest).
    transfer?.call(buf, 0);
    if (buf.byteLength !== 0) structuredClone(buf, { transfer: [buf] });
    delete files[name];
  }
  return freed;
}
