/**
 * The browser α-sweep's queue (src/worker/sweep/sweep.ts) on fake-indexeddb and the WASM backend: three ordinary runs
 * through core's runQueue, a run paused inside the sweep halts it and Resume continues that same run from its
 * checkpoint (not a restart), a sweep left running by a closed page is found interrupted, default run names.
 */
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/core/experiment/config';
import { importFiles } from '../../../src/worker/datasets/datasets';
import { getRun } from '../../../src/worker/runs/runs-store';
import { defaultRunName, pauseRun, setRunSink } from '../../../src/worker/runs/runs';
import { getSweep, resumeSweep, setSweepSink, startSweep } from '../../../src/worker/sweep/sweep';
import type { SweepRecord } from '../../../src/worker/sweep/sweep-protocol';
import { saveSweep } from '../../../src/worker/sweep/sweep-store';

const ROOT = resolve(import.meta.dirname, '../../..');
const demo = (split: string, lang: string, paragraphs?: number) => {
  const doc = JSON.parse(readFileSync(`${ROOT}/public/demo/${split}/${lang}.json`, 'utf8')) as {
    version: string;
    data: Array<{ paragraphs: unknown[] }>;
  };
  const data = paragraphs ? [{ ...doc.data[0], paragraphs: doc.data[0].paragraphs.slice(0, paragraphs) }] : doc.data;
  return { name: `${lang}.json`, bytes: new TextEncoder().encode(JSON.stringify({ version: doc.version, data })) };
};

let trainId = '',
  evalId = '';
let lastStep = 0;
const base = (over: Record<string, unknown> = {}) =>
  resolveConfig({
    name: 'w-sweep',
    train: { source: 'path', path: trainId },
    eval: { source: 'path', path: evalId },
    steps: 8,
    batchSize: 4,
    warmupSteps: 1,
    evalEvery: 4,
    evalMaxQueriesPerLang: 3,
    maxLength: 12,
    checkpointEverySeconds: 0,
    model: { init: 'scratch', vocabSize: 400, hidden: 16, layers: 1, heads: 2, intermediate: 32 },
    baseCheckpoint: null,
    ...over,
  });

async function until(status: SweepRecord['status'][], timeout = 120_000): Promise<SweepRecord> {
  const t0 = Date.now();
  for (;;) {
    const rec = await getSweep();
    if (rec && status.includes(rec.status)) return rec;
    if (rec?.status === 'error') throw new Error(`sweep failed: ${rec.error}`);
    if (Date.now() - t0 > timeout) throw new Error(`sweep still ${rec?.status} after ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
  setSweepSink(() => undefined);
  setRunSink((d) => {
    lastStep = d.step;
  });
  trainId = (
    await importFiles(
      ['de', 'en'].map((l) => demo('train', l)),
      'train2',
      'train',
    )
  ).id;
  evalId = (
    await importFiles(
      ['de', 'en'].map((l) => demo('eval', l, 2)),
      'eval2',
      'eval',
    )
  ).id;
});

describe('α-sweep queue in the worker', () => {
  it('trains one stored run per α, in order, and ends done', async () => {
    await startSweep(base(), [0, 1]);
    const rec = await until(['done']);
    expect(rec.runs.map((r) => [r.planId, r.state])).toEqual([
      ['alpha-0', 'done'],
      ['alpha-1', 'done'],
    ]);
    const runs = await Promise.all(rec.runs.map((r) => getRun(r.runId!)));
    expect(runs.map((r) => [r?.config.name, r?.config.alpha, r?.status])).toEqual([
      ['w-sweep α=0', 0, 'done'],
      ['w-sweep α=1', 1, 'done'],
    ]);
    expect(runs[0]!.metrics.map((m) => [m.step, m.querySet?.name])).toEqual([
      [0, 'subset'],
      [4, 'subset'],
      [8, 'subset'],
      [8, 'full'],
    ]);
  }, 180_000);

  it('a run paused inside the sweep halts it; Resume continues that run from its checkpoint and finishes the sweep', async () => {
    lastStep = 0;
    await startSweep(base({ name: 'demo', steps: 40, evalEvery: 0 }), [0.5, 1]);
    let first: string | undefined;
    for (let t0 = Date.now(); !(first && lastStep >= 3) && Date.now() - t0 < 60_000; ) {
      first = (await getSweep())!.runs[0].runId;
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(lastStep).toBeLessThan(40);
    pauseRun(first!);
    const halted = await until(['stopped']);
    expect(halted.note).toMatch(/α = 0\.5 run was paused/);
    const paused = await getRun(first!);
    expect(paused?.status).toBe('paused');
    expect(paused?.config.name).toMatch(/^α=0\.5 · seed 42 · #\d+$/); // the default name: distinct and saying α

    await resumeSweep();
    const done = await until(['done']);
    expect(done.runs[0].runId).toBe(first); // resumed, not restarted
    const r0 = await getRun(first!);
    expect([r0?.status, r0?.step]).toEqual(['done', 40]);
  }, 240_000);

  it('a sweep left running by a page that went away is found interrupted', async () => {
    const rec = (await getSweep())!;
    await saveSweep({ ...rec, id: 'sweep-zz', created: rec.created + 1, status: 'running' });
    expect((await getSweep())?.status).toBe('interrupted');
    await expect(resumeSweep()).resolves.toMatchObject({ status: 'running' });
    expect((await until(['done'])).id).toBe('sweep-zz');
  }, 120_000);

  it('a seed list: α × seeds queued as ordinary runs, each named and seeded, the sweep done', async () => {
    await startSweep(base({ steps: 2, evalEvery: 0 }), [0, 1], [5, 6]);
    const rec = await until(['done']);
    expect(rec.seeds).toEqual([5, 6]);
    expect(rec.runs.map((r) => [r.planId, r.alpha, r.seed, r.state])).toEqual([
      ['alpha-0-seed-5', 0, 5, 'done'],
      ['alpha-0-seed-6', 0, 6, 'done'],
      ['alpha-1-seed-5', 1, 5, 'done'],
      ['alpha-1-seed-6', 1, 6, 'done'],
    ]);
    const runs = await Promise.all(rec.runs.map((r) => getRun(r.runId!)));
    expect(runs.map((r) => [r?.config.name, r?.config.alpha, r?.config.seed, r?.status])).toEqual([
      ['w-sweep α=0 seed 5', 0, 5, 'done'],
      ['w-sweep α=0 seed 6', 0, 6, 'done'],
      ['w-sweep α=1 seed 5', 1, 5, 'done'],
      ['w-sweep α=1 seed 6', 1, 6, 'done'],
    ]);
  }, 180_000);

  it('default names count past taken ones', () => {
    const cfg = base({ alpha: 0 });
    expect(defaultRunName(cfg, new Set(['α=0 · seed 42 · #3']), 3)).toBe('α=0 · seed 42 · #4');
  });
});
