import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { MapPoint } from '../../worker/run-types';
import { ChartFrame } from '../charts/ChartFrame';
import { legendText } from '../charts/axis';
import { langColor } from '../charts/colors';
import { useApp } from '../store';

interface ShapeProps { cx?: number; cy?: number; fill?: string; payload?: MapPoint }

/** Queries as circles, passages as triangles: same colour = same language. */
function Mark({ cx = 0, cy = 0, fill, payload }: ShapeProps) {
  if (payload?.kind === 'passage') return <path d={`M${cx},${cy - 4} L${cx + 4},${cy + 3} L${cx - 4},${cy + 3} Z`} fill={fill} fillOpacity={0.75} />;
  return <circle cx={cx} cy={cy} r={3} fill={fill} fillOpacity={0.75} />;
}

function Tip({ active, payload }: { active?: boolean; payload?: Array<{ payload: MapPoint }> }) {
  const p = active ? payload?.[0]?.payload : undefined;
  if (!p) return null;
  return <div className="tooltip"><strong>{p.lang} · {p.kind}</strong><br /><span lang={p.lang} dir="auto">{p.text}</span></div>;
}

/** PCA (power iteration, in the worker) of eval query and passage embeddings, recomputed at each evaluation. */
export function EmbeddingPanel() {
  const { run } = useApp(useShallow((s) => ({ run: s.currentRunId ? s.runs[s.currentRunId] : undefined })));
  const map = run?.embedding;
  const byLang = useMemo(() => {
    const m = new Map<string, MapPoint[]>();
    for (const p of map?.points ?? []) m.set(p.lang, [...(m.get(p.lang) ?? []), p]);
    return [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [map]);
  return (
    <div className="panel">
      <div className="panel-intro">
        <h2>Embedding map</h2>
        <p>Eval queries (●) and their answers (▲) projected on the two principal components. Language bias shows as clusters by colour; a language-agnostic encoder mixes the colours and puts each query near its answers.</p>
      </div>
      {!map ? <p className="muted">{run ? 'Appears at the first evaluation of the selected run.' : 'Train a run first.'}</p> : (
        <ChartFrame title={`Embedding map of “${run!.config.name}” at step ${map.step} (PC1 ${(100 * map.explained[0]).toFixed(1)} %, PC2 ${(100 * map.explained[1]).toFixed(1)} % of variance)`}
          name={`${run!.config.name}-embedding-map`} testId="embedding-map" legend={byLang.map(([l]) => ({ label: l, color: langColor(l) }))}>
          <ResponsiveContainer width="100%" height={460}>
            <ScatterChart margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e3e6ea" />
              <XAxis type="number" dataKey="x" name="PC1" tickFormatter={(v: number) => v.toFixed(2)} />
              <YAxis type="number" dataKey="y" name="PC2" width={52} tickFormatter={(v: number) => v.toFixed(2)} />
              <Tooltip content={<Tip />} />
              <Legend itemSorter={null} formatter={legendText} />
              {byLang.map(([lang, pts]) => <Scatter key={lang} name={lang} data={pts} fill={langColor(lang)} shape={<Mark />} isAnimationActive={false} />)}
            </ScatterChart>
          </ResponsiveContainer>
          <p className="muted small" data-testid="embedding-count">{map.points.length} points</p>
        </ChartFrame>
      )}
    </div>
  );
}
