/**
 * `cli export`: a model or checkpoint folder → a sentence-transformers folder, or one .zip of it (model card
 * with the training config, α, data, per-language results and bias of the last evaluation, lineage).
 * The weights are loaded and saved again through our encoder, so whatever loads here exports canonically
 * (HF names without task prefixes, float32, encoder only).
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { EvalResult } from '../../core/eval/types';
import { cardInfoFromFolder, exportEncoder } from '../../core/experiment/export';
import { createEncoder } from '../../core/model/checkpoint';
import { writeZip } from '../../core/util/zip';
import { cliBackend } from '../backend';
import { boolFlag, flag, parseArgs, UsageError } from '../args';
import { asInputError, CliError, MODEL_FIX } from '../errors';
import { ensureFolder } from '../run-folder';
import { readModelFolder, writeModelFolder } from '../model-io';

export const EXPORT_USAGE =
  'npm run cli -- export --model <model or checkpoint dir> --out <dir|file.zip> [--overwrite] [--results results.json] [--name N] [--backend wasm|cpu]';

/** results.json of `cli train` / `cli eval` (an EvalResult, plus `step` for train). */
function readResults(path: string): { step?: number; result: EvalResult } {
  let r: EvalResult & { step?: number };
  try {
    r = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliError(`--results ${path}: ${(e as Error).message}. Fix: give the results.json of a train or eval run`);
  }
  if (!r || typeof r !== 'object' || !r.settings || !Array.isArray(r.langs))
    throw new CliError(
      `--results ${path}: not a results.json (no "settings"/"langs"). Fix: give the results.json of a train or eval run`,
    );
  return { step: r.step, result: r };
}

export async function exportCommand(argv: string[]): Promise<void> {
  const a = parseArgs(
    argv,
    { model: 'value', out: 'value', overwrite: 'bool', results: 'value', name: 'value', backend: 'value' },
    'export',
  );
  const model = flag(a, 'model'),
    out = flag(a, 'out');
  if (!model || !out) throw new UsageError(`export needs --model and --out. Usage: ${EXPORT_USAGE}`);
  const dir = resolve(model);
  const zip = out.toLowerCase().endsWith('.zip');
  const overwrite = boolFlag(a, 'overwrite');
  checkExportTarget(out, zip, overwrite);
  const files = asInputError(`--model ${model}`, MODEL_FIX, () => readModelFolder(dir));
  // The run's final evaluation: --results, else results.json of the run folder around a checkpoint.
  const resultsPath =
    flag(a, 'results') ?? [join(dir, 'results.json'), join(dirname(dir), 'results.json')].find((p) => existsSync(p));
  const evaluation = resultsPath ? readResults(resultsPath) : undefined;
  const info = cardInfoFromFolder(files, model, evaluation);
  const name = flag(a, 'name');
  if (name) info.name = name;
  await cliBackend(flag(a, 'backend') ?? 'wasm');
  const encoder = asInputError(`--model ${model}`, MODEL_FIX, () => createEncoder(files));
  const st = await exportEncoder(encoder, info);
  encoder.dispose();
  if (zip) {
    ensureFolder(dirname(resolve(out)), 'the folder of --out');
    // Beside, then renamed: an interrupted export never leaves a half zip under the requested name.
    writeFileSync(`${out}.tmp`, writeZip(st));
    renameSync(`${out}.tmp`, out);
  } else {
    if (existsSync(out) && overwrite) rmSync(out, { recursive: true });
    ensureFolder(out);
    writeModelFolder(out, st);
  }
  const bytes = Object.values(st).reduce((s, f) => s + f.byteLength, 0);
  process.stderr.write(
    `exported ${Object.keys(st).length} files (${(bytes / 1e6).toFixed(2)} MB)${evaluation ? `, evaluation from ${resultsPath}` : ', no evaluation found'} → ${out}\n`,
  );
}

/**
 * An export never replaces anything silently. With --overwrite a zip is replaced, and a folder only when it
 * is an earlier export (it has modules.json): --overwrite must not delete an arbitrary folder.
 */
function checkExportTarget(out: string, zip: boolean, overwrite: boolean): void {
  if (!existsSync(out)) return;
  const isDir = statSync(out).isDirectory();
  if (zip) {
    if (isDir) throw new CliError(`--out ${out} is a folder. Fix: give a .zip file name, or drop .zip to export into a folder`);
    if (!overwrite) throw new CliError(`--out ${out} exists. Fix: choose another name, or add --overwrite to replace it`);
    return;
  }
  if (!isDir)
    throw new CliError(`--out ${out} exists and is a file. Fix: choose another folder (or end --out in .zip for a zip file)`);
  if (readdirSync(out).length === 0) return;
  if (!overwrite)
    throw new CliError(
      `--out ${out} exists and is not empty. Fix: choose a new folder, or add --overwrite to replace an earlier export there`,
    );
  if (!existsSync(join(out, 'modules.json')))
    throw new CliError(
      `--out ${out} is not an earlier export (no modules.json), so --overwrite will not delete it. Fix: choose a new folder`,
    );
}
