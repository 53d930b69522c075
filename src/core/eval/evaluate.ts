/**
 * Zero-shot evaluation in the three LAReQA settings, plus language bias.
 *
 * - monolingual: pool = the query's language; relevant = the answer in that language.
 * - crosslingual: for each ordered pair (query lang q, pool lang p ≠ q): pool = p; queries with nothing
 *   relevant in p are skipped; metrics averaged over queries per pair, then macro-averaged over pairs.
 * - multilingual: one pool of every language; every translation of the answer is relevant.
 * Per setting: mean per query language, then macro-average over query languages.
 * Language bias (multilingual pool): per query max rank − min rank of its relevant items; mean per query
 * language, macro-averaged.
 */
import type { Dataset, Lang } from '../data/types';
import { MetricAccumulator, macroAverage, queryMetrics } from './metrics';
import { fullRanking, rankRelevant, rankRelevantAndTop, tieRanks } from './ranking';
import type { EvalResult, LanguageBiasResult, Metrics, Pool, Retriever, SettingName, SettingResult } from './types';

export const TIE_BREAK =
  'score descending; ties by 32-bit FNV-1a hash of the candidate uid ascending, then dataset order (a fixed order independent of file order and query)';

export interface EvalProgress {
  phase: string;
  done: number;
  total: number;
}

export interface EvalOptions {
  settings?: SettingName[];
  /** Restrict queries and candidates to these languages. */
  langs?: Lang[];
  /** Evaluate only the first N queries of each language (file order; parallel data keeps the same ids). */
  maxQueriesPerLang?: number;
  /** Queries scored per retriever call (bounds the score matrix held in memory: chunk × pool floats). */
  chunkSize?: number;
  onProgress?: (p: EvalProgress) => void;
  /** Receives the full multilingual ranking of each evaluated query: candidate indices and their scores, best first. */
  onRanking?: (queryIdx: number, rankedCandidates: Int32Array, rankedScores: Float32Array) => void | Promise<void>;
  signal?: AbortSignal;
  /**
   * Awaited before each chunk of queries. A worker yields to its message queue here (a cancel message gets
   * through) and throws an AbortError once cancelled; a tensor read on WASM never yields by itself.
   */
  yieldPoint?: () => Promise<void>;
  /** Also return each query's AP per setting in `result.perQuery` (see EvalResult.perQuery). Default false. */
  perQuery?: boolean;
}

const ALL_SETTINGS: SettingName[] = ['monolingual', 'crosslingual', 'multilingual'];

/** The queries an evaluation covers, in dataset order. */
export function selectQueries(dataset: Dataset, langs: Lang[], maxPerLang?: number): Int32Array {
  const allowed = new Set(langs);
  const taken = new Map<Lang, number>();
  const out: number[] = [];
  dataset.queries.forEach((q, i) => {
    if (!allowed.has(q.lang)) return;
    const n = taken.get(q.lang) ?? 0;
    if (maxPerLang !== undefined && n >= maxPerLang) return;
    taken.set(q.lang, n + 1);
    out.push(i);
  });
  return Int32Array.from(out);
}

