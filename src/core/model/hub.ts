/**
 * Model folders from the Hugging Face Hub (or any server with its URL layout), fetch-based and framework-free:
 * `<base>/<id>/resolve/<revision>/<file>`, base default https://huggingface.co.
 *
 * - Which files: config.json (required), the tokenizer files (tokenizer.json, tokenizer_config.json, vocab.txt,
 *   special_tokens_map.json), sentence-transformers settings (modules.json, 1_Pooling/config.json, …) when
 *   present, and the weights: model.safetensors, else model.safetensors.index.json and its shards. Found by HEAD
 *   requests (a 404 means "not there"), which also give each file's size before anything is downloaded
 *   (`X-Linked-Size` of the Hub's LFS redirects, else Content-Length). With `weights: 'onnx'` (the frozen
 *   transformers.js runtime) the weights are `onnx/model.onnx` instead of the safetensors.
 * - Progress: bytes loaded / total over the whole model and per file, from Content-Length.
 * - Resumable: a transfer that breaks off keeps its bytes; the next attempt (an automatic retry, or a later
 *   call when the cache stores partial files) asks for the rest with `Range: bytes=<n>-` (+ `If-Range: <etag>`)
 *   and appends a 206 answer; a 200 answer (server ignored the range, or the file changed) starts over.
 * - Cached: every finished file and a manifest of the model's files go into a HubCache — Cache Storage in
 *   browsers (`cacheStorageHubCache`), or any injected implementation (`memoryHubCache` for Node and tests);
 *   a model whose manifest and files are all cached loads without touching the network.
 * - Errors name the model id, the file and the URL (404: wrong id or missing file; 401/403: gated/private).
 *
 * A cached `main` is not revalidated (pass `revision` as a commit hash to pin exact weights).
 */
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
  /** Injected fetch (tests); default globalThis.fetch. */
  fetch?: typeof fetch;
}

