/**
 * The study report, pure: study results in → Markdown, JSON and an SVG line chart out (no I/O, no DOM).
 * - Table-1-style mAP (monolingual / cross-lingual / multilingual) and Table-2-style language bias per strategy
 *   at the full cap (or the largest cap when 'full' is not in the ladder); per-language tables;
 * - the low-resource curve: each low-resource language's multilingual mAP and bias against its cap, one line
 *   per strategy (table + SVG);
 * - significance of one strategy against another (default hybrid vs monolingual) across queries: paired
 *   sign-flip randomization test (10,000 seeded permutations) and paired bootstrap 95% CI of the mean AP
 *   difference, effect sizes (Cohen's d_z, wins/losses), Holm-adjusted p over the family of tests;
 * - exact config and versions; the paper's published numbers, labelled as the paper's; what the numbers show
 *   and do not show.
 */
import type { EvalResult, SettingName } from '../eval/types';
import {
  alignPaired,
  pairedBootstrapCI,
  pairedEffectSize,
  pairedRandomizationTest,
  type BootstrapResult,
  type EffectSize,
  type RandomizationResult,
} from './stats';
import { capLabel, type StudyCap, type StudyConfig, type StudyRunRecord } from './study';

/** The paper's Table 1/2 (LAReQA-style evaluation, XLM-R fine-tuned and evaluated on XQuAD-R). Not ours. */
export const PAPER_REFERENCE = {
  label: "Published in the paper (XLM-R, XQuAD-R) — the paper's numbers, not measured here",
  rows: [
    {
      strategy: 'monolingual-only',
      alpha: 1,
      monolingual: 0.792,
      crosslingual: 0.674,
      multilingual: 0.547,
      rankDistanceBias: 410,
    },
    {
      strategy: 'cross-lingual-only',
      alpha: 0,
      monolingual: 0.755,
      crosslingual: 0.7,
      multilingual: 0.593,
      rankDistanceBias: 295,
    },
    { strategy: 'hybrid', alpha: 0.5, monolingual: 0.798, crosslingual: 0.705, multilingual: 0.593, rankDistanceBias: 287 },
  ],
} as const;

export const PERMUTATIONS = 10_000;
export const BOOTSTRAP_RESAMPLES = 10_000;
const RANDOMIZATION_SEED = 20_240_601;
const BOOTSTRAP_SEED = 20_240_602;

export interface ReportInput {
  study: StudyConfig;
  records: StudyRunRecord[];
  versions: Record<string, string>;
  /** True when the data is the embedded (template-generated) demo. */
  synthetic: boolean;
  /** Wall time of the invocation that wrote the report, and how many of its runs were resumed (not re-trained). */
  wallSeconds?: number;
  resumedRuns?: number;
  /** [treatment, baseline] strategy names for the significance tests. Default ['hybrid', 'monolingual']. */
  compare?: [string, string];
}

export interface Stat {
  mean: number;
  sd: number;
  n: number;
}

export interface SignificanceRow {
  scope: string;
  setting: SettingName;
  cap: string;
  lang?: string;
  queries: number;
  treatmentMean: number;
  baselineMean: number;
  randomization: RandomizationResult;
  bootstrap: BootstrapResult;
  effect: EffectSize;
  /** Holm–Bonferroni adjusted p over every test of this report. */
  holmP: number;
}

export interface StudyReportJson {
  study: StudyConfig;
  versions: Record<string, string>;
  synthetic: boolean;
  wallSeconds?: number;
  resumedRuns?: number;
  fullCap: string;
  table1: Array<{
    strategy: string;
    alpha: number;
    monolingual: Stat | null;
    crosslingual: Stat | null;
    multilingual: Stat | null;
  }>;
  table2: Array<{ strategy: string; alpha: number; meanMaxRankDistance: Stat | null; sameLanguageTop10: Stat | null }>;
  perLanguage: Record<string, Record<string, { monolingual: Stat | null; multilingual: Stat | null; bias: Stat | null }>>;
  lowResourceCurve: Record<
    string,
    Array<{
      cap: string;
      byStrategy: Record<string, { multilingualMap: Stat | null; monolingualMap: Stat | null; bias: Stat | null }>;
    }>
  >;
  significance: {
    treatment: string;
    baseline: string;
    permutations: number;
    bootstrapResamples: number;
    rows: SignificanceRow[];
    note?: string;
  };
  paper: typeof PAPER_REFERENCE;
  runs: Array<{
    id: string;
    cap: string;
    strategy: string;
    alpha: number;
    seed: number;
    seconds?: number;
    monolingual?: number;
    crosslingual?: number;
    multilingual?: number;
    bias?: number;
  }>;
  statements: string[];
}

