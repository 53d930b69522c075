/**
 * Getting a registered dataset (sources.ts): resolve its files against a base URL (the Hub's listing API gives
 * name, size and sha256 of `hub` files), download each one (download.ts) with overall progress, and verify it.
 * Used by the CLI's `fetch-data` and the worker's "Get …" buttons; both keep the per-file DownloadState so a
 * cancelled or broken download resumes.
 */
import { download, newDownloadState, type DownloadState } from './download';
import { DataImportError } from './errors';
import type { DataSource, HubFile } from './sources';
import type { InputFile } from './types';

/** One file to fetch, fully known. */
export interface ResolvedFile {
  name: string;
  url: string;
  size: number;
  sha256: string;
  /** Where the size and checksum came from. */
  checksumFrom: 'registry' | 'hub-listing';
}

interface HubListingEntry {
  type?: string;
  path?: string;
  size?: number;
  lfs?: { oid?: string; size?: number };
}

const trimBase = (b: string) => b.replace(/\/+$/, '');

async function listHubFolder(
  base: string,
  f: HubFile,
  fetchImpl: typeof fetch,
  signal?: AbortSignal,
): Promise<HubListingEntry[]> {
  const url = `${trimBase(base)}/api/datasets/${f.repo}/tree/${f.revision}/${f.dir}`;
  let res: Response;
  try {
    res = await fetchImpl(url, { signal });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new DataImportError(
      f.repo,
      undefined,
      undefined,
      `the Hub listing ${url} failed (${(e as Error).message})`,
      'check the network connection (or the base URL) and try again',
    );
  }
  if (!res.ok)
    throw new DataImportError(
      f.repo,
      undefined,
      undefined,
      `the Hub listing ${url} answered HTTP ${res.status}`,
      'check that the repository and revision in src/core/data/sources.ts still exist',
    );
  const body = (await res.json()) as unknown;
  if (!Array.isArray(body))
    throw new DataImportError(
      f.repo,
      undefined,
      undefined,
      `the Hub listing ${url} is not a list`,
      'check the base URL points at the Hub',
    );
  return body as HubListingEntry[];
}

export async function resolveSourceFiles(
  source: DataSource,
  base: string,
  fetchImpl: typeof fetch = fetch,
  signal?: AbortSignal,
): Promise<ResolvedFile[]> {
  const out: ResolvedFile[] = [];
  const listings = new Map<string, Promise<HubListingEntry[]>>();
  for (const f of source.files) {
    if (f.kind === 'pinned') {
      out.push({ name: f.name, url: trimBase(base) + f.path, size: f.size, sha256: f.sha256, checksumFrom: 'registry' });
      continue;
    }
    const key = `${f.repo}@${f.revision}/${f.dir}`;
    if (!listings.has(key)) listings.set(key, listHubFolder(base, f, fetchImpl, signal));
    const entries = await listings.get(key)!;
    const hit = entries.filter((e) => e.type !== 'directory' && typeof e.path === 'string' && f.pattern.test(e.path));
    if (hit.length !== 1) {
      throw new DataImportError(
        `${f.repo}/${f.dir}`,
        undefined,
        f.role,
        hit.length === 0 ? `no file matches ${f.pattern} at revision ${f.revision}` : `${hit.length} files match ${f.pattern}`,
        'update the pattern or revision in src/core/data/sources.ts',
      );
    }
    const e = hit[0];
    const sha256 = e.lfs?.oid,
      size = e.lfs?.size ?? e.size;
    if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(sha256) || typeof size !== 'number') {
      throw new DataImportError(
        `${f.repo}/${e.path}`,
        undefined,
        'lfs.oid',
        'the Hub listing gives no sha256 (lfs.oid) and size for this file',
        'the file is not stored with LFS; update src/core/data/sources.ts',
      );
    }
    out.push({
      name: e.path!.split('/').pop()!,
      url: `${trimBase(base)}/datasets/${f.repo}/resolve/${f.revision}/${e.path}`,
      size,
      sha256: sha256.toLowerCase(),
      checksumFrom: 'hub-listing',
    });
  }
  return out;
}

export interface FetchProgress {
  file: string;
  fileIndex: number;
  files: number;
  bytes: number;
  total: number;
}

export interface FetchSourceOptions {
  base?: string;
  signal?: AbortSignal;
  /** name → state; kept by the caller across calls so a cancelled download resumes. */
  states: Map<string, DownloadState>;
  /** Files already complete (e.g. saved by an earlier call): not downloaded again. */
  done?: Map<string, Uint8Array>;
  onProgress?: (p: FetchProgress) => void;
  onNote?: (note: string) => void;
  /** Called as each file completes and is verified (the CLI writes it to disk). */
  onFile?: (f: ResolvedFile, bytes: Uint8Array) => void | Promise<void>;
  fetchImpl?: typeof fetch;
  /** Files resolved already (resolveSourceFiles), to skip a second listing. */
  files?: ResolvedFile[];
}

export interface FetchedSource {
  files: ResolvedFile[];
  inputs: InputFile[];
  resumed: string[];
}

export async function fetchSource(source: DataSource, opts: FetchSourceOptions): Promise<FetchedSource> {
  const fetchImpl = opts.fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const files = opts.files ?? (await resolveSourceFiles(source, opts.base ?? source.defaultBase, fetchImpl, opts.signal));
  const total = files.reduce((a, f) => a + f.size, 0);
  let before = 0;
  const inputs: InputFile[] = [];
  const resumed: string[] = [];
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    const have = opts.done?.get(f.name);
    if (have) {
      inputs.push({ name: f.name, bytes: have });
      before += f.size;
      continue;
    }
    let state = opts.states.get(f.name);
    if (!state) opts.states.set(f.name, (state = newDownloadState(f.url)));
    const r = await download(
      {
        url: f.url,
        name: f.name,
        size: f.size,
        sha256: f.sha256,
        signal: opts.signal,
        fetchImpl,
        onProgress: (bytes) =>
          opts.onProgress?.({ file: f.name, fileIndex: i, files: files.length, bytes: before + bytes, total }),
      },
      state,
    );
    for (const n of r.notes) opts.onNote?.(n);
    if (r.resumed) resumed.push(f.name);
    opts.states.delete(f.name);
    opts.done?.set(f.name, r.bytes);
    await opts.onFile?.(f, r.bytes);
    inputs.push({ name: f.name, bytes: r.bytes });
    before += f.size;
  }
  return { files, inputs, resumed };
}
