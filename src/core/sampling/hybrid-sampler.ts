/**
 * Hybrid batches: with probability alpha a batch is monolingual (one training language, uniform, for every
 * query and passage), otherwise cross-lingual (each slot's ordered (query, passage) language pair uniform
 * over the feasible pairs with query ≠ passage). No two pairs of a batch share an xlingId: the other pairs'
 * passages are the in-batch negatives, and a translation of the answer would be a false negative.
 *
 * Epochs. Each training language L has a queue, a shuffled permutation of the questions usable as queries in
 * L. A pair with query language L takes the next question of L's queue that fits the slot (answer in the
 * passage language, allowed by caps, not in the batch yet); skipped ones stay for later in the same pass, so
 * each query (xlingId, L) is used once per pass. Only when nothing left in the pass can fit (a capped passage
 * language whose few questions are used up) is a used question of the pass repeated, drawn uniformly.
 * `epoch` = completed passes of the slowest queue: epoch ≥ e means every usable training query was used ≥ e
 * times. A batch reports the epoch at its start.
 *
 * Caps. caps[L] = c keeps c of the xlingIds present in L (a seed-fixed shuffle, so a larger cap is a superset
 * of a smaller one); L appears, as query or passage language, only with those. Mono batches of a language with
 * fewer than batchSize usable questions are short (`shortfall`); in cross batches, slots the cap cannot fill
 * without sharing an id are redrawn, so a cap far below a batch's demand also lowers L's share of pairs.
 *
 * All mutable state (three PRNG streams, the queues, the step) is in the instance and round-trips through
 * getState()/fromState(); the PairIndex is only read.
 */
import type { Lang } from '../data/types';
import { makePair, type HardNegativeMode, type PairIndex, type TrainingPair } from './pairs';
import { Prng, type Seed } from './prng';

export interface HybridSamplerOptions {
  alpha: number; // probability that a batch is monolingual, 0..1
  batchSize: number;
  seed: Seed;
  /** Training languages (default: every indexed language not held out). */
  langs?: readonly Lang[];
  /** Never sampled, as query or passage (zero-shot evaluation languages). */
  heldOutLangs?: readonly Lang[];
  /** Max number of distinct xlingIds usable in a language (simulated low-resource languages). */
  caps?: Readonly<Record<Lang, number>>;
  hardNegatives?: HardNegativeMode; // default: the index's mode
}

export interface BatchDescriptor {
  step: number; // 0-based position of the batch in the stream
  epoch: number;
  kind: 'mono' | 'cross';
  lang?: Lang;
  pairs: TrainingPair[];
  /** `"<queryLang>><passageLang>"` → number of pairs. */
  composition: Record<string, number>;
  /** batchSize − pairs.length: > 0 when not enough distinct questions could fill the batch. */
  shortfall: number;
}

/** A language's query queue: `order[0, cursor)` is used in the current pass; `passes` = completed passes. */
export interface QueueState {
  order: number[];
  cursor: number;
  passes: number;
}

/** Options after defaults and validation; stored in the state so a resume rebuilds the same sampler. */
export interface ResolvedOptions {
  alpha: number;
  batchSize: number;
  seed: Seed;
  langs: Lang[];
  heldOutLangs: Lang[];
  caps: Record<Lang, number>;
  hardNegatives: HardNegativeMode;
}

export interface HybridSamplerState {
  version: 1;
  fingerprint: string;
  options: ResolvedOptions;
  step: number;
  rng: number[];
  queueRng: number[];
  negRng: number[];
  queues: Record<Lang, QueueState>;
}

/** Slot draws that hit only in-batch conflicts before a repeat is accepted instead. */
const CONFLICT_RETRIES = 32;

export class HybridBatchSampler implements Iterable<BatchDescriptor> {
  readonly options: Readonly<ResolvedOptions>;
  private readonly qOk = new Map<Lang, Uint8Array>(); // id usable as query in L (exists and allowed by cap)
  private readonly pOk = new Map<Lang, Uint8Array>(); // id usable as passage in L
  private readonly monoLangs: Lang[] = [];
  private readonly crossPairs: [Lang, Lang][] = [];
  private readonly members = new Map<Lang, number[]>();
  private queues = new Map<Lang, QueueState>();
  private rng: Prng; // batch kind, languages, repeat picks
  private queueRng: Prng; // queue shuffles
  private negRng: Prng; // hard negatives: their own stream, so the mode never changes which pairs are drawn
  private step = 0;
  private readonly inBatch: Int32Array; // id → step + 1 of the batch holding it (transient, not state)

