/**
 * The two subword models of our tokenizers: WordPiece (BERT, greedy longest-match-first) and Unigram
 * (SentencePiece / XLM-R, Viterbi over piece log-probabilities). Both map one pre-tokenized word to ids.
 */

export interface SubwordModel {
  readonly type: 'WordPiece' | 'Unigram';
  /** token → id of the model's own vocabulary (added tokens excluded). */
  readonly vocab: ReadonlyMap<string, number>;
  readonly unkId: number;
  encodeWord(word: string): number[];
}

/** Words repeat a lot (training re-tokenizes the same corpus every epoch); cap the cache, don't grow forever. */
const CACHE_MAX = 100_000;

function cached(cache: Map<string, number[]>, word: string, f: (w: string) => number[]): number[] {
  let ids = cache.get(word);
  if (ids === undefined) {
    if (cache.size >= CACHE_MAX) cache.clear();
    ids = f(word);
    cache.set(word, ids);
  }
  return ids;
}

export class WordPieceModel implements SubwordModel {
  readonly type = 'WordPiece' as const;
  readonly unkId: number;
  /** Characters of the longest entry. */
  private readonly longest: number = 1;
  private cache = new Map<string, number[]>();

  constructor(
    readonly vocab: ReadonlyMap<string, number>,
    unkToken: string,
    readonly prefix = '##',
    readonly maxInputCharsPerWord = 100,
  ) {
    const unk = vocab.get(unkToken);
    if (unk === undefined) throw new Error(`WordPiece: unk_token "${unkToken}" is not in the vocabulary`);
    this.unkId = unk;
    // Full length (a word may start with the prefix characters themselves): an upper bound either way.
    for (const t of vocab.keys()) this.longest = Math.max(this.longest, Array.from(t).length);
  }

  encodeWord(word: string): number[] {
    return cached(this.cache, word, (w) => this.greedy(w));
  }

  /** Longest vocabulary prefix, then longest `##`-continuation, …; any unmatchable rest makes the word [UNK]. */
  private greedy(word: string): number[] {
    const chars = Array.from(word);
    if (chars.length > this.maxInputCharsPerWord) return [this.unkId];
    // UTF-16 offsets of the characters: candidates are slices of the word, not joined arrays; no candidate
    // is longer than the longest vocabulary entry (same result, O(n·longest) instead of O(n²) per word).
    const off = new Int32Array(chars.length + 1);
    for (let i = 0; i < chars.length; i++) off[i + 1] = off[i] + chars[i].length;
    const out: number[] = [];
    let start = 0;
    while (start < chars.length) {
      let end = Math.min(chars.length, start + this.longest);
      let id: number | undefined;
      while (start < end) {
        const piece = word.slice(off[start], off[end]);
        id = this.vocab.get(start > 0 ? this.prefix + piece : piece);
        if (id !== undefined) break;
        end--;
      }
      if (id === undefined) return [this.unkId];
      out.push(id);
      start = end;
    }
    return out;
  }
}

interface TrieNode {
  children: Map<string, TrieNode>;
  id: number;
}

export class UnigramModel implements SubwordModel {
  readonly type = 'Unigram' as const;
  readonly vocab: ReadonlyMap<string, number>;
  private readonly scores: Float64Array;
  private readonly unkScore: number;
  private readonly root: TrieNode = { children: new Map(), id: -1 };
  private cache = new Map<string, number[]>();

  /** pieces: [piece, log-prob] in id order, as tokenizer.json's Unigram `vocab`. */
  constructor(
    pieces: ReadonlyArray<readonly [string, number]>,
    readonly unkId: number,
    private readonly byteFallback = false,
  ) {
    const vocab = new Map<string, number>();
    this.scores = new Float64Array(pieces.length);
    let min = Infinity;
    pieces.forEach(([piece, score], id) => {
      vocab.set(piece, id);
      this.scores[id] = score;
      min = Math.min(min, score);
      let node = this.root;
      for (const ch of piece) {
        let next = node.children.get(ch);
        if (!next) node.children.set(ch, (next = { children: new Map(), id: -1 }));
        node = next;
      }
      node.id = id;
    });
    this.vocab = vocab;
    // As HF tokenizers: an unknown character costs 10 nats more than the rarest piece.
    this.unkScore = min - 10;
  }

  encodeWord(word: string): number[] {
    return cached(this.cache, word, (w) => this.viterbi(w));
  }

  /**
   * best[j] = max over pieces ending at char j of best[start] + score(piece). Starts are visited in order and
   * only a strictly better score replaces, so ties go to the earliest start — as HF tokenizers/transformers.js.
   */
  private viterbi(word: string): number[] {
    const chars = Array.from(word);
    const n = chars.length;
    const best = new Float64Array(n + 1).fill(-Infinity);
    const from = new Int32Array(n + 1).fill(-1);
    const tok = new Int32Array(n + 1).fill(-1);
    best[0] = 0;
    for (let i = 0; i < n; i++) {
      if (best[i] === -Infinity) continue;
      let node: TrieNode | undefined = this.root;
      let single = false;
      for (let j = i; j < n; j++) {
        node = node.children.get(chars[j]);
        if (!node) break;
        if (node.id < 0) continue;
        if (j === i) single = true;
        const s = best[i] + (node.id === this.unkId ? this.unkScore : this.scores[node.id]);
        if (from[j + 1] === -1 || s > best[j + 1]) {
          best[j + 1] = s;
          from[j + 1] = i;
          tok[j + 1] = node.id;
        }
      }
      if (!single) {
        const s = best[i] + this.unkScore;
        if (from[i + 1] === -1 || s > best[i + 1]) {
          best[i + 1] = s;
          from[i + 1] = i;
          tok[i + 1] = this.unkId;
        }
      }
    }
    const path: Array<[number, number]> = []; // [token id, start char]
    for (let j = n; j > 0; j = from[j]) path.push([tok[j], from[j]]);
    path.reverse();
    const out: number[] = [];
    for (const [id, start] of path) {
      if (id !== this.unkId) out.push(id);
      else if (this.byteFallback && this.pushBytes(chars[start], out)) continue;
      else if (out.length === 0 || out[out.length - 1] !== this.unkId) out.push(id); // fuse_unk: one <unk> per run
    }
    return out;
  }

  /** byte_fallback: an unknown character becomes its UTF-8 bytes as <0xXX> pieces, when all exist. */
  private pushBytes(ch: string, out: number[]): boolean {
    const ids = Array.from(new TextEncoder().encode(ch), (b) =>
      this.vocab.get(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`),
    );
    if (ids.some((id) => id === undefined)) return false;
    out.push(...(ids as number[]));
    return true;
  }
}
