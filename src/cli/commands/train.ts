/**
 * `cli train`: one experiment → <out>/experiment.json (the config verbatim), events.jsonl, checkpoint/,
 * results.json (final evaluation, eval schema). Without --config it runs the embedded demo experiment.
 * The run folder is locked while written (run-lock.ts), a finished run is replaced only with --overwrite, and
 * --resume continues the run of a folder exactly (run-folder.ts, checkpoint-dir.ts).
 */
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { resolveConfig, type DatasetRef, type ExperimentConfig } from '../../core/experiment/config';
import { prepareModel } from '../../core/experiment/setup';
import type { Dataset } from '../../core/data/types';
import { checkpointFiles, readTrainerState } from '../../core/train/checkpoint';
import type { RunEvent } from '../../core/train/events';
import { runTraining } from '../../core/train/runner';
import { cliBackend } from '../backend';
import { boolFlag, flag, numFlag, intFlag, parseArgs, UsageError, type ParsedArgs } from '../args';
import { CHECKPOINT, recoverCheckpoint, writeCheckpoint } from '../checkpoint-dir';
import { DEMO_DIR, loadDataset } from '../data-io';
import { asInputError, CliError, RunFailedError } from '../errors';
import { readModelFolder } from '../model-io';
import { fmt, ProgressBar } from '../progress';
import { lockRunFolder } from '../run-lock';
import { checkNewRun, clearRun, describeDiff, diffFields, ensureFolder, trimEventLog, writeFileAtomic } from '../run-folder';
import { nodeEnvironment, writeManifest } from '../bundle-io';
import { APP } from '../../core/bundle/environment';
import type { BundleStatus } from '../../core/bundle/types';

export const TRAIN_USAGE =
  'npm run cli -- train [--config <experiment.json>] --out <dir> [--overwrite] | --resume <run dir> [--alpha A] [--steps N] [--seed S] [--backend wasm|cpu|webgpu|auto] [--quiet] [--debug]';

/** Flags shared by `train` and `sweep` (sweep drops --resume and --alpha, adds --alphas). */
export const TRAIN_FLAGS = {
  config: 'value',
  out: 'value',
  resume: 'value',
  overwrite: 'bool',
  alpha: 'value',
  steps: 'value',
  seed: 'value',
  backend: 'value',
  quiet: 'bool',
} as const;

/** The JSON object of a config file; anything else (an array, a number) is refused naming the file. */
export function readConfigFile(path: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(
      `--config ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a JSON file' : (e as Error).message}. Fix: give the path of an experiment config (a JSON object)`,
    );
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new CliError(
      `--config ${path}: expected a JSON object, got ${Array.isArray(raw) ? 'an array' : raw === null ? 'null' : typeof raw}. Fix: write the config as {"alpha": 0.5, ...}`,
    );
  return raw as Record<string, unknown>;
}

/** Command-line overrides (--alpha, --steps, --seed) over `raw`; strict numbers (an empty value is an error, never 0). */
function withOverrides(a: ParsedArgs, raw: Record<string, unknown>): Record<string, unknown> {
  const out = { ...raw };
  const alpha = numFlag(a, 'alpha'),
    steps = intFlag(a, 'steps'),
    seed = intFlag(a, 'seed');
  if (alpha !== undefined) out.alpha = alpha;
  if (steps !== undefined) out.steps = steps;
  if (seed !== undefined) out.seed = seed;
  return out;
}

/** The config from --config with command-line overrides. */
export function loadConfig(a: ParsedArgs): ExperimentConfig {
  const path = flag(a, 'config');
  return resolveConfig(withOverrides(a, path ? readConfigFile(path) : {}));
}

export function loadRef(ref: DatasetRef): Promise<Dataset> {
  return ref.source === 'demo' ? loadDataset(DEMO_DIR, { split: ref.split }) : loadDataset(ref.path, { split: ref.split });
}

export interface TrainOutcome {
  config: ExperimentConfig;
  final?: Extract<RunEvent, { type: 'eval' }>;
  seconds: number;
  error?: string;
  lastCheckpoint?: string;
}

