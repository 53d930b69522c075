import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EvalResult } from '../../../src/core/eval/types';
import { trainingCorpus } from '../../../src/core/experiment/setup';
import {
  planStudy,
  resolveStudyConfig,
  runStudy,
  StudyConfigError,
  type StudyHost,
  type StudyRun,
} from '../../../src/core/experiment/study';
import { newTinyBert } from '../../../src/core/model/checkpoint';
import { trainWordPiece } from '../../../src/core/model/wordpiece-trainer';
import type { RunEvent } from '../../../src/core/train/events';
import { runTraining } from '../../../src/core/train/runner';
import { parallelDataset } from '../sampling/fixture';

const train = parallelDataset(['de', 'en', 'sw'], 30);
const evalData = parallelDataset(['de', 'en', 'sw'], 6);
const vocab = trainWordPiece(trainingCorpus(train), { vocabSize: 120 }).files;

const study = resolveStudyConfig({
  name: 'tiny',
  base: {
    steps: 2,
    batchSize: 4,
    warmupSteps: 0,
    evalEvery: 0,
    maxLength: 8,
    model: { init: 'scratch', vocabSize: 120, hidden: 16, layers: 1, heads: 2, intermediate: 32 },
  },
  lowResourceLangs: ['sw'],
  caps: [3, 'full'],
  strategies: [
    { name: 'monolingual', alpha: 1 },
    { name: 'hybrid', alpha: 0.5 },
  ],
  seeds: [7],
});

/** A host that trains in memory (the core runner, no CLI) and stores results in a Map (the "run folders"). */
function memoryHost(store: Map<string, EvalResult>, opts: { failAt?: string } = {}): StudyHost & { executed: string[] } {
  const executed: string[] = [];
  return {
    executed,
    load: (run) => store.get(run.id),
    execute: async (run: StudyRun) => {
      if (run.id === opts.failAt) throw new Error(`interrupted at ${run.id}`);
      executed.push(run.id);
      const encoder = newTinyBert({
        vocab,
        hidden: 16,
        layers: 1,
        heads: 2,
        intermediate: 32,
        maxPosition: 16,
        maxLength: 8,
        seed: run.seed,
      });
      let final: EvalResult | undefined;
      for await (const ev of runTraining({
        config: run.config,
        train,
        eval: evalData,
        encoder,
        runId: run.id,
        backend: 'wasm',
      }) as AsyncGenerator<RunEvent>) {
        if (ev.type === 'eval' && ev.final) final = ev.result;
        if (ev.type === 'error') throw new Error(ev.message);
      }
      encoder.dispose();
      store.set(run.id, final!);
      return { result: final!, seconds: 0 };
    },
  };
}

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
});

describe('study plan', () => {
  it('one run per (cap, strategy, seed) with the cap on the low-resource language, alpha and the same seed', () => {
    const runs = planStudy(study);
    expect(runs.map((r) => r.id)).toEqual([
      'cap-3_monolingual_seed-7',
      'cap-3_hybrid_seed-7',
      'cap-full_monolingual_seed-7',
      'cap-full_hybrid_seed-7',
    ]);
    expect(runs.map((r) => r.config.caps)).toEqual([{ sw: 3 }, { sw: 3 }, {}, {}]);
    expect(runs.map((r) => r.config.alpha)).toEqual([1, 0.5, 1, 0.5]);
    expect(runs.every((r) => r.config.seed === 7 && r.config.steps === 2)).toBe(true);
  });

  it('validates the study config with field-named errors', () => {
    expect(() => resolveStudyConfig({ lowResourceLangs: [] })).toThrow(StudyConfigError);
    expect(() => resolveStudyConfig({ lowResourceLangs: ['sw'], caps: [-1] })).toThrow(/caps/);
    expect(() => resolveStudyConfig({ lowResourceLangs: ['sw'], strategies: [{ name: 'a', alpha: 2 }] })).toThrow(
      /strategies\[0\]\.alpha/,
    );
    expect(() => resolveStudyConfig({ lowResourceLangs: ['sw'], base: { stepz: 3 } })).toThrow(/stepz/);
    expect(resolveStudyConfig({ lowResourceLangs: ['sw'] }).strategies.map((s) => [s.name, s.alpha])).toEqual([
      ['monolingual', 1],
      ['cross-lingual', 0],
      ['hybrid', 0.5],
    ]);
  });
});

describe('runStudy (resumable)', () => {
  it('an interrupted study resumes: finished runs are skipped, the rest run, records come in plan order', async () => {
    const store = new Map<string, EvalResult>();
    const first = memoryHost(store, { failAt: 'cap-full_monolingual_seed-7' });
    await expect(runStudy(study, first)).rejects.toThrow(/interrupted/);
    expect(first.executed).toEqual(['cap-3_monolingual_seed-7', 'cap-3_hybrid_seed-7']);

    const second = memoryHost(store);
    const out = await runStudy(study, second);
    expect(out.skipped).toEqual(['cap-3_monolingual_seed-7', 'cap-3_hybrid_seed-7']);
    expect(out.ran).toEqual(['cap-full_monolingual_seed-7', 'cap-full_hybrid_seed-7']);
    expect(second.executed).toEqual(out.ran);
    expect(out.records.map((r) => [r.cap, r.strategy, r.alpha, r.seed])).toEqual([
      [3, 'monolingual', 1, 7],
      [3, 'hybrid', 0.5, 7],
      ['full', 'monolingual', 1, 7],
      ['full', 'hybrid', 0.5, 7],
    ]);
    expect(out.records.every((r) => r.result.settings.multilingual!.queries === 18)).toBe(true);

    const third = memoryHost(store);
    const again = await runStudy(study, third);
    expect(again.ran).toEqual([]);
    expect(third.executed).toEqual([]);
    expect(again.records.map((r) => r.result)).toEqual(out.records.map((r) => r.result));
  }, 120_000);
});
