/**
 * A local stand-in for GitHub raw and the Hugging Face Hub as they serve datasets (node:http, 127.0.0.1, two
 * origins):
 * - origin `url` (the "front"): GitHub raw paths `/<owner>/<repo>/<commit>/<path>` served directly (CORS, Range,
 *   ETag); the Hub's listing API `/api/datasets/<repo>/tree/<rev>/<dir>` (JSON with size and `lfs.oid` = sha256);
 *   and the Hub's `/datasets/<repo>/resolve/<rev>/<path>`, which answers 302 to the second origin, like the real
 *   Hub redirecting to its storage host (HEAD is redirected too).
 * - origin `storageUrl`: the bytes, with Range/ETag and CORS for plain requests, but a CORS preflight that asks
 *   for the `range` (or any custom) header is rejected (403, no CORS headers) — the behaviour that breaks
 *   browser downloads which start or resume with `Range`.
 * Fault injection: `holdAfter` stops the next GET of a file after N bytes until `release()` (or the client
 * aborts), `breakOnce` cuts it after N bytes.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedRequest {
  origin: 'front' | 'storage';
  method: string;
  path: string;
  range?: string;
  status: number;
}
export interface HubDataFile {
  repo: string;
  revision: string;
  path: string;
  bytes: Uint8Array;
}

export interface DataServer {
  url: string;
  storageUrl: string;
  requests: ServedRequest[];
  /** Serve the first `afterBytes` bytes of the next GET whose path ends with `file`, then wait for release(). */
  holdAfter(file: string, afterBytes: number): void;
  release(): void;
  breakOnce(file: string, afterBytes: number): void;
  close(): Promise<void>;
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export async function startDataServer(opts: { github?: Record<string, Uint8Array>; hub?: HubDataFile[] }): Promise<DataServer> {
  const requests: ServedRequest[] = [];
  const github = new Map(Object.entries(opts.github ?? {}));
  const blobs = new Map<string, Uint8Array>();
  for (const f of opts.hub ?? []) blobs.set(sha(f.bytes), f.bytes);
  const holds = new Map<string, number>();
  const breaks = new Map<string, number>();
  let waiting: Array<() => void> = [];
  const servers: Server[] = [];

  const corsBase = (res: ServerResponse) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Range, ETag, Accept-Ranges, Last-Modified');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  };

  /** Serve bytes with single-range support (If-Range against the strong ETag) and the fault injections. */
  const serveBytes = (req: IncomingMessage, res: ServerResponse, body: Uint8Array, key: string, log: (s: number) => void) => {
    const etag = `"${sha(body).slice(0, 32)}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Content-Type', 'application/octet-stream');
    let start = 0,
      status = 200;
    const range = req.headers.range,
      ifRange = req.headers['if-range'];
    if (range && (!ifRange || ifRange === etag)) {
      const r = /^bytes=(\d+)-$/.exec(range);
      if (!r || Number(r[1]) >= body.length) {
        log(416);
        res.writeHead(416, { 'Content-Range': `bytes */${body.length}` });
        res.end();
        return;
      }
      start = Number(r[1]);
      status = 206;
      res.setHeader('Content-Range', `bytes ${start}-${body.length - 1}/${body.length}`);
    }
    const part = body.subarray(start);
    res.setHeader('Content-Length', String(part.length));
    log(status);
    res.writeHead(status);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const hold = [...holds.keys()].find((k) => key.endsWith(k));
    if (hold !== undefined) {
      const n = holds.get(hold)!;
      holds.delete(hold);
      res.write(part.subarray(0, n));
      waiting.push(() => res.end(part.subarray(n)));
      return;
    }
    const cut = [...breaks.keys()].find((k) => key.endsWith(k));
    if (cut !== undefined) {
      const n = breaks.get(cut)!;
      breaks.delete(cut);
      res.write(part.subarray(0, n), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    res.end(part);
  };

  const front = (req: IncomingMessage, res: ServerResponse) => {
    corsBase(res);
    const u = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(u.pathname);
    const log = (status: number) =>
      requests.push({ origin: 'front', method: req.method ?? '', path, range: req.headers.range, status });
    if (req.method === 'OPTIONS') {
      // GitHub raw and huggingface.co itself accept the preflight; the storage host below does not.
      res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? '');
      res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD');
      log(204);
      res.writeHead(204);
      res.end();
      return;
    }
    const listing = /^\/api\/datasets\/(.+?\/.+?)\/tree\/([^/]+)\/(.+)$/.exec(path);
    if (listing) {
      const [, repo, rev, dir] = listing;
      const entries = (opts.hub ?? [])
        .filter((f) => f.repo === repo && f.revision === rev && f.path.startsWith(dir + '/'))
        .map((f) => ({
          type: 'file',
          oid: sha(f.bytes).slice(0, 40),
          size: f.bytes.length,
          path: f.path,
          lfs: { oid: sha(f.bytes), size: f.bytes.length, pointerSize: 134 },
        }));
      if (entries.length === 0) {
        log(404);
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end('{"error":"Revision not found"}');
        return;
      }
      log(200);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(entries));
      return;
    }
    const resolve = /^\/datasets\/(.+?\/.+?)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    if (resolve) {
      const [, repo, rev, p] = resolve;
      const f = (opts.hub ?? []).find((x) => x.repo === repo && x.revision === rev && x.path === p);
      if (!f) {
        log(404);
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('Entry not found');
        return;
      }
      log(302);
      res.writeHead(302, {
        Location: `${storageUrl}/blob/${sha(f.bytes)}?name=${encodeURIComponent(p.split('/').pop()!)}&expires=3600`,
      });
      res.end();
      return;
    }
    const body = github.get(path);
    if (!body) {
      log(404);
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('404: Not Found');
      return;
    }
    serveBytes(req, res, body, path, log);
  };

  const storage = (req: IncomingMessage, res: ServerResponse) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const log = (status: number) =>
      requests.push({
        origin: 'storage',
        method: req.method ?? '',
        path: u.pathname + u.search,
        range: req.headers.range,
        status,
      });
    if (req.method === 'OPTIONS') {
      // The storage host's preflight: any requested header (Range, If-Range, Authorization…) is refused.
      if (req.headers['access-control-request-headers']) {
        log(403);
        res.writeHead(403, { 'Content-Type': 'text/plain' });
        res.end('CORS preflight rejected');
        return;
      }
      corsBase(res);
      log(204);
      res.writeHead(204);
      res.end();
      return;
    }
    corsBase(res);
    const body = blobs.get(/^\/blob\/([0-9a-f]{64})$/.exec(u.pathname)?.[1] ?? '');
    if (!body) {
      log(404);
      res.writeHead(404);
      res.end();
      return;
    }
    serveBytes(req, res, body, u.searchParams.get('name') ?? '', log);
  };

  const listen = async (h: (req: IncomingMessage, res: ServerResponse) => void) => {
    const s = createServer(h);
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  };
  const url = await listen(front);
  const storageUrl = await listen(storage);
  return {
    url,
    storageUrl,
    requests,
    holdAfter: (file, n) => {
      holds.set(file, n);
    },
    release: () => {
      const w = waiting;
      waiting = [];
      for (const f of w) f();
    },
    breakOnce: (file, n) => {
      breaks.set(file, n);
    },
    close: async () => {
      for (const f of waiting) {
        try {
          f();
        } catch {
          /* connection already gone */
        }
      }
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((r) => {
              s.closeAllConnections();
              s.close(() => r());
            }),
        ),
      );
    },
  };
}

/** The GitHub-raw files of the registry's XQuAD-R, read from ../shared/data/xquad-r (the unmodified originals). */
export async function xquadRFiles(sharedDir: string): Promise<Record<string, Uint8Array>> {
  const { readFileSync } = await import('node:fs');
  const { findSource } = await import('../../src/core/data/sources');
  const out: Record<string, Uint8Array> = {};
  for (const f of findSource('xquad-r').files) {
    if (f.kind === 'pinned') out[f.path] = new Uint8Array(readFileSync(`${sharedDir}/${f.name}`));
  }
  return out;
}
