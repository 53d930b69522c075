/**
 * Runs in and out of the browser as run bundles: import a bundle .zip, a zip of several (an exported selection, a
 * zipped sweep folder) or a picked/dropped CLI run folder into the run list; export one run or a selection as
 * one .zip. An import is all or nothing: every bundle is read and checked first, and one broken or newer-version
 * bundle refuses the whole import with its one-line reason. A bundle whose id is already in the run list is
 * skipped and named (importing the same bundle twice changes nothing).
 */
import { readBundle, writeBundle } from '../../core/bundle/files';
import { BundleError } from '../../core/bundle/manifest';
import { MANIFEST_FILE, type FileMap, type RunBundle } from '../../core/bundle/types';
import { readZip, writeZip } from '../../core/util/zip';
import { bundleToRunRecord, type ImportedRun } from './bundle-record';
import { runRecordToBundle } from './bundles';
import type { RunRecord } from './run-types';
import * as store from './runs-store';

export interface ImportRunsResult {
  /** The runs added to the run list. */
  imported: RunRecord[];
  /** One line per bundle not imported because its id is already in the run list. */
  skipped: string[];
}

const dirOf = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');

/**
 * The bundles inside a file map: every folder holding run.json, or experiment.json (a CLI run folder from before
 * bundles), that lies inside no other such folder. A sweep folder (`alpha-0/`, `alpha-0.5/` …) gives one per run.
 */
export function bundleRoots(files: FileMap): string[] {
  const marked = new Set<string>();
  for (const p of Object.keys(files)) {
    const base = p.slice(p.lastIndexOf('/') + 1);
    if (base === MANIFEST_FILE || base === 'experiment.json') marked.add(dirOf(p));
  }
  const inside = (d: string, root: string) => root === '' || d.startsWith(root + '/');
  return [...marked].filter((d) => ![...marked].some((r) => r !== d && inside(d, r))).sort();
}

/** Every bundle of one picked source (a zip, or the files of a folder), checked; throws BundleError naming it. */
export function readBundles(files: FileMap, where: string): Array<{ where: string; bundle: RunBundle }> {
  const norm: FileMap = {};
  for (const [p, b] of Object.entries(files)) norm[p.replace(/\\/g, '/').replace(/^\.\//, '')] = b;
  const roots = bundleRoots(norm);
  if (roots.length === 0) return [{ where, bundle: readBundle(norm, where) }]; // readBundle names what is missing
  return roots.map((root) => {
    const sub: FileMap = {};
    for (const [p, b] of Object.entries(norm))
      if (root === '' || p.startsWith(root + '/')) sub[root === '' ? p : p.slice(root.length + 1)] = b;
    const at = root === '' ? where : where.endsWith('.zip') ? `${where}: ${root}` : root;
    return { where: at, bundle: readBundle(sub, at) };
  });
}

/** A picked source: one `.zip`, or the files of a folder (paths relative to the picked folder's parent). */
export interface RunSource {
  name: string;
  files: Array<{ path: string; bytes: Uint8Array }>;
}

async function sourceFiles(src: RunSource): Promise<FileMap> {
  if (src.files.length === 1 && src.files[0].path.toLowerCase().endsWith('.zip')) {
    try {
      return await readZip(src.files[0].bytes, src.name);
    } catch (e) {
      throw new BundleError(`${src.name}: not a readable zip (${(e as Error).message})`);
    }
  }
  return Object.fromEntries(src.files.map((f) => [f.path, f.bytes]));
}

export async function importRuns(sources: RunSource[], now = Date.now()): Promise<ImportRunsResult> {
  const found: Array<{ where: string; run: ImportedRun }> = [];
  for (const src of sources) {
    for (const { where, bundle } of readBundles(await sourceFiles(src), src.name))
      found.push({ where, run: bundleToRunRecord(bundle, where, now) });
  }
  const skipped: string[] = [];
  const fresh: ImportedRun[] = [];
  for (const { where, run } of found) {
    const had = (await store.getRun(run.rec.id)) ?? fresh.find((r) => r.rec.id === run.rec.id)?.rec;
    if (had) {
      const from = had.imported ? `imported from ${had.imported.file}` : 'made in this browser';
      skipped.push(
        `${where}: run "${had.config.name}" (id ${run.rec.id}) is already in the run list (${from}); nothing of it was imported — delete that run first to import it again`,
      );
    } else fresh.push(run);
  }
  if (fresh.length) await store.importRuns(fresh);
  return { imported: fresh.map((r) => r.rec), skipped };
}

/** The host as the worker sees it (recorded in a browser run's environment). */
function host(): { userAgent?: string; cores?: number } {
  return typeof navigator === 'undefined' ? {} : { userAgent: navigator.userAgent, cores: navigator.hardwareConcurrency };
}

/** A folder name per run inside a selection zip: readable and unique. */
const folderName = (rec: RunRecord): string =>
  `${rec.config.name.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || 'run'}-${rec.id}`;

/** One run: a bundle .zip (files at its root); several: one zip with one bundle folder per run. */
export async function exportRuns(runIds: string[]): Promise<Uint8Array> {
  if (runIds.length === 0) throw new Error('export: no run was selected; tick runs for Compare first');
  const bundles: Array<{ rec: RunRecord; files: FileMap }> = [];
  for (const id of runIds) {
    const rec = await store.getRun(id);
    if (!rec) throw new Error(`export: no run ${id} in this browser; reload the run list`);
    const [events, ckpt, rankings] = await Promise.all([store.runEvents(id), store.loadCheckpoint(id), store.loadRankings(id)]);
    bundles.push({ rec, files: writeBundle(runRecordToBundle(rec, host(), { events, checkpoint: ckpt?.files, rankings })) });
  }
  if (bundles.length === 1) return writeZip(bundles[0].files);
  const all: FileMap = {};
  for (const { rec, files } of bundles) for (const [p, b] of Object.entries(files)) all[`${folderName(rec)}/${p}`] = b;
  return writeZip(all);
}
