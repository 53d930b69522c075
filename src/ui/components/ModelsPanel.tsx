/**
 * Models: bring a pre-trained encoder (BERT / XLM-R family) in — from the Hugging Face Hub (or any server with
 * its URL layout) with its size shown first and download progress, or from a picked folder / zip — evaluate it
 * on a dataset, fine-tune it a few steps in the worker, export it as a sentence-transformers zip, re-import,
 * and compare two models' embeddings. State is local to the panel; the models live in the worker (models.ts).
 */
import { useId, useRef, useState, type ChangeEvent } from 'react';
import type { EvalResult } from '../../core/eval/types';
import type { HubFileInfo } from '../../core/model/hub';
import type { TrainableSetting } from '../../core/model/trainable';
import { engine, type Call } from '../../worker/client';
import type { FinetuneResult, ModelInfo } from '../../worker/model-protocol';
import type { Progress, Request, Responses } from '../../worker/protocol';
import { fmt3, fmtBytes } from '../format';
import { useApp } from '../store';
import { BiasTable } from './BiasTable';
import { ResultsTable } from './ResultsTable';

/**
 * Automation hook (Playwright e2e, console): the worker's request API, e.g.
 * `await hbwModels.request({ type: 'modelForward', key, texts })`.
 */
(globalThis as { hbwModels?: unknown }).hbwModels = { request: <R extends Request>(r: R) => engine().request(r) };

type Mode = 'all' | 'all-but-embeddings' | 'top-k' | 'pooling-only';

function bytes(n: number | undefined): string {
  return n === undefined ? 'unknown size' : fmtBytes(n);
}

function ProgressLine({ p }: { p: Progress }) {
  const byteLike = /^(download|cached|size)/.test(p.phase);
  const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  return (
    <div className="progress" data-testid="model-progress">
      <div className="progress-text" aria-live="polite">
        {p.phase}: {byteLike ? `${fmtBytes(p.done)} / ${p.total ? fmtBytes(p.total) : '?'}` : `${p.done} / ${p.total}`}
      </div>
      <div className="progress-track" role="progressbar" aria-label={p.phase} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(frac * 100)}>
        <div className="progress-fill" style={{ width: `${(frac * 100).toFixed(1)}%` }} />
      </div>
    </div>
  );
}

