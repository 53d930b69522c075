import { memo, useId, useMemo, useState } from 'react';
import type { MetricName, SettingName } from '../../core/eval/types';
import type { MetricPoint } from '../../worker/runs/run-types';
import { ChartFrame } from './ChartFrame';
import { langColor, langDash } from './colors';
import { LineSvg, type LineSeries } from './LineSvg';
import { biasRows, evalLangs, metricRows, rowLabel, setGroups, type Row, type SetGroups } from './series';

export const SETTING_LABEL: Record<SettingName, string> = { monolingual: 'mono', crosslingual: 'cross', multilingual: 'multi' };
const METRICS: MetricName[] = ['map', 'recall@10'];
const fmt3 = (v: number) => v.toFixed(3);
const fmt1 = (v: number) => v.toFixed(1);
const tick = (v: number) => String(v);

const MACRO = '#1f2933';

/**
 * The series of a metric or bias chart. Lines join the evaluations of the main query set only (a row of another set
 * has its values under other keys, so a line passes over it); each other set (the final full evaluation) is drawn as
 * marked points, never joined; the probe set as a dotted line per language of its own.
 */
export function metricSeries(langs: string[], groups: SetGroups): LineSeries[] {
  const keys = [
    ...langs.map((l) => ({ key: l, name: l, color: langColor(l), dash: langDash(l) })),
    { key: 'all', name: 'all (macro)', color: MACRO, dash: '5 3' },
  ];
  const [lines, macro] = [keys.slice(0, -1), keys.at(-1)!];
  return [
    ...keys.flatMap((k) =>
      groups.probes.map((set) => ({ key: `${k.key}@${set}`, name: `${k.name} (probe)`, color: k.color, dash: '1 3', width: 1 })),
    ),
    ...lines.map((k) => ({ ...k, width: 1.2, dot: 'small' as const, legend: true })),
    { ...macro, width: 2.2, legend: true },
    ...keys.flatMap((k) =>
      groups.others.map((set) => ({
        key: `${k.key}@${set}`,
        // The tooltip heading names the query set already.
        name: k.name,
        color: k.color,
        width: 0,
        dot: 'ring' as const,
      })),
    ),
  ];
}

/** The series, tooltip heading and export legend shared by the metric and bias charts, one set per evaluation. */
function useMetricSeries(metrics: MetricPoint[], groups: SetGroups) {
  return useMemo(() => {
    const langs = evalLangs(metrics);
    return {
      series: metricSeries(langs, groups),
      rowTitle: (r: Row) => rowLabel(r, groups, r.step),
      legend: [...langs.map((l) => ({ label: l, color: langColor(l) })), { label: 'all (macro)', color: MACRO }],
    };
  }, [metrics, groups]);
}

const SET_NOTE =
  'Lines: the fixed in-training subset (step 0 = the starting model); ○ = the final evaluation on every query, never joined to the lines.';
const PROBE_NOTE =
  'Dotted: the small probe set, evaluated more often on its own small pool (not comparable with the solid lines).';

/** Per-language retrieval quality over steps for one setting and metric. */
export const MetricChart = memo(function MetricChart({ metrics, name }: { metrics: MetricPoint[]; name: string }) {
  const [setting, setSetting] = useState<SettingName>('multilingual');
  const [metric, setMetric] = useState<MetricName>('map');
  const ids = { s: useId(), m: useId() };
  const groups = useMemo(() => setGroups(metrics), [metrics]);
  const data = useMemo(() => metricRows(metrics, setting, metric, groups), [metrics, setting, metric, groups]);
  const { series, rowTitle, legend } = useMetricSeries(metrics, groups);
  const title = `${metric === 'map' ? 'mAP' : 'Recall@10'} per query language (${SETTING_LABEL[setting]})`;
  const controls = (
    <span className="chart-controls">
      <label htmlFor={ids.s}>Setting</label>
      <select id={ids.s} value={setting} onChange={(e) => setSetting(e.target.value as SettingName)}>
        {(Object.keys(SETTING_LABEL) as SettingName[]).map((s) => (
          <option key={s} value={s}>
            {SETTING_LABEL[s]}
          </option>
        ))}
      </select>
      <label htmlFor={ids.m}>Metric</label>
      <select id={ids.m} value={metric} onChange={(e) => setMetric(e.target.value as MetricName)}>
        {METRICS.map((m) => (
          <option key={m} value={m}>
            {m === 'map' ? 'mAP' : 'Recall@10'}
          </option>
        ))}
      </select>
    </span>
  );
  return (
    <ChartFrame title={title} name={`${name}-${setting}-${metric}`} testId="metric-chart" controls={controls} legend={legend}>
      {data.length === 0 ? (
        <p className="muted">No evaluation yet (every {`"eval interval"`} steps and at the end).</p>
      ) : (
        <LineSvg
          rows={data}
          series={series}
          height={260}
          label={title}
          yMax={1}
          yFormat={tick}
          valueFormat={fmt3}
          rowTitle={rowTitle}
        />
      )}
      {groups.others.length ? <p className="muted small">{SET_NOTE}</p> : null}
      {groups.probes.length ? <p className="muted small">{PROBE_NOTE}</p> : null}
    </ChartFrame>
  );
});

/** Language bias (mean max-rank distance of a query's relevant translations; lower is better) over steps. */
export const BiasChart = memo(function BiasChart({ metrics, name }: { metrics: MetricPoint[]; name: string }) {
  const groups = useMemo(() => setGroups(metrics), [metrics]);
  const data = useMemo(() => biasRows(metrics, groups), [metrics, groups]);
  const { series, rowTitle, legend } = useMetricSeries(metrics, groups);
  return (
    <ChartFrame
      title="Language bias: mean max-rank distance (lower is better)"
      name={`${name}-bias`}
      testId="bias-chart"
      legend={legend}
    >
      {data.length === 0 ? (
        <p className="muted">Needs an evaluation with the multilingual setting.</p>
      ) : (
        <LineSvg
          rows={data}
          series={series}
          height={240}
          label="Language bias over steps"
          yFormat={tick}
          valueFormat={fmt1}
          rowTitle={rowTitle}
        />
      )}
    </ChartFrame>
  );
});
