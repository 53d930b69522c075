/**
 * One self-contained HTML report for one or more runs: results tables, per-language charts, the cross-lingual
 * heatmap, language bias, evaluation curves, the config, lineage and environment — inline CSS and inline SVG, no
 * script at all and a Content-Security-Policy that forbids loading anything, so it opens from disk with no server
 * and no network. Pure TS (no DOM): the CLI `report` and the browser's Report button build the same file.
 * Every string from a bundle is escaped (names, configs and ids come from files anyone can write).
 */
import type { Lang } from '../data/types';
import { METRIC_NAMES, type EvalResult, type SettingName } from '../eval/types';
import { APP } from './environment';
import { barChart, esc, heatmap, lineChart } from './svg';
import type { BundleEvaluation, RunBundle } from './types';

const SETTINGS: Array<[SettingName, string]> = [
  ['monolingual', 'mono'],
  ['crosslingual', 'cross'],
  ['multilingual', 'multi'],
];
const f4 = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(4) : '–');
const f1 = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(1) : '–');

const CSS = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1100px;padding:0 16px;color:#222}
h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:36px}h3{font-size:15px;margin-top:22px}
table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}th,td{border:1px solid #ddd;padding:3px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f6f6f6}td.best{font-weight:700;background:#eef7ee}
pre{background:#f6f6f6;padding:8px;overflow:auto;max-height:360px;font-size:12px}.meta{color:#555}
svg{max-width:100%;height:auto;font:11px system-ui,sans-serif}svg .t{font-size:13px;font-weight:600}svg .g{stroke:#e5e5e5}svg .w{fill:#fff}
dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px}dt{color:#555}dd{margin:0}`;

export interface ReportOptions {
  title?: string;
  /** ISO time printed in the header (default: now). */
  generatedAt?: string;
}

export function buildReportHtml(runs: RunBundle[], opts: ReportOptions = {}): string {
  if (runs.length === 0) throw new Error('a report needs at least one run');
  const title =
    opts.title ??
    (runs.length === 1 ? `Run report: ${runs[0].manifest.name || runs[0].manifest.id}` : `Report: ${runs.length} runs`);
  const names = uniqueNames(runs);
  const body = [
    `<h1>${esc(title)}</h1>`,
    `<p class="meta">Generated ${esc(opts.generatedAt ?? new Date().toISOString())} by ${esc(APP.name)} ${esc(APP.version)} from ${runs.length} run bundle(s). Self-contained: no scripts, nothing loaded from the network.</p>`,
    overview(runs, names),
    runs.length > 1 ? comparison(runs, names) : '',
    ...runs.map((r, i) => runSection(r, names[i], i)),
  ];
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body>
${body.join('\n')}
</body></html>
`;
}

/** Display names, made distinct (two runs called "demo" become "demo (1)", "demo (2)"). */
function uniqueNames(runs: RunBundle[]): string[] {
  const base = runs.map((r) => {
    const a = r.experiment.alpha;
    const n = r.manifest.name || r.manifest.id;
    return typeof a === 'number' && !n.includes('α') && !/alpha/.test(n) ? `${n} α=${a}` : n;
  });
  const count = new Map<string, number>();
  base.forEach((n) => count.set(n, (count.get(n) ?? 0) + 1));
  const seen = new Map<string, number>();
  return base.map((n) => (count.get(n)! > 1 ? `${n} (${seen.set(n, (seen.get(n) ?? 0) + 1).get(n)})` : n));
}

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.join('')}</tr>`).join('')}</tbody></table>`;
}
const td = (s: string, best = false) => `<td${best ? ' class="best"' : ''}>${s}</td>`;

function overview(runs: RunBundle[], names: string[]): string {
  const cols: Array<{
    h: string;
    get: (r: EvalResult | undefined) => number | undefined;
    lower?: boolean;
    fmt?: (x: unknown) => string;
  }> = [
    { h: 'mono mAP', get: (r) => r?.settings.monolingual?.map },
    { h: 'cross mAP', get: (r) => r?.settings.crosslingual?.map },
    { h: 'multi mAP', get: (r) => r?.settings.multilingual?.map },
    { h: 'multi R@10', get: (r) => r?.settings.multilingual?.['recall@10'] },
    { h: 'bias (max-rank dist.)', get: (r) => r?.languageBias?.meanMaxRankDistance, lower: true, fmt: f1 },
    { h: 'same-lang top-10', get: (r) => r?.languageBias?.sameLanguageTop10 },
  ];
  const best = cols.map((c) => {
    const v = runs.map((r) => c.get(r.results)).filter((x): x is number => typeof x === 'number');
    return runs.length > 1 && v.length ? (c.lower ? Math.min(...v) : Math.max(...v)) : undefined;
  });
  const rows = runs.map((r, i) => [
    td(`<a href="#run-${i}">${esc(names[i])}</a>`),
    td(esc(r.manifest.status)),
    td(esc(`${r.manifest.origin.tool} ${r.manifest.origin.version}`)),
    td(esc(r.results?.dataset ?? '–')),
    td(esc(startedFrom(r))),
    ...cols.map((c, j) => {
      const v = c.get(r.results);
      return td((c.fmt ?? f4)(v), v !== undefined && v === best[j]);
    }),
  ]);
  return `<h2>Overview</h2>${table(['run', 'status', 'origin', 'dataset', 'started from', ...cols.map((c) => c.h)], rows)}${runs.length > 1 ? '<p class="meta">Bold: best of the runs in the column (lowest for bias).</p>' : ''}`;
}

function startedFrom(r: RunBundle): string {
  const l = r.manifest.lineage ?? (r.results?.lineage as string[] | undefined);
  return l && l.length ? l[l.length - 1] : typeof r.experiment.baseCheckpoint === 'string' ? r.experiment.baseCheckpoint : '–';
}

function langsOf(runs: RunBundle[]): Lang[] {
  return [...new Set(runs.flatMap((r) => r.results?.langs ?? []))].sort();
}

function comparison(runs: RunBundle[], names: string[]): string {
  const langs = langsOf(runs);
  const out = ['<h2>Comparison</h2>'];
  for (const [s, short] of SETTINGS) {
    if (!runs.some((r) => r.results?.settings[s])) continue;
    out.push(
      barChart(
        `${short} mAP per query language`,
        langs,
        runs.map((r, i) => ({ name: names[i], values: langs.map((l) => r.results?.settings[s]?.byQueryLang[l]?.map) })),
        { max: 1 },
      ),
    );
  }
  if (runs.some((r) => r.results?.languageBias)) {
    out.push(
      barChart(
        'language bias per query language (lower is better)',
        langs,
        runs.map((r, i) => ({ name: names[i], values: langs.map((l) => r.results?.languageBias?.byQueryLang[l]) })),
        { digits: 0 },
      ),
    );
  }
  return out.join('\n');
}

function runSection(r: RunBundle, name: string, i: number): string {
  const m = r.manifest,
    res = r.results;
  const out = [`<section id="run-${i}"><h2>${esc(name)}</h2>`];
  const facts: Array<[string, string]> = [
    ['id', m.id],
    ['status', m.status],
    ['created', r.inferred ? 'unknown' : m.createdAt],
    [
      'origin',
      `${m.origin.tool} ${m.origin.version}${m.origin.host ? ` on ${m.origin.host}` : ''}${r.inferred ? ' (run folder without run.json; manifest inferred)' : ''}`,
    ],
  ];
  if (res)
    facts.push(
      ['dataset', res.dataset],
      ['retriever', res.retriever],
      ['evaluated', `${res.counts.queries} queries, ${res.counts.candidates} candidates, languages ${res.langs.join(', ')}`],
    );
  if (typeof res?.step === 'number') facts.push(['step', String(res.step)]);
  out.push(`<dl>${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`);
  if (!res) out.push('<p>No results: the run did not finish.</p>');
  else out.push(resultTables(res));
  out.push(curves(r));
  const fromRun = res?.fromRun as Record<string, unknown> | undefined;
  if (fromRun) out.push(`<h3>Evaluated from a TREC run</h3><pre>${esc(JSON.stringify(fromRun, null, 2))}</pre>`);
  const lineage = m.lineage ?? (res?.lineage as string[] | undefined);
  out.push(`<h3>Lineage</h3>${lineage?.length ? `<ol>${lineage.map((l) => `<li>${esc(l)}</li>`).join('')}</ol>` : '<p>–</p>'}`);
  if (m.environment) {
    const e = m.environment;
    const rows = [
      ['backend', e.backend],
      ...Object.entries(e.versions).map(([k, v]) => [`version: ${k}`, v]),
      ...Object.entries(e.machine).map(([k, v]) => [`machine: ${k}`, String(v)]),
    ];
    out.push(
      `<h3>Environment</h3>${table(
        ['', 'value'],
        rows.map(([k, v]) => [td(esc(k)), `<td style="text-align:left">${esc(v)}</td>`]),
      )}`,
    );
  }
  out.push(`<h3>Config (experiment.json)</h3><pre>${esc(JSON.stringify(r.experiment, null, 2))}</pre></section>`);
  return out.join('\n');
}

function resultTables(res: EvalResult & Record<string, unknown>): string {
  const out = ['<h3>Results</h3>'];
  const rows = SETTINGS.filter(([s]) => res.settings[s]).map(([s]) => {
    const x = res.settings[s]!;
    return [td(esc(s)), ...METRIC_NAMES.map((k) => td(f4(x[k]))), td(String(x.queries))];
  });
  out.push(table(['setting', ...METRIC_NAMES, 'queries'], rows));
  const b = res.languageBias;
  if (b)
    out.push(
      `<p>Language bias (mean max-rank distance, lower is better): <b>${f1(b.meanMaxRankDistance)}</b>; share of top-10 results in the query's language: <b>${f4(b.sameLanguageTop10)}</b>.</p>`,
    );
  const langs = res.langs;
  const perLang = langs.map((l) => [
    td(esc(l)),
    ...SETTINGS.map(([s]) => td(f4(res.settings[s]?.byQueryLang[l]?.map))),
    td(f4(res.settings.multilingual?.byQueryLang[l]?.['recall@10'])),
    td(f1(b?.byQueryLang[l])),
    td(f4(b?.sameLanguageTop10ByQueryLang[l])),
    td(String(res.counts.queriesByLang[l] ?? 0)),
  ]);
  const full = SETTINGS.filter(([s]) => res.settings[s]).flatMap(([s]) => {
    const x = res.settings[s]!;
    return [
      ...Object.entries(x.byQueryLang).map(([l, m]) => [
        td(esc(s)),
        td(esc(l)),
        td(String(m.queries)),
        ...METRIC_NAMES.map((k) => td(f4(m[k]))),
      ]),
      [td(esc(s)), td('<b>all</b>'), td(String(x.queries)), ...METRIC_NAMES.map((k) => td(`<b>${f4(x[k])}</b>`))],
    ];
  });
  out.push(
    '<h3>Every metric per setting and query language</h3>',
    `<div data-table="results-full">${table(['setting', 'query lang', 'queries', ...METRIC_NAMES], full)}</div>`,
  );
  out.push(
    '<h3>Per query language</h3>',
    table(['language', 'mono mAP', 'cross mAP', 'multi mAP', 'multi R@10', 'bias', 'same-lang top-10', 'queries'], perLang),
  );
  out.push(
    barChart(
      'mAP per query language',
      langs,
      SETTINGS.filter(([s]) => res.settings[s]).map(([s, short]) => ({
        name: short,
        values: langs.map((l) => res.settings[s]?.byQueryLang[l]?.map),
      })),
      { max: 1 },
    ),
  );
  if (b)
    out.push(
      barChart(
        'language bias per query language (lower is better)',
        langs,
        [{ name: 'bias', values: langs.map((l) => b.byQueryLang[l]) }],
        { digits: 0 },
      ),
    );
  const cm = res.crossLingualMap;
  if (cm) {
    out.push('<h3>Cross-lingual mAP (query language → pool language; diagonal = monolingual)</h3>');
    out.push(heatmap('mAP', langs, langs, (q, p) => cm[q]?.[p]));
    const pairs = Object.entries(res.settings.crosslingual?.byPair ?? {});
    if (pairs.length)
      out.push(
        `<details><summary>every language pair (${pairs.length})</summary>${table(
          ['pair', ...METRIC_NAMES, 'queries'],
          pairs.map(([k, x]) => [td(esc(k)), ...METRIC_NAMES.map((n) => td(f4(x[n]))), td(String(x.queries))]),
        )}</details>`,
      );
  }
  return out.join('\n');
}

/** mAP over steps, one series per setting and query set: evaluations on different query sets are never joined. */
function curves(r: RunBundle): string {
  const evals: BundleEvaluation[] =
    r.evaluations ??
    (r.events ?? []).flatMap((e) =>
      e.type === 'eval'
        ? [
            {
              step: e.step,
              final: e.final,
              querySet: (e as { querySet?: BundleEvaluation['querySet'] }).querySet,
              result: e.result,
            },
          ]
        : [],
    );
  if (evals.length < 2) return '';
  const setKey = (e: BundleEvaluation) =>
    e.querySet
      ? `${e.querySet.name}, ${e.querySet.count} queries, ${e.querySet.fingerprint}`
      : e.final
        ? 'final, all queries'
        : 'in training, subset';
  const series = new Map<string, Array<[number, number]>>();
  for (const e of evals)
    for (const [s, short] of SETTINGS) {
      const v = e.result.settings[s]?.map;
      if (typeof v !== 'number') continue;
      const k = `${short} (${setKey(e)})`;
      if (!series.has(k)) series.set(k, []);
      series.get(k)!.push([e.step, v]);
    }
  return (
    `<h3>Evaluations during the run</h3>${lineChart(
      'mAP by step (one series per query set)',
      [...series].map(([name, points]) => ({ name, points })),
    )}` +
    table(
      ['step', 'query set', 'mono mAP', 'cross mAP', 'multi mAP', 'bias'],
      evals.map((e) => [
        td(String(e.step)),
        td(esc(setKey(e))),
        ...SETTINGS.map(([s]) => td(f4(e.result.settings[s]?.map))),
        td(f1(e.result.languageBias?.meanMaxRankDistance)),
      ]),
    )
  );
}
