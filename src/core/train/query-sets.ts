/**
 * The query sets a run is evaluated on, so that a curve only ever joins evaluations of the same queries:
 * `subset` — one fixed, seeded sample of `evalMaxQueriesPerLang` queries per language, used for every
 * in-training evaluation (and once more at the end so its curve has an end point); `full` — every query, the
 * final evaluation. Each set is named by a fingerprint (FNV-1a of its sorted `<lang>:<xlingId>` ids), recorded
 * with every eval event.
 */
import type { Dataset } from '../data/types';
import { evaluate } from '../eval/evaluate';
import { DenseRetriever } from '../eval/dense';
import { fnv1a } from '../eval/ranking';
import type { EvalResult, SettingName } from '../eval/types';
import { embedTexts, type Encoder } from '../model/encoder';

export type QuerySetName = 'subset' | 'full' | 'probe';
export interface QuerySet {
  name: QuerySetName;
  count: number;
  fingerprint: string;
}

/** A set of query indices (dataset order) with its description. */
export interface QuerySelection {
  set: QuerySet;
  idx: Int32Array;
}

/** 8 hex digits of FNV-1a over the sorted `<lang>:<xlingId>` ids. */
export function fingerprintQueries(data: Dataset, idx: ArrayLike<number>): string {
  const ids = Array.from(idx, (i) => `${data.queries[i].lang}:${data.queries[i].xlingId}`).sort();
  return fnv1a(ids.join('\n')).toString(16).padStart(8, '0');
}

export function selection(data: Dataset, name: QuerySetName, idx: Int32Array): QuerySelection {
  return { set: { name, count: idx.length, fingerprint: fingerprintQueries(data, idx) }, idx };
}

export function fullSet(data: Dataset): QuerySelection {
  return selection(data, 'full', Int32Array.from(data.queries.keys()));
}

/**
 * At most `perLang` queries of each language, picked by a seeded hash of the question id (so every language
 * gets the same questions where it has them, and the sample spreads over the whole set, not its first article).
 * Returned in dataset order. `perLang` ≤ 0 = every query (then the set is the full one, named `full`).
 */
export function seededSubset(data: Dataset, perLang: number, seed: number, name: QuerySetName = 'subset'): QuerySelection {
  if (!(perLang > 0)) return fullSet(data);
  const byLang = new Map<string, number[]>();
  data.queries.forEach((q, i) => {
    const l = byLang.get(q.lang);
    if (l) l.push(i);
    else byLang.set(q.lang, [i]);
  });
  const key = (i: number) => fnv1a(`${seed}:${data.queries[i].xlingId}`);
  const picked: number[] = [];
  for (const list of byLang.values()) {
    if (list.length <= perLang) {
      picked.push(...list);
      continue;
    }
    picked.push(
      ...list
        .slice()
        .sort((a, b) => key(a) - key(b) || a - b)
        .slice(0, perLang),
    );
  }
  const idx = Int32Array.from(picked.sort((a, b) => a - b));
  return idx.length === data.queries.length ? fullSet(data) : selection(data, name, idx);
}

export interface SetEvalOptions {
  settings: SettingName[];
  maxLength: number;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** Also keep each query's AP (EvalResult.perQuery) for the full set: the browser's paired tests need it. */
  perQueryFull?: boolean;
}

/**
 * Evaluate several query sets with one embedding pass: the union of their queries and every candidate are
 * embedded once, then each set is scored exactly (evaluate()) on its own rows.
 */
export async function evaluateQuerySets(
  encoder: Encoder,
  data: Dataset,
  sets: QuerySelection[],
  opts: SetEvalOptions,
): Promise<EvalResult[]> {
  const union = Int32Array.from(new Set(sets.flatMap((s) => Array.from(s.idx)))).sort();
  const row = new Map(Array.from(union, (qi, r) => [qi, r]));
  const bs = opts.batchSize ?? 64;
  const total = union.length + data.candidates.length;
  const qEmb = await embedTexts(
    encoder,
    Array.from(union, (i) => data.queries[i].text),
    bs,
    (d) => opts.onProgress?.(d, total),
    { role: 'query', maxLength: opts.maxLength },
  );
  const cEmb = await embedTexts(
    encoder,
    data.candidates.map((c) => c.text),
    bs,
    (d) => opts.onProgress?.(union.length + d, total),
    { role: 'passage', maxLength: opts.maxLength },
  );
  const dim = encoder.dim;
  const out: EvalResult[] = [];
  for (const s of sets) {
    const rows = new Float32Array(s.idx.length * dim);
    s.idx.forEach((qi, k) => {
      const r = row.get(qi)!;
      rows.set(qEmb.subarray(r * dim, (r + 1) * dim), k * dim);
    });
    const sub: Dataset = { ...data, queries: Array.from(s.idx, (i) => data.queries[i]) };
    const retriever = new DenseRetriever(rows, cEmb, dim, 'dense');
    try {
      out.push(
        await evaluate(sub, retriever, {
          settings: opts.settings,
          perQuery: opts.perQueryFull === true && s.set.name === 'full',
        }),
      );
    } finally {
      retriever.dispose();
    }
  }
  return out;
}
