import { useShallow } from 'zustand/react/shallow';
import type { StudyRecord, StudyRunState } from '../../worker/study/study-protocol';
import { fmtSeconds } from '../format';
import { useApp } from '../store';
import { ActionButton } from './ActionButton';
import { studyEta, studyFraction } from './study-progress';

const STATUS: Record<StudyRecord['status'], string> = {
  running: 'Running',
  stopping: 'Cancelling (after the current step)',
  stopped: 'Stopped',
  interrupted: 'Interrupted',
  error: 'Failed',
  done: 'Done',
};

function how(r: StudyRunState): string {
  if (!r.resumed) return '';
  return r.resumed.from === 'checkpoint'
    ? `continued from its checkpoint at step ${r.resumed.step}`
    : `restarted: ${r.resumed.reason}`;
}

/** The queue: current run i/N, overall bar with ETA, cancel/resume, and every planned run's state. */
export function StudyProgress({ study }: { study: StudyRecord }) {
  const s = useApp(
    useShallow((st) => ({
      runs: st.runs,
    })),
  );
  const cur = study.runs[study.index];
  const live = cur?.runId ? s.runs[cur.runId] : undefined;
  const liveStep =
    live && cur.state === 'training' ? { step: live.step, steps: live.config.steps, seconds: live.seconds } : undefined;
  const f = studyFraction(study, liveStep);
  const eta = studyEta(study, liveStep);
  const active = study.status === 'running' || study.status === 'stopping';
  const resumable = study.status === 'stopped' || study.status === 'interrupted' || study.status === 'error';
  const doneCount = study.runs.filter((r) => r.state === 'done').length;
  const phase =
    !cur || study.status === 'done'
      ? ''
      : cur.state === 'evaluating'
        ? 'per-query evaluation'
        : live?.evalProgress
          ? 'final evaluation'
          : liveStep
            ? `training step ${liveStep.step} / ${liveStep.steps}`
            : cur.state;

  return (
    <section className="study-progress" aria-label="Study progress">
      <div
        className="run-status"
        data-testid="study-status"
        data-status={study.status}
        data-done={doneCount}
        data-total={study.runs.length}
      >
        <span
          className={`status status-${study.status === 'stopping' ? 'running' : study.status === 'stopped' ? 'paused' : study.status}`}
        >
          {STATUS[study.status]}
        </span>
        {study.status !== 'done' && cur ? (
          <span>
            Run {study.index + 1} / {study.runs.length}: <strong>{cur.planId}</strong> (α {cur.alpha}){phase ? ` — ${phase}` : ''}
          </span>
        ) : null}
        <span className="muted">
          {doneCount} of {study.runs.length} runs done
        </span>
      </div>
      <div className="progress">
        <div className="progress-text" aria-live="polite" data-testid="study-eta">
          {(f * 100).toFixed(0)} %{active ? ` · ETA ${fmtSeconds(eta)}` : ''}
        </div>
        <div
          className="progress-track"
          role="progressbar"
          aria-label="Study progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(f * 100)}
        >
          <div className="progress-fill" style={{ width: `${(f * 100).toFixed(1)}%` }} />
        </div>
      </div>
      {study.note ? (
        <p className="muted" data-testid="study-note">
          {study.note}
        </p>
      ) : null}
      {study.error ? (
        <div className="alert" role="alert" data-testid="study-error">
          {study.error}
        </div>
      ) : null}
      <div className="actions">
        {active ? <ActionButton id="study.cancel" className="secondary" /> : null}
        {resumable ? <ActionButton id="study.resume" /> : null}
      </div>
      <div className="table-wrap">
        <table data-testid="study-runs">
          <caption>
            Planned runs (caps × strategies × seeds); each is an ordinary run, also in the run list and the Compare tab.
          </caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">run</th>
              <th scope="col">cap</th>
              <th scope="col">strategy</th>
              <th scope="col" className="num">
                α
              </th>
              <th scope="col" className="num">
                seed
              </th>
              <th scope="col">state</th>
              <th scope="col" className="num">
                train s
              </th>
              <th scope="col">taken up</th>
            </tr>
          </thead>
          <tbody>
            {study.runs.map((r, i) => (
              <tr
                key={r.planId}
                data-testid={`study-run-${r.planId}`}
                data-state={r.state}
                data-run-id={r.runId ?? ''}
                aria-current={i === study.index && active ? 'step' : undefined}
              >
                <td className="num">{i + 1}</td>
                <th scope="row">{r.planId}</th>
                <td>{r.cap}</td>
                <td>{r.strategy}</td>
                <td className="num">{r.alpha}</td>
                <td className="num">{r.seed}</td>
                <td>{r.state}</td>
                <td className="num">{r.seconds !== undefined ? r.seconds.toFixed(1) : ''}</td>
                <td className="small" data-testid="study-run-resumed">
                  {how(r)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
