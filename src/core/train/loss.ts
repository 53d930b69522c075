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
import { blockRows, l2Normalize, sumRows } from '../model/ops';

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
    let scores: tf.Tensor2D = cosines(qn, pn); // [B,B]  s(q_i,p_j)
    if (n) {
      const nn = l2Normalize(n); // [B|M,d]
      const neg =
        variant === 'mnrl'
          ? cosines(qn, nn) // [B,M]  every query vs every negative
          : pairedCosines(qn, nn); // [B,1]  s(q_i,n_i) only
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

/*
 * The scores' dot products are summed in two levels: blocks of k = `blockRows(d)` terms (16 for d = 256), then the
 * d/k block sums. The logits are scores/τ, so a score's rounding is multiplied by 1/τ = 20, and one sequential
 * float32 sum over d moved the bench step's loss by 3–4 of its last bits (1.45–1.93e-6 from float64 at the same
 * embeddings, bench/train-drift.ts; in blocks: 2e-8). Tensors are [B, d]-sized: the transposes cost nothing.
 */

/** a [B, d], b [M, d] → [B, M] = a·bᵀ, each dot product summed in blocks. */
function cosines(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const [B, d] = a.shape;
  const M = b.shape[0];
  const k = blockRows(d);
  if (k === d) return tf.matMul(a, b, false, true);
  const blocks = (x: tf.Tensor2D, rows: number) => tf.transpose(tf.reshape(x, [rows, d / k, k]), [1, 0, 2]); // [d/k, rows, k]
  const partial = tf.matMul(blocks(a, B), blocks(b, M), false, true); // [d/k, B, M]
  return tf.reshape(sumRows(tf.reshape(partial, [d / k, B * M])), [B, M]);
}

/** a, b [B, d] → [B, 1]: row i's a_i·b_i, summed in blocks as `cosines`. */
function pairedCosines(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const [B, d] = a.shape;
  const k = blockRows(d);
  const partial = tf.sum(tf.reshape(tf.mul(a, b), [B, d / k, k]), 2); // [B, d/k]
  return tf.sum(partial, 1, true) as tf.Tensor2D;
}
