/**
 * The Models panel's "Trim vocabulary" card: cut the selected model's vocabulary to the pieces the chosen
 * datasets use (plus, optionally, the N most frequent) in the worker (model-trim.ts, the same core code as
 * `cli trim-vocab`). The result is a new model — the original stays — whose embeddings of every covered text
 * equal the original's; the parameter counts before and after are shown here and in the model list.
 */
import { useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ModelInfo, TrimResult, TrimStats } from '../../worker/models/model-protocol';
import { useApp } from '../store';

const n = (x: number): string => x.toLocaleString('en-US');

/** "118,000,000 → 30,000,000 parameters (word embeddings …)". */
export function trimText(t: TrimStats): string {
  return `${n(t.before.total)} → ${n(t.after.total)} parameters (word embeddings ${n(t.before.wordEmbeddings)} → ${n(t.after.wordEmbeddings)}, ${n(t.before.rows)} → ${n(t.after.rows)} rows)`;
}

/** The selected model's trim card; the request goes through the models slice (trimModel). */
export function ModelTrim({ model }: { model: ModelInfo }) {
  const { datasets, busy, trimModel } = useApp(
    useShallow((s) => ({ datasets: s.datasets, busy: !!s.modelJob, trimModel: s.trimModel })),
  );
  const ids = { top: useId(), note: useId() };
  const [chosen, setChosen] = useState<string[]>([]);
  const [keepTop, setKeepTop] = useState(0);
  const frozen = model.runtime === 'onnx';

  const toggle = (id: string) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
  const trim = () => void trimModel(chosen, keepTop);

  return (
    <fieldset className="field" disabled={busy || frozen} aria-describedby={ids.note} data-testid="model-trim">
      <legend>Trim vocabulary</legend>
      <p className="muted" id={ids.note}>
        Keeps the special tokens and every piece the chosen datasets' texts use; those texts embed exactly as before, with fewer
        word-embedding rows (a vocabulary under 50k rows is trainable again). The result is a new model.
      </p>
      {datasets.map((d) => (
        <label key={d.id} className="check">
          <input type="checkbox" checked={chosen.includes(d.id)} onChange={() => toggle(d.id)} />
          {d.name}
          {d.split ? ` · ${d.split}` : ''} ({d.langs.join(', ')})
        </label>
      ))}
      <label htmlFor={ids.top}>Also keep the N most frequent pieces (0 = none)</label>
      <input id={ids.top} type="number" min={0} step={1} value={keepTop} onChange={(e) => setKeepTop(Number(e.target.value))} />
      <button type="button" onClick={trim} disabled={chosen.length === 0}>
        Trim vocabulary
      </button>
    </fieldset>
  );
}

/** The last trim: the new model and its parameter counts before and after (the panel selects the new model). */
export function TrimResultCard({ r }: { r: TrimResult }) {
  return (
    <section
      className="card"
      aria-label="Vocabulary trim result"
      data-testid="trim-result"
      data-key={r.model.key}
      data-before={r.before.total}
      data-after={r.after.total}
      data-rows-before={r.before.rows}
      data-rows-after={r.after.rows}
    >
      <h3>Trimmed → {r.model.name}</h3>
      <p>{trimText(r)}</p>
      <p className="muted">
        {n(r.used)} pieces used by {n(r.texts)} texts, {n(r.always)} always kept (specials)
        {r.top ? `, ${n(r.top)} most frequent` : ''}; every text re-tokenized identically; {r.seconds.toFixed(1)} s
      </p>
    </section>
  );
}
