/**
 * The worker's handler table: one handler per request type of protocol.ts (the compiler checks every type has
 * one and that it answers that type's Response), and jobSpecOf: which requests compute, and so run as jobs of
 * the job manager (jobs.ts) — listed with progress, cancellable, refused while another job holds the backend.
 *
 * A new request type: add it to protocol.ts' Request and Responses (or a feature's *-protocol.ts), its handler
 * here (or in the feature's handler table), and, when it computes, its jobSpecOf case.
 */
import * as tf from '@tensorflow/tfjs';
import { Bm25Retriever } from '../core/eval/bm25';
import { evaluate } from '../core/eval/evaluate';
import { wasmKernelsReady } from '../core/model/kernels/wasm-kernels';
import { initBackend } from '../core/util/backend';
import { baseHandlers } from './bases/bases';
import { getDataset, importFiles, listDatasets, loadDemo, preview, removeDataset, renameDataset } from './datasets/datasets';
import { getSource, listSources } from './datasets/data-sources';
import type { JobManager, JobSpec } from './jobs';
import { modelHandlers, modelJobSpec, releaseModels } from './models/models';
import { isModelRequest } from './models/model-protocol';
import type { BackendReport, EvalParams, HandlerTable, MemoryInfo, Progress, Request } from './protocol';
import {
  deleteRun,
  inspectOne,
  inspectQueries,
  runEmbeddingMap,
  runMapSteps,
  listRuns,
  pauseRun,
  releaseEncoders,
  resumeRun,
  settled,
  startRun,
  stopRun,
} from './runs/runs';
import { studyHandlers } from './study/study-handler';
import { evaluateModelRef } from './views/eval-retriever';
import { trainingBatch } from './views/inspect-batch';
import { adapterLabel, isSoftwareAdapter, probeAdapter } from './models/onnx-device';
import { sweepHandlers } from './sweep/sweep-handler';
import { exportRuns, importRuns } from './runs/run-import';
import { evaluateRunFile } from './runs/run-file-eval';
import { yieldPointOf } from './yield';

export function memory(): MemoryInfo {
  const m = tf.memory();
  return { numTensors: m.numTensors, numBytes: m.numBytes };
}

async function runEval(p: EvalParams, onProgress: (p: Progress) => void, signal: AbortSignal) {
  const ds = getDataset(p.datasetId);
  // Any model the app knows (a run's checkpoint, a base, a loaded model) as a dense retriever (eval-retriever.ts).
  if (p.retriever && p.retriever !== 'bm25') return evaluateModelRef(ds, { ...p, retriever: p.retriever }, onProgress, signal);
  const retriever = new Bm25Retriever();
  try {
    return await evaluate(ds, retriever, {
      settings: p.settings,
      langs: p.langs,
      maxQueriesPerLang: p.maxQueriesPerLang,
      onProgress,
      signal,
      yieldPoint: yieldPointOf(signal, 'evaluation'),
    });
  } finally {
    retriever.dispose?.();
  }
}

/** The job each computing request runs as; requests not listed answer at once (lists, pause, stop, delete). */
export function jobSpecOf(req: Request): JobSpec | undefined {
  if (isModelRequest(req)) return modelJobSpec(req);
  switch (req.type) {
    case 'startRun':
      return { kind: 'train', label: `training run "${req.params.config?.name ?? '?'}"`, exclusive: true };
    case 'resumeRun':
      return { kind: 'train', label: `training run ${req.runId}`, exclusive: true };
    case 'studyStart':
    case 'studyResume':
      return { kind: 'study', label: 'the study', exclusive: true };
    case 'sweepStart':
    case 'sweepResume':
      return { kind: 'sweep', label: 'the α-sweep', exclusive: true };
    case 'baseBuild':
      return { kind: 'base', label: `the build of base "${req.params.name}"`, exclusive: true };
    case 'evaluate':
      return !req.params.retriever || req.params.retriever === 'bm25'
        ? { kind: 'evaluate', label: `the BM25 evaluation of ${req.params.datasetId}`, exclusive: false }
        : { kind: 'evaluate', label: `the evaluation of ${req.params.retriever} on ${req.params.datasetId}`, exclusive: true };
    case 'embeddingMap':
      return {
        kind: 'model-compute',
        label: `the embedding map of ${req.runId}${req.step === undefined ? '' : ` at step ${req.step}`}`,
        exclusive: false,
      };
    case 'importFiles':
      return { kind: 'import', label: `the import of ${req.name ?? req.files[0]?.name ?? 'files'}`, exclusive: false };
    case 'getSource':
      return { kind: 'import', label: `the download of ${req.id}`, exclusive: false };
    case 'importRuns':
      return {
        kind: 'import',
        label: `the import of runs from ${req.sources.map((x) => x.name).join(', ') || 'nothing'}`,
        exclusive: false,
      };
    case 'evaluateRunFile':
      return {
        kind: 'evaluate',
        label: `the evaluation of run file ${req.params.fileName} on ${req.params.datasetId}`,
        exclusive: false,
      };
    case 'inspectQuery':
      return { kind: 'model-compute', label: `inspecting a query of ${req.runId}`, exclusive: false };
    default:
      return undefined;
  }
}

