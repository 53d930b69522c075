/** Main-thread side of the worker protocol: promise per request, progress callback, cancel. */
import type { FromWorker, Progress, Request, Responses, ToWorker } from './protocol';
import type { RunDelta } from './runs/run-types';
import type { StudyRecord } from './study/study-protocol';
import type { SweepRecord } from './sweep/sweep-protocol';
import type { BaseDelta } from './bases/base-types';
import type { JobInfo } from './jobs';

export class WorkerError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
    this.name = kind;
  }
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  onProgress?: (p: Progress) => void;
}

export interface Call<T> {
  id: number;
  promise: Promise<T>;
  cancel: () => void;
}

export class EngineClient {
  private worker: Worker;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private started = false;
  private runListeners = new Set<(d: RunDelta) => void>();
  private studyListeners = new Set<(s: StudyRecord) => void>();
  private sweepListeners = new Set<(s: SweepRecord) => void>();
  private baseListeners = new Set<(d: BaseDelta) => void>();
  private jobListeners = new Set<(jobs: JobInfo[]) => void>();

  constructor() {
    this.worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
    this.worker.onmessage = (ev: MessageEvent<FromWorker>) => {
      this.started = true;
      this.onMessage(ev.data);
    };
    this.worker.onerror = (ev) => {
      // After start-up, uncaught errors (e.g. from a library's helper workers) do not end the worker:
      // log them and let each request answer for itself.
      ev.preventDefault();
      if (this.started) return console.error('engine worker:', ev.message || ev);
      const err = new WorkerError('WorkerError', ev.message || 'the engine worker failed to start');
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
  }

  private onMessage(msg: FromWorker): void {
    if (msg.kind === 'ready') return;
    if (msg.kind === 'run') {
      for (const l of this.runListeners) l(msg.delta);
      return;
    }
    if (msg.kind === 'study') {
      for (const l of this.studyListeners) l(msg.study);
      return;
    }
    if (msg.kind === 'sweep') {
      for (const l of this.sweepListeners) l(msg.sweep);
      return;
    }
    if (msg.kind === 'base') {
      for (const l of this.baseListeners) l(msg.delta);
      return;
    }
    if (msg.kind === 'jobs') {
      for (const l of this.jobListeners) l(msg.jobs);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.kind === 'progress') return p.onProgress?.(msg.progress);
    this.pending.delete(msg.id);
    if (msg.kind === 'result') p.resolve(msg.result);
    else p.reject(new WorkerError(msg.error.name, msg.error.message));
  }

  call<R extends Request>(req: R, onProgress?: (p: Progress) => void, transfer: Transferable[] = []): Call<Responses[R['type']]> {
    const id = this.nextId++;
    const promise = new Promise<Responses[R['type']]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
    });
    this.post({ id, req }, transfer);
    return { id, promise, cancel: () => this.post({ id, cancel: true }) };
  }

  /** Subscribe to run updates; returns the unsubscribe function. */
  onRunDelta(listener: (d: RunDelta) => void): () => void {
    this.runListeners.add(listener);
    return () => this.runListeners.delete(listener);
  }

  /** Subscribe to the study's record (sent after every change of its queue); returns the unsubscribe function. */
  onStudy(listener: (s: StudyRecord) => void): () => void {
    this.studyListeners.add(listener);
    return () => this.studyListeners.delete(listener);
  }

  /** Subscribe to the α-sweep's record (sent after every change of its queue); returns the unsubscribe function. */
  onSweep(listener: (s: SweepRecord) => void): () => void {
    this.sweepListeners.add(listener);
    return () => this.sweepListeners.delete(listener);
  }

  /** Subscribe to base-build progress (Bases tab); returns the unsubscribe function. */
  onBaseDelta(listener: (d: BaseDelta) => void): () => void {
    this.baseListeners.add(listener);
    return () => this.baseListeners.delete(listener);
  }

  /** Subscribe to the worker's job list (sent after every change); returns the unsubscribe function. */
  onJobs(listener: (jobs: JobInfo[]) => void): () => void {
    this.jobListeners.add(listener);
    return () => this.jobListeners.delete(listener);
  }

  request<R extends Request>(
    req: R,
    onProgress?: (p: Progress) => void,
    transfer?: Transferable[],
  ): Promise<Responses[R['type']]> {
    return this.call(req, onProgress, transfer).promise;
  }

  private post(msg: ToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(msg, transfer);
  }

  terminate(): void {
    this.worker.terminate();
  }
}

let shared: EngineClient | undefined;
/** The app's single engine worker, created on first use. */
export function engine(): EngineClient {
  return (shared ??= new EngineClient());
}
