/**
 * BM25 lexical baseline (Lucene/Anserini flavour) for the per-language evaluation.
 *
 * IDF and average document length are pool statistics: in the monolingual setting a German query is
 * ranked against German candidates with German statistics, in the multilingual setting against the
 * whole pool with pool-wide statistics. So there is one inverted index per candidate pool, built on
 * first use and cached; its doc ids are positions in the pool, so a score row is already in pool order.
 *
 * Speed: every posting stores its final impact idf·tf·(k1+1)/(tf + k1·(1−b+b·dl/avgdl)), computed once
 * when the index is built, so scoring is a single add per (query term, posting). Postings live in three
 * flat typed arrays (CSR layout: term → [offsets[t], offsets[t+1]) into docs/impacts).
 */
import type { Dataset } from '../data/types';
import type { Pool, Retriever } from './types';
import { tokenize } from '../text/tokenize';

export interface Bm25Options {
  /** Term-frequency saturation. */
  k1?: number;
  /** Length normalisation strength (0 = none, 1 = full). */
  b?: number;
}

/** Inverted index over one pool's candidates, with that pool's statistics baked into the impacts. */
interface PoolIndex {
  candidateIdx: Int32Array;
  /** Length vocabSize + 1; postings of term t are [offsets[t], offsets[t + 1]). */
  offsets: Int32Array;
  /** Positions in the pool (not dataset candidate indices). */
  docs: Int32Array;
  impacts: Float32Array;
}

/** Pools that match neither a language nor 'multi' (ad-hoc subsets) are cached, but only a few at a time. */
const MAX_SUBSET_INDEXES = 8;

/** Lucene's BM25 IDF: never negative, unlike the original Robertson–Spärck Jones form. */
export function bm25Idf(docCount: number, docFreq: number): number {
  return Math.log(1 + (docCount - docFreq + 0.5) / (docFreq + 0.5));
}

export class Bm25Retriever implements Retriever {
  readonly name: string;
  readonly k1: number;
  readonly b: number;
  private dataset: Dataset | undefined;
  private vocab = new Map<string, number>();
  /** Token ids of every candidate, tokenised by the candidate's own language. */
  private candidateTerms: Int32Array[] = [];
  /** Token ids of every query (by the query's language); terms absent from all candidates are dropped. */
  private queryTerms: Int32Array[] = [];
  /** The canonical candidate list of each pool id: ascending indices of that language, or all for 'multi'. */
  private canonicalPools = new Map<string, Int32Array>();
  private indexes = new Map<string, PoolIndex>();
  private subsetKeys: string[] = [];

  constructor(opts: Bm25Options = {}) {
    this.k1 = opts.k1 ?? 1.2;
    this.b = opts.b ?? 0.75;
    if (!(this.k1 >= 0) || !(this.b >= 0 && this.b <= 1))
      throw new Error(`BM25 needs k1 ≥ 0 and 0 ≤ b ≤ 1 (got k1=${this.k1}, b=${this.b})`);
    this.name = this.k1 === 1.2 && this.b === 0.75 ? 'bm25' : `bm25(k1=${this.k1},b=${this.b})`;
  }

