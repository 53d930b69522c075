/**
 * An existing WordPiece vocabulary (e.g. mBERT's 119,547 tokens) cut down to what a corpus uses. Why: a
 * from-scratch tiny encoder trains every embedding row, and tables over 50k rows are frozen by design
 * (trainable.ts), yet a learned 8–16k vocabulary shared by 11 scripts splits most words into short pieces whose
 * embeddings carry little of the word. mBERT's vocabulary was built for these languages; the rows a corpus never
 * reaches are dead weight. Every single-character piece (`c` and `##c`) is kept, so unseen text still
 * tokenises into pieces instead of [UNK]; the specials keep their place at the front.
 */
import { bertNormalize, bertPreTokenize } from './tokenizer-pipeline';
import { WordPieceModel } from './tokenizer-models';
import { BERT_SPECIALS } from './wordpiece-files';

export interface VocabPruneOptions {
  lowercase: boolean;
  stripAccents: boolean | null;
  handleChineseChars: boolean;
  /**
   * At most this many tokens (specials and single characters always kept, then the corpus's most used pieces):
   * stay at or below trainable.ts's BIG_VOCAB_ROWS, or the word-embedding table is frozen.
   */
  maxSize?: number;
}

export interface VocabPruneResult {
  vocab: string[];
  stats: { original: number; kept: number; used: number; singleChars: number; unkWords: number; words: number };
}

/** Parses vocab.txt (one token per line, id = line index); a missing BERT special is an error naming it. */
export function parseVocabTxt(text: string, file = 'vocab.txt'): string[] {
  const vocab = text.split(/\r?\n/);
  if (vocab[vocab.length - 1] === '') vocab.pop();
  for (const s of Object.values(BERT_SPECIALS)) {
    if (!vocab.includes(s))
      throw new Error(`${file}: the vocabulary lacks the special token ${s}; add it on its own line (BERT layout)`);
  }
  return vocab;
}

export function pruneWordPieceVocab(vocab: readonly string[], corpus: Iterable<string>, o: VocabPruneOptions): VocabPruneResult {
  const ids = new Map<string, number>();
  vocab.forEach((t, i) => {
    if (!ids.has(t)) ids.set(t, i);
  });
  const model = new WordPieceModel(ids, BERT_SPECIALS.unk);
  const used = new Uint32Array(vocab.length); // uses per token
  let words = 0,
    unkWords = 0;
  for (const text of corpus) {
    const norm = bertNormalize(text, {
      cleanText: true,
      handleChineseChars: o.handleChineseChars,
      lowercase: o.lowercase,
      stripAccents: o.stripAccents,
    });
    for (const w of bertPreTokenize(norm)) {
      words++;
      const pieces = model.encodeWord(w);
      if (pieces.length === 1 && pieces[0] === model.unkId) unkWords++;
      for (const id of pieces) used[id]++;
    }
  }
  const specials = new Set<string>(Object.values(BERT_SPECIALS));
  const isSingleChar = (t: string) => Array.from(t.startsWith('##') ? t.slice(2) : t).length === 1;
  const keep = new Uint8Array(vocab.length);
  let singles = 0;
  const usedMulti: number[] = [];
  vocab.forEach((t, i) => {
    if (specials.has(t)) keep[i] = 1;
    else if (isSingleChar(t)) {
      keep[i] = 1;
      singles++;
    } else if (used[i] > 0) usedMulti.push(i);
  });
  // Most used first; ties by id (mBERT's own order) so the cut is deterministic.
  usedMulti.sort((x, y) => used[y] - used[x] || x - y);
  const room = Math.max(0, (o.maxSize ?? Infinity) - specials.size - singles);
  const kept = usedMulti.slice(0, room);
  for (const i of kept) keep[i] = 1;
  const head = vocab.filter((t) => specials.has(t));
  const rest = vocab.filter((t, i) => keep[i] && !specials.has(t));
  return {
    vocab: [...head, ...rest],
    stats: { original: vocab.length, kept: head.length + rest.length, used: kept.length, singleChars: singles, unkWords, words },
  };
}
