import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { engine } from '../../worker/client';
import type { ModelInfo } from '../../worker/models/model-protocol';
import { useApp } from '../store';

/** Every retriever the app knows: BM25, run checkpoints, bases (shipped and built here) and loaded models. */
export function RetrieverSelect({ id, disabled }: { id: string; disabled: boolean }) {
  const { retriever, setRetriever, runs, bases } = useApp(
    useShallow((s) => ({ retriever: s.retriever, setRetriever: s.setRetriever, runs: s.runs, bases: s.bases })),
  );
  const [models, setModels] = useState<ModelInfo[]>([]);
  // Loaded models live in the worker (Models tab); list them when the Evaluation tab mounts or the list changes.
  useEffect(() => {
    engine()
      .request({ type: 'modelList' })
      .then(setModels)
      .catch(() => setModels([]));
  }, [runs]);
  const withCkpt = Object.values(runs).filter((r) => r.checkpoint);
  return (
    <select id={id} value={retriever} disabled={disabled} onChange={(e) => setRetriever(e.target.value)}>
      <option value="bm25">BM25 (lexical baseline)</option>
      {withCkpt.length ? (
        <optgroup label="Run checkpoints (dense)">
          {withCkpt.map((r) => (
            <option key={r.id} value={`idb:checkpoints/${r.id}`}>
              {r.config.name} · step {r.checkpoint!.step}
            </option>
          ))}
        </optgroup>
      ) : null}
      {bases && (bases.shipped.length || bases.built.length) ? (
        <optgroup label="Bases (dense, no fine-tuning)">
          {bases.shipped.map((b) => (
            <option key={b.key} value={b.key}>
              {b.name} (shipped)
            </option>
          ))}
          {bases.built.map((b) => (
            <option key={b.key} value={b.key}>
              {b.name} (built here)
            </option>
          ))}
        </optgroup>
      ) : null}
      {models.length ? (
        <optgroup label="Loaded models (Models tab)">
          {models.map((m) => (
            <option key={m.key} value={`model:${m.key}`}>
              {m.name}
            </option>
          ))}
        </optgroup>
      ) : null}
    </select>
  );
}
