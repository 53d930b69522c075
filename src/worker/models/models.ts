/**
 * The Models panel's engine side: pre-trained (or exported) encoders held in the worker — from the Hub (or a
 * server with its URL layout), a picked folder or a zip — evaluated on a dataset, fine-tuned a few steps with
 * the core runner (runTraining), exported as a sentence-transformers zip, compared embedding by embedding.
 *
 * Runtimes and persistence live in model-entries.ts: a model runs either as our tfjs encoder or, frozen, as
 * onnx/model.onnx through transformers.js (evaluate / embed / compare only); every model is saved in IndexedDB.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../core/data/types';
import { evaluateEmbedder } from '../../core/eval/embedder-eval';
import { selectQueries } from '../../core/eval/evaluate';
import type { EvalResult } from '../../core/eval/types';
import { resolveConfig, type DatasetRef } from '../../core/experiment/config';
import { exportEncoder } from '../../core/experiment/export';
import { createEncoder, saveEncoder, type ModelFiles } from '../../core/model/checkpoint';
import { downloadModel, modelSize } from '../../core/model/hub';
import { stripCommonRoot } from '../../core/model/sentence-transformers';
import type { RunEvent } from '../../core/train/events';
import { runTraining } from '../../core/train/runner';
import { readZip, writeZip } from '../../core/util/zip';
import { getDataset, listDatasets, loadDemo } from '../datasets/datasets';
import {
  addModel,
  embedderOf,
  entry,
  filesOf,
  frozenMessage,
  listInfos,
  releaseTfjs,
  removeModel,
  restoreSaved,
  tfjsOf,
} from './model-entries';
import type { JobContext, JobSpec } from '../jobs';
import { trimModel } from './model-trim';
import type { FinetuneParams, FinetuneResult, ModelRequest, ModelResponses } from './model-protocol';
import type { Handler, HandlerTable, Progress } from '../protocol';
import { yieldPointOf, yieldToMessages } from '../yield';

/** Free every model's tfjs encoder (before a backend switch); the files stay, encoders are rebuilt on use. */
export function releaseModels(): void {
  releaseTfjs();
}

async function dataset(id: string): Promise<Dataset> {
  await listDatasets();
  try {
    return getDataset(id);
  } catch (e) {
    if (!id.startsWith('demo:')) throw e;
    await loadDemo();
    return getDataset(id);
  }
}

/** Files picked from a folder (webkitRelativePath names) or one zip → the model folder's files. */
async function filesFrom(list: Array<{ name: string; bytes: ArrayBuffer }>): Promise<{ files: ModelFiles; zip: boolean }> {
  if (list.length === 1 && /\.zip$/i.test(list[0].name)) {
    return { files: stripCommonRoot(await readZip(new Uint8Array(list[0].bytes), list[0].name)), zip: true };
  }
  const raw: ModelFiles = {};
  for (const f of list) raw[f.name.replace(/^\/+/, '')] = new Uint8Array(f.bytes);
  return { files: stripCommonRoot(raw), zip: false };
}

const refFor = (id: string): DatasetRef =>
  id === 'demo:train' || id === 'demo:eval'
    ? { source: 'demo', split: id === 'demo:train' ? 'train' : 'eval' }
    : { source: 'path', path: id };

