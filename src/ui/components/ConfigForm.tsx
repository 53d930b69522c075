import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DatasetRef, ExperimentConfig, ScratchModel } from '../../core/experiment/config';
import type { DatasetSummary } from '../../worker/protocol';
import { useApp } from '../store';
import { isSweepActive, runningRun } from '../store/runs';
import { BaseSelect } from './BaseSelect';
import { LangChecks, NumField } from './fields';

const refId = (r: DatasetRef): string => (r.source === 'demo' ? `demo:${r.split}` : r.path);
const refOf = (d: DatasetSummary, split: 'train' | 'eval'): DatasetRef =>
  d.source === 'demo' ? { source: 'demo', split: d.split === 'eval' ? 'eval' : 'train' } : { source: 'path', path: d.id, split };

/** Every knob of the experiment; edits go straight to the URL hash (see store/experiment.ts). */
export function ConfigForm() {
  const { cfg, problem, linkError, setConfig, datasets, busy } = useApp(useShallow((s) => ({
    cfg: s.config, problem: s.configProblem, linkError: s.linkError, setConfig: s.setConfig, datasets: s.datasets, busy: !!runningRun(s.runs) || isSweepActive(s),
  })));
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
  const toggleHeldOut = (l: string) => setConfig({ heldOutLangs: cfg.heldOutLangs.includes(l) ? cfg.heldOutLangs.filter((x) => x !== l) : [...cfg.heldOutLangs, l].sort() });
  const setCap = (l: string, v: number) => {
    const caps = { ...cfg.caps };
    if (Number.isNaN(v)) delete caps[l]; else caps[l] = v;
    setConfig({ caps });
  };

  return (
    <form className="config-form" aria-label="Experiment config" onSubmit={(e) => e.preventDefault()}>
      {linkError ? <div className="alert" role="alert" data-testid="link-error">{linkError}</div> : null}
      <fieldset className="config-grid" disabled={busy}>
        <div className="field">
          <label htmlFor={ids.name}>Run name</label>
          <input id={ids.name} type="text" value={cfg.name} onChange={(e) => setConfig({ name: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={ids.train}>Training data</label>
          <select id={ids.train} value={refId(cfg.train)} onChange={(e) => { const d = datasets.find((x) => x.id === e.target.value); if (d) setConfig({ train: refOf(d, 'train'), langs: [], caps: {}, heldOutLangs: [] }); }}>
            {datasets.map((d) => <option key={d.id} value={d.id}>{d.name}{d.split ? ` · ${d.split}` : ''}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.eval}>Evaluation data</label>
          <select id={ids.eval} value={refId(cfg.eval)} onChange={(e) => { const d = datasets.find((x) => x.id === e.target.value); if (d) setConfig({ eval: refOf(d, 'eval') }); }}>
            {datasets.map((d) => <option key={d.id} value={d.id}>{d.name}{d.split ? ` · ${d.split}` : ''}</option>)}
          </select>
        </div>
        <BaseSelect />
        <div className="field alpha-field">
          <label htmlFor={ids.alpha}>α = {Number.isFinite(cfg.alpha) ? cfg.alpha.toFixed(2) : '?'}</label>
          <input id={ids.alpha} type="range" min={0} max={1} step={0.05} value={cfg.alpha} aria-describedby={`${ids.alpha}-help`} onChange={(e) => setConfig({ alpha: Number(e.target.value) })} />
          <small id={`${ids.alpha}-help`} className="muted">α = share of monolingual batches; 1 = monolingual-only, 0 = cross-lingual-only</small>
        </div>
        <NumField label="Batch size" value={cfg.batchSize} onChange={num('batchSize')} min={2} step={1} field="batchSize" invalidField={bad} />
        <NumField label="Steps" value={cfg.steps} onChange={num('steps')} min={0} step={1} field="steps" invalidField={bad} />
        <NumField label="Learning rate" value={cfg.lr} onChange={num('lr')} min={0} max={1} field="lr" invalidField={bad} />
        <NumField label="Temperature τ" value={cfg.temperature} onChange={num('temperature')} min={0.0001} field="temperature" invalidField={bad} />
        <NumField label="Seed" value={cfg.seed} onChange={num('seed')} min={0} step={1} field="seed" invalidField={bad} />
        <NumField label="Eval interval (steps)" value={cfg.evalEvery} onChange={num('evalEvery')} min={0} step={1} field="evalEvery" invalidField={bad} hint="0 = only at the end" />
        <NumField label="Eval max queries / lang" value={cfg.evalMaxQueriesPerLang} onChange={num('evalMaxQueriesPerLang')} min={0} step={1} field="evalMaxQueriesPerLang" invalidField={bad} hint="during training; the final evaluation uses every query" />
      </fieldset>
      <fieldset className="lang-grid" disabled={busy}>
        <LangChecks legend="Training languages" langs={trainLangs} checked={(l) => active.includes(l) && !cfg.heldOutLangs.includes(l)} onToggle={toggleLang} />
        <LangChecks legend="Held-out languages (never sampled; still evaluated)" langs={trainLangs} checked={(l) => cfg.heldOutLangs.includes(l)} onToggle={toggleHeldOut} />
        <div className="field caps">
          <span className="legend-like">Per-language caps (distinct training questions; empty = all)</span>
          <div className="caps-row">
            {trainLangs.map((l) => (
              <NumField key={l} label={`cap ${l}`} value={cfg.caps[l]} onChange={(v) => setCap(l, v)} min={0} step={1} field={`caps.${l}`} invalidField={bad} placeholder={String(trainDs?.byLang[l]?.queries ?? '')} />
            ))}
          </div>
        </div>
      </fieldset>
      <details className="advanced">
        <summary>Advanced: schedule and model</summary>
        <fieldset className="config-grid" disabled={busy}>
          <NumField label="Warm-up steps" value={cfg.warmupSteps} onChange={num('warmupSteps')} min={0} step={1} field="warmupSteps" invalidField={bad} />
          <NumField label="Max tokens per text" value={cfg.maxLength} onChange={num('maxLength')} min={4} step={1} field="maxLength" invalidField={bad} />
          <NumField label="Checkpoint every (steps)" value={cfg.checkpointEvery} onChange={num('checkpointEvery')} min={0} step={1} field="checkpointEvery" invalidField={bad} hint="0 = at pause/stop/end only" />
          <NumField label="Checkpoint every (seconds)" value={cfg.checkpointEverySeconds} onChange={num('checkpointEverySeconds')} min={0} step={1} field="checkpointEverySeconds" invalidField={bad} hint="a reload or crash loses at most this much training; 0 = off" />
          {model ? (
            <>
              <NumField label="Hidden size" value={model.hidden} onChange={setModel('hidden')} min={4} step={1} field="model.hidden" invalidField={bad} />
              <NumField label="Layers" value={model.layers} onChange={setModel('layers')} min={0} step={1} field="model.layers" invalidField={bad} />
              <NumField label="Heads" value={model.heads} onChange={setModel('heads')} min={1} step={1} field="model.heads" invalidField={bad} />
              <NumField label="FFN size" value={model.intermediate} onChange={setModel('intermediate')} min={4} step={1} field="model.intermediate" invalidField={bad} />
              <NumField label="Vocabulary size" value={model.vocabSize} onChange={setModel('vocabSize')} min={50} step={1} field="model.vocabSize" invalidField={bad} />
            </>
          ) : <p className="muted">Model: {cfg.baseCheckpoint ? `the base's shape (${cfg.baseCheckpoint})` : cfg.model.init === 'path' ? cfg.model.path : ''}</p>}
        </fieldset>
      </details>
      {problem ? <div className="alert" role="alert" data-testid="config-error">{problem.message}</div> : null}
    </form>
  );
}
