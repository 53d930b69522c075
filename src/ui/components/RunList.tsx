import { useShallow } from 'zustand/react/shallow';
import { isBaseAlone } from '../../core/experiment/base-alone';
import { fmtBytes } from '../format';
import { lineageText, startLabel } from '../lineage';
import { useApp } from '../store';
import { baseNames } from '../store/bases';
import { BundleButtons } from './BundleButtons';
import { RunImport } from './RunImport';
import type { RunRecord } from '../../worker/runs/run-types';

/** "imported · cli @ box": where an imported run came from; the tooltip names the file and the import time. */
function ImportedTag({ r }: { r: RunRecord }) {
  const o = r.imported;
  if (!o) return null;
  const title = `Imported from ${o.file} on ${new Date(o.at).toLocaleString()} · made by ${o.tool} ${o.version}${o.host ? ` on ${o.host}` : ''}${o.status ? ` · ${o.status} there` : ''} · read-only`;
  return (
    <span className="tag tag-imported" data-testid="imported-tag" title={title}>
      imported · {o.tool}
      {o.host ? ` @ ${o.host}` : ''}
    </span>
  );
}

/** Saved runs (IndexedDB): select, mark for comparison, delete; what each started from; storage use of this site. */
export function RunList() {
  const { runs, currentRunId, compareIds, storage, selectRun, toggleCompare, deleteRun, bases } = useApp(
    useShallow((s) => ({
      runs: s.runs,
      currentRunId: s.currentRunId,
      compareIds: s.compareIds,
      storage: s.storage,
      selectRun: s.selectRun,
      toggleCompare: s.toggleCompare,
      deleteRun: s.deleteRun,
      bases: s.bases,
    })),
  );
  const names = baseNames(bases);
  const list = Object.values(runs).sort((a, b) => b.created - a.created);
  return (
    <section className="run-list" aria-label="Runs" data-testid="run-list">
      <h3>Runs</h3>
      <RunImport />
      {storage ? (
        <p className="muted small" data-testid="storage">
          Storage: {fmtBytes(storage.usage)} used of {fmtBytes(storage.quota)} (
          {storage.quota ? ((100 * storage.usage) / storage.quota).toFixed(2) : 0} %)
        </p>
      ) : null}
      {list.length === 0 ? <p className="muted">No runs yet.</p> : null}
      {compareIds.length > 1 ? (
        <p className="small">
          Compared runs: <BundleButtons runs={list.filter((r) => compareIds.includes(r.id))} label="compare" />
        </p>
      ) : null}
      <ul>
        {list.map((r) => (
          <li
            key={r.id}
            className={r.id === currentRunId ? 'run-item run-current' : 'run-item'}
            data-testid={`run-${r.id}`}
            data-run-name={r.config.name}
            data-status={r.status}
          >
            <button
              type="button"
              className="link"
              onClick={() => selectRun(r.id)}
              aria-current={r.id === currentRunId || undefined}
            >
              {r.config.name}
            </button>
            <span className={`status status-${r.status}`}>{r.status}</span>
            <ImportedTag r={r} />
            {r.imported?.kind === 'evaluation' ? (
              <span className="muted small">
                <span className="tag">evaluation</span> a ranking evaluated, no training{r.backend ? ` · ${r.backend}` : ''}
              </span>
            ) : isBaseAlone(r.config) ? (
              <span className="muted small">
                <span className="tag" data-testid="base-alone-tag">
                  base alone
                </span>{' '}
                no fine-tuning{r.backend ? ` · ${r.backend}` : ''}
              </span>
            ) : (
              <span className="muted small">
                α {r.config.alpha} · step {r.step}/{r.config.steps}
                {r.backend ? ` · ${r.backend}` : ''}
              </span>
            )}
            <span className="muted small" data-testid="run-lineage" title={`Lineage: ${lineageText(r.lineage, names)}`}>
              from {startLabel(r.lineage, names)}
            </span>
            <span className="muted small" data-testid="run-checkpoint">
              {r.checkpoint ? `checkpoint @ ${r.checkpoint.step} (${fmtBytes(r.checkpoint.bytes)})` : 'no checkpoint'}
            </span>
            <span className="run-item-actions">
              <label className="check small">
                <input type="checkbox" checked={compareIds.includes(r.id)} onChange={() => toggleCompare(r.id)} /> compare
              </label>
              <BundleButtons runs={[r]} />
              <button
                type="button"
                className="secondary small"
                disabled={r.status === 'running'}
                onClick={() => {
                  if (confirm(`Delete run "${r.config.name}" and its checkpoint?`)) void deleteRun(r.id);
                }}
              >
                Delete
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
