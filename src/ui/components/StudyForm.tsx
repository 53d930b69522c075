import { useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DatasetRef } from '../../core/experiment/config';
import { DEFAULT_STRATEGIES, planStudy, resolveStudyConfig, type StudyStrategy } from '../../core/experiment/study';
import type { DatasetSummary } from '../../worker/protocol';
import { useApp } from '../store';
import { runningRun } from '../store/runs';
import type { StudyDraft } from '../store/study';
import { LangChecks, NumField } from './fields';
import { StudyJson } from './StudyJson';

const refId = (r: DatasetRef): string => (r.source === 'demo' ? `demo:${r.split}` : r.path);
const refOf = (d: DatasetSummary, split: 'train' | 'eval'): DatasetRef =>
  d.source === 'demo' ? { source: 'demo', split: d.split === 'eval' ? 'eval' : 'train' } : { source: 'path', path: d.id, split };

/** "0, 50, full" ⇄ [0, 50, 'full']; what is not a number stays text so validation names the field. */
const parseList = (text: string): Array<number | string> =>
  text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((t) => (/^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t));
const listText = (v: Array<number | string>): string => v.join(', ');

/** A comma-separated list, edited as text: what is typed stays until the parsed value changes elsewhere. */
function ListField({
  label,
  value,
  onChange,
  invalid,
  hint,
}: {
  label: string;
  value: Array<number | string>;
  onChange: (v: Array<number | string>) => void;
  invalid: boolean;
  hint: string;
}) {
  const id = useId();
  const [text, setText] = useState(listText(value));
  useEffect(() => {
    if (listText(parseList(text)) !== listText(value)) setText(listText(value));
  }, [value]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        value={text}
        aria-invalid={invalid || undefined}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          setText(e.target.value);
          onChange(parseList(e.target.value));
        }}
      />
      <small id={`${id}-hint`} className="muted">
        {hint}
      </small>
    </div>
  );
}

function runCount(d: StudyDraft): number | undefined {
  try {
    return planStudy(resolveStudyConfig(d as unknown as Record<string, unknown>)).length;
  } catch {
    return undefined;
  }
}

/**
 * The study preset: low-resource language(s), cap ladder, strategies, seeds and the base experiment.
 * `replaces`: the name of an unfinished study that starting this one replaces (asked first).
 */
