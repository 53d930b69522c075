/**
 * Model folders from the Hugging Face Hub (or any server with its URL layout), fetch-based and framework-free:
 * `<base>/<id>/resolve/<revision>/<file>`, base default https://huggingface.co.
 *
 * - Which files: config.json (required), the tokenizer files (tokenizer.json, tokenizer_config.json, vocab.txt,
 *   special_tokens_map.json), sentence-transformers settings (modules.json, 1_Pooling/config.json, …) when
 *   present, and the weights: model.safetensors, else model.safetensors.index.json and its shards. With
 *   `weights: 'onnx'` (the frozen transformers.js runtime) the weights are `onnx/model.onnx` instead.
 * - Sizes before downloading: from the listing API (`/api/models/<id>/tree/<revision>?recursive=true`, one GET
 *   that says which files exist and their sizes, LFS sizes included); where it fails, HEAD per file (a 404
 *   means "not there"; `X-Linked-Size` of the Hub's LFS redirects, else Content-Length). A HEAD that fails or
 *   is redirected somewhere that refuses it never blocks: the file's size is then unknown and its GET decides.
 * - The Hub as it behaves: `resolve` URLs of large files redirect to a storage host whose CORS preflight fails
 *   for requests with non-safelisted headers (If-Range, custom headers). So every first attempt is a plain GET
 *   (no custom headers; Authorization only with a token), redirects are followed, and a broken transfer
 *   resumes with `Range: bytes=<n>-` alone (no If-Range: a changed file is caught by its ETag) and only where
 *   the final host said it serves ranges (`Accept-Ranges: bytes` visible to us); elsewhere, or when the Range
 *   request fails, the file restarts from byte 0 with a note (`onNote`, and `note` in the progress).
 * - Progress: bytes loaded / total over the whole model and per file, from Content-Length.
 * - Cached: every finished file and a manifest of the model's files go into a HubCache — Cache Storage in
 *   browsers (`cacheStorageHubCache`), or any injected implementation (`memoryHubCache` for Node and tests);
 *   a model whose manifest and files are all cached loads without touching the network.
 * - Errors name the model id, the file and the URL (404: wrong id or missing file; 401/403: gated/private).
 *
 * A cached `main` is not revalidated (pass `revision` as a commit hash to pin exact weights).
 */
import { ByteSink } from './byte-sink';
import type { ModelFiles } from './checkpoint';

export const HUB_BASE = 'https://huggingface.co';

const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'special_tokens_map.json'];
const ST_FILES = ['modules.json', 'sentence_bert_config.json', 'config_sentence_transformers.json', '1_Pooling/config.json'];
const INDEX = 'model.safetensors.index.json';
const ONNX_FILE = 'onnx/model.onnx';
/** One manifest per weights format: a model cached for one runtime is not "complete" for the other. */
const manifestFile = (w: HubWeights = 'safetensors') => (w === 'onnx' ? '.hbw-manifest-onnx.json' : '.hbw-manifest.json');

/** Which weights to fetch: tfjs reads model.safetensors (or its shards); the ONNX runtime onnx/model.onnx. */
export type HubWeights = 'safetensors' | 'onnx';

export interface HubFileInfo {
  file: string;
  /** Bytes, or undefined when the server did not say. */
  size?: number;
  etag?: string;
  /** Presence unknown (its HEAD failed): a 404 on download means "not there" rather than an error. */
  optional?: boolean;
}

export interface HubProgress {
  phase: 'size' | 'download' | 'cached' | 'done';
  /** The file being transferred (download / cached). */
  file?: string;
  fileLoaded: number;
  fileTotal?: number;
  /** Bytes of the whole model so far and in all (total undefined when some size is unknown). */
  loaded: number;
  total?: number;
  /** Why a transfer restarted from byte 0 (no resume on that host), when it did. */
  note?: string;
}

/** Where downloaded files (and partial ones, for resuming) are kept. Keys are full URLs. */
export interface HubCache {
  get(url: string): Promise<Uint8Array | undefined>;
  put(url: string, bytes: Uint8Array): Promise<void>;
  /** Optional: keep a partial transfer so a later call can resume it. */
  getPartial?(url: string): Promise<{ bytes: Uint8Array; etag?: string } | undefined>;
  putPartial?(url: string, bytes: Uint8Array, etag?: string): Promise<void>;
  deletePartial?(url: string): Promise<void>;
}

