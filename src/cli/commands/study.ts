/**
 * `cli study`: the research question as one resumable command. Runs every (cap, strategy, seed) of a study
 * config with trainInto (each into <out>/runs/<id>/), re-evaluates each final checkpoint with per-query AP
 * (<id>/perquery.json, for the paired significance tests), then writes <out>/report.md, report.json and
 * lowres-curve.svg. Runs whose results.json exists are not trained again. Without --config: the demo preset.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Dataset } from '../../core/data/types';
import type { EvalResult } from '../../core/eval/types';
import { createEncoder } from '../../core/model/checkpoint';
import { evaluatePerQuery } from '../../core/experiment/study-eval';
import {
  DEMO_STUDY_RAW,
  planStudy,
  resolveStudyConfig,
  runStudy,
  type StudyConfig,
  type StudyRun,
} from '../../core/experiment/study';
import { cliBackend } from '../backend';
import { boolFlag, flag, parseArgs, UsageError } from '../args';
import { asInputError, CliError } from '../errors';
import { readModelFolder } from '../model-io';
import { lockRunFolder } from '../run-lock';
import { ensureFolder } from '../run-folder';
import { fmt } from '../progress';
import { loadRef, trainInto } from './train';
import { svgToPng } from '../../node/svg-png';

export const STUDY_USAGE = 'npm run cli -- study [--config <study.json>] --out <dir> [--backend wasm|cpu|webgpu|auto] [--png]';

const PACKAGE_JSON = resolve(import.meta.dirname, '../../../package.json');

/** Embed the eval set with a saved checkpoint and evaluate it with per-query AP (every query; core/experiment/study-eval). */
export async function evaluateCheckpointPerQuery(
  checkpointDir: string,
  data: Dataset,
  cfg: StudyRun['config'],
): Promise<EvalResult> {
  const encoder = asInputError(
    checkpointDir,
    'run the study again (the run is trained again when its results.json is removed)',
    () => createEncoder(readModelFolder(checkpointDir), { maxLength: cfg.maxLength }),
  );
  try {
    return await evaluatePerQuery(encoder, data, cfg);
  } finally {
    encoder.dispose();
  }
}

export function loadStudyConfig(path: string | undefined): StudyConfig {
  if (!path) return resolveStudyConfig(JSON.parse(JSON.stringify(DEMO_STUDY_RAW)));
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliError(`--config ${path}: ${(e as Error).message}. Fix: give the path of a study config (a JSON object)`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new CliError(`--config ${path}: expected a JSON object. Fix: write the study config as {"name": ..., "caps": ...}`);
  return resolveStudyConfig(raw);
}

export async function studyCommand(argv: string[]): Promise<void> {
  const a = parseArgs(argv, { config: 'value', out: 'value', backend: 'value', png: 'bool', quiet: 'bool' }, 'study');
  const out = flag(a, 'out');
  if (!out) throw new UsageError(`study needs --out. Usage: ${STUDY_USAGE}`);
  const study = loadStudyConfig(flag(a, 'config'));
  const t0 = Date.now();
  ensureFolder(out);
  lockRunFolder(out); // one study writer per folder; released when the process exits (run-lock.ts)
  writeFileSync(join(out, 'study.json'), JSON.stringify(study, null, 2) + '\n');
  const backend = await cliBackend(flag(a, 'backend'));
  const evalCache = new Map<string, Promise<Dataset>>();
  const evalData = (run: StudyRun): Promise<Dataset> => {
    const key = JSON.stringify(run.config.eval);
    if (!evalCache.has(key)) evalCache.set(key, loadRef(run.config.eval));
    return evalCache.get(key)!;
  };
  const dirOf = (run: StudyRun) => join(out, 'runs', run.id);
  const perQueryOf = async (run: StudyRun): Promise<EvalResult> => {
    const p = join(dirOf(run), 'perquery.json');
    if (existsSync(p)) return JSON.parse(readFileSync(p, 'utf8')) as EvalResult;
    const r = await evaluateCheckpointPerQuery(join(dirOf(run), 'checkpoint'), await evalData(run), run.config);
    writeFileSync(p, JSON.stringify(r) + '\n');
    return r;
  };
  const total = planStudy(study).length;
  process.stderr.write(
    `study ${study.name}: ${total} runs (${study.caps.length} caps × ${study.strategies.length} strategies × ${study.seeds.length} seeds) → ${out}\n`,
  );
  const outcome = await runStudy(study, {
    load: async (run) => (existsSync(join(dirOf(run), 'results.json')) ? perQueryOf(run) : undefined),
    execute: async (run) => {
      const r = await trainInto(run.config, dirOf(run), {
        backend: backend.name,
        label: `[${run.id}]`,
        restartUnfinished: true,
        quiet: boolFlag(a, 'quiet'),
      });
      if (r.error || !r.final) throw new Error(`run ${run.id} failed: ${r.error ?? 'no final evaluation'}`);
      const result = await perQueryOf(run);
      const trained = r.final.result.settings.multilingual?.map,
        again = result.settings.multilingual?.map;
      if (trained !== undefined && again !== undefined && Math.abs(trained - again) > 1e-4) {
        process.stderr.write(`  warning: ${run.id}: re-evaluated multilingual mAP ${again} differs from the run's ${trained}\n`);
      }
      return { result, seconds: r.seconds };
    },
    seconds: (run) => {
      // Training time of a finished run: the `done` event of its events.jsonl.
      const p = join(dirOf(run), 'events.jsonl');
      if (!existsSync(p)) return undefined;
      const done = readFileSync(p, 'utf8')
        .trim()
        .split('\n')
        .reverse()
        .find((l) => l.includes('"type":"done"'));
      return done ? (JSON.parse(done) as { seconds?: number }).seconds : undefined;
    },
    onRun: (run, i, n, state) => {
      if (state === 'skipped') process.stderr.write(`[${i + 1}/${n}] ${run.id}: results.json exists, skipped\n`);
      if (state === 'start')
        process.stderr.write(`[${i + 1}/${n}] ${run.id} (α=${run.strategy.alpha}, caps ${JSON.stringify(run.config.caps)})\n`);
    },
  });
  const { buildStudyReport } = await import('../../core/experiment/report');
  const pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { name: string; version: string };
  const report = buildStudyReport({
    study,
    records: outcome.records,
    versions: { node: process.version, tfjs: tf.version.tfjs, package: `${pkg.name}@${pkg.version}`, backend: backend.name },
    synthetic: study.base.train.source === 'demo',
    wallSeconds: (Date.now() - t0) / 1000,
    resumedRuns: outcome.skipped.length,
  });
  writeFileSync(join(out, 'report.md'), report.markdown);
  writeFileSync(join(out, 'report.json'), JSON.stringify(report.json, null, 2) + '\n');
  writeFileSync(join(out, 'lowres-curve.svg'), report.svg);
  if (flag(a, 'png') !== undefined) await rasterise(join(out, 'lowres-curve.svg'), join(out, 'lowres-curve.png'));
  process.stderr.write(
    `study done in ${fmt((Date.now() - t0) / 1000)} (${outcome.ran.length} run, ${outcome.skipped.length} resumed) → ${join(out, 'report.md')}\n`,
  );
}

/** Optional PNG of the SVG through the installed Chromium (its command line; src/node/svg-png.ts); skipped with a note when unavailable. */
async function rasterise(svgPath: string, pngPath: string): Promise<void> {
  try {
    await svgToPng(svgPath, pngPath);
  } catch (e) {
    process.stderr.write(`note: no PNG (${(e as Error).message.split('\n')[0]}); the SVG is the figure\n`);
  }
}
