/**
 * A fetch-based file download for Node and the worker: progress, cancel (AbortSignal), resume where the server
 * allows it, sha256 of what arrived (WebCrypto).
 *
 * How it behaves against the real Hub: `resolve` URLs redirect to a storage host whose CORS preflight fails for
 * requests with a `Range` header (or any custom header). So the first attempt is always a plain GET with no
 * custom headers. A resume (bytes already in `state`) sends `Range: bytes=N-` + `If-Range: <ETag>`; when that
 * request fails (a browser reports the refused preflight as a TypeError), or the server answers 200 (no range
 * support, or the file changed), or 416, the download restarts from byte 0 with a plain GET and says so in
 * `notes`. Without a validator (ETag / Last-Modified not exposed) a resume is tried only when a sha256 is
 * expected: the checksum then catches a file that changed between the two parts.
 */
import { DataImportError } from './errors';

/** What has arrived so far; the caller keeps it across a cancel and passes it back to resume. */
export interface DownloadState {
  url: string;
  chunks: Uint8Array[];
  bytes: number;
  etag?: string;
  lastModified?: string;
}

export interface DownloadRequest {
  url: string;
  /** The file as the user knows it, for messages. */
  name: string;
  size?: number;
  sha256?: string;
  signal?: AbortSignal;
  onProgress?: (bytes: number, total: number | undefined) => void;
  fetchImpl?: typeof fetch;
}

export interface DownloadResult {
  bytes: Uint8Array;
  sha256: string;
  /** True when the result was completed from a resumed part. */
  resumed: boolean;
  notes: string[];
}

export function newDownloadState(url: string): DownloadState {
  return { url, chunks: [], bytes: 0 };
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function reset(state: DownloadState): void {
  state.chunks = [];
  state.bytes = 0;
  state.etag = undefined;
  state.lastModified = undefined;
}

const isAbort = (e: unknown, signal?: AbortSignal) => signal?.aborted === true || (e as Error)?.name === 'AbortError';

/** Download `req.url` into `state` (appending when it already holds bytes). Throws AbortError on cancel. */
export async function download(req: DownloadRequest, state: DownloadState): Promise<DownloadResult> {
  const doFetch = req.fetchImpl ?? fetch;
  const notes: string[] = [];
  if (state.url !== req.url) {
    reset(state);
    state.url = req.url;
  }
  let res: Response | undefined;
  let resumed = false;
  if (state.bytes > 0) {
    const validator = state.etag ?? state.lastModified;
    if (!validator && !req.sha256) {
      notes.push(`${req.name}: the server gave no ETag or Last-Modified to resume against; restarted from the beginning`);
      reset(state);
    } else {
      const headers: Record<string, string> = { Range: `bytes=${state.bytes}-` };
      if (validator) headers['If-Range'] = validator;
      try {
        const r = await doFetch(req.url, { headers, signal: req.signal });
        const start = /^bytes (\d+)-/.exec(r.headers.get('content-range') ?? '')?.[1];
        if (r.status === 206 && Number(start) === state.bytes) {
          res = r;
          resumed = true;
        } else {
          await r.body?.cancel();
          notes.push(
            `${req.name}: the server did not resume at byte ${state.bytes} (HTTP ${r.status}${r.status === 200 ? ': no range support, or the file changed' : ''}); restarted from the beginning`,
          );
          reset(state);
        }
      } catch (e) {
        if (isAbort(e, req.signal)) throw e;
        notes.push(
          `${req.name}: resuming was refused (${(e as Error).message}; the Hub's storage host rejects the CORS preflight of a Range request); restarted from the beginning`,
        );
        reset(state);
      }
    }
  }
  if (!res) {
    try {
      res = await doFetch(req.url, { signal: req.signal });
    } catch (e) {
      if (isAbort(e, req.signal)) throw e;
      throw new DataImportError(
        req.name,
        undefined,
        undefined,
        `download failed from ${req.url} (${(e as Error).message})`,
        'check the network connection (or the --base-url) and try again',
      );
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new DataImportError(
        req.name,
        undefined,
        undefined,
        `download failed from ${req.url}: HTTP ${res.status} ${res.statusText}`,
        res.status === 404
          ? 'the file has moved: update src/core/data/sources.ts or pass --base-url of a mirror'
          : 'try again later',
      );
    }
    state.etag = res.headers.get('etag') ?? undefined;
    state.lastModified = res.headers.get('last-modified') ?? undefined;
  }
  const length = Number(res.headers.get('content-length') ?? NaN);
  const total = req.size ?? (Number.isFinite(length) ? state.bytes + length : undefined);
  req.onProgress?.(state.bytes, total);
  if (!res.body) throw new DataImportError(req.name, undefined, undefined, 'the response has no body', 'try again');
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      state.chunks.push(value);
      state.bytes += value.length;
      req.onProgress?.(state.bytes, total);
    }
  } catch (e) {
    if (isAbort(e, req.signal)) throw e;
    // A cut connection keeps what arrived: the next call resumes from there.
    throw new DataImportError(
      req.name,
      `byte ${state.bytes}`,
      undefined,
      `the connection broke (${(e as Error).message})`,
      'try again: the download resumes where it stopped when the server allows it',
    );
  }
  const bytes = concat(state.chunks, state.bytes);
  if (req.size !== undefined && bytes.length !== req.size) {
    reset(state);
    throw new DataImportError(
      req.name,
      undefined,
      'size',
      `received ${bytes.length} bytes, expected ${req.size}`,
      'download it again (the part was discarded)',
    );
  }
  const sha256 = await sha256Hex(bytes);
  if (req.sha256 && sha256 !== req.sha256.toLowerCase()) {
    reset(state);
    throw new DataImportError(
      req.name,
      undefined,
      'sha256',
      `checksum mismatch: got ${sha256}, expected ${req.sha256}`,
      'download it again (the part was discarded); if it persists the source changed: check src/core/data/sources.ts',
    );
  }
  return { bytes, sha256, resumed, notes };
}

function concat(chunks: Uint8Array[], n: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
