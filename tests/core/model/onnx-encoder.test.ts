/**
 * The transformers.js ONNX path (core/model/onnx-encoder.ts) in Node (onnxruntime-node): the fixtures'
 * onnx/model.onnx, served from memory with remote models off, gives the same mean-pooled vectors as our tfjs
 * encoder (and PyTorch's reference) within 1e-4 on the fixture texts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createEncoder } from '../../../src/core/model/checkpoint';
import { embedTexts } from '../../../src/core/model/encoder';
import { createOnnxEncoder } from '../../../src/core/model/onnx-encoder';
import { HfTokenizer } from '../../../src/core/model/tokenizer';
import { FIXTURES, fixtureDir, fixtureTitle, hasFixture, loadFixture, maxAbsDiff, useWasm } from './fixtures';

const TOL = 1e-4;

function withOnnx(name: (typeof FIXTURES)[number]) {
  const f = loadFixture(name);
  return {
    ...f,
    files: { ...f.files, 'onnx/model.onnx': new Uint8Array(readFileSync(join(fixtureDir(name), 'onnx', 'model.onnx'))) },
  };
}

for (const name of FIXTURES) {
  describe.skipIf(!hasFixture(name))(fixtureTitle(name, 'ONNX encoder (transformers.js) vs tfjs'), () => {
    it('mean-pooled vectors agree with the tfjs encoder and PyTorch within 1e-4', async () => {
      await useWasm();
      const { files, ref } = withOnnx(name);
      const onnx = await createOnnxEncoder(files, { normalize: false, maxLength: 64 });
      const tfjs = createEncoder(files, { normalize: false, maxLength: 64 });
      try {
        expect(onnx.dim).toBe(tfjs.dim);
        const a = await onnx.embed(ref.texts); // one padded batch of 12
        const b = await embedTexts(tfjs, ref.texts, 5); // other batching: padding must not matter
        const c = await onnx.embedAll(ref.texts, 5);
        const d = {
          onnxVsTfjs: maxAbsDiff(a, b),
          onnxVsTorch: maxAbsDiff(a, ref.mean_pooled.flat()),
          batchedVsOne: maxAbsDiff(a, c),
        };
        console.log(`${name} ONNX (transformers.js, onnxruntime-node) mean pooled max |Δ|:`, d);
        for (const x of Object.values(d)) expect(x).toBeLessThan(TOL);
      } finally {
        await onnx.dispose();
        tfjs.dispose();
      }
    });

    it('normalised embeddings (the folder defaults) agree too, and the model needs no network', async () => {
      await useWasm();
      const { files, ref } = withOnnx(name);
      const { env } = await import('@huggingface/transformers');
      const onnx = await createOnnxEncoder(files);
      expect(env.allowRemoteModels).toBe(false);
      const tfjs = createEncoder(files);
      const a = await onnx.embed(ref.texts.slice(0, 4), { role: 'query' });
      const b = tf.tidy(() => tfjs.encode(ref.texts.slice(0, 4), { role: 'query' }));
      expect(maxAbsDiff(a, await b.data())).toBeLessThan(TOL);
      for (let i = 0; i < 4; i++) expect(Math.hypot(...a.subarray(i * onnx.dim, (i + 1) * onnx.dim))).toBeCloseTo(1, 5);
      b.dispose();
      tfjs.dispose();
      await onnx.dispose();
      await expect(onnx.embed(['x'])).rejects.toThrow(/disposed/);
    });

    it("feeds the ONNX model the ids of our tokenizer (the tfjs encoder's), not transformers.js' own", async () => {
      const { files } = withOnnx(name);
      const onnx = await createOnnxEncoder(files);
      const tfjs = createEncoder(files);
      try {
        expect(onnx.tokenizer).toBeInstanceOf(HfTokenizer);
        const texts = ['ΟΔΟΣ ΣΟΦΟΣ', 'the capital of \u{20000}\u{20001} is paris'];
        for (const t of texts) expect(onnx.tokenizer.tokenize(t)).toEqual(tfjs.tokenizer.tokenize(t));
        const b = tf.tidy(() => tfjs.encode(texts));
        expect(maxAbsDiff(await onnx.embed(texts), await b.data())).toBeLessThan(TOL);
        b.dispose();
      } finally {
        tfjs.dispose();
        await onnx.dispose();
      }
    });
  });
}

describe('ONNX encoder errors', () => {
  it.skipIf(!hasFixture('tiny-bert'))('a folder without onnx/model.onnx says so', async () => {
    const { files } = loadFixture('tiny-bert');
    await expect(createOnnxEncoder(files)).rejects.toThrow(/no onnx\/model\.onnx/);
  });
});
