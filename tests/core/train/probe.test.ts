import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig, type ExperimentConfig } from '../../../src/core/experiment/config';
import { trainingCorpus } from '../../../src/core/experiment/setup';
import { createEncoder, newTinyBert, type ModelFiles } from '../../../src/core/model/checkpoint';
import { trainWordPiece } from '../../../src/core/model/wordpiece-trainer';
import { checkpointFiles, readTrainerState } from '../../../src/core/train/checkpoint';
import type { RunEvent } from '../../../src/core/train/events';
import { DISTRACTORS_PER_QUERY, probeSet } from '../../../src/core/train/probe-set';
import { runTraining, type RunContext } from '../../../src/core/train/runner';
import { parallelDataset } from '../sampling/fixture';

const train = parallelDataset(['de', 'en', 'fr'], 40);
const evalData = parallelDataset(['de', 'en', 'fr'], 30);
const vocab = trainWordPiece(trainingCorpus(train), { vocabSize: 120 }).files;
const config = (over: Partial<ExperimentConfig> = {}) =>
  resolveConfig({
    steps: 10,
    batchSize: 6,
    lr: 5e-3,
    warmupSteps: 2,
    evalEvery: 5,
    evalMaxQueriesPerLang: 6,
    maxLength: 8,
    checkpointEverySeconds: 0,
    probeEvery: 2,
    probeQueriesPerLang: 3,
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
const isProbe = (e: RunEvent) => e.type === 'eval' && e.querySet?.name === 'probe';
/** The stream without timings (the only thing allowed to differ between two identical runs). */
const untimed = (evs: RunEvent[]) =>
  evs
    .filter((e) => e.type === 'step' || e.type === 'composition' || e.type === 'eval')
    .map((e) =>
      e.type === 'step' ? { ...e, ms: 0 } : e.type === 'eval' ? { ...e, result: { ...e.result, timing: { seconds: 0 } } } : e,
    );

async function collect(gen: AsyncGenerator<RunEvent>): Promise<RunEvent[]> {
  const out: RunEvent[] = [];
  for await (const e of gen) out.push(e);
  return out;
}

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
});

describe('probeSet', () => {
  it('is fixed by the seed: the same questions in every language, all their answers, a seeded distractor pool', () => {
    const a = probeSet(evalData, 3, 42)!,
      b = probeSet(evalData, 3, 42)!,
      c = probeSet(evalData, 3, 7)!;
    expect(a.set).toEqual(b.set);
    expect(a.set).toMatchObject({ name: 'probe', count: 9 });
    expect(c.set.fingerprint).not.toBe(a.set.fingerprint);
    const ids = (lang: string) => a.data.queries.filter((q) => q.lang === lang).map((q) => q.xlingId);
    expect(ids('de')).toHaveLength(3);
    expect(ids('en')).toEqual(ids('de'));
    const pool = new Set(a.data.candidates.map((c) => c.uid));
    for (const q of a.data.queries) for (const uid of evalData.relevant.get(q.xlingId)!) expect(pool.has(uid)).toBe(true);
    // per language: 3 answers + DISTRACTORS_PER_QUERY × 3 others
    expect(a.data.candidates.filter((c) => c.lang === 'fr')).toHaveLength(3 + DISTRACTORS_PER_QUERY * 3);
    expect(a.data.candidates.length).toBeLessThan(evalData.candidates.length / 2);
  });

  it('is absent when asked for no queries', () => {
    expect(probeSet(evalData, 0, 42)).toBeNull();
  });
});

describe('runTraining with the probe set', () => {
  it('evaluates the probe at step 0, every probeEvery steps and at the end, and changes nothing else', async () => {
    const on = await collect(runTraining(ctx({})));
    const probes = on.filter(isProbe) as Eval[];
    expect(probes.map((e) => e.step)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(new Set(probes.map((e) => e.querySet!.fingerprint)).size).toBe(1);
    expect(probes.every((e) => !e.final && e.result.settings.multilingual!.queries === 9)).toBe(true);
    const off = await collect(runTraining(ctx({ config: config({ probeEvery: 0 }) })));
    expect(off.some(isProbe)).toBe(false);
    // Same batches, losses, subset and final evaluations, bit for bit.
    expect(untimed(on.filter((e) => !isProbe(e)))).toEqual(untimed(off));
  });

  it('is off unless it updates more often than the subset evaluation', async () => {
    for (const over of [{ probeEvery: 5 }, { probeEvery: 7 }, { evalEvery: 0 }]) {
      const evs = await collect(runTraining(ctx({ config: config(over) })));
      expect(evs.some(isProbe), JSON.stringify(over)).toBe(false);
    }
  });

  it('a resumed run continues the same stream, probes included, none repeated', async () => {
    const full = await collect(runTraining(ctx({})));
    let saved: ModelFiles | undefined;
    const first = await collect(
      runTraining(
        ctx({
          stopAtStep: 4,
          saveCheckpoint: async (st, enc) => {
            saved = await checkpointFiles(st, enc);
            return 'mem';
          },
        }),
      ),
    );
    const state = readTrainerState(saved!)!;
    expect(state.step).toBe(4);
    const rest = await collect(
      runTraining(
        ctx({ encoder: createEncoder(saved!), resume: { ...state, sampler: JSON.parse(JSON.stringify(state.sampler)) } }),
      ),
    );
    expect(untimed([...first, ...rest])).toEqual(untimed(full));
  });
});
