/**
 * The contract between models and the rest of the workbench (training, evaluation, UI): texts in,
 * [n, dim] embeddings out, differentiable w.r.t. named variables.
 */
import * as tf from '@tensorflow/tfjs';
import type { EncoderConfig } from './config';
import type { Tokenizer } from './tokenizer';
import type { TrainableSetting } from './trainable';

export type { EncoderConfig, Pooling } from './config';

export type Role = 'query' | 'passage';

export interface EncodeOptions {
  /** Selects the E5-style prefix when the config has prefixes; no prefix when omitted. */
  role?: Role;
  /** Max tokens per text incl. begin/end tokens; default config.maxLength, capped by the position table. */
  maxLength?: number;
}

export interface Encoder {
  readonly config: EncoderConfig;
  /** Embedding width (hidden size). */
  readonly dim: number;
  tokenizer: Tokenizer;
  /**
   * Embeddings [n, dim], L2-normalised unless config.normalize is false. The caller owns the result: call
   * inside tf.tidy or a gradient tape (tf.variableGrads) — it is differentiable w.r.t. trainableVariables().
   */
  encode(texts: string[], opts?: EncodeOptions): tf.Tensor2D;
  /** Variables the loss should update, by Hugging Face state-dict name (the pooler only when it is used). */
  trainableVariables(): Record<string, tf.Variable>;
  /** Every variable, by Hugging Face state-dict name (what a checkpoint stores). */
  allVariables(): Record<string, tf.Variable>;
  /** Partial fine-tuning: restrict trainableVariables() (trainable.ts). Optional: frozen encoders lack it. */
  setTrainable?(spec: TrainableSetting): void;
  dispose(): void;
}

/**
 * Runs `embedBatch` over many texts into one row-major Float32Array [texts.length, dim]. Texts are batched in
 * order of length (less padding, same results) and written back in input order. Shared by every embedder.
 */
export async function embedInBatches(
  texts: readonly string[],
  dim: number,
  batchSize: number,
  embedBatch: (batch: string[]) => Promise<Float32Array>,
  onProgress?: (done: number, total: number) => void | Promise<void>,
): Promise<Float32Array> {
  if (!(batchSize >= 1)) throw new Error(`embedding: batchSize must be ≥ 1, got ${batchSize}`);
  const out = new Float32Array(texts.length * dim);
  const order = texts.map((_, i) => i).sort((a, b) => texts[a].length - texts[b].length || a - b);
  for (let s = 0; s < order.length; s += batchSize) {
    const idx = order.slice(s, s + batchSize);
    const data = await embedBatch(idx.map((i) => texts[i]));
    idx.forEach((i, r) => out.set(data.subarray(r * dim, (r + 1) * dim), i * dim));
    await onProgress?.(Math.min(s + batchSize, order.length), order.length); // may yield, or throw to cancel
  }
  return out;
}

/** Embeds many texts with a tfjs encoder, without gradients (see embedInBatches). */
export function embedTexts(
  encoder: Encoder,
  texts: readonly string[],
  batchSize: number,
  onProgress?: (done: number, total: number) => void | Promise<void>,
  opts: EncodeOptions = {},
): Promise<Float32Array> {
  return embedInBatches(
    texts,
    encoder.dim,
    batchSize,
    async (batch) => {
      const emb = tf.tidy(() => encoder.encode(batch, opts));
      const data = (await emb.data()) as Float32Array;
      emb.dispose();
      return data;
    },
    onProgress,
  );
}
