/// <reference lib="webworker" />
/**
 * The engine worker: tfjs backend, datasets and evaluation run here, off the main thread.
 * Protocol: see protocol.ts. Errors are answered with their message (DataImportError messages name the
 * file, record, field and fix) and leave the worker's state as it was.
 */
import * as tf from '@tensorflow/tfjs';
import { Bm25Retriever } from '../core/eval/bm25';
import { evaluate } from '../core/eval/evaluate';
import type { Pool, Retriever } from '../core/eval/types';
import { initBackend } from '../core/util/backend';
import { wasmKernelsReady } from '../core/model/kernels/wasm-kernels';
import { trainingBatch } from './inspect-batch';
import { evaluateModelRef } from './eval-retriever';
import { adapterLabel, isSoftwareAdapter, probeAdapter } from './onnx-device';
import { getDataset, importFiles, listDatasets, loadDemo, preview, removeDataset } from './datasets';
import type { BackendReport, EvalParams, FromWorker, MemoryInfo, Progress, Request, ToWorker } from './protocol';
import { handleModelRequest, releaseModels } from './models';
import { isModelRequest } from './model-protocol';
import { handleStudyRequest } from './study-handler';
import { isStudyRequest } from './study-protocol';
import { assertNoStudy, setStudySink } from './study';
import { ensureNoBuild, handleBaseRequest, setBaseSink } from './bases';
import { isBaseRequest } from './base-protocol';
import { deleteRun, inspectOne, inspectQueries, runEmbeddingMap, listRuns, pauseRun, releaseEncoders, resumeRun, setRunSink, startRun, stopRun } from './runs';

declare const self: DedicatedWorkerGlobalScope;

const controllers = new Map<number, AbortController>();

function post(msg: FromWorker): void {
  self.postMessage(msg);
}

function memory(): MemoryInfo {
  const m = tf.memory();
  return { numTensors: m.numTensors, numBytes: m.numBytes };
}

/** Wraps a retriever so each scoring call first yields to the event loop: cancel messages get through. */
function yielding(inner: Retriever, signal: AbortSignal): Retriever {
  return {
    name: inner.name,
    prepare: (ds, onProgress) => inner.prepare(ds, onProgress),
    async score(queryIdx: Int32Array, pool: Pool) {
      await new Promise((r) => setTimeout(r, 0));
      if (signal.aborted) throw new DOMException('evaluation cancelled', 'AbortError');
      return inner.score(queryIdx, pool);
    },
    dispose: () => inner.dispose?.(),
  };
}

async function runEval(p: EvalParams, onProgress: (p: Progress) => void, signal: AbortSignal) {
  const ds = getDataset(p.datasetId);
  if (p.retriever && p.retriever !== 'bm25') return evaluateModelRef(ds, { ...p, retriever: p.retriever }, onProgress, signal);
  const retriever = yielding(new Bm25Retriever(), signal);
  try {
    return await evaluate(ds, retriever, { settings: p.settings, langs: p.langs, maxQueriesPerLang: p.maxQueriesPerLang, onProgress, signal });
  } finally {
    retriever.dispose?.();
  }
}

async function handle(req: Request, onProgress: (p: Progress) => void, signal: AbortSignal): Promise<unknown> {
  if (isModelRequest(req)) return handleModelRequest(req, onProgress, signal); // Models panel (models.ts)
  if (isStudyRequest(req)) return handleStudyRequest(req); // Study view (study.ts)
  if (isBaseRequest(req)) return handleBaseRequest(req); // Bases tab (bases.ts)
  switch (req.type) {
    case 'initBackend': {
      assertNoStudy('switch the backend');
      ensureNoBuild('switch the backend');
      // Weights live on the backend that made them: free in-memory encoders (checkpoints stay in IndexedDB).
      releaseEncoders();
      releaseModels();
      const adapter = await probeAdapter();
      const webgpuAdapter = adapter ? { label: adapterLabel(adapter), software: isSoftwareAdapter(adapter) } : undefined;
      const info = await initBackend(req.preferred ?? 'auto', {
        wasmPath: new URL(import.meta.env.BASE_URL + 'tfjs-wasm/', self.location.origin).href,
        avoidInAuto: webgpuAdapter?.software ? ['webgpu'] : [],
      });
      const report: BackendReport = { ...info, webgpuAdapter, crossOriginIsolated: self.crossOriginIsolated === true, simdKernels: wasmKernelsReady(), memory: memory() };
      return report;
    }
    case 'memory': return memory();
    case 'loadDemo': return loadDemo();
    case 'listDatasets': return listDatasets();
    case 'importFiles': return importFiles(req.files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) })), req.name, req.split);
    case 'removeDataset': return removeDataset(req.id);
    case 'preview': return preview(req.id, req.perLang);
    case 'evaluate': return runEval(req.params, onProgress, signal);
    case 'startRun': assertNoStudy('start a run'); ensureNoBuild('start a run'); return startRun(req.params);
    case 'pauseRun': return pauseRun(req.runId);
    case 'resumeRun': assertNoStudy('resume a run'); ensureNoBuild('resume a run'); return resumeRun(req.runId, req.steps);
    case 'stopRun': return stopRun(req.runId);
    case 'listRuns': return listRuns();
    case 'deleteRun': return deleteRun(req.runId);
    case 'inspectQueries': return inspectQueries(req.runId, req.lang, req.limit);
    case 'inspectQuery': return inspectOne(req.runId, { xlingId: req.xlingId, lang: req.lang }, req.pool);
    case 'trainingBatch': return trainingBatch(req.runId, req.step);
    case 'embeddingMap': return runEmbeddingMap(req.runId, req.perLang);
  }
}

/** Progress events, throttled to ~20 per second (the last one of each phase always goes out). */
function progressSender(id: number): (p: Progress) => void {
  let last = 0, lastPhase = '';
  return (p) => {
    const now = performance.now();
    if (p.phase === lastPhase && p.done < p.total && now - last < 50) return;
    last = now; lastPhase = p.phase;
    post({ id, kind: 'progress', progress: { phase: p.phase, done: p.done, total: p.total } });
  };
}

self.onmessage = async (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  if ('cancel' in msg) { controllers.get(msg.id)?.abort(); return; }
  const ctrl = new AbortController();
  controllers.set(msg.id, ctrl);
  try {
    const result = await handle(msg.req, progressSender(msg.id), ctrl.signal);
    post({ id: msg.id, kind: 'result', result });
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const name = ctrl.signal.aborted ? 'AbortError' : err.name;
    post({ id: msg.id, kind: 'error', error: { name, message: err.message || String(e) } });
  } finally {
    controllers.delete(msg.id);
  }
};

setRunSink((delta) => post({ id: 0, kind: 'run', delta }));
setStudySink((study) => post({ id: 0, kind: 'study', study }));
setBaseSink((delta) => post({ id: 0, kind: 'base', delta }));

// Tells the client the module loaded: later uncaught errors are not start-up failures.
post({ id: 0, kind: 'ready' });
