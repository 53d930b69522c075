/** The Models tab's request in flight (label, progress bar, Cancel) and the last request's error. */
import type { Progress } from '../../worker/protocol';
import { fmtBytes } from '../format';
import { useApp } from '../store';
import { ActionButton } from './ActionButton';

function ProgressLine({ p }: { p: Progress }) {
  const byteLike = /^(download|cached|size)/.test(p.phase);
  const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  return (
    <div className="progress" data-testid="model-progress">
      <div className="progress-text" aria-live="polite">
        {p.phase}: {byteLike ? `${fmtBytes(p.done)} / ${p.total ? fmtBytes(p.total) : '?'}` : `${p.done} / ${p.total}`}
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={p.phase}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(frac * 100)}
      >
        <div className="progress-fill" style={{ width: `${(frac * 100).toFixed(1)}%` }} />
      </div>
    </div>
  );
}

export function ModelJobStatus() {
  const job = useApp((s) => s.modelJob);
  const error = useApp((s) => s.modelError);
  return (
    <>
      {job ? (
        <div data-testid="model-busy" data-busy={job.label}>
          {job.progress ? <ProgressLine p={job.progress} /> : <p className="muted">{job.label}…</p>}
          <ActionButton id="models.cancel" className="secondary small" />
        </div>
      ) : null}
      {error ? (
        <p className="error" role="alert" data-testid="model-error">
          {error}
        </p>
      ) : null}
    </>
  );
}
