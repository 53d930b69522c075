/** Compare the selected model's embeddings with another loaded model's (max |Δ| over the evaluation texts). */
import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ModelInfo } from '../../worker/models/model-protocol';
import { useApp } from '../store';
import { ActionButton } from './ActionButton';

export function ModelCompare({ model }: { model: ModelInfo }) {
  const { models, busy, compareWith, cmp, setModelForm } = useApp(
    useShallow((s) => ({
      models: s.models,
      busy: !!s.modelJob,
      compareWith: s.modelForm.compareWith,
      cmp: s.modelComparison,
      setModelForm: s.setModelForm,
    })),
  );
  const id = useId();
  if (models.length < 2) return null;
  return (
    <div className="field">
      <label htmlFor={id}>Compare embeddings with</label>
      <select id={id} value={compareWith} onChange={(e) => setModelForm({ compareWith: e.target.value })} disabled={busy}>
        <option value="">—</option>
        {models
          .filter((m) => m.key !== model.key)
          .map((m) => (
            <option key={m.key} value={m.key}>
              {m.name}
            </option>
          ))}
      </select>
      <ActionButton id="models.compare" className="secondary" />
      {cmp ? (
        <p data-testid="embedding-diff" data-max-abs-diff={cmp.maxAbsDiff}>
          max |Δ| over {cmp.texts} texts on {cmp.backend}: {cmp.maxAbsDiff.toExponential(2)}
        </p>
      ) : null}
    </div>
  );
}
