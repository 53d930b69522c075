/**
 * `rankings.json` of a bundle: per multilingual query the top k and the rank of every relevant item — what the
 * Inspector shows — without the model or the full ranking (a full one is pool × queries lines: a TREC run).
 */
import type { Dataset } from '../data/types';
import type { BundleRankings } from './types';

export class RankingsCollector {
  private queries: BundleRankings['queries'] = [];
  constructor(
    private dataset: Dataset,
    private k = 10,
  ) {}

  /** One query's ranking over the multilingual pool, best first (candidate indices and their scores). */
  add(queryIdx: number, ranked: ArrayLike<number>, scores: ArrayLike<number>): void {
    const d = this.dataset,
      q = d.queries[queryIdx];
    const top: Array<[string, number]> = [];
    for (let r = 0; r < Math.min(this.k, ranked.length); r++) top.push([d.candidates[ranked[r]].uid, scores[r]]);
    const wanted = d.relevant.get(q.xlingId) ?? new Set<string>();
    const found = new Map<string, [number, number]>();
    for (let r = 0; r < ranked.length && found.size < wanted.size; r++) {
      const uid = d.candidates[ranked[r]].uid;
      if (wanted.has(uid)) found.set(uid, [r + 1, scores[r]]);
    }
    const relevant: Array<[string, number | null, number | null]> = [...wanted].map((u) => [
      u,
      found.get(u)?.[0] ?? null,
      found.get(u)?.[1] ?? null,
    ]);
    relevant.sort((a, b) => (a[1] ?? Infinity) - (b[1] ?? Infinity));
    this.queries.push({ qid: `${q.lang}:${q.xlingId}`, top, relevant });
  }

  result(): BundleRankings {
    return { setting: 'multilingual', k: this.k, queries: this.queries };
  }
}