/** The handler table over the job manager `jobs` (jobList / jobCancel / initBackend read it). */
export function handlers(jobs: JobManager, wasmPath: () => string): HandlerTable {
  return {
    ...modelHandlers,
    ...studyHandlers,
    ...baseHandlers,
    ...sweepHandlers,
    initBackend: async (req) => {
      jobs.assertFree('switching the backend', true);
      // Weights live on the backend that made them: free in-memory encoders (checkpoints stay in IndexedDB).
      releaseEncoders();
      releaseModels();
      const adapter = await probeAdapter();
      const webgpuAdapter = adapter ? { label: adapterLabel(adapter), software: isSoftwareAdapter(adapter) } : undefined;
      // A software WebGPU adapter (SwiftShader) passes the self-test fast but trains ~100× slower than WASM.
      const info = await initBackend(req.preferred ?? 'auto', {
        wasmPath: wasmPath(),
        avoidInAuto: webgpuAdapter?.software ? ['webgpu'] : [],
      });
      const report: BackendReport = {
        ...info,
        webgpuAdapter,
        crossOriginIsolated: self.crossOriginIsolated === true,
        simdKernels: wasmKernelsReady(),
        memory: memory(),
      };
      return report;
    },
    memory: () => memory(),
    loadDemo: () => loadDemo(),
    listDatasets: () => listDatasets(),
    importFiles: (req) =>
      importFiles(
        req.files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) })),
        req.name,
        req.split,
        req.lang,
      ),
    removeDataset: (req) => removeDataset(req.id),
    renameDataset: (req) => renameDataset(req.id, req.name),
    listSources: () => listSources(),
    getSource: (req, job) => getSource(req.id, req.base, job.progress, job.signal),
    preview: (req) => preview(req.id, req.perLang),
    evaluate: (req, job) => runEval(req.params, job.progress, job.signal),
    // A run answers once it trains and holds its job until its loop ends; cancelling the job pauses it.
    startRun: async (req, job) => {
      const rec = await startRun(req.params);
      job.hold(settled(rec.id), () => pauseRun(rec.id));
      return rec;
    },
    resumeRun: async (req, job) => {
      const rec = await resumeRun(req.runId, req.steps);
      job.hold(settled(rec.id), () => pauseRun(rec.id));
      return rec;
    },
    pauseRun: (req) => pauseRun(req.runId),
    stopRun: (req) => stopRun(req.runId),
    listRuns: () => listRuns(),
    deleteRun: (req) => deleteRun(req.runId),
    inspectQueries: (req) => inspectQueries(req.runId, req.lang, req.limit),
    inspectQuery: (req) => inspectOne(req.runId, { xlingId: req.xlingId, lang: req.lang }, req.pool),
    trainingBatch: (req) => trainingBatch(req.runId, req.step),
    embeddingMap: (req) => runEmbeddingMap(req.runId, req.perLang, req.step),
    embeddingMapSteps: (req) => runMapSteps(req.runId),
    importRuns: (req) =>
      importRuns(
        req.sources.map((x) => ({ name: x.name, files: x.files.map((f) => ({ path: f.path, bytes: new Uint8Array(f.bytes) })) })),
      ),
    exportRuns: (req) => exportRuns(req.runIds),
    evaluateRunFile: (req) => evaluateRunFile(req.params),
    jobList: () => jobs.list(),
    jobCancel: (req) => jobs.cancel(req.jobId),
  };
}
