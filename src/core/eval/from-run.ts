/**
 * Results from anywhere: a TREC run file (`qid Q0 docid rank score tag`; qid `<lang>:<xlingId>`, docid = candidate
 * uid, as `cli eval --run` writes and Pyserini/Tevatron scripts can) evaluated in the workbench's protocol.
 *
 * - Order per query: score descending, then the file's rank, then line order (printed scores that round to a tie
 *   keep the writer's order).
 * - Pools by filtering: the monolingual ranking of a query is its ranking restricted to candidates of its own
 *   language, a cross-lingual one restricted to the other language, the multilingual one restricted to the
 *   evaluated languages. For a retriever whose scores do not depend on the pool (dense) this is exactly what
 *   `evaluate()` computes; BM25's per-language statistics make its mono/cross numbers a different system.
 * - Coverage: a setting is reported for a query language only where the run ranks candidates of the pool's
 *   language for queries of that language (mono: own language; cross: per pair; multi: every evaluated language).
 * - Truncated runs (trec_eval convention): a relevant item the run does not rank is not found (precision 0 at it,
 *   no recall). Language bias needs every relevant item's rank: it is averaged over the queries whose every
 *   relevant item is ranked, and that count is reported (`fromRun.biasQueries`).
 * - Unknown query or document ids are an error that counts them and names the first few: never a partial score.
 */
import type { Dataset, Lang } from '../data/types';
import { MetricAccumulator, queryMetrics } from './metrics';
import { bySetting, countRecords, crossSetting, languageBias, mapMatrix, TIE_BREAK } from './evaluate';
import type { EvalResult, SettingName } from './types';

export class RunFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunFileError';
  }
}

/** What `evaluateRun` adds to the results.json schema. */
export interface FromRunInfo {
  file: string;
  /** The run's tag column (first line). */
  tag: string;
  lines: number;
  /** Queries of the evaluated languages in the run / in the dataset. */
  queries: number;
  datasetQueries: number;
  /** Queries whose ranking leaves out some candidate of the evaluated languages. */
  truncatedQueries: number;
  /** Multilingual queries whose every relevant item is ranked (the bias is averaged over these) / all of them. */
  biasQueries: number;
  multilingualQueries: number;
  /** Per query language: the pool languages its rankings reach. */
  coverage: Record<Lang, Lang[]>;
  order: string;
}

/** Growable columns of one query's ranked entries (a full run is millions of lines: typed arrays, not objects). */
class Entries {
  cand = new Int32Array(64);
  rank = new Int32Array(64);
  score = new Float64Array(64);
  n = 0;
  push(c: number, r: number, s: number): void {
    if (this.n === this.cand.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.cand = grow(this.cand);
      this.rank = grow(this.rank);
      this.score = grow(this.score);
    }
    this.cand[this.n] = c;
    this.rank[this.n] = r;
    this.score[this.n] = s;
    this.n++;
  }
}

const FIRST_FEW = 5;

export interface FromRunOptions {
  settings?: SettingName[];
  langs?: Lang[];
  onRanking?: (queryIdx: number, ranked: Int32Array, scores: Float64Array) => void;
}

/** Feed a run file line by line (`add`), then `evaluate`. */
export class TrecRunEvaluator {
  private queryOf = new Map<string, number>();
  private candOf = new Map<string, number>();
  private entries = new Map<number, Entries>();
  private unknownQ = new Map<string, number>();
  private unknownD = new Map<string, number>();
  private lines = 0;
  private tag = '';

  constructor(
    private dataset: Dataset,
    private where: string,
  ) {
    dataset.queries.forEach((q, i) => this.queryOf.set(`${q.lang}:${q.xlingId}`, i));
    dataset.candidates.forEach((c, i) => this.candOf.set(c.uid, i));
  }

  add(line: string, lineNo: number): void {
    const t = line.trim();
    if (!t || t.startsWith('#')) return;
    const f = t.split(/\s+/);
    if (f.length !== 6)
      throw new RunFileError(
        `${this.where} line ${lineNo}: ${f.length} fields; a TREC run line is "qid Q0 docid rank score tag"`,
      );
    const rank = Number(f[3]),
      score = Number(f[4]);
    if (!Number.isInteger(rank)) throw new RunFileError(`${this.where} line ${lineNo}: rank "${f[3]}" is not an integer`);
    if (Number.isNaN(score) && f[4] !== 'NaN')
      throw new RunFileError(`${this.where} line ${lineNo}: score "${f[4]}" is not a number`);
    this.lines++;
    if (!this.tag) this.tag = f[5];
    const qi = this.queryOf.get(f[0]),
      ci = this.candOf.get(f[2]);
    if (qi === undefined) this.unknownQ.set(f[0], (this.unknownQ.get(f[0]) ?? 0) + 1);
    if (ci === undefined) this.unknownD.set(f[2], (this.unknownD.get(f[2]) ?? 0) + 1);
    if (qi === undefined || ci === undefined) return;
    let e = this.entries.get(qi);
    if (!e) this.entries.set(qi, (e = new Entries()));
    e.push(ci, rank, Number.isNaN(score) ? -Infinity : score);
  }

