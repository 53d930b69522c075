import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { langColor } from '../charts/colors';
import type { InspectQueryResult } from '../../worker/runs/run-types';
import { useApp } from '../store';
import { QueryList } from './QueryList';
import { TrainingBatch } from './TrainingBatch';

function LangBadge({ lang }: { lang: string }) {
  return (
    <span className="lang-badge" style={{ background: langColor(lang) }} data-lang={lang}>
      {lang}
    </span>
  );
}

/** One run's ranking of the selected query: ranks within the selected pool, the multilingual ranks of its translations, the top candidates. */
function Ranking({ d, title, testId }: { d: InspectQueryResult; title?: string; testId?: string }) {
  const ranks = d.translations.map((t) => t.rank);
  const spread = ranks.length ? Math.max(...ranks) - Math.min(...ranks) : undefined;
  const H = title ? 'h5' : 'h4'; // under the column's run title when side by side
  return (
    <div className="ranking-column" data-testid={testId} data-run={d.runId}>
      {title ? <h4>{title}</h4> : null}
      <p className="muted small">
        Step {d.step} · pool {d.pool === 'multi' ? 'all languages' : d.pool} ({d.poolSize} candidates)
      </p>
      {d.pool !== 'multi' ? (
        <>
          <H>
            Relevant in this pool ({d.pool}, {d.poolSize} candidates)
          </H>
          <ul className="translation-ranks" data-testid="pool-ranks">
            {d.poolRelevant.length ? (
              d.poolRelevant.map((t) => (
                <li key={t.uid}>
                  <LangBadge lang={t.lang} /> rank <strong>{t.rank}</strong> of {d.poolSize}{' '}
                  <span className="muted" lang={t.lang} dir="auto">
                    {t.text}
                  </span>
                </li>
              ))
            ) : (
              <li className="muted">No relevant candidate in this pool (the cross-lingual setting skips this query here).</li>
            )}
          </ul>
        </>
      ) : null}
      <H>
        Relevant translations in the multilingual pool (all languages)
        {spread !== undefined ? ` — rank spread ${spread} (the language bias of this query)` : ''}
      </H>
      <ul className="translation-ranks" data-testid="translation-ranks">
        {d.translations.map((t) => (
          <li key={t.uid}>
            <LangBadge lang={t.lang} /> rank <strong>{t.rank}</strong>{' '}
            <span className="muted" lang={t.lang} dir="auto">
              {t.text}
            </span>
          </li>
        ))}
      </ul>
      <table data-testid="ranked-candidates">
        <caption>
          Top {d.ranked.length} candidates{d.pool === 'multi' ? '' : ` of the ${d.pool} pool`}
        </caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Rank
            </th>
            <th scope="col">Lang</th>
            <th scope="col">Candidate</th>
            <th scope="col" className="num">
              Score
            </th>
            <th scope="col">Relevant</th>
          </tr>
        </thead>
        <tbody>
          {d.ranked.map((c) => (
            <tr key={c.uid} className={c.relevant ? 'relevant' : undefined} data-relevant={c.relevant || undefined}>
              <td className="num">{c.rank}</td>
              <td>
                <LangBadge lang={c.lang} />
              </td>
              <td lang={c.lang} dir="auto">
                {c.text}
              </td>
              <td className="num">{c.score.toFixed(3)}</td>
              <td>{c.relevant ? '✓ relevant' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Queries of a language → ranked candidates of one query, with the ranks of all its relevant translations. */
export function InspectorPanel() {
  const { ins, runs, datasets, currentRunId, openInspector, inspectQuery, setInspectPool, setInspectCompare } = useApp(
    useShallow((s) => ({
      ins: s.inspector,
      runs: s.runs,
      datasets: s.datasets,
      currentRunId: s.currentRunId,
      openInspector: s.openInspector,
      inspectQuery: s.inspectQuery,
      setInspectPool: s.setInspectPool,
      setInspectCompare: s.setInspectCompare,
    })),
  );
  const ids = { run: useId(), pool: useId(), cmp: useId() };
  const runId = ins.runId ?? currentRunId;
  const run = runId ? runs[runId] : undefined;
  const langs = run ? (datasets.find((d) => d.id === run.evalId)?.langs ?? run.metrics.at(-1)?.result.langs ?? []) : [];
  const d = ins.detail;
  const cmp = ins.compareRunId ? runs[ins.compareRunId] : undefined;
  const runName = (id: string) =>
    runs[id] ? `${runs[id].config.name} (step ${runs[id].checkpoint?.step ?? runs[id].step})` : id;

  return (
    <div className="panel" data-testid="inspector">
      <div className="panel-intro">
        <h2>Query inspector</h2>
        <p>
          Pick a language (or click a cell of the cross-lingual heatmap), then a query: its ranked candidates and where each
          relevant translation lands. Ranked with the run&apos;s latest weights; pick a second run to see the same query ranked by
          both, side by side.
        </p>
      </div>
      <div className="inspector-bar">
        <div className="field">
          <label htmlFor={ids.run}>Run</label>
          <select
            id={ids.run}
            value={runId ?? ''}
            onChange={(e) => {
              const lang = ins.lang ?? langs[0];
              if (lang) void openInspector({ runId: e.target.value, lang });
            }}
          >
            {Object.values(runs).map((r) => (
              <option key={r.id} value={r.id}>
                {r.config.name} (step {r.checkpoint?.step ?? r.step})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.cmp}>Side by side with</label>
          <select
            id={ids.cmp}
            value={ins.compareRunId ?? ''}
            onChange={(e) => void setInspectCompare(e.target.value || undefined)}
          >
            <option value="">no second run</option>
            {Object.values(runs)
              .filter((r) => r.id !== runId)
              .map((r) => (
                <option key={r.id} value={r.id}>
                  {r.config.name} (step {r.checkpoint?.step ?? r.step})
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.pool}>Pool</label>
          <select id={ids.pool} value={ins.pool} onChange={(e) => void setInspectPool(e.target.value)}>
            <option value="multi">all languages (multilingual)</option>
            {langs.map((l) => (
              <option key={l} value={l}>
                {l} only
              </option>
            ))}
          </select>
        </div>
        <div className="lang-buttons" role="group" aria-label="Query language">
          {langs.map((l) => (
            <button
              key={l}
              type="button"
              className={ins.lang === l ? '' : 'secondary'}
              aria-pressed={ins.lang === l}
              onClick={() => void openInspector({ runId, lang: l })}
            >
              {l}
            </button>
          ))}
        </div>
      </div>
      {run ? <TrainingBatch runId={run.id} steps={run.config.steps} /> : null}
      {ins.error ? (
        <div className="alert" role="alert">
          {ins.error}
        </div>
      ) : null}
      {ins.loading ? (
        <p className="muted" aria-live="polite">
          Ranking…
        </p>
      ) : null}
      <div className="inspector-grid">
        {ins.queries ? (
          <QueryList
            key={`${ins.queries.runId}:${ins.queries.lang}`}
            lang={ins.queries.lang}
            queries={ins.queries.queries}
            selected={ins.selected}
            onPick={(id) => void inspectQuery(id)}
          />
        ) : (
          <p className="muted">{run ? 'Pick a query language.' : 'Train a run first.'}</p>
        )}
        {d ? (
          <section className="inspector-detail" data-testid="inspector-detail" aria-label="Ranking">
            <h3>
              <LangBadge lang={d.query.lang} />{' '}
              <span lang={d.query.lang} dir="auto">
                {d.query.text}
              </span>
            </h3>
            {cmp ? (
              <div className="side-by-side" data-testid="inspector-side-by-side">
                <Ranking d={d} title={runName(d.runId)} testId="ranking-a" />
                {ins.compareDetail ? (
                  <Ranking d={ins.compareDetail} title={runName(ins.compareDetail.runId)} testId="ranking-b" />
                ) : (
                  <div className="ranking-column">
                    <h4>{runName(cmp.id)}</h4>
                    {ins.compareError ? (
                      <div className="alert" role="alert">
                        {ins.compareError}
                      </div>
                    ) : (
                      <p className="muted">Ranking…</p>
                    )}
                  </div>
                )}
              </div>
            ) : (
              <Ranking d={d} />
            )}
          </section>
        ) : null}
      </div>
    </div>
  );
}
