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

export interface SweepRun extends PlannedRun {
  alpha: number;
  seed: number;
}

/**
 * An α-sweep as a plan: the base config once per α (same seed, same everything else), ids `alpha-<α>` (the CLI's
 * folder names). With `seeds`, once per α and seed (seeds inner: every seed of one α, then the next α), ids
 * `alpha-<α>-seed-<seed>`; Compare groups such replicates as mean ± 95 % interval (seed-groups.ts).
 * `name` gives each run's name (default: the CLI's `<base name>-alpha<α>`, plus `-seed<seed>` with seeds).
 */
export function planSweep(
  base: ExperimentConfig,
  alphas: readonly number[],
  name = (alpha: number, i: number, seed?: number) => {
    void i;
    return `${base.name}-alpha${alpha}${seed === undefined ? '' : `-seed${seed}`}`;
  },
  seeds?: readonly number[],
): SweepRun[] {
  if (alphas.length === 0) throw new Error('α-sweep: no α values were given; give e.g. 0, 0.5, 1');
  if (seeds && seeds.length === 0) throw new Error('α-sweep: the seed list is empty; give e.g. 42, 43, 44 or leave it out');
  const dup = seeds?.find((x, i) => seeds.indexOf(x) !== i);
  if (dup !== undefined) throw new Error(`α-sweep: seed ${dup} is listed twice; give each seed once`);
  if (!seeds)
    return alphas.map((alpha, i) => ({
      id: `alpha-${alpha}`,
      alpha,
      seed: base.seed,
      config: resolveConfig({ ...base, alpha, name: name(alpha, i) }),
    }));
  return alphas.flatMap((alpha, a) =>
    seeds.map((seed, k) => {
      const i = a * seeds.length + k;
      return {
        id: `alpha-${alpha}-seed-${seed}`,
        alpha,
        seed,
        config: resolveConfig({ ...base, alpha, seed, name: name(alpha, i, seed) }),
      };
    }),
  );
}

/**
 * The numbers of a sweep list as typed in a form ("0, 0.5, 1"; "42 43 44"): separated by commas or spaces.
 * `what` names the list in the one-line error; `check` refuses a value with its reason.
 */
export function parseNumberList(text: string, what: string, check: (x: number) => string | undefined): number[] {
  const items = text.split(/[\s,]+/).filter((s) => s !== '');
  if (items.length === 0)
    throw new Error(
      `${what}: the list is empty. Fix: give values separated by commas, e.g. ${what === 'seeds' ? '42, 43, 44' : '0, 0.5, 1'}`,
    );
  const eg = what === 'seeds' ? '42, 43, 44' : '0, 0.5, 1';
  const out = items.map((s) => {
    const x = Number(s);
    const problem = Number.isFinite(x) ? check(x) : 'is not a number';
    if (problem) throw new Error(`${what}: "${s}" ${problem}. Fix: give values separated by commas, e.g. ${eg}`);
    return x;
  });
  const dup = out.findIndex((x, i) => out.indexOf(x) !== i);
  if (dup >= 0)
    throw new Error(
      `${what}: ${out[dup]} is listed twice ("${items[out.indexOf(out[dup])]}" and "${items[dup]}"). Fix: give each value once`,
    );
  return out;
}

/** α values: numbers in [0, 1]. */
export const alphaProblem = (x: number): string | undefined => (x >= 0 && x <= 1 ? undefined : 'is not in [0, 1]');
/** Seeds: whole numbers 0 … 2³²−1 (the config's `seed`). */
export const seedProblem = (x: number): string | undefined =>
  Number.isInteger(x) && x >= 0 && x <= 2 ** 32 - 1 ? undefined : 'is not a whole number 0 … 2³²−1';
