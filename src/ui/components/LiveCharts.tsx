import { memo, useCallback } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { isBaseAlone } from '../../core/experiment/base-alone';
import { CompositionChart, CrossMapChart } from '../charts/HeatmapCharts';
import { LossChart } from '../charts/LossChart';
import { BiasChart, MetricChart } from '../charts/MetricChart';
import { reportedEval } from '../charts/series';
import type { MetricPoint } from '../../worker/runs/run-types';
import { useThrottled } from '../hooks';
import { useApp } from '../store';
import { BiasTable } from './BiasTable';
import { ExportButtons } from './ExportButtons';
import { ResultsTable } from './ResultsTable';

/** Redraws of the loss and composition charts while training (the status line updates with every delta). */
const CHART_REFRESH_MS = 500;

const LatestResults = memo(function LatestResults({
  latest,
  name,
  baseAlone,
}: {
  latest: MetricPoint;
  name: string;
  baseAlone: boolean;
}) {
  return (
    <div className="results" data-testid="run-results">
      <div className="results-head">
        <h3>
          {baseAlone
            ? 'Base alone (no fine-tuning): evaluation at step 0'
            : `${latest.final ? 'Final evaluation' : 'Latest evaluation'} at step ${latest.step}`}
        </h3>
        <span className="muted">
          {latest.result.counts.queries} queries · {latest.result.counts.candidates} candidates
        </span>
        <ExportButtons result={latest.result} name={`${name}-step${latest.step}`} />
      </div>
      <ResultsTable result={latest.result} />
      <BiasTable result={latest.result} />
    </div>
  );
});

/** Charts of the current run. Each chart is memoised on its own data, so an eval-only chart redraws per evaluation. */
export function LiveCharts() {
  const { live, openInspector } = useApp(
    useShallow((s) => ({ live: s.currentRunId ? s.runs[s.currentRunId] : undefined, openInspector: s.openInspector })),
  );
  const run = useThrottled(live, CHART_REFRESH_MS, live?.id);
  const runId = run?.id;
  const onCell = useCallback((q: string, p: string) => void openInspector({ runId, lang: q, pool: p }), [openInspector, runId]);
  if (!run) return null;
  const name = run.config.name;
  // The tables show the final evaluation, else the latest subset one: the probe's small pool is a chart series only.
  const latest = reportedEval(run.metrics);
  const trainLangs = run.config.langs.filter((l) => !run.config.heldOutLangs.includes(l));
  return (
    <div className="live" data-testid="live-charts">
      <div className="chart-grid">
        <LossChart loss={run.loss} name={name} />
        <CompositionChart tally={run.composition} alpha={run.config.alpha} langs={trainLangs} name={name} />
        <MetricChart metrics={run.metrics} name={name} />
        <BiasChart metrics={run.metrics} name={name} />
        <CrossMapChart latest={latest} name={name} onCell={onCell} />
      </div>
      {latest ? <LatestResults latest={latest} name={name} baseAlone={isBaseAlone(run.config)} /> : null}
    </div>
  );
}
