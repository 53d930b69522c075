import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../store';

/** A few queries and candidates per language. Dataset text is rendered as React text, never as HTML. */
export function Preview() {
  const { preview, datasets } = useApp(useShallow((s) => ({ preview: s.preview, datasets: s.datasets })));
  if (!preview) return null;
  const d = datasets.find((x) => x.id === preview.id);
  if (!d) return null;
  return (
    <section className="preview" aria-label="Dataset preview" data-testid="preview">
      <h3>
        Preview: {d.name}
        {d.split ? ` · ${d.split}` : ''}
      </h3>
      <div className="preview-grid">
        {d.langs.map((l) => (
          <div key={l} className="preview-lang">
            <h4>{l}</h4>
            <p className="label">Queries</p>
            <ul>
              {preview.queries
                .filter((q) => q.lang === l)
                .map((q) => (
                  <li key={q.xlingId} lang={l} dir="auto">
                    {q.text}
                  </li>
                ))}
            </ul>
            <p className="label">Candidates</p>
            <ul>
              {preview.candidates
                .filter((c) => c.lang === l)
                .map((c) => (
                  <li key={c.uid} lang={l} dir="auto">
                    {c.text}
                  </li>
                ))}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
}
