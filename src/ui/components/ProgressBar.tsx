import { useShallow } from 'zustand/react/shallow';
import { fmtSeconds } from '../format';
import { useApp } from '../store';

const PHASES: Record<string, string> = { starting: 'Starting', prepare: 'Indexing candidates', score: 'Scoring queries' };

export function ProgressBar() {
  const { running, progress } = useApp(useShallow((s) => ({ running: s.running, progress: s.progress })));
  if (!running || !progress) return null;
  const frac = progress.total > 0 ? progress.done / progress.total : 0;
  const elapsed = (performance.now() - progress.phaseStartedAt) / 1000;
  const eta = progress.done > 0 ? (elapsed * (progress.total - progress.done)) / progress.done : Infinity;
  const label = PHASES[progress.phase] ?? progress.phase;
  return (
    <div className="progress" data-testid="progress">
      <div className="progress-text" aria-live="polite">
        {label}: {progress.done} / {progress.total} · ETA {fmtSeconds(eta)}
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(frac * 100)}
      >
        <div className="progress-fill" style={{ width: `${(frac * 100).toFixed(1)}%` }} />
      </div>
    </div>
  );
}
