import { useId, useMemo, useState } from 'react';

const PAGE = 50;

interface Props {
  lang: string;
  queries: Array<{ xlingId: string; text: string }>;
  selected?: string;
  onPick: (xlingId: string) => void;
}

/** Every query of a language: search (text or id), a count, and pages of 50. */
export function QueryList({ lang, queries, selected, onPick }: Props) {
  const [term, setTerm] = useState('');
  const [page, setPage] = useState(0);
  const searchId = useId();
  const hits = useMemo(() => {
    const t = term.trim().toLowerCase();
    return t ? queries.filter((q) => q.text.toLowerCase().includes(t) || q.xlingId.toLowerCase().includes(t)) : queries;
  }, [queries, term]);
  const pages = Math.max(1, Math.ceil(hits.length / PAGE));
  const p = Math.min(page, pages - 1);
  const shown = hits.slice(p * PAGE, (p + 1) * PAGE);
  return (
    <div className="query-list-wrap">
      <label htmlFor={searchId}>Search queries</label>
      <input
        id={searchId}
        type="search"
        value={term}
        placeholder="text or id"
        onChange={(e) => {
          setTerm(e.target.value);
          setPage(0);
        }}
      />
      <p className="muted small" data-testid="inspector-count" aria-live="polite">
        {term ? `${hits.length} of ${queries.length} queries match` : `${queries.length} queries`} in {lang}
        {hits.length > PAGE ? ` · ${p * PAGE + 1}–${p * PAGE + shown.length}` : ''}
      </p>
      <ol className="query-list" data-testid="inspector-queries" aria-label={`Queries in ${lang}`} start={p * PAGE + 1}>
        {shown.map((q) => (
          <li key={q.xlingId}>
            <button
              type="button"
              className={selected === q.xlingId ? 'query-btn selected' : 'query-btn'}
              lang={lang}
              dir="auto"
              onClick={() => onPick(q.xlingId)}
            >
              {q.text}
            </button>
          </li>
        ))}
      </ol>
      {pages > 1 ? (
        <nav className="pager" aria-label="Query pages">
          <button type="button" className="secondary small" disabled={p === 0} onClick={() => setPage(p - 1)}>
            Previous
          </button>
          <span className="small">
            page {p + 1} / {pages}
          </span>
          <button type="button" className="secondary small" disabled={p >= pages - 1} onClick={() => setPage(p + 1)}>
            Next
          </button>
        </nav>
      ) : null}
    </div>
  );
}
