/**
 * Models: bring a pre-trained encoder (BERT / XLM-R family) in (ModelLoader: Hub or folder / zip, tfjs or the
 * frozen ONNX runtime), evaluate it on a dataset, fine-tune it a few steps in the worker, export it as a
 * sentence-transformers zip, re-import, trim the vocabulary to some datasets (ModelTrim), and compare two
 * models' embeddings. The models live in the worker
 * (models.ts) and in IndexedDB: the list is read back from the worker when the panel mounts (after a reload too).
 */
import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import type { EvalResult } from '../../core/eval/types';
import type { TrainableSetting } from '../../core/model/trainable';
import { engine, type Call } from '../../worker/client';
import type { FinetuneResult, ModelInfo, TrimResult } from '../../worker/model-protocol';
import type { Progress, Request, Responses } from '../../worker/protocol';
import { fmt3, fmtBytes } from '../format';
import { useApp } from '../store';
import { BiasTable } from './BiasTable';
import { ModelList, runtimeText } from './ModelList';
import { ModelLoader } from './ModelLoader';
import { ModelTrim, TrimResultCard } from './ModelTrim';
import { ResultsTable } from './ResultsTable';

/**
 * Automation hook (Playwright e2e, console): the worker's request API, e.g.
 * `await hbwModels.request({ type: 'modelForward', key, texts })`.
 */
(globalThis as { hbwModels?: unknown }).hbwModels = { request: <R extends Request>(r: R) => engine().request(r) };

type Mode = 'all' | 'all-but-embeddings' | 'top-k' | 'pooling-only';

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
  const ids = { ds: useId(), tr: useId(), steps: useId(), bs: useId(), alpha: useId(), lr: useId(), mode: useId(), k: useId(), cmp: useId(), maxq: useId(), frozen: useId() };
  const [models, setModels] = useState<ModelInfo[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [evalDs, setEvalDs] = useState('demo:eval');
  const [trainDs, setTrainDs] = useState('demo:train');
  const [maxQ, setMaxQ] = useState(20);
  const [evalResult, setEvalResult] = useState<{ key: string; runtime: string; result: EvalResult } | null>(null);
  const [ft, setFt] = useState({ steps: 2, batchSize: 8, alpha: 0.5, lr: 2e-5, mode: 'all' as Mode, k: 1, recompute: false });
  const [ftResult, setFtResult] = useState<FinetuneResult | null>(null);
  const [trimResult, setTrimResult] = useState<TrimResult | null>(null);
  const [compareWith, setCompareWith] = useState('');
  const [cmp, setCmp] = useState<Responses['modelCompare'] | null>(null);
  const current = useRef<Call<unknown> | null>(null);
  const model = models.find((m) => m.key === selected) ?? null;
  const frozen = model?.runtime === 'onnx';

  // The worker lists the models saved in IndexedDB (from before a reload) and those loaded since.
  const refresh = async (): Promise<ModelInfo[]> => {
    const list = await engine().request({ type: 'modelList' });
    setModels(list);
    setSelected((k) => (k && list.some((m) => m.key === k) ? k : list[list.length - 1]?.key ?? null));
    return list;
  };
  useEffect(() => { refresh().catch((e: Error) => setError(`could not list the saved models: ${e.message}`)); }, []);

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

  const evaluate = async () => {
    if (!model) return;
    const r = await run('evaluate', { type: 'modelEvaluate', key: model.key, datasetId: evalDs, maxQueriesPerLang: maxQ });
    if (!r) return;
    // An ONNX model starts its session on first use (e.g. after a reload): the list then knows its device.
    const m = (await refresh().catch(() => models)).find((x) => x.key === model.key) ?? model;
    setEvalResult({ key: model.key, runtime: runtimeText(m), result: r });
  };

  const finetune = async () => {
    if (!model) return;
    const trainable: TrainableSetting = ft.mode === 'top-k' ? { mode: 'top-k', k: ft.k } : ft.mode;
    const r = await run('fine-tune', { type: 'modelFinetune', key: model.key, params: { trainId: trainDs, evalId: evalDs, steps: ft.steps, batchSize: ft.batchSize, alpha: ft.alpha, lr: ft.lr, maxLength: Math.min(model.maxLength, 64), trainable, evalMaxQueriesPerLang: maxQ, recomputeLayers: ft.recompute } });
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
    if (r) { setModels(r); if (selected === key) setSelected(r[0]?.key ?? null); if (evalResult?.key === key) setEvalResult(null); }
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

      <ModelLoader busy={busy} run={run} onLoaded={loaded} />

      {busy ? (
        <div data-testid="model-busy" data-busy={busy}>
          {progress ? <ProgressLine p={progress} /> : <p className="muted">{busy}…</p>}
          <button type="button" className="secondary small" onClick={() => current.current?.cancel()}>Cancel</button>
        </div>
      ) : null}
      {error ? <p className="error" role="alert" data-testid="model-error">{error}</p> : null}

      {models.length > 0 ? <ModelList models={models} selected={selected} busy={!!busy} onSelect={setSelected} onRemove={(k) => void remove(k)} /> : null}

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
            <button type="button" className="secondary" onClick={() => void exportZip()} disabled={!!busy || frozen} aria-describedby={frozen ? ids.frozen : undefined}>Export sentence-transformers zip</button>
          </div>
          {frozen ? (
            <p className="muted" id={ids.frozen} data-testid="frozen-note">
              Frozen model: it runs onnx/model.onnx through transformers.js (ONNX Runtime, {model.device ?? 'device chosen on first use'}), which
              only computes embeddings — there are no gradients, so fine-tuning and export are off. Load the same Hub id or folder
              with the runtime “tfjs (trainable)” to fine-tune or export it.
            </p>
          ) : null}

          <fieldset className="field" disabled={!!busy || frozen} aria-describedby={frozen ? ids.frozen : undefined}>
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
            <label className="check"><input type="checkbox" checked={ft.recompute} onChange={(e) => setFt({ ...ft, recompute: e.target.checked })} /> Recompute layers in the backward pass (same gradients, far less memory, about ⅓ slower: a real-size model's step)</label>
            <button type="button" onClick={() => void finetune()}>Fine-tune</button>
          </fieldset>

          <ModelTrim key={model.key} model={model} datasets={datasets} busy={busy} run={run} onTrimmed={(r) => { setTrimResult(r); loaded(r.model); setCompareWith(model.key); }} />

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

      {trimResult ? <TrimResultCard r={trimResult} /> : null}

      {evalResult ? (
        <section aria-label="Evaluation of the model" data-testid="model-eval" data-key={evalResult.key}>
          <h3>Evaluation of {models.find((m) => m.key === evalResult.key)?.name ?? evalResult.key}</h3>
          <p className="muted" data-testid="model-eval-runtime">zero-shot, embedded with {evalResult.runtime}</p>
          <ResultsTable result={evalResult.result} />
          <BiasTable result={evalResult.result} />
        </section>
      ) : null}
    </div>
  );
}
