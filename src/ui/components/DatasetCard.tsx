import { useShallow } from 'zustand/react/shallow';
import { useState } from 'react';
import type { DatasetSummary } from '../../worker/protocol';
import { langLabel } from '../format';
import { useApp } from '../store';

export function DatasetCard({ summary: d }: { summary: DatasetSummary }) {
  const { selectedId, selectDataset, removeDataset, renameDataset } = useApp(
    useShallow((s) => ({
      selectedId: s.selectedId,
      selectDataset: s.selectDataset,
      removeDataset: s.removeDataset,
      renameDataset: s.renameDataset,
    })),
  );
  const [editing, setEditing] = useState<string>();
  const selected = selectedId === d.id;
  const total = Object.values(d.byLang).reduce((a, c) => ({ q: a.q + c.queries, c: a.c + c.candidates }), { q: 0, c: 0 });
  const title = `${d.name}${d.split ? ` · ${d.split}` : ''}`;
  return (
    <article
      className={`card${selected ? ' card-selected' : ''}`}
      data-testid={`dataset-${d.id}`}
      aria-label={`Dataset ${title}`}
    >
      <header className="card-header">
        <h3>{title}</h3>
        <span className="tag">{d.source}</span>
      </header>
      {d.format ? (
        <p className="muted" data-testid="dataset-format">
          Format: {d.format}
        </p>
      ) : null}
      {d.origin ? (
        <p className="muted" data-testid="dataset-licence">
          Licence: {d.origin.licence}. <span title={d.origin.attribution}>Attribution: {d.origin.attribution}</span>
        </p>
      ) : null}
      {editing !== undefined ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void renameDataset(d.id, editing);
            setEditing(undefined);
          }}
        >
          <label>
            New name{' '}
            <input
              data-testid="rename-input"
              value={editing}
              ref={(el) => el?.focus()}
              onChange={(e) => setEditing(e.target.value)}
            />
          </label>
          <button type="submit">Save</button>
          <button type="button" className="secondary" onClick={() => setEditing(undefined)}>
            Cancel
          </button>
        </form>
      ) : null}
      <table className="counts">
        <caption className="sr-only">Queries and candidates per language in {title}</caption>
        <thead>
          <tr>
            <th scope="col">Language</th>
            <th scope="col" className="num">
              Queries
            </th>
            <th scope="col" className="num">
              Candidates
            </th>
          </tr>
        </thead>
        <tbody>
          {d.langs.map((l) => (
            <tr key={l} data-lang={l}>
              <th scope="row">
                {langLabel(l)}
                {d.zeroShotLangs?.includes(l) ? (
                  <span className="tag tag-zs" title="Not in the train split">
                    zero-shot
                  </span>
                ) : null}
              </th>
              <td className="num">{d.byLang[l]?.queries ?? 0}</td>
              <td className="num">{d.byLang[l]?.candidates ?? 0}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td className="num">{total.q}</td>
            <td className="num">{total.c}</td>
          </tr>
        </tfoot>
      </table>
      <div className="card-actions">
        <button type="button" onClick={() => void selectDataset(d.id)} aria-pressed={selected}>
          {selected ? 'Previewing' : 'Preview'}
        </button>
        {d.source !== 'demo' ? (
          <>
            <button type="button" className="secondary" onClick={() => setEditing(d.name)}>
              Rename
            </button>
            <button type="button" className="secondary" onClick={() => void removeDataset(d.id)}>
              Remove
            </button>
          </>
        ) : null}
      </div>
    </article>
  );
}
