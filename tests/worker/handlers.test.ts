/**
 * The worker's handler table (src/worker/handlers.ts) over the job manager: which requests run as jobs and how
 * they are named, a backend switch refused while a job runs, and the job list / cancel requests.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/core/experiment/config';
import { handlers, jobSpecOf } from '../../src/worker/handlers';
import { BusyError, JobManager, type JobContext } from '../../src/worker/jobs';

const ctx: JobContext = { id: 99, signal: new AbortController().signal, progress: () => undefined, hold: () => undefined };

describe('handler table', () => {
  it('runs the computing requests as jobs, backend ones exclusive; the others answer directly', () => {
    expect(jobSpecOf({ type: 'startRun', params: { config: { ...DEFAULT_CONFIG, name: 'a' } } })).toEqual({
      kind: 'train',
      label: 'training run "a"',
      exclusive: true,
    });
    expect(jobSpecOf({ type: 'resumeRun', runId: 'run-1' })).toMatchObject({ kind: 'train', exclusive: true });
    expect(jobSpecOf({ type: 'studyStart', config: {} })).toMatchObject({ kind: 'study', exclusive: true });
    expect(jobSpecOf({ type: 'baseBuild', params: { name: 'b', sources: [], vocabFrom: [], config: {} } })).toEqual({
      kind: 'base',
      label: 'the build of base "b"',
      exclusive: true,
    });
    expect(jobSpecOf({ type: 'evaluate', params: { datasetId: 'demo:eval', settings: ['monolingual'] } })).toMatchObject({
      kind: 'evaluate',
      exclusive: false,
    });
    expect(jobSpecOf({ type: 'importFiles', files: [], name: 'x' })).toMatchObject({ kind: 'import', exclusive: false });
    expect(jobSpecOf({ type: 'modelFinetune', key: 'nope', params: {} as never })).toMatchObject({
      kind: 'finetune',
      exclusive: true,
    });
    for (const type of [
      'pauseRun',
      'stopRun',
      'listRuns',
      'memory',
      'jobList',
      'studyCancel',
      'baseCancel',
      'modelList',
    ] as const) {
      expect(jobSpecOf({ type, runId: 'r', buildId: 'b', jobId: 1 } as never), type).toBeUndefined();
    }
  });

  it('refuses a backend switch while any job runs; lists and cancels jobs', async () => {
    const jobs = new JobManager();
    const table = handlers(jobs, () => '/tfjs-wasm/');
    let paused = false;
    await jobs.run(7, { kind: 'train', label: 'training run "demo"', exclusive: true }, async (job) => {
      job.hold(
        new Promise<void>((done) => {
          const t = setInterval(() => {
            if (paused) {
              clearInterval(t);
              done();
            }
          }, 5);
        }),
        () => {
          paused = true;
        },
      );
    });
    await expect(table.initBackend({ type: 'initBackend', preferred: 'cpu' }, ctx)).rejects.toThrow(BusyError);
    await expect(table.initBackend({ type: 'initBackend', preferred: 'cpu' }, ctx)).rejects.toThrow(
      /^training run "demo" is running; .* before switching the backend/,
    );
    expect(await table.jobList({ type: 'jobList' }, ctx)).toMatchObject([{ id: 7, kind: 'train' }]);
    expect(await table.jobCancel({ type: 'jobCancel', jobId: 7 }, ctx)).toBe(true);
    expect(paused).toBe(true);
    await expect.poll(() => jobs.list().length).toBe(0);
    expect(await table.jobCancel({ type: 'jobCancel', jobId: 7 }, ctx)).toBe(false);
  });
});