  /** `onRanking` receives each evaluated query's ranking restricted to the evaluated languages, best first. */
  evaluate(opts: FromRunOptions = {}): EvalResult & { fromRun: FromRunInfo } {
    const t0 = performance.now();
    const d = this.dataset;
    if (this.unknownQ.size || this.unknownD.size) {
      const few = (m: Map<string, number>) =>
        [...m.keys()]
          .slice(0, FIRST_FEW)
          .map((k) => `"${k}"`)
          .join(', ') + (m.size > FIRST_FEW ? ', …' : '');
      const parts: string[] = [];
      if (this.unknownQ.size) parts.push(`${this.unknownQ.size} unknown query id(s) (${few(this.unknownQ)})`);
      if (this.unknownD.size) parts.push(`${this.unknownD.size} unknown document id(s) (${few(this.unknownD)})`);
      throw new RunFileError(
        `${this.where}: ${parts.join(' and ')} for dataset ${d.name}; qids must be <lang>:<xlingId> and docids candidate uids of this dataset and split (--split)`,
      );
    }
    if (this.entries.size === 0)
      throw new RunFileError(`${this.where}: no ranked lines; a TREC run line is "qid Q0 docid rank score tag"`);
    const settings = opts.settings ?? ['monolingual', 'crosslingual', 'multilingual'];
    const langs = (opts.langs ?? d.langs).filter((l) => d.langs.includes(l)).sort();
    if (langs.length === 0)
      throw new RunFileError(`none of the requested languages is in ${d.name} (it has ${d.langs.join(', ')})`);
    const li = new Map(langs.map((l, i) => [l, i]));
    const candLang = Int32Array.from(d.candidates, (c) => li.get(c.lang) ?? -1);
    const poolSize = new Int32Array(langs.length);
    for (const x of candLang) if (x >= 0) poolSize[x]++;
    const multiSize = poolSize.reduce((a, b) => a + b, 0);
    const uidToIdx = new Map(d.candidates.map((c, i) => [c.uid, i]));

    // Evaluated queries: in the run, of an evaluated language, in dataset order (as evaluate() adds them).
    const queryIdx = Int32Array.from([...this.entries.keys()].filter((qi) => li.has(d.queries[qi].lang)).sort((a, b) => a - b));
    const seen = langs.map(() => new Uint8Array(langs.length)); // [query lang][pool lang] reached
    const ranked = new Map<number, Int32Array>();
    let truncated = 0;
    for (const qi of queryIdx) {
      const e = this.entries.get(qi)!;
      const order = Int32Array.from({ length: e.n }, (_, k) => k).sort(
        (a, b) => e.score[b] - e.score[a] || e.rank[a] - e.rank[b] || a - b,
      );
      const dup = new Set<number>();
      const out: number[] = [],
        outScores: number[] = [];
      const ql = li.get(d.queries[qi].lang)!;
      for (const k of order) {
        const ci = e.cand[k];
        if (dup.has(ci))
          throw new RunFileError(
            `${this.where}: query "${d.queries[qi].lang}:${d.queries[qi].xlingId}" ranks document "${d.candidates[ci].uid}" twice; each document may appear once per query`,
          );
        dup.add(ci);
        if (candLang[ci] < 0) continue;
        seen[ql][candLang[ci]] = 1;
        out.push(ci);
        outScores.push(e.score[k]);
      }
      if (out.length < multiSize) truncated++;
      ranked.set(qi, Int32Array.from(out));
      opts.onRanking?.(qi, ranked.get(qi)!, Float64Array.from(outScores));
    }

    const wantMono = settings.includes('monolingual'),
      wantCross = settings.includes('crosslingual'),
      wantMulti = settings.includes('multilingual');
    const acc = {
      mono: new Map<Lang, MetricAccumulator>(),
      multi: new Map<Lang, MetricAccumulator>(),
      cross: new Map<string, MetricAccumulator>(),
    };
    const get = <K>(m: Map<K, MetricAccumulator>, k: K) => {
      let a = m.get(k);
      if (!a) m.set(k, (a = new MetricAccumulator()));
      return a;
    };
    const bias = new Map<Lang, { sum: number; n: number; same: number; nSame: number }>();
    let biasQueries = 0,
      multiQueries = 0;
    const posInLang = new Int32Array(langs.length);
    for (const qi of queryIdx) {
      const q = d.queries[qi],
        ql = li.get(q.lang)!;
      const rel = new Map<number, { lang: number; multi: number; inLang: number }>();
      for (const u of d.relevant.get(q.xlingId) ?? []) {
        const ci = uidToIdx.get(u);
        if (ci !== undefined && candLang[ci] >= 0) rel.set(ci, { lang: candLang[ci], multi: Infinity, inLang: Infinity });
      }
      if (rel.size === 0) continue;
      const list = ranked.get(qi)!;
      posInLang.fill(0);
      let same = 0;
      for (let k = 0; k < list.length; k++) {
        const ci = list[k],
          l = candLang[ci];
        posInLang[l]++;
        if (k < 10 && l === ql) same++;
        const r = rel.get(ci);
        if (r) {
          r.multi = k + 1;
          r.inLang = posInLang[l];
        }
      }
      const rels = [...rel.values()];
      const ranksOf = (xs: typeof rels, key: 'multi' | 'inLang') => Float64Array.from(xs, (x) => x[key]).sort();
      const allLangs = seen[ql].every((x) => x === 1);
      if (wantMulti && allLangs) {
        const ranks = ranksOf(rels, 'multi');
        get(acc.multi, q.lang).add(queryMetrics(ranks));
        multiQueries++;
        const b = bias.get(q.lang) ?? { sum: 0, n: 0, same: 0, nSame: 0 };
        const top = Math.min(10, list.length);
        b.same += top ? same / top : 0;
        b.nSame++;
        if (Number.isFinite(ranks[ranks.length - 1])) {
          b.sum += ranks[ranks.length - 1] - ranks[0];
          b.n++;
          biasQueries++;
        }
        bias.set(q.lang, b);
      }
      for (let p = 0; p < langs.length; p++) {
        if (!seen[ql][p] || (p === ql ? !wantMono : !wantCross)) continue;
        const here = rels.filter((x) => x.lang === p);
        if (here.length === 0) continue; // nothing relevant in this pool: skipped, as in evaluate()
        const m = queryMetrics(ranksOf(here, 'inLang'));
        if (p === ql) get(acc.mono, q.lang).add(m);
        else get(acc.cross, `${q.lang}>${langs[p]}`).add(m);
      }
    }

    const coverage: Record<Lang, Lang[]> = {};
    const queryLangs = new Set(Array.from(queryIdx, (qi) => d.queries[qi].lang));
    for (const l of langs) if (queryLangs.has(l)) coverage[l] = langs.filter((_, p) => seen[li.get(l)!][p]);
    const result: EvalResult & { fromRun: FromRunInfo } = {
      dataset: d.name,
      retriever: `run:${this.tag}`,
      langs,
      counts: countRecords(d, langs, queryIdx),
      settings: {},
      tieBreak: TIE_BREAK,
      timing: { seconds: 0 },
      fromRun: {
        file: this.where,
        tag: this.tag,
        lines: this.lines,
        queries: queryIdx.length,
        datasetQueries: d.queries.filter((q) => li.has(q.lang)).length,
        truncatedQueries: truncated,
        biasQueries,
        multilingualQueries: multiQueries,
        coverage,
        order: "score descending, then the file's rank, then line order; unranked relevant items count as not found (trec_eval)",
      },
    };
    if (wantMono && acc.mono.size) result.settings.monolingual = bySetting(acc.mono, langs);
    if (wantCross && acc.cross.size) result.settings.crosslingual = crossSetting(acc.cross, langs);
    if (wantMulti && acc.multi.size) {
      result.settings.multilingual = bySetting(acc.multi, langs);
      result.languageBias = languageBias(bias, langs);
    }
    if (result.settings.crosslingual) result.crossLingualMap = mapMatrix(result.settings, langs);
    result.timing.seconds = (performance.now() - t0) / 1000;
    return result;
  }
}

/** A whole run file given as text (browser, tests). */
export function evaluateRunText(
  dataset: Dataset,
  text: string,
  where: string,
  opts: FromRunOptions = {},
): EvalResult & { fromRun: FromRunInfo } {
  const ev = new TrecRunEvaluator(dataset, where);
  let start = 0,
    no = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    ev.add(text.slice(start, end), ++no);
    start = end + 1;
  }
  return ev.evaluate(opts);
}
