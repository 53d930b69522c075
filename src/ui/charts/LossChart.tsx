import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LossPoint } from '../../worker/run-types';
import { ChartFrame } from './ChartFrame';
import { lossRows } from './series';

export const LossChart = memo(function LossChart({ loss, name }: { loss: LossPoint[]; name: string }) {
  const data = useMemo(() => lossRows(loss), [loss]);
  return (
    <ChartFrame title="Training loss (InfoNCE) per step" name={`${name}-loss`} legend={[{ label: 'loss', color: '#2f5d8a' }]} testId="loss-chart"
      footer={<p className="muted small" data-testid="loss-points">{loss.length} steps{loss.length > data.length ? `, drawn as ${data.length} points (LTTB)` : ''}</p>}>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e6ea" />
          <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} label={{ value: 'step', position: 'insideBottom', offset: -8 }} />
          <YAxis width={48} tickFormatter={(v: number) => v.toFixed(2)} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} labelFormatter={(s) => `step ${s}`} />
          <Line type="linear" dataKey="loss" stroke="#2f5d8a" dot={false} isAnimationActive={false} strokeWidth={1.5} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
});
