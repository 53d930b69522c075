/**
 * Backward parity with PyTorch: InfoNCE over the fixture batch (4 queries, 4 positives, 4 hard negatives,
 * τ = 0.05, L2-normalised mean pooling) — loss within 1e-4, every parameter gradient's L2 norm, sum and first
 * values within 1e-3 relative. Exercises the hand-written gradients of linear() and embeddingLookup() on WASM.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createEncoder } from '../../../src/core/model/checkpoint';
import { FIXTURES, fixtureTitle, hasFixture, loadFixture, useWasm } from './fixtures';

/** Minimal InfoNCE for the test, independent of core/train: mean_i CE(q_i·[p; n]ᵀ/τ, i). */
function infoNce(q: tf.Tensor2D, p: tf.Tensor2D, n: tf.Tensor2D, tau: number): tf.Scalar {
  const B = q.shape[0];
  const scores = tf.div(tf.matMul(q, tf.concat([p, n], 0), false, true), tau) as tf.Tensor2D; // [B, 2B]
  return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.range(0, B, 1, 'int32'), 2 * B), scores) as tf.Scalar;
}

for (const name of FIXTURES) {
  describe.skipIf(!hasFixture(name))(fixtureTitle(name, 'BERT gradients vs PyTorch'), () => {
    it('InfoNCE loss and per-parameter gradient statistics', async () => {
      await useWasm();
      const { files, ref } = loadFixture(name);
      const enc = createEncoder(files, { pooling: 'mean', normalize: true, maxLength: 64 });
      const B = ref.infonce.batch;
      const before = tf.memory().numTensors;
      const vars = enc.trainableVariables();
      const { value, grads: byTfName } = tf.variableGrads(() => {
        const e = enc.encode(ref.texts); // [3B, H], normalised
        const [q, p, n] = tf.split(e, 3, 0) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        return infoNce(q, p, n, ref.infonce.temperature);
      }, Object.values(vars));
      // variableGrads keys by tfjs variable name (scoped per encoder instance); map back to HF names.
      const grads = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, byTfName[v.name]]));
      expect(B * 3).toBe(ref.texts.length);
      const loss = (await value.data())[0];
      console.log(`${name} loss ${loss} vs ${ref.infonce.loss} (|Δ| ${Math.abs(loss - ref.infonce.loss).toExponential(2)})`);
      expect(Math.abs(loss - ref.infonce.loss)).toBeLessThan(1e-4);

      expect(Object.keys(grads).sort()).toEqual(Object.keys(ref.infonce.grad_stats).sort());
      let worst = { name: '', rel: 0 };
      for (const [param, st] of Object.entries(ref.infonce.grad_stats)) {
        const g = await grads[param].data();
        let sum = 0,
          sq = 0;
        for (const x of g) {
          sum += x;
          sq += x * x;
        }
        const l2 = Math.sqrt(sq);
        // The key bias adds the same q·b to every score of a row, which softmax ignores: its true gradient is 0
        // and both sides hold only float32 rounding noise (~1e-8). Check it is noise, not its relative error.
        if (st.l2 < 1e-6) {
          expect(l2, param).toBeLessThan(1e-6);
          continue;
        }
        // Relative to the gradient's norm: sums of near-cancelling entries have no meaningful relative error.
        const rel = Math.max(Math.abs(l2 - st.l2), Math.abs(sum - st.sum), ...st.first.map((f, i) => Math.abs(g[i] - f))) / st.l2;
        if (rel > worst.rel) worst = { name: param, rel };
      }
      console.log(`${name} worst gradient error relative to its L2 norm: ${worst.rel.toExponential(2)} (${worst.name})`);
      expect(worst.rel).toBeLessThan(1e-3);
      value.dispose();
      tf.dispose(byTfName);
      expect(tf.memory().numTensors).toBe(before);
      enc.dispose();
    });
  });
}