export interface HubOptions {
  /** Server root, default https://huggingface.co (no trailing slash needed). */
  baseUrl?: string;
  /** Branch, tag or commit; default 'main'. */
  revision?: string;
  /** Default: Cache Storage when the environment has it, else no cache. `null`: never cache. */
  cache?: HubCache | null;
  onProgress?: (p: HubProgress) => void;
  signal?: AbortSignal;
  /** Weights to fetch: 'safetensors' (default, the tfjs encoder) or 'onnx' (onnx/model.onnx, transformers.js). */
  weights?: HubWeights;
  /** Access token for gated/private models (sent as a Bearer token). */
  token?: string;
  /** Retries after a transfer broke off (each resumes with a Range request); default 3. */
  retries?: number;
  /** Restarts and other things worth telling the user (also in the progress as `note`). */
  onNote?: (message: string) => void;
  /** Injected fetch (tests); default globalThis.fetch. */
  fetch?: typeof fetch;
}

export class HubError extends Error {
  override readonly name = 'HubError';
  constructor(
    readonly modelId: string,
    readonly file: string,
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

const enc = new TextEncoder();
const dec = new TextDecoder();

export function fileUrl(id: string, file: string, o: Pick<HubOptions, 'baseUrl' | 'revision'> = {}): string {
  const base = (o.baseUrl ?? HUB_BASE).replace(/\/+$/, '');
  const path = file.split('/').map(encodeURIComponent).join('/');
  return `${base}/${id}/resolve/${encodeURIComponent(o.revision ?? 'main')}/${path}`;
}

function checkId(id: string): void {
  if (!/^[\w.-]+(\/[\w.-]+)?$/.test(id) || id.includes('..'))
    throw new HubError(
      id,
      '',
      undefined,
      `"${id}" is not a model id (expected "name" or "owner/name", e.g. "intfloat/multilingual-e5-small")`,
    );
}

function statusError(id: string, file: string, url: string, status: number): HubError {
  const why =
    status === 404
      ? 'not found — check the model id and that the repository has this file'
      : status === 401 || status === 403
        ? 'access denied — the model is gated or private: accept its terms on the Hub and pass an access token'
        : `the server answered HTTP ${status}`;
  return new HubError(id, file, status, `model "${id}": ${file} ${why} (${url}, HTTP ${status})`);
}

function defaultCache(): HubCache | null {
  return typeof caches !== 'undefined' ? cacheStorageHubCache() : null;
}

interface Ctx {
  id: string;
  o: HubOptions;
  f: typeof fetch;
  headers: Record<string, string>;
}

function ctxOf(id: string, o: HubOptions): Ctx {
  checkId(id);
  const f = o.fetch ?? globalThis.fetch.bind(globalThis);
  return { id, o, f, headers: o.token ? { Authorization: `Bearer ${o.token}` } : {} };
}

async function call(c: Ctx, file: string, init: RequestInit): Promise<Response> {
  const url = fileUrl(c.id, file, c.o);
  try {
    // no-store: our own cache keeps the files; the browser's HTTP cache would only hold a second copy and
    // complete truncated entries with range requests of its own.
    return await c.f(url, {
      cache: 'no-store',
      ...init,
      headers: { ...c.headers, ...(init.headers as Record<string, string> | undefined) },
      signal: c.o.signal,
    });
  } catch (e) {
    if (c.o.signal?.aborted) throw e;
    throw new HubError(
      c.id,
      file,
      undefined,
      `model "${c.id}": ${file} could not be requested from ${url}: ${(e as Error).message}`,
    );
  }
}

/**
 * HEAD one file: its size and ETag, or undefined on 404. Any other failure (a redirect to a host that refuses
 * it, a network or CORS error, a 405) gives "unknown" — size undefined, presence left to the GET.
 */
async function head(c: Ctx, file: string): Promise<HubFileInfo | undefined> {
  let r: Response;
  try {
    r = await call(c, file, { method: 'HEAD' });
  } catch (e) {
    if (c.o.signal?.aborted) throw e;
    return { file, optional: true };
  }
  if (r.status === 404) return undefined;
  // 401/403 from the Hub itself means gated/private; from a host it redirected to, only that HEAD failed.
  if ((r.status === 401 || r.status === 403) && !r.redirected) throw statusError(c.id, file, fileUrl(c.id, file, c.o), r.status);
  if (!r.ok) return { file, optional: true };
  const size = Number(r.headers.get('x-linked-size') ?? r.headers.get('content-length') ?? NaN);
  const etag = r.headers.get('x-linked-etag') ?? r.headers.get('etag') ?? undefined;
  return { file, size: Number.isFinite(size) ? size : undefined, etag };
}

interface TreeEntry {
  type?: string;
  path?: string;
  size?: number;
  lfs?: { size?: number };
}

/**
 * The repository's files and sizes from the listing API (one GET, pages followed through `Link: rel="next"`),
 * or undefined when the server has no such API or refuses it (then HEAD requests take over).
 */
async function treeListing(c: Ctx): Promise<Map<string, number> | undefined> {
  const base = (c.o.baseUrl ?? HUB_BASE).replace(/\/+$/, '');
  let url: string | undefined = `${base}/api/models/${c.id}/tree/${encodeURIComponent(c.o.revision ?? 'main')}?recursive=true`;
  const out = new Map<string, number>();
  for (let page = 0; url && page < 50; page++) {
    let r: Response;
    try {
      r = await c.f(url, { headers: c.headers, signal: c.o.signal });
    } catch (e) {
      if (c.o.signal?.aborted) throw e;
      return undefined;
    }
    if (!r.ok) return undefined;
    let entries: TreeEntry[];
    try {
      entries = (await r.json()) as TreeEntry[];
    } catch {
      return undefined;
    }
    if (!Array.isArray(entries)) return undefined;
    for (const e of entries) if (e.type === 'file' && typeof e.path === 'string') out.set(e.path, e.lfs?.size ?? e.size ?? NaN);
    url = /<([^>]+)>;\s*rel="next"/.exec(r.headers.get('link') ?? '')?.[1];
  }
  return out;
}

async function getJson(c: Ctx, file: string): Promise<{ bytes: Uint8Array; json: Record<string, unknown> }> {
  const r = await call(c, file, {});
  if (!r.ok) throw statusError(c.id, file, fileUrl(c.id, file, c.o), r.status);
  const bytes = new Uint8Array(await r.arrayBuffer());
  try {
    return { bytes, json: JSON.parse(dec.decode(bytes)) as Record<string, unknown> };
  } catch (e) {
    throw new HubError(c.id, file, r.status, `model "${c.id}": ${file} is not valid JSON (${(e as Error).message})`);
  }
}

async function cachedManifest(c: Ctx, cache: HubCache | null): Promise<HubFileInfo[] | undefined> {
  const m = cache ? await cache.get(fileUrl(c.id, manifestFile(c.o.weights), c.o)) : undefined;
  if (!m) return undefined;
  try {
    return (JSON.parse(dec.decode(m)) as { files: HubFileInfo[] }).files;
  } catch {
    return undefined;
  }
}

/**
 * The model's files and their sizes (HEAD requests; the weights index is fetched when the weights are
 * sharded). Answered from the cache's manifest when the model was downloaded before.
 */
export async function listModelFiles(id: string, o: HubOptions = {}): Promise<HubFileInfo[]> {
  const c = ctxOf(id, o);
  const cache = o.cache === undefined ? defaultCache() : o.cache;
  const known = await cachedManifest(c, cache);
  if (known) return known;
  const tree = await treeListing(c);
  const probe = async (file: string): Promise<HubFileInfo | undefined> => {
    if (!tree) return head(c, file);
    const size = tree.get(file);
    return size === undefined ? undefined : { file, size: Number.isFinite(size) ? size : undefined };
  };
  const config = await probe('config.json');
  if (!config) throw statusError(id, 'config.json', fileUrl(id, 'config.json', o), 404);
  const files: HubFileInfo[] = [{ ...config, optional: false }];
  for (const f of [...TOKENIZER_FILES, ...ST_FILES]) {
    const h = await probe(f);
    if (h) files.push(h);
  }
  if (!files.some((f) => f.file === 'tokenizer.json' || f.file === 'vocab.txt')) {
    throw new HubError(
      id,
      'tokenizer.json',
      404,
      `model "${id}": has neither tokenizer.json nor vocab.txt (${fileUrl(id, 'tokenizer.json', o)}, HTTP 404)`,
    );
  }
  if (o.weights === 'onnx') {
    const onnx = await probe(ONNX_FILE);
    if (!onnx)
      throw new HubError(
        id,
        ONNX_FILE,
        404,
        `model "${id}": ${ONNX_FILE} not found (${fileUrl(id, ONNX_FILE, o)}, HTTP 404) — the ONNX runtime needs an ONNX export (e.g. optimum-cli export onnx); choose the tfjs runtime for safetensors weights`,
      );
    files.push({ ...onnx, optional: false });
    return files;
  }
  const single = await probe('model.safetensors');
  if (single) files.push({ ...single, optional: false });
  else {
    const idx = await probe(INDEX);
    if (!idx)
      throw new HubError(
        id,
        'model.safetensors',
        404,
        `model "${id}": model.safetensors not found, nor ${INDEX} (${fileUrl(id, 'model.safetensors', o)}, HTTP 404); PyTorch .bin weights are not supported`,
      );
    files.push(idx);
    const { json } = await getJson(c, INDEX);
    const map = json.weight_map as Record<string, string> | undefined;
    if (!map || typeof map !== 'object') throw new HubError(id, INDEX, 200, `model "${id}": ${INDEX} has no weight_map`);
    for (const shard of [...new Set(Object.values(map))].sort()) {
      if (!/^[\w.-]+\.safetensors$/.test(shard))
        throw new HubError(id, INDEX, 200, `model "${id}": ${INDEX} names an unexpected shard "${shard}"`);
      const h = await probe(shard);
      if (!h) throw statusError(id, shard, fileUrl(id, shard, o), 404);
      files.push({ ...h, optional: false });
    }
  }
  return files;
}

/** Total size in bytes (undefined when a server did not give a size) and the file list, before downloading. */
export async function modelSize(id: string, o: HubOptions = {}): Promise<{ files: HubFileInfo[]; bytes?: number }> {
  const files = await listModelFiles(id, o);
  const bytes = files.every((f) => f.size !== undefined) ? files.reduce((s, f) => s + f.size!, 0) : undefined;
  return { files, bytes };
}

/** Cancels an answer we will not read (frees the connection). */
function discard(r: Response): void {
  r.body?.cancel().catch(() => undefined);
}

const hostOf = (r: Response, fallback: string): string => {
  try {
    return new URL(r.url || fallback).host;
  } catch {
    return fallback;
  }
};

/**
 * One file, resuming a partial transfer where the final host allows it. `report(n)` gets the file's bytes so
 * far (a restart goes back to 0). Undefined: an optional file (presence unknown) that is not there.
 */
async function fetchFile(
  c: Ctx,
  info: HubFileInfo,
  cache: HubCache | null,
  report: (n: number, total?: number, note?: string) => void,
): Promise<Uint8Array | undefined> {
  const url = fileUrl(c.id, info.file, c.o);
  const partial = cache?.getPartial ? await cache.getPartial(url) : undefined;
  const sink = new ByteSink(partial?.bytes);
  let etag = partial?.etag;
  // Unknown until a host answers: a partial from an earlier call tries Range once.
  let ranges: boolean | undefined;
  let host = new URL(url).host;
  const restart = (why: string) => {
    const note = `${info.file}: ${why}; restarting from the beginning (${sink.n} bytes discarded)`;
    c.o.onNote?.(note);
    sink.clear();
    report(0, info.size, note);
  };
  const retries = c.o.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    if (sink.n > 0 && ranges === false) restart(`${host} does not offer resuming (no Accept-Ranges we can read)`);
    const n = sink.n;
    const resume = n > 0;
    let r: Response;
    try {
      // Range alone: a simple range is CORS-safelisted, If-Range is not (its preflight fails on the Hub's storage).
      r = await call(c, info.file, resume ? { headers: { Range: `bytes=${n}-` } } : {});
    } catch (e) {
      if (c.o.signal?.aborted || !resume) throw e;
      ranges = false;
      restart(`the resume request was refused (${(e as Error).message.replace(/^.*: /, '')})`);
      attempt--;
      continue;
    }
    host = hostOf(r, host);
    let total = info.size;
    if (resume && r.status === 206) {
      const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(r.headers.get('content-range') ?? '');
      const tag = r.headers.get('etag');
      if (!m || Number(m[1]) !== n) {
        discard(r);
        throw new HubError(
          c.id,
          info.file,
          206,
          `model "${c.id}": ${info.file}: the server resumed at the wrong offset (${r.headers.get('content-range')}, expected ${n}) (${url})`,
        );
      }
      if (etag && tag && tag !== etag) {
        discard(r);
        restart(`the file changed on ${host} (ETag ${etag} → ${tag})`);
        attempt--;
        continue;
      }
      if (m[3] !== '*') total = Number(m[3]);
    } else if (resume && r.status === 416 && info.size === n) {
      discard(r);
      break; // the partial file was already complete
    } else if (r.ok) {
      if (resume) c.o.onNote?.(`${info.file}: ${host} ignored the range; downloading it whole`);
      sink.clear(); // 200: a whole file (range ignored, or a plain first attempt)
      const len = Number(r.headers.get('content-length') ?? NaN);
      if (Number.isFinite(len)) total = len;
    } else if (r.status === 404 && info.optional) {
      discard(r);
      return undefined;
    } else {
      discard(r);
      throw statusError(c.id, info.file, url, r.status);
    }
    ranges = r.status === 206 || /\bbytes\b/.test(r.headers.get('accept-ranges') ?? '');
    etag = r.headers.get('etag') ?? etag;
    sink.expect(total);
    report(sink.n, total);
    try {
      if (!r.body) sink.push(new Uint8Array(await r.arrayBuffer()));
      else {
        const reader = r.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          sink.push(value);
          report(sink.n, total);
        }
      }
      if (total !== undefined && sink.n !== total) throw new Error(`got ${sink.n} of ${total} bytes`);
      break;
    } catch (e) {
      if (c.o.signal?.aborted) throw e;
      if (cache?.putPartial && ranges) await cache.putPartial(url, sink.bytes(), etag);
      if (attempt >= retries) {
        const how = ranges ? 'run it again to resume' : `${host} does not offer resuming, so a new attempt starts over`;
        throw new HubError(
          c.id,
          info.file,
          undefined,
          `model "${c.id}": the download of ${info.file} broke off after ${sink.n} bytes (${(e as Error).message}); ${how} (${url})`,
        );
      }
    }
  }
  const bytes = sink.bytes();
  if (info.size !== undefined && bytes.byteLength !== info.size)
    throw new HubError(
      c.id,
      info.file,
      undefined,
      `model "${c.id}": ${info.file} has ${bytes.byteLength} bytes, the server announced ${info.size} (${url})`,
    );
  return bytes;
}