  constructor(
    private readonly index: PairIndex,
    options: HybridSamplerOptions,
  ) {
    const { alpha, batchSize } = options;
    if (!(alpha >= 0 && alpha <= 1)) throw new Error(`alpha must be in [0, 1], got ${alpha}`);
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
    const heldOut = [...(options.heldOutLangs ?? [])];
    for (const l of options.langs ?? [])
      if (!index.langs.includes(l)) throw new Error(`training language "${l}" is not in the data (${index.langs.join(', ')})`);
    const langs = [...new Set(options.langs ?? index.langs)].filter((l) => !heldOut.includes(l));
    const caps: Record<Lang, number> = {};
    for (const [l, c] of Object.entries(options.caps ?? {})) {
      if (!index.langs.includes(l)) throw new Error(`cap for "${l}", which is not in the data`);
      if (!Number.isInteger(c) || c < 0) throw new Error(`cap for "${l}" must be a non-negative integer, got ${c}`);
      if (langs.includes(l)) caps[l] = c; // a cap on a held-out language is moot
    }
    this.options = {
      alpha,
      batchSize,
      seed: options.seed,
      langs,
      heldOutLangs: heldOut,
      caps,
      hardNegatives: options.hardNegatives ?? index.hardNegatives,
    };

    const root = new Prng(options.seed);
    this.rng = root.fork('batches');
    this.queueRng = root.fork('queues');
    this.negRng = root.fork('negatives');
    const n = index.ids.length;
    this.inBatch = new Int32Array(n);

    for (const l of langs) {
      const qa = index.queryOf.get(l)!,
        pa = index.positiveOf.get(l)!;
      const allowed = new Uint8Array(n).fill(1);
      if (caps[l] !== undefined) {
        const present = [...Array(n).keys()].filter((i) => qa[i] >= 0 || pa[i] >= 0);
        if (caps[l] < present.length) {
          allowed.fill(0);
          // Forked from the seed alone (not from stream position): the subset depends on seed and cap only.
          for (const i of root.fork(`caps:${l}`).shuffle(present).slice(0, caps[l])) allowed[i] = 1;
        }
      }
      this.qOk.set(
        l,
        allowed.map((a, i) => (a && qa[i] >= 0 ? 1 : 0)),
      );
      this.pOk.set(
        l,
        allowed.map((a, i) => (a && pa[i] >= 0 ? 1 : 0)),
      );
    }
    const some = (q: Lang, p: Lang) => this.qOk.get(q)!.some((v, i) => v && this.pOk.get(p)![i]);
    for (const q of langs) {
      if (alpha > 0 && some(q, q)) this.monoLangs.push(q);
      if (alpha < 1) for (const p of langs) if (p !== q && some(q, p)) this.crossPairs.push([q, p]);
    }
    if (alpha > 0 && this.monoLangs.length === 0)
      throw new Error('alpha > 0 but no training language has a question with query and answer in it');
    if (alpha < 1 && this.crossPairs.length === 0) throw new Error('alpha < 1 but no two training languages share a question');

    // A queue holds only questions that fit some slot the sampler can draw; otherwise it would never empty.
    for (const q of langs) {
      const qa = this.qOk.get(q)!;
      const ps = [...(this.monoLangs.includes(q) ? [q] : []), ...this.crossPairs.filter(([a]) => a === q).map(([, p]) => p)];
      const ids = [...Array(n).keys()].filter((i) => qa[i] && ps.some((p) => this.pOk.get(p)![i]));
      if (ids.length === 0) continue;
      this.members.set(q, ids);
      this.queues.set(q, { order: this.queueRng.shuffle(ids), cursor: 0, passes: 0 });
    }
  }

  static fromState(index: PairIndex, state: HybridSamplerState): HybridBatchSampler {
    if (state.version !== 1) throw new Error(`unsupported sampler state version ${state.version}`);
    if (state.fingerprint !== index.fingerprint)
      throw new Error('sampler state was saved on different data (fingerprint mismatch)');
    const s = new HybridBatchSampler(index, state.options);
    s.step = state.step;
    s.rng = Prng.fromState(state.rng);
    s.queueRng = Prng.fromState(state.queueRng);
    s.negRng = Prng.fromState(state.negRng);
    const queues = new Map<Lang, QueueState>();
    for (const [l, q] of Object.entries(state.queues)) {
      if (!s.members.has(l) || q.order.length !== s.members.get(l)!.length)
        throw new Error(`sampler state queue for "${l}" does not match the options`);
      queues.set(l, { order: [...q.order], cursor: q.cursor, passes: q.passes });
    }
    if (queues.size !== s.members.size) throw new Error('sampler state has the wrong set of queues');
    s.queues = queues;
    return s;
  }

