/**
 * `cli export`: a model or checkpoint folder → a sentence-transformers folder, or one .zip of it (model card
 * with the training config, α, data, per-language results and bias of the last evaluation, lineage).
 * The weights are loaded and saved again through our encoder, so whatever loads here exports canonically
 * (HF names without task prefixes, float32, encoder only).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { EvalResult } from '../../core/eval/types';
import { cardInfoFromFolder, exportEncoder } from '../../core/experiment/export';
import { createEncoder } from '../../core/model/checkpoint';
import { writeZip } from '../../core/util/zip';
import { cliBackend } from '../backend';
import { flag, parseArgs, UsageError } from '../args';
import { readModelFolder, writeModelFolder } from '../model-io';

export const EXPORT_USAGE = 'npm run cli -- export --model <model or checkpoint dir> --out <dir|file.zip> [--results results.json] [--name N] [--backend wasm|cpu]';

/** results.json of `cli train` / `cli eval` (an EvalResult, plus `step` for train). */
function readResults(path: string): { step?: number; result: EvalResult } {
  let r: EvalResult & { step?: number };
  try { r = JSON.parse(readFileSync(path, 'utf8')); } catch (e) { throw new UsageError(`--results ${path}: ${(e as Error).message}`); }
  if (!r || typeof r !== 'object' || !r.settings || !Array.isArray(r.langs)) throw new UsageError(`--results ${path}: not a results.json (no "settings"/"langs")`);
  return { step: r.step, result: r };
}

export async function exportCommand(argv: string[]): Promise<void> {
  const a = parseArgs(argv, { model: 'value', out: 'value', results: 'value', name: 'value', backend: 'value' }, 'export');
  const model = flag(a, 'model'), out = flag(a, 'out');
  if (!model || !out) throw new UsageError(`export needs --model and --out\n  ${EXPORT_USAGE}`);
  const dir = resolve(model);
  const zip = out.toLowerCase().endsWith('.zip');
  if (!zip && existsSync(out) && readdirSync(out).length > 0) throw new UsageError(`--out ${out} exists and is not empty: choose a new folder (or a .zip file)`);
  const files = readModelFolder(dir);
  // The run's final evaluation: --results, else results.json of the run folder around a checkpoint.
  const resultsPath = flag(a, 'results') ?? [join(dir, 'results.json'), join(dirname(dir), 'results.json')].find((p) => existsSync(p));
  const evaluation = resultsPath ? readResults(resultsPath) : undefined;
  const info = cardInfoFromFolder(files, model, evaluation);
  const name = flag(a, 'name');
  if (name) info.name = name;
  await cliBackend(flag(a, 'backend') ?? 'wasm');
  const encoder = createEncoder(files);
  const st = await exportEncoder(encoder, info);
  encoder.dispose();
  if (zip) {
    mkdirSync(dirname(resolve(out)), { recursive: true });
    writeFileSync(out, writeZip(st));
  } else writeModelFolder(out, st);
  const bytes = Object.values(st).reduce((s, f) => s + f.byteLength, 0);
  process.stderr.write(`exported ${Object.keys(st).length} files (${(bytes / 1e6).toFixed(2)} MB)${evaluation ? `, evaluation from ${resultsPath}` : ', no evaluation found'} → ${out}\n`);
}
