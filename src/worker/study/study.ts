/**
 * The low-resource study in the worker: core's runStudy drives the plan (planStudy: every cap × strategy ×
 * seed), and each planned run is an ordinary run (runs.ts: startRun / resumeRun, stored in IndexedDB, listed
 * and comparable like any other). After a run is done its final checkpoint is evaluated once more with
 * per-query AP (core/experiment/study-eval, as the CLI does) and stored; when all are done the report is
 * built by core's buildStudyReport — the same code and numbers as `cli study`.
 *
 * Resume (after a reload, a cancel, or a run paused/stopped outside the study): finished runs are kept (their
 * stored per-query results are reused); the unfinished run continues from its last checkpoint when it has
 * one (the runner continues the exact event stream), else it is deleted and restarted from step 0.
 */
import type { DatasetRef } from '../../core/experiment/config';
import { resolveStudyConfig, runStudy, planStudy, type StudyHost, type StudyRun } from '../../core/experiment/study';
import { getDataset, listDatasets } from '../datasets/datasets';
import type { RunRecord } from '../runs/run-types';
import * as runs from '../runs/runs';
import { getRun } from '../runs/runs-store';
import { buildBrowserReport, evaluateRunPerQuery } from './study-eval';
import type { StudyRecord, StudyRunState } from './study-protocol';
import * as studyStore from './study-store';

type Sink = (rec: StudyRecord) => void;
let sink: Sink = () => undefined;
export function setStudySink(s: Sink): void {
  sink = s;
}

/** Ends a study's session without an error: cancelled, or its run was paused/stopped elsewhere. Resumable. */
class Halt extends Error {}

/** `done` settles when the queue stops (the moment `driver` is cleared), `release` settles it. */
interface Driver {
  rec: StudyRecord;
  cancel: boolean;
  done: Promise<void>;
  release: () => void;
}
let driver: Driver | undefined;

/** Ordinary run requests (start, resume, backend switch) are refused while a study drives the queue. */
export function assertNoStudy(what: string): void {
  if (driver)
    throw new Error(`the study "${driver.rec.config.name}" is running its queue: cancel it in the Study tab before you ${what}`);
}

async function publish(rec: StudyRecord): Promise<void> {
  rec.updated = Date.now();
  sink(rec);
  await studyStore.saveStudy(rec);
}

function assertIdle(): void {
  const id = runs.activeRunId();
  if (id) throw new Error(`run ${id} is training; pause or stop it before starting the study (one run trains at a time)`);
}

/** Both datasets are here, and every low-resource language is one of the training data's languages. */
async function checkData(rec: StudyRecord): Promise<void> {
  await listDatasets(); // restores saved imports after a reload
  const data = (ref: DatasetRef, field: string) => {
    const id = runs.datasetIdFor(ref);
    try {
      return getDataset(id);
    } catch {
      throw new Error(
        `study field "base.${field}": dataset ${id} is not loaded in this browser (removed?). Fix: import it again, or pick another dataset and start a new study`,
      );
    }
  };
  const train = data(rec.config.base.train, 'train');
  data(rec.config.base.eval, 'eval');
  const missing = rec.config.lowResourceLangs.filter((l) => !train.langs.includes(l));
  if (missing.length)
    throw new Error(
      `study field "lowResourceLangs": ${missing.join(', ')} is not a language of the training data (${train.langs.join(', ')}). Fix: pick low-resource languages among those`,
    );
}

export async function startStudy(raw: Record<string, unknown>): Promise<StudyRecord> {
  assertNoStudy('start another');
  assertIdle();
  const config = resolveStudyConfig(raw);
  const now = Date.now();
  const rec: StudyRecord = {
    id: `study-${now.toString(36)}`,
    config,
    status: 'running',
    index: 0,
    created: now,
    updated: now,
    runs: planStudy(config).map((r) => ({
      planId: r.id,
      cap: String(r.cap),
      strategy: r.strategy.name,
      alpha: r.strategy.alpha,
      seed: r.seed,
      state: 'pending',
    })),
  };
  await checkData(rec);
  const old = await studyStore.latestStudy();
  if (old) await studyStore.deleteStudy(old.id);
  await studyStore.saveStudy(rec);
  return launch(rec, `Started: ${rec.runs.length} runs.`);
}

export async function resumeStudy(): Promise<StudyRecord> {
  assertNoStudy('resume it again');
  assertIdle();
  const rec = await studyStore.latestStudy();
  if (!rec) throw new Error('there is no study to resume; start one');
  if (rec.status === 'done') throw new Error('this study has finished; start a new one');
  await checkData(rec);
  const kept = rec.runs.filter((r) => r.state === 'done').length;
  for (const r of rec.runs)
    if (r.state !== 'done') {
      r.state = 'pending';
      r.resumed = undefined;
    }
  return launch(rec, `Resumed: ${kept} of ${rec.runs.length} runs were finished and are kept (not trained again).`);
}

