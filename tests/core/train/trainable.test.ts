/**
 * Partial fine-tuning (core/model/trainable.ts): frozen parts are absent from trainableVariables(), get no
 * gradient, no AdamW moments, and stay bit-identical through a step; memory during a step is measured with
 * tf.profile (peak bytes, persistent new tensors/bytes) with and without freezing. Big vocabularies (> 50k
 * rows): the word-embedding matrix is frozen in every mode, so no dense [V, H] gradient is ever built.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../../../src/core/experiment/config';
import type { BertEncoder } from '../../../src/core/model/bert';
import { createEncoder, type ModelFiles } from '../../../src/core/model/checkpoint';
import { readModelWeights, writeSafetensors } from '../../../src/core/model/safetensors';
import { BIG_VOCAB_ROWS, parseTrainable, type TrainableSetting, WORD_EMBEDDINGS } from '../../../src/core/model/trainable';
import { AdamW } from '../../../src/core/train/adamw';
import type { RunEvent } from '../../../src/core/train/events';
import { runTraining } from '../../../src/core/train/runner';
import { ContrastiveTrainer } from '../../../src/core/train/step';
import { parallelDataset } from '../sampling/fixture';
import { fixtureTitle, hasFixture, loadFixture, useWasm } from '../model/fixtures';

const NAME = 'tiny-bert';

describe('trainable setting (config)', () => {
  it('defaults to "all" and validates naming the field and the fix', () => {
    expect(resolveConfig({}).trainable).toBe('all');
    expect(resolveConfig({ trainable: { mode: 'top-k', k: 2 } }).trainable).toEqual({ mode: 'top-k', k: 2 });
    expect(resolveConfig({ trainable: 'pooling-only' }).trainable).toBe('pooling-only');
    for (const bad of ['top-k', 'some', { mode: 'top-k' }, { mode: 'top-k', k: -1 }, { mode: 'top-k', k: 1.5 }, 3]) {
      expect(() => resolveConfig({ trainable: bad } as never)).toThrow(ConfigError);
      expect(() => resolveConfig({ trainable: bad } as never)).toThrow(/config field "trainable".*Fix:/);
    }
    expect(parseTrainable('all-but-embeddings')).toEqual({ mode: 'all-but-embeddings' });
  });
});

/** The fixture batch as a training step (4 queries, 4 positives, 4 hard negatives). */
async function profiledStep(enc: BertEncoder, texts: string[]) {
  const opt = new AdamW({ lr: 1e-3 });
  const trainer = new ContrastiveTrainer(enc, opt);
  const batch = { queries: texts.slice(0, 4), positives: texts.slice(4, 8), negatives: texts.slice(8, 12) };
  const o = { temperature: 0.05, variant: 'mnrl' as const, maxLength: 64, gradClip: 1 };
  const info = await tf.profile(async () => {
    await trainer.step(batch, 1e-3, 0, o);
  });
  const moments = Object.keys(opt.getState().m);
  opt.dispose();
  return { peakBytes: info.peakBytes, newTensors: info.newTensors, newBytes: info.newBytes, moments };
}

const paramBytes = (vars: Record<string, tf.Variable>) => Object.values(vars).reduce((s, v) => s + 4 * v.size, 0);