export class HubError extends Error {
  override readonly name = 'HubError';
  constructor(readonly modelId: string, readonly file: string, readonly status: number | undefined, message: string) {
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
  if (!/^[\w.-]+(\/[\w.-]+)?$/.test(id) || id.includes('..')) throw new HubError(id, '', undefined, `"${id}" is not a model id (expected "name" or "owner/name", e.g. "intfloat/multilingual-e5-small")`);
}

function statusError(id: string, file: string, url: string, status: number): HubError {
  const why = status === 404 ? 'not found — check the model id and that the repository has this file'
    : status === 401 || status === 403 ? 'access denied — the model is gated or private: accept its terms on the Hub and pass an access token'
      : `the server answered HTTP ${status}`;
  return new HubError(id, file, status, `model "${id}": ${file} ${why} (${url}, HTTP ${status})`);
}

function defaultCache(): HubCache | null {
  return typeof caches !== 'undefined' ? cacheStorageHubCache() : null;
}

interface Ctx { id: string; o: HubOptions; f: typeof fetch; headers: Record<string, string> }

function ctxOf(id: string, o: HubOptions): Ctx {
  checkId(id);
  const f = o.fetch ?? globalThis.fetch.bind(globalThis);
  return { id, o, f, headers: o.token ? { Authorization: `Bearer ${o.token}` } : {} };
}

async function call(c: Ctx, file: string, init: RequestInit): Promise<Response> {
  const url = fileUrl(c.id, file, c.o);
  try {
    return await c.f(url, { ...init, headers: { ...c.headers, ...(init.headers as Record<string, string> | undefined) }, signal: c.o.signal });
  } catch (e) {
    if (c.o.signal?.aborted) throw e;
    throw new HubError(c.id, file, undefined, `model "${c.id}": ${file} could not be requested from ${url}: ${(e as Error).message}`);
  }
}

/** HEAD one file: its size and ETag, or undefined on 404. Other failures throw. */
async function head(c: Ctx, file: string): Promise<HubFileInfo | undefined> {
  const r = await call(c, file, { method: 'HEAD' });
  if (r.status === 404) return undefined;
  if (!r.ok) throw statusError(c.id, file, fileUrl(c.id, file, c.o), r.status);
  const size = Number(r.headers.get('x-linked-size') ?? r.headers.get('content-length') ?? NaN);
  const etag = r.headers.get('x-linked-etag') ?? r.headers.get('etag') ?? undefined;
  return { file, size: Number.isFinite(size) ? size : undefined, etag };
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
  try { return (JSON.parse(dec.decode(m)) as { files: HubFileInfo[] }).files; } catch { return undefined; }
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
  const config = await head(c, 'config.json');
  if (!config) throw statusError(id, 'config.json', fileUrl(id, 'config.json', o), 404);
  const files: HubFileInfo[] = [config];
  for (const f of [...TOKENIZER_FILES, ...ST_FILES]) {
    const h = await head(c, f);
    if (h) files.push(h);
  }
  if (!files.some((f) => f.file === 'tokenizer.json' || f.file === 'vocab.txt')) {
    throw new HubError(id, 'tokenizer.json', 404, `model "${id}": has neither tokenizer.json nor vocab.txt (${fileUrl(id, 'tokenizer.json', o)}, HTTP 404)`);
  }
  if (o.weights === 'onnx') {
    const onnx = await head(c, ONNX_FILE);
    if (!onnx) throw new HubError(id, ONNX_FILE, 404, `model "${id}": ${ONNX_FILE} not found (${fileUrl(id, ONNX_FILE, o)}, HTTP 404) — the ONNX runtime needs an ONNX export (e.g. optimum-cli export onnx); choose the tfjs runtime for safetensors weights`);
    files.push(onnx);
    return files;
  }
  const single = await head(c, 'model.safetensors');
  if (single) files.push(single);
  else {
    const idx = await head(c, INDEX);
    if (!idx) throw new HubError(id, 'model.safetensors', 404, `model "${id}": model.safetensors not found, nor ${INDEX} (${fileUrl(id, 'model.safetensors', o)}, HTTP 404); PyTorch .bin weights are not supported`);
    files.push(idx);
    const { json } = await getJson(c, INDEX);
    const map = json.weight_map as Record<string, string> | undefined;
    if (!map || typeof map !== 'object') throw new HubError(id, INDEX, 200, `model "${id}": ${INDEX} has no weight_map`);
    for (const shard of [...new Set(Object.values(map))].sort()) {
      if (!/^[\w.-]+\.safetensors$/.test(shard)) throw new HubError(id, INDEX, 200, `model "${id}": ${INDEX} names an unexpected shard "${shard}"`);
      const h = await head(c, shard);
      if (!h) throw statusError(id, shard, fileUrl(id, shard, o), 404);
      files.push(h);
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

function concat(parts: Uint8Array[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  let p = 0;
  for (const x of parts) { out.set(x, p); p += x.byteLength; }
  return out;
}

/**
 * One file, resuming a partial transfer. `report(n)` gets the file's bytes so far (a restart goes back to 0).
 */
async function fetchFile(c: Ctx, info: HubFileInfo, cache: HubCache | null, report: (n: number, total?: number) => void): Promise<Uint8Array> {
  const url = fileUrl(c.id, info.file, c.o);
  let partial = cache?.getPartial ? await cache.getPartial(url) : undefined;
  if (partial && info.etag && partial.etag && partial.etag !== info.etag) partial = undefined; // file changed
  let have: Uint8Array[] = partial ? [partial.bytes] : [];
  let n = partial?.bytes.byteLength ?? 0;
  let etag = partial?.etag ?? info.etag;
  const retries = c.o.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    const headers: Record<string, string> = {};
    if (n > 0) {
      headers.Range = `bytes=${n}-`;
      if (etag && !etag.startsWith('W/')) headers['If-Range'] = etag; // If-Range takes strong validators only
    }
    const r = await call(c, info.file, { headers });
    let total = info.size;
    if (n > 0 && r.status === 206) {
      const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(r.headers.get('content-range') ?? '');
      if (!m || Number(m[1]) !== n) throw new HubError(c.id, info.file, 206, `model "${c.id}": ${info.file}: the server resumed at the wrong offset (${r.headers.get('content-range')}, expected ${n}) (${url})`);
      if (m[3] !== '*') total = Number(m[3]);
    } else if (n > 0 && r.status === 416 && info.size === n) {
      break; // the partial file was already complete
    } else if (r.ok) {
      have = []; n = 0; // 200: a whole file (range ignored, or the file changed)
      const len = Number(r.headers.get('content-length') ?? NaN);
      if (Number.isFinite(len)) total = len;
    } else throw statusError(c.id, info.file, url, r.status);
    etag = r.headers.get('etag') ?? etag;
    report(n, total);
    try {
      if (!r.body) {
        const b = new Uint8Array(await r.arrayBuffer());
        have.push(b); n += b.byteLength;
      } else {
        const reader = r.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          have.push(value); n += value.byteLength;
          report(n, total);
        }
      }
      if (total !== undefined && n !== total) throw new Error(`got ${n} of ${total} bytes`);
      break;
    } catch (e) {
      if (c.o.signal?.aborted) throw e;
      const got = concat(have, n);
      have = [got];
      if (cache?.putPartial) await cache.putPartial(url, got, etag);
      if (attempt >= retries) {
        throw new HubError(c.id, info.file, undefined, `model "${c.id}": the download of ${info.file} broke off after ${n} bytes (${(e as Error).message}); run it again to resume (${url})`);
      }
    }
  }
  const bytes = concat(have, n);
  if (info.size !== undefined && bytes.byteLength !== info.size) throw new HubError(c.id, info.file, undefined, `model "${c.id}": ${info.file} has ${bytes.byteLength} bytes, the server announced ${info.size} (${url})`);
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
  let done = 0;
  for (const info of files) {
    const url = fileUrl(id, info.file, o);
    const hit = cache ? await cache.get(url) : undefined;
    if (hit && (info.size === undefined || hit.byteLength === info.size)) {
      out[info.file] = hit;
      done += hit.byteLength;
      o.onProgress?.({ phase: 'cached', file: info.file, fileLoaded: hit.byteLength, fileTotal: hit.byteLength, loaded: done, total });
      continue;
    }
    const bytes = await fetchFile(c, info, cache, (n, t) => o.onProgress?.({ phase: 'download', file: info.file, fileLoaded: n, fileTotal: t, loaded: done + n, total }));
    done += bytes.byteLength;
    out[info.file] = bytes;
    if (cache) {
      await cache.put(url, bytes);
      await cache.deletePartial?.(url);
    }
  }
  // The manifest last: its presence means every file above is in the cache.
  if (cache) await cache.put(fileUrl(id, manifestFile(o.weights), o), enc.encode(JSON.stringify({ id, revision: o.revision ?? 'main', weights: o.weights ?? 'safetensors', files })));
  o.onProgress?.({ phase: 'done', fileLoaded: 0, loaded: done, total: total ?? done });
  return out;
}

/** A HubCache in memory (Node, tests; also what a host can persist elsewhere). */
export function memoryHubCache(): HubCache & { entries: Map<string, Uint8Array>; partials: Map<string, { bytes: Uint8Array; etag?: string }> } {
  const entries = new Map<string, Uint8Array>();
  const partials = new Map<string, { bytes: Uint8Array; etag?: string }>();
  return {
    entries, partials,
    get: async (u) => entries.get(u),
    put: async (u, b) => { entries.set(u, b); },
    getPartial: async (u) => partials.get(u),
    putPartial: async (u, bytes, etag) => { partials.set(u, { bytes, etag }); },
    deletePartial: async (u) => { partials.delete(u); },
  };
}

/**
 * Cache Storage (browsers, workers): finished files under their URL, partial ones under `<url>?hbw-partial`
 * (a query, not a fragment: Cache Storage ignores fragments when matching).
 */
export function cacheStorageHubCache(name = 'hbw-hub'): HubCache {
  const open = () => caches.open(name);
  const read = async (key: string) => {
    const r = await (await open()).match(key);
    return r ? { bytes: new Uint8Array(await r.arrayBuffer()), etag: r.headers.get('x-hbw-etag') ?? undefined } : undefined;
  };
  const write = async (key: string, bytes: Uint8Array, etag?: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream', 'content-length': String(bytes.byteLength) };
    if (etag) headers['x-hbw-etag'] = etag;
    await (await open()).put(key, new Response(bytes.slice().buffer as ArrayBuffer, { headers }));
  };
  return {
    get: async (u) => (await read(u))?.bytes,
    put: (u, b) => write(u, b),
    getPartial: (u) => read(`${u}?hbw-partial`),
    putPartial: (u, b, etag) => write(`${u}?hbw-partial`, b, etag),
    deletePartial: async (u) => { await (await open()).delete(`${u}?hbw-partial`); },
  };
}
