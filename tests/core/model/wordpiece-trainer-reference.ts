/**
 * The WordPiece trainer as it was before its merge phase was rewritten for bounded memory (Maps of Sets per
 * pair, an Int32Array per word, a heap of tuples): kept here only as the oracle the rewrite must match byte for
 * byte (wordpiece-trainer-equivalence.test.ts). Not used by the app.
 */
import type { WordPieceTrainerOptions, WordPieceTrainResult } from '../../../src/core/model/wordpiece-trainer';
import { bertNormalize, bertPreTokenize, type BertNormalizerOptions } from '../../../src/core/model/tokenizer-pipeline';
import { BERT_SPECIALS, type WordPieceFileOptions, wordPieceFiles } from '../../../src/core/model/wordpiece-files';

const PREFIX = '##';
const MAX_WORD_CHARS = 100;
const KEY = 2 ** 22; // pair key = a·KEY + b; ids stay far below 2^22

/** Max-heap of [count, key]; ties pop the smaller key (smaller symbol ids) first. */
class PairHeap {
  private h: Array<[number, number]> = [];
  private before(x: [number, number], y: [number, number]): boolean {
    return x[0] > y[0] || (x[0] === y[0] && x[1] < y[1]);
  }
  push(e: [number, number]): void {
    const h = this.h;
    h.push(e);
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }
  pop(): [number, number] | undefined {
    const h = this.h;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1,
          r = l + 1;
        let m = i;
        if (l < h.length && this.before(h[l], h[m])) m = l;
        if (r < h.length && this.before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

function byCountThenCodePoint(counts: Map<string, number>): string[] {
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].codePointAt(0)! - b[0].codePointAt(0)!).map(([c]) => c);
}

export function trainWordPieceReference(corpus: Iterable<string>, opts: WordPieceTrainerOptions = {}): WordPieceTrainResult {
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
  let words = 0;
  for (const text of corpus) {
    for (const w of bertPreTokenize(bertNormalize(text, norm))) {
      wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
      words++;
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

  // 3. Words as symbol-id sequences (−1 = a character outside the alphabet: no pair spans it).
  const seqs: Int32Array[] = [];
  const freqs: number[] = [];
  for (const [w, c] of wordCounts) {
    const chars = Array.from(w);
    if (chars.length > MAX_WORD_CHARS) continue;
    seqs.push(Int32Array.from(chars, (ch, k) => ids.get(k === 0 ? ch : PREFIX + ch) ?? -1));
    freqs.push(c);
  }
  const pairCounts = new Map<number, number>();
  const where = new Map<number, Set<number>>();
  const addPairs = (wi: number, sign: 1 | -1, touched?: Set<number>): void => {
    const s = seqs[wi];
    for (let k = 0; k + 1 < s.length; k++) {
      if (s[k] < 0 || s[k + 1] < 0) continue;
      const key = s[k] * KEY + s[k + 1];
      pairCounts.set(key, (pairCounts.get(key) ?? 0) + sign * freqs[wi]);
      if (sign > 0) {
        let set = where.get(key);
        if (!set) where.set(key, (set = new Set()));
        set.add(wi);
        touched?.add(key);
      }
    }
  };
  for (let wi = 0; wi < seqs.length; wi++) addPairs(wi, 1);
  const heap = new PairHeap();
  for (const [key, c] of pairCounts) heap.push([c, key]);

  // 4. Merge the most frequent pair until the vocabulary is full. Merging (a, b) only lowers the counts of
  //    other pairs, so stale heap entries are re-queued with their current count when they surface.
  let merges = 0;
  while (vocab.length < vocabSize) {
    const top = heap.pop();
    if (!top) break;
    const [count, key] = top;
    const cur = pairCounts.get(key) ?? 0;
    if (cur !== count) {
      if (cur > 0) heap.push([cur, key]);
      continue;
    }
    if (cur < minFrequency) break;
    const a = Math.floor(key / KEY),
      b = key % KEY;
    const tok = vocab[a] + vocab[b].slice(vocab[b].startsWith(PREFIX) ? PREFIX.length : 0);
    let id = ids.get(tok);
    if (id === undefined) {
      id = vocab.length;
      vocab.push(tok);
      ids.set(tok, id);
    }
    merges++;
    const touched = new Set<number>();
    for (const wi of where.get(key) ?? []) {
      const s = seqs[wi];
      const out: number[] = [];
      for (let k = 0; k < s.length; k++) {
        if (k + 1 < s.length && s[k] === a && s[k + 1] === b) {
          out.push(id);
          k++;
        } else out.push(s[k]);
      }
      if (out.length === s.length) continue;
      addPairs(wi, -1);
      seqs[wi] = Int32Array.from(out);
      addPairs(wi, 1, touched);
    }
    pairCounts.delete(key);
    where.delete(key);
    for (const k of touched) {
      const c = pairCounts.get(k) ?? 0;
      if (c > 0 && (Math.floor(k / KEY) === id || k % KEY === id)) heap.push([c, k]);
    }
  }

  return {
    vocab,
    files: wordPieceFiles(vocab, fileOpts),
    stats: { words, uniqueWords: wordCounts.size, alphabet: bare.length + cont.length, merges },
  };
}
