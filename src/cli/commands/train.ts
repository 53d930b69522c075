/**
 * `cli train`: one experiment → <out>/experiment.json (the config verbatim), events.jsonl, checkpoint/,
 * results.json (final evaluation, eval schema). Without --config it runs the embedded demo experiment.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig, type DatasetRef, type ExperimentConfig } from '../../core/experiment/config';
import { prepareModel } from '../../core/experiment/setup';
import type { Dataset } from '../../core/data/types';
import { checkpointFiles } from '../../core/train/checkpoint';
import type { RunEvent } from '../../core/train/events';
import { runTraining } from '../../core/train/runner';
import { cliBackend } from '../backend';
import { flag, parseArgs, UsageError, type ParsedArgs } from '../args';
import { DEMO_DIR, loadDataset } from '../data-io';
import { readModelFolder, writeModelFolder } from '../model-io';
import { fmt, ProgressBar } from '../progress';

export const TRAIN_USAGE = 'npm run cli -- train [--config <experiment.json>] --out <dir> [--resume <checkpoint dir>] [--alpha A] [--steps N] [--seed S] [--backend wasm|cpu|webgpu|auto]';

export const TRAIN_FLAGS = { config: 'value', out: 'value', resume: 'value', alpha: 'value', steps: 'value', seed: 'value', backend: 'value', quiet: 'bool' } as const;

/** The config from --config (relative paths resolved against its folder) with command-line overrides. */
export function loadConfig(a: ParsedArgs): ExperimentConfig {
  const path = flag(a, 'config');
  let raw: Record<string, unknown> = {};
  if (path) {
    try { raw = JSON.parse(readFileSync(path, 'utf8')); } catch (e) { throw new UsageError(`--config ${path}: ${(e as Error).message}`); }
  }
  for (const k of ['alpha', 'steps', 'seed'] as const) {
    const v = flag(a, k);
    if (v !== undefined) raw[k] = Number(v);
  }
  return resolveConfig(raw);
}

export function loadRef(ref: DatasetRef): Promise<Dataset> {
  return ref.source === 'demo' ? loadDataset(DEMO_DIR, { split: ref.split }) : loadDataset(ref.path, { split: ref.split });
}

export interface TrainOutcome { config: ExperimentConfig; final?: Extract<RunEvent, { type: 'eval' }>; seconds: number; error?: string }

/** Runs one experiment into `out`; shared by `train` and `sweep`. */
export async function trainInto(cfg: ExperimentConfig, out: string, opts: { resume?: string; backend?: string; label?: string }): Promise<TrainOutcome> {
  const backend = await cliBackend(opts.backend);
  const train = await loadRef(cfg.train), evalData = await loadRef(cfg.eval);
  const prepared = prepareModel(cfg, train, (p) => readModelFolder(p), opts.resume);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'experiment.json'), JSON.stringify(cfg, null, 2) + '\n');
  const eventsPath = join(out, 'events.jsonl');
  if (!opts.resume) writeFileSync(eventsPath, '');
  const ckptDir = join(out, 'checkpoint');
  const bar = new ProgressBar(opts.label ?? `train α=${cfg.alpha}`);
  let final: TrainOutcome['final'];
  let error: string | undefined;
  const t0 = Date.now();
  let evalBar: ProgressBar | undefined;
  const events = runTraining({
    onEvalProgress: (done, total) => {
      evalBar ??= new ProgressBar('  embed eval set');
      evalBar.update(done, total);
      if (done >= total) evalBar = undefined;
    },
    config: cfg, train, eval: evalData, encoder: prepared.encoder, backend: backend.name,
    runId: prepared.trainerState?.runId ?? `${cfg.name}-${cfg.alpha}-${cfg.seed}-${Date.now().toString(36)}`,
    lineage: prepared.lineage, resume: prepared.trainerState,
    saveCheckpoint: async (state, encoder) => {
      // Write beside, then swap: a crash mid-write never leaves a half checkpoint as the latest one.
      const tmp = `${ckptDir}.tmp`;
      rmSync(tmp, { recursive: true, force: true });
      writeModelFolder(tmp, await checkpointFiles(state, encoder));
      rmSync(ckptDir, { recursive: true, force: true });
      renameSync(tmp, ckptDir);
      return ckptDir;
    },
  });
  let lastLoss = NaN;
  for await (const ev of events) {
    appendFileSync(eventsPath, JSON.stringify(ev) + '\n');
    if (ev.type === 'step') { lastLoss = ev.loss; bar.update(ev.step, cfg.steps, `loss ${lastLoss.toFixed(4)}`); }
    if (ev.type === 'eval' && ev.final) final = ev;
    if (ev.type === 'error') error = ev.message;
  }
  prepared.encoder.dispose();
  if (final) writeFileSync(join(out, 'results.json'), JSON.stringify({ ...final.result, step: final.step, lineage: prepared.lineage }, null, 2) + '\n');
  return { config: cfg, final, seconds: (Date.now() - t0) / 1000, error };
}

export async function trainCommand(argv: string[]): Promise<void> {
  const a = parseArgs(argv, TRAIN_FLAGS, 'train');
  const out = flag(a, 'out');
  if (!out) throw new UsageError(`train needs --out\n  ${TRAIN_USAGE}`);
  const resume = flag(a, 'resume');
  let cfg: ExperimentConfig;
  if (resume && !flag(a, 'config')) {
    const saved = join(resume, '..', 'experiment.json');
    cfg = resolveConfig(existsSync(saved) ? JSON.parse(readFileSync(saved, 'utf8')) : {});
  } else cfg = loadConfig(a);
  const r = await trainInto(cfg, out, { resume, backend: flag(a, 'backend') });
  if (r.error) { process.stderr.write(`error: ${r.error}\n`); process.exitCode = 1; return; }
  const s = r.final?.result.settings;
  process.stderr.write(`done in ${fmt(r.seconds)}: map mono ${s?.monolingual?.map.toFixed(4)} cross ${s?.crosslingual?.map.toFixed(4)} multi ${s?.multilingual?.map.toFixed(4)}, bias ${r.final?.result.languageBias?.meanMaxRankDistance.toFixed(1)} → ${out}\n`);
}
