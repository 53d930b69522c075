import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig, type ExperimentConfig } from '../../../src/core/experiment/config';
import { newTinyBert, createEncoder, type ModelFiles } from '../../../src/core/model/checkpoint';
import { trainWordPiece } from '../../../src/core/model/wordpiece-trainer';
import { checkpointFiles, readTrainerState } from '../../../src/core/train/checkpoint';
import type { RunEvent } from '../../../src/core/train/events';
import { runTraining, type RunContext } from '../../../src/core/train/runner';
import { trainingCorpus } from '../../../src/core/experiment/setup';
import { parallelDataset } from '../sampling/fixture';

const train = parallelDataset(['de', 'en', 'fr'], 60);
const evalData = parallelDataset(['de', 'en', 'fr'], 12);
const vocab = trainWordPiece(trainingCorpus(train), { vocabSize: 120 }).files;
const config = (over: Partial<ExperimentConfig> = {}) =>
  resolveConfig({
    steps: 12,
    batchSize: 6,
    lr: 5e-3,
    warmupSteps: 2,
    evalEvery: 6,
    evalMaxQueriesPerLang: 6,
    maxLength: 8,
    model: { init: 'scratch', vocabSize: 120, hidden: 16, layers: 1, heads: 2, intermediate: 32 },
    ...over,
  });
const model = (seed = 1) =>
  newTinyBert({ vocab, hidden: 16, layers: 1, heads: 2, intermediate: 32, maxPosition: 16, maxLength: 8, seed });
const ctx = (over: Partial<RunContext>): RunContext => ({
  config: config(),
  train,
  eval: evalData,
  encoder: model(),
  runId: 'r',
  backend: 'wasm',
  ...over,
});

async function collect(gen: AsyncGenerator<RunEvent>): Promise<RunEvent[]> {
  const out: RunEvent[] = [];
  for await (const e of gen) out.push(e);
  return out;
}
const trainingEvents = (evs: RunEvent[]) =>
  evs
    .filter((e) => e.type === 'step' || e.type === 'composition' || e.type === 'eval')
    .map((e) =>
      e.type === 'step' ? { ...e, ms: 0 } : e.type === 'eval' ? { ...e, result: { ...e.result, timing: { seconds: 0 } } } : e,
    );

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
});

describe('runTraining', () => {
  it('emits start, composition/step per batch, periodic and final evaluation, done', async () => {
    const evs = await collect(runTraining(ctx({})));
    expect(evs[0].type).toBe('start');
    expect(evs.filter((e) => e.type === 'step')).toHaveLength(12);
    const evals = evs.filter((e) => e.type === 'eval') as Extract<RunEvent, { type: 'eval' }>[];
    expect(evals.map((e) => [e.step, e.final, e.querySet?.name])).toEqual([
      [0, false, 'subset'],
      [6, false, 'subset'],
      [12, false, 'subset'],
      [12, true, 'full'],
    ]);
    expect(evals[3].result.settings.multilingual!.queries).toBe(36); // the final evaluation uses every query
    expect(evs[evs.length - 1].type).toBe('done');
  });

  it('a short run lowers the loss', async () => {
    const evs = await collect(runTraining(ctx({ config: config({ steps: 60, evalEvery: 0, warmupSteps: 5, lr: 1e-2 }) })));
    const losses = evs.filter((e) => e.type === 'step').map((e) => (e as { loss: number }).loss);
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    expect(mean(losses.slice(-10))).toBeLessThan(mean(losses.slice(0, 10)) - 0.3);
  });

  it('resume from a checkpoint continues the same event stream as an uninterrupted run', async () => {
    const full = await collect(runTraining(ctx({})));
    let saved: ModelFiles | undefined;
    const first = await collect(
      runTraining(
        ctx({
          stopAtStep: 5,
          saveCheckpoint: async (st, enc) => {
            saved = await checkpointFiles(st, enc);
            return 'mem';
          },
        }),
      ),
    );
    expect(first.some((e) => e.type === 'done')).toBe(false);
    const state = readTrainerState(saved!)!;
    expect(state.step).toBe(5);
    // Round-trip through JSON like a file or IndexedDB would.
    const restored = { ...state, sampler: JSON.parse(JSON.stringify(state.sampler)) };
    const rest = await collect(runTraining(ctx({ encoder: createEncoder(saved!), resume: restored })));
    expect(rest[0]).toMatchObject({ type: 'start', startStep: 5 });
    expect(trainingEvents([...first, ...rest])).toEqual(trainingEvents(full));
  });

  it('stops with a clear message on a non-finite loss and keeps the last checkpoint', async () => {
    // Poison the weights right after the step-3 checkpoint: step 4's loss is NaN.
    const poison = async (st: { step: number }, enc: RunContext['encoder']) => {
      if (st.step === 3) {
        const w = enc.allVariables()['embeddings.word_embeddings.weight'];
        w.assign(tf.fill(w.shape, NaN));
      }
      return `ckpt-${st.step}`;
    };
    const evs = await collect(
      runTraining(ctx({ config: config({ steps: 30, checkpointEvery: 1, evalEvery: 0 }), saveCheckpoint: poison })),
    );
    const err = evs.find((e) => e.type === 'error') as Extract<RunEvent, { type: 'error' }>;
    expect(err).toBeDefined();
    expect(err.message).toMatch(/NaN|Infinity|non-finite/i);
    expect(err.step).toBe(3);
    expect(err.lastCheckpoint).toBe('ckpt-3');
    expect(evs.some((e) => e.type === 'done')).toBe(false);
  });

  it('memory stays flat: the tensor count after 1,000 steps equals that after 10', async () => {
    const encoder = model();
    const counts = new Map<number, number>();
    const cfg = config({ steps: 1000, evalEvery: 0, batchSize: 4, maxLength: 6 });
    for await (const e of runTraining(ctx({ encoder, config: cfg }))) {
      if (e.type === 'step' && (e.step === 10 || e.step === 1000)) counts.set(e.step, tf.memory().numTensors);
    }
    expect(counts.get(1000)).toBe(counts.get(10));
    encoder.dispose();
  }, 300_000);
});
