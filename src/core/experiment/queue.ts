/**
 * The one run queue: a plan (ordered runs, each an ExperimentConfig with a stable id) executed one run at a
 * time by a host, resumable — a run the host can already load is skipped, not run again. The CLI `sweep`, the
 * CLI and browser study and the browser α-sweep all drive their runs through runQueue; a sweep is a plan of
 * one run per α (planSweep), a study a plan of caps × strategies × seeds (study.ts planStudy). Pure: no file
 * system, no IndexedDB (the host persists).
 */
import { resolveConfig, type ExperimentConfig } from './config';

export interface PlannedRun {
  /** Stable within the plan (a folder name, a study's plan id): what a resumed queue matches runs by. */
  id: string;
  config: ExperimentConfig;
}

export interface QueueHost<P extends PlannedRun, R> {
  /** The run's outcome if it already finished (a resumed queue), else undefined. */
  load(run: P): R | undefined | Promise<R | undefined>;
  /** Train (and evaluate) one run, persisting what the host keeps; returns its outcome. */
  execute(run: P): Promise<R>;
  onRun?(run: P, index: number, total: number, state: 'skipped' | 'start' | 'done'): void;
}

export interface QueueOutcome<P, R> {
  /** Every run's outcome, in plan order. */
  results: Array<{ run: P; result: R; skipped: boolean }>;
  ran: string[];
  skipped: string[];
}

/** Run (or resume) every run of the plan, in plan order; an execute that throws ends the queue there. */
export async function runQueue<P extends PlannedRun, R>(plan: readonly P[], host: QueueHost<P, R>): Promise<QueueOutcome<P, R>> {
  const ids = new Set<string>();
  for (const r of plan) {
    if (ids.has(r.id)) throw new Error(`run queue: two planned runs share the id "${r.id}"; give each run its own id`);
    ids.add(r.id);
  }
  const out: QueueOutcome<P, R> = { results: [], ran: [], skipped: [] };
  for (const [i, run] of plan.entries()) {
    const done = await host.load(run);
    if (done !== undefined) {
      out.skipped.push(run.id);
      out.results.push({ run, result: done, skipped: true });
      host.onRun?.(run, i, plan.length, 'skipped');
      continue;
    }
    host.onRun?.(run, i, plan.length, 'start');
    const result = await host.execute(run);
    out.ran.push(run.id);
    out.results.push({ run, result, skipped: false });
    host.onRun?.(run, i, plan.length, 'done');
  }
  return out;
}

export interface SweepRun extends PlannedRun { alpha: number }

/**
 * An α-sweep as a plan: the base config once per α (same seed, same everything else), ids `alpha-<α>` (the CLI's
 * folder names). `name` gives each run's name (default: the CLI's `<base name>-alpha<α>`).
 */
export function planSweep(base: ExperimentConfig, alphas: readonly number[], name = (alpha: number, i: number) => { void i; return `${base.name}-alpha${alpha}`; }): SweepRun[] {
  if (alphas.length === 0) throw new Error('α-sweep: no α values were given; give e.g. 0, 0.5, 1');
  return alphas.map((alpha, i) => ({ id: `alpha-${alpha}`, alpha, config: resolveConfig({ ...base, alpha, name: name(alpha, i) }) }));
}
