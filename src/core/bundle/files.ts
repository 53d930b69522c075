/**
 * Reading and writing run bundles over a plain file map (path → bytes), so one implementation serves a folder on
 * disk (Node), a zip (either side, util/zip.ts) and a browser File list or drop.
 */
import type { EvalResult } from '../eval/types';
import type { RunEvent } from '../train/events';
import { readZip, writeZip } from '../util/zip';
import { BundleError, buildManifest, validateManifest } from './manifest';
import {
  MANIFEST_FILE,
  type BundleEvaluation,
  type BundleRankings,
  type FileMap,
  type RunBundle,
  type RunManifest,
} from './types';

const dec = new TextDecoder('utf-8', { fatal: true });
const enc = new TextEncoder();

/**
 * A zip of a run folder usually holds it under one top-level folder (`alpha-0/run.json`): the bundle is that
 * folder. Paths are '/'-separated; a leading './' is dropped.
 */
export function bundleRoot(files: FileMap): FileMap {
  const norm: FileMap = {};
  for (const [p, b] of Object.entries(files)) norm[p.replace(/\\/g, '/').replace(/^\.\//, '')] = b;
  if (MANIFEST_FILE in norm || 'experiment.json' in norm) return norm;
  const tops = new Set(Object.keys(norm).map((p) => p.split('/')[0]));
  if (tops.size !== 1 || Object.keys(norm).some((p) => !p.includes('/'))) return norm;
  const [top] = tops;
  const out: FileMap = {};
  for (const [p, b] of Object.entries(norm)) if (p.startsWith(top + '/')) out[p.slice(top.length + 1)] = b;
  return out;
}

function text(files: FileMap, path: string, where: string): string {
  try {
    return dec.decode(files[path]);
  } catch {
    throw new BundleError(`${where}: ${path} is not UTF-8 text; re-export the run`);
  }
}

function json<T>(files: FileMap, path: string, where: string): T {
  try {
    return JSON.parse(text(files, path, where)) as T;
  } catch (e) {
    if (e instanceof BundleError) throw e;
    throw new BundleError(
      `${where}: ${path} is not valid JSON (${(e as Error).message}); the file is truncated or damaged — re-export the run`,
    );
  }
}

function jsonLines<T>(files: FileMap, path: string, where: string): T[] {
  const out: T[] = [];
  text(files, path, where)
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      try {
        out.push(JSON.parse(line) as T);
      } catch (e) {
        throw new BundleError(
          `${where}: ${path} line ${i + 1} is not valid JSON (${(e as Error).message}); the file is truncated or damaged — re-export the run`,
        );
      }
    });
  return out;
}

/** A manifest for a folder without run.json: a CLI run folder from before bundles (experiment.json + results.json). */
function inferManifest(files: FileMap, where: string): RunManifest {
  if (!('experiment.json' in files)) {
    const seen = Object.keys(files).slice(0, 5).join(', ') || 'nothing';
    throw new BundleError(
      `${where}: no ${MANIFEST_FILE} and no experiment.json (found ${seen}); open a run folder (CLI --out) or a bundle .zip`,
    );
  }
  const exp = json<Record<string, unknown>>(files, 'experiment.json', where);
  const name = typeof exp.name === 'string' ? exp.name : 'run';
  return buildManifest({
    id: `${name}-${typeof exp.alpha === 'number' ? exp.alpha : ''}-${typeof exp.seed === 'number' ? exp.seed : ''}`,
    name,
    status: 'results.json' in files ? 'finished' : 'interrupted',
    origin: { tool: 'cli', version: 'unknown' },
    files: {
      events: 'events.jsonl' in files ? 'events.jsonl' : undefined,
      run: 'run.trec' in files ? 'run.trec' : undefined,
      checkpoint: Object.keys(files).some((p) => p.startsWith('checkpoint/')) ? 'checkpoint/' : undefined,
    },
    createdAt: new Date(0),
  });
}

/**
 * Checks and parses a bundle. Refuses (BundleError) an unknown format, a newer version, a missing required file
 * (results.json is required of finished runs; an interrupted, failed or running one may lack it) and broken JSON.
 */
