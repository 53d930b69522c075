/**
 * The recipe's data files. Training: the workbench's JSONL pairs format, one line per question and language
 * (`{"id", "lang", "query", "positive"}`; lines sharing an id are translations, so cross-lingual pairs combine
 * the lines of one id), in dataset order — re-imported, it yields the same ids, languages and query/answer
 * availability, hence the same sampler draws; `trainPairsJsonl` checks exactly that and refuses otherwise.
 * Evaluation: the whole dataset (every candidate, uids, relevance) as one JSON, because the zero-shot protocol
 * ranks every sentence, not only answers, and breaks ties by uid.
 */
import type { Dataset } from '../data/types';
import { importJsonlPairs } from '../data/jsonl';
import { buildTrainingPairs, type PairIndex } from '../sampling/pairs';

/** Pairs JSONL of a training dataset; throws (naming the question) when the format cannot carry it faithfully. */
export function trainPairsJsonl(train: Dataset, fileName = 'train.jsonl'): string {
  const index = buildTrainingPairs(train);
  const pos = new Map(index.ids.map((id, k) => [id, k]));
  const lines: string[] = [];
  for (const q of train.queries) {
    const k = pos.get(q.xlingId)!;
    const qi = index.queryOf.get(q.lang)![k];
    if (train.queries[qi] !== q) continue; // a duplicate query in one language: the sampler uses the first
    const pi = index.positiveOf.get(q.lang)![k];
    if (pi < 0)
      throw new Error(
        `${train.name}: question "${q.xlingId}" has a query in "${q.lang}" but no answer in "${q.lang}"; the pairs export needs both (drop the query or add its answer)`,
      );
    lines.push(JSON.stringify({ id: q.xlingId, lang: q.lang, query: q.text.trim(), positive: train.candidates[pi].text.trim() }));
  }
  const text = lines.join('\n') + '\n';
  const problem = sameSamplerView(
    index,
    buildTrainingPairs(importJsonlPairs([{ name: fileName, bytes: new TextEncoder().encode(text) }])),
  );
  if (problem)
    throw new Error(
      `${train.name}: the pairs export would change the training data (${problem}); such data cannot be exported to the recipe`,
    );
  return text;
}

/** What the sampler reads of an index: id order, languages, which (id, language) has a query / an answer. */
function sameSamplerView(a: PairIndex, b: PairIndex): string | undefined {
  if (a.ids.join('\n') !== b.ids.join('\n')) return 'question order differs';
  if (a.langs.join() !== b.langs.join()) return `languages ${a.langs.join(',')} vs ${b.langs.join(',')}`;
  for (const l of a.langs) {
    for (let k = 0; k < a.ids.length; k++) {
      if (a.queryOf.get(l)![k] >= 0 !== b.queryOf.get(l)![k] >= 0) return `query of "${a.ids[k]}" in "${l}"`;
      if (a.positiveOf.get(l)![k] >= 0 !== b.positiveOf.get(l)![k] >= 0)
        return `answer of "${a.ids[k]}" in "${l}" (an answer without a query in its language)`;
    }
  }
  return undefined;
}

/** The evaluation dataset for evaluate.py: queries, candidates (uid, lang, text) and relevance, dataset order. */
export function evalDatasetJson(data: Dataset): string {
  const relevant: Record<string, string[]> = {};
  for (const [k, v] of data.relevant) relevant[k] = [...v];
  return (
    JSON.stringify({
      name: data.name,
      langs: data.langs,
      queries: data.queries.map((q) => ({ xlingId: q.xlingId, lang: q.lang, text: q.text })),
      candidates: data.candidates.map((c) => ({ uid: c.uid, lang: c.lang, text: c.text })),
      relevant,
    }) + '\n'
  );
}
