/** Chart rows derived from a run's history; every series is capped at MAX_POINTS. */
import type { MetricName, SettingName } from '../../core/eval/types';
import { lttb } from '../../worker/downsample';
import type { LossPoint, MetricPoint } from '../../worker/run-types';

export const MAX_POINTS = 1000;

export type Row = Record<string, number> & { step: number };

/** Evenly strided rows (first and last kept): multi-series rows share x, so LTTB on one series would bias others. */
export function stride<T>(rows: T[], max = MAX_POINTS): T[] {
  if (rows.length <= max) return rows;
  const out: T[] = [];
  const every = (rows.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(rows[Math.round(i * every)]);
  return out;
}

export function lossRows(loss: LossPoint[]): Row[] {
  return lttb(loss, MAX_POINTS).map(([step, l]) => ({ step, loss: l }));
}

/** Languages evaluated in a run (from its latest evaluation). */
export function evalLangs(metrics: MetricPoint[]): string[] {
  return metrics.at(-1)?.result.langs ?? [];
}

/** Per-language value of a metric in a setting over steps, plus the macro-average as "all". */
export function metricRows(metrics: MetricPoint[], setting: SettingName, metric: MetricName): Row[] {
  return stride(metrics.map((m) => {
    const s = m.result.settings[setting];
    const row: Row = { step: m.step };
    if (!s) return row;
    row.all = s[metric];
    for (const [lang, v] of Object.entries(s.byQueryLang)) row[lang] = v[metric];
    return row;
  }));
}

export function biasRows(metrics: MetricPoint[]): Row[] {
  return stride(metrics.flatMap((m) => {
    const b = m.result.languageBias;
    if (!b) return [];
    return [{ step: m.step, all: b.meanMaxRankDistance, ...b.byQueryLang } as Row];
  }));
}

/** The evaluation reported for a run: its final one, else the latest. */
export function reportedEval(metrics: MetricPoint[]): MetricPoint | undefined {
  return metrics.find((m) => m.final) ?? metrics.at(-1);
}
