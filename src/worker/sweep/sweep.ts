/**
 * The browser α-sweep: a plan of one ordinary run per α (core planSweep) driven by core's runQueue in the
 * worker and persisted after every change, so a reload does not drop it: the page's next load finds it
 * 'interrupted' and takes it up again (sweepResume) — finished runs are kept, the interrupted run continues from
 * its checkpoint (checkpoints by time are on by default), later runs start. A run paused or stopped by the user
 * halts the sweep ('stopped'); Resume takes it up the same way.
 */
import type { ExperimentConfig } from '../../core/experiment/config';
import { planSweep, runQueue, type SweepRun } from '../../core/experiment/queue';
import type { RunRecord } from '../runs/run-types';
import * as runs from '../runs/runs';
import { getRun } from '../runs/runs-store';
import type { SweepRecord, SweepRunState } from './sweep-protocol';
import * as sweepStore from './sweep-store';

type Sink = (rec: SweepRecord) => void;
let sink: Sink = () => undefined;
export function setSweepSink(s: Sink): void {
  sink = s;
}

/** Ends a sweep's session without an error (a run paused or stopped); resumable. */
class Halt extends Error {}

let driving: SweepRecord | undefined;
let drivingDone: Promise<void> = Promise.resolve();

/** Resolves when the sweep's queue stops (done, halted or failed): its job (jobs.ts) is held until then. */
export function sweepSettled(): Promise<void> {
  return drivingDone;
}

/** Cancelling the sweep's job pauses its current run: the queue halts, resumable from that run's checkpoint. */
export async function cancelSweep(): Promise<void> {
  const id = runs.activeRunId();
  if (id) await runs.pauseRun(id);
}

/** Ordinary run requests are refused while the sweep drives its queue. */
export function assertNoSweep(what: string): void {
  if (driving)
    throw new Error(
      `the α-sweep is running its queue (run ${driving.index + 1} of ${driving.runs.length}): stop it before you ${what}`,
    );
}

async function publish(rec: SweepRecord): Promise<void> {
  rec.updated = Date.now();
  sink(rec);
  await sweepStore.saveSweep(rec);
}

/** The plan of a sweep record (names as the record's runs were planned: see runs.ts defaultRunName). */
function planOf(rec: SweepRecord): SweepRun[] {
  return planSweep(rec.base, rec.alphas, (alpha, _i, seed) => sweepRunName(rec.base, alpha, seed), rec.seeds);
}

/**
 * The default name stays (startRun turns it into "α=0.5 · seed 42 · #3"); a name the user gave gets " α=0.5", and
 * " seed 43" in a sweep with a seed list.
 */
export function sweepRunName(base: ExperimentConfig, alpha: number, seed?: number): string {
  return runs.isDefaultName(base.name) ? base.name : `${base.name} α=${alpha}${seed === undefined ? '' : ` seed ${seed}`}`;
}

export async function startSweep(base: ExperimentConfig, alphas: number[], seeds?: number[]): Promise<SweepRecord> {
  assertNoSweep('start another');
  const id = runs.activeRunId();
  if (id) throw new Error(`run ${id} is training; pause or stop it before starting the α-sweep (one run trains at a time)`);
  const now = Date.now();
  const rec: SweepRecord = {
    id: `sweep-${now.toString(36)}`,
    status: 'running',
    base,
    alphas,
    index: 0,
    created: now,
    updated: now,
    ...(seeds ? { seeds } : {}),
    runs: [] as SweepRunState[],
  };
  rec.runs = planOf(rec).map((r) => ({ planId: r.id, alpha: r.alpha, ...(seeds ? { seed: r.seed } : {}), state: 'pending' }));
  return launch(rec, `Started: ${rec.runs.length} runs (α = ${alphas.join(', ')}${seeds ? `; seeds ${seeds.join(', ')}` : ''}).`);
}

export async function resumeSweep(): Promise<SweepRecord> {
  assertNoSweep('resume it again');
  const rec = await sweepStore.latestSweep();
  if (!rec) throw new Error('there is no α-sweep to resume; start one');
  if (rec.status === 'done') throw new Error('this α-sweep has finished; start a new one');
  const kept = rec.runs.filter((r) => r.state === 'done').length;
  return launch(rec, `Resumed: ${kept} of ${rec.runs.length} runs were finished and are kept.`);
}

export async function getSweep(): Promise<SweepRecord | null> {
  if (driving) return driving;
  const rec = await sweepStore.latestSweep();
  if (!rec) return null;
  if (rec.status === 'running') {
    rec.status = 'interrupted';
    rec.note = 'The page went away while the α-sweep ran.';
    await sweepStore.saveSweep(rec);
  }
  return rec;
}

async function launch(rec: SweepRecord, note: string): Promise<SweepRecord> {
  Object.assign(rec, { status: 'running', note, error: undefined });
  driving = rec;
  try {
    await publish(rec);
  } catch (e) {
    driving = undefined;
    throw e;
  }
  drivingDone = drive(rec);
  return rec;
}

async function drive(rec: SweepRecord): Promise<void> {
  const stateOf = (run: SweepRun) => rec.runs.find((r) => r.planId === run.id)!;
  try {
    await runQueue<SweepRun, RunRecord>(planOf(rec), {
      load: async (run) => {
        const st = stateOf(run);
        const r = st.state === 'done' && st.runId ? await getRun(st.runId) : undefined;
        return r?.status === 'done' ? r : undefined;
      },
      onRun: (_run, i) => {
        rec.index = i;
      },
      execute: async (run) => {
        const st = stateOf(run);
        const after = await train(rec, run, st);
        st.state = 'done';
        await publish(rec);
        return after;
      },
    });
    rec.status = 'done';
    rec.note = `Finished: ${rec.runs.length} runs.`;
  } catch (e) {
    if (e instanceof Halt) {
      rec.status = 'stopped';
      rec.note = e.message;
    } else {
      rec.status = 'error';
      rec.error = (e as Error)?.message ?? String(e);
    }
  }
  driving = undefined; // before the last message: the view may start or resume at once
  try {
    await publish(rec);
  } catch (e) {
    sink({ ...rec, error: (e as Error).message });
  }
}

/** Train one planned run to the end: take up its earlier run (from its checkpoint) or start it. */
async function train(rec: SweepRecord, run: SweepRun, st: SweepRunState): Promise<RunRecord> {
  const earlier = st.runId ? await getRun(st.runId) : undefined;
  if (earlier?.status === 'done') return earlier;
  st.state = 'training';
  if (earlier?.checkpoint) {
    await runs.resumeRun(earlier.id);
  } else {
    if (earlier) await runs.deleteRun(earlier.id); // no checkpoint yet: nothing to continue from
    st.runId = (await runs.startRun({ config: run.config })).id;
  }
  await publish(rec);
  const after = await runs.settled(st.runId!);
  if (!after) throw new Error(`run ${st.runId} of the α-sweep (α = ${run.alpha}, seed ${run.seed}) disappeared from storage`);
  if (after.status === 'done') return after;
  const which = rec.seeds ? `α = ${run.alpha}, seed ${run.seed}` : `α = ${run.alpha}`;
  if (after.status === 'error') throw new Error(`the ${which} run failed: ${after.error ?? 'unknown error'}`);
  throw new Halt(`The ${which} run was ${after.status} at step ${after.step}; Resume continues the sweep from its checkpoint.`);
}
