import { memo, useId, useMemo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricName, SettingName } from '../../core/eval/types';
import type { MetricPoint } from '../../worker/runs/run-types';
import { ChartFrame } from './ChartFrame';
import { yAxisWidth, legendText, rowValues } from './axis';
import { langColor, langDash } from './colors';
import { biasRows, evalLangs, metricRows, rowLabel, setGroups, type Row, type SetGroups } from './series';

export const SETTING_LABEL: Record<SettingName, string> = { monolingual: 'mono', crosslingual: 'cross', multilingual: 'multi' };
const METRICS: MetricName[] = ['map', 'recall@10'];
const fmt = (v: unknown) => (typeof v === 'number' ? v.toFixed(3) : String(v));

/**
 * Lines join the evaluations of the main query set only (connectNulls skips rows of other sets, whose values sit
 * under other keys); each other set (the final full evaluation) is drawn as marked points, never joined.
 */
function Lines({ langs, groups }: { langs: string[]; groups: SetGroups }) {
  const points = (key: string, color: string, name: string) =>
    groups.others.map((set) => (
      <Line
        key={`${key}@${set}`}
        type="linear"
        dataKey={`${key}@${set}`}
        name={`${name} (${groups.labels[set]})`}
        stroke="none"
        legendType="none"
        dot={{ r: 4, stroke: color, fill: '#fff', strokeWidth: 2 }}
        activeDot={{ r: 5 }}
        isAnimationActive={false}
        connectNulls={false}
      />
    ));
  // The probe set: a dotted line per language of its own (its keys exist only on probe rows, so connectNulls joins probes only).
  const probe = (key: string, color: string, name: string) =>
    groups.probes.map((set) => (
      <Line
        key={`${key}@${set}`}
        type="linear"
        dataKey={`${key}@${set}`}
        name={`${name} (probe)`}
        stroke={color}
        strokeDasharray="1 3"
        strokeWidth={1}
        legendType="none"
        dot={false}
        isAnimationActive={false}
        connectNulls
      />
    ));
  return (
    <>
      {langs.flatMap((l) => probe(l, langColor(l), l))}
      {probe('all', '#1f2933', 'all (macro)')}
      {langs.map((l) => (
        <Line
          key={l}
          type="linear"
          dataKey={l}
          stroke={langColor(l)}
          strokeDasharray={langDash(l)}
          dot={{ r: 2 }}
          isAnimationActive={false}
          strokeWidth={1.2}
          connectNulls
        />
      ))}
      <Line
        type="linear"
        dataKey="all"
        name="all (macro)"
        stroke="#1f2933"
        strokeDasharray="5 3"
        strokeWidth={2.2}
        dot={false}
        isAnimationActive={false}
        connectNulls
      />
      {langs.flatMap((l) => points(l, langColor(l), l))}
      {points('all', '#1f2933', 'all (macro)')}
    </>
  );
}

/** Tooltip heading: the step and the query set of the hovered evaluation. */
const tooltipLabel = (groups: SetGroups) => (step: unknown, payload: ReadonlyArray<{ payload?: Row }>) =>
  rowLabel(payload?.[0]?.payload, groups, step);
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
  const langs = evalLangs(metrics);
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
    <ChartFrame
      title={`${metric === 'map' ? 'mAP' : 'Recall@10'} per query language (${SETTING_LABEL[setting]})`}
      name={`${name}-${setting}-${metric}`}
      testId="metric-chart"
      controls={controls}
      legend={[...langs.map((l) => ({ label: l, color: langColor(l) })), { label: 'all (macro)', color: '#1f2933' }]}
    >
      {data.length === 0 ? (
        <p className="muted">No evaluation yet (every {`"eval interval"`} steps and at the end).</p>
      ) : (
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e3e6ea" />
            <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
            <YAxis width={44} domain={[0, 1]} />
            <Tooltip formatter={fmt} labelFormatter={tooltipLabel(groups)} />
            <Legend itemSorter={null} formatter={legendText} />
            {Lines({ langs, groups })}
          </LineChart>
        </ResponsiveContainer>
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
  const langs = evalLangs(metrics);
  return (
    <ChartFrame
      title="Language bias: mean max-rank distance (lower is better)"
      name={`${name}-bias`}
      testId="bias-chart"
      legend={[...langs.map((l) => ({ label: l, color: langColor(l) })), { label: 'all (macro)', color: '#1f2933' }]}
    >
      {data.length === 0 ? (
        <p className="muted">Needs an evaluation with the multilingual setting.</p>
      ) : (
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e3e6ea" />
            <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
            <YAxis width={yAxisWidth(rowValues(data), (v) => String(Math.round(v)))} />
            <Tooltip
              formatter={(v) => (typeof v === 'number' ? v.toFixed(1) : String(v))}
              labelFormatter={tooltipLabel(groups)}
            />
            <Legend itemSorter={null} formatter={legendText} />
            {Lines({ langs, groups })}
          </LineChart>
        </ResponsiveContainer>
      )}
    </ChartFrame>
  );
});
