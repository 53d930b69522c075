import { memo, useId, useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LossPoint } from '../../worker/runs/run-types';
import { yAxisWidth } from './axis';
import { ChartFrame } from './ChartFrame';
import { lossRows } from './series';
import { emaSmooth } from './smooth';

const RAW = '#9fb3c8',
  SMOOTH = '#2f5d8a';

/** Training loss with optional EMA smoothing (the raw curve stays, faded) and a log-scale y axis. */
export const LossChart = memo(function LossChart({ loss, name }: { loss: LossPoint[]; name: string }) {
  const [smoothing, setSmoothing] = useState(0.6);
  const [log, setLog] = useState(false);
  const ids = { s: useId(), l: useId() };
  const data = useMemo(() => {
    const rows = lossRows(loss) as Array<{ step: number; loss: number }>;
    const sm = emaSmooth(
      rows.map((r) => r.loss),
      smoothing,
    );
    return rows.map((r, i) => ({ ...r, smoothed: sm[i] }));
  }, [loss, smoothing]);
  // A log axis needs positive values; InfoNCE is ≥ 0 and reaches 0 only on a collapsed batch.
  const logOk = log && data.every((r) => r.loss > 0);
  const fmtTick = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));
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
  const legend =
    smoothing > 0
      ? [
          { label: 'loss (raw)', color: RAW },
          { label: `loss (EMA ${smoothing.toFixed(2)})`, color: SMOOTH },
        ]
      : [{ label: 'loss', color: SMOOTH }];
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
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e6ea" />
          <XAxis
            dataKey="step"
            type="number"
            domain={['dataMin', 'dataMax']}
            allowDecimals={false}
            label={{ value: 'step', position: 'insideBottom', offset: -8 }}
          />
          <YAxis
            width={yAxisWidth(
              data.map((r) => r.loss),
              fmtTick,
            )}
            tickFormatter={fmtTick}
            scale={logOk ? 'log' : 'auto'}
            domain={logOk ? ['auto', 'auto'] : [0, 'auto']}
            allowDataOverflow={false}
          />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} labelFormatter={(s) => `step ${s}`} />
          {smoothing > 0 ? (
            <Line
              type="linear"
              dataKey="loss"
              name="loss (raw)"
              stroke={RAW}
              dot={false}
              isAnimationActive={false}
              strokeWidth={1}
            />
          ) : null}
          <Line
            type="linear"
            dataKey={smoothing > 0 ? 'smoothed' : 'loss'}
            name={smoothing > 0 ? 'loss (smoothed)' : 'loss'}
            stroke={SMOOTH}
            dot={false}
            isAnimationActive={false}
            strokeWidth={1.5}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
});
