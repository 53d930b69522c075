/**
 * Training pairs (query, positive passage[, hard negative]) from parallel QA data.
 *
 * Pairs are not materialised: a pair is (xlingId, query language, passage language), and XQuAD-R alone has
 * 1,190 ids × 11 × 11 of them. `buildTrainingPairs` builds a compact index (per language, one Int32Array
 * slot per xlingId pointing at the query / answer sentence) and `makePair` turns one triple into a
 * TrainingPair on demand. The index is read-only after construction, so any number of samplers can share it.
 */
import type { Dataset, Lang } from '../data/types';
import { hashString, type Prng } from './prng';

export type HardNegativeMode = 'none' | 'same-paragraph' | 'random-same-lang';
export const HARD_NEGATIVE_MODES: readonly HardNegativeMode[] = ['none', 'same-paragraph', 'random-same-lang'];

export interface TrainingPair {
  xlingId: string;
  queryLang: Lang;
  passageLang: Lang;
  query: string;
  positive: string;
  positiveUid: string;
  negative?: string;
  negativeUid?: string;
}

export interface BuildPairsOptions {
  /** Index only these languages (default: every language of the dataset). Saves memory for a subset. */
  langs?: readonly Lang[];
  /** Default hard-negative mode for samplers built on this index (default 'none'). */
  hardNegatives?: HardNegativeMode;
}

export interface PairIndex {
  readonly dataset: Dataset;
  /** Distinct xlingIds in order of first query; "id index" everywhere below means a position here. */
  readonly ids: readonly string[];
  /** Languages indexed, sorted. */
  readonly langs: readonly Lang[];
  /** lang → (id index → index into dataset.queries, or -1 when the question has no query in lang). */
  readonly queryOf: ReadonlyMap<Lang, Int32Array>;
  /** lang → (id index → index into dataset.candidates of the answer in lang, or -1). First relevant in dataset order. */
  readonly positiveOf: ReadonlyMap<Lang, Int32Array>;
  /** lang → indices into dataset.candidates of that language, ascending (random-same-lang negatives). */
  readonly candidatesByLang: ReadonlyMap<Lang, Int32Array>;
  /** candidate index → paragraph group (same lang and same context), or -1 when the language is not indexed. */
  readonly groupOf: Int32Array;
  /** group → candidate indices, ascending (same-paragraph negatives). */
  readonly groups: readonly Int32Array[];
  readonly hardNegatives: HardNegativeMode;
  /** Hash of name, ids, languages and candidate uids: sampler checkpoints refuse to resume on other data. */
  readonly fingerprint: string;
}

export function buildTrainingPairs(dataset: Dataset, opts: BuildPairsOptions = {}): PairIndex {
  const mode = opts.hardNegatives ?? 'none';
  if (!HARD_NEGATIVE_MODES.includes(mode)) throw new Error(`unknown hard-negative mode "${mode}"`);
  const keep = opts.langs ? new Set(opts.langs) : undefined;
  const { queries, candidates } = dataset;

  const idPos = new Map<string, number>();
  const ids: string[] = [];
  const langSet = new Set<Lang>();
  for (const q of queries) {
    if (!idPos.has(q.xlingId)) {
      idPos.set(q.xlingId, ids.length);
      ids.push(q.xlingId);
    }
    if (!keep || keep.has(q.lang)) langSet.add(q.lang);
  }
  for (const c of candidates) if (!keep || keep.has(c.lang)) langSet.add(c.lang);
  const langs = [...langSet].sort();

  const slots = () => new Int32Array(ids.length).fill(-1);
  const queryOf = new Map<Lang, Int32Array>(langs.map((l) => [l, slots()]));
  const positiveOf = new Map<Lang, Int32Array>(langs.map((l) => [l, slots()]));

  queries.forEach((q, i) => {
    const arr = queryOf.get(q.lang);
    const k = idPos.get(q.xlingId)!;
    if (arr && arr[k] < 0) arr[k] = i; // a duplicate query in one language: the first one wins
  });

  const uidPos = new Map<string, number>();
  const byLang = new Map<Lang, number[]>(langs.map((l) => [l, []]));
  const groupKey = new Map<string, number>();
  const groupLists: number[][] = [];
  const groupOf = new Int32Array(candidates.length).fill(-1);
  candidates.forEach((c, i) => {
    if (!uidPos.has(c.uid)) uidPos.set(c.uid, i);
    const list = byLang.get(c.lang);
    if (!list) return;
    list.push(i);
    const key = `${c.lang}\u0000${c.context}`;
    let g = groupKey.get(key);
    if (g === undefined) {
      g = groupLists.length;
      groupKey.set(key, g);
      groupLists.push([]);
    }
    groupLists[g].push(i);
    groupOf[i] = g;
  });

  for (const [xid, uids] of dataset.relevant) {
    const k = idPos.get(xid);
    if (k === undefined) continue; // relevance for a question without queries cannot form a pair
    for (const uid of uids) {
      const ci = uidPos.get(uid);
      if (ci === undefined) continue;
      const arr = positiveOf.get(candidates[ci].lang);
      // Several answer sentences in one language: keep the first in dataset order, whatever the Set order.
      if (arr && (arr[k] < 0 || ci < arr[k])) arr[k] = ci;
    }
  }

  const h = hashString(`${dataset.name}\n${langs.join(',')}\n${ids.join('\n')}\n${candidates.map((c) => c.uid).join('\n')}`);
  return {
    dataset,
    ids,
    langs,
    queryOf,
    positiveOf,
    candidatesByLang: new Map([...byLang].map(([l, v]) => [l, Int32Array.from(v)])),
    groupOf,
    groups: groupLists.map((g) => Int32Array.from(g)),
    hardNegatives: mode,
    fingerprint: `${ids.length}:${candidates.length}:${h.map((w) => w.toString(16).padStart(8, '0')).join('')}`,
  };
}

