import { bundleZip } from '../../core/bundle/files';
import { buildReportHtml } from '../../core/bundle/report-html';
import type { RunRecord } from '../../worker/run-types';
import { runRecordToBundle } from '../../worker/bundles';
import { download, downloadText, safeName } from '../export';

const host = () => ({ userAgent: navigator.userAgent, cores: navigator.hardwareConcurrency });

/** Download runs as a run bundle (.zip, the CLI's format) or as one self-contained HTML report. */
export function BundleButtons({ runs, label }: { runs: RunRecord[]; label?: string }) {
  if (runs.length === 0) return null;
  const name = safeName(label ?? (runs.length === 1 ? runs[0].config.name : `${runs.length}-runs`));
  const report = () => downloadText(`${name}-report.html`, 'text/html', buildReportHtml(runs.map((r) => runRecordToBundle(r, host()))));
  const bundle = () => download(`${name}.zip`, new Blob([bundleZip(runRecordToBundle(runs[0], host())) as BlobPart], { type: 'application/zip' }));
  return (
    <>
      {runs.length === 1 ? <button type="button" className="secondary small" title="Download this run as a run bundle (.zip: run.json, experiment.json, results.json, evaluations.jsonl)" onClick={bundle}>Bundle</button> : null}
      <button type="button" className="secondary small" title="Download one self-contained HTML report (opens from disk, no network)" data-testid="report-button" onClick={report}>Report</button>
    </>
  );
}
