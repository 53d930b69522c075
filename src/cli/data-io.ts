/**
 * Reading datasets from disk for the CLI: a thin file reader. It lists a path's files (a folder and its
 * sub-folders, two levels deep: BEIR keeps qrels/ in one) and hands names and bytes to the shared format
 * detection (`src/core/data/detect.ts`), which the browser's worker uses too. The embedded demo (a folder with
 * manifest.json) is read here: one split of it (`--split train|eval`).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importDetected, importPlanned, planImport, type ImportOptions } from '../core/data/detect';
import { DataImportError } from '../core/data/errors';
import { importLareqa } from '../core/data/lareqa';
import type { Dataset, InputFile } from '../core/data/types';
import { readRegularFile } from './safe-read';

/** Written by `fetch-data` next to the files: the dataset's name and the language its files do not carry. */
export const SIDECAR = 'dataset.json';

export const DEMO_DIR = resolve(import.meta.dirname, '../../public/demo');

export function readInput(path: string): InputFile {
  return { name: path, bytes: readRegularFile(path) }; // a FIFO or device would block a plain read
}

export interface DemoManifest {
  name: string;
  splits: Record<string, { langs: string[]; files: string[] }>;
  zeroShotLangs?: string[];
}

/** Regular files under `dir` (hidden ones skipped), as paths joined onto `dir`. */
function listFiles(dir: string, depth: number): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    // Hidden files, fetch-data's unfinished parts and its sidecar play no role in a dataset.
    if (e.name.startsWith('.') || /\.(part|part\.json|tmp)$/.test(e.name) || (e.name === SIDECAR && depth === 2)) continue;
    const p = join(dir, e.name);
    if (e.isFile()) out.push(p);
    else if (e.isDirectory() && depth > 1) out.push(...listFiles(p, depth - 1));
  }
  return out;
}

export async function loadDataset(
  path: string,
  opts: { split?: 'train' | 'eval' } & Pick<ImportOptions, 'lang' | 'name'> = {},
): Promise<Dataset> {
  if (!existsSync(path))
    throw new DataImportError(
      path,
      undefined,
      undefined,
      'no such file or folder',
      'give a dataset folder or file (LAReQA, BEIR, JSONL pairs, MIRACL, DuReader, C-MTEB parquet), or "demo"',
    );
  // A single file — and anything that is neither file nor folder (a FIFO, a device), which readInput refuses by name.
  if (!statSync(path).isDirectory()) return (await importDetected([readInput(path)], opts)).dataset;
  const manifestPath = join(path, 'manifest.json');
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as DemoManifest;
    const split = opts.split ?? 'eval';
    const s = manifest.splits[split];
    if (!s)
      throw new DataImportError(
        manifestPath,
        'splits',
        split,
        `no split "${split}"`,
        `use one of ${Object.keys(manifest.splits).join(', ')}`,
      );
    return importLareqa(
      s.files.map((f) => readInput(join(path, f))),
      { name: `${manifest.name}-${split}`, split },
    );
  }
  const plan = planImport(listFiles(path, 2), path);
  const sidecar = existsSync(join(path, SIDECAR))
    ? (JSON.parse(readFileSync(join(path, SIDECAR), 'utf8')) as { name?: string; lang?: string })
    : {};
  const name = opts.name ?? sidecar.name ?? resolve(path).split(/[\\/]/).pop();
  return importPlanned(plan, plan.files.map(readInput), { ...opts, name, lang: opts.lang ?? sidecar.lang });
}

/** `demo` is a shortcut for the embedded demo folder. */
export function resolveDataPath(p: string): string {
  return p === 'demo' ? DEMO_DIR : p;
}