export function ModelsPanel() {
  const datasets = useApp((s) => s.datasets);
  const ids = { hub: useId(), base: useId(), ds: useId(), tr: useId(), steps: useId(), bs: useId(), alpha: useId(), lr: useId(), mode: useId(), k: useId(), cmp: useId(), maxq: useId() };
  const [models, setModels] = useState<ModelInfo[]>([]);
  const [hubId, setHubId] = useState('intfloat/multilingual-e5-small');
  const [baseUrl, setBaseUrl] = useState('https://huggingface.co');
  const [size, setSize] = useState<{ id: string; files: HubFileInfo[]; bytes?: number } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [evalDs, setEvalDs] = useState('demo:eval');
  const [trainDs, setTrainDs] = useState('demo:train');
  const [maxQ, setMaxQ] = useState(20);
  const [evalResult, setEvalResult] = useState<{ key: string; result: EvalResult } | null>(null);
  const [ft, setFt] = useState({ steps: 2, batchSize: 8, alpha: 0.5, lr: 2e-5, mode: 'all' as Mode, k: 1 });
  const [ftResult, setFtResult] = useState<FinetuneResult | null>(null);
  const [compareWith, setCompareWith] = useState('');
  const [cmp, setCmp] = useState<Responses['modelCompare'] | null>(null);
  const current = useRef<Call<unknown> | null>(null);
  const model = models.find((m) => m.key === selected) ?? null;

  async function run<R extends Request>(label: string, req: R, transfer?: Transferable[]): Promise<Responses[R['type']] | undefined> {
    setBusy(label); setError(null); setProgress(null);
    const call = engine().call(req, (p) => setProgress(p), transfer);
    current.current = call as Call<unknown>;
    try {
      return await call.promise;
    } catch (e) {
      setError((e as Error).message);
      return undefined;
    } finally {
      current.current = null;
      setBusy(null); setProgress(null);
    }
  }

  const loaded = (m: ModelInfo | undefined) => {
    if (!m) return;
    setModels((ms) => [...ms.filter((x) => x.key !== m.key), m]);
    setSelected(m.key);
  };

  const checkSize = async () => {
    setSize(null);
    const r = await run('size', { type: 'modelHubSize', source: { id: hubId.trim(), baseUrl: baseUrl.trim() } });
    if (r) setSize({ id: hubId.trim(), ...r });
  };
  const loadHub = async () => loaded(await run('download', { type: 'modelLoadHub', source: { id: hubId.trim(), baseUrl: baseUrl.trim() } }));

  const pick = async (e: ChangeEvent<HTMLInputElement>, kind: 'folder' | 'zip') => {
    const list = Array.from(e.target.files ?? []);
    e.target.value = '';
    if (list.length === 0) return;
    const files = await Promise.all(list.map(async (f) => ({ name: (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name, bytes: await f.arrayBuffer() })));
    const name = kind === 'zip' ? list[0].name.replace(/\.zip$/i, '') : (files[0].name.split('/')[0] || 'folder');
    loaded(await run('import', { type: 'modelLoadFiles', name, files }, files.map((f) => f.bytes)));
  };

  const evaluate = async () => {
    if (!model) return;
    const r = await run('evaluate', { type: 'modelEvaluate', key: model.key, datasetId: evalDs, maxQueriesPerLang: maxQ });
    if (r) setEvalResult({ key: model.key, result: r });
  };

  const finetune = async () => {
    if (!model) return;
    const trainable: TrainableSetting = ft.mode === 'top-k' ? { mode: 'top-k', k: ft.k } : ft.mode;
    const r = await run('fine-tune', { type: 'modelFinetune', key: model.key, params: { trainId: trainDs, evalId: evalDs, steps: ft.steps, batchSize: ft.batchSize, alpha: ft.alpha, lr: ft.lr, maxLength: Math.min(model.maxLength, 64), trainable, evalMaxQueriesPerLang: maxQ } });
    if (r) { setFtResult(r); loaded(r.model); setCompareWith(model.key); }
  };

  const exportZip = async () => {
    if (!model) return;
    const r = await run('export', { type: 'modelExport', key: model.key });
    if (!r) return;
    const url = URL.createObjectURL(new Blob([r.zip], { type: 'application/zip' }));
    const a = document.createElement('a');
    a.href = url; a.download = r.fileName;
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const remove = async (key: string) => {
    const r = await run('remove', { type: 'modelRemove', key });
    if (r) { setModels(r); if (selected === key) setSelected(r[0]?.key ?? null); }
  };

  const compare = async () => {
    if (!model || !compareWith) return;
    setCmp(null);
    const r = await run('compare', { type: 'modelCompare', a: model.key, b: compareWith, datasetId: evalDs, limit: 40 });
    if (r) setCmp(r);
  };

  const num = (k: keyof typeof ft) => (e: ChangeEvent<HTMLInputElement>) => setFt({ ...ft, [k]: Number(e.target.value) });
  const dsOptions = datasets.map((d) => <option key={d.id} value={d.id}>{d.name}{d.split ? ` · ${d.split}` : ''} ({d.langs.join(', ')})</option>);

  return (
    <div className="panel" data-testid="models-panel">
      <div className="panel-intro">
        <h2>Models</h2>
        <p>Pre-trained multilingual encoders (BERT / XLM-R family, safetensors): load, evaluate, fine-tune a few steps, export as a sentence-transformers zip.</p>
      </div>

      <section className="card" aria-label="Load a model">
        <h3>Load from the Hub</h3>
        <div className="field">
          <label htmlFor={ids.hub}>Model id</label>
          <input id={ids.hub} value={hubId} onChange={(e) => { setHubId(e.target.value); setSize(null); }} placeholder="owner/name" disabled={!!busy} />
        </div>
        <div className="field">
          <label htmlFor={ids.base}>Base URL</label>
          <input id={ids.base} value={baseUrl} onChange={(e) => { setBaseUrl(e.target.value); setSize(null); }} disabled={!!busy} />
        </div>
        <div className="card-actions">
          <button type="button" className="secondary" onClick={() => void checkSize()} disabled={!!busy || !hubId.trim()}>Check size</button>
          <button type="button" onClick={() => void loadHub()} disabled={!!busy || !hubId.trim()}>Download and load</button>
        </div>
        {size && size.id === hubId.trim() ? (
          <p data-testid="hub-size" data-bytes={size.bytes ?? ''}>
            {size.files.length} files, {bytes(size.bytes)}: {size.files.map((f) => `${f.file} (${bytes(f.size)})`).join(', ')}
          </p>
        ) : null}
        <h3>Load from disk</h3>
        <div className="card-actions">
          <label className="button-like secondary">
            Pick a model folder…
            <input type="file" className="visually-hidden-input" data-testid="model-folder-input" multiple onChange={(e) => void pick(e, 'folder')} disabled={!!busy} {...{ webkitdirectory: '', directory: '' }} />
          </label>
          <label className="button-like secondary">
            Import a .zip…
            <input type="file" className="visually-hidden-input" data-testid="model-zip-input" accept=".zip,application/zip" onChange={(e) => void pick(e, 'zip')} disabled={!!busy} />
          </label>
        </div>
      </section>

      {busy ? (
        <div data-testid="model-busy" data-busy={busy}>
          {progress ? <ProgressLine p={progress} /> : <p className="muted">{busy}…</p>}
          <button type="button" className="secondary small" onClick={() => current.current?.cancel()}>Cancel</button>
        </div>
      ) : null}
      {error ? <p className="error" role="alert" data-testid="model-error">{error}</p> : null}

      {models.length > 0 ? (
        <section aria-label="Loaded models">
          <h3>Loaded models</h3>
          <ul className="cards" data-testid="model-list" style={{ listStyle: 'none', paddingLeft: 0 }}>
            {models.map((m) => (
              <li key={m.key} className={`card${m.key === selected ? ' card-selected' : ''}`} data-testid={`model-${m.key}`} data-name={m.name}>
                <div className="card-header">
                  <strong>{m.name}</strong>
                  <div className="card-actions">
                    <button type="button" className="small" onClick={() => setSelected(m.key)} aria-pressed={m.key === selected}>Select</button>
                    <button type="button" className="small secondary" onClick={() => void remove(m.key)} disabled={!!busy}>Remove</button>
                  </div>
                </div>
                <span className="muted">{m.source} · {m.modelType}, {m.layers} layers, hidden {m.hidden}, vocab {m.vocab} · {m.pooling}{m.normalize ? ', normalised' : ''} · {fmtBytes(m.bytes)}</span>
                {m.lineage.length ? <span className="muted">lineage: {m.lineage.join(' → ')}</span> : null}
                {m.trainedSteps ? <span className="muted">fine-tuned {m.trainedSteps} steps on {m.backend}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {model ? (
        <section className="card" aria-label="Selected model" data-testid="model-actions" data-key={model.key}>
          <h3>{model.name}</h3>
          <div className="field">
            <label htmlFor={ids.ds}>Evaluation data</label>
            <select id={ids.ds} value={evalDs} onChange={(e) => setEvalDs(e.target.value)} disabled={!!busy}>{dsOptions}</select>
          </div>
          <div className="field">
            <label htmlFor={ids.maxq}>Max queries per language (0 = all)</label>
            <input id={ids.maxq} type="number" min={0} value={maxQ} onChange={(e) => setMaxQ(Number(e.target.value))} disabled={!!busy} />
          </div>
          <div className="card-actions">
            <button type="button" onClick={() => void evaluate()} disabled={!!busy}>Evaluate</button>
            <button type="button" className="secondary" onClick={() => void exportZip()} disabled={!!busy}>Export sentence-transformers zip</button>
          </div>

          <fieldset className="field" disabled={!!busy}>
            <legend>Fine-tune (hybrid batches, InfoNCE, AdamW)</legend>
            <label htmlFor={ids.tr}>Training data</label>
            <select id={ids.tr} value={trainDs} onChange={(e) => setTrainDs(e.target.value)}>{dsOptions}</select>
            <label htmlFor={ids.steps}>Steps</label>
            <input id={ids.steps} type="number" min={1} value={ft.steps} onChange={num('steps')} />
            <label htmlFor={ids.bs}>Batch size</label>
            <input id={ids.bs} type="number" min={2} value={ft.batchSize} onChange={num('batchSize')} />
            <label htmlFor={ids.alpha}>α (monolingual batch probability)</label>
            <input id={ids.alpha} type="number" min={0} max={1} step={0.05} value={ft.alpha} onChange={num('alpha')} />
            <label htmlFor={ids.lr}>Learning rate</label>
            <input id={ids.lr} type="number" min={0} step="any" value={ft.lr} onChange={num('lr')} />
            <label htmlFor={ids.mode}>Trainable</label>
            <select id={ids.mode} value={ft.mode} onChange={(e) => setFt({ ...ft, mode: e.target.value as Mode })}>
              <option value="all">all (word embeddings of &gt; 50k-row vocabularies stay frozen)</option>
              <option value="all-but-embeddings">all but embeddings</option>
              <option value="top-k">top k layers</option>
              <option value="pooling-only">pooling only (pooler models)</option>
            </select>
            {ft.mode === 'top-k' ? (<><label htmlFor={ids.k}>k</label><input id={ids.k} type="number" min={0} max={model.layers} value={ft.k} onChange={num('k')} /></>) : null}
            <button type="button" onClick={() => void finetune()}>Fine-tune</button>
          </fieldset>

          {models.length > 1 ? (
            <div className="field">
              <label htmlFor={ids.cmp}>Compare embeddings with</label>
              <select id={ids.cmp} value={compareWith} onChange={(e) => setCompareWith(e.target.value)} disabled={!!busy}>
                <option value="">—</option>
                {models.filter((m) => m.key !== model.key).map((m) => <option key={m.key} value={m.key}>{m.name}</option>)}
              </select>
              <button type="button" className="secondary" onClick={() => void compare()} disabled={!!busy || !compareWith}>Compare</button>
              {cmp ? <p data-testid="embedding-diff" data-max-abs-diff={cmp.maxAbsDiff}>max |Δ| over {cmp.texts} texts on {cmp.backend}: {cmp.maxAbsDiff.toExponential(2)}</p> : null}
            </div>
          ) : null}
        </section>
      ) : null}

      {ftResult ? (
        <section className="card" aria-label="Fine-tuning result" data-testid="finetune-result" data-steps={ftResult.losses.length} data-backend={ftResult.backend}>
          <h3>Fine-tuned → {ftResult.model.name}</h3>
          <p>{ftResult.losses.length} steps on {ftResult.backend} in {ftResult.seconds.toFixed(1)} s; loss {ftResult.losses.map((l) => l.toFixed(4)).join(' → ')}</p>
          {ftResult.final ? <p>final mAP: {(['monolingual', 'crosslingual', 'multilingual'] as const).map((s) => `${s} ${fmt3(ftResult.final!.settings[s]?.map)}`).join(' · ')}</p> : null}
        </section>
      ) : null}

      {evalResult ? (
        <section aria-label="Evaluation of the model" data-testid="model-eval" data-key={evalResult.key}>
          <h3>Evaluation of {models.find((m) => m.key === evalResult.key)?.name ?? evalResult.key}</h3>
          <ResultsTable result={evalResult.result} />
          <BiasTable result={evalResult.result} />
        </section>
      ) : null}
    </div>
  );
}