export interface TrainIntoOptions {
  /** Continue the run of `out` from its checkpoint (the config must be the run's own). */
  resume?: boolean;
  /** Replace a finished or unfinished run in `out`. */
  overwrite?: boolean;
  /** Replace an unfinished run without asking (study: a killed run is run again; finished ones are skipped). */
  restartUnfinished?: boolean;
  backend?: string;
  label?: string;
  quiet?: boolean;
}

/** Checks that `cfg` may continue the run of `out`: its experiment.json and checkpoint agree with it. Returns the checkpoint's step. */
function checkResumable(cfg: ExperimentConfig, out: string): number {
  const expPath = join(out, 'experiment.json');
  if (!existsSync(expPath))
    throw new CliError(
      `cannot resume ${out}: experiment.json is missing, so what ran there is unknown. Fix: start a new run with --config <experiment.json> --out ${out} --overwrite`,
    );
  const step = recoverCheckpoint(out);
  if (step === undefined) {
    throw new CliError(
      `cannot resume ${out}: it has no complete checkpoint (the run stopped before its first one; checkpointEvery = ${cfg.checkpointEvery}). ` +
        `Fix: start it again with: npm run cli -- train --config ${expPath} --out ${out} --overwrite`,
    );
  }
  const saved = resolveConfig(readConfigFile(expPath));
  const ckpt = readTrainerState(
    asInputError(`--resume ${join(out, CHECKPOINT)}`, `start the run again with --overwrite`, () =>
      readModelFolder(join(out, CHECKPOINT)),
    ),
  );
  if (!ckpt)
    throw new CliError(
      `cannot resume ${out}: ${join(out, CHECKPOINT)} has no trainer_state.json. Fix: use it as "baseCheckpoint" of a new run instead`,
    );
  const ckptCfg = resolveConfig(ckpt.config as unknown as Record<string, unknown>);
  const savedDiff = diffFields(saved, ckptCfg);
  if (savedDiff.length)
    throw new CliError(
      `cannot resume ${out}: experiment.json and the checkpoint's config differ in ${describeDiff(savedDiff, saved, ckptCfg, 'experiment.json', 'checkpoint')}. Fix: start the run again with --overwrite`,
    );
  const diff = diffFields(cfg, ckptCfg);
  if (diff.length)
    throw new CliError(
      `cannot resume ${out} with a different config: ${describeDiff(diff, cfg, ckptCfg, 'requested', 'checkpoint')}. Fix: resume without those changes, or start a new run (another --out, or --overwrite)`,
    );
  // A checkpoint at the last step without results.json: killed during the final evaluation, which resuming runs again.
  if (existsSync(join(out, 'results.json')))
    throw new CliError(
      `cannot resume ${out}: the run is finished (step ${step} of ${cfg.steps}, results.json written). Fix: start a new run in another --out, or add --overwrite to run it again`,
    );
  return step;
}

/** Runs one experiment into `out`; shared by `train`, `sweep` and `study`. Holds the folder's lock throughout. */
export async function trainInto(cfg: ExperimentConfig, out: string, opts: TrainIntoOptions = {}): Promise<TrainOutcome> {
  ensureFolder(out);
  const release = lockRunFolder(out);
  try {
    return await trainLocked(cfg, out, opts);
  } finally {
    release();
  }
}

