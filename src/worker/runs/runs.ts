/**
 * The worker's training runs: start / pause / step / resume / stop, the run list, and the encoders the query
 * inspector reads. One run trains at a time (one tfjs backend, one set of weights in memory); a paused run
 * keeps its encoder until another run needs the memory, and can always be rebuilt from its IndexedDB checkpoint.
 */
import { DEFAULT_CONFIG, resolveConfig, type DatasetRef, type ExperimentConfig } from '../../core/experiment/config';
import { prepareModel } from '../../core/experiment/setup';
import { createEncoder } from '../../core/model/checkpoint';
import type { Encoder } from '../../core/model/encoder';
import { getDataset, listDatasets } from '../datasets/datasets';
import { embedCandidates, embeddingMap, inspectQuery, mapSample, projectSample, queriesOf } from '../views/inspect';
import { deleteMaps, loadMap, mapSteps, type MapStep } from '../views/map-store';
import { inspectFromRankings } from '../views/inspect-rankings';
import { modelFilesOf } from '../models/model-refs';
import { RunController, type Sink } from './run-controller';
import type { EmbeddingMap, InspectQueriesResult, InspectQueryResult, RunRecord, StartRunParams } from './run-types';
import * as store from './runs-store';

let sink: Sink = () => undefined;
export function setRunSink(s: Sink): void {
  sink = s;
}

/** The run whose encoder is in memory (training, paused, or just finished). */
let current: RunController | undefined;
/** An encoder loaded from a checkpoint for the inspector, and the eval candidates embedded with it. */
let viewer: { runId: string; step: number; encoder: Encoder; cand?: Float32Array } | undefined;
let currentCand: { runId: string; step: number; cand: Float32Array } | undefined;

/** demo → "demo:<split>"; a path is taken as a worker dataset id (an import). */
export function datasetIdFor(ref: DatasetRef): string {
  return ref.source === 'demo' ? `demo:${ref.split}` : ref.path;
}

async function datasets(trainId: string, evalId: string) {
  await listDatasets(); // restores saved imports after a reload
  return { train: getDataset(trainId), evalDs: getDataset(evalId) };
}

/** The dataset a run was evaluated on; for an imported run one this browser lacks is named with the fix. */
async function evalDatasetOf(rec: RunRecord) {
  await listDatasets();
  try {
    return getDataset(rec.evalId);
  } catch (e) {
    if (!rec.imported) throw e;
    throw new Error(
      `run "${rec.config.name}" was evaluated on "${rec.evalId}", which this browser does not have: import that dataset on the Data tab to inspect the run`,
    );
  }
}

function ensureIdle(): void {
  if (current?.running)
    throw new Error(`run "${current.rec.config.name}" is training; pause or stop it first (one run at a time)`);
}

function makeCurrent(c: RunController): void {
  if (current && current !== c) current.encoder.dispose();
  current = c;
  currentCand = undefined;
  if (viewer?.runId === c.rec.id) {
    viewer.encoder.dispose();
    viewer = undefined;
  }
}

/** Free every in-memory encoder (before a backend switch); checkpoints stay in IndexedDB. */
export function releaseEncoders(): void {
  ensureIdle();
  current?.encoder.dispose();
  viewer?.encoder.dispose();
  current = viewer = currentCand = undefined;
}

/** The config's name is the untouched default ("demo"): the run gets a name of its own (defaultRunName). */
export const isDefaultName = (name: string): boolean => name === DEFAULT_CONFIG.name;

/** "α=0.5 · seed 42 · #3": distinct (numbered past every stored run) and saying what differs between runs. */
export function defaultRunName(cfg: ExperimentConfig, taken: ReadonlySet<string>, n: number): string {
  let name: string;
  for (let k = n; taken.has((name = `α=${cfg.alpha} · seed ${cfg.seed} · #${k}`)); k++);
  return name;
}

