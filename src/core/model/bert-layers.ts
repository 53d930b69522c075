/**
 * The BERT / XLM-R forward pass as pure functions of named parameters (Hugging Face state-dict names).
 * Activations stay 2-D [n·L, H] between layers so every dense layer is one plain matMul.
 */
import * as tf from '@tensorflow/tfjs';
import { type BertConfig, isRobertaLike } from './config';
import { headAttention, headAttentionReady, headContext, headProductsReady, headScores } from './head-products';
import { activation, addLayerNorm, addRow, embeddingLookup, layerNorm, linear, maskedSoftmax } from './ops';
import { recording } from './tape';

/** Parameter lookup by HF name, e.g. p('encoder.layer.0.attention.self.query.weight'). */
export type ParamFn = (name: string) => tf.Tensor;

/** Added to attention scores at padded keys; exp(−1e9 − max) is exactly 0 in float32, and no row is all padding. */
const MASKED = -1e9;

/**
 * Position ids [n·L]. BERT: 0..L−1. RoBERTa/XLM-R (HF create_position_ids_from_input_ids):
 * cumsum(mask)·mask + pad_token_id, so real tokens start at pad+1 and padding sits on the pad row.
 */
export function positionIds(cfg: BertConfig, mask: Int32Array, n: number, L: number): Int32Array {
  const out = new Int32Array(n * L);
  const roberta = isRobertaLike(cfg);
  for (let i = 0; i < n; i++) {
    let c = 0;
    for (let j = 0; j < L; j++) {
      const k = i * L + j;
      if (!roberta) out[k] = j;
      else {
        c += mask[k];
        out[k] = c * mask[k] + cfg.padTokenId;
      }
    }
  }
  return out;
}

/** word + position + token-type(0) embeddings, then LayerNorm. ids, mask [n·L] → [n·L, H]. */
export function embeddings(cfg: BertConfig, p: ParamFn, ids: Int32Array, mask: Int32Array, n: number, L: number): tf.Tensor2D {
  return tf.tidy(() => {
    const H = cfg.hiddenSize;
    const word = embeddingLookup(p('embeddings.word_embeddings.weight') as tf.Tensor2D, ids); // [nL, H]
    const posTable = p('embeddings.position_embeddings.weight') as tf.Tensor2D;
    const positions = positionIds(cfg, mask, n, L);
    // Every token has token_type 0 (single-segment encoding): row 0 broadcasts, and slice keeps it differentiable.
    const type = tf.slice(p('embeddings.token_type_embeddings.weight') as tf.Tensor2D, [0, 0], [1, H]); // [1, H]
    let wordPos: tf.Tensor2D;
    if (!recording() && samePositionsEveryRow(positions, n, L)) {
      // Inference with one position row for all (BERT always; RoBERTa without padding): L rows gathered and
      // broadcast over the batch — the same sums, bit for bit, without an [nL, H] gather.
      const rows = embeddingLookup(posTable, positions.subarray(0, L)); // [L, H]
      wordPos = tf.reshape(tf.add(tf.reshape(word, [n, L, H]), rows), [n * L, H]);
    } else wordPos = tf.add(word, embeddingLookup(posTable, positions)) as tf.Tensor2D; // [nL, H]
    const sum = addRow(wordPos, type); // [nL, H]
    return layerNorm(
      sum,
      p('embeddings.LayerNorm.weight') as tf.Tensor1D,
      p('embeddings.LayerNorm.bias') as tf.Tensor1D,
      cfg.layerNormEps,
    );
  });
}

function samePositionsEveryRow(positions: Int32Array, n: number, L: number): boolean {
  for (let k = L; k < n * L; k++) if (positions[k] !== positions[k - L]) return false;
  return true;
}

/** Additive key mask [n, 1, 1, L] (0 for tokens, −1e9 for padding), or null when nothing is padded. */
export function attentionBias(mask: Int32Array, n: number, L: number): tf.Tensor4D | null {
  if (mask.every((m) => m === 1)) return null;
  const bias = new Float32Array(n * L);
  for (let k = 0; k < bias.length; k++) bias[k] = mask[k] === 1 ? 0 : MASKED;
  return tf.tensor4d(bias, [n, 1, 1, L]);
}

function dense(p: ParamFn, prefix: string, x: tf.Tensor2D): tf.Tensor2D {
  return linear(x, p(`${prefix}.weight`) as tf.Tensor2D, p(`${prefix}.bias`) as tf.Tensor1D);
}

/** [n·L, H] → [n, heads, L, d] */
function splitHeads(x: tf.Tensor2D, n: number, L: number, heads: number): tf.Tensor4D {
  const d = x.shape[1] / heads;
  return tf.transpose(tf.reshape(x, [n, L, heads, d]), [0, 2, 1, 3]);
}