async function finetune(
  key: string,
  p: FinetuneParams,
  onProgress: (p: Progress) => void,
  signal: AbortSignal,
): Promise<FinetuneResult> {
  const base = entry(key);
  if (base.info.runtime === 'onnx') throw new Error(frozenMessage(base.info.name, 'fine-tuning'));
  const baseFiles = await filesOf(base);
  const [train, evalDs] = [await dataset(p.trainId), await dataset(p.evalId)];
  const config = resolveConfig({
    name: `${base.info.name}-ft`,
    train: refFor(p.trainId),
    eval: refFor(p.evalId),
    alpha: p.alpha,
    batchSize: p.batchSize,
    steps: p.steps,
    lr: p.lr,
    warmupSteps: 0,
    evalEvery: 0,
    evalMaxQueriesPerLang: p.evalMaxQueriesPerLang ?? 0,
    checkpointEvery: 0,
    maxLength: p.maxLength,
    seed: p.seed ?? 42,
    trainable: p.trainable,
    model: { init: 'path', path: base.info.name },
  });
  // A fresh copy: the base model stays as it was; the fine-tuned one becomes a new entry.
  const encoder = createEncoder(baseFiles, { maxLength: p.maxLength });
  encoder.recomputeLayers = p.recomputeLayers === true;
  const lineage = [...base.info.lineage, base.info.name];
  const losses: number[] = [];
  let final: EvalResult | undefined;
  let error: string | undefined;
  const t0 = performance.now();
  const backend = tf.getBackend();
  try {
    const run = runTraining({
      config,
      train,
      eval: evalDs,
      encoder,
      runId: `ft-${Date.now().toString(36)}`,
      backend,
      lineage,
      signal,
      // The final evaluation uses every eval query unless capped (the runner's rule for the last eval).
      ...(p.evalMaxQueriesPerLang ? { eval: capQueries(evalDs, p.evalMaxQueriesPerLang) } : {}),
      onEvalProgress: (done, total) => onProgress({ phase: 'evaluate', done, total }),
    });
    for await (const ev of run as AsyncGenerator<RunEvent>) {
      if (ev.type === 'step') {
        losses.push(ev.loss);
        onProgress({ phase: 'train', done: ev.step, total: p.steps });
      }
      if (ev.type === 'eval' && ev.final) final = ev.result;
      if (ev.type === 'error') error = ev.message;
      await yieldToMessages(); // a cancel message gets through between steps
    }
    if (error) throw new Error(error);
    if (signal.aborted) throw new DOMException('fine-tuning cancelled', 'AbortError');
    const files = await saveEncoder(encoder);
    const model = await addModel({
      name: `${base.info.name}-ft${losses.length}`,
      source: 'finetune',
      files,
      runtime: 'tfjs',
      encoder,
      config,
      extra: {
        lineage,
        trainedSteps: losses.length,
        backend,
        lastEval: final ? { step: losses.length, result: final } : undefined,
      },
    });
    return { model, losses, backend, seconds: (performance.now() - t0) / 1000, final };
  } catch (e) {
    encoder.dispose();
    throw e;
  }
}

/** The eval set with at most `perLang` queries per language (same selection rule as evaluation). */
function capQueries(ds: Dataset, perLang: number): Dataset {
  const idx = selectQueries(ds, ds.langs, perLang);
  return { ...ds, queries: Array.from(idx, (i) => ds.queries[i]) };
}

async function compare(a: string, b: string, datasetId: string, limit: number): Promise<ModelResponses['modelCompare']> {
  const ds = await dataset(datasetId);
  const texts = [...ds.queries.slice(0, limit).map((q) => q.text), ...ds.candidates.slice(0, limit).map((c) => c.text)];
  const ea = await embedderOf(entry(a)),
    eb = await embedderOf(entry(b));
  if (ea.dim !== eb.dim) throw new Error(`the models have different widths (${ea.dim} vs ${eb.dim})`);
  const maxLength = Math.min(ea.maxLength, eb.maxLength, 128);
  const x = await ea.embedAll(texts, 16, undefined, { maxLength }),
    y = await eb.embedAll(texts, 16, undefined, { maxLength });
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i] - y[i]));
  return { texts: texts.length, maxAbsDiff: d, backend: [runtimeLabel(a), runtimeLabel(b)].join(' vs ') };
}

/** "tfjs wasm" / "onnx wasm": where a model's embeddings were computed. */
function runtimeLabel(key: string): string {
  const i = entry(key).info;
  return i.runtime === 'onnx' ? `ONNX ${i.device ?? '?'}` : `tfjs ${tf.getBackend()}`;
}

