/**
 * Models and translation-pair sources shipped with the app (the repository's models/ folder), read over HTTP
 * from the app's own server: `<root>/index.json` (the manifest, written by the vite plugin in
 * scripts/vite-models.ts) lists every served file with its size, so a loader never guesses file names and can
 * tell a real file from a server's HTML fallback page (wrong size, HTML content type).
 */
import type { ModelFiles } from './checkpoint';

export interface ShippedFile {
  /** Path below the models root, '/'-separated (e.g. "demo-base/config.json", "lexicon/demo-lexicon.tsv"). */
  path: string;
  bytes: number;
}

export interface ShippedModel {
  /** Folder name: the model's reference is `shipped:<name>`. */
  name: string;
  files: ShippedFile[];
  /** Ancestry recorded in its lineage.json (oldest first), [] when none. */
  lineage: string[];
  /** The pre-training recipe (its pretrain.json), when it has one. */
  pretrain?: Record<string, unknown>;
  /** Translation-ranking results of its pre-training (results.json → translationRanking), when recorded. */
  translationRanking?: Array<{ step: number; loss: number; accuracy: number; pairs: number }>;
}

export interface ModelsManifest {
  version: 1;
  models: ShippedModel[];
  /** Lexicon / bitext TSVs for pre-training (files of sub-folders that hold no model). */
  sources: ShippedFile[];
}

export const MANIFEST_FILE = 'index.json';

export type FetchFn = (url: string) => Promise<Response>;

async function fetchExact(url: string, expected: number | undefined, what: string, fetchFn: FetchFn): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetchFn(url);
  } catch (e) {
    throw new Error(`${what}: GET ${url} failed (${(e as Error).message}). Fix: check that the app's server is running`);
  }
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok || type.includes('text/html')) {
    throw new Error(
      `${what}: GET ${url} answered ${res.status}${type.includes('text/html') ? ' with an HTML page' : ''}. Fix: serve the app with its models plugin (npm start, or vite build + vite preview), which serves models/ under /models/`,
    );
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (expected !== undefined && bytes.byteLength !== expected) {
    throw new Error(
      `${what}: ${url} has ${bytes.byteLength} bytes, the manifest says ${expected}. Fix: rebuild the app (vite build) so dist/models matches models/`,
    );
  }
  return bytes;
}

/** The manifest at `<root>/index.json` (root ends with '/'). */
export async function fetchModelsManifest(root: string, fetchFn: FetchFn = fetch): Promise<ModelsManifest> {
  const bytes = await fetchExact(new URL(MANIFEST_FILE, root).href, undefined, 'shipped models manifest', fetchFn);
  const m = JSON.parse(new TextDecoder().decode(bytes)) as ModelsManifest;
  if (m.version !== 1 || !Array.isArray(m.models) || !Array.isArray(m.sources)) {
    throw new Error(
      `shipped models manifest ${new URL(MANIFEST_FILE, root).href} has an unknown layout. Fix: rebuild the app (vite build)`,
    );
  }
  return m;
}

/** Every file of a shipped model folder, keyed by its name inside the folder (as core/model reads them). */
export async function fetchShippedModel(
  root: string,
  manifest: ModelsManifest,
  name: string,
  fetchFn: FetchFn = fetch,
): Promise<ModelFiles> {
  const model = manifest.models.find((m) => m.name === name);
  if (!model) {
    const known = manifest.models.map((m) => `shipped:${m.name}`).join(', ') || 'none';
    throw new Error(
      `no shipped model "shipped:${name}" (shipped: ${known}). Fix: use one of those, or add the folder to models/ and rebuild`,
    );
  }
  const files: ModelFiles = {};
  const prefix = `${name}/`;
  await Promise.all(
    model.files.map(async (f) => {
      files[f.path.slice(prefix.length)] = await fetchExact(
        new URL(f.path, root).href,
        f.bytes,
        `shipped model "shipped:${name}"`,
        fetchFn,
      );
    }),
  );
  return files;
}

/** One shipped source file (a lexicon or bitext TSV) by its manifest path. */
export async function fetchShippedSource(
  root: string,
  manifest: ModelsManifest,
  path: string,
  fetchFn: FetchFn = fetch,
): Promise<Uint8Array> {
  const f = manifest.sources.find((s) => s.path === path);
  if (!f)
    throw new Error(
      `no shipped source "${path}" (shipped: ${manifest.sources.map((s) => s.path).join(', ') || 'none'}). Fix: pick one of those or upload the file`,
    );
  return fetchExact(new URL(f.path, root).href, f.bytes, `shipped source "${path}"`, fetchFn);
}
