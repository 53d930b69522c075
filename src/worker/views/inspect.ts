/**
 * What the query inspector and the embedding map compute from an encoder and the eval dataset. Rankings use
 * the evaluator's tie order (hash of the candidate uid), so ranks shown here are the ranks the metrics saw.
 */
import type { Dataset } from '../../core/data/types';
import { fullRanking, tieRanks } from '../../core/eval/ranking';
import { embedTexts, type Encoder } from '../../core/model/encoder';
import { pca2 } from './pca';
import type { EmbeddingMap, InspectQueryResult, RankedCandidate } from '../runs/run-types';

const TEXT_MAX = 160;
const clip = (t: string): string => (t.length > TEXT_MAX ? `${t.slice(0, TEXT_MAX - 1)}…` : t);

/** The queries of a language in dataset order (all of them unless `limit`); the UI searches and pages them. */
export function queriesOf(ds: Dataset, lang: string, limit = Infinity): Array<{ xlingId: string; text: string }> {
  return ds.queries
    .filter((q) => q.lang === lang)
    .slice(0, limit)
    .map((q) => ({ xlingId: q.xlingId, text: q.text }));
}

export async function embedCandidates(encoder: Encoder, ds: Dataset, maxLength: number): Promise<Float32Array> {
  return embedTexts(
    encoder,
    ds.candidates.map((c) => c.text),
    64,
    undefined,
    { role: 'passage', maxLength },
  );
}

/** Rank the pool ('multi' = every language, else one language) for one query; top `k` plus every translation. */
export async function inspectQuery(
  encoder: Encoder,
  ds: Dataset,
  candEmb: Float32Array,
  maxLength: number,
  q: { xlingId: string; lang: string },
  pool: string,
  k = 20,
): Promise<Omit<InspectQueryResult, 'runId' | 'step'>> {
  const query = ds.queries.find((x) => x.xlingId === q.xlingId && x.lang === q.lang);
  if (!query) throw new Error(`query ${q.lang}:${q.xlingId} is not in ${ds.name}`);
  const qEmb = await embedTexts(encoder, [query.text], 1, undefined, { role: 'query', maxLength });
  const dim = encoder.dim;
  const rel = ds.relevant.get(query.xlingId) ?? new Set<string>();
  const rank = (idx: number[]) => {
    const scores = new Float32Array(idx.length);
    idx.forEach((ci, p) => {
      let s = 0;
      for (let d = 0; d < dim; d++) s += qEmb[d] * candEmb[ci * dim + d];
      scores[p] = s;
    });
    const order = fullRanking(scores, 0, idx.length, tieRanks(idx.map((ci) => ds.candidates[ci].uid)));
    return Array.from(order, (p, r): RankedCandidate => {
      const c = ds.candidates[idx[p]];
      return { rank: r + 1, uid: c.uid, lang: c.lang, text: clip(c.text), score: scores[p], relevant: rel.has(c.uid) };
    });
  };
  const all = ds.candidates.map((_, i) => i);
  const multi = rank(all);
  const poolIdx = pool === 'multi' ? all : all.filter((i) => ds.candidates[i].lang === pool);
  const ranked = pool === 'multi' ? multi : rank(poolIdx);
  return {
    query: { xlingId: query.xlingId, lang: query.lang, text: query.text },
    pool,
    ranked: ranked.slice(0, k),
    translations: multi.filter((c) => c.relevant),
    poolRelevant: ranked.filter((c) => c.relevant),
    poolSize: poolIdx.length,
  };
}

/** The map's fixed sample: the first `perLang` queries of each language and their same-language answers. */
export interface MapSample {
  queries: number[];
  passages: number[];
}

/** Default queries per language on the map. */
export const MAP_PER_LANG = 30;

export function mapSample(ds: Dataset, perLang = MAP_PER_LANG): MapSample {
  const uidIdx = new Map(ds.candidates.map((c, i) => [c.uid, i]));
  const queries: number[] = [],
    passages = new Set<number>();
  for (const lang of ds.langs) {
    const qs = ds.queries
      .map((q, i) => [q, i] as const)
      .filter(([q]) => q.lang === lang)
      .slice(0, perLang);
    for (const [q, i] of qs) {
      queries.push(i);
      for (const uid of ds.relevant.get(q.xlingId) ?? []) {
        const ci = uidIdx.get(uid);
        if (ci !== undefined && ds.candidates[ci].lang === lang) passages.add(ci);
      }
    }
  }
  return { queries, passages: [...passages] };
}

/** The sample's embeddings, queries then passages, one row of `encoder.dim` each (inference only: no RNG, no weight change). */
export async function embedSample(encoder: Encoder, ds: Dataset, s: MapSample, maxLength: number): Promise<Float32Array> {
  const qEmb = await embedTexts(
    encoder,
    s.queries.map((i) => ds.queries[i].text),
    64,
    undefined,
    { role: 'query', maxLength },
  );
  const pEmb = await embedTexts(
    encoder,
    s.passages.map((i) => ds.candidates[i].text),
    64,
    undefined,
    { role: 'passage', maxLength },
  );
  const all = new Float32Array(qEmb.length + pEmb.length);
  all.set(qEmb, 0);
  all.set(pEmb, qEmb.length);
  return all;
}

/** PCA of the sample's embeddings (`emb`: rows in embedSample's order) into map points. */
export function projectSample(ds: Dataset, s: MapSample, emb: Float32Array, dim: number, step: number): EmbeddingMap {
  const { queries, passages: pIdx } = s;
  const n = queries.length + pIdx.length;
  if (emb.length !== n * dim)
    throw new Error(
      `the saved embeddings hold ${emb.length / dim} rows but the map's sample of ${ds.name} has ${n}: the eval dataset changed since the run saved them`,
    );
  const { coords, explained } = pca2(emb, n, dim);
  const uidIdx = new Map(ds.candidates.map((c, i) => [c.uid, i]));
  const inSample = new Set(pIdx);
  const answers = new Map<number, string[]>();
  for (const i of queries) {
    for (const uid of ds.relevant.get(ds.queries[i].xlingId) ?? []) {
      const ci = uidIdx.get(uid);
      if (ci !== undefined && inSample.has(ci)) answers.set(ci, [...(answers.get(ci) ?? []), ds.queries[i].xlingId]);
    }
  }
  const points = [
    ...queries.map((i, r) => ({
      x: coords[r * 2],
      y: coords[r * 2 + 1],
      lang: ds.queries[i].lang,
      kind: 'query' as const,
      text: clip(ds.queries[i].text),
      xlingId: ds.queries[i].xlingId,
    })),
    ...pIdx.map((i, r) => ({
      x: coords[(queries.length + r) * 2],
      y: coords[(queries.length + r) * 2 + 1],
      lang: ds.candidates[i].lang,
      kind: 'passage' as const,
      text: clip(ds.candidates[i].text),
      answers: [...new Set(answers.get(i) ?? [])],
    })),
  ];
  return { step, points, explained };
}

/** PCA of `perLang` queries per language and their same-language answers, from the encoder's weights now. */
export async function embeddingMap(
  encoder: Encoder,
  ds: Dataset,
  maxLength: number,
  step: number,
  perLang = MAP_PER_LANG,
): Promise<EmbeddingMap> {
  const s = mapSample(ds, perLang);
  return projectSample(ds, s, await embedSample(encoder, ds, s, maxLength), encoder.dim, step);
}
