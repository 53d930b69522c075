import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/core/experiment/config';
import { trainingCorpus } from '../../../src/core/experiment/setup';
import { newTinyBert } from '../../../src/core/model/checkpoint';
import { trainWordPiece } from '../../../src/core/model/wordpiece-trainer';
import { batchAt } from '../../../src/core/sampling/experiment-sampler';
import type { RunEvent } from '../../../src/core/train/events';
import { runTraining } from '../../../src/core/train/runner';
import { parallelDataset } from './fixture';

const train = parallelDataset(['de', 'en', 'fr', 'es'], 40);
const evalData = parallelDataset(['de', 'en', 'fr', 'es'], 6);

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
});

describe('batchAt', () => {
  it('re-draws exactly the batches the training loop sampled (kind, language, composition) at every step', async () => {
    const config = resolveConfig({
      steps: 7,
      batchSize: 5,
      evalEvery: 0,
      maxLength: 8,
      alpha: 0.5,
      seed: 9,
      heldOutLangs: ['es'],
      caps: { fr: 10 },
      model: { init: 'scratch', vocabSize: 80, hidden: 8, layers: 1, heads: 1, intermediate: 16 },
      baseCheckpoint: null,
    });
    const vocab = trainWordPiece(trainingCorpus(train), { vocabSize: 80 }).files;
    const encoder = newTinyBert({
      vocab,
      hidden: 8,
      layers: 1,
      heads: 1,
      intermediate: 16,
      maxPosition: 16,
      maxLength: 8,
      seed: 1,
    });
    const seen: Array<Extract<RunEvent, { type: 'composition' }>> = [];
    for await (const e of runTraining({ config, train, eval: evalData, encoder, runId: 'r', backend: 'wasm' }))
      if (e.type === 'composition') seen.push(e);
    encoder.dispose();
    expect(seen).toHaveLength(7);
    for (const e of seen) {
      const b = batchAt(config, train, e.step);
      expect({ kind: b.kind, lang: b.lang, size: b.pairs.length, pairs: b.composition }).toEqual({
        kind: e.kind,
        lang: e.lang,
        size: e.size,
        pairs: e.pairs,
      });
      for (const p of b.pairs) expect([p.queryLang, p.passageLang]).not.toContain('es');
    }
  });

  it('refuses a step that is not a whole number ≥ 0', () => {
    const config = resolveConfig({ baseCheckpoint: null });
    expect(() => batchAt(config, train, -1)).toThrow(/whole number/);
  });
});