export async function evaluate(dataset: Dataset, retriever: Retriever, opts: EvalOptions = {}): Promise<EvalResult> {
  const t0 = performance.now();
  const settings = opts.settings ?? ALL_SETTINGS;
  const langs = (opts.langs ?? dataset.langs).filter((l) => dataset.langs.includes(l)).sort();
  if (langs.length === 0)
    throw new Error(`none of the requested languages is in ${dataset.name} (it has ${dataset.langs.join(', ')})`);
  const queryIdx = selectQueries(dataset, langs, opts.maxQueriesPerLang);

  // Pools hold candidate indices in dataset order; posIn maps a candidate index to its position in a pool.
  const langSet = new Set(langs);
  const byLang = new Map<Lang, number[]>(langs.map((l) => [l, []]));
  const multi: number[] = [];
  dataset.candidates.forEach((c, i) => {
    if (!langSet.has(c.lang)) return;
    byLang.get(c.lang)!.push(i);
    multi.push(i);
  });
  const pools = new Map<'multi' | Lang, Pool>();
  pools.set('multi', { id: 'multi', candidateIdx: Int32Array.from(multi) });
  for (const l of langs) pools.set(l, { id: l, candidateIdx: Int32Array.from(byLang.get(l)!) });
  const poolTies = new Map<'multi' | Lang, Int32Array>();
  for (const [id, pool] of pools) poolTies.set(id, tieRanks(Array.from(pool.candidateIdx, (ci) => dataset.candidates[ci].uid)));
  const posInLangPool = new Int32Array(dataset.candidates.length).fill(-1);
  const posInMulti = new Int32Array(dataset.candidates.length).fill(-1);
  for (const l of langs) byLang.get(l)!.forEach((ci, p) => (posInLangPool[ci] = p));
  multi.forEach((ci, p) => (posInMulti[ci] = p));
  const uidToIdx = new Map<string, number>();
  dataset.candidates.forEach((c, i) => uidToIdx.set(c.uid, i));

  /** Relevant candidate indices of a query, restricted to the evaluated languages. */
  const relevantOf = (qi: number): number[] => {
    const uids = dataset.relevant.get(dataset.queries[qi].xlingId);
    const out: number[] = [];
    if (uids)
      for (const u of uids) {
        const ci = uidToIdx.get(u);
        if (ci !== undefined && posInMulti[ci] >= 0) out.push(ci);
      }
    return out;
  };

  await retriever.prepare(dataset, (done, total) => opts.onProgress?.({ phase: 'prepare', done, total }));

  const acc = {
    monolingual: new Map<Lang, MetricAccumulator>(),
    multilingual: new Map<Lang, MetricAccumulator>(),
    crosslingual: new Map<string, MetricAccumulator>(),
  };
  const get = <K>(m: Map<K, MetricAccumulator>, k: K): MetricAccumulator => {
    let a = m.get(k);
    if (!a) m.set(k, (a = new MetricAccumulator()));
    return a;
  };
  const biasSum = new Map<Lang, { sum: number; n: number; same: number }>();
  const perQuery: Record<SettingName, Record<string, number>> | undefined = opts.perQuery
    ? { monolingual: {}, crosslingual: {}, multilingual: {} }
    : undefined;

  const wantMono = settings.includes('monolingual'),
    wantCross = settings.includes('crosslingual'),
    wantMulti = settings.includes('multilingual');
  const poolIds: Array<'multi' | Lang> = [
    ...(wantMulti || opts.onRanking ? ['multi' as const] : []),
    ...(wantMono || wantCross ? langs : []),
  ];
  // Pool-independent scores: one whole-pool product per chunk; a language pool's row is that row's columns.
  const shared = retriever.poolIndependent === true;
  const multiPool = pools.get('multi')!;
  const colsInMulti = new Map<Lang, Int32Array>(
    langs.map((l) => [l, Int32Array.from(pools.get(l)!.candidateIdx, (ci) => posInMulti[ci])]),
  );
  let sub = new Float32Array(0);
  const chunk = opts.chunkSize ?? 256;
  const total = queryIdx.length;
  for (let start = 0; start < total; start += chunk) {
    await opts.yieldPoint?.();
    if (opts.signal?.aborted) throw new DOMException('evaluation cancelled', 'AbortError');
    const qs = queryIdx.subarray(start, Math.min(total, start + chunk));
    const rels = Array.from(qs, relevantOf); // once per query, not once per pool (12 pools per query)
    const whole = shared && multiPool.candidateIdx.length > 0 ? await retriever.score(qs, multiPool) : undefined;
    for (const pid of poolIds) {
      const pool = pools.get(pid)!,
        ties = poolTies.get(pid)!;
      const n = pool.candidateIdx.length;
      if (n === 0) continue;
      let scores: Float32Array;
      if (!whole) scores = await retriever.score(qs, pool);
      else if (pid === 'multi') scores = whole;
      else {
        if (sub.length < qs.length * n) sub = new Float32Array(qs.length * n);
        const cols = colsInMulti.get(pid)!,
          nm = multiPool.candidateIdx.length;
        for (let r = 0; r < qs.length; r++) for (let j = 0; j < n; j++) sub[r * n + j] = whole[r * nm + cols[j]];
        scores = sub;
      }
      for (let r = 0; r < qs.length; r++) {
        const qi = qs[r],
          qLang = dataset.queries[qi].lang;
        const rel = rels[r];
        if (pid === 'multi') {
          if (opts.onRanking) {
            const order = fullRanking(scores, r * n, n, ties);
            const rankedIdx = new Int32Array(n),
              rankedScores = new Float32Array(n);
            for (let k = 0; k < n; k++) {
              rankedIdx[k] = pool.candidateIdx[order[k]];
              rankedScores[k] = scores[r * n + order[k]];
            }
            await opts.onRanking(qi, rankedIdx, rankedScores);
          }
          if (!wantMulti || rel.length === 0) continue;
          const { ranks, top } = rankRelevantAndTop(
            scores,
            r * n,
            n,
            rel.map((ci) => posInMulti[ci]),
            10,
            ties,
          );
          const qm = queryMetrics(ranks);
          get(acc.multilingual, qLang).add(qm);
          if (perQuery) perQuery.multilingual[`${qLang}:${dataset.queries[qi].xlingId}`] = qm.map;
          let same = 0;
          for (const p of top) if (dataset.candidates[pool.candidateIdx[p]].lang === qLang) same++;
          const b = biasSum.get(qLang) ?? { sum: 0, n: 0, same: 0 };
          b.sum += ranks[ranks.length - 1] - ranks[0];
          b.n++;
          b.same += top.length ? same / top.length : 0;
          biasSum.set(qLang, b);
        } else {
          const relHere = rel.filter((ci) => dataset.candidates[ci].lang === pid).map((ci) => posInLangPool[ci]);
          if (relHere.length === 0) continue; // skipped: nothing relevant in this pool
          if (pid === qLang) {
            if (wantMono) {
              const qm = queryMetrics(rankRelevant(scores, r * n, n, relHere, ties));
              get(acc.monolingual, qLang).add(qm);
              if (perQuery) perQuery.monolingual[`${qLang}:${dataset.queries[qi].xlingId}`] = qm.map;
            }
          } else if (wantCross) {
            const qm = queryMetrics(rankRelevant(scores, r * n, n, relHere, ties));
            get(acc.crosslingual, `${qLang}>${pid}`).add(qm);
            if (perQuery) perQuery.crosslingual[`${qLang}>${pid}:${dataset.queries[qi].xlingId}`] = qm.map;
          }
        }
      }
    }
    opts.onProgress?.({ phase: 'score', done: Math.min(total, start + chunk), total });
  }

  const result: EvalResult = {
    dataset: dataset.name,
    retriever: retriever.name,
    langs,
    counts: countRecords(dataset, langs, queryIdx),
    settings: {},
    tieBreak: TIE_BREAK,
    timing: { seconds: 0 },
  };
  if (wantMono) result.settings.monolingual = bySetting(acc.monolingual, langs);
  if (wantMulti) result.settings.multilingual = bySetting(acc.multilingual, langs);
  if (wantCross) result.settings.crosslingual = crossSetting(acc.crosslingual, langs);
  if (wantMulti) result.languageBias = languageBias(biasSum, langs);
  if (wantCross) result.crossLingualMap = mapMatrix(result.settings, langs);
  if (perQuery) {
    result.perQuery = {};
    if (wantMono) result.perQuery.monolingual = perQuery.monolingual;
    if (wantCross) result.perQuery.crosslingual = perQuery.crosslingual;
    if (wantMulti) result.perQuery.multilingual = perQuery.multilingual;
  }
  result.timing.seconds = (performance.now() - t0) / 1000;
  return result;
}

