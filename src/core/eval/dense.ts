/**
 * Exact dense retrieval over stored embeddings: cosine scores by chunked matrix products on the active
 * tfjs backend. Never materialises more than [chunk × candidates] scores at once.
 *
 * One consistent set of numbers: every score comes from ONE product of the query chunk with every distinct
 * candidate text, whatever pool is asked for (a pool just selects columns). A BLAS product's rounding depends on
 * the matrix shape and on a column's place in the kernel's blocking, so a one-language product and the whole-pool
 * product disagreed by up to 3e-7 (mono/cross metrics recomputed from a run file then differed from results.json),
 * and two candidates with the same text could score differently (their tie order then came from rounding noise
 * instead of the FNV-1a rule). Here candidates with identical text share one vector and one column: bit-identical.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/types';
import { activeWasmBackend, heapF32 } from '../util/wasm-heap';
import type { Pool, Retriever } from './types';

/** Candidate index → row of its text among the distinct texts (first occurrence order). */
export function distinctTextRows(texts: readonly string[]): { rowOf: Int32Array; firstOf: Int32Array } {
  const seen = new Map<string, number>();
  const rowOf = new Int32Array(texts.length);
  const first: number[] = [];
  texts.forEach((t, i) => {
    let r = seen.get(t);
    if (r === undefined) {
      seen.set(t, (r = first.length));
      first.push(i);
    }
    rowOf[i] = r;
  });
  return { rowOf, firstOf: Int32Array.from(first) };
}

export class DenseRetriever implements Retriever {
  readonly name: string;
  /** A pair's score does not depend on the pool asked for: evaluate() scores the whole pool once and filters. */
  readonly poolIndependent = true;
  /** [dim × distinct candidate texts], transposed: a plain matMul is ~10× faster than transposeB on wasm. */
  private cands: tf.Tensor2D | null = null;
  private rowOf: Int32Array = new Int32Array(0);
  private queries: tf.Tensor2D | null = null;
  private buffer: Float32Array | null = null;

  /**
   * @param queryEmb   [numQueries × dim], rows in dataset.queries order, L2-normalised (cosine = dot)
   * @param candEmb    [numCandidates × dim], rows in dataset.candidates order, L2-normalised; of candidates with
   *                   identical text the first one's row is used for all
   */
  constructor(
    private queryEmb: Float32Array,
    private candEmb: Float32Array,
    private dim: number,
    name = 'dense',
  ) {
    this.name = name;
  }

  async prepare(dataset: Dataset): Promise<void> {
    if (this.queryEmb.length !== dataset.queries.length * this.dim)
      throw new Error(`query embeddings: expected ${dataset.queries.length}×${this.dim} values, got ${this.queryEmb.length}`);
    if (this.candEmb.length !== dataset.candidates.length * this.dim)
      throw new Error(
        `candidate embeddings: expected ${dataset.candidates.length}×${this.dim} values, got ${this.candEmb.length}`,
      );
    this.dispose();
    this.queries = tf.tensor2d(this.queryEmb, [dataset.queries.length, this.dim]);
    const { rowOf, firstOf } = distinctTextRows(dataset.candidates.map((c) => c.text));
    this.rowOf = rowOf;
    const rows = new Float32Array(firstOf.length * this.dim);
    firstOf.forEach((ci, r) => rows.set(this.candEmb.subarray(ci * this.dim, (ci + 1) * this.dim), r * this.dim));
    this.cands = tf.tidy(() => tf.transpose(tf.tensor2d(rows, [firstOf.length, this.dim])) as tf.Tensor2D);
  }

  async score(queryIdx: Int32Array, pool: Pool): Promise<Float32Array> {
    if (!this.queries || !this.cands) throw new Error('DenseRetriever.score called before prepare');
    const cands = this.cands;
    const out = tf.tidy(() => {
      const q = tf.gather(this.queries!, tf.tensor1d(queryIdx, 'int32')); // [chunk × dim]
      return tf.matMul(q, cands); // [chunk × dim] · [dim × distinct] = [chunk × distinct]
    });
    try {
      return await this.poolColumns(out, queryIdx.length, pool);
    } finally {
      out.dispose();
    }
  }

  /**
   * The pool's columns of the [chunk × distinct] product as a host array [chunk × pool]. On wasm they are read
   * straight out of the WASM heap into one buffer reused across calls (a chunk is [256 × pool] — 13 MB for
   * XQuAD-R — and a fresh copy per chunk is 680 MB of garbage per evaluation); elsewhere from the asynchronous
   * `data()` (WebGPU has no synchronous read-back). Valid until the next `score` call, which is how `evaluate`
   * reads it.
   */
  private async poolColumns(out: tf.Tensor, rows: number, pool: Pool): Promise<Float32Array> {
    const wasm = activeWasmBackend();
    const all = wasm ? heapF32(wasm, out, out.size) : ((await out.data()) as Float32Array);
    const nd = out.shape[1] as number,
      n = pool.candidateIdx.length;
    const size = rows * n;
    if (!this.buffer || this.buffer.length < size) this.buffer = new Float32Array(size);
    const view = this.buffer.length === size ? this.buffer : this.buffer.subarray(0, size);
    const cols = Int32Array.from(pool.candidateIdx, (ci) => this.rowOf[ci]);
    for (let r = 0; r < rows; r++) {
      const src = r * nd,
        dst = r * n;
      for (let j = 0; j < n; j++) view[dst + j] = all[src + cols[j]];
    }
    return view;
  }

  dispose(): void {
    this.queries?.dispose();
    this.cands?.dispose();
    this.queries = this.cands = null;
  }
}
