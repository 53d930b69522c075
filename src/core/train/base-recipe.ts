/**
 * How a cross-lingual base is made, shared by `cli pretrain` and the browser's "Build a base": a WordPiece
 * vocabulary learned from the translation pairs (plus the training text the base will be fine-tuned on), a
 * fresh tiny BERT, runPretraining (pretrain.ts), then a plain model folder with lineage.json.
 */
import type { TranslationPairs } from '../data/lexicon';
import type { BertEncoder } from '../model/bert';
import { newTinyBert, saveEncoder, type ModelFiles } from '../model/checkpoint';
import type { Encoder } from '../model/encoder';
import { trainWordPiece } from '../model/wordpiece-trainer';
import { BERT_SPECIALS, wordPieceFiles } from '../model/wordpiece-files';
import { pruneWordPieceVocab, type VocabPruneResult } from '../model/vocab-prune';
import { BIG_VOCAB_ROWS } from '../model/trainable';
import { lineageFile, LINEAGE_FILE } from './checkpoint';
import type { PretrainConfig } from './pretrain';

/** The tokenizer's corpus: both sides of every pair (repeats weight frequent words), then `extra` texts. */
export function baseVocabCorpus(data: TranslationPairs, extra: Iterable<string> = []): string[] {
  const corpus: string[] = [];
  for (const p of data.pairs) corpus.push(p.a, p.b);
  for (const t of extra) corpus.push(t);
  return corpus;
}

/**
 * A randomly initialised tiny BERT with a vocabulary learned from `corpus`. Its default maxLength is the position
 * table (≥ 64), not the short pre-training length: pre-training passes its own limit per batch, and a base is
 * later used on whole sentences.
 */
export function newBaseEncoder(cfg: PretrainConfig, corpus: string[], given?: GivenVocab): BertEncoder {
  let files: Record<string, Uint8Array>;
  if (given) {
    // An existing vocabulary (e.g. mBERT's) cut to the pieces the corpus uses: the model's size follows it.
    const o = { lowercase: given.lowercase, stripAccents: false, handleChineseChars: true };
    const pruned = pruneWordPieceVocab(given.vocab, corpus, { ...o, maxSize: Math.min(cfg.model.vocabSize, BIG_VOCAB_ROWS) });
    given.onStats?.(pruned.stats);
    files = wordPieceFiles(pruned.vocab, { ...o, modelMaxLength: 512, special: BERT_SPECIALS });
  } else {
    files = trainWordPiece(corpus, { vocabSize: cfg.model.vocabSize, lowercase: true }).files;
  }
  const maxPosition = Math.max(64, cfg.maxLength);
  const { vocabSize: _learned, ...shape } = cfg.model; // the size is the tokenizer's (vocab_size in config.json)
  return newTinyBert({ vocab: files, ...shape, maxPosition, maxLength: maxPosition, seed: cfg.seed });
}

/** A WordPiece vocabulary to start from instead of learning one: pruned to the corpus and to model.vocabSize (≤ 50k rows, see vocab-prune.ts). */
export interface GivenVocab {
  vocab: readonly string[];
  lowercase: boolean;
  onStats?: (stats: VocabPruneResult['stats']) => void;
}

/** The lineage entry of a pre-training: its source files (base names), steps and seed. */
export function pretrainLineage(sources: string[], cfg: Pick<PretrainConfig, 'steps' | 'seed'>): string {
  return `pretrain:${sources.map((s) => s.split(/[\\/]/).pop()).join('+')};steps=${cfg.steps};seed=${cfg.seed}`;
}

/** The base's model folder: the encoder's files plus lineage.json. */
export async function baseModelFiles(encoder: Encoder, lineage: string[]): Promise<ModelFiles> {
  return { ...(await saveEncoder(encoder)), [LINEAGE_FILE]: lineageFile(lineage) };
}
