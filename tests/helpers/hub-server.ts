/**
 * A local stand-in for the Hugging Face Hub (node:http on 127.0.0.1): serves model folders in the Hub URL
 * layout `/<id>/resolve/<revision>/<file>` with HEAD, single Range requests (206 + Content-Range, If-Range
 * against a strong ETag), the listing API `/api/models/<id>/tree/<revision>` and CORS (the browser e2e loads
 * from another origin of a cross-origin isolated page).
 *
 * `storage: true` imitates the Hub as it behaves: `resolve` URLs of LFS files (*.safetensors, *.onnx) answer
 * 302 to a second origin (another port), with X-Linked-Size / X-Linked-Etag, for GET and HEAD alike. That
 * storage host answers simple CORS requests but rejects every preflight (so a browser request with If-Range
 * or custom headers fails there) and exposes no extra response headers; `storageRanges` says whether it
 * serves ranges ('yes'), ignores them ('no': 200, no Accept-Ranges) or fails requests carrying one ('reject':
 * the connection is cut, which is what a refused preflight looks like to fetch); `storageHead: 'refuse'`
 * answers HEAD with 403. Fault injection: `breakOnce` cuts the connection after N bytes of the next GET of a
 * file (on whichever host serves it).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, relative } from 'node:path';

export interface HubRequest {
  method: string;
  file: string;
  id: string;
  range?: string;
  status: number;
  host: 'main' | 'storage';
  /** Request headers beyond the ones every fetch sends (range, if-range, authorization, x-*). */
  extraHeaders: string[];
}

export interface HubServerOptions {
  /** Redirect LFS files to a second "storage" origin (default false). */
  storage?: boolean;
  storageRanges?: 'yes' | 'no' | 'reject';
  storageHead?: 'ok' | 'refuse';
  /** Serve `/api/models/<id>/tree/<rev>` (default true). */
  listing?: boolean;
}

export interface HubServer {
  url: string;
  /** The storage origin (equal to url when storage is off). */
  storageUrl: string;
  requests: HubRequest[];
  /** Cut the next GET of `file` after `afterBytes` bytes (headers announce the full length). */
  breakOnce(file: string, afterBytes: number): void;
  close(): Promise<void>;
}

const LFS = /\.(safetensors|onnx)$/;
const EXTRA = /^(range|if-range|authorization|x-.*)$/;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) visit(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  visit(dir);
  return out.sort();
}

