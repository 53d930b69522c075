/**
 * Learns a WordPiece vocabulary from a corpus, as Hugging Face `tokenizers`' WordPieceTrainer does: BERT
 * normalisation and pre-tokenisation, an alphabet of the most frequent characters (word-initial `c` and
 * continuation `##c` forms), then BPE-style merges of the most frequent adjacent pair until the vocabulary
 * is full; tokenisation later is greedy longest-match over that vocabulary. Deterministic: ties are broken by
 * symbol ids, which follow from the corpus order alone.
 */
import { bertNormalize, bertPreTokenize, type BertNormalizerOptions } from './tokenizer-pipeline';
import { mergePairs, type MergeWords } from './wordpiece-merges';
import { BERT_SPECIALS, type WordPieceFileOptions, wordPieceFiles } from './wordpiece-files';

export interface WordPieceTrainerOptions {
  /** Final vocabulary size, specials included (default 8000). */
  vocabSize?: number;
  /** A pair must occur this often to be merged (default 2). */
  minFrequency?: number;
  /** Most frequent characters kept as the alphabet; rarer ones become [UNK] (default 1000). */
  limitAlphabet?: number;
  lowercase?: boolean;
  /**
   * Default false, unlike BERT-uncased: NFD + dropping Mn marks also deletes Devanagari/Thai vowel signs and
   * viramas ('हिन्दी' → 'हिनदी'), merging distinct Hindi words. null = follow `lowercase` (HF semantics).
   */
  stripAccents?: boolean | null;
  handleChineseChars?: boolean;
  modelMaxLength?: number;
}

export interface WordPieceTrainResult {
  /** Tokens in id order: [PAD] [UNK] [CLS] [SEP] [MASK], the alphabet, then the merges. */
  vocab: string[];
  /** tokenizer.json, tokenizer_config.json, vocab.txt. */
  files: Record<string, Uint8Array>;
  stats: { words: number; uniqueWords: number; alphabet: number; merges: number };
}

const PREFIX = '##';
const MAX_WORD_CHARS = 100;
/** Characters (code points) of a word, without materialising them. */
function codePoints(w: string): number {
  let n = 0;
  for (let i = 0; i < w.length; i++) {
    n++;
    const c = w.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < w.length) {
      const d = w.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return n;
}

function byCountThenCodePoint(counts: Map<string, number>): string[] {
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].codePointAt(0)! - b[0].codePointAt(0)!).map(([c]) => c);
}

export function trainWordPiece(corpus: Iterable<string>, opts: WordPieceTrainerOptions = {}): WordPieceTrainResult {
  const vocabSize = opts.vocabSize ?? 8000;
  const minFrequency = opts.minFrequency ?? 2;
  const norm: BertNormalizerOptions = {
    cleanText: true,
    handleChineseChars: opts.handleChineseChars ?? true,
    lowercase: opts.lowercase ?? true,
    stripAccents: opts.stripAccents === undefined ? false : opts.stripAccents,
  };
  const fileOpts: WordPieceFileOptions = {
    lowercase: norm.lowercase,
    stripAccents: norm.stripAccents,
    handleChineseChars: norm.handleChineseChars,
    modelMaxLength: opts.modelMaxLength ?? 512,
    special: BERT_SPECIALS,
  };
  const specials = [BERT_SPECIALS.pad, BERT_SPECIALS.unk, BERT_SPECIALS.cls, BERT_SPECIALS.sep, BERT_SPECIALS.mask];
  if (vocabSize <= specials.length)
    throw new Error(`trainWordPiece: vocabSize ${vocabSize} leaves no room beyond the ${specials.length} special tokens`);

  // 1. Word frequencies, and character frequencies in word-initial / continuation position.
  const wordCounts = new Map<string, number>();
  let wordTotal = 0;
  for (const text of corpus) {
    for (const w of bertPreTokenize(bertNormalize(text, norm))) {
      wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
      wordTotal++;
    }
  }
  const initial = new Map<string, number>();
  const continuation = new Map<string, number>();
  for (const [w, c] of wordCounts) {
    const chars = Array.from(w);
    if (chars.length > MAX_WORD_CHARS) continue;
    chars.forEach((ch, k) => {
      const m = k === 0 ? initial : continuation;
      m.set(ch, (m.get(ch) ?? 0) + c);
    });
  }

  // 2. Alphabet: the limitAlphabet most frequent characters; bare forms, then the ## forms that occur.
  const total = new Map<string, number>(initial);
  for (const [ch, c] of continuation) total.set(ch, (total.get(ch) ?? 0) + c);
  const alphabet = new Set(byCountThenCodePoint(total).slice(0, opts.limitAlphabet ?? 1000));
  const room = vocabSize - specials.length;
  const cp = (a: string, b: string): number => a.codePointAt(0)! - b.codePointAt(0)!;
  const bare = [...alphabet].sort(cp).slice(0, room);
  const cont = byCountThenCodePoint(continuation)
    .filter((ch) => alphabet.has(ch))
    .slice(0, Math.max(0, room - bare.length))
    .sort(cp)
    .map((ch) => PREFIX + ch);
  const vocab = [...specials, ...bare, ...cont];
  const ids = new Map<string, number>(vocab.map((t, i) => [t, i]));

  // 3. Words as symbol-id sequences in one flat array (−1 = a character outside the alphabet: no pair spans it).
  const uniqueWords = wordCounts.size;
  let nWords = 0,
    nSymbols = 0;
  for (const w of wordCounts.keys()) {
    const n = codePoints(w);
    if (n <= MAX_WORD_CHARS) {
      nWords++;
      nSymbols += n;
    }
  }
  const words: MergeWords = {
    symbols: new Int32Array(nSymbols),
    offsets: new Int32Array(nWords),
    lengths: new Int32Array(nWords),
    freqs: new Float64Array(nWords),
  };
  let wi = 0,
    at = 0;
  for (const [w, c] of wordCounts) {
    if (codePoints(w) > MAX_WORD_CHARS) continue;
    words.offsets[wi] = at;
    words.freqs[wi] = c;
    let k = 0;
    for (const ch of w) words.symbols[at++] = ids.get(k++ === 0 ? ch : PREFIX + ch) ?? -1;
    words.lengths[wi++] = k;
  }
  wordCounts.clear(); // from here on the words live as symbol ids only

  // 4. Merge the most frequent pair until the vocabulary is full (wordpiece-merges.ts).
  const merges = mergePairs(words, {
    minFrequency,
    full: () => vocab.length >= vocabSize,
    symbolFor: (a, b) => {
      const tok = vocab[a] + vocab[b].slice(vocab[b].startsWith(PREFIX) ? PREFIX.length : 0);
      let id = ids.get(tok);
      if (id === undefined) {
        id = vocab.length;
        vocab.push(tok);
        ids.set(tok, id);
      }
      return id;
    },
  });

  return {
    vocab,
    files: wordPieceFiles(vocab, fileOpts),
    stats: { words: wordTotal, uniqueWords, alphabet: bare.length + cont.length, merges },
  };
}
