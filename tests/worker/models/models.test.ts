/**
 * The Models panel's worker side (src/worker/models/models.ts, model-entries.ts) on tfjs WASM with fake-indexeddb:
 * tiny-bert (../shared/fixtures) loaded from a folder, saved and listed again by a fresh worker, embedded, evaluated,
 * fine-tuned 2 steps into a new entry (the base unchanged), exported, removed; each request's job (jobs.ts).
 */
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { readZip } from '../../../src/core/util/zip';
import { importFiles } from '../../../src/worker/datasets/datasets';
import type { JobContext } from '../../../src/worker/jobs';
import type { ModelInfo } from '../../../src/worker/models/model-protocol';
import { modelHandlers, modelJobSpec, releaseModels } from '../../../src/worker/models/models';
import { HAS_SHARED, sharedPath } from '../../helpers/shared';

const ROOT = resolve(import.meta.dirname, '../../..');
const FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'model.safetensors'];
const demo = (split: string, lang: string) => {
  const doc = JSON.parse(readFileSync(`${ROOT}/public/demo/${split}/${lang}.json`, 'utf8')) as {
    version: string;
    data: Array<{ paragraphs: unknown[] }>;
  };
  return {
    name: `${lang}.json`,
    bytes: new TextEncoder().encode(
      JSON.stringify({ version: doc.version, data: [{ ...doc.data[0], paragraphs: doc.data[0].paragraphs.slice(0, 2) }] }),
    ),
  };
};
const ctx = (): JobContext & { phases: string[] } => {
  const phases: string[] = [];
  return { id: 1, signal: new AbortController().signal, progress: (p) => phases.push(p.phase), hold: () => undefined, phases };
};

let trainId = '',
  evalId = '';
let base: ModelInfo;
// Every test starts from tiny-bert loaded from a folder (tests are independent of their order).
beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
  trainId = (
    await importFiles(
      ['de', 'en'].map((l) => demo('train', l)),
      'mtrain',
      'train',
    )
  ).id;
  evalId = (
    await importFiles(
      ['de', 'en'].map((l) => demo('eval', l)),
      'meval',
      'eval',
    )
  ).id;
  if (!HAS_SHARED) return;
  const files = FILES.map((f) => ({
    name: `tiny-bert/${f}`,
    bytes: new Uint8Array(readFileSync(join(sharedPath('fixtures', 'tiny-bert'), f))).buffer,
  }));
  base = await modelHandlers.modelLoadFiles({ type: 'modelLoadFiles', name: 'tiny-bert', files }, ctx());
});