export interface StudyReport {
  markdown: string;
  json: StudyReportJson;
  svg: string;
}

function stat(values: Array<number | undefined>): Stat | null {
  const v = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  if (v.length === 0) return null;
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, sd, n: v.length };
}

/** Per-query AP of one (cap, strategy) averaged over seeds (keys present in every seed). */
function perQueryOf(records: StudyRunRecord[], setting: SettingName): Record<string, number> | undefined {
  const maps = records.map((r) => r.result.perQuery?.[setting]).filter((m): m is Record<string, number> => !!m);
  if (maps.length === 0 || maps.length !== records.length) return undefined;
  const out: Record<string, number> = {};
  for (const k of Object.keys(maps[0])) {
    if (maps.every((m) => k in m)) out[k] = maps.reduce((a, m) => a + m[k], 0) / maps.length;
  }
  return out;
}

/** A setting with no evaluated query (cross-lingual on a one-language set such as DuRetrieval) is not applicable, not 0. */
const mapIfAny = (m: { map: number; queries: number } | undefined): number | undefined =>
  m && m.queries > 0 ? m.map : undefined;

function holm(ps: number[]): number[] {
  const order = ps.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const adj = new Array<number>(ps.length);
  let running = 0;
  order.forEach(([p, i], k) => {
    running = Math.max(running, Math.min(1, (ps.length - k) * p));
    adj[i] = running;
  });
  return adj;
}

