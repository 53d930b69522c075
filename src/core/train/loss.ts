/**
 * InfoNCE over embeddings — a pure function, so the encoder, the gradient tape and the tests stay apart.
 *
 * Notation: B queries q, their B positives p, optional hard negatives n; all rows are L2-normalised here
 * (cosine similarity), scores are divided by the temperature τ (τ = 0.05 ⇔ sentence-transformers scale 20).
 *
 * variant 'mnrl' — sentence-transformers MultipleNegativesRankingLoss (and DPR): every query is scored
 *   against ALL candidates in the batch, S = q·[p; n]ᵀ/τ of shape [B, B+M], loss = mean_i CE(S_i, i).
 *   n may hold one negative per query ([B,d]) or any pool of M shared negatives ([M,d]); query i thus
 *   also sees the other queries' hard negatives, which act as extra (mostly easy) in-batch negatives.
 *
 * variant 'paper' — the equation as usually printed in the papers:
 *   ℓ_i = −log  e^{s(q_i,p_i)} / ( Σ_j e^{s(q_i,p_j)} + e^{s(q_i,n_i)} )
 *   i.e. the denominator holds all in-batch positives and only query i's OWN hard negative, never the
 *   other queries' hard negatives. Scores [B, B+1]. Needs n of shape [B,d] (row i pairs with query i).
 *   Hard negatives are never targets in either variant. Without n both variants are identical; with n,
 *   'paper' has B−1 fewer negatives per query, so its loss is ≤ the mnrl loss on the same batch.
 */
import * as tf from '@tensorflow/tfjs';
import { l2Normalize, sumRows } from '../model/ops';

export type InfoNceVariant = 'mnrl' | 'paper';

export interface InfoNceOptions {
  /** Softmax temperature τ; default 0.05. */
  temperature?: number;
  /** Default 'mnrl'. */
  variant?: InfoNceVariant;
}

/** Mean InfoNCE loss as a scalar tensor (caller disposes it; everything else is freed here). */
export function infoNce(q: tf.Tensor2D, p: tf.Tensor2D, n?: tf.Tensor2D, opts: InfoNceOptions = {}): tf.Scalar {
  const tau = opts.temperature ?? 0.05;
  const variant = opts.variant ?? 'mnrl';
  const [B, d] = q.shape;
  if (p.shape[0] !== B || p.shape[1] !== d)
    throw new Error(`infoNce: positives ${JSON.stringify(p.shape)} must match queries [${B},${d}]`);
  if (n && n.shape[1] !== d) throw new Error(`infoNce: negatives have dim ${n.shape[1]}, queries ${d}`);
  if (n && variant === 'paper' && n.shape[0] !== B)
    throw new Error(`infoNce 'paper': needs one hard negative per query, [${B},${d}], got [${n.shape}]`);
  if (!(tau > 0)) throw new Error(`infoNce: temperature must be > 0, got ${tau}`);

  return tf.tidy(() => {
    const qn = l2Normalize(q); // [B,d]
    const pn = l2Normalize(p); // [B,d]
    let scores: tf.Tensor2D = tf.matMul(qn, pn, false, true); // [B,B]  s(q_i,p_j)
    if (n) {
      const nn = l2Normalize(n); // [B|M,d]
      const neg =
        variant === 'mnrl'
          ? tf.matMul(qn, nn, false, true) // [B,M]  every query vs every negative
          : tf.sum(tf.mul(qn, nn), 1, true); // [B,1]  s(q_i,n_i) only
      scores = tf.concat([scores, neg], 1) as tf.Tensor2D; // [B,B+M] or [B,B+1]
    }
    const logp = tf.logSoftmax(tf.div(scores, tau), 1); // stable: subtracts the row max
    // [B,C] one-hot of the target column i (query i's own positive); hard negatives are never targets.
    const target = tf.cast(tf.oneHot(tf.range(0, B, 1, 'int32') as tf.Tensor1D, scores.shape[1]), 'float32');
    const own = tf.sum(tf.mul(logp, target), 1); // [B] log p_i(i): one non-zero term per row, an exact sum
    // mean_i −log p_i(i), the B terms summed in two levels (`sumRows`): one sequential float32 sum of B values near
    // the loss moves the loss by about its own last bit (torch's cross_entropy sums in a cascade too).
    const total = tf.reshape(sumRows(tf.reshape(own, [B, 1]) as tf.Tensor2D), []);
    return tf.neg(tf.div(total, B)) as tf.Scalar;
  });
}