async function forward(key: string, texts: string[], maxLength = 64): Promise<ModelResponses['modelForward']> {
  const enc = await tfjsOf(entry(key), 'reading hidden states (modelForward)');
  const batch = enc.tokenizer.encodeBatch(texts, Math.min(maxLength, enc.config.maxLength));
  const [n, L] = batch.shape;
  const H = enc.dim;
  const [h, m] = tf.tidy(() => {
    const hidden = enc.forward(batch);
    return [hidden, enc.pool(hidden, batch.attentionMask, 'mean', false)];
  });
  // Asynchronous read-back: WebGPU's dataSync returns wrong data in current Chromium (see clipGradNormAsync).
  const [hd, md] = [(await h.data()) as Float32Array, (await m.data()) as Float32Array];
  tf.dispose([h, m]);
  const out: ModelResponses['modelForward'] = { backend: tf.getBackend(), inputIds: [], hidden: [], mean: [] };
  for (let i = 0; i < n; i++) {
    const ids: number[] = [],
      rows: number[][] = [];
    for (let j = 0; j < L; j++) {
      if (batch.attentionMask[i * L + j] === 0) continue;
      ids.push(batch.inputIds[i * L + j]);
      rows.push(Array.from(hd.subarray((i * L + j) * H, (i * L + j + 1) * H)));
    }
    out.inputIds.push(ids);
    out.hidden.push(rows);
    out.mean.push(Array.from(md.subarray(i * H, (i + 1) * H)));
  }
  return out;
}

/** The Models panel's handlers; each first restores the models saved before a reload (listed first). */
const handlers: HandlerTable<ModelRequest> = {
  modelHubSize: (req, { signal }) => {
    const s = req.source;
    return modelSize(s.id, {
      baseUrl: s.baseUrl,
      revision: s.revision,
      token: s.token,
      signal,
      weights: req.runtime === 'onnx' ? 'onnx' : 'safetensors',
    });
  },
  modelLoadHub: async (req, { signal, progress }) => {
    const s = req.source;
    const runtime = req.runtime ?? 'tfjs';
    const files = await downloadModel(s.id, {
      baseUrl: s.baseUrl,
      revision: s.revision,
      token: s.token,
      signal,
      weights: runtime === 'onnx' ? 'onnx' : 'safetensors',
      onProgress: (p) =>
        progress({
          phase: `${p.file ? `${p.phase} ${p.file}` : p.phase}${p.note ? ` — ${p.note}` : ''}`,
          done: p.loaded,
          total: p.total ?? 0,
        }),
    });
    progress({ phase: runtime === 'onnx' ? 'starting ONNX Runtime' : 'building the encoder', done: 0, total: 1 });
    return addModel({ name: s.id, source: 'hub', files, runtime, devicePref: req.device });
  },
  modelLoadFiles: async (req) => {
    const { files, zip } = await filesFrom(req.files);
    const where = `the ${zip ? 'zip' : 'folder'} "${req.name}"`;
    if (!files['config.json'])
      throw new Error(`${where}: no config.json at its top — pick a Hugging Face / sentence-transformers model folder`);
    const runtime = req.runtime ?? 'tfjs';
    if (runtime === 'onnx' && !files['onnx/model.onnx'])
      throw new Error(
        `${where}: no onnx/model.onnx — the ONNX runtime needs the model exported to ONNX (e.g. optimum-cli export onnx); choose the runtime "tfjs (trainable)" for safetensors weights`,
      );
    const lineageFile = files['lineage.json'];
    const lineage = lineageFile
      ? ((JSON.parse(new TextDecoder().decode(lineageFile)) as { lineage?: string[] }).lineage ?? [])
      : [];
    return addModel({
      name: req.name,
      source: zip ? 'zip' : 'folder',
      files,
      runtime,
      devicePref: req.device,
      extra: { lineage },
    });
  },
  modelList: () => listInfos(),
  modelRemove: (req) => removeModel(req.key),
  modelEvaluate: async (req, { progress, signal }) => {
    const e = entry(req.key);
    const ds = await dataset(req.datasetId);
    const emb = await embedderOf(e);
    return evaluateEmbedder(emb, ds, {
      settings: req.settings ?? ['monolingual', 'crosslingual', 'multilingual'],
      maxQueriesPerLang: req.maxQueriesPerLang || undefined,
      maxLength: Math.min(emb.maxLength, 128),
      batchSize: emb.runtime === 'onnx' ? 32 : 64,
      onProgress: (done, total) => progress({ phase: 'embed', done, total }),
      yieldPoint: yieldPointOf(signal, 'evaluation'),
    });
  },
  modelFinetune: (req, { progress, signal }) => finetune(req.key, req.params, progress, signal),
  modelExport: async (req) => {
    const e = entry(req.key);
    const files = await exportEncoder(await tfjsOf(e, 'export as a sentence-transformers zip'), {
      name: e.info.name,
      config: e.config,
      lineage: e.info.lineage,
      evaluation: e.info.lastEval,
      trainedSteps: e.info.trainedSteps,
      backend: e.info.backend,
    });
    const zip = writeZip(files);
    return {
      fileName: `${e.info.name.replace(/[^\w.-]+/g, '_')}.zip`,
      zip: zip.buffer as ArrayBuffer,
      files: Object.keys(files).sort(),
    };
  },
  modelEmbed: async (req) => {
    const emb = await embedderOf(entry(req.key));
    return { dim: emb.dim, data: await emb.embedAll(req.texts, 16, undefined, { role: req.role }) };
  },
  modelForward: (req) => forward(req.key, req.texts, req.maxLength),
  modelCompare: (req) => compare(req.a, req.b, req.datasetId, req.limit ?? 50),
  modelTrimVocab: async (req, { progress }) =>
    trimModel(
      req.key,
      await Promise.all(req.datasetIds.map(async (id) => ({ id, data: await dataset(id) }))),
      req.keepTop,
      progress,
    ),
};