  /** Plain JSON (no typed arrays) so it can go into a checkpoint as is. */
  getState(): HybridSamplerState {
    const queues: Record<Lang, QueueState> = {};
    for (const [l, q] of this.queues) queues[l] = { order: [...q.order], cursor: q.cursor, passes: q.passes };
    return {
      version: 1,
      fingerprint: this.index.fingerprint,
      options: JSON.parse(JSON.stringify(this.options)) as ResolvedOptions,
      step: this.step,
      rng: this.rng.getState(),
      queueRng: this.queueRng.getState(),
      negRng: this.negRng.getState(),
      queues,
    };
  }

  /** Completed passes of the slowest query queue (see the file comment). */
  get epoch(): number {
    let e = Infinity;
    for (const q of this.queues.values()) e = Math.min(e, q.passes + (q.cursor === q.order.length ? 1 : 0));
    return e;
  }

  /** xlingIds usable as query or passage in a language after caps (empty for held-out/unknown ones). */
  usableIds(lang: Lang): string[] {
    const qa = this.qOk.get(lang),
      pa = this.pOk.get(lang);
    if (!qa || !pa) return [];
    return this.index.ids.filter((_, i) => qa[i] || pa[i]);
  }

  next(): BatchDescriptor {
    const { alpha, batchSize, hardNegatives } = this.options;
    const step = this.step++;
    const epoch = this.epoch;
    const stamp = step + 1;
    const pairs: TrainingPair[] = [];
    const composition: Record<string, number> = {};
    const add = (id: number, q: Lang, p: Lang) => {
      this.inBatch[id] = stamp;
      pairs.push(makePair(this.index, id, q, p, hardNegatives, this.negRng));
      composition[`${q}>${p}`] = (composition[`${q}>${p}`] ?? 0) + 1;
    };
    const mono = this.rng.next() < alpha;
    const lang = mono ? this.rng.pick(this.monoLangs) : undefined;
    while (pairs.length < batchSize) {
      if (lang !== undefined) {
        const id = this.drawId(lang, lang, stamp, true);
        if (id < 0) break; // fewer usable questions in this language than batchSize
        add(id, lang, lang);
        continue;
      }
      // Cross slot: on an in-batch conflict draw another language pair ("resample on conflict") rather than
      // repeat a question; after CONFLICT_RETRIES accept a repeat; if even that fails the batch ends short.
      let id = -1;
      for (let attempt = 0; id < 0 && attempt <= CONFLICT_RETRIES; attempt++) {
        const [q, p] = this.rng.pick(this.crossPairs);
        id = this.drawId(q, p, stamp, attempt === CONFLICT_RETRIES);
        if (id >= 0) add(id, q, p);
      }
      if (id < 0) break;
    }
    return {
      step,
      epoch,
      kind: mono ? 'mono' : 'cross',
      ...(lang !== undefined ? { lang } : {}),
      pairs,
      composition,
      shortfall: batchSize - pairs.length,
    };
  }

  /**
   * Next question of q's queue that has an answer in p and is not in the batch (-1: none).
   * When the rest of the pass holds fitting questions that are all in the batch, returns -1 unless
   * `repeatOnConflict` (the caller may rather draw other languages); when it holds none at all, repeats a
   * question already used in this pass, drawn uniformly so no single one is hammered.
   */
  private drawId(q: Lang, p: Lang, stamp: number, repeatOnConflict: boolean): number {
    const queue = this.queues.get(q)!;
    const pa = this.pOk.get(p)!;
    const { order } = queue;
    if (queue.cursor === order.length) {
      queue.order = this.queueRng.shuffle(this.members.get(q)!);
      queue.cursor = 0;
      queue.passes++;
      return this.drawId(q, p, stamp, repeatOnConflict);
    }
    let conflict = false;
    for (let j = queue.cursor; j < order.length; j++) {
      const id = order[j];
      if (!pa[id]) continue;
      if (this.inBatch[id] === stamp) {
        conflict = true;
        continue;
      }
      // Swap the chosen one to the cursor: the skipped ones stay in the unused part of this pass.
      order[j] = order[queue.cursor];
      order[queue.cursor++] = id;
      return id;
    }
    if (conflict && !repeatOnConflict) return -1;
    let count = 0;
    for (let j = 0; j < queue.cursor; j++) if (pa[order[j]] && this.inBatch[order[j]] !== stamp) count++;
    if (count === 0) return -1;
    let k = this.rng.int(count);
    for (let j = 0; j < queue.cursor; j++) if (pa[order[j]] && this.inBatch[order[j]] !== stamp && k-- === 0) return order[j];
    return -1;
  }

  *[Symbol.iterator](): Iterator<BatchDescriptor> {
    for (;;) yield this.next();
  }

  take(n: number): BatchDescriptor[] {
    const out: BatchDescriptor[] = [];
    for (let i = 0; i < n; i++) out.push(this.next());
    return out;
  }
}