/**
 * Downloads (or reads from the cache) a model folder: `Record<file, bytes>` ready for createEncoder.
 * Progress covers every byte, cached files included (phase 'cached').
 */
export async function downloadModel(id: string, o: HubOptions = {}): Promise<ModelFiles> {
  const c = ctxOf(id, o);
  const cache = o.cache === undefined ? defaultCache() : o.cache;
  o.onProgress?.({ phase: 'size', fileLoaded: 0, loaded: 0 });
  const files = await listModelFiles(id, { ...o, cache });
  const total = files.every((f) => f.size !== undefined) ? files.reduce((s, f) => s + f.size!, 0) : undefined;
  const out: ModelFiles = {};
  const got: HubFileInfo[] = [];
  let done = 0;
  let uncached = false;
  for (const info of files) {
    const url = fileUrl(id, info.file, o);
    const hit = cache ? await cache.get(url) : undefined;
    if (hit && (info.size === undefined || hit.byteLength === info.size)) {
      out[info.file] = hit;
      got.push({ file: info.file, size: hit.byteLength, etag: info.etag });
      done += hit.byteLength;
      o.onProgress?.({
        phase: 'cached',
        file: info.file,
        fileLoaded: hit.byteLength,
        fileTotal: hit.byteLength,
        loaded: done,
        total,
      });
      continue;
    }
    const bytes = await fetchFile(c, info, cache, (n, t, note) =>
      o.onProgress?.({ phase: 'download', file: info.file, fileLoaded: n, fileTotal: t, loaded: done + n, total, note }),
    );
    if (!bytes) continue;
    done += bytes.byteLength;
    out[info.file] = bytes;
    got.push({ file: info.file, size: bytes.byteLength, etag: info.etag });
    if (cache) {
      try {
        await cache.put(url, bytes);
        await cache.deletePartial?.(url);
      } catch (e) {
        // The cache only saves a later download: a full or failing one must not cost the model now.
        if (o.signal?.aborted) throw e;
        uncached = true;
        o.onNote?.(`${info.file} could not be cached (${(e as Error).message}); it will be downloaded again next time`);
      }
    }
  }
  // The manifest last: its presence means every file above is in the cache (sizes as received).
  if (cache && !uncached)
    await cache.put(
      fileUrl(id, manifestFile(o.weights), o),
      enc.encode(JSON.stringify({ id, revision: o.revision ?? 'main', weights: o.weights ?? 'safetensors', files: got })),
    );
  o.onProgress?.({ phase: 'done', fileLoaded: 0, loaded: done, total: total ?? done });
  return out;
}

