/**
 * "Trim vocabulary" in the worker (src/worker/models/model-trim.ts through the model handler table) on tfjs WASM with
 * fake-indexeddb: tiny-bert trimmed to an imported dataset becomes a new, saved model with fewer rows, the
 * parameter counts and lineage of the trim, and the same embeddings of every text of that dataset.
 */
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDataset, importFiles } from '../../../src/worker/datasets/datasets';
import type { JobContext } from '../../../src/worker/jobs';
import type { ModelInfo } from '../../../src/worker/models/model-protocol';
import { modelHandlers, modelJobSpec } from '../../../src/worker/models/models';
import { HAS_SHARED, sharedPath } from '../../helpers/shared';

const ROOT = resolve(import.meta.dirname, '../../..');
const FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'model.safetensors'];
const ctx = (): JobContext & { phases: string[] } => {
  const phases: string[] = [];
  return { id: 1, signal: new AbortController().signal, progress: (p) => phases.push(p.phase), hold: () => undefined, phases };
};

let dsId = '';
let base: ModelInfo;
beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
  const files = ['de', 'en'].map((l) => {
    const doc = JSON.parse(readFileSync(`${ROOT}/public/demo/eval/${l}.json`, 'utf8')) as {
      version: string;
      data: Array<{ paragraphs: unknown[] }>;
    };
    return {
      name: `${l}.json`,
      bytes: new TextEncoder().encode(
        JSON.stringify({ version: doc.version, data: [{ ...doc.data[0], paragraphs: doc.data[0].paragraphs.slice(0, 2) }] }),
      ),
    };
  });
  dsId = (await importFiles(files, 'trim-src', 'eval')).id;
  if (!HAS_SHARED) return;
  const model = FILES.map((f) => ({
    name: `tiny-bert/${f}`,
    bytes: new Uint8Array(readFileSync(join(sharedPath('fixtures', 'tiny-bert'), f))).buffer,
  }));
  base = await modelHandlers.modelLoadFiles({ type: 'modelLoadFiles', name: 'tiny-bert', files: model }, ctx());
});

describe.skipIf(!HAS_SHARED)('modelTrimVocab', () => {
  it("adds a trimmed model that embeds the dataset's texts exactly as the original", async () => {
    expect(modelJobSpec({ type: 'modelTrimVocab', key: base.key, datasetIds: [dsId] })).toEqual({
      kind: 'model-compute',
      label: 'vocabulary trim of model "tiny-bert"',
      exclusive: true,
    });
    const c = ctx();
    const r = await modelHandlers.modelTrimVocab({ type: 'modelTrimVocab', key: base.key, datasetIds: [dsId] }, c);
    expect(c.phases).toContain('tokenizing the datasets');
    expect(r.before.rows).toBe(224);
    expect(r.after.rows).toBeLessThan(224);
    expect(r.before.total - r.after.total).toBe((r.before.rows - r.after.rows) * base.hidden);
    expect(r.model).toMatchObject({
      source: 'trim',
      vocab: r.after.rows,
      saved: true,
      name: `tiny-bert-trim${r.after.rows}`,
      trim: { before: r.before, after: r.after },
    });
    expect(r.model.lineage).toEqual(['tiny-bert', 'trim-vocab: trim-src']);
    const list = await modelHandlers.modelList({ type: 'modelList' }, ctx());
    expect(list.find((m) => m.key === base.key)?.vocab).toBe(224); // the original stays

    const ds = getDataset(dsId);
    const texts = [...ds.queries.map((q) => q.text), ...ds.candidates.map((x) => x.text)];
    const a = await modelHandlers.modelEmbed({ type: 'modelEmbed', key: base.key, texts }, ctx());
    const b = await modelHandlers.modelEmbed({ type: 'modelEmbed', key: r.model.key, texts }, ctx());
    expect(b.data.length).toBe(texts.length * base.hidden);
    let d = 0;
    for (let i = 0; i < a.data.length; i++) d = Math.max(d, Math.abs(a.data[i] - b.data[i]));
    expect(d).toBeLessThanOrEqual(1e-6);

    // keepTop keeps more rows than the texts alone.
    const top = await modelHandlers.modelTrimVocab(
      { type: 'modelTrimVocab', key: base.key, datasetIds: [dsId], keepTop: 150 },
      ctx(),
    );
    expect(top.after.rows).toBeGreaterThan(r.after.rows);
    expect(top.model.lineage.at(-1)).toBe('trim-vocab: trim-src + top 150');
  });

  it('refuses without datasets and with a bad N', async () => {
    await expect(modelHandlers.modelTrimVocab({ type: 'modelTrimVocab', key: base.key, datasetIds: [] }, ctx())).rejects.toThrow(
      'needs at least one dataset',
    );
    await expect(
      modelHandlers.modelTrimVocab({ type: 'modelTrimVocab', key: base.key, datasetIds: [dsId], keepTop: -3 }, ctx()),
    ).rejects.toThrow('N must be a whole number ≥ 0, got -3');
  });
});
