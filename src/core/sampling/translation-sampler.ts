/**
 * Batches of translation pairs for contrastive (InfoNCE) pre-training, balanced over language pairs.
 *
 * Each slot draws an unordered language pair uniformly (so en-th counts as much as en-es, whatever their
 * sizes), takes the next pair of that language pair's queue and swaps its direction with probability 1/2, so
 * both directions are trained. The other pairs' positives are the in-batch negatives, hence no two pairs of a
 * batch share a concept, or any text (a or b, compared as strings: the encoder sees no language tag, so equal
 * strings embed alike whatever their language). On a conflict the queue's pair is deferred (it is owed and
 * tried first next time) and, after SCAN_LIMIT conflicts, another language pair is drawn.
 *
 * Queues. A language pair's queue for pass p is a permutation from `fork("queue:<key>:<p>")` of the root
 * PRNG, so the state stores only (pass, cursor, deferred) and not 600k indices. `epoch` = completed passes of
 * the slowest (largest) queue; smaller language pairs repeat more often, by design of the balancing.
 *
 * Pairs whose two sides are the same string are left out unless `keepIdentical`: they give the encoder
 * nothing to align (same tokens, same vector), and MUSE is full of them (91% of en-vi, 48% of en-de).
 */
import type { Lang } from '../data/types';
import type { TranslationPairs } from '../data/lexicon';
import { hashString, Prng, type Seed } from './prng';

export interface TranslationSamplerOptions {
  batchSize: number;
  seed: Seed;
  /** Keep at most this many pairs per language pair: a seed-fixed subset, larger caps are supersets. */
  maxPairsPerLangPair?: number;
  /** Also sample pairs whose two texts are identical (default false). */
  keepIdentical?: boolean;
  /**
   * Entries joined into one example: [min, max] (default [1, 1], single entries). With max > 1 each example is
   * k ~ U{min..max} entries of one language pair, joined by spaces on both sides (the target side shuffled), a
   * pseudo-parallel "sentence" (shorter when the language pair has no entry left that fits the batch). Why: a base trained on lone words never sees a token past position ~4, so the
   * position embeddings of real sentences stay at their random init, and mean pooling over many words is never
   * trained; word-bag phrases train both without any bitext.
   */
  wordsPerExample?: [number, number];
}

export interface ResolvedTranslationOptions {
  batchSize: number;
  seed: Seed;
  maxPairsPerLangPair: number | null;
  keepIdentical: boolean;
  wordsPerExample?: [number, number];
}

export interface TranslationBatchPair {
  query: string;
  positive: string;
  queryLang: Lang;
  passageLang: Lang;
}

export interface TranslationBatch {
  step: number; // 0-based position in the stream
  epoch: number; // at the batch start
  pairs: TranslationBatchPair[];
  /** `"<queryLang>><passageLang>"` → number of pairs. */
  composition: Record<string, number>;
  /** batchSize − pairs.length: > 0 only when the data cannot fill a batch without a conflict. */
  shortfall: number;
}

export interface LangPairQueueState {
  pass: number;
  cursor: number;
  deferred: number[];
}

export interface TranslationSamplerState {
  version: 1;
  fingerprint: string;
  options: ResolvedTranslationOptions;
  step: number;
  rng: number[];
  queues: Record<string, LangPairQueueState>;
}

/** Language-pair draws per slot before the batch ends short. */
const LANG_PAIR_RETRIES = 32;
/** Queue entries looked at per draw before giving up on this language pair for the slot. */
const SCAN_LIMIT = 64;

interface Queue extends LangPairQueueState {
  order: Int32Array;
}

/** Fingerprint of the pairs (all texts and languages), hashed in chunks: one string of 600k pairs is too big. */
export function fingerprintPairs(data: TranslationPairs): string {
  let acc = `${data.pairs.length}`;
  for (let i = 0; i < data.pairs.length; i += 4096) {
    let chunk = acc;
    for (const p of data.pairs.slice(i, i + 4096)) chunk += `\n${p.aLang}\t${p.a}\t${p.bLang}\t${p.b}\t${p.concept ?? ''}`;
    acc = hashString(chunk)
      .map((w) => w.toString(16).padStart(8, '0'))
      .join('');
  }
  return `${data.pairs.length}:${acc}`;
}

