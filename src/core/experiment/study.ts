/**
 * A guided study of the research question: how do monolingual, cross-lingual and hybrid batches compare when
 * some languages are low-resource? Every (cap, strategy, seed) is one ExperimentConfig: the base config with
 * `caps[L] = cap` for each low-resource language L ('full' = uncapped), `alpha` from the strategy and `seed`.
 * Runs are executed by a host-supplied function (the CLI's trainInto) and are resumable: a run whose results
 * exist is not run again. Pure: no file system here (the host provides `StudyHost`).
 */
import type { EvalResult } from '../eval/types';
import { ConfigError, resolveConfig, type ExperimentConfig } from './config';
import { runQueue, type PlannedRun } from './queue';

export interface StudyStrategy {
  name: string;
  alpha: number;
}
export type StudyCap = number | 'full';

export interface StudyConfig {
  name: string;
  /** The experiment every run starts from (ExperimentConfig fields; caps/alpha/seed are set per run). */
  base: ExperimentConfig;
  lowResourceLangs: string[];
  /** The cap ladder on distinct training questions of each low-resource language; 'full' = uncapped. */
  caps: StudyCap[];
  strategies: StudyStrategy[];
  seeds: number[];
}

export const DEFAULT_STRATEGIES: StudyStrategy[] = [
  { name: 'monolingual', alpha: 1 },
  { name: 'cross-lingual', alpha: 0 },
  { name: 'hybrid', alpha: 0.5 },
];

/**
 * The demo preset (`cli study` without --config): Swahili as the low-resource language of the embedded demo,
 * caps 0 / 50 / full, one seed, 100 steps per run, no periodic evaluation (each one embeds the whole eval
 * candidate pool), so the 9 runs fit in about 15 minutes on a loaded 2-core machine. The final evaluation of
 * each run uses every query.
 */
export const DEMO_STUDY_RAW = {
  name: 'demo-study',
  base: { name: 'demo-study', steps: 100, warmupSteps: 10, evalEvery: 0, evalMaxQueriesPerLang: 30 },
  lowResourceLangs: ['sw'],
  caps: [0, 50, 'full'],
  strategies: DEFAULT_STRATEGIES,
  seeds: [42],
} as const;

export class StudyConfigError extends ConfigError {}

/** Validate a study config (raw JSON); the base goes through resolveConfig (same checks as every run). */
export function resolveStudyConfig(raw: Record<string, unknown>): StudyConfig {
  const known = ['name', 'base', 'lowResourceLangs', 'caps', 'strategies', 'seeds'];
  for (const k of Object.keys(raw))
    if (!known.includes(k)) throw new StudyConfigError(k, 'unknown study field', `use one of: ${known.join(', ')}`);
  const base = resolveConfig((raw.base ?? {}) as Record<string, unknown>);
  const name = raw.name === undefined ? base.name : raw.name;
  if (typeof name !== 'string' || !name)
    throw new StudyConfigError('name', 'expected a non-empty string', 'give the study a name');
  const langs = raw.lowResourceLangs ?? [];
  if (!Array.isArray(langs) || langs.length === 0 || langs.some((l) => typeof l !== 'string'))
    throw new StudyConfigError('lowResourceLangs', 'expected a non-empty list of language codes', 'write e.g. ["sw"]');
  const caps = raw.caps ?? [0, 50, 'full'];
  if (
    !Array.isArray(caps) ||
    caps.length === 0 ||
    caps.some((c) => c !== 'full' && !(typeof c === 'number' && Number.isInteger(c) && c >= 0))
  ) {
    throw new StudyConfigError('caps', 'expected a list of whole numbers ≥ 0 or "full"', 'write e.g. [0, 50, "full"]');
  }
  const strategies = raw.strategies ?? DEFAULT_STRATEGIES;
  if (!Array.isArray(strategies) || strategies.length === 0)
    throw new StudyConfigError('strategies', 'expected a list of {name, alpha}', 'write e.g. [{"name": "hybrid", "alpha": 0.5}]');
  const names = new Set<string>();
  for (const [i, s] of (strategies as Array<Record<string, unknown>>).entries()) {
    if (typeof s?.name !== 'string' || !/^[\w.-]+$/.test(s.name))
      throw new StudyConfigError(`strategies[${i}].name`, 'expected a name of letters, digits, . _ -', 'e.g. "hybrid"');
    if (typeof s.alpha !== 'number' || !(s.alpha >= 0 && s.alpha <= 1))
      throw new StudyConfigError(`strategies[${i}].alpha`, 'expected a number in [0, 1]', 'e.g. 0.5');
    if (names.has(s.name))
      throw new StudyConfigError(`strategies[${i}].name`, `duplicate strategy "${s.name}"`, 'give each strategy its own name');
    names.add(s.name);
  }
  const seeds = raw.seeds ?? [base.seed];
  if (!Array.isArray(seeds) || seeds.length === 0 || seeds.some((s) => !(typeof s === 'number' && Number.isInteger(s) && s >= 0)))
    throw new StudyConfigError('seeds', 'expected a list of whole numbers', 'write e.g. [42, 43, 44]');
  return {
    name,
    base,
    lowResourceLangs: langs as string[],
    caps: caps as StudyCap[],
    strategies: strategies as StudyStrategy[],
    seeds: seeds as number[],
  };
}

