import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { importLexicon } from '../../../src/core/data/lexicon';
import { resolveConfig } from '../../../src/core/experiment/config';
import { prepareModel } from '../../../src/core/experiment/setup';
import { newTinyBert, saveEncoder, type ModelFiles } from '../../../src/core/model/checkpoint';
import { trainWordPiece } from '../../../src/core/model/wordpiece-trainer';
import { checkpointFiles, lineageFile, LINEAGE_FILE } from '../../../src/core/train/checkpoint';
import type { RunEvent } from '../../../src/core/train/events';
import { DEFAULT_PRETRAIN, runPretraining, splitHeldOut, type PretrainEvent } from '../../../src/core/train/pretrain';
import { runTraining } from '../../../src/core/train/runner';
import { parallelDataset } from '../sampling/fixture';

// A synthetic 3-language lexicon: concept k is "a<k>" / "b<k>x" / "c<k>yz" — the words share nothing lexically,
// so only training can align them.
const rows = ['en\tde\tfr', ...Array.from({ length: 300 }, (_, k) => `w${k}a\tq${k}b\tz${k}c`)];
const lexicon = importLexicon([{ name: 'toy-lexicon.tsv', bytes: new TextEncoder().encode(rows.join('\n') + '\n') }]);
const corpus = lexicon.pairs.flatMap((p) => [p.a, p.b]);
const vocab = trainWordPiece(corpus, { vocabSize: 200 }).files;
const tiny = () =>
  newTinyBert({ vocab, hidden: 16, layers: 1, heads: 2, intermediate: 32, maxPosition: 16, maxLength: 8, seed: 3 });

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
});

describe('pre-training on a lexicon', () => {
  it('holds out whole concepts', () => {
    const { train, heldOut } = splitHeldOut(lexicon, 60, 1);
    const trainConcepts = new Set(train.pairs.map((p) => p.concept));
    expect(heldOut.length).toBeGreaterThan(20);
    for (const p of heldOut) expect(trainConcepts.has(p.concept)).toBe(false);
  });

  it('lowers the held-out translation-ranking loss', async () => {
    const cfg = {
      ...DEFAULT_PRETRAIN,
      steps: 150,
      batchSize: 16,
      lr: 1e-2,
      warmupSteps: 10,
      heldOutPairs: 60,
      evalEvery: 0,
      maxLength: 8,
    };
    const evs: PretrainEvent[] = [];
    for await (const e of runPretraining({ config: cfg, data: lexicon, encoder: tiny(), backend: 'wasm' })) evs.push(e);
    const evals = evs.filter((e) => e.type === 'translation-eval') as Array<Extract<PretrainEvent, { type: 'translation-eval' }>>;
    expect(evals.map((e) => e.step)).toEqual([0, 150]);
    expect(evals[1].loss).toBeLessThan(evals[0].loss - 0.5);
    expect(evals[1].accuracy).toBeGreaterThan(evals[0].accuracy);
  }, 120_000);
});

describe('fine-tuning from a base', () => {
  it('records the lineage and resumes correctly', async () => {
    const base = tiny();
    const baseFiles: ModelFiles = { ...(await saveEncoder(base)), [LINEAGE_FILE]: lineageFile(['pretrain:toy-lexicon.tsv']) };
    base.dispose();
    const train = parallelDataset(['de', 'en', 'fr'], 30),
      evalData = parallelDataset(['de', 'en', 'fr'], 6);
    const cfg = resolveConfig({ steps: 8, batchSize: 4, evalEvery: 0, maxLength: 8, baseCheckpoint: 'bases/toy' });
    const folders: Record<string, ModelFiles> = { 'bases/toy': baseFiles };
    const load = (p: string) => {
      if (!folders[p]) throw new Error(`no folder ${p}`);
      return folders[p];
    };
    const strip = (evs: RunEvent[]) => evs.filter((e) => e.type === 'step').map((e) => ({ ...e, ms: 0 }));

    const full = prepareModel(cfg, train, load);
    expect(full.lineage).toEqual(['pretrain:toy-lexicon.tsv', 'bases/toy']);
    const fullEvents: RunEvent[] = [];
    for await (const e of runTraining({
      config: cfg,
      train,
      eval: evalData,
      encoder: full.encoder,
      runId: 'x',
      backend: 'wasm',
      lineage: full.lineage,
    }))
      fullEvents.push(e);
    expect(fullEvents[0]).toMatchObject({ type: 'start', lineage: ['pretrain:toy-lexicon.tsv', 'bases/toy'] });

    const first = prepareModel(cfg, train, load);
    const part: RunEvent[] = [];
    const save = async (st: Parameters<typeof checkpointFiles>[0], enc: Parameters<typeof checkpointFiles>[1]) => {
      folders['runs/x/checkpoint'] = await checkpointFiles(st, enc);
      return 'runs/x/checkpoint';
    };
    for await (const e of runTraining({
      config: cfg,
      train,
      eval: evalData,
      encoder: first.encoder,
      runId: 'x',
      backend: 'wasm',
      lineage: first.lineage,
      stopAtStep: 3,
      saveCheckpoint: save,
    }))
      part.push(e);
    const resumed = prepareModel(cfg, train, load, 'runs/x/checkpoint');
    expect(resumed.lineage).toEqual(['pretrain:toy-lexicon.tsv', 'bases/toy']);
    expect(resumed.trainerState!.step).toBe(3);
    for await (const e of runTraining({
      config: cfg,
      train,
      eval: evalData,
      encoder: resumed.encoder,
      runId: 'x',
      backend: 'wasm',
      resume: resumed.trainerState,
    }))
      part.push(e);
    expect(strip(part)).toEqual(strip(fullEvents));
  }, 120_000);
});
