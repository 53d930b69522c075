import { useEffect, useId, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  CartesianGrid,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { engine } from '../../worker/client';
import type { EmbeddingMap, MapPoint } from '../../worker/runs/run-types';
import type { MapStep } from '../../worker/views/map-store';
import { legendText } from '../charts/axis';
import { ChartFrame } from '../charts/ChartFrame';
import { langColor } from '../charts/colors';
import { bounds, centroids, nearest, pan, zoom, type Box } from '../charts/map-geometry';
import { useApp } from '../store';
import { errorMessage } from '../store/types';

/** Maps already projected, by run and step: reopening the tab does not recompute them. */
const cache = new Map<string, Shown>();
/** A map and whether it came from a saved evaluation (else from the latest weights). */
type Shown = EmbeddingMap & { saved: boolean };

interface ShapeProps {
  cx?: number;
  cy?: number;
  fill?: string;
  payload?: MapPoint & { hit?: boolean; centroid?: boolean };
}

/** Queries as circles, answers as triangles, centroids as large crosses: same colour = same language. */
function Mark({ cx = 0, cy = 0, fill, payload }: ShapeProps) {
  if (payload?.centroid)
    return <path d={`M${cx - 7},${cy} H${cx + 7} M${cx},${cy - 7} V${cy + 7}`} stroke={fill} strokeWidth={3} />;
  const op = payload?.hit === false ? 0.15 : 0.8,
    r = payload?.hit ? 5 : 3;
  if (payload?.kind === 'passage')
    return <path d={`M${cx},${cy - r - 1} L${cx + r + 1},${cy + r} L${cx - r - 1},${cy + r} Z`} fill={fill} fillOpacity={op} />;
  return <circle cx={cx} cy={cy} r={r} fill={fill} fillOpacity={op} />;
}

function Tip({ active, payload }: { active?: boolean; payload?: Array<{ payload: MapPoint & { centroid?: boolean } }> }) {
  const p = active ? payload?.[0]?.payload : undefined;
  if (!p) return null;
  if (p.centroid)
    return (
      <div className="tooltip">
        <strong>{p.lang} centroid</strong>
      </div>
    );
  return (
    <div className="tooltip">
      <strong>
        {p.lang} · {p.kind === 'query' ? 'query' : 'answer'}
      </strong>
      <br />
      <span lang={p.lang} dir="auto">
        {p.text}
      </span>
      <br />
      <span className="small">click: neighbours and Inspector</span>
    </div>
  );
}

/** The Evaluation picker's value for the run's latest weights (a saved evaluation is its step). */
const LATEST = 'latest';

/**
 * PCA (power iteration, in the worker) of eval queries and their answers, computed on demand from the chosen
 * run's latest weights or from the embeddings saved at one of its evaluations. Zoom and pan, search, a query's lines to its answers, per-language centroids, neighbours,
 * and a link to the Inspector.
 */
export function EmbeddingPanel() {
  const { runs, currentRunId, openInspector, inspectQuery } = useApp(
    useShallow((s) => ({
      runs: s.runs,
      currentRunId: s.currentRunId,
      openInspector: s.openInspector,
      inspectQuery: s.inspectQuery,
    })),
  );
  const [runId, setRunId] = useState<string | undefined>(currentRunId);
  const run = runId ? runs[runId] : undefined;
  const [map, setMap] = useState<Shown>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const [box, setBox] = useState<Box>();
  const [term, setTerm] = useState('');
  const [picked, setPicked] = useState<MapPoint>();
  const [showCentroids, setShowCentroids] = useState(true);
  /** The saved evaluations of a run, as listed when it had `evals` evaluations. */
  const [listed, setListed] = useState<{ runId: string; evals: number; steps: MapStep[] }>();
  const [evalPick, setEvalPick] = useState<string>(LATEST);
  const ids = { run: useId(), evalStep: useId(), search: useId(), cen: useId() };
  const latestStep = run?.checkpoint?.step ?? run?.step;
  const savedStep = evalPick === LATEST ? undefined : Number(evalPick);
  const step = savedStep ?? latestStep;
  const evalCount = run?.metrics.length ?? 0;

  useEffect(() => {
    if (!runId && currentRunId) setRunId(currentRunId);
  }, [currentRunId, runId]);
  // The saved evaluations, listed again whenever the run records another evaluation.
  useEffect(() => {
    if (!runId) return;
    let live = true;
    engine()
      .request({ type: 'embeddingMapSteps', runId })
      .then((steps) => {
        if (live) setListed({ runId, evals: evalCount, steps });
      })
      // No saved maps (storage unavailable): the latest weights remain.
      .catch(() => {
        if (live) setListed({ runId, evals: evalCount, steps: [] });
      });
    return () => {
      live = false;
    };
  }, [runId, evalCount]);
  const evals = listed && listed.runId === runId ? listed.steps : [];
  useEffect(() => {
    if (!runId || step === undefined) return;
    let live = true;
    const key = `${runId}@${savedStep === undefined ? 'latest' : 'eval'}@${step}`;
    setError(undefined);
    setPicked(undefined);
    setBox(undefined);
    const hit = cache.get(key);
    if (hit) {
      setMap(hit);
      return;
    }
    setLoading(true);
    engine()
      .request({ type: 'embeddingMap', runId, step: savedStep })
      .then((m) => {
        const shown = { ...m, saved: savedStep !== undefined };
        cache.set(key, shown);
        if (live) setMap(shown);
      })
      .catch((e) => {
        if (live) {
          setError(errorMessage(e));
          setMap(undefined);
        }
      })
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [runId, step, savedStep]);

  const t = term.trim().toLowerCase();
  const byLang = useMemo(() => {
    const m = new Map<string, Array<MapPoint & { hit?: boolean }>>();
    for (const p of map?.points ?? [])
      m.set(p.lang, [...(m.get(p.lang) ?? []), t ? { ...p, hit: p.text.toLowerCase().includes(t) } : p]);
    return [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [map, t]);
  const hits = t ? (map?.points ?? []).filter((p) => p.text.toLowerCase().includes(t)).length : undefined;
  const full = useMemo(() => bounds(map?.points ?? []), [map]);
  const view = box ?? full;
  const cents = useMemo(() => centroids(map?.points ?? []), [map]);
  const lines = useMemo(() => {
    if (!picked || !map) return [];
    const qid = picked.kind === 'query' ? [picked.xlingId] : (picked.answers ?? []);
    const ends = map.points.filter(
      (p) => p !== picked && (p.kind === 'query' ? qid.includes(p.xlingId) : (p.answers ?? []).some((a) => qid.includes(a))),
    );
    return ends.map((e) => ({ from: picked, to: e }));
  }, [picked, map]);
  const near = picked && map ? nearest(map.points, picked) : [];

  return (
    <div className="panel">
      <div className="panel-intro">
        <h2>Embedding map</h2>
        <p>
          Eval queries (●) and their answers (▲) projected on the two principal components; ✚ marks each language's centroid.
          Language bias shows as clusters by colour and centroids far apart; a language-agnostic encoder mixes the colours and
          puts each query near its answers. Click a point for its neighbours, its lines to its answers and a link to the
          Inspector.
        </p>
      </div>
      <div className="inspector-bar">
        <div className="field">
          <label htmlFor={ids.run}>Run</label>
          <select
            id={ids.run}
            value={runId ?? ''}
            onChange={(e) => {
              setRunId(e.target.value || undefined);
              setEvalPick(LATEST);
            }}
          >
            <option value="">–</option>
            {Object.values(runs).map((r) => (
              <option key={r.id} value={r.id}>
                {r.config.name} (step {r.checkpoint?.step ?? r.step})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.evalStep}>Evaluation</label>
          <select id={ids.evalStep} value={evalPick} onChange={(e) => setEvalPick(e.target.value)} disabled={!run}>
            <option value={LATEST}>latest weights{latestStep !== undefined ? ` (step ${latestStep})` : ''}</option>
            {evals.map((e) => (
              <option key={e.step} value={String(e.step)}>
                step {e.step} · {e.querySets.join(' + ')}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.search}>Search texts</label>
          <input
            id={ids.search}
            type="search"
            value={term}
            onChange={(e) => setTerm(e.target.value)}
            placeholder="highlight matching points"
          />
        </div>
        <div className="actions" role="group" aria-label="Zoom and pan">
          <button type="button" className="secondary small" onClick={() => setBox(zoom(view, 0.6))}>
            Zoom in
          </button>
          <button type="button" className="secondary small" onClick={() => setBox(zoom(view, 1 / 0.6))}>
            Zoom out
          </button>
          <button type="button" className="secondary small" onClick={() => setBox(pan(view, -0.2, 0))} aria-label="Pan left">
            ←
          </button>
          <button type="button" className="secondary small" onClick={() => setBox(pan(view, 0.2, 0))} aria-label="Pan right">
            →
          </button>
          <button type="button" className="secondary small" onClick={() => setBox(pan(view, 0, 0.2))} aria-label="Pan up">
            ↑
          </button>
          <button type="button" className="secondary small" onClick={() => setBox(pan(view, 0, -0.2))} aria-label="Pan down">
            ↓
          </button>
          <button type="button" className="secondary small" onClick={() => setBox(undefined)}>
            Reset
          </button>
        </div>
        <label className="check" htmlFor={ids.cen}>
          <input id={ids.cen} type="checkbox" checked={showCentroids} onChange={(e) => setShowCentroids(e.target.checked)} />{' '}
          centroids
        </label>
      </div>
      {error ? (
        <div className="alert" role="alert">
          {error}
        </div>
      ) : null}
      {loading ? (
        <p className="muted" aria-live="polite">
          Projecting the embeddings…
        </p>
      ) : null}
      {!map ? (
        <p className="muted">{run ? (loading ? '' : 'Needs a checkpoint of the run.') : 'Train a run first.'}</p>
      ) : (
        <ChartFrame
          title={`Embedding map of “${run?.config.name ?? ''}” at ${map.saved ? 'the evaluation of step' : 'step'} ${map.step} (PC1 ${(100 * map.explained[0]).toFixed(1)} %, PC2 ${(100 * map.explained[1]).toFixed(1)} % of variance)`}
          name={`${run?.config.name ?? 'run'}-embedding-map`}
          testId="embedding-map"
          legend={byLang.map(([l]) => ({ label: l, color: langColor(l) }))}
          footer={
            <p className="muted small" data-testid="embedding-count">
              {map.points.length} points{hits !== undefined ? ` · ${hits} match “${term}”` : ''}
            </p>
          }
        >
          <ResponsiveContainer width="100%" height={460}>
            <ScatterChart margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e3e6ea" />
              <XAxis
                type="number"
                dataKey="x"
                name="PC1"
                domain={[view.x0, view.x1]}
                allowDataOverflow
                tickFormatter={(v: number) => v.toFixed(2)}
              />
              <YAxis
                type="number"
                dataKey="y"
                name="PC2"
                width={52}
                domain={[view.y0, view.y1]}
                allowDataOverflow
                tickFormatter={(v: number) => v.toFixed(2)}
              />
              <Tooltip content={<Tip />} />
              <Legend itemSorter={null} formatter={legendText} />
              {byLang.map(([lang, pts]) => (
                <Scatter
                  key={lang}
                  name={lang}
                  data={pts}
                  fill={langColor(lang)}
                  shape={<Mark />}
                  isAnimationActive={false}
                  onClick={(d: unknown) => {
                    const p = (d as { payload?: MapPoint }).payload;
                    if (p) setPicked(map.points.find((x) => x.x === p.x && x.y === p.y && x.text === p.text));
                  }}
                />
              ))}
              {showCentroids ? (
                <Scatter
                  name="centroids"
                  legendType="none"
                  data={cents.map((c) => ({ ...c, centroid: true }))}
                  shape={(p: unknown) => {
                    const q = p as ShapeProps;
                    return <Mark cx={q.cx} cy={q.cy} payload={q.payload} fill={langColor(q.payload?.lang ?? '')} />;
                  }}
                  isAnimationActive={false}
                />
              ) : null}
              {lines.map((l, i) => (
                <ReferenceLine
                  key={i}
                  segment={[
                    { x: l.from.x, y: l.from.y },
                    { x: l.to.x, y: l.to.y },
                  ]}
                  stroke="#1f2933"
                  strokeDasharray="3 2"
                  ifOverflow="hidden"
                />
              ))}
            </ScatterChart>
          </ResponsiveContainer>
          {picked ? (
            <div className="map-pick" data-testid="map-picked">
              <p>
                <strong>
                  {picked.lang} · {picked.kind === 'query' ? 'query' : 'answer'}
                </strong>
                :{' '}
                <span lang={picked.lang} dir="auto">
                  {picked.text}
                </span>
              </p>
              <p className="small">
                {lines.length} line{lines.length === 1 ? '' : 's'} to its {picked.kind === 'query' ? 'answers' : 'queries'} on the
                map. Nearest on the map:
              </p>
              <ol className="small" data-testid="map-neighbours">
                {near.map((n, i) => (
                  <li key={i}>
                    <span className="tag">{n.lang}</span> {n.kind === 'query' ? '●' : '▲'}{' '}
                    <span lang={n.lang} dir="auto">
                      {n.text}
                    </span>
                  </li>
                ))}
              </ol>
              {picked.kind === 'query' && picked.xlingId && runId ? (
                <button
                  type="button"
                  className="secondary small"
                  onClick={() => {
                    void openInspector({ runId, lang: picked.lang }).then(() => inspectQuery(picked.xlingId!));
                  }}
                >
                  Open in the Inspector
                </button>
              ) : null}
            </div>
          ) : null}
          <table className="sr-only" aria-label="Language centroids on the map">
            <thead>
              <tr>
                <th scope="col">Language</th>
                <th scope="col">PC1</th>
                <th scope="col">PC2</th>
                <th scope="col">points</th>
              </tr>
            </thead>
            <tbody>
              {cents.map((c) => (
                <tr key={c.lang}>
                  <th scope="row">{c.lang}</th>
                  <td>{c.x.toFixed(3)}</td>
                  <td>{c.y.toFixed(3)}</td>
                  <td>{c.n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ChartFrame>
      )}
    </div>
  );
}
