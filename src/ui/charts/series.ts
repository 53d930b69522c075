/**
 * Chart rows derived from a run's history; every series is capped at MAX_POINTS. Evaluations are grouped by
 * the query set they used (querySetKey): a line only ever joins evaluations of one set. The run's main set
 * (its most frequent one apart from the probe: the in-training subset) is drawn as lines under plain keys (`de`,
 * `all`); every other set under `<key>@<set>` keys: the probe set (core/train/probe-set.ts, many evaluations on its
 * own small pool) as thin dotted lines of its own, the final full evaluation as marked points only.
 */
import type { MetricName, SettingName } from '../../core/eval/types';
import { lttb, stride as strideRows } from '../../core/series/downsample';
import type { LossPoint, MetricPoint } from '../../worker/runs/run-types';

export const MAX_POINTS = 1000;

/** `step`, the values, and `set`: index of the row's query set in SetGroups.labels (for the tooltip). */
export type Row = Record<string, number> & { step: number };

/** The group of an evaluation: `<name>:<fingerprint>`; runs recorded before querySet existed: final vs the rest. */
export function querySetKey(m: MetricPoint): string {
  return m.querySet ? `${m.querySet.name}:${m.querySet.fingerprint}` : m.final ? 'full:?' : 'subset:?';
}

// One formatter for every label: toLocaleString builds a new Intl.NumberFormat per call (measurable per chart render).
const COUNT = new Intl.NumberFormat('en');

/** "subset of 540 queries · a1b2c3d4" — what a tooltip says about an evaluation's queries. */
export function querySetLabel(m: MetricPoint): string {
  const q = m.querySet;
  if (!q)
    return m.final
      ? 'every query (recorded before query sets were named)'
      : 'in-training sample (recorded before query sets were named)';
  const what =
    q.name === 'full'
      ? `every query (${COUNT.format(q.count)})`
      : q.name === 'probe'
        ? `probe of ${COUNT.format(q.count)} queries on its own small pool (not comparable with the subset)`
        : `${q.name} of ${COUNT.format(q.count)} queries`;
  return `${what} · ${q.fingerprint}`;
}

export interface SetGroups {
  /** Key of the set drawn as lines (most evaluations; the earliest on a tie). */
  main: string | undefined;
  /** The other sets' keys, drawn as points: a row's value for series k of such a set is under `${k}@${set}`. */
  others: string[];
  /** Probe sets' keys (values under `${k}@${set}` as well): drawn as lines of their own, never joined to the others. */
  probes: string[];
  /** Tooltip label per set key. */
  labels: Record<string, string>;
}

export function setGroups(metrics: MetricPoint[]): SetGroups {
  const count = new Map<string, number>();
  const labels: Record<string, string> = {};
  const probes = new Set<string>();
  for (const m of metrics) {
    const k = querySetKey(m);
    count.set(k, (count.get(k) ?? 0) + 1);
    labels[k] ??= querySetLabel(m);
    if (m.querySet?.name === 'probe') probes.add(k);
  }
  // The probe is evaluated most often, but the main line is the subset's (the one the tables compare).
  let main: string | undefined;
  for (const [k, n] of count) if (!probes.has(k) && (main === undefined || n > count.get(main)!)) main = k;
  return { main, others: [...count.keys()].filter((k) => k !== main && !probes.has(k)), probes: [...probes], labels };
}

/** The row key of series `key` for an evaluation on set `set` (plain for the main set). */
export const seriesKey = (key: string, set: string, groups: SetGroups): string => (set === groups.main ? key : `${key}@${set}`);

/** Evenly strided rows, capped at MAX_POINTS (core/series/downsample.ts). */
export const stride = <T>(rows: T[], max = MAX_POINTS): T[] => strideRows(rows, max);

export function lossRows(loss: LossPoint[]): Row[] {
  return lttb(loss, MAX_POINTS).map(([step, l]) => ({ step, loss: l }));
}

/** Languages evaluated in a run (from its latest evaluation). */
export function evalLangs(metrics: MetricPoint[]): string[] {
  return metrics.at(-1)?.result.langs ?? [];
}

/** Per-language value of a metric in a setting over steps, plus the macro-average as "all"; keys per set (seriesKey). */
export function metricRows(metrics: MetricPoint[], setting: SettingName, metric: MetricName, groups = setGroups(metrics)): Row[] {
  return stride(
    metrics.map((m) => {
      const set = querySetKey(m);
      const row = { step: m.step, set: Object.keys(groups.labels).indexOf(set) } as Row;
      const s = m.result.settings[setting];
      if (!s) return row;
      row[seriesKey('all', set, groups)] = s[metric];
      for (const [lang, v] of Object.entries(s.byQueryLang)) row[seriesKey(lang, set, groups)] = v[metric];
      return row;
    }),
  );
}

export function biasRows(metrics: MetricPoint[], groups = setGroups(metrics)): Row[] {
  return stride(
    metrics.flatMap((m) => {
      const b = m.result.languageBias;
      if (!b) return [];
      const set = querySetKey(m);
      const row = { step: m.step, set: Object.keys(groups.labels).indexOf(set) } as Row;
      row[seriesKey('all', set, groups)] = b.meanMaxRankDistance;
      for (const [lang, v] of Object.entries(b.byQueryLang)) row[seriesKey(lang, set, groups)] = v;
      return [row];
    }),
  );
}

/** The tooltip heading of a row: its step and the queries it was evaluated on. */
export function rowLabel(row: Row | undefined, groups: SetGroups, step: unknown): string {
  const set = row ? Object.keys(groups.labels)[row.set] : undefined;
  return set ? `step ${String(step)} · ${groups.labels[set]}` : `step ${String(step)}`;
}

/** The evaluation reported for a run: its final one, else the latest that is not on the probe's small pool. */
export function reportedEval(metrics: MetricPoint[]): MetricPoint | undefined {
  return metrics.find((m) => m.final) ?? [...metrics].reverse().find((m) => m.querySet?.name !== 'probe') ?? metrics.at(-1);
}
