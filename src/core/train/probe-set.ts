/**
 * The probe set: a small fixed sample evaluated every `probeEvery` steps, so per-language metrics move more often
 * than every `evalEvery` steps at a bounded cost. A full evaluation embeds every candidate of the evaluation
 * data; the probe embeds only its own small pool: `probeQueriesPerLang` seeded questions in every language,
 * scored against a fixed pool of their answers (every language) plus DISTRACTORS_PER_QUERY seeded other
 * candidates per probe question and language. Its numbers are on that pool, so they are not comparable with
 * the subset or full evaluations: the `probe` query set is its own series, fingerprinted over its queries AND
 * its pool.
 *
 * Evaluating it reads the encoder only (no dropout, no random numbers): training is the same with or without it.
 */
import type { Candidate, Dataset } from '../data/types';
import { DenseRetriever } from '../eval/dense';
import { evaluate } from '../eval/evaluate';
import { fnv1a } from '../eval/ranking';
import type { EvalResult, SettingName } from '../eval/types';
import { embedTexts, type Encoder } from '../model/encoder';
import { type QuerySet, seededSubset } from './query-sets';

/** Seeded other candidates per probe question and language: enough that a rank means something, few enough to stay cheap. */
export const DISTRACTORS_PER_QUERY = 3;

export interface ProbeSet {
  set: QuerySet;
  data: Dataset;
}

/** The probe's queries, pool and relevance, as a small dataset of its own. null when there is nothing to probe. */
export function probeSet(data: Dataset, perLang: number, seed: number): ProbeSet | null {
  if (!(perLang > 0) || data.queries.length === 0) return null;
  // A seed of its own (not the subset's), so the probe is not simply the subset's first questions.
  const picked = seededSubset(data, perLang, fnv1a(`probe:${seed}`), 'probe');
  const queries = Array.from(picked.idx, (i) => data.queries[i]);
  const ids = new Set(queries.map((q) => q.xlingId));
  const answers = new Set<string>();
  for (const id of ids) for (const uid of data.relevant.get(id) ?? []) answers.add(uid);
  const byLang = new Map<string, Candidate[]>();
  for (const c of data.candidates) {
    if (answers.has(c.uid)) continue;
    const l = byLang.get(c.lang);
    if (l) l.push(c);
    else byLang.set(c.lang, [c]);
  }
  const key = (c: Candidate) => fnv1a(`${seed}:probe-pool:${c.uid}`);
  const perLangDistractors = DISTRACTORS_PER_QUERY * ids.size;
  const inPool = new Set(answers);
  for (const list of byLang.values()) {
    for (const c of list
      .slice()
      .sort((a, b) => key(a) - key(b) || (a.uid < b.uid ? -1 : 1))
      .slice(0, perLangDistractors))
      inPool.add(c.uid);
  }
  const candidates = data.candidates.filter((c) => inPool.has(c.uid)); // dataset order
  const relevant = new Map<string, Set<string>>();
  for (const id of ids) relevant.set(id, new Set([...(data.relevant.get(id) ?? [])].filter((u) => inPool.has(u))));
  const langs = data.langs.filter((l) => queries.some((q) => q.lang === l) || candidates.some((c) => c.lang === l));
  const fingerprint = fnv1a(
    [...queries.map((q) => `${q.lang}:${q.xlingId}`).sort(), '#', ...candidates.map((c) => c.uid).sort()].join('\n'),
  )
    .toString(16)
    .padStart(8, '0');
  return {
    set: { name: 'probe', count: queries.length, fingerprint },
    data: { ...data, name: `${data.name} (probe)`, langs, queries, candidates, relevant },
  };
}

/** Embed the probe's queries and pool with the current weights and evaluate exactly. */
export async function evaluateProbe(
  encoder: Encoder,
  probe: ProbeSet,
  opts: { settings: SettingName[]; maxLength: number; batchSize?: number },
): Promise<EvalResult> {
  const { data } = probe,
    bs = opts.batchSize ?? 64;
  const qEmb = await embedTexts(
    encoder,
    data.queries.map((q) => q.text),
    bs,
    undefined,
    { role: 'query', maxLength: opts.maxLength },
  );
  const cEmb = await embedTexts(
    encoder,
    data.candidates.map((c) => c.text),
    bs,
    undefined,
    { role: 'passage', maxLength: opts.maxLength },
  );
  const retriever = new DenseRetriever(qEmb, cEmb, encoder.dim, 'dense');
  try {
    return await evaluate(data, retriever, { settings: opts.settings });
  } finally {
    retriever.dispose();
  }
}
