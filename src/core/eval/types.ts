/**
 * Evaluation contracts shared by retrievers, the evaluator, the CLI's results.json and the UI.
 */
import type { Dataset, Lang } from '../data/types';

/** A candidate pool: indices into `dataset.candidates`, ascending (this order breaks score ties). */
export interface Pool {
  /** 'multi' for the pool of all languages, else the single language of the pool. */
  id: 'multi' | Lang;
  candidateIdx: Int32Array;
}

/**
 * Anything that scores queries against a pool. Dense retrievers ignore `pool.id` (scores do not depend on
 * the pool); lexical ones (BM25) use it to pick the index whose statistics (IDF, average length) apply.
 */
export interface Retriever {
  readonly name: string;
  /**
   * True when a query–candidate score does not depend on the pool (dense retrieval): evaluate() then scores each
   * query once against the whole pool and derives every setting's pools from that one row, so mono, cross and
   * multi rankings (and a run file) agree exactly. BM25 leaves it unset: its IDF is a statistic of the pool.
   */
  readonly poolIndependent?: boolean;
  /** Called once per dataset before scoring (build indexes, embed candidates). */
  prepare(dataset: Dataset, onProgress?: (done: number, total: number) => void): Promise<void>;
  /**
   * Scores of queries (indices into `dataset.queries`) against the pool: row-major
   * Float32Array of shape [queryIdx.length, pool.candidateIdx.length]. Higher is more relevant.
   */
  score(queryIdx: Int32Array, pool: Pool): Promise<Float32Array>;
  dispose?(): void;
}

/** Metric names follow sentence-transformers / BEIR conventions. */
export type MetricName = 'map' | 'recall@1' | 'recall@5' | 'recall@10' | 'recall@100' | 'mrr@10' | 'ndcg@10';
export const METRIC_NAMES: readonly MetricName[] = [
  'map',
  'recall@1',
  'recall@5',
  'recall@10',
  'recall@100',
  'mrr@10',
  'ndcg@10',
];
export type Metrics = Record<MetricName, number>;

export type SettingName = 'monolingual' | 'crosslingual' | 'multilingual';

export interface SettingResult extends Metrics {
  /** Queries evaluated in this setting (after skipping those with nothing relevant in the pool). */
  queries: number;
  byQueryLang: Record<Lang, Metrics & { queries: number }>;
  /** Cross-lingual only: `"<queryLang>><poolLang>"` → metrics; the macro-average runs over these. */
  byPair?: Record<string, Metrics & { queries: number }>;
}

export interface LanguageBiasResult {
  /** Macro-average over query languages of the mean (max rank − min rank) of relevant items. Lower is better. */
  meanMaxRankDistance: number;
  byQueryLang: Record<Lang, number>;
  /** Share of top-10 results written in the query's own language, per query language and macro-averaged. */
  sameLanguageTop10: number;
  sameLanguageTop10ByQueryLang: Record<Lang, number>;
}

/** The results.json schema of `cli eval` / `cli train`. */
export interface EvalResult {
  dataset: string;
  retriever: string;
  langs: Lang[];
  counts: { queries: number; candidates: number; queriesByLang: Record<Lang, number>; candidatesByLang: Record<Lang, number> };
  settings: Partial<Record<SettingName, SettingResult>>;
  languageBias?: LanguageBiasResult;
  /** query language → pool language → mAP (diagonal from the monolingual setting). */
  crossLingualMap?: Record<Lang, Record<Lang, number>>;
  /**
   * Only with `evaluate(..., { perQuery: true })`: per setting, average precision of every evaluated query,
   * keyed `<lang>:<xlingId>` (monolingual, multilingual) or `<queryLang>><poolLang>:<xlingId>` (cross-lingual).
   * For paired significance tests between runs on the same queries.
   */
  perQuery?: Partial<Record<SettingName, Record<string, number>>>;
  /** How ties were broken; included so anyone re-computing from a run file does the same. */
  tieBreak: string;
  timing: { seconds: number };
}
