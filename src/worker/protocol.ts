/**
 * Typed postMessage protocol between the UI (client.ts) and the engine worker (engine.worker.ts).
 * Every request carries an id; the worker answers with zero or more `progress` events and then exactly
 * one `result` or `error` with the same id. `cancel` aborts the request with that id.
 */
import type { Candidate, Query } from '../core/data/types';
import type { EvalResult, SettingName } from '../core/eval/types';
import type { MapStep } from './views/map-store';
import type {
  InspectQueriesResult,
  InspectQueryResult,
  EmbeddingMap,
  RunDelta,
  TrainingBatchView,
  RunRecord,
  StartRunParams,
} from './runs/run-types';
// Models panel (pre-trained encoders: Hub/folder/zip, fine-tune, export): see model-protocol.ts.
import type { ModelRequest, ModelResponses } from './models/model-protocol';
// Study view (the low-resource study as a queue of ordinary runs): see study-protocol.ts.
import type { StudyRecord, StudyRequest, StudyResponses } from './study/study-protocol';
// The α-sweep (a persisted queue of ordinary runs): see sweep-protocol.ts.
import type { SweepRecord, SweepRequest, SweepResponses } from './sweep/sweep-protocol';
// Bases tab (cross-lingual bases: build from lexicons, list, delete): see base-protocol.ts.
import type { BaseRequest, BaseResponses } from './bases/base-protocol';
import type { BaseDelta } from './bases/base-types';
import type { JobContext, JobInfo, Progress } from './jobs';
import type { ImportRunsResult } from './runs/run-import';
import type { RunFileParams } from './runs/run-file-eval';

export type BackendPreference = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export interface MemoryInfo {
  numTensors: number;
  numBytes: number;
}

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

export interface LangCounts {
  queries: number;
  candidates: number;
}

/** What the UI knows about a dataset held in the worker (texts stay in the worker). */
export interface DatasetSummary {
  id: string;
  name: string;
  /** demo: shipped; import: files picked or dropped; download: a registered source (data-sources.ts). */
  source: 'demo' | 'import' | 'download';
  /** The detected format (src/core/data/detect.ts FORMAT_LABELS). */
  format?: string;
  /** Files given but not used by the format (README, LICENSE…). */
  ignored?: string[];
  /** For downloads: the registry id, licence and attribution (shown with the dataset). */
  origin?: { sourceId: string; licence: string; attribution: string };
  /** Notes of the download (e.g. a resume the server refused). */
  notes?: string[];
  split?: 'train' | 'eval' | 'test' | 'dev';
  langs: string[];
  byLang: Record<string, LangCounts>;
  /** File names the dataset was built from. */
  files: string[];
  /** The demo's zero-shot languages (not in the train split). */
  zeroShotLangs?: string[];
}

/** A downloadable dataset of the registry (src/core/data/sources.ts), as the Data tab shows it. */
export interface SourceInfo {
  id: string;
  title: string;
  description: string;
  approxBytes: number;
  licence: { name: string; url: string };
  attribution: string;
  homepage: string;
  note?: string;
  /** Bytes of an unfinished download held by the worker (resumable). */
  partialBytes: number;
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
  | {
      type: 'importFiles';
      files: Array<{ name: string; bytes: ArrayBuffer }>;
      name?: string;
      split?: 'train' | 'eval';
      lang?: string;
    }
  | { type: 'removeDataset'; id: string }
  | { type: 'renameDataset'; id: string; name: string }
  | { type: 'listSources' }
  /** Download a registered dataset (progress in bytes; cancel keeps the part for the next call to resume). */
  | { type: 'getSource'; id: string; base?: string }
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
  /** The jobs running now (jobs.ts): what computes, its progress; the worker also broadcasts the list on change. */
  | { type: 'jobList' }
  /** Cancel a job by its id (a run is paused, a study or build cancelled, anything else aborted). */
  | { type: 'jobCancel'; jobId: number }
  | { type: 'trainingBatch'; runId: string; step: number }
  /** The map of the evaluation at `step` (saved during training), else of the run's latest weights. */
  | { type: 'embeddingMap'; runId: string; perLang?: number; step?: number }
  /** The evaluations of a run whose map was saved (map-store.ts). */
  | { type: 'embeddingMapSteps'; runId: string }
  /** Run bundles and CLI run folders into the run list (run-import.ts): each source one .zip or one folder's files. */
  | { type: 'importRuns'; sources: Array<{ name: string; files: Array<{ path: string; bytes: ArrayBuffer }> }> }
  /** Runs as one .zip: one run = one bundle; several = one bundle folder per run. */
  | { type: 'exportRuns'; runIds: string[] }
  /** A TREC run file evaluated on a loaded dataset, kept as a run (run-file-eval.ts). */
  | { type: 'evaluateRunFile'; params: RunFileParams }
  | ModelRequest
  | StudyRequest
  | SweepRequest
  | BaseRequest;

/** The result type of each request. */
export interface Responses extends ModelResponses, StudyResponses, SweepResponses, BaseResponses {
  initBackend: BackendReport;
  memory: MemoryInfo;
  loadDemo: DatasetSummary[];
  listDatasets: DatasetSummary[];
  importFiles: DatasetSummary;
  removeDataset: DatasetSummary[];
  renameDataset: DatasetSummary[];
  listSources: SourceInfo[];
  getSource: DatasetSummary;
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
  jobList: JobInfo[];
  jobCancel: boolean;
  trainingBatch: TrainingBatchView;
  embeddingMap: EmbeddingMap;
  embeddingMapSteps: MapStep[];
  importRuns: ImportRunsResult;
  exportRuns: Uint8Array;
  evaluateRunFile: RunRecord;
}

/** The answer type of request type K. */
export type Response<K extends Request['type']> = Responses[K];

/**
 * The worker's handler table (handlers.ts): one handler per request type, checked by the compiler — a request
 * type without a handler, or a handler answering the wrong type, does not compile. Requests that compute run as
 * jobs (jobs.ts; see jobSpecOf in handlers.ts) and get the job's context; the others a plain one.
 */
export type Handler<K extends Request['type']> = (
  req: Extract<Request, { type: K }>,
  ctx: JobContext,
) => Promise<Response<K>> | Response<K>;
export type HandlerTable<R extends Request = Request> = { [K in R['type']]: Handler<K> };

export type { Progress };

export type ToWorker = { id: number; req: Request } | { id: number; cancel: true };

export type FromWorker =
  | { id: 0; kind: 'ready' }
  /** Run updates are broadcast (not tied to a request): a run outlives the request that started it. */
  | { id: 0; kind: 'run'; delta: RunDelta }
  /** The study's record after every change of its queue (broadcast like run deltas). */
  | { id: 0; kind: 'study'; study: StudyRecord }
  /** The α-sweep's record after every change of its queue. */
  | { id: 0; kind: 'sweep'; sweep: SweepRecord }
  /** A base build's progress (broadcast like run deltas): steps, loss, translation-ranking evaluations, the end. */
  | { id: 0; kind: 'base'; delta: BaseDelta }
  /** The job list after every change (a job started, ended or reported progress). */
  | { id: 0; kind: 'jobs'; jobs: JobInfo[] }
  | { id: number; kind: 'progress'; progress: Progress }
  | { id: number; kind: 'result'; result: unknown }
  | { id: number; kind: 'error'; error: { name: string; message: string } };
