import { useId, useState } from 'react';
import { resolveStudyConfig } from '../../core/experiment/study';
import { errorMessage } from '../store/types';
import { useApp } from '../store';
import { draftOf } from '../store/study';

/** The study config as JSON — the CLI's `study --config` file — to copy out or paste in. */
export function StudyJson() {
  const draft = useApp((s) => s.studyDraft);
  const setDraft = useApp((s) => s.setStudyDraft);
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const id = useId();
  const apply = () => {
    try {
      const raw = JSON.parse(text) as Record<string, unknown>;
      if (!raw || typeof raw !== 'object' || Array.isArray(raw))
        throw new Error('expected one JSON object with name, base, lowResourceLangs, caps, strategies, seeds');
      resolveStudyConfig(raw); // names the field and the fix before anything changes
      setDraft(draftOf(raw));
      setError(undefined);
    } catch (e) {
      setError(`Study JSON not applied: ${errorMessage(e)}`);
    }
  };
  return (
    <details
      className="advanced"
      onToggle={(e) => {
        if ((e.target as HTMLDetailsElement).open) setText(JSON.stringify(draft, null, 2));
      }}
    >
      <summary>
        Study config as JSON (the CLI’s <code>study --config</code> file)
      </summary>
      <div className="field">
        <label htmlFor={id}>Study config (JSON)</label>
        <textarea id={id} rows={14} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} className="mono" />
      </div>
      <div className="actions">
        <button type="button" className="secondary" onClick={apply}>
          Apply JSON
        </button>
        <button type="button" className="secondary" onClick={() => setText(JSON.stringify(draft, null, 2))}>
          Reload from the form
        </button>
      </div>
      {error ? (
        <div className="alert" role="alert">
          {error}
        </div>
      ) : null}
    </details>
  );
}
