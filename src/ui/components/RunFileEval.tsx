import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../store';

/**
 * "Evaluate a run file": a TREC run (`qid Q0 docid rank score tag`, qid `<lang>:<xlingId>`, docid the candidate
 * uid — Pyserini, Tevatron, a script, or `cli eval --run`) scored on the dataset chosen above, in the settings
 * ticked above, with the workbench's protocol (the CLI's `eval --from-run`). The result is kept as a run.
 */
export function RunFileEval() {
  const s = useApp(
    useShallow((st) => ({
      datasetId: st.evalDatasetId,
      settings: st.settings,
      busy: st.evaluatingRunFile,
      error: st.runFileError,
      notice: st.runFileNotice,
      evaluate: st.evaluateRunFile,
      running: st.running,
    })),
  );
  const inputId = useId();
  const disabled = s.busy || s.running || !s.datasetId || s.settings.length === 0;
  return (
    <div className="run-file-eval" data-testid="run-file-eval">
      <h3>Evaluate a run file</h3>
      <p className="muted small">
        A ranking made by any system as a TREC run file (<code>qid Q0 docid rank score tag</code>, qid{' '}
        <code>&lt;lang&gt;:&lt;id&gt;</code>, docid the candidate uid), scored on the dataset and settings above. Unranked
        relevant items count as not found; unknown ids refuse the file.
      </p>
      <label htmlFor={inputId} className={`button-like${disabled ? ' disabled' : ''}`}>
        Evaluate a run file…
      </label>
      <input
        id={inputId}
        type="file"
        className="visually-hidden-input"
        data-testid="run-file-input"
        disabled={disabled}
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f && s.datasetId) void s.evaluate(f, s.datasetId, s.settings);
          e.target.value = '';
        }}
      />
      {s.busy ? (
        <p className="muted small" aria-live="polite">
          Evaluating the run file…
        </p>
      ) : null}
      {s.error ? (
        <p className="alert" role="alert" data-testid="run-file-error">
          {s.error}
        </p>
      ) : null}
      {s.notice && !s.error ? (
        <p className="notice small" role="status" data-testid="run-file-notice">
          {s.notice}
        </p>
      ) : null}
    </div>
  );
}
