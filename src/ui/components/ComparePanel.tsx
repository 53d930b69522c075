import { useId, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { isBaseAlone } from '../../core/experiment/base-alone';
import { ChartFrame } from '../charts/ChartFrame';
import { seriesColor } from '../charts/colors';
import { legendText, rowValues, yAxisWidth } from '../charts/axis';
import { compareSeries, type Curve } from '../charts/compare-series';
import { reportedEval } from '../charts/series';
import { downloadText, toCsv } from '../export';
import { fmt1, fmt3 } from '../format';
import { lineageText, startLabel, type BaseNames } from '../lineage';
import { useApp } from '../store';
import { baseNames } from '../store/bases';
import type { RunView } from '../store/runs';
import { BundleButtons } from './BundleButtons';
import { MetricVsAlpha, PairedTest } from './CompareDecisions';

const CURVES: Record<Curve, string> = {
  'map:monolingual': 'mono mAP',
  'map:crosslingual': 'cross mAP',
  'map:multilingual': 'multi mAP',
  'recall@10:multilingual': 'multi Recall@10',
  bias: 'language bias (lower is better)',
  loss: 'training loss',
};

/** Runs without training have no α: a base evaluated alone, or an imported evaluation (a TREC run, eval --bundle). */
const untrainedLabel = (r: RunView): string | undefined =>
  r.imported?.kind === 'evaluation' ? 'evaluation' : isBaseAlone(r.config) ? 'base alone' : undefined;

/**
 * One row per run, like the paper's table: mAP per setting and bias of the reported (final, else latest)
 * evaluation, what the run started from (lineage) and whether it is a base evaluated alone (no fine-tuning).
 */
export function compareRows(runs: RunView[], names: BaseNames = {}) {
  return runs.map((r) => {
    const e = reportedEval(r.metrics);
    const s = e?.result.settings;
    return {
      run: r.config.name,
      id: r.id,
      baseAlone: isBaseAlone(r.config),
      untrained: untrainedLabel(r),
      start: startLabel(r.lineage, names),
      lineage: lineageText(r.lineage, names),
      alpha: r.config.alpha,
      seed: r.config.seed,
      step: e?.step,
      final: !!e?.final,
      mono: s?.monolingual?.map,
      cross: s?.crosslingual?.map,
      multi: s?.multilingual?.map,
      bias: e?.result.languageBias?.meanMaxRankDistance,
    };
  });
}

const COLS = [
  ['mono', 'mono mAP', 'max'],
  ['cross', 'cross mAP', 'max'],
  ['multi', 'multi mAP', 'max'],
  ['bias', 'bias ↓', 'min'],
] as const;

export function ComparePanel() {
  const { runs, compareIds, toggleCompare, bases } = useApp(
    useShallow((s) => ({ runs: s.runs, compareIds: s.compareIds, toggleCompare: s.toggleCompare, bases: s.bases })),
  );
  const [curve, setCurve] = useState<Curve>('map:multilingual');
  const curveId = useId();
  const chosen = compareIds.map((id) => runs[id]).filter((r): r is RunView => !!r);
  const rows = compareRows(chosen, baseNames(bases));
  const best = Object.fromEntries(
    COLS.map(([k, , dir]) => {
      const vals = rows.map((r) => r[k]).filter((v): v is number => v !== undefined && Number.isFinite(v));
      return [k, vals.length ? (dir === 'max' ? Math.max(...vals) : Math.min(...vals)) : undefined];
    }),
  );
  const { rows: data, series } = useMemo(() => compareSeries(chosen, curve), [chosen, curve]);
  const color = (runId: string) => seriesColor(chosen.findIndex((r) => r.id === runId));
  const label = (runId: string) => runs[runId]?.config.name ?? runId;
  // What each row's tooltip says about its queries (the set of the first series with a value in it).
  const rowSet = (row: Record<string, number> | undefined) => series.find((x) => row && x.dataKey in row)?.setLabel;

  return (
    <div className="panel">
      <div className="panel-intro">
        <h2>Compare runs</h2>
        <p>
          Pick runs (here or with “compare” in the run list); an α-sweep selects its three runs when it ends. Lines join
          in-training evaluations on one fixed query subset; ○ marks the final evaluation on every query (a different set, never
          joined to the line); the dotted line is the small probe set, evaluated more often on its own pool (not comparable with
          the solid line).
        </p>
      </div>
      <fieldset className="field compare-pick">
        <legend>Runs</legend>
        {Object.values(runs)
          .sort((a, b) => a.created - b.created)
          .map((r) => (
            <label key={r.id} className="check">
              <input type="checkbox" checked={compareIds.includes(r.id)} onChange={() => toggleCompare(r.id)} /> {r.config.name}{' '}
              <span className="muted small">
                ({untrainedLabel(r) ?? `α ${r.config.alpha}`}, {r.status})
              </span>
            </label>
          ))}
      </fieldset>
      {chosen.length === 0 ? (
        <p className="muted">No runs selected.</p>
      ) : (
        <>
          <div data-testid="compare-series" data-series={JSON.stringify(series)} hidden />
          <ChartFrame
            title={`${CURVES[curve]} over steps`}
            name={`compare-${curve}`}
            testId="compare-chart"
            legend={chosen.map((r, i) => ({ label: r.config.name, color: seriesColor(i) }))}
            controls={
              <span className="chart-controls">
                <label htmlFor={curveId}>Curve</label>
                <select id={curveId} value={curve} onChange={(e) => setCurve(e.target.value as Curve)}>
                  {(Object.keys(CURVES) as Curve[]).map((c) => (
                    <option key={c} value={c}>
                      {CURVES[c]}
                    </option>
                  ))}
                </select>
              </span>
            }
          >
            <ResponsiveContainer width="100%" height={280}>
              <LineChart data={data} margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="#e3e6ea" />
                <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
                <YAxis width={yAxisWidth(rowValues(data))} />
                <Tooltip
                  formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))}
                  labelFormatter={(s, p: ReadonlyArray<{ payload?: Record<string, number> }>) => {
                    const set = rowSet(p?.[0]?.payload);
                    return set ? `step ${s} · ${set}` : `step ${s}`;
                  }}
                />
                <Legend itemSorter={null} formatter={legendText} />
                {series.map((x) =>
                  x.probe ? (
                    <Line
                      key={x.dataKey}
                      dataKey={x.dataKey}
                      name={`${label(x.runId)} (probe)`}
                      stroke={color(x.runId)}
                      strokeWidth={1}
                      strokeDasharray="2 3"
                      legendType="none"
                      dot={false}
                      connectNulls
                      isAnimationActive={false}
                    />
                  ) : x.joined ? (
                    <Line
                      key={x.dataKey}
                      dataKey={x.dataKey}
                      name={label(x.runId)}
                      stroke={color(x.runId)}
                      dot={curve !== 'loss'}
                      connectNulls
                      isAnimationActive={false}
                    />
                  ) : (
                    <Line
                      key={x.dataKey}
                      dataKey={x.dataKey}
                      name={`${label(x.runId)} (${x.setLabel})`}
                      stroke="none"
                      legendType="none"
                      connectNulls={false}
                      dot={{ r: 4, stroke: color(x.runId), fill: '#fff', strokeWidth: 2 }}
                      isAnimationActive={false}
                    />
                  ),
                )}
              </LineChart>
            </ResponsiveContainer>
          </ChartFrame>
          <div className="table-wrap">
            <table data-testid="compare-table">
              <caption>
                mAP per setting and language bias of each run (final evaluation, else the latest; “base alone” = the starting
                model without fine-tuning, step 0); ★ = best per column
              </caption>
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col" className="num">
                    α
                  </th>
                  <th scope="col" className="num">
                    step
                  </th>
                  {COLS.map(([k, label]) => (
                    <th key={k} scope="col" className="num">
                      {label}
                    </th>
                  ))}
                  <th scope="col">Started from (lineage)</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} data-base-alone={r.baseAlone || undefined}>
                    <th scope="row">
                      {r.run}
                      {r.untrained ? (
                        <>
                          {' '}
                          <span className="tag">{r.untrained}</span>
                        </>
                      ) : null}
                    </th>
                    <td className="num">{r.baseAlone ? '–' : r.alpha}</td>
                    <td className="num">
                      {r.step ?? '–'}
                      {r.final ? '' : ' (latest)'}
                    </td>
                    {COLS.map(([k]) => {
                      const v = r[k],
                        isBest = v !== undefined && v === best[k] && rows.length > 1;
                      return (
                        <td key={k} className={isBest ? 'num best' : 'num'} data-best={isBest || undefined}>
                          {k === 'bias' ? fmt1(v) : fmt3(v)}
                          {isBest ? <span aria-label="best"> ★</span> : null}
                        </td>
                      );
                    })}
                    <td className="small" data-testid="compare-lineage" title={`Lineage: ${r.lineage}`}>
                      {r.start}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <MetricVsAlpha runs={chosen} />
          {chosen.length === 2 ? (
            <PairedTest a={chosen[0]} b={chosen[1]} />
          ) : (
            <p className="muted small">Select exactly two runs for a paired significance test.</p>
          )}
          <div className="export">
            <button type="button" className="secondary" onClick={() => downloadText('compare.csv', 'text/csv', toCsv(rows))}>
              Export table CSV
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => downloadText('compare.json', 'application/json', JSON.stringify(rows, null, 2))}
            >
              Export table JSON
            </button>
            <BundleButtons runs={chosen} label="compare" />
          </div>
        </>
      )}
    </div>
  );
}
