import type { EvalResult, MetricName, SettingName } from '../../core/eval/types';
import { METRIC_NAMES } from '../../core/eval/types';

const SETTING_ORDER: SettingName[] = ['monolingual', 'crosslingual', 'multilingual'];

export const TABLE_METRICS: MetricName[] = ['map', 'recall@1', 'recall@10', 'mrr@10', 'ndcg@10'];

export interface ResultRow {
  setting: SettingName;
  lang: string;
  queries: number;
  metrics: Record<MetricName, number>;
}

/** One row per setting × query language, then the setting's macro-average as lang "all". */
export function resultRows(r: EvalResult): ResultRow[] {
  const rows: ResultRow[] = [];
  for (const setting of SETTING_ORDER) {
    const sr = r.settings[setting];
    if (!sr) continue;
    for (const [lang, m] of Object.entries(sr.byQueryLang)) rows.push({ setting, lang, queries: m.queries, metrics: m });
    rows.push({ setting, lang: 'all', queries: sr.queries, metrics: sr });
  }
  return rows;
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function resultsCsv(r: EvalResult): string {
  const head = ['setting', 'query_lang', 'queries', ...METRIC_NAMES];
  const lines = resultRows(r).map((row) =>
    [row.setting, row.lang, row.queries, ...METRIC_NAMES.map((m) => row.metrics[m])].map(csvCell).join(','),
  );
  return [head.join(','), ...lines].join('\n') + '\n';
}
