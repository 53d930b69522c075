/**
 * A local stand-in for the Hugging Face Hub (node:http on 127.0.0.1): serves model folders in the Hub URL
 * layout `/<id>/resolve/<revision>/<file>` with HEAD, single Range requests (206 + Content-Range, If-Range
 * against a strong ETag) and CORS (the browser e2e loads from another origin of a cross-origin isolated page).
 * Fault injection: `breakOnce` cuts the connection after N bytes of the next GET of a file.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

export interface HubRequest { method: string; file: string; id: string; range?: string; status: number }

export interface HubServer {
  url: string;
  requests: HubRequest[];
  /** Cut the next GET of `file` after `afterBytes` bytes (headers announce the full length). */
  breakOnce(file: string, afterBytes: number): void;
  close(): Promise<void>;
}

/** `models`: model id → folder on disk. Only regular files inside the folder are served. */
export async function startHubServer(models: Record<string, string>): Promise<HubServer> {
  const requests: HubRequest[] = [];
  const breaks = new Map<string, number>();
  const etags = new Map<string, string>();
  const cors = (res: ServerResponse) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Range, If-Range, Authorization');
    res.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Range, ETag, Accept-Ranges, X-Linked-Size');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  };
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    cors(res);
    if (req.method === 'OPTIONS') { res.writeHead(204); res.end(); return; }
    const u = new URL(req.url ?? '/', 'http://x');
    const m = /^\/(.+?)\/resolve\/([^/]+)\/(.+)$/.exec(decodeURIComponent(u.pathname));
    const log = (status: number, file = m?.[3] ?? u.pathname, id = m?.[1] ?? '') => requests.push({ method: req.method ?? '', file, id, range: req.headers.range, status });
    const dir = m ? models[m[1]] : undefined;
    const rel = m ? normalize(m[3]) : '';
    const path = dir && !rel.startsWith('..') ? join(dir, rel) : '';
    if (!path || !existsSync(path) || !statSync(path).isFile()) {
      log(404);
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('Entry not found');
      return;
    }
    const body = readFileSync(path);
    let etag = etags.get(path);
    if (!etag) { etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`; etags.set(path, etag); }
    res.setHeader('ETag', etag);
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Content-Type', 'application/octet-stream');
    let start = 0;
    let status = 200;
    const range = req.headers.range;
    const ifRange = req.headers['if-range'];
    if (range && (!ifRange || ifRange === etag)) {
      const r = /^bytes=(\d+)-$/.exec(range);
      if (!r) { log(416); res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }); res.end(); return; }
      start = Number(r[1]);
      if (start >= body.length) { log(416); res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }); res.end(); return; }
      status = 206;
      res.setHeader('Content-Range', `bytes ${start}-${body.length - 1}/${body.length}`);
    }
    const part = body.subarray(start);
    res.setHeader('Content-Length', String(part.length));
    log(status);
    res.writeHead(status);
    if (req.method === 'HEAD') { res.end(); return; }
    const cut = breaks.get(m![3]);
    if (cut !== undefined) {
      breaks.delete(m![3]);
      res.write(part.subarray(0, cut), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    res.end(part);
  };
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    breakOnce: (file, afterBytes) => { breaks.set(file, afterBytes); },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
