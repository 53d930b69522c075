/**
 * Peers page: the driver (bench/browser-peers.ts) calls window.__peersRun(request); the worker runs ours and the
 * peer (ORT-web) there, as the app keeps its work in a worker. CPU-time marks go worker → page → driver
 * (window.__browserCpuMs, exposed by Playwright: the CPU seconds of every Chromium process, from CDP) → worker,
 * because neither a page nor a worker can read its process's CPU time. The result lands in window.__peersResult.
 */
import type { PeersPageMessage, PeersRequest, PeersResult, PeersWorkerMessage } from './peers-protocol';

const logEl = document.getElementById('log')!;
const log = (s: string) => {
  logEl.textContent += s + '\n';
  console.log(s);
};
const w = window as unknown as {
  __peersRun: (r: PeersRequest) => void;
  __peersResult?: PeersResult;
  __browserCpuMs: () => Promise<number>;
};

w.__peersRun = (req) => {
  const worker = new Worker(new URL('./peers.worker.ts', import.meta.url), { type: 'module' });
  const send = (m: PeersPageMessage) => worker.postMessage(m);
  worker.onmessage = async (e: MessageEvent<PeersWorkerMessage>) => {
    const m = e.data;
    if (m.type === 'log') log(m.text);
    else if (m.type === 'cpu') send({ type: 'cpu', id: m.id, ms: await w.__browserCpuMs() });
    else {
      w.__peersResult = m.result;
      worker.terminate();
    }
  };
  worker.onerror = (e) => {
    w.__peersResult = {
      error: `worker error: ${e.message}`,
      crossOriginIsolated,
      userAgent: navigator.userAgent,
      hardwareConcurrency: 0,
      threads: { requested: req.threads },
    };
  };
  send({ type: 'run', req });
};
log(`ready (crossOriginIsolated=${crossOriginIsolated})`);
