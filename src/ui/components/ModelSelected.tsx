/**
 * The selected model's card: evaluation data and query cap, Evaluate and Export (registry actions), the note on
 * frozen (ONNX) models, then fine-tuning and comparison.
 */
import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../store';
import { isFrozen, selectedModelOf } from '../store/models';
import { ActionButton } from './ActionButton';
import { DatasetOptions } from './DatasetOptions';
import { ModelCompare } from './ModelCompare';
import { ModelFinetune } from './ModelFinetune';
import { ModelTrim } from './ModelTrim';

export function ModelSelected() {
  const { model, busy, evalDs, maxQ, setModelForm } = useApp(
    useShallow((s) => ({
      model: selectedModelOf(s),
      busy: !!s.modelJob,
      evalDs: s.modelForm.evalDs,
      maxQ: s.modelForm.maxQ,
      setModelForm: s.setModelForm,
    })),
  );
  const ids = { ds: useId(), maxq: useId(), frozen: useId() };
  if (!model) return null;
  const frozen = isFrozen(model);
  return (
    <section className="card" aria-label="Selected model" data-testid="model-actions" data-key={model.key}>
      <h3>{model.name}</h3>
      <div className="field">
        <label htmlFor={ids.ds}>Evaluation data</label>
        <select id={ids.ds} value={evalDs} onChange={(e) => setModelForm({ evalDs: e.target.value })} disabled={busy}>
          <DatasetOptions />
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.maxq}>Max queries per language (0 = all)</label>
        <input
          id={ids.maxq}
          type="number"
          min={0}
          value={maxQ}
          onChange={(e) => setModelForm({ maxQ: Number(e.target.value) })}
          disabled={busy}
        />
      </div>
      <div className="card-actions">
        <ActionButton id="models.evaluate" />
        <ActionButton id="models.export" className="secondary" describedBy={frozen ? ids.frozen : undefined} />
      </div>
      {frozen ? (
        <p className="muted" id={ids.frozen} data-testid="frozen-note">
          Frozen model: it runs onnx/model.onnx through transformers.js (ONNX Runtime,{' '}
          {model.device ?? 'device chosen on first use'}), which only computes embeddings — there are no gradients, so fine-tuning
          and export are off. Load the same Hub id or folder with the runtime “tfjs (trainable)” to fine-tune or export it.
        </p>
      ) : null}
      <ModelFinetune model={model} describedBy={frozen ? ids.frozen : undefined} />
      <ModelTrim key={model.key} model={model} />
      <ModelCompare model={model} />
    </section>
  );
}
