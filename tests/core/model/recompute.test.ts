/**
 * Gradient checkpointing (src/core/model/recompute.ts, BertEncoder.recomputeLayers): the same loss and
 * bit-identical gradients as the whole-tape backward, on both fixtures (BERT and XLM-R) with padding, on WASM;
 * no tensor leaks; inference is untouched (no tape, no checkpointing).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { BertEncoder } from '../../../src/core/model/bert';
import { createEncoder } from '../../../src/core/model/checkpoint';
import { FIXTURES, fixtureTitle, hasFixture, loadFixture, useWasm } from './fixtures';

const TEXTS = [
  'What is the capital of the country?',
  'Paris.',
  'Die Hauptstadt des Landes ist Berlin, sagt man.',
  'Wer?',
  'The Nile is the longest river of Africa.',
  'Москва',
];

async function lossAndGrads(enc: BertEncoder): Promise<{ loss: number; grads: Record<string, Float32Array>; taped: number }> {
  const vars = enc.trainableVariables();
  let taped = 0;
  const { value, grads } = tf.variableGrads(() => {
    const before = tf.memory().numBytes;
    const e = enc.encode(TEXTS, { maxLength: 32 });
    taped = tf.memory().numBytes - before; // what the tape holds after the forward
    const [q, p] = tf.split(e, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
    return tf.losses.softmaxCrossEntropy(
      tf.oneHot(tf.range(0, 3, 1, 'int32'), 3),
      tf.div(tf.matMul(q, p, false, true), 0.05),
    ) as tf.Scalar;
  }, Object.values(vars));
  const out: Record<string, Float32Array> = {};
  for (const [k, v] of Object.entries(vars)) out[k] = (await grads[v.name].data()) as Float32Array;
  const loss = (await value.data())[0];
  tf.dispose([value, ...Object.values(grads)]);
  return { loss, grads: out, taped };
}

for (const name of FIXTURES) {
  describe.skipIf(!hasFixture(name))(fixtureTitle(name, 'recomputed layers'), () => {
    it('give the same loss and bit-identical gradients, without leaking tensors', async () => {
      await useWasm();
      const enc = createEncoder(loadFixture(name).files, { pooling: 'mean', normalize: true }) as BertEncoder;
      const plain = await lossAndGrads(enc);
      enc.recomputeLayers = true;
      const before = tf.memory().numTensors;
      const ckpt = await lossAndGrads(enc);
      expect(tf.memory().numTensors).toBe(before);
      expect(ckpt.taped).toBeLessThan(plain.taped / 2); // only layer inputs are held
      expect(ckpt.loss).toBe(plain.loss);
      expect(Object.keys(ckpt.grads).sort()).toEqual(Object.keys(plain.grads).sort());
      for (const k of Object.keys(plain.grads))
        expect(Buffer.from(ckpt.grads[k].buffer).equals(Buffer.from(plain.grads[k].buffer)), k).toBe(true);
      // Inference (no tape) is the ordinary forward.
      const a = enc.encode(TEXTS.slice(0, 2));
      enc.recomputeLayers = false;
      const b = enc.encode(TEXTS.slice(0, 2));
      expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
      tf.dispose([a, b]);
      enc.dispose();
    });
  });
}