export class TranslationPairSampler implements Iterable<TranslationBatch> {
  readonly options: Readonly<ResolvedTranslationOptions>;
  /** Unordered language pairs `"de-en"` (sorted codes), sorted; index = position in `members`. */
  readonly langPairs: readonly string[];
  private readonly members: Int32Array[] = []; // per language pair: indices into data.pairs, ascending
  private readonly root: Prng; // never advanced: only forked, so queue orders depend on the seed alone
  private rng: Prng; // language pair and direction draws
  private queues: Queue[] = [];
  private step = 0;
  private readonly fingerprint: string;

  constructor(
    private readonly data: TranslationPairs,
    options: TranslationSamplerOptions,
  ) {
    const { batchSize } = options;
    const max = options.maxPairsPerLangPair ?? null;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
    if (max !== null && (!Number.isInteger(max) || max < 1))
      throw new Error(`maxPairsPerLangPair must be a positive integer, got ${max}`);
    const words = options.wordsPerExample;
    if (
      words !== undefined &&
      !(Number.isInteger(words[0]) && Number.isInteger(words[1]) && words[0] >= 1 && words[1] >= words[0])
    ) {
      throw new Error(`wordsPerExample must be [min, max] with 1 ≤ min ≤ max, got ${JSON.stringify(words)}`);
    }
    this.options = {
      batchSize,
      seed: options.seed,
      maxPairsPerLangPair: max,
      keepIdentical: options.keepIdentical ?? false,
      ...(words && (words[0] > 1 || words[1] > 1) ? { wordsPerExample: [words[0], words[1]] as [number, number] } : {}),
    };
    this.root = new Prng(options.seed);
    this.rng = this.root.fork('batches');
    this.fingerprint = fingerprintPairs(data);

    const groups = new Map<string, number[]>();
    data.pairs.forEach((p, i) => {
      if (p.aLang === p.bLang || (p.a === p.b && !this.options.keepIdentical)) return;
      const key = p.aLang < p.bLang ? `${p.aLang}-${p.bLang}` : `${p.bLang}-${p.aLang}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = []));
      g.push(i);
    });
    if (groups.size === 0) throw new Error('no translation pairs between two different languages to sample');
    this.langPairs = [...groups.keys()].sort();
    for (const key of this.langPairs) {
      let ids = groups.get(key)!;
      // Forked from the seed alone: the subset depends on seed and cap, not on how far the stream has run.
      if (max !== null && ids.length > max)
        ids = this.root
          .fork(`subsample:${key}`)
          .shuffle(ids)
          .slice(0, max)
          .sort((x, y) => x - y);
      this.members.push(Int32Array.from(ids));
    }
    this.queues = this.langPairs.map((_, k) => ({ pass: 0, cursor: 0, deferred: [], order: this.orderFor(k, 0) }));
  }

  static fromState(data: TranslationPairs, state: TranslationSamplerState): TranslationPairSampler {
    if (state.version !== 1) throw new Error(`unsupported sampler state version ${state.version}`);
    const s = new TranslationPairSampler(data, {
      ...state.options,
      maxPairsPerLangPair: state.options.maxPairsPerLangPair ?? undefined,
      wordsPerExample: state.options.wordsPerExample,
    });
    if (state.fingerprint !== s.fingerprint) throw new Error('sampler state was saved on different data (fingerprint mismatch)');
    const keys = Object.keys(state.queues).sort();
    if (keys.join() !== s.langPairs.join()) throw new Error('sampler state has the wrong set of language pairs');
    s.step = state.step;
    s.rng = Prng.fromState(state.rng);
    s.queues = s.langPairs.map((key, k) => {
      const q = state.queues[key];
      return { pass: q.pass, cursor: q.cursor, deferred: [...q.deferred], order: s.orderFor(k, q.pass) };
    });
    return s;
  }

  /** Plain JSON, small (no queue orders): fits in a checkpoint as is. */
  getState(): TranslationSamplerState {
    const queues: Record<string, LangPairQueueState> = {};
    this.langPairs.forEach((key, k) => {
      const q = this.queues[k];
      queues[key] = { pass: q.pass, cursor: q.cursor, deferred: [...q.deferred] };
    });
    return {
      version: 1,
      fingerprint: this.fingerprint,
      options: { ...this.options },
      step: this.step,
      rng: this.rng.getState(),
      queues,
    };
  }

  /** Pairs sampled per language pair (after identical-text removal and the cap). */
  sizes(): Record<string, number> {
    return Object.fromEntries(this.langPairs.map((key, k) => [key, this.members[k].length]));
  }

  get epoch(): number {
    let e = Infinity;
    for (const q of this.queues) e = Math.min(e, q.pass + (q.cursor === q.order.length ? 1 : 0));
    return e;
  }

  next(): TranslationBatch {
    const { batchSize } = this.options;
    const step = this.step++;
    const epoch = this.epoch;
    const texts = new Set<string>();
    const concepts = new Set<string>();
    const fits = (i: number): boolean => {
      const p = this.data.pairs[i];
      return !texts.has(p.a) && !texts.has(p.b) && (p.concept === undefined || !concepts.has(p.concept));
    };
    const pairs: TranslationBatchPair[] = [];
    const composition: Record<string, number> = {};
    const take = (i: number) => {
      const p = this.data.pairs[i];
      texts.add(p.a).add(p.b);
      if (p.concept !== undefined) concepts.add(p.concept);
      return p;
    };
    const words = this.options.wordsPerExample;
    while (pairs.length < batchSize) {
      let i = -1,
        k = 0;
      for (let attempt = 0; i < 0 && attempt < LANG_PAIR_RETRIES; attempt++)
        i = this.draw((k = this.rng.int(this.langPairs.length)), fits);
      if (i < 0) break;
      const p = take(i);
      let a = p.a,
        b = p.b;
      if (words) {
        // More entries of the same language pair: one phrase pair, the target side in shuffled order.
        const n = words[0] + this.rng.int(words[1] - words[0] + 1);
        const as = [p.a],
          bs = [p.b];
        for (let j = 1; j < n; j++) {
          const e = this.draw(k, fits);
          if (e < 0) break;
          const q = take(e);
          // A pair stored in the other direction (a de-en lexicon next to en-de) joins its own side.
          if (q.aLang === p.aLang) {
            as.push(q.a);
            bs.push(q.b);
          } else {
            as.push(q.b);
            bs.push(q.a);
          }
        }
        a = as.join(' ');
        b = this.rng.shuffle(bs).join(' ');
      }
      const swap = this.rng.next() < 0.5;
      const bp = swap
        ? { query: b, positive: a, queryLang: p.bLang, passageLang: p.aLang }
        : { query: a, positive: b, queryLang: p.aLang, passageLang: p.bLang };
      pairs.push(bp);
      composition[`${bp.queryLang}>${bp.passageLang}`] = (composition[`${bp.queryLang}>${bp.passageLang}`] ?? 0) + 1;
    }
    return { step, epoch, pairs, composition, shortfall: batchSize - pairs.length };
  }

  take(n: number): TranslationBatch[] {
    const out: TranslationBatch[] = [];
    for (let i = 0; i < n; i++) out.push(this.next());
    return out;
  }

  *[Symbol.iterator](): Iterator<TranslationBatch> {
    for (;;) yield this.next();
  }

  /** Language pair k's permutation for a pass (Fisher–Yates with the shared Prng, on a typed array). */
  private orderFor(k: number, pass: number): Int32Array {
    const order = this.members[k].slice();
    const r = this.root.fork(`queue:${this.langPairs[k]}:${pass}`);
    for (let i = order.length - 1; i > 0; i--) {
      const j = r.int(i + 1);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** Next pair of language pair k that fits the batch, deferred ones first; -1 after SCAN_LIMIT misses. */
  private draw(k: number, fits: (i: number) => boolean): number {
    const q = this.queues[k];
    for (let d = 0; d < q.deferred.length; d++) {
      if (fits(q.deferred[d])) return q.deferred.splice(d, 1)[0];
    }
    const limit = Math.min(SCAN_LIMIT, q.order.length);
    for (let scanned = 0; scanned < limit; scanned++) {
      if (q.cursor === q.order.length) {
        q.pass++;
        q.cursor = 0;
        q.order = this.orderFor(k, q.pass);
      }
      const i = q.order[q.cursor++];
      if (fits(i)) return i;
      // Owed once, however often it is skipped: the list stays bounded by the language pair's size.
      if (!q.deferred.includes(i)) q.deferred.push(i);
    }
    return -1;
  }
}
