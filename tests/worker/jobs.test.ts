import { describe, expect, it } from 'vitest';
import { BusyError, JobManager, dispatch, type JobContext, type JobInfo, type JobSpec } from '../../src/worker/jobs';

const train: JobSpec = { kind: 'train', label: 'training run "demo"', exclusive: true };
const finetune: JobSpec = { kind: 'finetune', label: 'fine-tuning of model "m"', exclusive: true };
const bm25: JobSpec = { kind: 'evaluate', label: 'the BM25 evaluation', exclusive: false };

/** A promise with its resolve function (work that ends when the test says so). */
function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    open = r;
  });
  return { promise, open };
}

describe('JobManager', () => {
  it('refuses a second backend job with a reason naming the holder and how to free it', async () => {
    const jobs = new JobManager();
    const g = gate();
    const running = jobs.run(1, train, () => g.promise);
    await expect(jobs.run(2, finetune, async () => 'never')).rejects.toThrow(BusyError);
    await expect(jobs.run(2, finetune, async () => 'never')).rejects.toThrow(
      /^training run "demo" is running; pause or stop it \(Experiment tab\), or wait until it finishes, before fine-tuning of model "m"/,
    );
    // Jobs that do not need the backend run beside it.
    await expect(jobs.run(3, bm25, async () => 7)).resolves.toBe(7);
    g.open();
    await running;
    await expect(jobs.run(4, finetune, async () => 'ran')).resolves.toBe('ran');
    expect(jobs.list()).toEqual([]);
  });

  it('keeps a job that holds work beyond its answer (a training loop) until that work ends; cancel stops it', async () => {
    const jobs = new JobManager();
    const loop = gate();
    let paused = 0;
    const answer = await jobs.run(1, train, async (job) => {
      job.hold(loop.promise, () => {
        paused++;
        loop.open();
      });
      return 'started';
    });
    expect(answer).toBe('started');
    expect(jobs.holder()?.label).toBe('training run "demo"');
    expect(() => jobs.assertFree('switching the backend')).toThrow(/training run "demo" is running/);
    expect(await jobs.cancel(1)).toBe(true);
    expect(paused).toBe(1);
    await loop.promise;
    await Promise.resolve();
    expect(jobs.holder()).toBeUndefined();
    expect(await jobs.cancel(1)).toBe(false);
  });

  it("lists jobs with their progress, reports every change, aborts on the request's cancel, and frees a failed job", async () => {
    const seen: JobInfo[][] = [];
    const jobs = new JobManager((l) => seen.push(l));
    const request = new AbortController();
    const progress: number[] = [];
    const work = jobs.run(
      5,
      finetune,
      (job: JobContext) =>
        new Promise((_, reject) => {
          job.progress({ phase: 'train', done: 1, total: 4 });
          job.signal.addEventListener('abort', () => reject(new DOMException('cancelled', 'AbortError')));
        }),
      { signal: request.signal, onProgress: (p) => progress.push(p.done) },
    );
    expect(jobs.list()).toMatchObject([{ id: 5, kind: 'finetune', progress: { phase: 'train', done: 1, total: 4 } }]);
    request.abort();
    await expect(work).rejects.toThrow('cancelled');
    expect(progress).toEqual([1]);
    expect(jobs.list()).toEqual([]);
    expect(seen.map((l) => l.length)).toEqual([1, 1, 0]);
    await expect(
      jobs.run(6, train, async () => {
        throw new Error('bad config');
      }),
    ).rejects.toThrow('bad config');
    expect(jobs.holder()).toBeUndefined();
  });

  it('dispatch runs a handler from the table: as a job when the request computes, else directly', async () => {
    type Req = { type: 'list' } | { type: 'train'; name: string };
    const jobs = new JobManager();
    const loop = gate();
    const table = {
      list: () => jobs.list().map((j) => j.label),
      train: async (req: Extract<Req, { type: 'train' }>, job: JobContext) => {
        job.hold(loop.promise, loop.open);
        return `training ${req.name}`;
      },
    };
    const specOf = (r: Req): JobSpec | undefined =>
      r.type === 'train' ? { ...train, label: `training run "${r.name}"` } : undefined;
    const opts = { signal: new AbortController().signal, onProgress: () => undefined };
    expect(await dispatch<Req>(table, specOf, jobs, 1, { type: 'train', name: 'a' }, opts)).toBe('training a');
    expect(await dispatch<Req>(table, specOf, jobs, 2, { type: 'list' }, opts)).toEqual(['training run "a"']);
    await expect(dispatch<Req>(table, specOf, jobs, 3, { type: 'train', name: 'b' }, opts)).rejects.toThrow(
      /training run "a" is running/,
    );
    await expect(dispatch(table, () => undefined, jobs, 4, { type: 'nope' }, opts)).rejects.toThrow(
      /unknown request type "nope"/,
    );
    loop.open();
  });
});