export async function startRun(p: StartRunParams): Promise<RunRecord> {
  ensureIdle();
  let config = resolveConfig(p.config);
  if (isDefaultName(config.name)) {
    const stored = await store.listRuns();
    config = { ...config, name: defaultRunName(config, new Set(stored.map((r) => r.config.name)), stored.length + 1) };
  }
  const trainId = p.trainId ?? datasetIdFor(config.train),
    evalId = p.evalId ?? datasetIdFor(config.eval);
  const { train, evalDs } = await datasets(trainId, evalId);
  const base = config.baseCheckpoint ?? (config.model.init === 'path' ? config.model.path : undefined);
  const baseFiles = base ? await modelFilesOf(base) : {}; // shipped, built base or run checkpoint (model-refs.ts)
  const prepared = prepareModel(config, train, () => baseFiles);
  const now = Date.now();
  const rec: RunRecord = {
    id: `run-${now.toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
    config,
    trainId,
    evalId,
    status: 'running',
    lineage: prepared.lineage,
    backend: '',
    created: now,
    updated: now,
    step: 0,
    seconds: 0,
    metrics: [],
    loss: [],
    composition: { batches: 0, mono: 0, pairs: {} },
  };
  // Current before the first write, so a concurrent listRuns never mistakes it for an interrupted run.
  const c = new RunController(rec, prepared.encoder, train, evalDs, sink);
  makeCurrent(c);
  try {
    await store.persistRun(rec, []);
  } catch (e) {
    c.encoder.dispose();
    current = undefined;
    throw new store.StorageError(store.storageMessage(e, 'the new run'));
  }
  c.start(undefined, p.pauseAfter);
  return c.stored();
}

/** The run in memory, rebuilt from its stored checkpoint when needed (history rolled back to that step). */
async function controllerFor(runId: string): Promise<RunController> {
  if (current?.rec.id === runId && current.resumeState) return current;
  const rec = current?.rec.id === runId ? current.stored() : await store.getRun(runId);
  if (!rec) throw new Error(`no run ${runId}`);
  if (rec.imported)
    throw new Error(
      `run "${rec.config.name}" was imported from ${rec.imported.file} and is read-only; start a new run from its config instead`,
    );
  if (rec.status === 'done') throw new Error('this run has finished; start a new one');
  const ckpt = await store.loadCheckpoint(runId);
  if (!ckpt) throw new Error('this run has no saved checkpoint yet, so it cannot be resumed; start it again');
  const { train, evalDs } = await datasets(rec.trainId, rec.evalId);
  const prepared = prepareModel(rec.config, train, () => ckpt.files, store.checkpointKey(runId));
  Object.assign(rec, {
    step: ckpt.step,
    error: undefined,
    loss: rec.loss.filter(([s]) => s <= ckpt.step),
    metrics: rec.metrics.filter((m) => m.step <= ckpt.step),
    composition: ckpt.composition ?? rec.composition,
  });
  await store.truncateEvents(runId, ckpt.step);
  const c = new RunController(rec, prepared.encoder, train, evalDs, sink, prepared.trainerState);
  makeCurrent(c);
  return c;
}

export async function resumeRun(runId: string, steps?: number): Promise<RunRecord> {
  ensureIdle();
  const c = await controllerFor(runId);
  c.start(c.resumeState, steps ? c.rec.step + steps : undefined);
  return c.stored();
}

export function pauseRun(runId: string): null {
  if (current?.rec.id === runId && current.running) current.requestStop('pause');
  return null;
}

export async function stopRun(runId: string): Promise<null> {
  if (current?.rec.id === runId) {
    if (current.running) current.requestStop('stop');
    else if (current.rec.status !== 'done') {
      current.setStatus('stopped');
      await current.persist();
    }
    return null;
  }
  const rec = await store.getRun(runId);
  if (rec?.imported)
    throw new Error(`run "${rec.config.name}" was imported from ${rec.imported.file} and is read-only: it cannot be stopped`);
  if (rec && rec.status !== 'done') {
    rec.status = 'stopped';
    rec.rev = (rec.rev ?? 0) + 1; // a delta's worth of change (RunRecord.rev)
    await store.persistRun(rec, []);
    sink({
      runId,
      seq: rec.seq ?? 0,
      rev: rec.rev,
      status: 'stopped',
      step: rec.step,
      seconds: rec.seconds,
      events: [],
      composition: rec.composition,
    });
  }
  return null;
}

/** Every stored run; one that was training when the page went away is marked interrupted. */
export async function listRuns(): Promise<RunRecord[]> {
  const out: RunRecord[] = [];
  for (const r of await store.listRuns()) {
    if (current?.rec.id === r.id) {
      out.push(current.stored());
      continue;
    }
    if (r.status === 'running' || r.status === 'preparing') {
      r.status = 'interrupted';
      try {
        await store.persistRun(r, []);
      } catch {
        /* shown as interrupted anyway */
      }
    }
    out.push(r);
  }
  return out;
}

export async function deleteRun(runId: string): Promise<RunRecord[]> {
  // A message without an id would match a viewer with none (undefined === undefined) and dispose it.
  if (typeof runId !== 'string' || runId === '') throw new Error('delete run: no run id was given; pick a run in the run list');
  if (current?.rec.id === runId) {
    if (current.running) {
      current.requestStop('stop');
      await current.loop;
    }
    current.encoder.dispose();
    current = currentCand = undefined;
  }
  if (viewer?.runId === runId) {
    viewer.encoder.dispose();
    viewer = undefined;
  }
  await store.deleteRun(runId);
  await deleteMaps(runId);
  return listRuns();
}

/** The latest weights of a run: the live encoder, else its checkpoint. Candidates are embedded once per step. */
async function inspected(runId: string) {
  if (current?.rec.id === runId) {
    const { rec, encoder } = current;
    const evalDs = (await datasets(rec.trainId, rec.evalId)).evalDs;
    if (currentCand?.step !== rec.step || currentCand.runId !== runId)
      currentCand = { runId, step: rec.step, cand: await embedCandidates(encoder, evalDs, rec.config.maxLength) };
    return { rec, encoder, evalDs, step: currentCand.step, cand: currentCand.cand };
  }
  const rec = await store.getRun(runId);
  if (!rec) throw new Error(`no run ${runId}`);
  const evalDs = await evalDatasetOf(rec);
  if (viewer?.runId !== runId) {
    const ckpt = await store.loadCheckpoint(runId);
    if (!ckpt) throw new Error('this run has no checkpoint yet: nothing to inspect');
    viewer?.encoder.dispose();
    viewer = { runId, step: ckpt.step, encoder: createEncoder(ckpt.files, { maxLength: rec.config.maxLength }) };
  }
  viewer.cand ??= await embedCandidates(viewer.encoder, evalDs, rec.config.maxLength);
  return { rec, encoder: viewer.encoder, evalDs, step: viewer.step, cand: viewer.cand };
}

export async function inspectQueries(runId: string, lang: string, limit?: number): Promise<InspectQueriesResult> {
  const rec = current?.rec.id === runId ? current.rec : await store.getRun(runId);
  if (!rec) throw new Error(`no run ${runId}`);
  const evalDs = current?.rec.id === runId ? (await datasets(rec.trainId, rec.evalId)).evalDs : await evalDatasetOf(rec);
  return { runId, step: rec.step, lang, queries: queriesOf(evalDs, lang, limit) };
}

/**
 * The Embedding map of a run: of the evaluation at `step` (its saved embeddings, projected now), else of its latest
 * weights, computed when the map asks for it (not inside the training loop).
 */
export async function runEmbeddingMap(runId: string, perLang?: number, step?: number): Promise<EmbeddingMap> {
  if (step !== undefined) {
    const rec = current?.rec.id === runId ? current.rec : await store.getRun(runId);
    if (!rec) throw new Error(`no run ${runId}`);
    const saved = await loadMap(runId, step);
    if (!saved)
      throw new Error(
        `run "${rec.config.name}" has no saved embedding map at step ${step}: pick one of the evaluations the Evaluation list offers, or the latest weights`,
      );
    const evalDs = current?.rec.id === runId ? (await datasets(rec.trainId, rec.evalId)).evalDs : await evalDatasetOf(rec);
    return projectSample(evalDs, mapSample(evalDs, saved.perLang), new Float32Array(saved.emb), saved.dim, step);
  }
  const v = await inspected(runId);
  return embeddingMap(v.encoder, v.evalDs, v.rec.config.maxLength, v.step, perLang);
}

/** The evaluations of a run with a saved map (none for runs recorded before maps were saved, or imported). */
export function runMapSteps(runId: string): Promise<MapStep[]> {
  return mapSteps(runId);
}

export async function inspectOne(runId: string, q: { xlingId: string; lang: string }, pool: string): Promise<InspectQueryResult> {
  const imported = current?.rec.id === runId ? undefined : await store.getRun(runId);
  if (imported?.imported && !imported.checkpoint) {
    // An imported run without a model: its bundle's rankings.json, when it had one.
    const rankings = await store.loadRankings(runId);
    if (!rankings)
      throw new Error(`run "${imported.config.name}" was imported without a checkpoint or rankings.json: nothing to inspect`);
    const evalDs = await evalDatasetOf(imported);
    return inspectFromRankings(rankings, evalDs, q, pool, { id: runId, name: imported.config.name, step: imported.step });
  }
  const v = await inspected(runId);
  return { runId, step: v.step, ...(await inspectQuery(v.encoder, v.evalDs, v.cand, v.rec.config.maxLength, q, pool)) };
}

/** The id of the run training now, if any (one at a time). */
export function activeRunId(): string | undefined {
  return current?.running ? current.rec.id : undefined;
}

/** The run's record once its training loop has ended (done, paused, stopped or error): the study's queue waits on it. */
export async function settled(runId: string): Promise<RunRecord | undefined> {
  const c = current;
  if (c?.rec.id === runId) {
    await c.loop;
    return c.stored();
  }
  return store.getRun(runId);
}
