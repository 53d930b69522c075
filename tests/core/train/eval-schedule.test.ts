import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig, type ExperimentConfig } from '../../../src/core/experiment/config';
import { trainingCorpus } from '../../../src/core/experiment/setup';
import { newTinyBert } from '../../../src/core/model/checkpoint';
import { trainWordPiece } from '../../../src/core/model/wordpiece-trainer';
import type { RunEvent } from '../../../src/core/train/events';
import { evaluateQuerySets, fingerprintQueries, fullSet, seededSubset } from '../../../src/core/train/query-sets';
import { evaluateEncoder, runTraining, type RunContext } from '../../../src/core/train/runner';
import { parallelDataset } from '../sampling/fixture';

const train = parallelDataset(['de', 'en', 'fr'], 40);
const evalData = parallelDataset(['de', 'en', 'fr'], 20);
const vocab = trainWordPiece(trainingCorpus(train), { vocabSize: 120 }).files;
const config = (over: Partial<ExperimentConfig> = {}) =>
  resolveConfig({
    steps: 9,
    batchSize: 6,
    lr: 5e-3,
    warmupSteps: 2,
    evalEvery: 3,
    evalMaxQueriesPerLang: 5,
    maxLength: 8,
    checkpointEverySeconds: 0,
    model: { init: 'scratch', vocabSize: 120, hidden: 16, layers: 1, heads: 2, intermediate: 32 },
    ...over,
  });
const model = () =>
  newTinyBert({ vocab, hidden: 16, layers: 1, heads: 2, intermediate: 32, maxPosition: 16, maxLength: 8, seed: 1 });
const ctx = (over: Partial<RunContext>): RunContext => ({
  config: config(),
  train,
  eval: evalData,
  encoder: model(),
  runId: 'r',
  backend: 'wasm',
  ...over,
});
type Eval = Extract<RunEvent, { type: 'eval' }>;

async function collect(gen: AsyncGenerator<RunEvent>): Promise<RunEvent[]> {
  const out: RunEvent[] = [];
  for await (const e of gen) out.push(e);
  return out;
}

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
});

describe('seededSubset', () => {
  it('takes the same questions in every language, spread by the seed, in dataset order', () => {
    const a = seededSubset(evalData, 5, 42),
      b = seededSubset(evalData, 5, 42),
      c = seededSubset(evalData, 5, 7);
    expect(a.set).toEqual(b.set);
    expect(a.set.count).toBe(15);
    expect(a.set.fingerprint).toMatch(/^[0-9a-f]{8}$/);
    expect(c.set.fingerprint).not.toBe(a.set.fingerprint);
    const ids = (lang: string) =>
      Array.from(a.idx)
        .filter((i) => evalData.queries[i].lang === lang)
        .map((i) => evalData.queries[i].xlingId);
    expect(ids('de')).toEqual(ids('fr'));
    expect(Array.from(a.idx)).toEqual(Array.from(a.idx).sort((x, y) => x - y));
    // not simply the first five questions
    expect(ids('de')).not.toEqual(
      evalData.queries
        .filter((q) => q.lang === 'de')
        .slice(0, 5)
        .map((q) => q.xlingId),
    );
  });

  it('is the full set when the cap covers every query or is 0', () => {
    expect(seededSubset(evalData, 0, 42).set.name).toBe('full');
    expect(seededSubset(evalData, 1000, 42).set).toEqual({
      name: 'full',
      count: 60,
      fingerprint: fingerprintQueries(evalData, [...evalData.queries.keys()]),
    });
  });
});

describe('runTraining evaluation schedule', () => {
  it('evaluates the starting model, then the same subset every time, then the subset and every query at the end', async () => {
    const evals = (await collect(runTraining(ctx({})))).filter((e): e is Eval => e.type === 'eval');
    expect(evals.map((e) => [e.step, e.final, e.querySet?.name])).toEqual([
      [0, false, 'subset'],
      [3, false, 'subset'],
      [6, false, 'subset'],
      [9, false, 'subset'],
      [9, true, 'full'],
    ]);
    const subsets = evals.filter((e) => e.querySet?.name === 'subset');
    expect(new Set(subsets.map((e) => e.querySet!.fingerprint)).size).toBe(1);
    expect(subsets.every((e) => e.querySet!.count === 15 && e.result.settings.multilingual!.queries === 15)).toBe(true);
    const full = evals.at(-1)!;
    expect(full.querySet).toMatchObject({ name: 'full', count: 60 });
    expect(full.result.settings.multilingual!.queries).toBe(60);
    expect(full.querySet!.fingerprint).not.toBe(subsets[0].querySet!.fingerprint);
  });

  it('the subset scored from the shared embedding pass equals the subset evaluated alone', async () => {
    const enc = model(),
      opts = { settings: ['monolingual', 'multilingual'] as const, maxLength: 8 };
    const sub = seededSubset(evalData, 5, 42);
    const [together] = await evaluateQuerySets(enc, evalData, [sub, fullSet(evalData)], {
      ...opts,
      settings: [...opts.settings],
    });
    const [alone] = await evaluateQuerySets(enc, evalData, [sub], { ...opts, settings: [...opts.settings] });
    expect(together.settings.multilingual!.queries).toBe(15);
    expect(together.settings.multilingual!.map).toBeCloseTo(alone.settings.multilingual!.map, 6);
    expect(together.settings.monolingual!.map).toBeCloseTo(alone.settings.monolingual!.map, 6);
    enc.dispose();
  });

  it('the final full evaluation equals the previous single-set path (evaluateEncoder) exactly', async () => {
    const enc = model(),
      settings = ['monolingual', 'crosslingual', 'multilingual'] as ('monolingual' | 'crosslingual' | 'multilingual')[];
    const [viaSets] = await evaluateQuerySets(enc, evalData, [seededSubset(evalData, 5, 42), fullSet(evalData)], {
      settings,
      maxLength: 8,
    }).then((r) => [r[1]]);
    const old = await evaluateEncoder(enc, evalData, { settings, maxLength: 8 });
    expect(viaSets.settings).toEqual(old.settings);
    expect(viaSets.languageBias).toEqual(old.languageBias);
    enc.dispose();
  });

  it('without periodic evaluation there is only the final one, on every query', async () => {
    const evals = (await collect(runTraining(ctx({ config: config({ evalEvery: 0 }) })))).filter(
      (e): e is Eval => e.type === 'eval',
    );
    expect(evals.map((e) => [e.step, e.final, e.querySet?.name])).toEqual([[9, true, 'full']]);
  });

  it('saves a checkpoint whenever checkpointEverySeconds have passed, and reports its cost', async () => {
    let t = 0;
    const saved: number[] = [];
    const cfg = config({ evalEvery: 0, checkpointEverySeconds: 2.5 });
    // Each step advances the fake clock by one second; saving takes 0.25 s.
    const events: RunEvent[] = [];
    for await (const e of runTraining(
      ctx({
        config: cfg,
        now: () => t,
        saveCheckpoint: async (st) => {
          saved.push(st.step);
          t += 250;
          return `ckpt-${st.step}`;
        },
      }),
    )) {
      events.push(e);
      if (e.type === 'step') t += 1000;
    }
    expect(saved).toEqual([3, 6, 9]); // ≥ 2.5 s after each save (3, 6); 9 is the end-of-run checkpoint
    const ck = events.filter((e): e is Extract<RunEvent, { type: 'checkpoint' }> => e.type === 'checkpoint');
    expect(ck.every((c) => c.ms === 250)).toBe(true);
  });
});
