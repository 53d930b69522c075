import { useShallow } from 'zustand/react/shallow';
import { useActions, type ActionId } from '../actions';
import { fmtSeconds } from '../format';
import { useApp } from '../store';

function ActionButton({ id, secondary }: { id: ActionId; secondary?: boolean }) {
  const action = useActions().find((a) => a.id === id)!;
  return (
    <button type="button" className={secondary ? 'secondary' : undefined} disabled={!action.enabled} onClick={action.run}
      aria-keyshortcuts={action.shortcut === 'Esc' ? 'Escape' : action.shortcut} data-action={id}>
      {action.label}{action.shortcut ? <kbd>{action.shortcut}</kbd> : null}
    </button>
  );
}

/** Start / Pause / Step / Stop (+ New run, α-sweep) and where the current run stands. */
export function RunControls() {
  const { run, pendingStart, runsError, sweep } = useApp(useShallow((s) => ({
    run: s.currentRunId ? s.runs[s.currentRunId] : undefined, pendingStart: s.pendingStart, runsError: s.runsError, sweep: s.sweep,
  })));
  const perStep = run && run.step > 0 ? run.seconds / run.step : undefined;
  return (
    <div className="run-controls">
      <div className="actions" role="toolbar" aria-label="Run controls">
        <ActionButton id="toggle" />
        <ActionButton id="step" secondary />
        <ActionButton id="stop" secondary />
        <ActionButton id="new" secondary />
        <ActionButton id="sweep" secondary />
        <ActionButton id="evalBase" secondary />
      </div>
      <div className="run-status" aria-live="polite" data-testid="run-status" data-status={run?.status ?? 'none'} data-step={run?.step ?? 0}>
        {pendingStart ? <span>Preparing (vocabulary, model)…</span> : null}
        {run ? (
          <span>
            <strong>{run.config.name}</strong> · <span className={`status status-${run.status}`}>{run.status}</span> · step {run.step} / {run.config.steps}
            {perStep !== undefined ? ` · ${fmtSeconds(run.seconds)} (${(perStep * 1000).toFixed(0)} ms/step)` : ''}
            {perStep !== undefined && run.status === 'running' && run.step < run.config.steps
              ? <span data-testid="run-eta"> · about {fmtSeconds((run.config.steps - run.step) * perStep)} left (steps at the current pace, evaluations extra)</span> : null}
            {run.backend ? ` · ${run.backend}` : ''}
            {run.evalProgress ? ` · evaluating ${run.evalProgress.done}/${run.evalProgress.total}` : ''}
            {run.checkpoint ? ` · checkpoint @ ${run.checkpoint.step}` : ''}
          </span>
        ) : !pendingStart ? <span className="muted">No run yet: set up the experiment and press Start (Space).</span> : null}
        {sweep ? <span className="tag">α-sweep {sweep.index + 1}/{sweep.alphas.length} (α = {sweep.alphas[sweep.index]})</span> : null}
      </div>
      {run?.error ? <div className="alert" role="alert" data-testid="run-error">{run.error}</div> : null}
      {run?.storageWarning ? <div className="alert" role="alert">{run.storageWarning}</div> : null}
      {runsError ? <div className="alert" role="alert" data-testid="runs-error">{runsError}</div> : null}
    </div>
  );
}
