/**
 * The benchmark model and inputs, shared by every Node-side benchmark and mirrored by bench/peers/*.py:
 * a BERT of the train-step config with a synthetic 30k WordPiece vocabulary ("[PAD] [UNK] [CLS] [SEP] [MASK]"
 * then one whole-word token per id), and texts of 62 such words, so every text is exactly
 * [CLS] + 62 + [SEP] = 64 tokens with no padding. The ids the tokenizer produces are written next to the
 * weights so the PyTorch peer feeds exactly the same ids through exactly the same weights.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newTinyBert, saveEncoder } from '../../src/core/model/checkpoint';
import type { BertEncoder } from '../../src/core/model/bert';
import { BERT_SPECIALS, wordPieceFiles } from '../../src/core/model/wordpiece-files';
import { mulberry32 } from '../../src/core/util/mulberry32';

export interface BenchModelConfig {
  vocab: number;
  hidden: number;
  layers: number;
  heads: number;
  intermediate: number;
  /** Tokens per text incl. [CLS]/[SEP]. */
  seq: number;
  /** Queries per batch; positives = batch, hard negatives = batch (MNRL sees all of them). */
  batch: number;
}

/** The train-step / encode / memory-peak config of the brief. */
export const TRAIN_CONFIG: BenchModelConfig = {
  vocab: 30000,
  hidden: 256,
  layers: 4,
  heads: 4,
  intermediate: 1024,
  seq: 64,
  batch: 32,
};
/** A small config for the 1,000-step leak test. */
export const SMALL_CONFIG: BenchModelConfig = {
  vocab: 2000,
  hidden: 32,
  layers: 1,
  heads: 2,
  intermediate: 64,
  seq: 16,
  batch: 8,
};

export const TRAIN_OPTS = { temperature: 0.05, variant: 'mnrl' as const, gradClip: 1, lr: 1e-4, weightDecay: 0.01 };

const SPECIALS = [BERT_SPECIALS.pad, BERT_SPECIALS.unk, BERT_SPECIALS.cls, BERT_SPECIALS.sep, BERT_SPECIALS.mask];

export function synthVocabFiles(size: number): Record<string, Uint8Array> {
  const words = Array.from({ length: size - SPECIALS.length }, (_, i) => `w${i}`);
  return wordPieceFiles([...SPECIALS, ...words], {
    lowercase: true,
    stripAccents: null,
    handleChineseChars: true,
    modelMaxLength: 512,
    special: BERT_SPECIALS,
  });
}

/** mulberry32, the engine's own (src/core/util/mulberry32.ts). */
export const prng: (seed: number) => () => number = mulberry32;

/** n texts of (seq − 2) random whole-word tokens each. */
export function randomTexts(cfg: BenchModelConfig, n: number, seed: number): string[] {
  const r = prng(seed);
  const words = cfg.vocab - SPECIALS.length;
  return Array.from({ length: n }, () => Array.from({ length: cfg.seq - 2 }, () => `w${Math.floor(r() * words)}`).join(' '));
}

export interface BenchBatch {
  queries: string[];
  positives: string[];
  negatives: string[];
}

export function randomBatch(cfg: BenchModelConfig, seed: number): BenchBatch {
  const t = randomTexts(cfg, 3 * cfg.batch, seed);
  return { queries: t.slice(0, cfg.batch), positives: t.slice(cfg.batch, 2 * cfg.batch), negatives: t.slice(2 * cfg.batch) };
}

export function buildEncoder(cfg: BenchModelConfig, seed = 1): BertEncoder {
  const enc = newTinyBert({
    vocab: synthVocabFiles(cfg.vocab),
    hidden: cfg.hidden,
    layers: cfg.layers,
    heads: cfg.heads,
    intermediate: cfg.intermediate,
    maxPosition: cfg.seq,
    maxLength: cfg.seq,
    seed,
  });
  if (enc.tokenizer.vocabSize !== cfg.vocab)
    throw new Error(`synthetic vocab has ${enc.tokenizer.vocabSize} ids, wanted ${cfg.vocab}`);
  return enc;
}

/** Token ids of texts as the encoder's tokenizer produces them; throws unless every row is exactly `seq` long. */
export function tokenIds(enc: BertEncoder, texts: string[], seq: number): Int32Array {
  const b = enc.tokenizer.encodeBatch(texts, seq);
  if (b.shape[1] !== seq || !b.attentionMask.every((m) => m === 1))
    throw new Error(`texts do not tokenize to exactly ${seq} tokens`);
  return b.inputIds;
}

/**
 * Writes what a Python peer needs to rebuild the same computation into `dir`:
 * model.safetensors + config.json (+ tokenizer files) of `enc`, and `<name>.i32` files of token ids [rows, seq].
 */
export async function writePeerInputs(dir: string, enc: BertEncoder, ids: Record<string, Int32Array>): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const files = await saveEncoder(enc);
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  for (const [name, a] of Object.entries(ids))
    writeFileSync(join(dir, `${name}.i32`), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}