describe.skipIf(!HAS_SHARED)('models in the worker', () => {
  it("loads a model folder, refuses one without config.json, and names each request's job", async () => {
    expect(base).toMatchObject({
      name: 'tiny-bert',
      source: 'folder',
      runtime: 'tfjs',
      modelType: 'bert',
      layers: 2,
      hidden: 32,
      vocab: 224,
      saved: true,
    });
    await expect(
      modelHandlers.modelLoadFiles(
        { type: 'modelLoadFiles', name: 'empty', files: [{ name: 'x/vocab.txt', bytes: new ArrayBuffer(1) }] },
        ctx(),
      ),
    ).rejects.toThrow('the folder "empty": no config.json at its top');
    expect(modelJobSpec({ type: 'modelFinetune', key: base.key, params: {} as never })).toEqual({
      kind: 'finetune',
      label: 'fine-tuning of model "tiny-bert"',
      exclusive: true,
    });
    expect(modelJobSpec({ type: 'modelEvaluate', key: base.key, datasetId: evalId })).toMatchObject({
      kind: 'model-evaluate',
      exclusive: true,
    });
    expect(modelJobSpec({ type: 'modelLoadFiles', name: 'x', files: [] })).toMatchObject({
      kind: 'model-load',
      exclusive: false,
    });
    expect(modelJobSpec({ type: 'modelList' })).toBeUndefined();
  });

  it('embeds (unit vectors) and evaluates with progress', async () => {
    const e = await modelHandlers.modelEmbed({ type: 'modelEmbed', key: base.key, texts: ['a house', 'ein Haus'] }, ctx());
    expect(e.dim).toBe(32);
    expect(e.data.length).toBe(64);
    const norm = Math.hypot(...e.data.subarray(0, 32));
    expect(norm).toBeCloseTo(1, 5);
    const c = ctx();
    const r = await modelHandlers.modelEvaluate(
      { type: 'modelEvaluate', key: base.key, datasetId: evalId, settings: ['monolingual'] },
      c,
    );
    expect(r.settings.monolingual!.map).toBeGreaterThan(0);
    expect(c.phases).toContain('embed');
  });

  it("a cancel during the evaluation (the Models tab's Cancel) stops it after the batch in flight", async () => {
    const ctrl = new AbortController();
    let batches = 0;
    const c = {
      ...ctx(),
      signal: ctrl.signal,
      progress: () => {
        if (++batches === 1) setTimeout(() => ctrl.abort(), 0); // a message that arrives while it computes
      },
    };
    const run = modelHandlers.modelEvaluate({ type: 'modelEvaluate', key: base.key, datasetId: evalId }, c);
    await expect(run).rejects.toMatchObject({ name: 'AbortError', message: 'evaluation cancelled' });
    expect(batches).toBeLessThanOrEqual(2);
  });

  it('fine-tunes into a new model and leaves the base as it was; export and remove', async () => {
    const before = await modelHandlers.modelEmbed({ type: 'modelEmbed', key: base.key, texts: ['a house'] }, ctx());
    const c = ctx();
    const ft = await modelHandlers.modelFinetune(
      {
        type: 'modelFinetune',
        key: base.key,
        params: {
          trainId,
          evalId,
          steps: 2,
          batchSize: 4,
          alpha: 0.5,
          lr: 1e-3,
          maxLength: 16,
          trainable: 'all',
          evalMaxQueriesPerLang: 2,
          seed: 1,
        },
      },
      c,
    );
    expect(ft.losses).toHaveLength(2);
    expect(ft.model).toMatchObject({ name: 'tiny-bert-ft2', source: 'finetune', trainedSteps: 2, lineage: ['tiny-bert'] });
    expect(c.phases).toContain('train');
    const after = await modelHandlers.modelEmbed({ type: 'modelEmbed', key: base.key, texts: ['a house'] }, ctx());
    expect(Array.from(after.data)).toEqual(Array.from(before.data));
    const moved = await modelHandlers.modelEmbed({ type: 'modelEmbed', key: ft.model.key, texts: ['a house'] }, ctx());
    expect(Array.from(moved.data)).not.toEqual(Array.from(before.data));

    const out = await modelHandlers.modelExport({ type: 'modelExport', key: ft.model.key }, ctx());
    expect(out.fileName).toBe('tiny-bert-ft2.zip');
    const zip = await readZip(new Uint8Array(out.zip));
    expect(Object.keys(zip)).toEqual(expect.arrayContaining(['config.json', 'model.safetensors', 'modules.json', 'README.md']));

    // Recomputed layers (gradient checkpointing): the same losses, bit for bit.
    const rc = await modelHandlers.modelFinetune(
      {
        type: 'modelFinetune',
        key: base.key,
        params: {
          trainId,
          evalId,
          steps: 2,
          batchSize: 4,
          alpha: 0.5,
          lr: 1e-3,
          maxLength: 16,
          trainable: 'all',
          evalMaxQueriesPerLang: 2,
          seed: 1,
          recomputeLayers: true,
        },
      },
      ctx(),
    );
    expect(rc.losses).toEqual(ft.losses);
    await modelHandlers.modelRemove({ type: 'modelRemove', key: rc.model.key }, ctx());

    const left = await modelHandlers.modelRemove({ type: 'modelRemove', key: ft.model.key }, ctx());
    expect(left.map((m) => m.name)).toEqual(['tiny-bert']);
    await expect(modelHandlers.modelEmbed({ type: 'modelEmbed', key: ft.model.key, texts: ['x'] }, ctx())).rejects.toThrow();
  }, 120_000);

  it('a fresh worker lists the saved models again and rebuilds their encoder from IndexedDB', async () => {
    const first = await modelHandlers.modelEmbed({ type: 'modelEmbed', key: base.key, texts: ['a house', 'ein Haus'] }, ctx());
    releaseModels(); // this worker's encoders go (a reload frees them too)
    vi.resetModules();
    const fresh = await import('../../../src/worker/models/models');
    const list = await fresh.modelHandlers.modelList({ type: 'modelList' }, ctx());
    expect(list.map((m) => m.name)).toEqual(['tiny-bert']);
    const again = await fresh.modelHandlers.modelEmbed(
      { type: 'modelEmbed', key: list[0].key, texts: ['a house', 'ein Haus'] },
      ctx(),
    );
    expect(Array.from(again.data)).toEqual(Array.from(first.data));
    fresh.releaseModels(); // the next test's encoders are this module's again
  }, 60_000);
});
