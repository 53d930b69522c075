/**
 * Typed postMessage protocol between the UI (client.ts) and the engine worker (engine.worker.ts).
 * Every request carries an id; the worker answers with zero or more `progress` events and then exactly
 * one `result` or `error` with the same id. `cancel` aborts the request with that id.
 */
import type { Candidate, Query } from '../core/data/types';
import type { EvalResult, SettingName } from '../core/eval/types';
import type { InspectQueriesResult, InspectQueryResult, EmbeddingMap, RunDelta, TrainingBatchView, RunRecord, StartRunParams } from './run-types';
// Models panel (pre-trained encoders: Hub/folder/zip, fine-tune, export): see model-protocol.ts.
import type { ModelRequest, ModelResponses } from './model-protocol';
// Study view (the low-resource study as a queue of ordinary runs): see study-protocol.ts.
import type { StudyRecord, StudyRequest, StudyResponses } from './study-protocol';
// Bases tab (cross-lingual bases: build from lexicons, list, delete): see base-protocol.ts.
import type { BaseRequest, BaseResponses } from './base-protocol';
import type { BaseDelta } from './base-types';

export type BackendPreference = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export interface MemoryInfo { numTensors: number; numBytes: number }

export interface BackendReport {
  name: string;
  selfTestMs: number;
  tried: Array<{ name: string; ok: boolean; ms?: number; error?: string }>;
  fellBackFrom?: string;
  crossOriginIsolated: boolean;
  /** The WebGPU adapter, when there is one: a software adapter (SwiftShader, llvmpipe) is never picked by 'auto'. */
  webgpuAdapter?: { label: string; software: boolean };
  /** Our WebAssembly SIMD kernels (GELU, LayerNorm; src/core/model/kernels) run on this backend. */
  simdKernels: boolean;
  memory: MemoryInfo;
}

export interface LangCounts { queries: number; candidates: number }

/** What the UI knows about a dataset held in the worker (texts stay in the worker). */
export interface DatasetSummary {
  id: string;
  name: string;
  source: 'demo' | 'import';
  split?: 'train' | 'eval' | 'test' | 'dev';
  langs: string[];
  byLang: Record<string, LangCounts>;
  /** File names the dataset was built from. */
  files: string[];
  /** The demo's zero-shot languages (not in the train split). */
  zeroShotLangs?: string[];
}

export interface DatasetPreview {
  id: string;
  queries: Query[];
  candidates: Candidate[];
}

export interface EvalParams {
  datasetId: string;
  /** 'bm25' (default), a model reference (shipped:…, idb:bases/…, idb:checkpoints/…) or 'model:<key>' (Models tab). */
  retriever?: string;
  settings: SettingName[];
  maxQueriesPerLang?: number;
  langs?: string[];
}

export type Request =
  | { type: 'initBackend'; preferred?: BackendPreference }
  | { type: 'memory' }
  | { type: 'loadDemo' }
  | { type: 'listDatasets' }
  | { type: 'importFiles'; files: Array<{ name: string; bytes: ArrayBuffer }>; name?: string; split?: 'train' | 'eval' }
  | { type: 'removeDataset'; id: string }
  | { type: 'preview'; id: string; perLang: number }
  | { type: 'evaluate'; params: EvalParams }
  | { type: 'startRun'; params: StartRunParams }
  | { type: 'pauseRun'; runId: string }
  /** Continue a paused/interrupted run from its checkpoint; `steps` = advance only that many batches. */
  | { type: 'resumeRun'; runId: string; steps?: number }
  | { type: 'stopRun'; runId: string }
  | { type: 'listRuns' }
  | { type: 'deleteRun'; runId: string }
  | { type: 'inspectQueries'; runId: string; lang: string; limit?: number }
  | { type: 'inspectQuery'; runId: string; xlingId: string; lang: string; pool: string }
  | { type: 'trainingBatch'; runId: string; step: number }
  | { type: 'embeddingMap'; runId: string; perLang?: number }
  | ModelRequest
  | StudyRequest
  | BaseRequest;

/** The result type of each request. */
export interface Responses extends ModelResponses, StudyResponses, BaseResponses {
  initBackend: BackendReport;
  memory: MemoryInfo;
  loadDemo: DatasetSummary[];
  listDatasets: DatasetSummary[];
  importFiles: DatasetSummary;
  removeDataset: DatasetSummary[];
  preview: DatasetPreview;
  evaluate: EvalResult;
  startRun: RunRecord;
  pauseRun: null;
  resumeRun: RunRecord;
  stopRun: null;
  listRuns: RunRecord[];
  deleteRun: RunRecord[];
  inspectQueries: InspectQueriesResult;
  inspectQuery: InspectQueryResult;
  trainingBatch: TrainingBatchView;
  embeddingMap: EmbeddingMap;
}

export interface Progress { phase: string; done: number; total: number }

export type ToWorker = { id: number; req: Request } | { id: number; cancel: true };

export type FromWorker =
  | { id: 0; kind: 'ready' }
  /** Run updates are broadcast (not tied to a request): a run outlives the request that started it. */
  | { id: 0; kind: 'run'; delta: RunDelta }
  /** The study's record after every change of its queue (broadcast like run deltas). */
  | { id: 0; kind: 'study'; study: StudyRecord }
  /** A base build's progress (broadcast like run deltas): steps, loss, translation-ranking evaluations, the end. */
  | { id: 0; kind: 'base'; delta: BaseDelta }
  | { id: number; kind: 'progress'; progress: Progress }
  | { id: number; kind: 'result'; result: unknown }
  | { id: number; kind: 'error'; error: { name: string; message: string } };