export function buildStudyReport(input: ReportInput): StudyReport {
  const { study, records } = input;
  const [treatment, baseline] = input.compare ?? ['hybrid', 'monolingual'];
  const strategies = study.strategies;
  const caps = study.caps;
  const fullCap: StudyCap = caps.includes('full') ? 'full' : Math.max(...caps.filter((c): c is number => c !== 'full'));
  const at = (cap: StudyCap, strategy: string) => records.filter((r) => r.cap === cap && r.strategy === strategy);
  const over = (cap: StudyCap, strategy: string, pick: (r: EvalResult) => number | undefined) =>
    stat(at(cap, strategy).map((r) => pick(r.result)));

  const table1 = strategies.map((s) => ({
    strategy: s.name,
    alpha: s.alpha,
    monolingual: over(fullCap, s.name, (r) => mapIfAny(r.settings.monolingual)),
    crosslingual: over(fullCap, s.name, (r) => mapIfAny(r.settings.crosslingual)),
    multilingual: over(fullCap, s.name, (r) => mapIfAny(r.settings.multilingual)),
  }));
  const table2 = strategies.map((s) => ({
    strategy: s.name,
    alpha: s.alpha,
    meanMaxRankDistance: over(fullCap, s.name, (r) => r.languageBias?.meanMaxRankDistance),
    sameLanguageTop10: over(fullCap, s.name, (r) => r.languageBias?.sameLanguageTop10),
  }));
  const langs = [...new Set(records.flatMap((r) => r.result.langs))].sort();
  const perLanguage: StudyReportJson['perLanguage'] = {};
  for (const l of langs) {
    perLanguage[l] = {};
    for (const s of strategies) {
      perLanguage[l][s.name] = {
        monolingual: over(fullCap, s.name, (r) => r.settings.monolingual?.byQueryLang[l]?.map),
        multilingual: over(fullCap, s.name, (r) => r.settings.multilingual?.byQueryLang[l]?.map),
        bias: over(fullCap, s.name, (r) => r.languageBias?.byQueryLang[l]),
      };
    }
  }
  const lowResourceCurve: StudyReportJson['lowResourceCurve'] = {};
  for (const l of study.lowResourceLangs) {
    lowResourceCurve[l] = caps.map((cap) => ({
      cap: capLabel(cap),
      byStrategy: Object.fromEntries(
        strategies.map((s) => [
          s.name,
          {
            multilingualMap: over(cap, s.name, (r) => r.settings.multilingual?.byQueryLang[l]?.map),
            monolingualMap: over(cap, s.name, (r) => r.settings.monolingual?.byQueryLang[l]?.map),
            bias: over(cap, s.name, (r) => r.languageBias?.byQueryLang[l]),
          },
        ]),
      ),
    }));
  }

  // Significance: treatment vs baseline over the same queries.
  const sigRows: Array<Omit<SignificanceRow, 'holmP'>> = [];
  let sigNote: string | undefined;
  const haveBoth = strategies.some((s) => s.name === treatment) && strategies.some((s) => s.name === baseline);
  const test = (scope: string, setting: SettingName, cap: StudyCap, keep?: (k: string) => boolean, lang?: string) => {
    const a = perQueryOf(at(cap, treatment), setting),
      b = perQueryOf(at(cap, baseline), setting);
    if (!a || !b) return;
    const p = alignPaired(a, b, keep);
    if (p.keys.length === 0) return;
    sigRows.push({
      scope,
      setting,
      cap: capLabel(cap),
      lang,
      queries: p.keys.length,
      treatmentMean: p.a.reduce((x, y) => x + y, 0) / p.keys.length,
      baselineMean: p.b.reduce((x, y) => x + y, 0) / p.keys.length,
      randomization: pairedRandomizationTest(p.a, p.b, { permutations: PERMUTATIONS, seed: RANDOMIZATION_SEED }),
      bootstrap: pairedBootstrapCI(p.a, p.b, { resamples: BOOTSTRAP_RESAMPLES, seed: BOOTSTRAP_SEED }),
      effect: pairedEffectSize(p.a, p.b),
    });
  };
  if (!haveBoth) sigNote = `no significance tests: the study has no strategies named "${treatment}" and "${baseline}"`;
  else {
    for (const s of ['monolingual', 'crosslingual', 'multilingual'] as SettingName[]) test('all queries', s, fullCap);
    for (const l of study.lowResourceLangs)
      for (const cap of caps) test(`${l} queries`, 'multilingual', cap, (k) => k.startsWith(`${l}:`), l);
    if (sigRows.length === 0) sigNote = 'no significance tests: the results carry no per-query AP (evaluate with perQuery: true)';
  }
  const adj = holm(sigRows.map((r) => r.randomization.pValue));
  const significance = {
    treatment,
    baseline,
    permutations: PERMUTATIONS,
    bootstrapResamples: BOOTSTRAP_RESAMPLES,
    rows: sigRows.map((r, i) => ({ ...r, holmP: adj[i] })),
    note: sigNote,
  };

  const runs = records.map((r) => ({
    id: r.id,
    cap: capLabel(r.cap),
    strategy: r.strategy,
    alpha: r.alpha,
    seed: r.seed,
    seconds: r.seconds,
    monolingual: r.result.settings.monolingual?.map,
    crosslingual: r.result.settings.crosslingual?.map,
    multilingual: r.result.settings.multilingual?.map,
    bias: r.result.languageBias?.meanMaxRankDistance,
  }));

  const statements = describeFindings(input, { fullCap: capLabel(fullCap), table1, table2, significance, lowResourceCurve });
  const json: StudyReportJson = {
    study,
    versions: input.versions,
    synthetic: input.synthetic,
    wallSeconds: input.wallSeconds,
    resumedRuns: input.resumedRuns,
    fullCap: capLabel(fullCap),
    table1,
    table2,
    perLanguage,
    lowResourceCurve,
    significance,
    paper: PAPER_REFERENCE,
    runs,
    statements,
  };
  return { markdown: toMarkdown(json), json, svg: curveSvg(json) };
}

// ---------------------------------------------------------------------------------------------- text

const f3 = (s: Stat | null | undefined) =>
  s ? (s.n > 1 ? `${s.mean.toFixed(3)} ± ${s.sd.toFixed(3)}` : s.mean.toFixed(3)) : '–';
const f1 = (s: Stat | null | undefined) =>
  s ? (s.n > 1 ? `${s.mean.toFixed(1)} ± ${s.sd.toFixed(1)}` : s.mean.toFixed(1)) : '–';
