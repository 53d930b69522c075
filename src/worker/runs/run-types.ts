/**
 * Training runs as the UI and IndexedDB see them. A run record holds everything a chart needs (eval history,
 * downsampled loss, batch composition), so a reload redraws it without replaying events.
 */
import type { EvalResult } from '../../core/eval/types';
import type { ExperimentConfig } from '../../core/experiment/config';
import type { RunEvent } from '../../core/train/events';
import type { QuerySet } from '../../core/train/query-sets';

/** 'interrupted': was running when the page went away; resumable from its last checkpoint. */
export type RunStatus = 'preparing' | 'running' | 'paused' | 'done' | 'stopped' | 'error' | 'interrupted';

/** [step, loss] — tuples keep records and messages small. */
export type LossPoint = [number, number];

/** Pairs sampled so far: `"<queryLang>><passageLang>"` → count, and how many batches were monolingual. */
export interface CompositionTally {
  batches: number;
  mono: number;
  pairs: Record<string, number>;
}

/** One evaluation; `querySet` names the queries it used (absent in runs recorded before it existed). */
export interface MetricPoint {
  step: number;
  final: boolean;
  querySet?: QuerySet;
  result: EvalResult;
}

export interface MapPoint {
  x: number;
  y: number;
  lang: string;
  kind: 'query' | 'passage';
  text: string;
  /** Query: its xlingId; passage: the xlingIds it answers (lines from a query to its answers, Inspector links). */
  xlingId?: string;
  answers?: string[];
}
/** 2-D PCA projection of eval query and passage embeddings at one evaluation. */
export interface EmbeddingMap {
  step: number;
  points: MapPoint[];
  explained: [number, number];
}

/** `ms`: how long this checkpoint took to write (serialise + IndexedDB), shown next to its age. */
export interface CheckpointInfo {
  key: string;
  step: number;
  bytes: number;
  savedAt: number;
  ms?: number;
}

/**
 * Where an imported run came from (a run bundle, a CLI run folder or a TREC run file evaluated here). Imported
 * runs are records of someone else's run: read-only (never resumed, stopped or re-trained).
 */
export interface ImportOrigin {
  /** The bundle's origin.tool: cli | browser | python-recipe | trec-import. */
  tool: string;
  version: string;
  host?: string;
  /** The file or folder it was imported from. */
  file: string;
  /** Import time (ms epoch). */
  at: number;
  /** 'evaluation': a ranking evaluated without training (eval --bundle, a TREC run); its config is a stand-in. */
  kind: 'run' | 'evaluation';
  /** experiment.json verbatim when it is not a training config (an evaluation's `{kind, argv}`). */
  experiment?: Record<string, unknown>;
  /** The bundle's environment (backend, versions, machine) as recorded where the run was computed. */
  environment?: { backend: string; versions: Record<string, string>; machine: Record<string, string | number> };
  /** The bundle's status when it was not finished (interrupted, failed, running). */
  status?: string;
}

export interface RunRecord {
  id: string;
  /** The experiment config, verbatim as resolved when the run started. */
  config: ExperimentConfig;
  /** Worker dataset ids the run trains and evaluates on. */
  trainId: string;
  evalId: string;
  status: RunStatus;
  lineage: string[];
  backend: string;
  created: number;
  updated: number;
  step: number;
  /** Training wall time so far (s), summed over sessions of a resumed run. */
  seconds: number;
  /** Every eval event, in order. */
  metrics: MetricPoint[];
  /** Loss per step, downsampled (min/max buckets) to a bounded size. */
  loss: LossPoint[];
  composition: CompositionTally;
  checkpoint?: CheckpointInfo;
  embedding?: EmbeddingMap;
  error?: string;
  /**
   * How many events have been folded into this record (composition events excluded), and how many deltas had
   * been sent when it was read; both counted on across resumed sessions (absent in runs recorded before they
   * existed = 0). A RunDelta carries the same two counters, so the UI folds each event exactly once and never
   * lets an older snapshot replace a newer one, whichever of a record and a delta reaches it first.
   */
  seq?: number;
  rev?: number;
  /** Set on runs imported from a bundle or evaluated from a TREC run file (read-only). */
  imported?: ImportOrigin;
}

export interface EvalProgressInfo {
  done: number;
  total: number;
}

/**
 * What changed in a run since the last message; at most ~20 per second per run. `events` are the RunEvents
 * in order (step events batched; eval/checkpoint/done/error never dropped). Composition events are folded
 * into the cumulative `composition` tally instead of being sent one by one.
 */
export interface RunDelta {
  runId: string;
  /** RunRecord.seq after this delta's events: they are the events numbered seq − events.length + 1 … seq. */
  seq: number;
  /** This delta's number (1, 2, …): a record read after it was sent has rev ≥ this and already holds all of it. */
  rev: number;
  status: RunStatus;
  step: number;
  seconds: number;
  events: RunEvent[];
  composition: CompositionTally;
  checkpoint?: CheckpointInfo;
  embedding?: EmbeddingMap;
  /** Progress of an evaluation in progress; null when it finished. */
  evalProgress?: EvalProgressInfo | null;
  error?: string;
  /** A storage problem that did not stop the run (e.g. the event log could not be written). */
  storageWarning?: string;
  /** tf.memory() when the delta was sent: tensor leaks show up while training. */
  memory?: { numTensors: number; numBytes: number };
  /**
   * The record as a training session begins (start, or a resume that rolled the history back to its checkpoint):
   * the UI replaces its view with it before folding later deltas, so evaluations recorded after that checkpoint
   * (and re-run now) are never shown twice. Sent once per session, with no events.
   */
  snapshot?: RunRecord;
}

export interface StartRunParams {
  config: ExperimentConfig;
  /** Worker dataset ids; default from config.train/eval (demo → "demo:<split>", path → the id itself). */
  trainId?: string;
  evalId?: string;
  /** Stop (paused, checkpoint saved) after this many steps: the Step button on a fresh run. */
  pauseAfter?: number;
}

export interface InspectQueriesResult {
  runId: string;
  step: number;
  lang: string;
  queries: Array<{ xlingId: string; text: string }>;
}

/** One training batch as the sampler drew it (Inspector → "Training batch"). */
export interface TrainingBatchView {
  runId: string;
  step: number;
  kind: 'mono' | 'cross';
  lang?: string;
  composition: Record<string, number>;
  shortfall: number;
  pairs: Array<{ xlingId: string; queryLang: string; passageLang: string; query: string; positive: string; negative?: string }>;
}

export interface RankedCandidate {
  rank: number;
  uid: string;
  lang: string;
  text: string;
  score: number;
  relevant: boolean;
}

export interface InspectQueryResult {
  runId: string;
  step: number;
  query: { xlingId: string; lang: string; text: string };
  pool: string;
  ranked: RankedCandidate[];
  /** Ranks of every relevant translation in the multilingual pool (bias = max − min). */
  translations: RankedCandidate[];
  /** Ranks of the relevant candidates within the selected pool (= translations for 'multi'). */
  poolRelevant: RankedCandidate[];
  poolSize: number;
}
