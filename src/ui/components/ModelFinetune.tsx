/** Fine-tuning the selected model a few steps (hybrid batches, InfoNCE, AdamW): the form in the models slice. */
import { useId, type ChangeEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ModelInfo } from '../../worker/models/model-protocol';
import { useApp } from '../store';
import { isFrozen, type FinetuneForm, type TrainableMode } from '../store/models';
import { ActionButton } from './ActionButton';
import { DatasetOptions } from './DatasetOptions';

export function ModelFinetune({ model, describedBy }: { model: ModelInfo; describedBy?: string }) {
  const { busy, trainDs, ft, setModelForm, setFinetuneForm } = useApp(
    useShallow((s) => ({
      busy: !!s.modelJob,
      trainDs: s.modelForm.trainDs,
      ft: s.modelForm.ft,
      setModelForm: s.setModelForm,
      setFinetuneForm: s.setFinetuneForm,
    })),
  );
  const ids = { tr: useId(), steps: useId(), bs: useId(), alpha: useId(), lr: useId(), mode: useId(), k: useId() };
  const num = (k: keyof FinetuneForm) => (e: ChangeEvent<HTMLInputElement>) => setFinetuneForm({ [k]: Number(e.target.value) });
  return (
    <fieldset className="field" disabled={busy || isFrozen(model)} aria-describedby={describedBy}>
      <legend>Fine-tune (hybrid batches, InfoNCE, AdamW)</legend>
      <label htmlFor={ids.tr}>Training data</label>
      <select id={ids.tr} value={trainDs} onChange={(e) => setModelForm({ trainDs: e.target.value })}>
        <DatasetOptions />
      </select>
      <label htmlFor={ids.steps}>Steps</label>
      <input id={ids.steps} type="number" min={1} value={ft.steps} onChange={num('steps')} />
      <label htmlFor={ids.bs}>Batch size</label>
      <input id={ids.bs} type="number" min={2} value={ft.batchSize} onChange={num('batchSize')} />
      <label htmlFor={ids.alpha}>α (monolingual batch probability)</label>
      <input id={ids.alpha} type="number" min={0} max={1} step={0.05} value={ft.alpha} onChange={num('alpha')} />
      <label htmlFor={ids.lr}>Learning rate</label>
      <input id={ids.lr} type="number" min={0} step="any" value={ft.lr} onChange={num('lr')} />
      <label htmlFor={ids.mode}>Trainable</label>
      <select id={ids.mode} value={ft.mode} onChange={(e) => setFinetuneForm({ mode: e.target.value as TrainableMode })}>
        <option value="all">all (word embeddings of &gt; 50k-row vocabularies stay frozen)</option>
        <option value="all-but-embeddings">all but embeddings</option>
        <option value="top-k">top k layers</option>
        <option value="pooling-only">pooling only (pooler models)</option>
      </select>
      {ft.mode === 'top-k' ? (
        <>
          <label htmlFor={ids.k}>k</label>
          <input id={ids.k} type="number" min={0} max={model.layers} value={ft.k} onChange={num('k')} />
        </>
      ) : null}
      <label className="check">
        <input type="checkbox" checked={ft.recompute} onChange={(e) => setFinetuneForm({ recompute: e.target.checked })} />{' '}
        Recompute layers in the backward pass (same gradients, far less memory, about ⅓ slower: a real-size model's step)
      </label>
      <ActionButton id="models.finetune" />
    </fieldset>
  );
}