/** A HubCache in memory (Node, tests; also what a host can persist elsewhere). */
export function memoryHubCache(): HubCache & {
  entries: Map<string, Uint8Array>;
  partials: Map<string, { bytes: Uint8Array; etag?: string }>;
} {
  const entries = new Map<string, Uint8Array>();
  const partials = new Map<string, { bytes: Uint8Array; etag?: string }>();
  return {
    entries,
    partials,
    get: async (u) => entries.get(u),
    put: async (u, b) => {
      entries.set(u, b);
    },
    getPartial: async (u) => partials.get(u),
    putPartial: async (u, bytes, etag) => {
      partials.set(u, { bytes, etag });
    },
    deletePartial: async (u) => {
      partials.delete(u);
    },
  };
}

/**
 * Cache Storage (browsers, workers): finished files under their URL, partial ones under `<url>?hbw-partial`
 * (a query, not a fragment: Cache Storage ignores fragments when matching).
 */
const CACHE_CHUNK = 4 << 20;

export function cacheStorageHubCache(name = 'hbw-hub'): HubCache {
  const open = () => caches.open(name);
  const read = async (key: string) => {
    const r = await (await open()).match(key);
    return r ? { bytes: new Uint8Array(await r.arrayBuffer()), etag: r.headers.get('x-hbw-etag') ?? undefined } : undefined;
  };
  const write = async (key: string, bytes: Uint8Array, etag?: string) => {
    const headers: Record<string, string> = {
      'content-type': 'application/octet-stream',
      'content-length': String(bytes.byteLength),
    };
    if (etag) headers['x-hbw-etag'] = etag;
    // Streamed in 4 MiB pieces: a Response made of a 471 MB array was a second full copy, and Chromium's Cache.put
    // failed on it ("Unexpected internal error", measured with the real-size model).
    let off = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(ctl) {
        if (off >= bytes.byteLength) return ctl.close();
        const end = Math.min(off + CACHE_CHUNK, bytes.byteLength);
        ctl.enqueue(bytes.slice(off, end));
        off = end;
      },
    });
    await (await open()).put(key, new Response(body, { headers }));
  };
  return {
    get: async (u) => (await read(u))?.bytes,
    put: (u, b) => write(u, b),
    getPartial: (u) => read(`${u}?hbw-partial`),
    putPartial: (u, b, etag) => write(`${u}?hbw-partial`, b, etag),
    deletePartial: async (u) => {
      await (await open()).delete(`${u}?hbw-partial`);
    },
  };
}
