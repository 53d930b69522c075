/**
 * The last good checkpoint is always finite: the loss/gradient guard runs before the update, so an update
 * that itself overflows the weights (here: a learning rate far beyond what configs allow, so the AdamW step
 * size is Infinity in float32) is only caught by checking the state that is about to be saved.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/core/experiment/config';
import { trainingCorpus } from '../../../src/core/experiment/setup';
import { newTinyBert, type ModelFiles } from '../../../src/core/model/checkpoint';
import { readSafetensors } from '../../../src/core/model/safetensors';
import { trainWordPiece } from '../../../src/core/model/wordpiece-trainer';
import { checkpointFiles, NonFiniteStateError, readTrainerState } from '../../../src/core/train/checkpoint';
import type { RunEvent } from '../../../src/core/train/events';
import { runTraining, type TrainerState } from '../../../src/core/train/runner';
import { parallelDataset } from '../sampling/fixture';

const train = parallelDataset(['de', 'en', 'fr'], 30);
const evalData = parallelDataset(['de', 'en', 'fr'], 6);
const vocab = trainWordPiece(trainingCorpus(train), { vocabSize: 120 }).files;
const model = () =>
  newTinyBert({ vocab, hidden: 16, layers: 1, heads: 2, intermediate: 32, maxPosition: 16, maxLength: 8, seed: 3 });

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
});

describe('finite-only checkpoints', () => {
  it('checkpointFiles refuses a NaN weight or an infinite optimiser moment, naming it', async () => {
    const enc = model();
    const name = 'encoder.layer.0.output.dense.bias';
    const state = (v: Float32Array): TrainerState => ({
      runId: 'r',
      step: 7,
      sampler: {} as TrainerState['sampler'],
      lineage: [],
      config: resolveConfig({}),
      optimizer: { step: 7, m: { [name]: new Float32Array(16) }, v: { [name]: v } },
    });
    await expect(checkpointFiles(state(new Float32Array(16).fill(Infinity)), enc)).rejects.toThrow(
      `optimizer moment v.${name}[0] is +Infinity after step 7`,
    );
    const bias = enc.allVariables()[name];
    const values = (await bias.data()) as Float32Array;
    values[3] = NaN;
    bias.assign(tf.tensor(values, bias.shape));
    const err = await checkpointFiles(state(new Float32Array(16)), enc).catch((e) => e);
    expect(err).toBeInstanceOf(NonFiniteStateError);
    expect(err.message).toMatch(
      new RegExp(`^weight ${name.replace(/\./g, '\\.')}\\[3\\] is NaN after step 7: training diverged, no checkpoint written`),
    );
    enc.dispose();
  });

  it('an update that overflows the weights stops the run; the last saved checkpoint stays the finite one before it', async () => {
    // lr 1e42 is far outside the config's range (≤ 1): it is set past validation to force a real overflow.
    // Warm-up makes the first update use lr 0 (finite, saved at step 1); the second overflows.
    const config = {
      ...resolveConfig({
        steps: 4,
        batchSize: 6,
        warmupSteps: 2,
        evalEvery: 0,
        checkpointEvery: 1,
        maxLength: 8,
        weightDecay: 0.01,
      }),
      lr: 1e42,
    };
    const saved: ModelFiles[] = [];
    const events: RunEvent[] = [];
    const encoder = model();
    for await (const ev of runTraining({
      config,
      train,
      eval: evalData,
      encoder,
      runId: 'r',
      backend: 'wasm',
      saveCheckpoint: async (st, enc) => {
        saved.push(await checkpointFiles(st, enc));
        return `ckpt-${st.step}`;
      },
    }))
      events.push(ev);
    encoder.dispose();
    const steps = events.filter((e) => e.type === 'step') as Extract<RunEvent, { type: 'step' }>[];
    expect(steps.map((s) => Number.isFinite(s.loss))).toEqual([true, true]); // the loss guard saw nothing wrong
    const error = events.at(-1) as Extract<RunEvent, { type: 'error' }>;
    expect(error.type).toBe('error');
    expect(error.message).toMatch(/weight .* is (NaN|[+-]Infinity) after step 2: training diverged, no checkpoint written/);
    expect(error.lastCheckpoint).toBe('ckpt-1');
    expect(saved).toHaveLength(1);
    expect(readTrainerState(saved[0])!.step).toBe(1);
    for (const t of readSafetensors(saved[0]['model.safetensors']).tensors.values())
      expect(t.data.every(Number.isFinite)).toBe(true);
  });
});
