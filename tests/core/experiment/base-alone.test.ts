import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseAloneConfig, isBaseAlone } from '../../../src/core/experiment/base-alone';
import { resolveConfig } from '../../../src/core/experiment/config';
import { newTinyBert } from '../../../src/core/model/checkpoint';
import { trainWordPiece } from '../../../src/core/model/wordpiece-trainer';
import type { RunEvent } from '../../../src/core/train/events';
import { evaluateEncoder, runTraining } from '../../../src/core/train/runner';
import { parallelDataset } from '../sampling/fixture';

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
});

describe('evaluating a base alone', () => {
  it('is the experiment with no training step, starting from the base', () => {
    const cfg = resolveConfig({ alpha: 0.25, steps: 300, evalEvery: 100, checkpointEvery: 50, evalMaxQueriesPerLang: 7 });
    const alone = resolveConfig(baseAloneConfig(cfg, 'idb:bases/b1', 'base alone · b1'));
    expect(alone).toMatchObject({
      steps: 0,
      warmupSteps: 0,
      evalEvery: 0,
      checkpointEvery: 0,
      baseCheckpoint: 'idb:bases/b1',
      name: 'base alone · b1',
      alpha: 0.25,
      evalMaxQueriesPerLang: 7,
    });
    expect(isBaseAlone(alone)).toBe(true);
    expect(isBaseAlone(cfg)).toBe(false);
  });

  it('runs as a 0-step run: no optimiser step, the model saved as is, one final evaluation of every query', async () => {
    const train = parallelDataset(['de', 'en'], 12),
      evalData = parallelDataset(['de', 'en'], 9);
    const vocab = trainWordPiece(
      [...train.queries, ...train.candidates].map((x) => x.text),
      { vocabSize: 120 },
    ).files;
    const encoder = newTinyBert({
      vocab,
      hidden: 16,
      layers: 1,
      heads: 2,
      intermediate: 32,
      maxPosition: 16,
      maxLength: 8,
      seed: 5,
    });
    const config = resolveConfig(
      baseAloneConfig(resolveConfig({ batchSize: 4, maxLength: 8, evalMaxQueriesPerLang: 2 }), 'idb:bases/b1', 'alone'),
    );
    const weights = () => Object.values(encoder.allVariables()).map((v) => Array.from(v.dataSync()));
    const before = weights();
    const saved: number[] = [];
    const events: RunEvent[] = [];
    const save = async (st: { step: number }) => {
      saved.push(st.step);
      return 'ckpt';
    };
    for await (const e of runTraining({
      config,
      train,
      eval: evalData,
      encoder,
      runId: 'alone',
      backend: 'wasm',
      lineage: ['pretrain:x', 'idb:bases/b1'],
      saveCheckpoint: save as never,
    }))
      events.push(e);
    expect(events.map((e) => e.type)).toEqual(['start', 'checkpoint', 'eval', 'done']);
    expect(saved).toEqual([0]);
    const ev = events.find((e) => e.type === 'eval') as Extract<RunEvent, { type: 'eval' }>;
    expect(ev).toMatchObject({ step: 0, final: true });
    expect(ev.result.counts.queries).toBe(evalData.queries.length); // the final evaluation ignores evalMaxQueriesPerLang
    expect(before.length).toBeGreaterThan(5);
    expect(weights()).toEqual(before);
    // Same numbers as evaluating the encoder directly: nothing was trained.
    const direct = await evaluateEncoder(encoder, evalData, { settings: config.evalSettings, maxLength: 8 });
    expect(ev.result.settings.multilingual?.map).toBeCloseTo(direct.settings.multilingual!.map, 10);
    encoder.dispose();
  }, 60_000);
});