async function trainLocked(cfg: ExperimentConfig, out: string, opts: TrainIntoOptions): Promise<TrainOutcome> {
  const ckptDir = join(out, CHECKPOINT);
  const resumeStep = opts.resume ? checkResumable(cfg, out) : undefined;
  const previous = opts.resume ? undefined : checkNewRun(out, opts);
  const backend = await cliBackend(opts.backend);
  const train = await loadRef(cfg.train),
    evalData = await loadRef(cfg.eval);
  const baseField = cfg.baseCheckpoint !== null ? 'baseCheckpoint' : 'model.path';
  const prepared = asInputError(
    opts.resume ? `--resume ${ckptDir}` : `config "${baseField}"`,
    opts.resume
      ? `start the run again with --overwrite`
      : `point "${baseField}" at a Hugging Face folder (config.json, model.safetensors, tokenizer.json) or a run's checkpoint/`,
    () => prepareModel(cfg, train, (p) => readModelFolder(p), opts.resume ? ckptDir : undefined),
  );
  const eventsPath = join(out, 'events.jsonl');
  const evalsPath = join(out, 'evaluations.jsonl');
  if (resumeStep !== undefined) {
    const t = trimEventLog(out, resumeStep, CHECKPOINT);
    // evaluations.jsonl is the eval events of the (trimmed) log: rebuilt, so it too equals an uninterrupted run's.
    writeFileSync(evalsPath, evaluationLines(readFileSync(eventsPath, 'utf8')));
    process.stderr.write(
      `resuming ${out} at step ${resumeStep} of ${cfg.steps}${t.dropped ? ` (${t.dropped} logged events after the checkpoint dropped; they are produced again)` : ''}\n`,
    );
  } else {
    if (previous !== 'empty') {
      clearRun(out);
      process.stderr.write(`replacing the ${previous} run in ${out}\n`);
    }
    writeFileSync(join(out, 'experiment.json'), JSON.stringify(cfg, null, 2) + '\n');
    writeFileSync(eventsPath, '');
    writeFileSync(evalsPath, '');
  }
  const runId = prepared.trainerState?.runId ?? `${cfg.name}-${cfg.alpha}-${cfg.seed}-${Date.now().toString(36)}`;
  // The folder is a run bundle from the first moment (status running), updated when the run ends.
  const manifest = (status: BundleStatus) =>
    writeManifest(out, {
      id: runId,
      name: cfg.name,
      status,
      origin: { tool: 'cli', version: APP.version },
      files: {
        events: 'events.jsonl',
        evaluations: 'evaluations.jsonl',
        checkpoint: existsSync(ckptDir) ? 'checkpoint/' : undefined,
      },
      lineage: prepared.lineage,
      environment: nodeEnvironment(backend),
    });
  manifest('running');
  const bar = new ProgressBar(opts.label ?? `train α=${cfg.alpha}`, opts.quiet);
  let final: TrainOutcome['final'];
  let error: string | undefined, lastCheckpoint: string | undefined;
  const t0 = Date.now();
  let evalBar: ProgressBar | undefined;
  const events = runTraining({
    onEvalProgress: (done, total) => {
      evalBar ??= new ProgressBar('  embed eval set', opts.quiet);
      evalBar.update(done, total);
      if (done >= total) evalBar = undefined;
    },
    config: cfg,
    train,
    eval: evalData,
    encoder: prepared.encoder,
    backend: backend.name,
    runId,
    lineage: prepared.lineage,
    resume: prepared.trainerState,
    saveCheckpoint: async (state, encoder) => {
      // The state we resumed from is already on disk (and logged): saving it again would change nothing.
      if (state.step !== resumeStep) writeCheckpoint(out, await checkpointFiles(state, encoder), state.step);
      return CHECKPOINT; // relative to the run folder, so the log reads the same wherever the folder lives
    },
  });
  try {
    for await (const ev of events) {
      // A resumed run continues the logged stream: no second start, no second record of the resumed checkpoint.
      if (resumeStep !== undefined && (ev.type === 'start' || (ev.type === 'checkpoint' && ev.step === resumeStep))) continue;
      appendFileSync(eventsPath, JSON.stringify(ev) + '\n');
      if (ev.type === 'step') bar.update(ev.step, cfg.steps, `loss ${ev.loss.toFixed(4)}`);
      if (ev.type === 'checkpoint') lastCheckpoint = join(out, ev.path);
      if (ev.type === 'eval') {
        appendFileSync(evalsPath, evaluationLines(JSON.stringify(ev)));
        if (ev.final) final = ev;
      }
      if (ev.type === 'error') error = ev.message;
    }
  } catch (e) {
    manifest('failed');
    throw e;
  } finally {
    prepared.encoder.dispose();
  }
  // Beside, then renamed: a half-written results.json would mark an unfinished run as finished.
  if (final && !error)
    writeFileAtomic(
      join(out, 'results.json'),
      JSON.stringify({ ...final.result, step: final.step, lineage: prepared.lineage }, null, 2) + '\n',
    );
  if (!final && !error) error = 'the run ended without a final evaluation';
  manifest(error ? 'failed' : final ? 'finished' : 'interrupted');
  return {
    config: cfg,
    final,
    seconds: (Date.now() - t0) / 1000,
    error,
    lastCheckpoint: lastCheckpoint ?? (resumeStep !== undefined ? ckptDir : undefined),
  };
}