describe.skipIf(!hasFixture(NAME))(fixtureTitle(NAME, 'partial fine-tuning'), () => {
  it('selects parameters per mode; frozen ones get no gradient, no moments and do not change', async () => {
    await useWasm();
    const { files, ref } = loadFixture(NAME);
    const rows: string[] = [];
    const cases: Array<[TrainableSetting, (k: string) => boolean, string]> = [
      ['all', (k) => !k.startsWith('pooler.'), 'mean'],
      ['all-but-embeddings', (k) => k.startsWith('encoder.'), 'mean'],
      [{ mode: 'top-k', k: 1 }, (k) => k.startsWith('encoder.layer.1.'), 'mean'],
      [{ mode: 'top-k', k: 2 }, (k) => k.startsWith('encoder.layer.'), 'mean'],
      ['pooling-only', (k) => k.startsWith('pooler.'), 'pooler'],
    ];
    for (const [spec, expected, pooling] of cases) {
      const enc = createEncoder(files, { pooling: pooling as 'mean' | 'pooler', maxLength: 64 });
      enc.setTrainable(spec);
      const all = enc.allVariables();
      const names = Object.keys(enc.trainableVariables()).sort();
      expect(names, JSON.stringify(spec)).toEqual(Object.keys(all).filter(expected).sort());
      for (const [k, v] of Object.entries(all)) expect(v.trainable, k).toBe(names.includes(k));
      const before = Object.fromEntries(
        await Promise.all(Object.entries(all).map(async ([k, v]) => [k, (await v.data()).slice()] as const)),
      );
      const tensorsBefore = tf.memory().numTensors;
      const m = await profiledStep(enc, ref.texts);
      // Only trained variables have moments: the step's only persistent tensors are 2 moments per trained variable.
      expect(m.moments.sort()).toEqual(names);
      expect(tf.memory().numTensors - tensorsBefore).toBe(0); // optimiser disposed again
      expect(m.newTensors).toBe(2 * names.length);
      expect(m.newBytes).toBe(2 * paramBytes(enc.trainableVariables()));
      for (const [k, v] of Object.entries(all)) {
        const now = await v.data();
        const same = now.every((x, i) => x === before[k][i]);
        expect(same, `${k} ${names.includes(k) ? 'should change' : 'is frozen'}`).toBe(!names.includes(k));
      }
      rows.push(
        `${JSON.stringify(spec).padEnd(28)} trained ${String(names.length).padStart(2)} tensors / ${String(paramBytes(enc.trainableVariables())).padStart(6)} B; step: peak ${m.peakBytes} B, optimiser +${m.newTensors} tensors / +${m.newBytes} B`,
      );
      enc.dispose();
    }
    console.log(`${NAME} partial fine-tuning (one step, tf.profile):\n  ${rows.join('\n  ')}`);
  });

  it('the peak memory of a step shrinks with freezing', async () => {
    await useWasm();
    const { files, ref } = loadFixture(NAME);
    const peak = async (spec: TrainableSetting) => {
      const enc = createEncoder(files, { maxLength: 64 });
      enc.setTrainable(spec);
      const m = await profiledStep(enc, ref.texts);
      enc.dispose();
      return m.peakBytes;
    };
    const all = await peak('all'),
      noEmb = await peak('all-but-embeddings'),
      top1 = await peak({ mode: 'top-k', k: 1 });
    expect(noEmb).toBeLessThan(all);
    expect(top1).toBeLessThan(noEmb);
  });

  it('errors clearly when a mode cannot apply', () => {
    const { files } = loadFixture(NAME);
    const enc = createEncoder(files, { maxLength: 64 });
    expect(() => enc.setTrainable('pooling-only')).toThrow(/mean\/CLS.*no weights/);
    expect(() => enc.setTrainable({ mode: 'top-k', k: 3 })).toThrow(/only 2 layers/);
    enc.setTrainable({ mode: 'top-k', k: 0 });
    expect(() => new ContrastiveTrainer(enc, new AdamW({ lr: 1e-3 }))).toThrow(/nothing to train/);
    enc.dispose();
  });

  it('the runner applies config.trainable, and reports a setting that cannot apply as an error event', async () => {
    await useWasm();
    const data = parallelDataset(['de', 'en'], 8);
    const cfg = (trainable: TrainableSetting) =>
      resolveConfig({
        steps: 2,
        batchSize: 4,
        warmupSteps: 0,
        evalEvery: 0,
        maxLength: 16,
        trainable,
        model: { init: 'path', path: 'x' },
      });
    const run = async (trainable: TrainableSetting) => {
      const enc = createEncoder(loadFixture(NAME).files, { maxLength: 16 });
      const emb = (await enc.allVariables()['embeddings.word_embeddings.weight'].data()).slice();
      const evs: RunEvent[] = [];
      for await (const e of runTraining({
        config: cfg(trainable),
        train: data,
        eval: data,
        encoder: enc,
        runId: 'r',
        backend: 'wasm',
      }))
        evs.push(e);
      const embAfter = await enc.allVariables()['embeddings.word_embeddings.weight'].data();
      enc.dispose();
      return { evs, embChanged: embAfter.some((x, i) => x !== emb[i]) };
    };
    const frozen = await run('all-but-embeddings');
    expect(frozen.evs.filter((e) => e.type === 'step')).toHaveLength(2);
    expect(frozen.embChanged).toBe(false);
    expect((await run('all')).embChanged).toBe(true);
    const bad = await run('pooling-only');
    expect(bad.evs.map((e) => e.type)).toEqual(['error']);
    expect((bad.evs[0] as { message: string }).message).toMatch(/"trainable".*pooling-only/);
  });
});

