import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../store';
import { isStudyActive } from '../store/study';
import { StudyForm } from './StudyForm';
import { StudyProgress } from './StudyProgress';
import { StudyReport } from './StudyReport';

/** The Study tab: configure the low-resource study, follow its queue of runs, read and export its report. */
export function StudyPanel() {
  const s = useApp(useShallow((st) => ({ study: st.study, error: st.studyError })));
  const [editing, setEditing] = useState(false);
  const study = s.study;
  const active = isStudyActive({ study });
  return (
    <div className="panel">
      <div className="panel-intro">
        <h2>Low-resource study</h2>
        <p>
          Every cap on the low-resource language(s) × every strategy (α = 1 monolingual-only, 0 cross-lingual-only, 0.5 hybrid) ×
          every seed is one ordinary run, trained one after another in the worker. A reload continues the queue: finished runs are
          kept, the interrupted one goes on from its last checkpoint (or restarts when it has none). The report is the same code
          as <code>npm run cli -- study</code>.
        </p>
      </div>
      {s.error ? (
        <div className="alert" role="alert" data-testid="study-request-error">
          {s.error}
        </div>
      ) : null}
      {!study || (editing && !active) ? (
        <>
          {study ? (
            <div className="actions">
              <button type="button" className="secondary" onClick={() => setEditing(false)}>
                Back to the current study
              </button>
            </div>
          ) : null}
          <StudyForm
            replaces={study && study.status !== 'done' ? study.config.name : undefined}
            onStarted={() => setEditing(false)}
          />
        </>
      ) : (
        <>
          <StudyProgress study={study} />
          {!active ? (
            <div className="actions">
              <button type="button" className="secondary" onClick={() => setEditing(true)}>
                New study…
              </button>
            </div>
          ) : null}
          {study.status === 'done' && study.report ? <StudyReport study={study} report={study.report} /> : null}
        </>
      )}
    </div>
  );
}
