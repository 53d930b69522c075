/**
 * The runs slice (ui/store/runs.ts) against the real EngineClient and a scripted worker: run updates are never
 * lost to message order. A delta that arrives before its run's record is held and folded in when the record
 * comes; a record read before a delta never replaces the newer view; every event is folded exactly once.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/core/experiment/config';
import type { RunEvent } from '../../../src/core/train/events';
import type { AppState } from '../../../src/ui/store';
import type { RunDelta, RunRecord } from '../../../src/worker/runs/run-types';
import { ScriptedWorker, settle } from './scripted-worker';

let useApp: { getState: () => AppState; setState: (p: Partial<AppState>) => void };
let w: ScriptedWorker;

beforeAll(async () => {
  (globalThis as { Worker: unknown }).Worker = ScriptedWorker;
  ({ useApp } = await import('../../../src/ui/store'));
  const { engine } = await import('../../../src/worker/client');
  engine().onRunDelta((d) => useApp.getState().applyDelta(d)); // as App.tsx wires it
  w = ScriptedWorker.last;
});
// Each test starts from a page that knows no run (its listings are answered within it).
beforeEach(() => useApp.setState({ runs: {}, currentRunId: undefined }));

const config = resolveConfig({});
const record = (id: string, over: Partial<RunRecord>): RunRecord => ({
  id,
  config,
  trainId: 'demo:train',
  evalId: 'demo:eval',
  status: 'running',
  lineage: [],
  backend: 'wasm',
  created: 1,
  updated: 1,
  step: 0,
  seconds: 0,
  metrics: [],
  loss: [],
  composition: { batches: 0, mono: 0, pairs: {} },
  ...over,
});
const steps = (...n: number[]): RunEvent[] =>
  n.map((s): RunEvent => ({ type: 'step', step: s, loss: 1 / s, lr: 1e-4, gradNorm: 1, ms: 1 }));
const delta = (runId: string, rev: number, seq: number, events: RunEvent[], over: Partial<RunDelta> = {}): RunDelta => ({
  runId,
  rev,
  seq,
  events,
  status: 'running',
  step: events.length ? (events.at(-1) as { step: number }).step : 0,
  seconds: 1,
  composition: { batches: 0, mono: 0, pairs: {} },
  ...over,
});
const lossSteps = (id: string) => useApp.getState().runs[id]?.loss.map(([s]) => s);

describe('runs slice: run updates', () => {
  it("a delta that arrives before the run's record (its start answer) is folded in, not dropped", async () => {
    const started = useApp.getState().startRun();
    // The record was read (rev 1, no events) before the worker sent the run's first steps; the delta overtakes the answer.
    w.send({ id: 0, kind: 'run', delta: delta('run-a', 2, 2, steps(1, 2)) });
    expect(useApp.getState().runs['run-a']).toBeUndefined(); // held: the page has no record of run-a yet
    w.answer('startRun', record('run-a', { rev: 1, seq: 0 }));
    expect(await started).toBe('run-a');
    expect(lossSteps('run-a')).toEqual([1, 2]);
    // The listing the early delta asked for was read before that delta too: it must not roll the view back.
    w.answer('listRuns', [record('run-a', { rev: 1, seq: 0 })]);
    await settle();
    expect(lossSteps('run-a')).toEqual([1, 2]);
    w.send({ id: 0, kind: 'run', delta: delta('run-a', 3, 3, steps(3)) });
    expect(lossSteps('run-a')).toEqual([1, 2, 3]);
    expect(useApp.getState().runs['run-a'].step).toBe(3);
  });

  it('a run a queue started (no answer of ours names it) is listed and its held deltas folded, each event once', async () => {
    w.send({ id: 0, kind: 'run', delta: delta('run-b', 5, 2, steps(1, 2)) });
    w.send({ id: 0, kind: 'run', delta: delta('run-b', 6, 4, steps(3, 4)) });
    // Read after the first delta and while steps 3–4 waited in the worker's outbox: it holds events 1–3.
    w.answer('listRuns', [
      record('run-b', {
        rev: 5,
        seq: 3,
        step: 3,
        loss: [
          [1, 1],
          [2, 0.5],
          [3, 0.3],
        ],
      }),
    ]);
    await settle();
    expect(lossSteps('run-b')).toEqual([1, 2, 3, 4]);
    expect(useApp.getState().runs['run-b'].step).toBe(4);
  });

  it('a status snapshot older than the view is ignored; a newer one applies', async () => {
    const listed = useApp.getState().loadRuns();
    w.answer('listRuns', [
      record('run-c', {
        rev: 6,
        seq: 4,
        step: 4,
        loss: [
          [1, 1],
          [2, 0.5],
          [3, 0.3],
          [4, 0.2],
        ],
      }),
    ]);
    await listed;
    w.send({ id: 0, kind: 'run', delta: delta('run-c', 6, 4, [], { status: 'paused', step: 4 }) }); // sent before the listing was read
    expect(useApp.getState().runs['run-c'].status).toBe('running');
    w.send({ id: 0, kind: 'run', delta: delta('run-c', 7, 4, [], { status: 'paused', step: 4 }) });
    expect(useApp.getState().runs['run-c'].status).toBe('paused');
    expect(lossSteps('run-c')).toEqual([1, 2, 3, 4]);
  });

  it('a resumed session rolls the view back to its checkpoint: evaluations re-run after it are shown once', async () => {
    const evalAt = (step: number): RunEvent =>
      ({
        type: 'eval',
        step,
        final: false,
        querySet: { name: 'subset', count: 2, fingerprint: 'ab' },
        result: {},
      }) as unknown as RunEvent;
    const metric = (step: number) => ({
      step,
      final: false,
      querySet: { name: 'subset' as const, count: 2, fingerprint: 'ab' },
      result: {} as never,
    });
    // Listed before the resume: the stored record holds the step-10 evaluation made after its last checkpoint (step 8).
    const listed = useApp.getState().loadRuns();
    w.answer('listRuns', [
      record('run-r', { rev: 9, seq: 12, step: 10, status: 'interrupted', metrics: [metric(0), metric(10)] }),
    ]);
    await listed;
    // The worker resumes it from the step-8 checkpoint (a queue did, no answer of ours): the session's snapshot first …
    const resumed = record('run-r', { rev: 9 + 2 ** 20, seq: 12, step: 8, metrics: [metric(0)] });
    w.send({ id: 0, kind: 'run', delta: delta('run-r', 10 + 2 ** 20, 12, [], { step: 8, snapshot: resumed }) });
    expect(useApp.getState().runs['run-r'].metrics.map((m) => m.step)).toEqual([0]);
    // … then steps 9–10 and the step-10 evaluation again.
    w.send({ id: 0, kind: 'run', delta: delta('run-r', 11 + 2 ** 20, 15, [...steps(9, 10), evalAt(10)], { step: 10 }) });
    expect(useApp.getState().runs['run-r'].metrics.map((m) => m.step)).toEqual([0, 10]);
  });

  it('deltas of a run the worker no longer lists (deleted) are forgotten after the next listing', async () => {
    w.send({ id: 0, kind: 'run', delta: delta('run-gone', 2, 1, steps(1)) });
    w.answer('listRuns', [record('run-a', { rev: 3, seq: 3 })]);
    await settle();
    expect(useApp.getState().runs['run-gone']).toBeUndefined();
    expect(Object.keys(useApp.getState().runs)).toEqual(['run-a']);
    expect(() => w.asked('listRuns')).toThrow(/no listRuns request/); // no further listing asked for it
  });
});
