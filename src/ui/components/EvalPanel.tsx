import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { performAction } from '../actions';
import { ALL_SETTINGS } from '../store/evaluation';
import { useApp } from '../store';
import { ActionButton } from './ActionButton';
import { BiasTable } from './BiasTable';
import { ExportButtons } from './ExportButtons';
import { MapChart } from './MapChart';
import { ProgressBar } from './ProgressBar';
import { ResultsTable } from './ResultsTable';
import { RetrieverSelect } from './RetrieverSelect';
import { RunFileEval } from './RunFileEval';

export function EvalPanel() {
  const s = useApp(
    useShallow((st) => ({
      datasets: st.datasets,
      evalDatasetId: st.evalDatasetId,
      settings: st.settings,
      maxQ: st.maxQueriesPerLang,
      running: st.running,
      result: st.result,
      evalError: st.evalError,
      setEvalDataset: st.setEvalDataset,
      toggleSetting: st.toggleSetting,
      setMaxQueries: st.setMaxQueries,
    })),
  );
  const ids = { ds: useId(), retr: useId(), maxq: useId() };

  return (
    <div className="panel">
      <div className="panel-intro">
        <h2>Evaluation</h2>
        <p>
          Zero-shot retrieval in the LAReQA settings: monolingual, cross-lingual and multilingual pools — with BM25 or any model
          the app knows (a run's checkpoint, a base, a loaded model), on any dataset, every query by default.
        </p>
      </div>
      <form
        className="eval-form"
        onSubmit={(e) => {
          e.preventDefault();
          performAction('eval.run');
        }}
      >
        <div className="field">
          <label htmlFor={ids.ds}>Dataset</label>
          <select
            id={ids.ds}
            value={s.evalDatasetId ?? ''}
            onChange={(e) => s.setEvalDataset(e.target.value)}
            disabled={s.running}
          >
            {s.datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
                {d.split ? ` · ${d.split}` : ''} ({d.langs.join(', ')})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.retr}>Retriever</label>
          <RetrieverSelect id={ids.retr} disabled={s.running} />
        </div>
        <fieldset className="field" disabled={s.running}>
          <legend>Settings</legend>
          {ALL_SETTINGS.map((name) => (
            <label key={name} className="check">
              <input type="checkbox" checked={s.settings.includes(name)} onChange={() => s.toggleSetting(name)} /> {name}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={ids.maxq}>Max queries per language</label>
          <input
            id={ids.maxq}
            type="number"
            min={1}
            step={1}
            placeholder="all"
            value={s.maxQ ?? ''}
            disabled={s.running}
            onChange={(e) => {
              const n = parseInt(e.target.value, 10);
              s.setMaxQueries(Number.isFinite(n) && n > 0 ? n : undefined);
            }}
          />
        </div>
        <div className="actions">
          <ActionButton id="eval.run" submit />
          {s.running ? <ActionButton id="eval.cancel" className="secondary" /> : null}
        </div>
      </form>
      <RunFileEval />
      <ProgressBar />
      {s.evalError ? (
        <div className="alert" role="alert">
          {s.evalError}
        </div>
      ) : null}
      {s.result ? (
        <div className="results" data-testid="results">
          <div className="results-head">
            <h3>
              Results: {s.result.dataset} · {s.result.retriever}
            </h3>
            <span className="muted">
              {s.result.counts.queries} queries · {s.result.counts.candidates} candidates · {s.result.timing.seconds.toFixed(2)} s
            </span>
            <ExportButtons result={s.result} />
          </div>
          <ResultsTable result={s.result} />
          <MapChart result={s.result} />
          <BiasTable result={s.result} />
        </div>
      ) : null}
    </div>
  );
}
