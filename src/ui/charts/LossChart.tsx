import { memo, useId, useMemo, useState } from 'react';
import type { LossPoint } from '../../worker/runs/run-types';
import { ChartFrame } from './ChartFrame';
import { LineSvg, type LineSeries } from './LineSvg';
import { lossRows, type Row } from './series';
import { emaSmooth } from './smooth';

const RAW = '#9fb3c8',
  SMOOTH = '#2f5d8a';
const fmtTick = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));
const fmtValue = (v: number) => v.toFixed(4);
const RAW_LINE: LineSeries = { key: 'loss', name: 'loss (raw)', color: RAW, width: 1, legend: true };
const ONLY_LINE: LineSeries = { key: 'loss', name: 'loss', color: SMOOTH, width: 1.5, legend: true };

/** Training loss with optional EMA smoothing (the raw curve stays, faded) and a log-scale y axis. */
export const LossChart = memo(function LossChart({ loss, name }: { loss: LossPoint[]; name: string }) {
  const [smoothing, setSmoothing] = useState(0.6);
  const [log, setLog] = useState(false);
  const ids = { s: useId(), l: useId() };
  const data = useMemo(() => {
    const rows = lossRows(loss);
    const sm = emaSmooth(
      rows.map((r) => r.loss),
      smoothing,
    );
    return rows.map((r, i) => ({ ...r, smoothed: sm[i] }) as Row);
  }, [loss, smoothing]);
  const series = useMemo(
    () =>
      smoothing > 0
        ? [RAW_LINE, { key: 'smoothed', name: `loss (EMA ${smoothing.toFixed(2)})`, color: SMOOTH, width: 1.5, legend: true }]
        : [ONLY_LINE],
    [smoothing],
  );
  // A log axis needs positive values; InfoNCE is ≥ 0 and reaches 0 only on a collapsed batch.
  const logOk = log && data.every((r) => r.loss > 0);
  const controls = (
    <span className="chart-controls">
      <label htmlFor={ids.s}>Smoothing</label>
      <input
        id={ids.s}
        type="range"
        min={0}
        max={0.99}
        step={0.01}
        value={smoothing}
        onChange={(e) => setSmoothing(Number(e.target.value))}
        aria-valuetext={smoothing === 0 ? 'off' : String(smoothing)}
        title="Exponential moving average weight (0 = raw loss)"
      />
      <output htmlFor={ids.s} className="small">
        {smoothing.toFixed(2)}
      </output>
      <label className="check" htmlFor={ids.l}>
        <input id={ids.l} type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} /> log scale
      </label>
    </span>
  );
  const legend = series.map((s) => ({ label: s.name, color: s.color }));
  return (
    <ChartFrame
      title="Training loss (InfoNCE) per step"
      name={`${name}-loss`}
      legend={legend}
      testId="loss-chart"
      controls={controls}
      footer={
        <p className="muted small" data-testid="loss-points">
          {loss.length} steps{loss.length > data.length ? `, drawn as ${data.length} points (LTTB)` : ''}
          {log && !logOk ? ' · log scale needs positive values: linear shown' : ''}
        </p>
      }
    >
      <LineSvg
        rows={data}
        series={series}
        height={220}
        label="Training loss per step"
        log={logOk}
        yFormat={fmtTick}
        valueFormat={fmtValue}
      />
    </ChartFrame>
  );
});