  async prepare(dataset: Dataset, onProgress?: (done: number, total: number) => void): Promise<void> {
    this.dispose();
    this.dataset = dataset;
    const { candidates, queries } = dataset;
    const total = candidates.length + queries.length;
    const step = Math.max(1, Math.floor(total / 100));
    const byLang = new Map<string, number[]>();
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i];
      this.candidateTerms.push(Int32Array.from(tokenize(c.text, c.lang), (t) => this.termId(t, true)));
      let list = byLang.get(c.lang);
      if (!list) byLang.set(c.lang, (list = []));
      list.push(i);
      if (onProgress && i % step === 0) onProgress(i, total);
    }
    for (const [lang, list] of byLang) this.canonicalPools.set(lang, Int32Array.from(list));
    this.canonicalPools.set(
      'multi',
      Int32Array.from(candidates, (_, i) => i),
    );
    for (let i = 0; i < queries.length; i++) {
      const q = queries[i];
      const ids = tokenize(q.text, q.lang)
        .map((t) => this.termId(t, false))
        .filter((id) => id >= 0);
      this.queryTerms.push(Int32Array.from(ids));
      if (onProgress && (candidates.length + i) % step === 0) onProgress(candidates.length + i, total);
    }
    onProgress?.(total, total);
  }

  async score(queryIdx: Int32Array, pool: Pool): Promise<Float32Array> {
    if (!this.dataset) throw new Error('Bm25Retriever.score called before prepare(dataset)');
    const index = this.indexFor(pool);
    const n = pool.candidateIdx.length;
    const out = new Float32Array(queryIdx.length * n);
    const { offsets, docs, impacts } = index;
    for (let r = 0; r < queryIdx.length; r++) {
      const terms = this.queryTerms[queryIdx[r]];
      if (!terms) throw new Error(`query index ${queryIdx[r]} is out of range (dataset has ${this.queryTerms.length} queries)`);
      const rowStart = r * n;
      // Each query token counts once per occurrence (Lucene: a repeated term is a repeated clause).
      for (let k = 0; k < terms.length; k++) {
        const t = terms[k];
        for (let j = offsets[t], end = offsets[t + 1]; j < end; j++) out[rowStart + docs[j]] += impacts[j];
      }
    }
    return out;
  }

  dispose(): void {
    this.dataset = undefined;
    this.vocab = new Map();
    this.candidateTerms = [];
    this.queryTerms = [];
    this.canonicalPools.clear();
    this.indexes.clear();
    this.subsetKeys = [];
  }

  private termId(token: string, add: boolean): number {
    let id = this.vocab.get(token);
    if (id === undefined) {
      if (!add) return -1;
      id = this.vocab.size;
      this.vocab.set(token, id);
    }
    return id;
  }

  /** The index whose statistics belong to exactly this pool's candidates. */
  private indexFor(pool: Pool): PoolIndex {
    const canonical = this.canonicalPools.get(pool.id);
    const isCanonical = canonical !== undefined && sameIdx(canonical, pool.candidateIdx);
    const key = isCanonical ? pool.id : `${pool.id}|subset|${pool.candidateIdx.length}|${fingerprint(pool.candidateIdx)}`;
    const cached = this.indexes.get(key);
    // Compare contents, not just the key: a fingerprint collision must never reuse another pool's statistics.
    if (cached && sameIdx(cached.candidateIdx, pool.candidateIdx)) return cached;
    const index = this.buildIndex(pool.candidateIdx);
    this.indexes.set(key, index);
    if (!isCanonical && !cached) {
      this.subsetKeys.push(key);
      if (this.subsetKeys.length > MAX_SUBSET_INDEXES) this.indexes.delete(this.subsetKeys.shift()!);
    }
    return index;
  }

  private buildIndex(candidateIdx: Int32Array): PoolIndex {
    const n = candidateIdx.length;
    const vocabSize = this.vocab.size;
    const docFreq = new Int32Array(vocabSize);
    // Per doc: distinct terms and their frequencies, found by sorting the doc's term ids.
    const docTermIds: Int32Array[] = new Array(n);
    const docTermFreqs: Uint16Array[] = new Array(n);
    const docLen = new Float64Array(n);
    let totalLen = 0;
    for (let d = 0; d < n; d++) {
      const terms = this.candidateTerms[candidateIdx[d]];
      if (!terms)
        throw new Error(
          `pool candidate index ${candidateIdx[d]} is out of range (dataset has ${this.candidateTerms.length} candidates)`,
        );
      const sorted = terms.slice().sort();
      const ids: number[] = [];
      const freqs: number[] = [];
      for (let i = 0; i < sorted.length; i++) {
        if (i > 0 && sorted[i] === sorted[i - 1]) freqs[freqs.length - 1]++;
        else {
          ids.push(sorted[i]);
          freqs.push(1);
          docFreq[sorted[i]]++;
        }
      }
      docTermIds[d] = Int32Array.from(ids);
      docTermFreqs[d] = Uint16Array.from(freqs, (f) => Math.min(f, 0xffff));
      docLen[d] = terms.length;
      totalLen += terms.length;
    }
    const avgLen = n > 0 && totalLen > 0 ? totalLen / n : 1;
    const offsets = new Int32Array(vocabSize + 1);
    for (let t = 0; t < vocabSize; t++) offsets[t + 1] = offsets[t] + docFreq[t];
    const cursor = offsets.slice(0, vocabSize);
    const docs = new Int32Array(offsets[vocabSize]);
    const impacts = new Float32Array(offsets[vocabSize]);
    const idf = new Float64Array(vocabSize);
    for (let t = 0; t < vocabSize; t++) idf[t] = docFreq[t] > 0 ? bm25Idf(n, docFreq[t]) : 0;
    const { k1, b } = this;
    for (let d = 0; d < n; d++) {
      const norm = k1 * (1 - b + (b * docLen[d]) / avgLen);
      const ids = docTermIds[d],
        freqs = docTermFreqs[d];
      for (let i = 0; i < ids.length; i++) {
        const t = ids[i],
          tf = freqs[i];
        const j = cursor[t]++;
        docs[j] = d; // docs are visited in pool order, so every posting list is ascending
        impacts[j] = (idf[t] * tf * (k1 + 1)) / (tf + norm);
      }
    }
    return { candidateIdx, offsets, docs, impacts };
  }
}

function sameIdx(a: Int32Array, b: Int32Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** FNV-1a over the indices: a cache key for ad-hoc pools (contents are still compared on a hit). */
function fingerprint(idx: Int32Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < idx.length; i++) h = Math.imul(h ^ idx[i], 0x01000193);
  return (h >>> 0).toString(16);
}
