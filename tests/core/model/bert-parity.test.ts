/** Forward parity with PyTorch: hidden states and every pooling within 1e-4 on the tiny fixtures. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BertEncoder } from '../../../src/core/model/bert';
import { createEncoder } from '../../../src/core/model/checkpoint';
import { FIXTURES, fixtureTitle, hasFixture, loadFixture, maxAbsDiff, type Reference, useWasm } from './fixtures';

const TOL = 1e-4;

for (const name of FIXTURES) {
  describe.skipIf(!hasFixture(name))(fixtureTitle(name, 'BERT forward parity with PyTorch'), () => {
    let enc: BertEncoder;
    let ref: Reference;
    beforeAll(async () => {
      await useWasm();
      const f = loadFixture(name);
      ref = f.ref;
      enc = createEncoder(f.files, { normalize: false, maxLength: 64 });
      return () => enc.dispose();
    });

    it('tokenizes to the reference input_ids', () => {
      expect(
        ref.texts.map((t) => [...enc.tokenizer.prefixIds, ...enc.tokenizer.tokenize(t), ...enc.tokenizer.suffixIds]),
      ).toEqual(ref.input_ids);
    });

    it('last_hidden_state (non-padded positions) and poolings match within 1e-4', async () => {
      const before = tf.memory().numTensors;
      const batch = enc.tokenizer.encodeBatch(ref.texts, 64);
      const [n, L] = batch.shape;
      const H = enc.dim;
      const [hidden, mean, cls, pooler] = tf.tidy(() => {
        const h = enc.forward(batch);
        return [
          h,
          enc.pool(h, batch.attentionMask, 'mean', false),
          enc.pool(h, batch.attentionMask, 'cls', false),
          enc.pool(h, batch.attentionMask, 'pooler', false),
        ];
      });
      const hd = await hidden.data();
      let maxHidden = 0;
      for (let i = 0; i < n; i++) {
        const len = ref.input_ids[i].length;
        expect(ref.last_hidden_state[i].length).toBe(len);
        for (let j = 0; j < len; j++)
          maxHidden = Math.max(
            maxHidden,
            maxAbsDiff(hd.subarray((i * L + j) * H, (i * L + j + 1) * H), ref.last_hidden_state[i][j]),
          );
      }
      const diffs = {
        hidden: maxHidden,
        mean: maxAbsDiff(await mean.data(), ref.mean_pooled.flat()),
        cls: maxAbsDiff(await cls.data(), ref.cls.flat()),
        pooler: maxAbsDiff(await pooler.data(), ref.pooler_output.flat()),
      };
      tf.dispose([hidden, mean, cls, pooler]);
      console.log(`${name} max |Δ| vs PyTorch:`, diffs);
      for (const d of Object.values(diffs)) expect(d).toBeLessThan(TOL);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('encode() gives L2-normalised mean pooling and leaks no tensors', async () => {
      const e2 = createEncoder(loadFixture(name).files);
      const before = tf.memory().numTensors;
      const out = tf.tidy(() => e2.encode(ref.texts.slice(0, 4)));
      const v = await out.data();
      out.dispose();
      for (let i = 0; i < 4; i++) {
        const row = v.subarray(i * e2.dim, (i + 1) * e2.dim);
        expect(Math.hypot(...row)).toBeCloseTo(1, 5);
        const m = ref.mean_pooled[i];
        const norm = Math.hypot(...m);
        expect(
          maxAbsDiff(
            row,
            m.map((x) => x / norm),
          ),
        ).toBeLessThan(TOL);
      }
      expect(tf.memory().numTensors).toBe(before);
      e2.dispose();
    });
  });
}
