/// <reference lib="webworker" />
/**
 * The engine worker: tfjs backend, datasets and evaluation run here, off the main thread. Message plumbing only:
 * each request goes to its handler (handlers.ts) through the job manager (jobs.ts); progress is throttled; the
 * answer is one `result` or `error` (DataImportError messages name the file, record, field and fix; a BusyError
 * names the job that holds the backend). Errors leave the worker's state as it was.
 */
import { setBaseSink } from './bases/bases';
import { handlers, jobSpecOf } from './handlers';
import { dispatch, JobManager } from './jobs';
import type { FromWorker, Progress, Request, ToWorker } from './protocol';
import { setRunSink } from './runs/runs';
import { setStudySink } from './study/study';
import { setSweepSink } from './sweep/sweep';

declare const self: DedicatedWorkerGlobalScope;

const controllers = new Map<number, AbortController>();

function post(msg: FromWorker): void {
  self.postMessage(msg);
}

const jobs = new JobManager((list) => post({ id: 0, kind: 'jobs', jobs: list }));
const table = handlers(jobs, () => new URL(import.meta.env.BASE_URL + 'tfjs-wasm/', self.location.origin).href);

/** Progress events, throttled to ~20 per second (the last one of each phase always goes out). */
function progressSender(id: number): (p: Progress) => void {
  let last = 0,
    lastPhase = '';
  return (p) => {
    const now = performance.now();
    if (p.phase === lastPhase && p.done < p.total && now - last < 50) return;
    last = now;
    lastPhase = p.phase;
    post({ id, kind: 'progress', progress: { phase: p.phase, done: p.done, total: p.total } });
  };
}

self.onmessage = async (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  if ('cancel' in msg) {
    controllers.get(msg.id)?.abort();
    return;
  }
  const ctrl = new AbortController();
  controllers.set(msg.id, ctrl);
  try {
    const result = await dispatch<Request>(table, jobSpecOf, jobs, msg.id, msg.req, {
      signal: ctrl.signal,
      onProgress: progressSender(msg.id),
    });
    post({ id: msg.id, kind: 'result', result });
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const name = ctrl.signal.aborted ? 'AbortError' : err.name;
    post({ id: msg.id, kind: 'error', error: { name, message: err.message || String(e) } });
  } finally {
    controllers.delete(msg.id);
  }
};

setRunSink((delta) => post({ id: 0, kind: 'run', delta }));
setStudySink((study) => post({ id: 0, kind: 'study', study }));
setSweepSink((sweep) => post({ id: 0, kind: 'sweep', sweep }));
setBaseSink((delta) => post({ id: 0, kind: 'base', delta }));

// Tells the client the module loaded: later uncaught errors are not start-up failures.
post({ id: 0, kind: 'ready' });
