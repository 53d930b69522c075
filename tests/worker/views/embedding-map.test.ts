/**
 * The Embedding map of an evaluation (src/worker/views/map-store.ts, inspect.ts, runs.ts): a browser run saves the
 * map's sample embeddings at each non-probe evaluation, `embeddingMap` with a step projects that evaluation, and
 * deleting the run deletes its maps. tfjs WASM with fake-indexeddb.
 */
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/core/experiment/config';
import { prepareModel } from '../../../src/core/experiment/setup';
import { runTraining } from '../../../src/core/train/runner';
import { getDataset, importFiles } from '../../../src/worker/datasets/datasets';
import { RunController } from '../../../src/worker/runs/run-controller';
import type { RunRecord } from '../../../src/worker/runs/run-types';
import { deleteRun, runEmbeddingMap, runMapSteps } from '../../../src/worker/runs/runs';
import { mapSample } from '../../../src/worker/views/inspect';
import { loadMap } from '../../../src/worker/views/map-store';

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

let trainId = '',
  evalId = '';
beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
  trainId = (
    await importFiles(
      ['de', 'en'].map((l) => demo('train', l)),
      'map-train',
      'train',
    )
  ).id;
  evalId = (
    await importFiles(
      ['de', 'en'].map((l) => demo('eval', l)),
      'map-eval',
      'eval',
    )
  ).id;
});

describe('embedding maps of evaluations', () => {
  it('a run saves one map per subset/full evaluation (probes not), a step projects that evaluation, delete removes them', async () => {
    const train = getDataset(trainId),
      evalDs = getDataset(evalId);
    const cfg = resolveConfig({
      name: 'maps',
      steps: 8,
      batchSize: 4,
      warmupSteps: 1,
      evalEvery: 4,
      probeEvery: 2,
      probeQueriesPerLang: 2,
      evalMaxQueriesPerLang: 3,
      maxLength: 12,
      seed: 5,
      baseCheckpoint: null,
      lr: 5e-3,
      model: { init: 'scratch', vocabSize: 300, hidden: 16, layers: 1, heads: 2, intermediate: 32 },
    });
    const prepared = prepareModel(cfg, train, () => ({}));
    const now = Date.now();
    const rec: RunRecord = {
      id: 'map-run',
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
    const c = new RunController(rec, prepared.encoder, train, evalDs, () => undefined);
    const tensors = tf.memory().numTensors;
    c.start();
    await c.loop;
    expect(c.rec.status).toBe('done');
    expect(tf.memory().numTensors).toBe(tensors); // the map's embeddings leave no tensor behind
    c.encoder.dispose();

    // Saving the maps changed nothing in training: the same run driven by the core runner alone has the same losses and metrics.
    const bare = prepareModel(cfg, train, () => ({}));
    const losses: number[] = [],
      metrics: unknown[] = [];
    for await (const ev of runTraining({
      config: cfg,
      train,
      eval: evalDs,
      encoder: bare.encoder,
      runId: 'bare',
      backend: 'wasm',
      lineage: bare.lineage,
      perQueryFull: true,
      saveCheckpoint: async () => 'k',
    })) {
      if (ev.type === 'step') losses.push(ev.loss);
      if (ev.type === 'eval') metrics.push(ev.result.settings);
    }
    bare.encoder.dispose();
    expect(c.stored().loss.map(([, l]) => l)).toEqual(losses);
    expect(losses.length).toBe(8);
    expect(rec.metrics.map((m) => m.result.settings)).toEqual(metrics);

    const sets = (name: string) => rec.metrics.filter((m) => m.querySet?.name === name).map((m) => m.step);
    expect(sets('probe').length).toBeGreaterThan(0);
    expect(sets('subset')).toEqual([0, 4, 8]);
    expect(sets('full')).toEqual([8]);
    // One map per evaluated step: probe-only steps (2, 6) have none; the final step lists both of its query sets.
    expect(await runMapSteps('map-run')).toEqual([
      { step: 0, querySets: ['subset'] },
      { step: 4, querySets: ['subset'] },
      { step: 8, querySets: ['subset', 'full'] },
    ]);
    const sample = mapSample(evalDs);
    const saved = (await loadMap('map-run', 0))!;
    expect(saved.emb.byteLength).toBe((sample.queries.length + sample.passages.length) * saved.dim * 4);

    const at0 = await runEmbeddingMap('map-run', undefined, 0);
    const at8 = await runEmbeddingMap('map-run', undefined, 8);
    const latest = await runEmbeddingMap('map-run'); // from the step-8 checkpoint
    expect(at0.step).toBe(0);
    expect(at0.points.length).toBe(sample.queries.length + sample.passages.length);
    expect(at0.points.map((p) => p.text)).toEqual(at8.points.map((p) => p.text)); // the same sample …
    const xy = (m: typeof at0) => m.points.flatMap((p) => [p.x, p.y]);
    expect(xy(at0)).not.toEqual(xy(at8)); // … where the weights of step 0 put it elsewhere
    // The final evaluation's saved map is the map of the final checkpoint (same weights; PCA signs may flip).
    expect(latest.step).toBe(8);
    xy(latest).forEach((v, i) => expect(Math.abs(v)).toBeCloseTo(Math.abs(xy(at8)[i]), 3));
    await expect(runEmbeddingMap('map-run', undefined, 2)).rejects.toThrow(/no saved embedding map at step 2/);

    await deleteRun('map-run');
    expect(await runMapSteps('map-run')).toEqual([]);
  }, 120_000);
});
