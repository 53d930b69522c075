import { buildReportHtml } from '../../core/bundle/report-html';
import type { RunRecord } from '../../worker/runs/run-types';
import { runRecordToBundle } from '../../worker/runs/bundles';
import { downloadText, safeName } from '../export';
import { useApp } from '../store';

const host = () => ({ userAgent: navigator.userAgent, cores: navigator.hardwareConcurrency });

/**
 * Download runs as run bundles (one .zip, the CLI's format; several runs = one folder per run, built in the worker
 * with events and checkpoint) or as one self-contained HTML report.
 */
export function BundleButtons({ runs, label }: { runs: RunRecord[]; label?: string }) {
  const exportRuns = useApp((s) => s.exportRuns);
  if (runs.length === 0) return null;
  const name = safeName(label ?? (runs.length === 1 ? runs[0].config.name : `${runs.length}-runs`));
  const report = () =>
    downloadText(`${name}-report.html`, 'text/html', buildReportHtml(runs.map((r) => runRecordToBundle(r, host()))));
  const bundle = () =>
    void exportRuns(
      runs.map((r) => r.id),
      name,
    );
  const what =
    runs.length === 1 ? 'this run as a run bundle' : `these ${runs.length} runs as one .zip with a run bundle folder per run`;
  return (
    <>
      <button
        type="button"
        className="secondary small"
        title={`Download ${what} (run.json, experiment.json, results.json, evaluations.jsonl, events.jsonl, checkpoint/); import it here or in another browser`}
        data-testid="bundle-button"
        onClick={bundle}
      >
        Bundle
      </button>
      <button
        type="button"
        className="secondary small"
        title="Download one self-contained HTML report (opens from disk, no network)"
        data-testid="report-button"
        onClick={report}
      >
        Report
      </button>
    </>
  );
}
