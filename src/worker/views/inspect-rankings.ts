/**
 * The Inspector for an imported run without a model: its bundle's rankings.json (per multilingual query the top k
 * and every relevant item's rank) joined with the run's evaluation dataset for the texts. Only the multilingual
 * pool was recorded, so a one-language pool is refused with what to pick instead.
 */
import type { BundleRankings } from '../../core/bundle/types';
import type { Dataset } from '../../core/data/types';
import type { InspectQueryResult, RankedCandidate } from '../runs/run-types';

const TEXT_MAX = 160;
const clip = (t: string): string => (t.length > TEXT_MAX ? `${t.slice(0, TEXT_MAX - 1)}…` : t);

export function inspectFromRankings(
  rankings: BundleRankings,
  ds: Dataset,
  q: { xlingId: string; lang: string },
  pool: string,
  run: { id: string; name: string; step: number },
): InspectQueryResult {
  if (pool !== 'multi')
    throw new Error(
      `run "${run.name}" has no model, only its multilingual rankings (rankings.json): pick the pool "all languages (multilingual)"`,
    );
  const query = ds.queries.find((x) => x.xlingId === q.xlingId && x.lang === q.lang);
  if (!query) throw new Error(`query ${q.lang}:${q.xlingId} is not in ${ds.name}`);
  const entry = rankings.queries.find((x) => x.qid === `${q.lang}:${q.xlingId}`);
  if (!entry)
    throw new Error(
      `run "${run.name}" ranked no query ${q.lang}:${q.xlingId} (its rankings.json has ${rankings.queries.length} queries); pick another query`,
    );
  const byUid = new Map(ds.candidates.map((c) => [c.uid, c]));
  const rel = ds.relevant.get(q.xlingId) ?? new Set<string>();
  const cand = (uid: string, rank: number, score: number): RankedCandidate => {
    const c = byUid.get(uid);
    return { rank, uid, lang: c?.lang ?? uid.split('/')[0], text: clip(c?.text ?? uid), score, relevant: rel.has(uid) };
  };
  const ranked = entry.top.map(([uid, score], r) => cand(uid, r + 1, score));
  // A relevant item the run did not rank (rank null) has no place to show: the table lists the ranked ones.
  const translations = entry.relevant
    .filter((x) => x[1] !== null)
    .map(([uid, rank, score]) => cand(uid, rank!, score ?? Number.NaN));
  return {
    runId: run.id,
    step: run.step,
    query: { xlingId: query.xlingId, lang: query.lang, text: query.text },
    pool,
    ranked,
    translations,
    poolRelevant: translations,
    poolSize: ds.candidates.filter((c) => ds.langs.includes(c.lang)).length,
  };
}