/** p-values: 4 decimals, or scientific below 0.001 (a 10,000-permutation test cannot go below 1/10,001 ≈ 1.0e-4). */
const fp = (p: number) => (p < 0.001 ? p.toExponential(1) : p.toFixed(4));
const signed = (x: number, d = 3) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(d)}`;

function describeFindings(
  input: ReportInput,
  r: Pick<StudyReportJson, 'fullCap' | 'table1' | 'table2' | 'significance' | 'lowResourceCurve'>,
): string[] {
  const out: string[] = [];
  const { treatment, baseline } = r.significance;
  const best = (key: 'monolingual' | 'crosslingual' | 'multilingual') => {
    const rows = r.table1.filter((x) => x[key]);
    return rows.length ? rows.reduce((a, b) => (b[key]!.mean > a[key]!.mean ? b : a)).strategy : undefined;
  };
  out.push(
    `At cap "${r.fullCap}", the highest mean mAP is reached by: monolingual setting — ${best('monolingual') ?? '–'}; cross-lingual — ${best('crosslingual') ?? '–'}; multilingual — ${best('multilingual') ?? '–'}.`,
  );
  const biasRows = r.table2.filter((x) => x.meanMaxRankDistance);
  if (biasRows.length) {
    const lo = biasRows.reduce((a, b) => (b.meanMaxRankDistance!.mean < a.meanMaxRankDistance!.mean ? b : a));
    out.push(
      `Lowest language bias (mean max-rank distance, lower is better) at cap "${r.fullCap}": ${lo.strategy} (${lo.meanMaxRankDistance!.mean.toFixed(1)}).`,
    );
  }
  for (const row of r.significance.rows) {
    const sig = row.randomization.pValue < 0.05 && (row.bootstrap.lo > 0 || row.bootstrap.hi < 0);
    out.push(
      `${treatment} vs ${baseline}, ${row.setting} AP, ${row.scope}, cap ${row.cap} (${row.queries} queries): Δ = ${signed(row.effect.meanDiff, 4)} ` +
        `(95% bootstrap CI [${signed(row.bootstrap.lo, 4)}, ${signed(row.bootstrap.hi, 4)}], randomization p = ${fp(row.randomization.pValue)}, Holm p = ${fp(row.holmP)}, d_z = ${signed(row.effect.cohensDz, 2)}) — ` +
        (sig ? 'a difference across queries at the 5% level' : 'not distinguishable from zero at the 5% level') +
        '.',
    );
  }
  if (r.significance.note) out.push(r.significance.note + '.');
  for (const [lang, rows] of Object.entries(r.lowResourceCurve)) {
    if (rows.length < 2) continue;
    const first = rows[0],
      last = rows[rows.length - 1];
    const parts = input.study.strategies
      .map((s) => {
        const a = first.byStrategy[s.name]?.multilingualMap,
          b = last.byStrategy[s.name]?.multilingualMap;
        return a && b ? `${s.name} ${a.mean.toFixed(3)} → ${b.mean.toFixed(3)}` : undefined;
      })
      .filter(Boolean);
    if (parts.length)
      out.push(`Low-resource curve (${lang} queries, multilingual mAP, cap ${first.cap} → ${last.cap}): ${parts.join('; ')}.`);
  }
  const seeds = input.study.seeds.length;
  out.push(
    `What this does not show: the tests treat the evaluated queries as the random sample; with ${seeds} seed${seeds > 1 ? 's' : ''} ` +
      (seeds > 1
        ? 'seed-to-seed variance is shown as ± sd but is not part of the tests'
        : 'nothing is known about seed-to-seed variance, which for models this small can be as large as the differences between strategies') +
      '.',
  );
  out.push(
    'Queries of one question in several languages are not independent (translations), and cross-lingual keys repeat a question per language pair, so p-values are optimistic; Holm adjusts for the number of tests, not for this dependence.',
  );
  if (input.synthetic)
    out.push(
      "The data is the embedded demo: fictional, template-generated text that is far easier and more repetitive than real data. These numbers exercise the pipeline; they are not evidence about real low-resource languages, and they are not comparable to the paper's numbers (a 270M-parameter XLM-R on XQuAD-R vs a tiny from-scratch encoder here).",
    );
  else
    out.push(
      "The paper's numbers come from a 270M-parameter pre-trained XLM-R; compare directions of effects, not absolute values.",
    );
  return out;
}

function toMarkdown(j: StudyReportJson): string {
  const L: string[] = [];
  const strategies = j.study.strategies;
  L.push(`# Study report: ${j.study.name}`, '');
  if (j.synthetic)
    L.push(
      '> **Synthetic demo data.** The embedded demo is fictional, template-generated text; these numbers test the pipeline, not the research question on real languages.',
      '',
    );
  L.push(
    `Low-resource language${j.study.lowResourceLangs.length > 1 ? 's' : ''}: ${j.study.lowResourceLangs.join(', ')} · caps ${j.study.caps.map(capLabel).join(' / ')} · strategies ${strategies.map((s) => `${s.name} (α=${s.alpha})`).join(', ')} · seeds ${j.study.seeds.join(', ')}` +
      (j.wallSeconds !== undefined
        ? ` · wall time of the invocation that wrote this report ${(j.wallSeconds / 60).toFixed(1)} min${j.resumedRuns ? ` (${j.resumedRuns} of ${j.runs.length} runs resumed from earlier invocations; training times per run below)` : ''}`
        : ''),
    '',
  );
  L.push(
    `Values are means over seeds${j.study.seeds.length > 1 ? ' ± sample sd' : ''}; mAP is macro-averaged over query languages (LAReQA protocol). "Full cap" = \`${j.fullCap}\`.`,
    '',
  );

  L.push(
    `## Table 1 — mAP by setting (cap ${j.fullCap})`,
    '',
    '| strategy | α | monolingual | cross-lingual | multilingual |',
    '|---|---|---|---|---|',
  );
  for (const r of j.table1)
    L.push(`| ${r.strategy} | ${r.alpha} | ${f3(r.monolingual)} | ${f3(r.crosslingual)} | ${f3(r.multilingual)} |`);
  L.push(
    '',
    `## Table 2 — language bias (cap ${j.fullCap})`,
    '',
    '| strategy | α | mean max-rank distance (lower = less bias) | same-language share of top-10 |',
    '|---|---|---|---|',
  );
  for (const r of j.table2) L.push(`| ${r.strategy} | ${r.alpha} | ${f1(r.meanMaxRankDistance)} | ${f3(r.sameLanguageTop10)} |`);

  L.push(
    '',
    `## ${j.paper.label}`,
    '',
    '| strategy (paper) | α | mono mAP | cross mAP | multi mAP | rank-distance bias |',
    '|---|---|---|---|---|---|',
  );
  for (const r of j.paper.rows)
    L.push(
      `| ${r.strategy} | ${r.alpha} | ${r.monolingual.toFixed(3)} | ${r.crosslingual.toFixed(3)} | ${r.multilingual.toFixed(3)} | ${r.rankDistanceBias} |`,
    );
  L.push(
    '',
    "Ours beside the paper's (same column order; ours from Table 1/2 above):",
    '',
    '| strategy | ours mono / cross / multi | paper mono / cross / multi | ours bias | paper bias |',
    '|---|---|---|---|---|',
  );
  const paperFor = (alpha: number) => j.paper.rows.find((p) => p.alpha === alpha);
  for (const r of j.table1) {
    const p = paperFor(r.alpha),
      b = j.table2.find((x) => x.strategy === r.strategy);
    L.push(
      `| ${r.strategy} | ${f3(r.monolingual)} / ${f3(r.crosslingual)} / ${f3(r.multilingual)} | ${p ? `${p.monolingual.toFixed(3)} / ${p.crosslingual.toFixed(3)} / ${p.multilingual.toFixed(3)}` : '–'} | ${f1(b?.meanMaxRankDistance)} | ${p ? p.rankDistanceBias : '–'} |`,
    );
  }
  L.push(
    '',
    'The bias scales differ: max-rank distance grows with the size of the candidate pool (XQuAD-R: 13,014 candidates), so compare orderings, not values.',
  );

  L.push('', `## Per language (cap ${j.fullCap})`, '');
  const low = new Set(j.study.lowResourceLangs);
  for (const [title, key, fmtr] of [
    ['Multilingual mAP by query language', 'multilingual', f3],
    ['Monolingual mAP by query language', 'monolingual', f3],
    ['Language bias (max-rank distance) by query language', 'bias', f1],
  ] as const) {
    L.push(
      `### ${title}`,
      '',
      `| lang | ${strategies.map((s) => s.name).join(' | ')} |`,
      `|---|${strategies.map(() => '---').join('|')}|`,
    );
    for (const [l, row] of Object.entries(j.perLanguage))
      L.push(`| ${l}${low.has(l) ? ' (low-resource)' : ''} | ${strategies.map((s) => fmtr(row[s.name]?.[key])).join(' | ')} |`);
    L.push('');
  }

  L.push(
    '## Low-resource curve',
    '',
    "The capped language's own queries, against its cap on distinct training questions (`full` = uncapped). Figure: `lowres-curve.svg`.",
    '',
  );
  for (const [l, rows] of Object.entries(j.lowResourceCurve)) {
    L.push(
      `### ${l}`,
      '',
      `| cap | ${strategies.map((s) => `${s.name} multi mAP`).join(' | ')} | ${strategies.map((s) => `${s.name} mono mAP`).join(' | ')} | ${strategies.map((s) => `${s.name} bias`).join(' | ')} |`,
      `|---|${[...strategies, ...strategies, ...strategies].map(() => '---').join('|')}|`,
    );
    for (const r of rows)
      L.push(
        `| ${r.cap} | ${strategies.map((s) => f3(r.byStrategy[s.name]?.multilingualMap)).join(' | ')} | ${strategies.map((s) => f3(r.byStrategy[s.name]?.monolingualMap)).join(' | ')} | ${strategies.map((s) => f1(r.byStrategy[s.name]?.bias)).join(' | ')} |`,
      );
    L.push('');
  }

  const s = j.significance;
  L.push(
    `## Significance: ${s.treatment} vs ${s.baseline}`,
    '',
    `Paired over the same queries (per-query AP, averaged over seeds first): two-sided sign-flip randomization test with ${s.permutations.toLocaleString('en-US')} seeded permutations (exact enumeration when 2^n ≤ that), ` +
      `percentile bootstrap 95% CI of the mean difference (${s.bootstrapResamples.toLocaleString('en-US')} resamples, seeded), Cohen's d_z = mean / sd of the differences, Holm-adjusted p over the ${s.rows.length} tests. The smallest p the permutation test can report is 1/${(s.permutations + 1).toLocaleString('en-US')} ≈ ${(1 / (s.permutations + 1)).toExponential(1)}.`,
    '',
  );
  if (s.note) L.push(`_${s.note}._`, '');
  if (s.rows.length) {
    L.push(
      `| scope | setting | cap | queries | ${s.treatment} | ${s.baseline} | Δ | 95% CI | p | Holm p | d_z | wins / losses / ties |`,
      '|---|---|---|---|---|---|---|---|---|---|---|---|',
    );
    for (const r of s.rows) {
      L.push(
        `| ${r.scope} | ${r.setting} | ${r.cap} | ${r.queries} | ${r.treatmentMean.toFixed(4)} | ${r.baselineMean.toFixed(4)} | ${signed(r.effect.meanDiff, 4)} | [${signed(r.bootstrap.lo, 4)}, ${signed(r.bootstrap.hi, 4)}] | ${fp(r.randomization.pValue)} | ${fp(r.holmP)} | ${signed(r.effect.cohensDz, 2)} | ${r.effect.wins} / ${r.effect.losses} / ${r.effect.ties} |`,
      );
    }
    L.push('');
  }

  L.push('## What the numbers show and do not show', '', ...j.statements.map((x) => `- ${x}`), '');

  L.push(
    '## Runs',
    '',
    '| run | cap | strategy | α | seed | mono | cross | multi | bias | train s |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  const n = (x?: number, d = 3) => (x === undefined ? '–' : x.toFixed(d));
  for (const r of j.runs)
    L.push(
      `| ${r.id} | ${r.cap} | ${r.strategy} | ${r.alpha} | ${r.seed} | ${n(r.monolingual)} | ${n(r.crosslingual)} | ${n(r.multilingual)} | ${n(r.bias, 1)} | ${r.seconds === undefined ? '–' : r.seconds.toFixed(0)} |`,
    );
  L.push(
    '',
    '## Reproducibility',
    '',
    'Versions: ' +
      Object.entries(j.versions)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') +
      '.',
    '',
    "Exact study config (each run's `experiment.json` is this base with `caps`, `alpha`, `seed` and `name` set):",
    '',
    '```json',
    JSON.stringify(j.study, null, 2),
    '```',
    '',
  );
  return L.join('\n');
}

