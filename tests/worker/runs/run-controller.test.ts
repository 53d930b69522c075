/**
 * One training run in the worker (src/worker/runs/run-controller.ts) on tfjs WASM with fake-indexeddb: the deltas it
 * streams (every event once, in order; the final status last), what it persists, and pause → resume continuing
 * the exact event stream of an uninterrupted run.
 */
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/core/data/types';
import { resolveConfig } from '../../../src/core/experiment/config';
import { prepareModel } from '../../../src/core/experiment/setup';
import type { RunEvent } from '../../../src/core/train/events';
import { getDataset, importFiles } from '../../../src/worker/datasets/datasets';
import { addComposition } from '../../../src/worker/runs/composition';
import { RunController } from '../../../src/worker/runs/run-controller';
import type { RunDelta, RunRecord } from '../../../src/worker/runs/run-types';
import { getRun, loadCheckpoint, runEvents } from '../../../src/worker/runs/runs-store';

const ROOT = resolve(import.meta.dirname, '../../..');
const demo = (split: string, lang: string) => {
  const doc = JSON.parse(readFileSync(`${ROOT}/public/demo/${split}/${lang}.json`, 'utf8')) as {
    version: string;
    data: Array<{ paragraphs: unknown[] }>;
  };
  return {
    name: `${lang}.json`,
    bytes: new TextEncoder().encode(
      JSON.stringify({ version: doc.version, data: [{ ...doc.data[0], paragraphs: doc.data[0].paragraphs.slice(0, 3) }] }),
    ),
  };
};

let train: Dataset,
  evalDs: Dataset,
  trainId = '',
  evalId = '';
const config = (steps: number) =>
  resolveConfig({
    steps,
    batchSize: 4,
    warmupSteps: 1,
    evalEvery: 4,
    evalMaxQueriesPerLang: 3,
    maxLength: 12,
    seed: 5,
    baseCheckpoint: null,
    model: { init: 'scratch', vocabSize: 300, hidden: 16, layers: 1, heads: 2, intermediate: 32 },
  });

function controller(id: string, steps: number, deltas: RunDelta[]): RunController {
  const cfg = config(steps);
  const prepared = prepareModel(cfg, train, () => ({}));
  const now = Date.now();
  const rec: RunRecord = {
    id,
    config: cfg,
    trainId,
    evalId,
    status: 'running',
    lineage: prepared.lineage,
    backend: '',
    created: now,
    updated: now,
    step: 0,
    seconds: 0,
    metrics: [],
    loss: [],
    composition: { batches: 0, mono: 0, pairs: {} },
  };
  return new RunController(rec, prepared.encoder, train, evalDs, (d) => deltas.push(structuredClone(d)));
}

/** The RunEvents as the deltas carried them, without timings. */
const streamed = (deltas: RunDelta[]) => deltas.flatMap((d) => d.events).map(comparable);
function comparable(e: RunEvent): unknown {
  const { time: _t, seconds: _s, ...rest } = e as RunEvent & { time?: unknown; seconds?: unknown };
  return rest.type === 'step'
    ? { type: 'step', step: rest.step, loss: rest.loss }
    : rest.type === 'eval'
      ? { type: 'eval', step: rest.step, final: rest.final }
      : { type: rest.type };
}

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
  trainId = (
    await importFiles(
      ['de', 'en'].map((l) => demo('train', l)),
      'rc-train',
      'train',
    )
  ).id;
  evalId = (
    await importFiles(
      ['de', 'en'].map((l) => demo('eval', l)),
      'rc-eval',
      'eval',
    )
  ).id;
  train = getDataset(trainId);
  evalDs = getDataset(evalId);
});

describe('RunController', () => {
  it('streams every event once, ends with the final status, persists the record, its events and a checkpoint', async () => {
    const deltas: RunDelta[] = [];
    const c = controller('rc-full', 8, deltas);
    const tensors = tf.memory().numTensors;
    c.start();
    expect(c.running).toBe(true);
    await c.loop;
    expect(c.running).toBe(false);
    expect(deltas.at(-1)).toMatchObject({ runId: 'rc-full', status: 'done', step: 8 });
    const steps = deltas
      .flatMap((d) => d.events)
      .filter((e) => e.type === 'step')
      .map((e) => (e as { step: number }).step);
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(deltas.flatMap((d) => d.events).filter((e) => e.type === 'composition')).toEqual([]); // folded into the tally
    expect(deltas.at(-1)!.composition.batches).toBe(8);
    const rec = (await getRun('rc-full'))!;
    expect(rec).toMatchObject({ status: 'done', step: 8 });
    expect(rec.loss.map(([s]) => s)).toEqual(steps);
    expect(rec.metrics.map((m) => [m.step, m.final])).toEqual(
      expect.arrayContaining([
        [4, false],
        [8, true],
      ]),
    );
    expect((await loadCheckpoint('rc-full'))?.step).toBe(8);
    expect((await runEvents('rc-full')).some((e) => e.type === 'eval')).toBe(false); // eval results live in the record
    // The update contract (RunRecord.seq / rev): deltas number their events contiguously and themselves in order.
    deltas.forEach((d, i) => {
      expect(d.seq - d.events.length).toBe(i === 0 ? 0 : deltas[i - 1].seq);
      if (i > 0) expect(d.rev).toBe(deltas[i - 1].rev + 1);
    });
    expect(c.stored()).toMatchObject({ seq: deltas.at(-1)!.seq, rev: deltas.at(-1)!.rev });
    // composition events are stored (not sent): a bundle's events rebuild the record's tally from them
    const tally = { batches: 0, mono: 0, pairs: {} };
    for (const e of await runEvents('rc-full')) if (e.type === 'composition') addComposition(tally, e);
    expect(tally).toEqual(rec.composition);
    c.encoder.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(tensors);
  }, 120_000);

  it('pause stops after the current step with a checkpoint; resuming gives the event stream of an uninterrupted run', async () => {
    const whole: RunDelta[] = [];
    const a = controller('rc-whole', 8, whole);
    a.start();
    await a.loop;
    a.encoder.dispose();

    const parts: RunDelta[] = [];
    const b = controller('rc-paused', 8, parts);
    b.start(undefined, 3); // the Step button's stop: paused after step 3
    await b.loop;
    expect(parts.at(-1)).toMatchObject({ status: 'paused', step: 3 });
    expect(b.resumeState?.step).toBe(3);
    expect((await loadCheckpoint('rc-paused'))?.step).toBe(3);
    b.start(b.resumeState);
    const pausing = new Promise<void>((done) => {
      const t = setInterval(() => {
        if (b.rec.step >= 5) {
          clearInterval(t);
          b.requestStop('pause');
          done();
        }
      }, 5);
    });
    await pausing;
    await b.loop;
    expect(b.rec.status).toBe('paused');
    b.start(b.resumeState);
    await b.loop;
    expect(b.rec.status).toBe('done');
    const noStatus = (xs: unknown[]) =>
      xs.filter((x) => (x as { type: string }).type !== 'start' && (x as { type: string }).type !== 'checkpoint');
    expect(noStatus(streamed(parts))).toEqual(noStatus(streamed(whole)));
    b.encoder.dispose();
  }, 180_000);
});