/** `models`: model id → folder on disk. Only regular files inside the folder are served. */
export async function startHubServer(models: Record<string, string>, o: HubServerOptions = {}): Promise<HubServer> {
  const requests: HubRequest[] = [];
  const breaks = new Map<string, number>();
  const etags = new Map<string, string>();
  const etagOf = (path: string, body: Buffer) => {
    let e = etags.get(path);
    if (!e) {
      e = `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
      etags.set(path, e);
    }
    return e;
  };
  const fileOf = (id: string | undefined, file: string | undefined): string => {
    const dir = id ? models[id] : undefined;
    const rel = file ? normalize(file) : '';
    const path = dir && rel && !rel.startsWith('..') ? join(dir, rel) : '';
    return path && existsSync(path) && statSync(path).isFile() ? path : '';
  };
  const logger = (req: IncomingMessage, host: HubRequest['host'], id: string, file: string) => (status: number) =>
    requests.push({
      method: req.method ?? '',
      file,
      id,
      range: req.headers.range,
      status,
      host,
      extraHeaders: Object.keys(req.headers).filter((h) => EXTRA.test(h)),
    });

  /** The file's bytes with Range/If-Range handling (ranges: 'yes' | 'no'). */
  const serve = (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    file: string,
    log: (s: number) => void,
    ranges: 'yes' | 'no',
  ) => {
    const body = readFileSync(path);
    const etag = etagOf(path, body);
    res.setHeader('ETag', etag);
    if (ranges === 'yes') res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Content-Type', 'application/octet-stream');
    let start = 0;
    let status = 200;
    const range = ranges === 'yes' ? req.headers.range : undefined;
    const ifRange = req.headers['if-range'];
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
    const cut = breaks.get(file);
    if (cut !== undefined) {
      breaks.delete(file);
      res.write(part.subarray(0, cut), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    res.end(part);
  };

  let storageUrl = '';
  const storageHandler = (req: IncomingMessage, res: ServerResponse) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const m = /^\/(.+?)\/([^/]+)\/files\/(.+)$/.exec(decodeURIComponent(u.pathname));
    const log = logger(req, 'storage', m?.[1] ?? '', m?.[3] ?? u.pathname);
    // Every preflight is refused (no CORS headers): requests with If-Range or custom headers fail in a browser.
    if (req.method === 'OPTIONS') {
      log(403);
      res.writeHead(403);
      res.end();
      return;
    }
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    const path = fileOf(m?.[1], m?.[3]);
    if (!path || u.searchParams.get('sig') !== 'ok') {
      log(403);
      res.writeHead(403);
      res.end('AccessDenied');
      return;
    }
    if (req.method === 'HEAD' && o.storageHead === 'refuse') {
      log(403);
      res.writeHead(403);
      res.end();
      return;
    }
    if (req.headers.range && o.storageRanges === 'reject') {
      log(0);
      res.socket?.destroy();
      return;
    }
    serve(req, res, path, m![3], log, o.storageRanges === 'no' ? 'no' : 'yes');
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Range, If-Range, Authorization');
    res.setHeader(
      'Access-Control-Expose-Headers',
      'Content-Length, Content-Range, ETag, Accept-Ranges, X-Linked-Size, X-Linked-Etag, Link',
    );
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    if (req.method === 'OPTIONS') {
      res.writeHead(204);
      res.end();
      return;
    }
    const u = new URL(req.url ?? '/', 'http://x');
    const api = /^\/api\/models\/(.+?)\/tree\/([^/]+)$/.exec(decodeURIComponent(u.pathname));
    if (api) {
      const log = logger(req, 'main', api[1], 'api/tree');
      const dir = models[api[1]];
      if (o.listing === false || !dir) {
        log(404);
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end('{"error":"Repository not found"}');
        return;
      }
      const list = filesUnder(dir).map((f) => {
        const size = statSync(join(dir, f)).size;
        return LFS.test(f)
          ? { type: 'file', path: f, size, oid: 'x', lfs: { oid: 'y', size, pointerSize: 134 } }
          : { type: 'file', path: f, size, oid: 'x' };
      });
      log(200);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(list));
      return;
    }
    const m = /^\/(.+?)\/resolve\/([^/]+)\/(.+)$/.exec(decodeURIComponent(u.pathname));
    const log = logger(req, 'main', m?.[1] ?? '', m?.[3] ?? u.pathname);
    const path = fileOf(m?.[1], m?.[3]);
    if (!path) {
      log(404);
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('Entry not found');
      return;
    }
    if (o.storage && LFS.test(m![3])) {
      const body = readFileSync(path);
      log(302);
      res.writeHead(302, {
        Location: `${storageUrl}/${m![1]}/${m![2]}/files/${m![3]}?sig=ok`,
        'X-Linked-Size': String(body.length),
        'X-Linked-Etag': etagOf(path, body),
        'Content-Length': '0',
      });
      res.end();
      return;
    }
    serve(req, res, path, m![3], log, 'yes');
  };
  const listen = async (h: typeof handler): Promise<[Server, string]> => {
    const s = createServer(h);
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    return [s, `http://127.0.0.1:${(s.address() as AddressInfo).port}`];
  };
  const [server, url] = await listen(handler);
  const [storage, sUrl] = o.storage ? await listen(storageHandler) : [undefined, url];
  storageUrl = sUrl;
  const close = (s: Server) =>
    new Promise<void>((resolve) => {
      s.closeAllConnections();
      s.close(() => resolve());
    });
  return {
    url,
    storageUrl,
    requests,
    breakOnce: (file, afterBytes) => {
      breaks.set(file, afterBytes);
    },
    close: async () => {
      await close(server);
      if (storage) await close(storage);
    },
  };
}