export interface StudyRun extends PlannedRun {
  /** Folder name of the run, e.g. `cap-50_hybrid_seed-42`. */
  id: string;
  cap: StudyCap;
  strategy: StudyStrategy;
  seed: number;
}

export const capLabel = (c: StudyCap) => (c === 'full' ? 'full' : String(c));

/** Every (cap, strategy, seed) run, caps outermost. Configs are validated (resolveConfig). */
export function planStudy(study: StudyConfig): StudyRun[] {
  const runs: StudyRun[] = [];
  for (const cap of study.caps) {
    for (const strategy of study.strategies) {
      for (const seed of study.seeds) {
        const caps: Record<string, number> = { ...study.base.caps };
        for (const l of study.lowResourceLangs) {
          if (cap === 'full') delete caps[l];
          else caps[l] = cap;
        }
        const id = `cap-${capLabel(cap)}_${strategy.name}_seed-${seed}`;
        const config = resolveConfig({ ...study.base, name: `${study.name}-${id}`, caps, alpha: strategy.alpha, seed });
        runs.push({ id, cap, strategy, seed, config });
      }
    }
  }
  return runs;
}

/** One finished run: what the report consumes. `result` should carry `perQuery` for the significance tests. */
export interface StudyRunRecord {
  id: string;
  cap: StudyCap;
  strategy: string;
  alpha: number;
  seed: number;
  result: EvalResult;
  seconds?: number;
}

export interface StudyHost {
  /** The run's results (with perQuery) if it already finished, else undefined. */
  load(run: StudyRun): EvalResult | undefined | Promise<EvalResult | undefined>;
  /** Train and evaluate one run, persisting its results; returns them (with perQuery). */
  execute(run: StudyRun): Promise<{ result: EvalResult; seconds: number }>;
  /** Training seconds of a finished (resumed) run, when the host recorded them. */
  seconds?(run: StudyRun): number | undefined;
  onRun?(run: StudyRun, index: number, total: number, state: 'skipped' | 'start' | 'done'): void;
}

export interface StudyOutcome {
  records: StudyRunRecord[];
  ran: string[];
  skipped: string[];
}

/** Run (or resume) every run of the study, in plan order: the plan through the one run queue (queue.ts). */
export async function runStudy(study: StudyConfig, host: StudyHost): Promise<StudyOutcome> {
  const q = await runQueue<StudyRun, { result: EvalResult; seconds?: number }>(planStudy(study), {
    load: async (run) => {
      const result = await host.load(run);
      return result ? { result, seconds: host.seconds?.(run) } : undefined;
    },
    execute: (run) => host.execute(run),
    onRun: host.onRun,
  });
  return {
    records: q.results.map(({ run, result: { result, seconds } }) => ({
      id: run.id,
      cap: run.cap,
      strategy: run.strategy.name,
      alpha: run.strategy.alpha,
      seed: run.seed,
      result,
      seconds,
    })),
    ran: q.ran,
    skipped: q.skipped,
  };
}
