import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  EXPERIMENT_FIELDS as F,
  SCRATCH_MODEL_FIELDS as M,
  type DatasetRef,
  type ExperimentConfig,
  type ScratchModel,
} from '../../core/experiment/config';
import type { DatasetSummary } from '../../worker/protocol';
import { useApp } from '../store';
import { missingDataset } from '../store/experiment';
import { isSweepActive, runningRun } from '../store/runs';
import { BaseSelect } from './BaseSelect';
import { LangChecks, NumField, declared } from './fields';

const refId = (r: DatasetRef): string => (r.source === 'demo' ? `demo:${r.split}` : r.path);
const refOf = (d: DatasetSummary, split: 'train' | 'eval'): DatasetRef =>
  d.source === 'demo' ? { source: 'demo', split: d.split === 'eval' ? 'eval' : 'train' } : { source: 'path', path: d.id, split };

/** Every knob of the experiment; edits go straight to the URL hash (see store/experiment.ts). */
export function ConfigForm() {
  const { cfg, problem, linkError, setConfig, datasets, busy, listed } = useApp(
    useShallow((s) => ({
      cfg: s.config,
      problem: s.configProblem,
      linkError: s.linkError,
      setConfig: s.setConfig,
      datasets: s.datasets,
      busy: !!runningRun(s.runs) || isSweepActive(s),
      listed: s.datasets.length > 0, // the list (demo + restored imports) is known
    })),
  );
  const missing = listed ? missingDataset(cfg, datasets) : undefined;
  const ids = { name: useId(), alpha: useId(), train: useId(), eval: useId() };
  const trainDs = datasets.find((d) => d.id === refId(cfg.train));
  const trainLangs = trainDs?.langs ?? [];
  const active = cfg.langs.length ? cfg.langs : trainLangs;
  // A base (baseCheckpoint) fixes the shape: the scratch model's knobs apply only without one.
  const model = cfg.model.init === 'scratch' && !cfg.baseCheckpoint ? cfg.model : undefined;
  const bad = problem?.field;
  const num = (k: keyof ExperimentConfig) => (v: number) => setConfig({ [k]: v } as Partial<ExperimentConfig>);
  const setModel = (k: keyof ScratchModel) => (v: number) => model && setConfig({ model: { ...model, [k]: v } });

  const toggleLang = (l: string) => {
    const next = active.includes(l) ? active.filter((x) => x !== l) : [...active, l].sort();
    setConfig({ langs: next.length === trainLangs.length && trainLangs.every((x) => next.includes(x)) ? [] : next });
  };
  const toggleHeldOut = (l: string) =>
    setConfig({
      heldOutLangs: cfg.heldOutLangs.includes(l) ? cfg.heldOutLangs.filter((x) => x !== l) : [...cfg.heldOutLangs, l].sort(),
    });
  const setCap = (l: string, v: number) => {
    const caps = { ...cfg.caps };
    if (Number.isNaN(v)) delete caps[l];
    else caps[l] = v;
    setConfig({ caps });
  };

  return (
    <form className="config-form" aria-label="Experiment config" onSubmit={(e) => e.preventDefault()}>
      {linkError ? (
        <div className="alert" role="alert" data-testid="link-error">
          {linkError}
        </div>
      ) : null}
      {missing ? (
        <div className="alert" role="alert" data-testid="missing-dataset">
          {missing}
        </div>
      ) : null}
      <fieldset className="config-grid" disabled={busy}>
        <div className="field">
          <label htmlFor={ids.name}>{F.name.label}</label>
          <input id={ids.name} type="text" value={cfg.name} onChange={(e) => setConfig({ name: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={ids.train}>Training data</label>
          <select
            id={ids.train}
            value={refId(cfg.train)}
            onChange={(e) => {
              const d = datasets.find((x) => x.id === e.target.value);
              if (d) setConfig({ train: refOf(d, 'train'), langs: [], caps: {}, heldOutLangs: [] });
            }}
          >
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
                {d.split ? ` · ${d.split}` : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.eval}>Evaluation data</label>
          <select
            id={ids.eval}
            value={refId(cfg.eval)}
            onChange={(e) => {
              const d = datasets.find((x) => x.id === e.target.value);
              if (d) setConfig({ eval: refOf(d, 'eval') });
            }}
          >
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
                {d.split ? ` · ${d.split}` : ''}
              </option>
            ))}
          </select>
        </div>
        <BaseSelect />
        <div className="field alpha-field">
          <label htmlFor={ids.alpha}>α = {Number.isFinite(cfg.alpha) ? cfg.alpha.toFixed(2) : '?'}</label>
          <input
            id={ids.alpha}
            type="range"
            min={F.alpha.limits.min}
            max={F.alpha.limits.max}
            step={F.alpha.limits.step}
            value={cfg.alpha}
            aria-describedby={`${ids.alpha}-help`}
            onChange={(e) => setConfig({ alpha: Number(e.target.value) })}
          />
          <small id={`${ids.alpha}-help`} className="muted">
            α = share of monolingual batches; 1 = monolingual-only, 0 = cross-lingual-only
          </small>
        </div>
        <NumField {...declared(F, 'batchSize')} value={cfg.batchSize} onChange={num('batchSize')} invalidField={bad} />
        <NumField {...declared(F, 'steps')} value={cfg.steps} onChange={num('steps')} invalidField={bad} />
        <NumField {...declared(F, 'lr')} value={cfg.lr} onChange={num('lr')} invalidField={bad} />
        <NumField {...declared(F, 'temperature')} value={cfg.temperature} onChange={num('temperature')} invalidField={bad} />
        <NumField {...declared(F, 'seed')} value={cfg.seed} onChange={num('seed')} invalidField={bad} />
        <NumField {...declared(F, 'evalEvery')} value={cfg.evalEvery} onChange={num('evalEvery')} invalidField={bad} />
        <NumField
          {...declared(F, 'evalMaxQueriesPerLang')}
          value={cfg.evalMaxQueriesPerLang}
          onChange={num('evalMaxQueriesPerLang')}
          invalidField={bad}
        />
      </fieldset>
      <fieldset className="lang-grid" disabled={busy}>
        <LangChecks
          legend="Training languages"
          langs={trainLangs}
          checked={(l) => active.includes(l) && !cfg.heldOutLangs.includes(l)}
          onToggle={toggleLang}
        />
        <LangChecks
          legend="Held-out languages (never sampled; still evaluated)"
          langs={trainLangs}
          checked={(l) => cfg.heldOutLangs.includes(l)}
          onToggle={toggleHeldOut}
        />
        <div className="field caps">
          <span className="legend-like">Per-language caps (distinct training questions; empty = all)</span>
          <div className="caps-row">
            {trainLangs.map((l) => (
              <NumField
                key={l}
                label={`cap ${l}`}
                value={cfg.caps[l]}
                onChange={(v) => setCap(l, v)}
                min={0}
                max={F.steps.limits.max}
                step={1}
                field={`caps.${l}`}
                invalidField={bad}
                placeholder={String(trainDs?.byLang[l]?.queries ?? '')}
              />
            ))}
          </div>
        </div>
      </fieldset>
      <details className="advanced">
        <summary>Advanced: schedule and model</summary>
        <fieldset className="config-grid" disabled={busy}>
          <NumField {...declared(F, 'warmupSteps')} value={cfg.warmupSteps} onChange={num('warmupSteps')} invalidField={bad} />
          <NumField {...declared(F, 'maxLength')} value={cfg.maxLength} onChange={num('maxLength')} invalidField={bad} />
          <NumField
            {...declared(F, 'checkpointEvery')}
            value={cfg.checkpointEvery}
            onChange={num('checkpointEvery')}
            invalidField={bad}
          />
          <NumField
            {...declared(F, 'checkpointEverySeconds')}
            value={cfg.checkpointEverySeconds}
            onChange={num('checkpointEverySeconds')}
            invalidField={bad}
          />
          {model ? (
            <>
              <NumField
                {...declared(M, 'hidden', 'model.')}
                value={model.hidden}
                onChange={setModel('hidden')}
                invalidField={bad}
              />
              <NumField
                {...declared(M, 'layers', 'model.')}
                value={model.layers}
                onChange={setModel('layers')}
                invalidField={bad}
              />
              <NumField {...declared(M, 'heads', 'model.')} value={model.heads} onChange={setModel('heads')} invalidField={bad} />
              <NumField
                {...declared(M, 'intermediate', 'model.')}
                value={model.intermediate}
                onChange={setModel('intermediate')}
                invalidField={bad}
              />
              <NumField
                {...declared(M, 'vocabSize', 'model.')}
                value={model.vocabSize}
                onChange={setModel('vocabSize')}
                invalidField={bad}
              />
            </>
          ) : (
            <p className="muted">
              Model:{' '}
              {cfg.baseCheckpoint ? `the base's shape (${cfg.baseCheckpoint})` : cfg.model.init === 'path' ? cfg.model.path : ''}
            </p>
          )}
        </fieldset>
      </details>
      {problem ? (
        <div className="alert" role="alert" data-testid="config-error">
          {problem.message}
        </div>
      ) : null}
    </form>
  );
}
