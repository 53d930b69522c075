import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { fmtSeconds } from '../format';
import { useApp } from '../store';
import { ActionButton } from './ActionButton';

/** Seconds since `t` (ms epoch), ticking once a second while shown. */
function useAge(t: number | undefined): number | undefined {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (t === undefined) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [t]);
  return t === undefined ? undefined : Math.max(0, Math.round((now - t) / 1000));
}

/** Start / Pause / Step / Stop (+ New run, α-sweep) and where the current run stands. */
export function RunControls() {
  const { run, pendingStart, runsError, sweep } = useApp(
    useShallow((s) => ({
      run: s.currentRunId ? s.runs[s.currentRunId] : undefined,
      pendingStart: s.pendingStart,
      runsError: s.runsError,
      sweep: s.sweep,
    })),
  );
  const perStep = run && run.step > 0 ? run.seconds / run.step : undefined;
  const ckptAge = useAge(run?.checkpoint?.savedAt);
  const ckpt = run?.checkpoint;
  const showSweep = sweep && sweep.status !== 'done' && sweep.status !== 'error' ? sweep : undefined;
  return (
    <div className="run-controls">
      <div className="actions" role="toolbar" aria-label="Run controls">
        <ActionButton id="toggle" showKey />
        {/* R (actions.ts 'resume') = the toggle's Resume from the keyboard, without Space's risk of pausing. */}
        <ActionButton id="step" className="secondary" showKey />
        <ActionButton id="stop" className="secondary" showKey />
        <ActionButton id="new" className="secondary" showKey />
        <ActionButton id="sweep" className="secondary" showKey />
        <ActionButton id="evalBase" className="secondary" showKey />
      </div>
      <div
        className="run-status"
        aria-live="polite"
        data-testid="run-status"
        data-status={run?.status ?? 'none'}
        data-step={run?.step ?? 0}
      >
        {pendingStart ? <span>Preparing (vocabulary, model)…</span> : null}
        {run ? (
          <span>
            <strong>{run.config.name}</strong> · <span className={`status status-${run.status}`}>{run.status}</span> · step{' '}
            {run.step} / {run.config.steps}
            {perStep !== undefined ? ` · ${fmtSeconds(run.seconds)} (${(perStep * 1000).toFixed(0)} ms/step)` : ''}
            {perStep !== undefined && run.status === 'running' && run.step < run.config.steps ? (
              <span data-testid="run-eta">
                {' '}
                · about {fmtSeconds((run.config.steps - run.step) * perStep)} left (steps at the current pace, evaluations extra)
              </span>
            ) : null}
            {run.backend ? ` · ${run.backend}` : ''}
            {run.evalProgress ? ` · evaluating ${run.evalProgress.done}/${run.evalProgress.total}` : ''}
          </span>
        ) : !pendingStart ? (
          <span className="muted">No run yet: set up the experiment and press Start (Space).</span>
        ) : null}
        {run && ckpt ? (
          <span
            className="muted"
            data-testid="checkpoint-info"
            data-step={ckpt.step}
            title="The run resumes from its last checkpoint after a reload or a crash (saved every checkpointEverySeconds and checkpointEvery steps); the second number is what saving it cost."
          >
            {' · '}checkpoint @ {ckpt.step}, {ckptAge} s ago
            {ckpt.ms !== undefined ? ` · saved in ${(ckpt.ms / 1000).toFixed(2)} s` : ''}
          </span>
        ) : run && run.status === 'running' && run.config.checkpointEverySeconds > 0 ? (
          <span className="muted"> · first checkpoint within {run.config.checkpointEverySeconds} s</span>
        ) : null}
        {showSweep ? (
          <span className="tag" data-testid="sweep-status" data-status={showSweep.status}>
            α-sweep {showSweep.index + 1}/{showSweep.runs.length} (α = {showSweep.runs[showSweep.index]?.alpha}
            {showSweep.seeds ? `, seed ${showSweep.runs[showSweep.index]?.seed}` : ''})
            {showSweep.status === 'running' ? '' : ` · ${showSweep.status}`}
          </span>
        ) : null}
      </div>
      {run?.error ? (
        <div className="alert" role="alert" data-testid="run-error">
          {run.error}
        </div>
      ) : null}
      {run?.storageWarning ? (
        <div className="alert" role="alert">
          {run.storageWarning}
        </div>
      ) : null}
      {runsError ? (
        <div className="alert" role="alert" data-testid="runs-error">
          {runsError}
        </div>
      ) : null}
    </div>
  );
}