/** The fixture with its word-embedding matrix padded to `rows` rows (vocab_size in config.json to match). */
function bigVocab(files: ModelFiles, rows: number): ModelFiles {
  const w = readModelWeights(files);
  const emb = w.get(WORD_EMBEDDINGS)!;
  const [V, H] = emb.shape;
  const data = new Float32Array(rows * H);
  data.set(emb.data);
  for (let i = V * H; i < data.length; i++) data[i] = Math.sin(i) * 0.02;
  w.set(WORD_EMBEDDINGS, { shape: [rows, H], data });
  const cfg = JSON.parse(new TextDecoder().decode(files['config.json'])) as Record<string, unknown>;
  return {
    ...files,
    'config.json': new TextEncoder().encode(JSON.stringify({ ...cfg, vocab_size: rows })),
    'model.safetensors': writeSafetensors(w),
  };
}

describe.skipIf(!hasFixture(NAME))(fixtureTitle(NAME, `big vocabulary (> ${BIG_VOCAB_ROWS} rows)`), () => {
  it('never builds a dense word-embedding gradient: frozen in every mode, no moments, unchanged by a step', async () => {
    await useWasm();
    const { files, ref } = loadFixture(NAME);
    const rows = 60_000;
    const enc = createEncoder(bigVocab(files, rows), { maxLength: 64 });
    const H = enc.dim;
    const tableBytes = rows * H * 4;
    for (const spec of ['all', 'all-but-embeddings', { mode: 'top-k', k: 1 }] as TrainableSetting[]) {
      enc.setTrainable(spec);
      expect(Object.keys(enc.trainableVariables())).not.toContain(WORD_EMBEDDINGS);
    }
    enc.setTrainable('all');
    expect(Object.keys(enc.trainableVariables())).toContain('embeddings.position_embeddings.weight');
    const table = enc.allVariables()[WORD_EMBEDDINGS];
    const before = (await table.data()).slice();
    const m = await profiledStep(enc, ref.texts);
    expect(m.moments).not.toContain(WORD_EMBEDDINGS);
    expect((await table.data()).every((x, i) => x === before[i])).toBe(true);

    // The frozen table is also marked non-trainable, so even a tape asked for it skips it (tfjs prunes those).
    expect(table.trainable).toBe(false);
    // What freezing avoids: the same loss with the table in the gradient list builds a dense [V, H] gradient.
    table.trainable = true;
    const withTable = await tf.profile(() => {
      const vars = { ...enc.trainableVariables(), [WORD_EMBEDDINGS]: table };
      const { value, grads } = tf.variableGrads(() => {
        const e = enc.encode(ref.texts);
        const [q, p, n] = tf.split(e, 3, 0) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        const s = tf.div(tf.matMul(q, tf.concat([p, n], 0), false, true), 0.05);
        return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.range(0, 4, 1, 'int32'), 8), s) as tf.Scalar;
      }, Object.values(vars));
      expect(grads[table.name].shape).toEqual([rows, H]);
      tf.dispose([value, grads]);
    });
    table.trainable = false;
    console.log(
      `${NAME} padded to ${rows} rows (table ${tableBytes} B): step peak ${m.peakBytes} B with the table frozen vs ${withTable.peakBytes} B for the gradient pass alone with a dense table gradient; optimiser +${m.newBytes} B (dense moments of the table would add ${2 * tableBytes} B)`,
    );
    // Peak includes the weights already resident (the table itself); a dense gradient would add ≥ one more table.
    expect(withTable.peakBytes - m.peakBytes).toBeGreaterThan(tableBytes * 0.9);
    expect(m.newBytes).toBeLessThan(tableBytes);
    enc.dispose();
  });
});