/** Multi-head self-attention sub-layer with its output dense, residual and LayerNorm (post-LN). */
function attention(
  cfg: BertConfig,
  p: ParamFn,
  pre: string,
  x: tf.Tensor2D,
  bias: tf.Tensor4D | null,
  n: number,
  L: number,
): tf.Tensor2D {
  return tf.tidy(() => {
    const h = cfg.numAttentionHeads;
    const d = cfg.hiddenSize / h;
    if (headProductsReady() && !recording()) {
      // Inference: per-head products straight on the [n·L, H] layout (head-products.ts), no split/merge
      // transposes; 1/√d goes into the product's α (exact when d is a power of 4, e.g. 64: the same bits as
      // scaling q). Not under a gradient tape: their (tested) gradients round the key-bias gradient — zero in
      // exact arithmetic, so pure noise — differently, and the AdamW parity suite bounds that noise's update.
      const q = dense(p, `${pre}.self.query`, x),
        k = dense(p, `${pre}.self.key`, x),
        v = dense(p, `${pre}.self.value`, x);
      const ctx = headAttentionReady()
        ? headAttention(q, k, v, bias, n, L, h, 1 / Math.sqrt(d)) // [nL, H], scores never materialised
        : headContext(maskedSoftmax(headScores(q, k, n, L, h, 1 / Math.sqrt(d)), bias), v, n, L, h); // scores [n, h, L, L]
      const out = dense(p, `${pre}.output.dense`, ctx);
      return addLayerNorm(
        out,
        x,
        p(`${pre}.output.LayerNorm.weight`) as tf.Tensor1D,
        p(`${pre}.output.LayerNorm.bias`) as tf.Tensor1D,
        cfg.layerNormEps,
      );
    }
    // Scaling q (n·L·H values) is cheaper than scaling the scores (n·h·L·L) once L > d.
    const q = splitHeads(tf.mul(dense(p, `${pre}.self.query`, x), 1 / Math.sqrt(d)), n, L, h); // [n, h, L, d]
    const k = splitHeads(dense(p, `${pre}.self.key`, x), n, L, h); // [n, h, L, d]
    const v = splitHeads(dense(p, `${pre}.self.value`, x), n, L, h); // [n, h, L, d]
    // Small batched products: on WASM transposeB costs the same as a plain product here (measured).
    const scores: tf.Tensor4D = tf.matMul(q, k, false, true); // [n, h, L, L]
    const probs = maskedSoftmax(scores, bias); // over keys
    const ctx = tf.matMul(probs, v); // [n, h, L, d]
    const merged = tf.reshape(tf.transpose(ctx, [0, 2, 1, 3]), [n * L, cfg.hiddenSize]); // [nL, H]
    const out = dense(p, `${pre}.output.dense`, merged as tf.Tensor2D);
    return addLayerNorm(
      out,
      x,
      p(`${pre}.output.LayerNorm.weight`) as tf.Tensor1D,
      p(`${pre}.output.LayerNorm.bias`) as tf.Tensor1D,
      cfg.layerNormEps,
    );
  });
}

/** One post-LN transformer layer: attention, then FFN (dense → act → dense, residual, LayerNorm). [nL, H] → [nL, H] */
export function encoderLayer(
  cfg: BertConfig,
  p: ParamFn,
  i: number,
  x: tf.Tensor2D,
  bias: tf.Tensor4D | null,
  n: number,
  L: number,
): tf.Tensor2D {
  return tf.tidy(() => {
    const pre = `encoder.layer.${i}`;
    const a = attention(cfg, p, `${pre}.attention`, x, bias, n, L);
    const inter = activation(dense(p, `${pre}.intermediate.dense`, a), cfg.hiddenAct); // [nL, I]
    const out = dense(p, `${pre}.output.dense`, inter); // [nL, H]
    return addLayerNorm(
      out,
      a,
      p(`${pre}.output.LayerNorm.weight`) as tf.Tensor1D,
      p(`${pre}.output.LayerNorm.bias`) as tf.Tensor1D,
      cfg.layerNormEps,
    );
  });
}

/** HF parameter names and shapes (torch layout) for a config; the pooler is optional in HF checkpoints. */
export function parameterShapes(cfg: BertConfig, withPooler: boolean): Map<string, number[]> {
  const H = cfg.hiddenSize;
  const I = cfg.intermediateSize;
  const s = new Map<string, number[]>([
    ['embeddings.word_embeddings.weight', [cfg.vocabSize, H]],
    ['embeddings.position_embeddings.weight', [cfg.maxPositionEmbeddings, H]],
    ['embeddings.token_type_embeddings.weight', [cfg.typeVocabSize, H]],
    ['embeddings.LayerNorm.weight', [H]],
    ['embeddings.LayerNorm.bias', [H]],
  ]);
  const lin = (name: string, out: number, inp: number): void => {
    s.set(`${name}.weight`, [out, inp]);
    s.set(`${name}.bias`, [out]);
  };
  const ln = (name: string): void => {
    s.set(`${name}.weight`, [H]);
    s.set(`${name}.bias`, [H]);
  };
  for (let i = 0; i < cfg.numHiddenLayers; i++) {
    const pre = `encoder.layer.${i}`;
    lin(`${pre}.attention.self.query`, H, H);
    lin(`${pre}.attention.self.key`, H, H);
    lin(`${pre}.attention.self.value`, H, H);
    lin(`${pre}.attention.output.dense`, H, H);
    ln(`${pre}.attention.output.LayerNorm`);
    lin(`${pre}.intermediate.dense`, I, H);
    lin(`${pre}.output.dense`, H, I);
    ln(`${pre}.output.LayerNorm`);
  }
  if (withPooler) lin('pooler.dense', H, H);
  return s;
}
