import { useShallow } from 'zustand/react/shallow';
import { useActionEnabled } from '../actions';
import { fmtBytes } from '../format';
import { lineageText } from '../lineage';
import { useApp } from '../store';
import { baseNames } from '../store/bases';
import type { TranslationEvalPoint } from '../../worker/bases/base-types';

interface Row {
  key: string;
  id?: string;
  name: string;
  kind: 'shipped' | 'built here';
  lineage: string[];
  evals: TranslationEvalPoint[];
  bytes: number;
  created?: number;
}

const top1 = (evals: TranslationEvalPoint[]) => {
  const last = evals.at(-1);
  return last && Number.isFinite(last.accuracy)
    ? `${(100 * last.accuracy).toFixed(1)} % top-1 on ${last.pairs} held-out pairs (step ${last.step})`
    : 'no translation-ranking result';
};

/** Every base: use it as the experiment's start, evaluate it alone, delete a built one. */
export function BaseList() {
  const { bases, current, useBase, evaluateBase, deleteBase } = useApp(
    useShallow((s) => ({
      bases: s.bases,
      current: s.config.baseCheckpoint,
      useBase: s.useBase,
      evaluateBase: s.evaluateBase,
      deleteBase: s.deleteBase,
    })),
  );
  const canRun = useActionEnabled('new'); // a base row's Evaluate is the run toolbar's, for that base
  const names = baseNames(bases);
  const rows: Row[] = [
    ...(bases?.shipped ?? []).map(
      (b): Row => ({ key: b.key, name: b.name, kind: 'shipped', lineage: [...b.lineage, b.key], evals: b.evals, bytes: b.bytes }),
    ),
    ...(bases?.built ?? []).map(
      (b): Row => ({
        key: b.key,
        id: b.id,
        name: b.name,
        kind: 'built here',
        lineage: [...b.lineage, b.key],
        evals: b.evals,
        bytes: b.bytes,
        created: b.created,
      }),
    ),
  ];
  return (
    <section aria-label="Bases" data-testid="base-list">
      <h3>Bases</h3>
      {!bases ? <p className="muted">Loading…</p> : rows.length === 0 ? <p className="muted">No bases yet.</p> : null}
      <ul className="cards">
        {rows.map((r) => (
          <li
            key={r.key}
            className={r.key === current ? 'card card-selected' : 'card'}
            data-testid="base-item"
            data-base-key={r.key}
            data-base-name={r.name}
          >
            <div className="card-header">
              <strong>{r.name}</strong> <span className="tag">{r.kind}</span>
              {r.key === current ? <span className="tag">experiments start here</span> : null}
            </div>
            <p className="muted small" data-testid="base-lineage">
              Lineage: {lineageText(r.lineage, names)}
            </p>
            <p className="small" data-testid="base-top1">
              Translation ranking: {top1(r.evals)}
            </p>
            <p className="muted small">
              {fmtBytes(r.bytes)}
              {r.created ? ` · built ${new Date(r.created).toLocaleString()}` : ''}
            </p>
            <div className="card-actions">
              <button type="button" className="secondary small" aria-pressed={r.key === current} onClick={() => useBase(r.key)}>
                Start experiments from it
              </button>
              <button type="button" className="secondary small" disabled={!canRun} onClick={() => void evaluateBase(r.key)}>
                Evaluate base alone
              </button>
              {r.id ? (
                <button
                  type="button"
                  className="secondary small"
                  onClick={() => {
                    if (confirm(`Delete the base "${r.name}"? Runs made from it keep their own checkpoints.`))
                      void deleteBase(r.id!);
                  }}
                >
                  Delete
                </button>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