export function countRecords(d: Dataset, langs: Lang[], queryIdx: Int32Array): EvalResult['counts'] {
  const queriesByLang: Record<Lang, number> = {},
    candidatesByLang: Record<Lang, number> = {};
  for (const l of langs) {
    queriesByLang[l] = 0;
    candidatesByLang[l] = 0;
  }
  for (const qi of queryIdx) queriesByLang[d.queries[qi].lang]++;
  let candidates = 0;
  for (const c of d.candidates)
    if (c.lang in candidatesByLang) {
      candidatesByLang[c.lang]++;
      candidates++;
    }
  return { queries: queryIdx.length, candidates, queriesByLang, candidatesByLang };
}

export function bySetting(acc: Map<Lang, MetricAccumulator>, langs: Lang[]): SettingResult {
  const byQueryLang: SettingResult['byQueryLang'] = {};
  let queries = 0;
  for (const l of langs) {
    const a = acc.get(l);
    if (!a || a.count === 0) continue;
    byQueryLang[l] = a.mean();
    queries += a.count;
  }
  return { ...macroAverage(Object.values(byQueryLang)), queries, byQueryLang };
}

export function crossSetting(acc: Map<string, MetricAccumulator>, langs: Lang[]): SettingResult {
  const byPair: Record<string, Metrics & { queries: number }> = {};
  const byQueryLang: SettingResult['byQueryLang'] = {};
  let queries = 0;
  for (const q of langs) {
    const pairs: Metrics[] = [];
    let n = 0;
    for (const p of langs) {
      const a = acc.get(`${q}>${p}`);
      if (q === p || !a || a.count === 0) continue;
      byPair[`${q}>${p}`] = a.mean();
      pairs.push(byPair[`${q}>${p}`]);
      n += a.count;
    }
    if (pairs.length) byQueryLang[q] = { ...macroAverage(pairs), queries: n };
    queries += n;
  }
  return { ...macroAverage(Object.values(byPair)), queries, byQueryLang, byPair };
}

/** `n` counts the queries in `sum` (bias), `nSame` those in `same` when they differ (truncated runs). */
export function languageBias(
  sums: Map<Lang, { sum: number; n: number; same: number; nSame?: number }>,
  langs: Lang[],
): LanguageBiasResult {
  const byQueryLang: Record<Lang, number> = {},
    sameByLang: Record<Lang, number> = {};
  for (const l of langs) {
    const s = sums.get(l);
    if (!s) continue;
    if (s.n > 0) byQueryLang[l] = s.sum / s.n;
    const ns = s.nSame ?? s.n;
    if (ns > 0) sameByLang[l] = s.same / ns;
  }
  const mean = (o: Record<string, number>) => {
    const v = Object.values(o);
    return v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0;
  };
  return {
    meanMaxRankDistance: mean(byQueryLang),
    byQueryLang,
    sameLanguageTop10: mean(sameByLang),
    sameLanguageTop10ByQueryLang: sameByLang,
  };
}

export function mapMatrix(settings: EvalResult['settings'], langs: Lang[]): Record<Lang, Record<Lang, number>> {
  const m: Record<Lang, Record<Lang, number>> = {};
  for (const q of langs) {
    m[q] = {};
    for (const p of langs) {
      const v = q === p ? settings.monolingual?.byQueryLang[q]?.map : settings.crosslingual?.byPair?.[`${q}>${p}`]?.map;
      if (v !== undefined) m[q][p] = v;
    }
  }
  return m;
}
