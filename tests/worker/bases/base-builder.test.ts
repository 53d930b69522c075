/**
 * "Build a base" in the worker (src/worker/bases/base-builder.ts) on tfjs WASM with fake-indexeddb: a build from an
 * uploaded lexicon streams its progress, stores the base and leaves no tensor behind; bad input starts nothing;
 * one build at a time and none beside a training run; cancel stores nothing.
 */
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSettled, cancelBaseBuild, isBuildingBase, startBaseBuild } from '../../../src/worker/bases/base-builder';
import type { BaseDelta, BuildBaseParams } from '../../../src/worker/bases/base-types';
import { listBases } from '../../../src/worker/bases/bases-store';

const LEXICON = readFileSync(resolve(import.meta.dirname, '../../../models/lexicon/demo-lexicon.tsv'));
const params = (over: Partial<BuildBaseParams> = {}, config: Record<string, unknown> = {}): BuildBaseParams => ({
  name: 'tiny-base',
  vocabFrom: [],
  sources: [{ kind: 'lexicon', name: 'demo-lexicon.tsv', bytes: new Uint8Array(LEXICON).buffer }],
  config: {
    steps: 4,
    batchSize: 8,
    warmupSteps: 1,
    evalEvery: 2,
    heldOutPairs: 16,
    maxLength: 8,
    model: { vocabSize: 300, hidden: 16, layers: 1, heads: 2, intermediate: 32 },
    ...config,
  },
  ...over,
});
const idle = () => false;

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
});

describe('base builder', () => {
  it('builds and stores a base, streaming progress; nothing leaks', async () => {
    const deltas: BaseDelta[] = [];
    const { buildId } = await startBaseBuild(params(), (d) => deltas.push(d), idle);
    expect(isBuildingBase()).toBe(true);
    await expect(startBaseBuild(params(), () => undefined, idle)).rejects.toThrow(
      /a base \("tiny-base"\) is being built; cancel it first/,
    );
    await buildSettled();
    expect(isBuildingBase()).toBe(false);
    const last = deltas.at(-1)!;
    expect(last).toMatchObject({ buildId, name: 'tiny-base', status: 'done', step: 4, steps: 4 });
    expect(last.evals.map((e) => e.step)).toEqual(expect.arrayContaining([2, 4]));
    expect(last.tensors.now).toBe(last.tensors.start);
    expect(deltas.map((d) => d.status)).toEqual(expect.arrayContaining(['preparing', 'running', 'saving', 'done']));
    const stored = await listBases();
    expect(stored.map((b) => b.name)).toContain('tiny-base');
    expect(stored.find((b) => b.id === buildId)).toMatchObject({ sources: ['demo-lexicon.tsv'], config: { steps: 4 } });
  }, 120_000);

  it('refuses bad input and a training run in progress, starting nothing', async () => {
    await expect(startBaseBuild(params({}, { model: { hiden: 16 } }), () => undefined, idle)).rejects.toThrow(
      /"model.hiden": unknown model field\. Fix: did you mean "model.hidden"/,
    );
    await expect(startBaseBuild(params({ name: ' ' }), () => undefined, idle)).rejects.toThrow(/base name: give 1–80 characters/);
    await expect(startBaseBuild(params({ sources: [] }), () => undefined, idle)).rejects.toThrow(
      /sources: no lexicon or bitext file was chosen/,
    );
    await expect(
      startBaseBuild(
        params(),
        () => undefined,
        () => true,
      ),
    ).rejects.toThrow(/a run is training; pause or stop it before building a base/);
    expect(isBuildingBase()).toBe(false);
  });

  it('cancel stops the build and stores nothing', async () => {
    const deltas: BaseDelta[] = [];
    const before = (await listBases()).length;
    const { buildId } = await startBaseBuild(
      params({ name: 'cancelled-base' }, { steps: 2000, evalEvery: 0 }),
      (d) => deltas.push(d),
      idle,
    );
    await new Promise<void>((done) => {
      const t = setInterval(() => {
        if (deltas.some((d) => d.step >= 2)) {
          clearInterval(t);
          done();
        }
      }, 5);
    });
    cancelBaseBuild(buildId);
    await buildSettled();
    expect(deltas.at(-1)).toMatchObject({ status: 'cancelled' });
    expect(deltas.at(-1)!.tensors.now).toBe(deltas.at(-1)!.tensors.start);
    expect((await listBases()).length).toBe(before);
  }, 120_000);
});
