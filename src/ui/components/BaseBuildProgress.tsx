import { fmtSeconds } from '../format';
import { useApp } from '../store';
import { isBuilding } from '../store/bases';

const STATUS: Record<string, string> = {
  preparing: 'Preparing (translation pairs, vocabulary, model)',
  running: 'Pre-training',
  saving: 'Saving to this browser',
  done: 'Stored',
  cancelled: 'Cancelled (nothing stored)',
  error: 'Failed',
};

/** The current (or last) build: progress bar with ETA, loss, translation-ranking evaluations. */
export function BaseBuildProgress() {
  const b = useApp((s) => s.build);
  if (!b) return null;
  const frac = b.steps > 0 ? b.step / b.steps : 0;
  const eta = b.step > 0 ? (b.trainSeconds / b.step) * (b.steps - b.step) : Infinity;
  return (
    <section
      className="results"
      aria-label="Base build"
      data-testid="base-build"
      data-status={b.status}
      data-step={b.step}
      data-tensors-start={b.tensors.start}
      data-tensors-now={b.tensors.now}
    >
      <div className="progress-text" aria-live="polite">
        <strong>{b.name}</strong> · {STATUS[b.status] ?? b.status} · step {b.step} / {b.steps}
        {b.loss !== undefined ? ` · loss ${b.loss.toFixed(4)}` : ''}
        {isBuilding(b)
          ? ` · ETA ${fmtSeconds(eta)}`
          : ` · ${fmtSeconds(b.trainSeconds)} of training · tensors ${b.tensors.start} before, ${b.tensors.now} after`}
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-label="Base pre-training"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(frac * 100)}
      >
        <div className="progress-fill" style={{ width: `${(frac * 100).toFixed(1)}%` }} />
      </div>
      {b.error ? (
        <div className="alert" role="alert">
          {b.error}
        </div>
      ) : null}
      {b.evals.length ? (
        <div className="table-wrap">
          <table data-testid="base-evals">
            <caption>
              Translation ranking on held-out pairs (each word ranks every held-out translation; top-1 = the right one first)
            </caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  step
                </th>
                <th scope="col" className="num">
                  loss
                </th>
                <th scope="col" className="num">
                  top-1
                </th>
                <th scope="col" className="num">
                  pairs
                </th>
              </tr>
            </thead>
            <tbody>
              {b.evals.map((e, i) => (
                <tr key={`${e.step}-${i}`}>
                  <td className="num">{e.step}</td>
                  <td className="num">{e.loss.toFixed(4)}</td>
                  <td className="num">{(100 * e.accuracy).toFixed(1)} %</td>
                  <td className="num">{e.pairs}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