export async function cancelStudy(): Promise<StudyRecord | null> {
  const d = driver;
  if (!d) return getStudy();
  d.cancel = true;
  d.rec.status = 'stopping';
  await publish(d.rec);
  const runId = d.rec.runs[d.rec.index]?.runId;
  if (runId) await runs.stopRun(runId); // stops after the current step and saves a checkpoint
  return d.rec;
}

/** Settles when the study's queue stops (done, cancelled, failed); at once when none runs. The job manager holds the study's job until then. */
export function studySettled(): Promise<void> {
  return driver?.done ?? Promise.resolve();
}

/** The stored study; one left running by a page that went away is marked interrupted. */
export async function getStudy(): Promise<StudyRecord | null> {
  if (driver) return driver.rec;
  const rec = await studyStore.latestStudy();
  if (!rec) return null;
  if (rec.status === 'running' || rec.status === 'stopping') {
    rec.status = 'interrupted';
    rec.note = 'The page went away while the study ran.';
    await studyStore.saveStudy(rec);
  }
  return rec;
}

function launch(rec: StudyRecord, note: string): StudyRecord {
  let release: () => void = () => undefined;
  const done = new Promise<void>((r) => {
    release = r;
  });
  const d: Driver = { rec, cancel: false, done, release };
  driver = d;
  Object.assign(rec, { status: 'running', note, error: undefined, report: undefined });
  void drive(d).finally(() => {
    if (driver === d) driver = undefined;
    d.release();
  });
  return rec;
}

async function drive(d: Driver): Promise<void> {
  const { rec } = d;
  const t0 = performance.now();
  try {
    await publish(rec);
    const outcome = await runStudy(rec.config, host(d));
    rec.report = buildBrowserReport(rec.config, outcome, (performance.now() - t0) / 1000);
    rec.status = 'done';
  } catch (e) {
    if (e instanceof Halt) {
      rec.status = 'stopped';
      rec.note = e.message;
    } else {
      rec.status = 'error';
      rec.error = (e as Error)?.message ?? String(e);
    }
  }
  driver = undefined; // before the last message: the view may start or resume at once
  d.release();
  try {
    await publish(rec);
  } catch (e) {
    sink({ ...rec, error: (e as Error).message });
  }
}

function host(d: Driver): StudyHost {
  const { rec } = d;
  const stateOf = (run: StudyRun): StudyRunState => rec.runs.find((r) => r.planId === run.id)!;
  return {
    load: async (run) => (await studyStore.loadResult(rec.id, run.id))?.result,
    seconds: (run) => stateOf(run).seconds,
    onRun: (run, i, _n, state) => {
      rec.index = i;
      if (state === 'skipped') stateOf(run).state = 'done';
    },
    execute: async (run) => {
      const st = stateOf(run);
      const trained = await train(d, run, st);
      if (d.cancel) throw new Halt(`Cancelled after ${run.id} finished training; Resume study evaluates it and goes on.`);
      st.state = 'evaluating';
      await publish(rec);
      const result = await evaluateRunPerQuery(trained, run.config);
      await studyStore.saveResult({ studyId: rec.id, planId: run.id, result, seconds: trained.seconds });
      Object.assign(st, { state: 'done', seconds: trained.seconds });
      await publish(rec);
      return { result, seconds: trained.seconds };
    },
  };
}

/** Train one planned run to the end (start, or take up its earlier run) and return its finished record. */
async function train(d: Driver, run: StudyRun, st: StudyRunState): Promise<RunRecord> {
  if (d.cancel) throw new Halt(`Cancelled before ${run.id}; Resume study starts it.`);
  const earlier = st.runId ? await getRun(st.runId) : undefined;
  if (earlier?.status === 'done') return earlier; // trained before the page went away: only the evaluation is missing
  st.state = 'training';
  if (earlier?.checkpoint) {
    st.resumed = { from: 'checkpoint', step: earlier.checkpoint.step };
    await runs.resumeRun(earlier.id);
  } else {
    if (earlier) {
      st.resumed = {
        from: 'restart',
        reason: `no checkpoint had been saved (checkpoint every ${run.config.checkpointEvery || 'end only'}), so it starts again from step 0`,
      };
      await runs.deleteRun(earlier.id);
    } else if (st.runId) {
      st.resumed = { from: 'restart', reason: 'its run had been deleted, so it starts again from step 0' };
    }
    st.runId = (await runs.startRun({ config: run.config })).id;
  }
  await publish(d.rec);
  if (d.cancel) await runs.stopRun(st.runId!); // a cancel that arrived while the run was starting
  const after = await runs.settled(st.runId!);
  if (!after) throw new Error(`run ${st.runId} of ${run.id} disappeared from storage`);
  if (after.status === 'done') return after;
  if (after.status === 'error') throw new Error(`run ${run.id} failed: ${after.error ?? 'unknown error'}`);
  const where = after.checkpoint ? `from its checkpoint at step ${after.checkpoint.step}` : 'from step 0 (no checkpoint yet)';
  if (d.cancel) throw new Halt(`Cancelled during ${run.id} at step ${after.step}; Resume study continues it ${where}.`);
  throw new Halt(
    `Run ${run.id} was ${after.status} outside the study at step ${after.step}; Resume study continues it ${where}.`,
  );
}
