/**
 * The Models panel's list of loaded models (also those saved in IndexedDB before a reload): runtime and
 * device, shape, size, lineage, whether it is saved in this browser; Select and Remove (removes it from
 * browser storage too).
 */
import { useShallow } from 'zustand/react/shallow';
import { fmtBytes } from '../format';
import { useApp } from '../store';
import { runtimeText } from '../store/models';
import { trimText } from './ModelTrim';

export function ModelList() {
  const { models, selected, busy, onSelect, removeModel } = useApp(
    useShallow((s) => ({
      models: s.models,
      selected: s.selectedModel,
      busy: !!s.modelJob,
      onSelect: s.selectModel,
      removeModel: s.removeModel,
    })),
  );
  const onRemove = (key: string) => void removeModel(key);
  if (models.length === 0) return null;
  return (
    <section aria-label="Loaded models">
      <h3>Loaded models</h3>
      <ul className="cards" data-testid="model-list" style={{ listStyle: 'none', paddingLeft: 0 }}>
        {models.map((m) => (
          <li
            key={m.key}
            className={`card${m.key === selected ? ' card-selected' : ''}`}
            data-testid={`model-${m.key}`}
            data-name={m.name}
            data-key={m.key}
            data-runtime={m.runtime}
            data-device={m.device ?? ''}
            data-saved={String(m.saved)}
          >
            <div className="card-header">
              <strong>{m.name}</strong>
              <div className="card-actions">
                <button type="button" className="small" onClick={() => onSelect(m.key)} aria-pressed={m.key === selected}>
                  Select
                </button>
                <button
                  type="button"
                  className="small secondary"
                  onClick={() => onRemove(m.key)}
                  disabled={busy}
                  title="Remove it from this page and from browser storage"
                >
                  Remove
                </button>
              </div>
            </div>
            <span className="muted">
              {m.source} · {m.modelType}, {m.layers} layers, hidden {m.hidden}, vocab {m.vocab} · {m.pooling}
              {m.normalize ? ', normalised' : ''} · {fmtBytes(m.bytes)}
            </span>
            {m.params ? (
              <span className="muted" data-testid="model-params" data-params={m.params} data-vocab={m.vocab}>
                {(m.params / 1e6).toFixed(1)}M parameters
              </span>
            ) : null}
            <span className="muted" data-testid="model-runtime" title={m.deviceReason}>
              runtime: {runtimeText(m)}
              {m.deviceReason ? ` — ${m.deviceReason}` : ''}
            </span>
            {m.lineage.length ? <span className="muted">lineage: {m.lineage.join(' → ')}</span> : null}
            {m.trim ? (
              <span className="muted" data-testid="model-trim-counts">
                vocabulary trimmed: {trimText(m.trim)}
              </span>
            ) : null}
            {m.trainedSteps ? (
              <span className="muted">
                fine-tuned {m.trainedSteps} steps on {m.backend}
              </span>
            ) : null}
            {m.saved ? (
              <span className="muted">saved in this browser (listed again after a reload)</span>
            ) : (
              <span className="error" role="status" data-testid="model-storage-error">
                not saved: {m.storageError ?? 'browser storage unavailable'}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