export const modelHandlers = Object.fromEntries(
  Object.entries(handlers).map(([type, h]) => [
    type,
    async (req: never, ctx: JobContext) => {
      await restoreSaved();
      return (h as Handler<ModelRequest['type']>)(req, ctx);
    },
  ]),
) as unknown as HandlerTable<ModelRequest>;

/** The job a Models-panel request runs as (jobs.ts); fine-tuning and evaluation hold the backend. */
export function modelJobSpec(req: ModelRequest): JobSpec | undefined {
  const name = (key: string) => {
    try {
      return `"${entry(key).info.name}"`;
    } catch {
      return key;
    }
  };
  switch (req.type) {
    case 'modelFinetune':
      return { kind: 'finetune', label: `fine-tuning of model ${name(req.key)}`, exclusive: true };
    case 'modelEvaluate':
      return { kind: 'model-evaluate', label: `evaluation of model ${name(req.key)}`, exclusive: true };
    case 'modelCompare':
      return { kind: 'model-compute', label: 'a model comparison', exclusive: true };
    case 'modelEmbed':
    case 'modelForward':
      return { kind: 'model-compute', label: `embedding with model ${name(req.key)}`, exclusive: true };
    case 'modelLoadHub':
      return { kind: 'model-load', label: `loading model "${req.source.id}"`, exclusive: false };
    case 'modelLoadFiles':
      return { kind: 'model-load', label: `loading model "${req.name}"`, exclusive: false };
    case 'modelExport':
      return { kind: 'model-compute', label: `export of model ${name(req.key)}`, exclusive: false };
    // Builds the trimmed encoder on the backend.
    case 'modelTrimVocab':
      return { kind: 'model-compute', label: `vocabulary trim of model ${name(req.key)}`, exclusive: true };
    default:
      return undefined;
  }
}
