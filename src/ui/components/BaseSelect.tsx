import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { refLabel } from '../lineage';
import { useApp } from '../store';
import { baseNames } from '../store/bases';

/** The experiment's starting model (`baseCheckpoint`): a shipped or built base, or scratch (null). */
export function BaseSelect() {
  const { bases, value, setConfig } = useApp(
    useShallow((s) => ({ bases: s.bases, value: s.config.baseCheckpoint ?? null, setConfig: s.setConfig })),
  );
  const id = useId();
  const known = [...(bases?.shipped ?? []).map((b) => b.key), ...(bases?.built ?? []).map((b) => b.key)];
  return (
    <div className="field">
      <label htmlFor={id}>Start from</label>
      <select
        id={id}
        value={value ?? ''}
        aria-describedby={`${id}-help`}
        onChange={(e) => setConfig({ baseCheckpoint: e.target.value || null })}
      >
        {(bases?.shipped ?? []).map((b) => (
          <option key={b.key} value={b.key}>
            {b.name} (shipped cross-lingual base)
          </option>
        ))}
        {(bases?.built ?? []).map((b) => (
          <option key={b.key} value={b.key}>
            {b.name} (base built here)
          </option>
        ))}
        {value && !known.includes(value) ? <option value={value}>{refLabel(value, baseNames(bases))}</option> : null}
        <option value="">scratch (random init, vocabulary from the training data)</option>
      </select>
      <small id={`${id}-help`} className="muted">
        A base overrides the model shape below; build or evaluate bases on the Bases tab.
      </small>
    </div>
  );
}
