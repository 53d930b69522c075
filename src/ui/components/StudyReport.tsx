import type { StudyRecord, StudyReportView } from '../../worker/study/study-protocol';
import { downloadText, safeName } from '../export';
import { useApp } from '../store';
import { StudyCurveChart } from './StudyCurveChart';
import { PaperTable, RunsTable, SignificanceTable, Table1, Table2 } from './StudyTables';

/** The finished study's report (core buildStudyReport, the same as `cli study`) with its exports. */
export function StudyReport({ study, report }: { study: StudyRecord; report: StudyReportView }) {
  const j = report.json;
  const base = safeName(`study-${j.study.name}`);
  const compare = () => {
    const ids = study.runs.map((r) => r.runId).filter((x): x is string => !!x);
    useApp.setState({ compareIds: ids });
    useApp.getState().setTab('compare');
  };
  return (
    <section className="results study-report" aria-label="Study report" data-testid="study-report">
      <div className="results-head">
        <h3>Report: {j.study.name}</h3>
        <span className="export">
          <button
            type="button"
            className="secondary"
            onClick={() => downloadText(`${base}-report.md`, 'text/markdown', report.markdown)}
          >
            Export Markdown
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => downloadText(`${base}-report.json`, 'application/json', JSON.stringify(j, null, 2) + '\n')}
          >
            Export JSON
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => downloadText(`${base}-lowres-curve.svg`, 'image/svg+xml', report.svg)}
          >
            Export figure (SVG, as the CLI)
          </button>
        </span>
      </div>
      {j.synthetic ? (
        <p className="caveat" role="note">
          Synthetic demo data: fictional, template-generated text. These numbers test the pipeline, not the research question on
          real languages.
        </p>
      ) : null}
      <div className="table-wrap">
        <Table1 j={j} />
      </div>
      <div className="table-wrap">
        <Table2 j={j} />
      </div>
      <div className="table-wrap">
        <PaperTable j={j} />
      </div>
      <h4>Low-resource curve</h4>
      <div className="chart-grid">
        {Object.keys(j.lowResourceCurve).flatMap((lang) => [
          <StudyCurveChart key={`${lang}-map`} report={j} lang={lang} metric="multilingualMap" />,
          <StudyCurveChart key={`${lang}-bias`} report={j} lang={lang} metric="bias" />,
        ])}
      </div>
      <h4>Significance</h4>
      <div className="table-wrap">
        <SignificanceTable j={j} />
      </div>
      <ul data-testid="study-statements">
        {j.statements.map((x) => (
          <li key={x}>{x}</li>
        ))}
      </ul>
      <div className="table-wrap">
        <RunsTable j={j} />
      </div>
      <div className="actions">
        <button type="button" className="secondary" onClick={compare}>
          Compare these runs
        </button>
      </div>
      <details className="advanced">
        <summary>Exact config and versions</summary>
        <p className="small">
          Versions:{' '}
          {Object.entries(j.versions)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}
          . Each run’s config is this base with caps, α, seed and name set.
        </p>
        <pre className="mono small" data-testid="study-config">
          {JSON.stringify(j.study, null, 2)}
        </pre>
      </details>
      <details className="advanced">
        <summary>Full report (Markdown, incl. per-language tables)</summary>
        <pre className="mono small" data-testid="study-markdown">
          {report.markdown}
        </pre>
      </details>
    </section>
  );
}