// ---------------------------------------------------------------------------------------------- SVG

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#7f7f7f'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v)),
    m = v / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/** Two panels per low-resource language (multilingual mAP, bias) against the cap; one line per strategy. */
export function curveSvg(j: Pick<StudyReportJson, 'lowResourceCurve' | 'study'>): string {
  const W = 960,
    PH = 380,
    panelW = 430,
    m = { l: 64, r: 16, t: 46, b: 56 };
  const langs = Object.keys(j.lowResourceCurve);
  const H = Math.max(1, langs.length) * PH + 40;
  const strategies = j.study.strategies;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
  ];
  langs.forEach((lang, li) => {
    const rows = j.lowResourceCurve[lang];
    const panels: Array<{
      title: string;
      get: (c: { multilingualMap: Stat | null; bias: Stat | null }) => Stat | null;
      fmt: (x: number) => string;
    }> = [
      { title: `${lang}: multilingual mAP (higher is better)`, get: (c) => c.multilingualMap, fmt: (x) => x.toFixed(2) },
      { title: `${lang}: language bias, max-rank distance (lower is better)`, get: (c) => c.bias, fmt: (x) => x.toFixed(0) },
    ];
    panels.forEach((panel, pi) => {
      const x0 = 20 + pi * (panelW + 40),
        y0 = li * PH;
      const pw = panelW - m.l - m.r,
        ph = PH - m.t - m.b;
      const vals = rows
        .flatMap((r) => strategies.map((s) => panel.get(r.byStrategy[s.name] ?? { multilingualMap: null, bias: null })?.mean))
        .filter((v): v is number => v !== undefined);
      const ymax = niceMax(Math.max(0, ...vals));
      const X = (i: number) => x0 + m.l + (rows.length === 1 ? pw / 2 : (i * pw) / (rows.length - 1));
      const Y = (v: number) => y0 + m.t + ph - (v / ymax) * ph;
      parts.push(`<text x="${x0 + m.l}" y="${y0 + 24}" font-size="14" font-weight="bold">${esc(panel.title)}</text>`);
      for (let t = 0; t <= 4; t++) {
        const v = (ymax * t) / 4,
          y = Y(v);
        parts.push(
          `<line x1="${x0 + m.l}" x2="${x0 + m.l + pw}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`,
          `<text x="${x0 + m.l - 6}" y="${y + 4}" text-anchor="end" fill="#444">${panel.fmt(v)}</text>`,
        );
      }
      parts.push(
        `<line x1="${x0 + m.l}" x2="${x0 + m.l}" y1="${y0 + m.t}" y2="${y0 + m.t + ph}" stroke="#333"/>`,
        `<line x1="${x0 + m.l}" x2="${x0 + m.l + pw}" y1="${y0 + m.t + ph}" y2="${y0 + m.t + ph}" stroke="#333"/>`,
      );
      rows.forEach((r, i) =>
        parts.push(`<text x="${X(i)}" y="${y0 + m.t + ph + 18}" text-anchor="middle" fill="#444">${esc(r.cap)}</text>`),
      );
      parts.push(
        `<text x="${x0 + m.l + pw / 2}" y="${y0 + m.t + ph + 38}" text-anchor="middle" fill="#222">cap on ${esc(lang)} training questions (categorical spacing; full = uncapped)</text>`,
      );
      strategies.forEach((s, si) => {
        const color = COLORS[si % COLORS.length];
        const pts = rows
          .map((r, i) => [i, panel.get(r.byStrategy[s.name] ?? { multilingualMap: null, bias: null })?.mean] as const)
          .filter((p): p is readonly [number, number] => p[1] !== undefined);
        if (pts.length > 1)
          parts.push(
            `<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.map(([i, v]) => `${X(i).toFixed(1)},${Y(v).toFixed(1)}`).join(' ')}"/>`,
          );
        for (const [i, v] of pts)
          parts.push(
            `<circle cx="${X(i).toFixed(1)}" cy="${Y(v).toFixed(1)}" r="4" fill="${color}"><title>${esc(`${s.name} cap ${rows[i].cap}: ${panel.fmt(v)}`)}</title></circle>`,
          );
      });
    });
  });
  // Legend.
  strategies.forEach((s, si) => {
    const x = 20 + m.l + si * 200,
      y = H - 16;
    parts.push(
      `<line x1="${x}" x2="${x + 24}" y1="${y - 4}" y2="${y - 4}" stroke="${COLORS[si % COLORS.length]}" stroke-width="3"/>`,
      `<text x="${x + 30}" y="${y}">${esc(`${s.name} (α=${s.alpha})`)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
