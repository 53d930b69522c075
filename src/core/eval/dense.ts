/**
 * Exact dense retrieval over stored embeddings: cosine scores by chunked matrix products on the active
 * tfjs backend. Never materialises more than [chunk × pool] scores at once.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/types';
import { activeWasmBackend, heapF32 } from '../util/wasm-heap';
import type { Pool, Retriever } from './types';

export class DenseRetriever implements Retriever {
  readonly name: string;
  private pools = new Map<string, tf.Tensor2D>();
  private queries: tf.Tensor2D | null = null;
  private buffer: Float32Array | null = null;

  /**
   * @param queryEmb   [numQueries × dim], rows in dataset.queries order, L2-normalised (cosine = dot)
   * @param candEmb    [numCandidates × dim], rows in dataset.candidates order, L2-normalised
   */
  constructor(private queryEmb: Float32Array, private candEmb: Float32Array, private dim: number, name = 'dense') {
    this.name = name;
  }

  async prepare(dataset: Dataset): Promise<void> {
    if (this.queryEmb.length !== dataset.queries.length * this.dim) throw new Error(`query embeddings: expected ${dataset.queries.length}×${this.dim} values, got ${this.queryEmb.length}`);
    if (this.candEmb.length !== dataset.candidates.length * this.dim) throw new Error(`candidate embeddings: expected ${dataset.candidates.length}×${this.dim} values, got ${this.candEmb.length}`);
    this.queries = tf.tensor2d(this.queryEmb, [dataset.queries.length, this.dim]);
  }

  private poolTensor(pool: Pool): tf.Tensor2D {
    const key = `${pool.id}:${pool.candidateIdx.length}`;
    let t = this.pools.get(key);
    if (!t) {
      const rows = new Float32Array(pool.candidateIdx.length * this.dim);
      pool.candidateIdx.forEach((ci, p) => rows.set(this.candEmb.subarray(ci * this.dim, (ci + 1) * this.dim), p * this.dim));
      // Stored transposed ([dim × pool]): a plain matMul is ~10× faster than transposeB on the wasm backend.
      t = tf.tidy(() => tf.transpose(tf.tensor2d(rows, [pool.candidateIdx.length, this.dim])) as tf.Tensor2D);
      this.pools.set(key, t);
    }
    return t;
  }

  async score(queryIdx: Int32Array, pool: Pool): Promise<Float32Array> {
    if (!this.queries) throw new Error('DenseRetriever.score called before prepare');
    const cands = this.poolTensor(pool);
    const out = tf.tidy(() => {
      const q = tf.gather(this.queries!, tf.tensor1d(queryIdx, 'int32')); // [chunk × dim]
      return tf.matMul(q, cands); // [chunk × dim] · [dim × pool] = [chunk × pool]
    });
    try {
      return await this.readScores(out);
    } finally {
      out.dispose();
    }
  }

  /**
   * The scores as a host array. On wasm they are copied out of the WASM heap into one buffer reused across calls
   * (a chunk is [256 × pool] — 13 MB for XQuAD-R — and a fresh copy per chunk is 680 MB of garbage per evaluation);
   * elsewhere the asynchronous `data()` (WebGPU has no synchronous read-back: `dataSync` fails there). Valid until
   * the next `score` call, which is how `evaluate` reads it.
   */
  private async readScores(out: tf.Tensor): Promise<Float32Array> {
    const wasm = activeWasmBackend();
    if (!wasm) return (await out.data()) as Float32Array;
    if (!this.buffer || this.buffer.length < out.size) this.buffer = new Float32Array(out.size);
    const view = this.buffer.length === out.size ? this.buffer : this.buffer.subarray(0, out.size);
    view.set(heapF32(wasm, out, out.size));
    return view;
  }

  dispose(): void {
    this.queries?.dispose();
    for (const t of this.pools.values()) t.dispose();
    this.pools.clear();
  }
}
