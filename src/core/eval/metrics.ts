/**
 * Per-query retrieval metrics from the ranks of the relevant items (the LAReQA / XTREME protocol).
 * Every metric is defined from the full ranking: mAP is never truncated.
 */
import { METRIC_NAMES, type Metrics } from './types';

/**
 * @param ranks 1-based ranks of every relevant item in the pool, ascending.
 * Recall@k = hits in top k / |relevant| (so it reaches 1 only when every translation is in the top k).
 */
export function queryMetrics(ranks: ArrayLike<number>): Metrics {
  const r = ranks.length;
  if (r === 0) throw new Error('queryMetrics: a query with no relevant item must be skipped, not scored');
  let ap = 0,
    dcg = 0,
    idcg = 0;
  const hits = { 1: 0, 5: 0, 10: 0, 100: 0 };
  for (let i = 0; i < r; i++) {
    const rank = ranks[i];
    ap += (i + 1) / rank; // precision at the i-th relevant item
    if (rank <= 10) dcg += 1 / Math.log2(rank + 1);
    if (rank <= 1) hits[1]++;
    if (rank <= 5) hits[5]++;
    if (rank <= 10) hits[10]++;
    if (rank <= 100) hits[100]++;
  }
  for (let i = 0; i < Math.min(r, 10); i++) idcg += 1 / Math.log2(i + 2);
  return {
    map: ap / r,
    'recall@1': hits[1] / r,
    'recall@5': hits[5] / r,
    'recall@10': hits[10] / r,
    'recall@100': hits[100] / r,
    'mrr@10': ranks[0] <= 10 ? 1 / ranks[0] : 0,
    'ndcg@10': dcg / idcg,
  };
}

/** Running sums of metrics for one group (a query language, a language pair). */
export class MetricAccumulator {
  private sums = new Float64Array(METRIC_NAMES.length);
  count = 0;
  add(m: Metrics): void {
    for (let i = 0; i < METRIC_NAMES.length; i++) this.sums[i] += m[METRIC_NAMES[i]];
    this.count++;
  }
  mean(): Metrics & { queries: number } {
    const out = { queries: this.count } as Metrics & { queries: number };
    for (let i = 0; i < METRIC_NAMES.length; i++) out[METRIC_NAMES[i]] = this.count ? this.sums[i] / this.count : 0;
    return out;
  }
}

/** Unweighted mean of group means (macro-average), as the paper reports per-language averages. */
export function macroAverage(groups: Array<Metrics>): Metrics {
  const out = {} as Metrics;
  for (const name of METRIC_NAMES) out[name] = groups.length ? groups.reduce((a, g) => a + g[name], 0) / groups.length : 0;
  return out;
}
