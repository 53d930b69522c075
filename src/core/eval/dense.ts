/**
 * Exact dense retrieval over stored embeddings: cosine scores by chunked matrix products on the active
 * tfjs backend. Never materialises more than [chunk × candidates] scores at once.
 *
 * One consistent set of numbers: every score comes from ONE product of the query chunk with every distinct
 * candidate text, whatever pool is asked for (a pool just selects columns). A BLAS product's rounding depends on
 * the matrix shape and on a column's place in the kernel's blocking, so a one-language product and the whole-pool
 * product disagreed by up to 3e-7 (mono/cross metrics recomputed from a run file then differed from results.json),
 * and two candidates with the same text could score differently (their tie order then came from rounding noise
 * instead of the FNV-1a rule). Here a repeated text's column is overwritten with its first occurrence's: bit-identical.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/types';
import { activeWasmBackend, heapF32 } from '../util/wasm-heap';
import type { Pool, Retriever } from './types';

/** Candidate index → index of the first candidate with the same text (itself when its text is new). */
export function firstWithText(texts: readonly string[]): Int32Array {
  const seen = new Map<string, number>();
  return Int32Array.from(texts, (t, i) => {
    const f = seen.get(t);
    if (f !== undefined) return f;
    seen.set(t, i);
    return i;
  });
}

export class DenseRetriever implements Retriever {
  readonly name: string;
  /** A pair's score does not depend on the pool asked for: evaluate() scores the whole pool once and filters. */
  readonly poolIndependent = true;
  /** [dim × candidates], transposed: a plain matMul is ~10× faster than transposeB on wasm. */
  private cands: tf.Tensor2D | null = null;
  /** Pairs (candidate, first candidate with its text) for every repeated text: the repeat's column is a copy. */
  private repeats: Int32Array = new Int32Array(0);
  private queries: tf.Tensor2D | null = null;
  private buffer: Float32Array | null = null;

  /**
   * @param queryEmb   [numQueries × dim], rows in dataset.queries order, L2-normalised (cosine = dot)
   * @param candEmb    [numCandidates × dim], rows in dataset.candidates order, L2-normalised; of candidates with
   *                   identical text the first one's scores are used for all
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
    const first = firstWithText(dataset.candidates.map((c) => c.text));
    const pairs: number[] = [];
    first.forEach((f, ci) => f !== ci && pairs.push(ci, f));
    this.repeats = Int32Array.from(pairs);
    this.cands = tf.tidy(() => tf.transpose(tf.tensor2d(this.candEmb, [dataset.candidates.length, this.dim])) as tf.Tensor2D);
  }

  async score(queryIdx: Int32Array, pool: Pool): Promise<Float32Array> {
    if (!this.queries || !this.cands) throw new Error('DenseRetriever.score called before prepare');
    const cands = this.cands;
    const out = tf.tidy(() => {
      const q = tf.gather(this.queries!, tf.tensor1d(queryIdx, 'int32')); // [chunk × dim]
      return tf.matMul(q, cands); // [chunk × dim] · [dim × candidates] = [chunk × candidates]
    });
    try {
      return await this.poolColumns(out, queryIdx.length, pool);
    } finally {
      out.dispose();
    }
  }

  /**
   * The pool's columns of the [chunk × candidates] product as a host array [chunk × pool], a repeated text's
   * column first overwritten with its first occurrence's. On wasm they are read straight out of the WASM heap into
   * one buffer reused across calls (a chunk is [256 × pool] — 13 MB for XQuAD-R — and a fresh copy per chunk is
   * 680 MB of garbage per evaluation); elsewhere from the asynchronous `data()` (WebGPU has no synchronous
   * read-back). The whole pool in dataset order (the multilingual pool) is one contiguous copy. Valid until the
   * next `score` call, which is how `evaluate` reads it.
   */
  private async poolColumns(out: tf.Tensor, rows: number, pool: Pool): Promise<Float32Array> {
    const wasm = activeWasmBackend();
    const all = wasm ? heapF32(wasm, out, out.size) : ((await out.data()) as Float32Array);
    const nc = out.shape[1] as number,
      cols = pool.candidateIdx,
      n = cols.length,
      rep = this.repeats;
    for (let r = 0; r < rows; r++) for (let i = 0; i < rep.length; i += 2) all[r * nc + rep[i]] = all[r * nc + rep[i + 1]];
    const size = rows * n;
    if (!this.buffer || this.buffer.length < size) this.buffer = new Float32Array(size);
    const view = this.buffer.length === size ? this.buffer : this.buffer.subarray(0, size);
    if (n === nc && isIdentity(cols)) view.set(all.subarray(0, size));
    else
      for (let r = 0; r < rows; r++) {
        const src = r * nc,
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

function isIdentity(idx: Int32Array): boolean {
  for (let i = 0; i < idx.length; i++) if (idx[i] !== i) return false;
  return true;
}