export function readBundle(input: FileMap, where: string): RunBundle {
  const files = bundleRoot(input);
  const inferred = !(MANIFEST_FILE in files);
  const manifest = inferred ? inferManifest(files, where) : validateManifest(json(files, MANIFEST_FILE, where), where);
  const f = manifest.files;
  const need = (role: string, path: string | undefined, required: boolean): boolean => {
    if (path === undefined) return false;
    const present = path.endsWith('/') ? Object.keys(files).some((p) => p.startsWith(path)) : path in files;
    if (!present && required)
      throw new BundleError(
        `${where}: ${MANIFEST_FILE} names ${role} file "${path}" but the bundle has no such file; add it or export the run again`,
      );
    return present;
  };
  need('experiment', f.experiment, true);
  const bundle: RunBundle = { manifest, experiment: json(files, f.experiment, where) };
  if (typeof bundle.experiment !== 'object' || bundle.experiment === null || Array.isArray(bundle.experiment))
    throw new BundleError(`${where}: ${f.experiment} must hold the experiment config object`);
  if (need('results', f.results, manifest.status === 'finished')) {
    const r = json<EvalResult & Record<string, unknown>>(files, f.results, where);
    if (typeof r !== 'object' || r === null || typeof r.settings !== 'object' || r.settings === null)
      throw new BundleError(`${where}: ${f.results} has no "settings" object; it must be a results.json of \`cli eval\``);
    bundle.results = r;
  }
  if (need('events', f.events, true)) bundle.events = jsonLines<RunEvent>(files, f.events!, where);
  if (need('evaluations', f.evaluations, true)) bundle.evaluations = jsonLines<BundleEvaluation>(files, f.evaluations!, where);
  if (need('rankings', f.rankings, true)) bundle.rankings = json<BundleRankings>(files, f.rankings!, where);
  if (need('run', f.run, true)) bundle.run = text(files, f.run!, where);
  if (need('checkpoint', f.checkpoint, true)) {
    const dir = f.checkpoint!.endsWith('/') ? f.checkpoint! : f.checkpoint! + '/';
    bundle.checkpoint = {};
    for (const [p, b] of Object.entries(files)) if (p.startsWith(dir)) bundle.checkpoint[p.slice(dir.length)] = b;
  }
  if (inferred) bundle.inferred = true;
  return bundle;
}

/** The files of a bundle, run.json first among equals; paths as the manifest names them. */
export function writeBundle(b: RunBundle): FileMap {
  const m = b.manifest,
    f = m.files;
  const out: FileMap = {};
  const put = (path: string, s: string) => (out[path] = enc.encode(s));
  put(f.experiment, JSON.stringify(b.experiment, null, 2) + '\n');
  if (b.results) put(f.results, JSON.stringify(b.results, null, 2) + '\n');
  if (b.events && f.events) put(f.events, b.events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  if (b.evaluations && f.evaluations) put(f.evaluations, b.evaluations.map((e) => JSON.stringify(e)).join('\n') + '\n');
  if (b.rankings && f.rankings) put(f.rankings, JSON.stringify(b.rankings) + '\n');
  if (b.run !== undefined && f.run) put(f.run, b.run);
  if (b.checkpoint && f.checkpoint) {
    const dir = f.checkpoint.endsWith('/') ? f.checkpoint : f.checkpoint + '/';
    for (const [p, bytes] of Object.entries(b.checkpoint)) out[dir + p] = bytes;
  }
  put(MANIFEST_FILE, JSON.stringify(m, null, 2) + '\n');
  return out;
}

/** A bundle as one zip (store-only), and back. */
export function bundleZip(b: RunBundle): Uint8Array {
  return writeZip(writeBundle(b));
}

export async function readBundleZip(bytes: Uint8Array, name: string): Promise<RunBundle> {
  let files: FileMap;
  try {
    files = await readZip(bytes, name);
  } catch (e) {
    throw new BundleError(`${name}: not a readable zip (${(e as Error).message})`);
  }
  return readBundle(files, name);
}