/**
 * The pair for one (id index, query language, passage language). Throws when the question has no query in
 * queryLang or no answer in passageLang: the sampler only asks for triples it knows exist.
 * `rng` is used only for the hard negative (mode 'none' draws nothing).
 */
export function makePair(
  index: PairIndex,
  idIdx: number,
  queryLang: Lang,
  passageLang: Lang,
  mode: HardNegativeMode,
  rng: Prng,
): TrainingPair {
  const qi = index.queryOf.get(queryLang)?.[idIdx] ?? -1;
  const pi = index.positiveOf.get(passageLang)?.[idIdx] ?? -1;
  const xlingId = index.ids[idIdx];
  if (qi < 0 || pi < 0)
    throw new Error(`no ${qi < 0 ? `query in ${queryLang}` : `answer in ${passageLang}`} for question ${xlingId}`);
  const pos = index.dataset.candidates[pi];
  const pair: TrainingPair = {
    xlingId,
    queryLang,
    passageLang,
    query: index.dataset.queries[qi].text,
    positive: pos.text,
    positiveUid: pos.uid,
  };
  if (mode !== 'none') {
    const ni = pickNegative(index, xlingId, pi, mode, rng);
    if (ni >= 0) {
      const neg = index.dataset.candidates[ni];
      pair.negative = neg.text;
      pair.negativeUid = neg.uid;
    }
  }
  return pair;
}

/**
 * A hard negative in the positive's language, or -1 when none qualifies (e.g. a one-sentence paragraph:
 * no fallback to a random sentence, so 'same-paragraph' always means what it says).
 * Excluded: anything relevant to this question in any language, and sentences whose text equals the
 * positive's (duplicated sentences would be false negatives under another uid).
 */
function pickNegative(index: PairIndex, xlingId: string, posIdx: number, mode: HardNegativeMode, rng: Prng): number {
  const cands = index.dataset.candidates;
  const rel = index.dataset.relevant.get(xlingId);
  const posText = cands[posIdx].text;
  const ok = (ci: number) => ci !== posIdx && !rel?.has(cands[ci].uid) && cands[ci].text !== posText;
  const pool = mode === 'same-paragraph' ? index.groups[index.groupOf[posIdx]] : index.candidatesByLang.get(cands[posIdx].lang);
  if (!pool || pool.length === 0) return -1;
  if (mode === 'random-same-lang') {
    // Large pool, few relevant: rejection sampling is O(1) in practice; the exact filter below is the fallback.
    for (let t = 0; t < 16; t++) {
      const ci = pool[rng.int(pool.length)];
      if (ok(ci)) return ci;
    }
  }
  const eligible = Array.from(pool).filter(ok);
  return eligible.length === 0 ? -1 : eligible[rng.int(eligible.length)];
}