export function StudyForm({ replaces, onStarted }: { replaces?: string; onStarted?: () => void }) {
  const s = useApp(
    useShallow((st) => ({
      draft: st.studyDraft,
      problem: st.studyProblem,
      datasets: st.datasets,
      set: st.setStudyDraft,
      setBase: st.setStudyBase,
      fromExperiment: st.studyBaseFromExperiment,
      start: st.startStudy,
      pending: st.studyPending,
      ready: st.backendStatus === 'ready' && st.demoStatus === 'ready',
      training: runningRun(st.runs),
    })),
  );
  const { draft, problem, datasets } = s;
  const ids = { name: useId(), train: useId(), eval: useId() };
  const base = draft.base;
  const trainDs = datasets.find((d) => d.id === refId(base.train));
  const bad = problem?.field;
  const strategies: StudyStrategy[] = [
    ...DEFAULT_STRATEGIES,
    ...draft.strategies.filter((x) => !DEFAULT_STRATEGIES.some((d) => d.name === x.name)),
  ];
  const toggleStrategy = (st: StudyStrategy) =>
    s.set({
      strategies: draft.strategies.some((x) => x.name === st.name)
        ? draft.strategies.filter((x) => x.name !== st.name)
        : strategies.filter((x) => x.name === st.name || draft.strategies.some((y) => y.name === x.name)),
    });
  const toggleLow = (l: string) =>
    s.set({
      lowResourceLangs: draft.lowResourceLangs.includes(l)
        ? draft.lowResourceLangs.filter((x) => x !== l)
        : [...draft.lowResourceLangs, l].sort(),
    });
  const num = (k: 'steps' | 'batchSize' | 'checkpointEvery' | 'warmupSteps' | 'evalEvery') => (v: number) =>
    s.setBase({ [k]: v });
  const n = runCount(draft);
  const submit = async () => {
    if (
      replaces &&
      !confirm(`Replace the unfinished study "${replaces}"? Its runs stay in the run list, but it can no longer be resumed.`)
    )
      return;
    await s.start();
    if (!useApp.getState().studyError) onStarted?.();
  };
  const blocked = !s.ready
    ? 'waiting for the data and the backend'
    : s.training
      ? `run "${s.training.config.name}" is training; pause or stop it first`
      : undefined;

  return (
    <form
      className="config-form"
      aria-label="Study config"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="config-grid">
        <div className="field">
          <label htmlFor={ids.name}>Study name</label>
          <input
            id={ids.name}
            type="text"
            value={draft.name}
            aria-invalid={bad === 'name' || undefined}
            onChange={(e) => s.set({ name: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.train}>Training data</label>
          <select
            id={ids.train}
            value={refId(base.train)}
            onChange={(e) => {
              const d = datasets.find((x) => x.id === e.target.value);
              if (d) s.setBase({ train: refOf(d, 'train'), langs: [], caps: {}, heldOutLangs: [] });
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
            value={refId(base.eval)}
            onChange={(e) => {
              const d = datasets.find((x) => x.id === e.target.value);
              if (d) s.setBase({ eval: refOf(d, 'eval') });
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
        <NumField
          label="Steps per run"
          value={base.steps}
          onChange={num('steps')}
          min={0}
          step={1}
          field="base.steps"
          invalidField={bad}
        />
        <NumField
          label="Batch size"
          value={base.batchSize}
          onChange={num('batchSize')}
          min={2}
          step={1}
          field="base.batchSize"
          invalidField={bad}
        />
        <NumField
          label="Warm-up steps"
          value={base.warmupSteps}
          onChange={num('warmupSteps')}
          min={0}
          step={1}
          field="base.warmupSteps"
          invalidField={bad}
        />
        <NumField
          label="Eval interval (steps)"
          value={base.evalEvery}
          onChange={num('evalEvery')}
          min={0}
          step={1}
          field="base.evalEvery"
          invalidField={bad}
          hint="0 = only the final evaluation (every query)"
        />
        <NumField
          label="Checkpoint every (steps)"
          value={base.checkpointEvery}
          onChange={num('checkpointEvery')}
          min={0}
          step={1}
          field="base.checkpointEvery"
          invalidField={bad}
          hint="a run interrupted by a reload resumes from its last checkpoint; 0 = restarts it"
        />
      </div>
      <div className="lang-grid">
        <LangChecks
          legend="Low-resource language(s): capped at each rung of the ladder"
          langs={trainDs?.langs ?? []}
          checked={(l) => draft.lowResourceLangs.includes(l)}
          onToggle={toggleLow}
          note={(l) => (trainDs ? `${trainDs.byLang[l]?.queries ?? 0} q` : undefined)}
        />
        <div className="config-grid">
          <ListField
            label="Cap ladder (distinct training questions)"
            value={draft.caps}
            onChange={(caps) => s.set({ caps })}
            invalid={bad === 'caps'}
            hint='whole numbers or "full" (uncapped), e.g. 0, 50, full'
          />
          <ListField
            label="Seeds"
            value={draft.seeds}
            onChange={(seeds) => s.set({ seeds })}
            invalid={bad === 'seeds'}
            hint="one run per seed, e.g. 42, 43, 44"
          />
        </div>
        <fieldset className="field">
          <legend>Strategies (α = share of monolingual batches)</legend>
          {strategies.map((st) => (
            <label key={st.name} className="check">
              <input
                type="checkbox"
                checked={draft.strategies.some((x) => x.name === st.name)}
                onChange={() => toggleStrategy(st)}
              />{' '}
              {st.name} (α = {st.alpha})
            </label>
          ))}
        </fieldset>
      </div>
      <div className="actions">
        <button type="button" className="secondary" onClick={s.fromExperiment}>
          Use the Experiment tab’s config as base
        </button>
        <button type="submit" disabled={!!problem || !!blocked || s.pending} title={blocked}>
          Start study{n ? ` (${n} runs)` : ''}
        </button>
      </div>
      <p className="muted small" data-testid="study-base">
        Base of every run:{' '}
        {base.baseCheckpoint
          ? `starts from ${base.baseCheckpoint}`
          : base.model.init === 'scratch'
            ? `scratch ${base.model.layers}×${base.model.hidden}, vocab ${base.model.vocabSize}`
            : base.model.path}{' '}
        · lr {base.lr} · τ {base.temperature} · max tokens {base.maxLength}. Each run sets the caps, α and seed.
        {blocked ? ` Start: ${blocked}.` : ''}
      </p>
      {problem ? (
        <div className="alert" role="alert" data-testid="study-config-error">
          {problem.message}
        </div>
      ) : null}
      <StudyJson />
    </form>
  );
}
