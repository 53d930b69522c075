import { useEffect, useId, useState, type ChangeEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { PRETRAIN_FIELDS, PRETRAIN_MODEL_FIELDS, type PretrainConfig } from '../../core/train/pretrain-config';
import type { BaseSourceInput, BaseSourceKind } from '../../worker/bases/base-types';
import { fmtBytes } from '../format';
import { useApp } from '../store';
import { isBuilding } from '../store/bases';
import { runningRun } from '../store/runs';
import { ActionButton } from './ActionButton';
import { NumField, declared } from './fields';

interface Upload {
  name: string;
  kind: BaseSourceKind;
  bytes: ArrayBuffer;
}
type Knob = 'steps' | 'batchSize' | 'lr' | 'warmupSteps' | 'temperature' | 'heldOutPairs' | 'evalEvery' | 'maxLength' | 'seed';
type ModelKnob = keyof PretrainConfig['model'];

const KNOBS: Array<[Knob, string]> = [
  ['steps', 'Pre-training steps'],
  ['batchSize', 'Pairs per batch'],
  ['lr', 'Peak learning rate'],
  ['warmupSteps', 'Warm-up steps (pre-training)'],
  ['temperature', 'Temperature τ (pre-training)'],
  ['heldOutPairs', 'Held-out pairs (translation ranking)'],
  ['evalEvery', 'Evaluate every (steps)'],
  ['maxLength', 'Max tokens per pair text'],
  ['seed', 'Pre-training seed'],
];
const MODEL_KNOBS: Array<[ModelKnob, string]> = [
  ['vocabSize', 'Base vocabulary size'],
  ['hidden', 'Base hidden size'],
  ['layers', 'Base layers'],
  ['heads', 'Base heads'],
  ['intermediate', 'Base FFN size'],
];

/** The field a worker ConfigError names (`config field "model.hidden": …`), to mark its input invalid. */
const fieldOf = (msg: string | undefined) => /config field "([^"]+)"/.exec(msg ?? '')?.[1];

/** "Build a base": sources (the shipped lexicon by default, or uploaded TSVs), vocabulary text, recipe. */
export function BaseBuildForm() {
  const { bases, datasets, build, pending, error, buildBase, training } = useApp(
    useShallow((s) => ({
      bases: s.bases,
      datasets: s.datasets,
      build: s.build,
      pending: s.pendingBuild,
      error: s.buildError,
      buildBase: s.buildBase,
      training: !!runningRun(s.runs),
    })),
  );
  const ids = { name: useId(), vocab: useId(), kind: useId(), file: useId() };
  const [name, setName] = useState('my-base');
  const [unticked, setUnticked] = useState<string[]>([]);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [kind, setKind] = useState<BaseSourceKind>('lexicon');
  const [vocabFrom, setVocabFrom] = useState('demo:train');
  const [cfg, setCfg] = useState<PretrainConfig | undefined>(bases?.recipe);
  useEffect(() => {
    if (!cfg && bases) setCfg(bases.recipe);
  }, [bases, cfg]);
  const busy = isBuilding(build) || pending;
  const bad = fieldOf(error);

  const addFiles = async (e: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(e.target.files ?? []);
    e.target.value = '';
    const added = await Promise.all(files.map(async (f) => ({ name: f.name, kind, bytes: await f.arrayBuffer() })));
    setUploads((u) => [...u, ...added]);
  };
  const submit = () => {
    if (!cfg || !bases) return;
    const sources: BaseSourceInput[] = [
      ...bases.sources.filter((s) => !unticked.includes(s.path)).map((s) => ({ kind: 'lexicon' as const, shipped: s.path })),
      ...uploads.map((u) => ({ kind: u.kind, name: u.name, bytes: u.bytes })),
    ];
    void buildBase(
      { name, sources, vocabFrom: vocabFrom ? [vocabFrom] : [], config: cfg as unknown as Record<string, unknown> },
      [],
    );
  };

  if (!bases || !cfg) return null;
  return (
    <form
      className="config-form"
      aria-label="Build a base"
      data-testid="base-build-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h3>Build a base</h3>
      <fieldset className="config-grid" disabled={busy}>
        <div className="field">
          <label htmlFor={ids.name}>Base name</label>
          <input id={ids.name} type="text" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <fieldset className="field">
          <legend>Translation pairs</legend>
          {bases.sources.map((s) => (
            <label key={s.path} className="check">
              <input
                type="checkbox"
                checked={!unticked.includes(s.path)}
                onChange={() => setUnticked((u) => (u.includes(s.path) ? u.filter((x) => x !== s.path) : [...u, s.path]))}
              />{' '}
              {s.path.split('/').pop()} <span className="muted small">(shipped lexicon, {fmtBytes(s.bytes)})</span>
            </label>
          ))}
          {uploads.map((u, i) => (
            <span key={`${u.name}-${i}`} className="check">
              {u.name}{' '}
              <span className="muted small">
                ({u.kind}, {fmtBytes(u.bytes.byteLength)})
              </span>{' '}
              <button type="button" className="secondary small" onClick={() => setUploads((x) => x.filter((_, j) => j !== i))}>
                Remove {u.name}
              </button>
            </span>
          ))}
          <label htmlFor={ids.kind}>Next file is a</label>
          <select id={ids.kind} value={kind} onChange={(e) => setKind(e.target.value as BaseSourceKind)}>
            <option value="lexicon">lexicon (multi-language TSV with header, or MUSE xx-yy.tsv)</option>
            <option value="bitext">bitext (xx-yy.tsv sentence pairs, Tatoeba export, or JSONL)</option>
          </select>
          <label htmlFor={ids.file}>Add lexicon / bitext files</label>
          <input id={ids.file} type="file" multiple accept=".tsv,.txt,.jsonl,.ndjson" onChange={(e) => void addFiles(e)} />
        </fieldset>
        <div className="field">
          <label htmlFor={ids.vocab}>Vocabulary also learned from</label>
          <select id={ids.vocab} value={vocabFrom} onChange={(e) => setVocabFrom(e.target.value)}>
            <option value="">only the translation pairs</option>
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
                {d.split ? ` · ${d.split}` : ''}
              </option>
            ))}
          </select>
        </div>
        {KNOBS.map(([k, label]) => (
          <NumField
            key={k}
            {...declared(PRETRAIN_FIELDS, k)}
            label={label}
            value={cfg[k]}
            onChange={(v) => setCfg({ ...cfg, [k]: v })}
            invalidField={bad}
          />
        ))}
        {MODEL_KNOBS.map(([k, label]) => (
          <NumField
            key={k}
            {...declared(PRETRAIN_MODEL_FIELDS, k, 'model.')}
            label={label}
            value={cfg.model[k]}
            onChange={(v) => setCfg({ ...cfg, model: { ...cfg.model, [k]: v } })}
            invalidField={bad}
          />
        ))}
      </fieldset>
      <div className="actions">
        <button type="submit" disabled={busy || training} title={training ? 'a run is training: one job at a time' : undefined}>
          Build base
        </button>
        <ActionButton id="base.cancelBuild" className="secondary" />
        <span className="muted small">Default: the recipe of the shipped demo base (≈ 3 min on WASM for 1,500 steps).</span>
      </div>
      {error ? (
        <div className="alert" role="alert" data-testid="base-build-error">
          {error}
        </div>
      ) : null}
    </form>
  );
}
