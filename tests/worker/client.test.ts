/**
 * The main-thread side of the worker protocol (src/worker/client.ts) against a scripted Worker: one promise per
 * request id, progress before the answer, errors as WorkerError with the worker's error name (BusyError for a
 * refused job), cancel by id, broadcasts to their listeners, and start-up failures rejecting what is pending.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineClient, WorkerError } from '../../src/worker/client';
import type { FromWorker, ToWorker } from '../../src/worker/protocol';

/** A stand-in for the module Worker: records what the client posts; the test answers as the worker would. */
class ScriptedWorker {
  static last: ScriptedWorker;
  posted: ToWorker[] = [];
  onmessage: ((ev: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  terminated = false;
  constructor(
    readonly url: URL,
    readonly opts: WorkerOptions,
  ) {
    ScriptedWorker.last = this;
  }
  postMessage(msg: ToWorker): void {
    this.posted.push(msg);
  }
  terminate(): void {
    this.terminated = true;
  }
  send(msg: FromWorker): void {
    this.onmessage?.({ data: msg } as MessageEvent<FromWorker>);
  }
  fail(message: string): boolean {
    let prevented = false;
    this.onerror?.({
      message,
      preventDefault: () => {
        prevented = true;
      },
    } as ErrorEvent);
    return prevented;
  }
}

const realWorker = globalThis.Worker;
beforeEach(() => {
  (globalThis as { Worker: unknown }).Worker = ScriptedWorker;
});
afterEach(() => {
  (globalThis as { Worker: unknown }).Worker = realWorker;
});

describe('EngineClient', () => {
  it('starts the engine worker as a module and answers each request by its id, progress first', async () => {
    const client = new EngineClient();
    const w = ScriptedWorker.last;
    expect(w.opts).toEqual({ type: 'module', name: 'engine' });
    expect(w.url.pathname).toMatch(/engine\.worker\.ts$/);
    const progress: number[] = [];
    const a = client.request({ type: 'memory' });
    const b = client.request({ type: 'listRuns' }, (p) => progress.push(p.done));
    expect(w.posted).toEqual([
      { id: 1, req: { type: 'memory' } },
      { id: 2, req: { type: 'listRuns' } },
    ]);
    w.send({ id: 2, kind: 'progress', progress: { phase: 'x', done: 3, total: 4 } });
    w.send({ id: 2, kind: 'result', result: [] });
    w.send({ id: 1, kind: 'result', result: { numTensors: 5, numBytes: 20 } });
    await expect(b).resolves.toEqual([]);
    await expect(a).resolves.toEqual({ numTensors: 5, numBytes: 20 });
    expect(progress).toEqual([3]);
    w.send({ id: 2, kind: 'result', result: 'late' }); // an answer for a settled id is ignored
    client.terminate();
    expect(w.terminated).toBe(true);
  });

  it('rejects with a WorkerError named as in the worker (a refused job is a BusyError) and cancels by id', async () => {
    const client = new EngineClient();
    const w = ScriptedWorker.last;
    const call = client.call({ type: 'modelFinetune', key: 'm', params: {} as never });
    call.cancel();
    expect(w.posted.at(-1)).toEqual({ id: call.id, cancel: true });
    w.send({
      id: call.id,
      kind: 'error',
      error: { name: 'BusyError', message: 'training run "demo" is running; pause or stop it' },
    });
    const err = await call.promise.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerError);
    expect(err).toMatchObject({
      name: 'BusyError',
      kind: 'BusyError',
      message: 'training run "demo" is running; pause or stop it',
    });
  });

  it('delivers broadcasts to their listeners until they unsubscribe', () => {
    const client = new EngineClient();
    const w = ScriptedWorker.last;
    const got: string[] = [];
    const offRun = client.onRunDelta((d) => got.push(`run ${d.runId}`));
    client.onStudy((s) => got.push(`study ${s.id}`));
    client.onBaseDelta((d) => got.push(`base ${d.buildId}`));
    client.onJobs((jobs) => got.push(`jobs ${jobs.map((j) => j.label).join(',')}`));
    w.send({ id: 0, kind: 'ready' });
    w.send({ id: 0, kind: 'run', delta: { runId: 'r1' } as never });
    w.send({ id: 0, kind: 'study', study: { id: 's1' } as never });
    w.send({ id: 0, kind: 'base', delta: { buildId: 'b1' } as never });
    w.send({ id: 0, kind: 'jobs', jobs: [{ id: 3, kind: 'train', label: 'training run "a"', exclusive: true, started: 1 }] });
    offRun();
    w.send({ id: 0, kind: 'run', delta: { runId: 'r2' } as never });
    expect(got).toEqual(['run r1', 'study s1', 'base b1', 'jobs training run "a"']);
  });

  it('a failure before the worker has spoken rejects every pending request; later uncaught errors do not', async () => {
    const client = new EngineClient();
    const w = ScriptedWorker.last;
    const pending = client.request({ type: 'memory' });
    expect(w.fail('SyntaxError in engine.worker.ts')).toBe(true);
    await expect(pending).rejects.toMatchObject({ name: 'WorkerError', message: 'SyntaxError in engine.worker.ts' });

    const started = new EngineClient();
    const w2 = ScriptedWorker.last;
    w2.send({ id: 0, kind: 'ready' });
    const next = started.request({ type: 'memory' });
    const log = console.error;
    console.error = () => undefined;
    try {
      w2.fail('error in a helper worker');
    } finally {
      console.error = log;
    }
    w2.send({ id: 1, kind: 'result', result: { numTensors: 0, numBytes: 0 } });
    await expect(next).resolves.toEqual({ numTensors: 0, numBytes: 0 });
  });
});
