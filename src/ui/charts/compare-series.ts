/**
 * The Compare chart's data: one row per step, one series per (run, query set). A run's main query set (its
 * in-training subset) is a line; its probe set a dotted line of its own; its other sets (the final full evaluation)
 * are point-only series, so no line segment ever joins evaluations on different query sets. Pure: tested in tests/ui/compare-series.test.ts.
 */
import type { SettingName } from '../../core/eval/types';
import { lttb } from '../../core/series/downsample';
import type { MetricPoint } from '../../worker/runs/run-types';
import type { RunView } from '../store/runs';
import { MAX_POINTS, querySetKey, setGroups, stride } from './series';

export type Curve = 'map:monolingual' | 'map:crosslingual' | 'map:multilingual' | 'recall@10:multilingual' | 'bias' | 'loss';

export interface CompareSeries {
  dataKey: string;
  runId: string;
  /** Query-set key (querySetKey) of every point of the series; undefined for the loss. */
  set?: string;
  /** What the tooltip calls the set ("subset of 540 queries · a1b2c3d4"). */
  setLabel?: string;
  /** true: drawn as a line; false: marked points only. */
  joined: boolean;
  /** The probe set's line (thin, dotted). */
  probe?: boolean;
  /** Steps of its points, in order. */
  steps: number[];
}

function value(m: MetricPoint, curve: Exclude<Curve, 'loss'>): number | undefined {
  if (curve === 'bias') return m.result.languageBias?.meanMaxRankDistance;
  const [metric, setting] = curve.split(':') as ['map' | 'recall@10', SettingName];
  return m.result.settings[setting]?.[metric];
}

export function compareSeries(runs: RunView[], curve: Curve): { rows: Array<Record<string, number>>; series: CompareSeries[] } {
  const byStep = new Map<string, Record<string, number>>();
  const series: CompareSeries[] = [];
  // Rows of different query sets at the same step stay separate rows (keyed by step and set).
  const put = (step: number, set: string, key: string, v: number) => {
    const k = `${step}|${set}`;
    byStep.set(k, { ...(byStep.get(k) ?? { step }), [key]: v });
  };
  for (const r of runs) {
    if (curve === 'loss') {
      const pts = lttb(r.loss, Math.floor(MAX_POINTS / 2));
      for (const [step, v] of pts) put(step, '', r.id, v);
      series.push({ dataKey: r.id, runId: r.id, joined: true, steps: pts.map(([s]) => s) });
      continue;
    }
    const groups = setGroups(r.metrics);
    for (const set of [groups.main, ...groups.probes, ...groups.others]) {
      if (set === undefined) continue;
      const probe = groups.probes.includes(set);
      const dataKey = set === groups.main ? r.id : `${r.id}@${set}`;
      const steps: number[] = [];
      for (const m of r.metrics) {
        if (querySetKey(m) !== set) continue;
        const v = value(m, curve);
        if (v === undefined) continue;
        put(m.step, set, dataKey, v);
        steps.push(m.step);
      }
      if (steps.length)
        series.push({
          dataKey,
          runId: r.id,
          set,
          setLabel: groups.labels[set],
          joined: set === groups.main || probe,
          ...(probe ? { probe } : {}),
          steps,
        });
    }
  }
  const rows = stride([...byStep.values()].sort((a, b) => a.step - b.step));
  return { rows, series };
}