/** The evaluations.jsonl lines (step, final, querySet, result) of the eval events among `eventLines`. */
function evaluationLines(eventLines: string): string {
  return eventLines
    .split('\n')
    .filter((l) => l.includes('"type":"eval"'))
    .map((l) => {
      const { type: _, ...evaluation } = JSON.parse(l) as Extract<RunEvent, { type: 'eval' }>;
      return JSON.stringify(evaluation) + '\n';
    })
    .join('');
}

/** The run folder `--resume` names: the folder itself, or its checkpoint/ (as earlier versions wrote it). */
function resumeFolder(p: string): string {
  const abs = resolve(p);
  if (basename(abs) === CHECKPOINT && !existsSync(join(abs, 'experiment.json'))) return dirname(p);
  return p;
}

/** A failed run's message, with where it can be continued from. */
export function failureMessage(r: TrainOutcome, out: string): string {
  const where = r.lastCheckpoint
    ? ` The last good checkpoint is ${r.lastCheckpoint}: after a crash continue with --resume ${out}; after a divergence use it as "baseCheckpoint" of a new run.`
    : ' No checkpoint was written: start again with --overwrite.';
  return `run ${out} failed: ${r.error}.${where}`;
}

export async function trainCommand(argv: string[]): Promise<void> {
  const a = parseArgs(argv, TRAIN_FLAGS, 'train');
  const resume = flag(a, 'resume');
  let out = flag(a, 'out');
  let cfg: ExperimentConfig;
  if (resume) {
    const runDir = resumeFolder(resume);
    if (out !== undefined && resolve(out) !== resolve(runDir))
      throw new UsageError(
        `--resume continues a run in its own folder: --out ${out} is not ${runDir}. Fix: leave --out out, or give --out ${runDir}`,
      );
    if (boolFlag(a, 'overwrite'))
      throw new UsageError(
        '--resume and --overwrite contradict each other. Fix: --resume continues the run, --overwrite (without --resume) starts it again',
      );
    out = runDir;
    if (!existsSync(out) || !statSync(out).isDirectory())
      throw new CliError(`--resume ${resume}: no run folder ${out}. Fix: give the --out folder of the run to continue`);
    const expPath = join(out, 'experiment.json');
    if (!existsSync(expPath))
      throw new CliError(
        `cannot resume ${out}: experiment.json is missing, so what ran there is unknown. Fix: start a new run with --config <experiment.json> --out ${out} --overwrite`,
      );
    // The run's own config; --config/--alpha/--steps/--seed may only repeat it (checkResumable names any difference).
    cfg = resolveConfig(withOverrides(a, flag(a, 'config') ? readConfigFile(flag(a, 'config')!) : readConfigFile(expPath)));
  } else {
    if (!out) throw new UsageError(`train needs --out (or --resume <run dir>). Usage: ${TRAIN_USAGE}`);
    cfg = loadConfig(a);
  }
  const r = await trainInto(cfg, out, {
    resume: !!resume,
    overwrite: boolFlag(a, 'overwrite'),
    backend: flag(a, 'backend'),
    quiet: boolFlag(a, 'quiet'),
  });
  if (r.error) throw new RunFailedError(failureMessage(r, out));
  const s = r.final?.result.settings ?? {};
  const maps = (['monolingual', 'crosslingual', 'multilingual'] as const)
    .filter((k) => s[k])
    .map((k) => `${k.slice(0, k.indexOf('lingual'))} ${s[k]!.map.toFixed(4)}`);
  const bias = r.final?.result.languageBias;
  process.stderr.write(
    `done in ${fmt(r.seconds)}: map ${maps.join(' ')}${bias ? `, bias ${bias.meanMaxRankDistance.toFixed(1)}` : ''} → ${out}\n`,
  );
}
