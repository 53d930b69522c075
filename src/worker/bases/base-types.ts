/**
 * Cross-lingual bases as the UI and IndexedDB see them: bases built in the browser ("Build a base", stored
 * under `idb:bases/<id>`), the shipped ones (`shipped:<name>`, served from models/), and the live state of a
 * build streamed to the UI as BaseDeltas (≤ 20 per second; evaluations, the end and errors at once).
 */
import type { PretrainConfig } from '../../core/train/pretrain';

export interface TranslationEvalPoint {
  step: number;
  loss: number;
  accuracy: number;
  pairs: number;
}

/** A base built in the browser; its files live in a table of their own (listing never reads weights). */
export interface BaseRecord {
  id: string;
  /** Its baseCheckpoint reference: `idb:bases/<id>`. */
  key: string;
  name: string;
  created: number;
  /** The pre-training config, verbatim as resolved. */
  config: PretrainConfig;
  /** Source file names (lexicons, bitext), in order. */
  sources: string[];
  /** Worker dataset ids whose training text also shaped the vocabulary. */
  vocabFrom: string[];
  /** Ancestry written to its lineage.json (oldest first). */
  lineage: string[];
  /** Translation ranking on held-out pairs, before, during and after pre-training. */
  evals: TranslationEvalPoint[];
  langs: string[];
  trainPairs: number;
  heldOut: number;
  backend: string;
  seconds: number;
  bytes: number;
}

/** A shipped base (models/<name>), as listed by the manifest. */
export interface ShippedBaseInfo {
  key: string;
  name: string;
  lineage: string[];
  bytes: number;
  evals: TranslationEvalPoint[];
  pretrain?: Record<string, unknown>;
}

export interface BasesList {
  shipped: ShippedBaseInfo[];
  built: BaseRecord[];
  /** Shipped lexicon / bitext files (paths under /models/), offered as pre-training sources. */
  sources: Array<{ path: string; bytes: number }>;
  /** Defaults for a new build: the first shipped base's recipe (its pretrain.json) over DEFAULT_PRETRAIN. */
  recipe: PretrainConfig;
}

export type BaseSourceKind = 'lexicon' | 'bitext';

/** A pre-training source: a shipped file (by its manifest path) or an uploaded one (its bytes). */
export type BaseSourceInput =
  | { kind: BaseSourceKind; shipped: string }
  | { kind: BaseSourceKind; name: string; bytes: ArrayBuffer };

export interface BuildBaseParams {
  name: string;
  sources: BaseSourceInput[];
  /** Worker dataset ids (e.g. "demo:train") whose training text is added to the vocabulary corpus. */
  vocabFrom: string[];
  /** Pre-training fields over DEFAULT_PRETRAIN (validated in the worker: resolvePretrainConfig). */
  config: Record<string, unknown>;
}

export type BaseBuildStatus = 'preparing' | 'running' | 'saving' | 'done' | 'cancelled' | 'error';

export interface BaseDelta {
  buildId: string;
  name: string;
  status: BaseBuildStatus;
  step: number;
  steps: number;
  /** Seconds since the first optimiser step (the ETA's clock; preparation excluded). */
  trainSeconds: number;
  loss?: number;
  evals: TranslationEvalPoint[];
  error?: string;
  /** The stored base, once status is 'done'. */
  base?: BaseRecord;
  /** tf.memory().numTensors when the build started and now: equal again once it has ended (nothing leaked). */
  tensors: { start: number; now: number };
}
