/**
 * The Models panel's engine side: pre-trained (or exported) encoders held in the worker — from the Hub (or a
 * server with its URL layout), a picked folder or a zip — evaluated on a dataset, fine-tuned a few steps with
 * the core runner (runTraining), exported as a sentence-transformers zip, compared embedding by embedding.
 *
 * Each model keeps its files (bytes); its tfjs encoder is built on first use on the current backend and freed
 * by releaseModels() before a backend switch (weights live on the backend that made them).
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../core/data/types';
import { selectQueries } from '../core/eval/evaluate';
import type { EvalResult } from '../core/eval/types';
import { resolveConfig, type DatasetRef, type ExperimentConfig } from '../core/experiment/config';
import { exportEncoder } from '../core/experiment/export';
import type { BertEncoder } from '../core/model/bert';
import { createEncoder, saveEncoder, type ModelFiles } from '../core/model/checkpoint';
import { embedTexts } from '../core/model/encoder';
import { downloadModel, modelSize } from '../core/model/hub';
import { stripCommonRoot } from '../core/model/sentence-transformers';
import type { RunEvent } from '../core/train/events';
import { evaluateEncoder, runTraining } from '../core/train/runner';
import { readZip, writeZip } from '../core/util/zip';
import { getDataset, listDatasets, loadDemo } from './datasets';
import type { FinetuneParams, FinetuneResult, ModelInfo, ModelRequest, ModelResponses } from './model-protocol';
import type { Progress } from './protocol';

interface Entry { info: ModelInfo; files: ModelFiles; encoder?: BertEncoder; /** Fine-tuned: the run's config (model card). */ config?: ExperimentConfig }

const models = new Map<string, Entry>();
let seq = 0;

/** Free every model's encoder (before a backend switch); the files stay, encoders are rebuilt on use. */
export function releaseModels(): void {
  for (const e of models.values()) { e.encoder?.dispose(); e.encoder = undefined; }
}

function entry(key: string): Entry {
  const e = models.get(key);
  if (!e) throw new Error(`no loaded model "${key}" (it was removed, or the page was reloaded)`);
  return e;
}

function encoderOf(e: Entry): BertEncoder {
  e.encoder ??= createEncoder(e.files);
  return e.encoder;
}

function add(name: string, source: ModelInfo['source'], files: ModelFiles, extra: Partial<ModelInfo> = {}, encoder?: BertEncoder, config?: ExperimentConfig): ModelInfo {
  // Building the encoder validates the folder (config, weights, tokenizer) before it is listed.
  const enc = encoder ?? createEncoder(files);
  const m = enc.config.model;
  const key = `m${++seq}`;
  const info: ModelInfo = {
    key, name, source, bytes: Object.values(files).reduce((s, f) => s + f.byteLength, 0), files: Object.keys(files).sort(),
    modelType: m.modelType, layers: m.numHiddenLayers, hidden: m.hiddenSize, vocab: m.vocabSize, pooling: enc.config.pooling,
    normalize: enc.config.normalize, maxLength: enc.config.maxLength, lineage: [], ...extra,
  };
  models.set(key, { info, files, encoder: enc, config });
  return info;
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

const refFor = (id: string): DatasetRef => (id === 'demo:train' || id === 'demo:eval' ? { source: 'demo', split: id === 'demo:train' ? 'train' : 'eval' } : { source: 'path', path: id });

async function finetune(key: string, p: FinetuneParams, onProgress: (p: Progress) => void, signal: AbortSignal): Promise<FinetuneResult> {
  const base = entry(key);
  const [train, evalDs] = [await dataset(p.trainId), await dataset(p.evalId)];
  const config = resolveConfig({
    name: `${base.info.name}-ft`, train: refFor(p.trainId), eval: refFor(p.evalId), alpha: p.alpha, batchSize: p.batchSize, steps: p.steps, lr: p.lr,
    warmupSteps: 0, evalEvery: 0, evalMaxQueriesPerLang: p.evalMaxQueriesPerLang ?? 0, checkpointEvery: 0, maxLength: p.maxLength, seed: p.seed ?? 42,
    trainable: p.trainable, model: { init: 'path', path: base.info.name },
  });
  // A fresh copy: the base model stays as it was; the fine-tuned one becomes a new entry.
  const encoder = createEncoder(base.files, { maxLength: p.maxLength });
  const lineage = [...base.info.lineage, base.info.name];
  const losses: number[] = [];
  let final: EvalResult | undefined;
  let error: string | undefined;
  const t0 = performance.now();
  const backend = tf.getBackend();
  try {
    const run = runTraining({
      config, train, eval: evalDs, encoder, runId: `ft-${Date.now().toString(36)}`, backend, lineage, signal,
      // The final evaluation uses every eval query unless capped (the runner's rule for the last eval).
      ...(p.evalMaxQueriesPerLang ? { eval: capQueries(evalDs, p.evalMaxQueriesPerLang) } : {}),
      onEvalProgress: (done, total) => onProgress({ phase: 'evaluate', done, total }),
    });
    for await (const ev of run as AsyncGenerator<RunEvent>) {
      if (ev.type === 'step') { losses.push(ev.loss); onProgress({ phase: 'train', done: ev.step, total: p.steps }); }
      if (ev.type === 'eval' && ev.final) final = ev.result;
      if (ev.type === 'error') error = ev.message;
    }
    if (error) throw new Error(error);
    if (signal.aborted) throw new DOMException('fine-tuning cancelled', 'AbortError');
    const files = await saveEncoder(encoder);
    const model = add(`${base.info.name}-ft${losses.length}`, 'finetune', files, {
      lineage, trainedSteps: losses.length, backend, lastEval: final ? { step: losses.length, result: final } : undefined,
    }, encoder, config);
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
  const ea = encoderOf(entry(a)), eb = encoderOf(entry(b));
  const maxLength = Math.min(ea.config.maxLength, eb.config.maxLength, 128);
  const x = await embedTexts(ea, texts, 16, undefined, { maxLength }), y = await embedTexts(eb, texts, 16, undefined, { maxLength });
  if (x.length !== y.length) throw new Error(`the models have different widths (${ea.dim} vs ${eb.dim})`);
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i] - y[i]));
  return { texts: texts.length, maxAbsDiff: d, backend: tf.getBackend() };
}

async function forward(key: string, texts: string[], maxLength = 64): Promise<ModelResponses['modelForward']> {
  const enc = encoderOf(entry(key));
  const batch = enc.tokenizer.encodeBatch(texts, Math.min(maxLength, enc.config.maxLength));
  const [n, L] = batch.shape;
  const H = enc.dim;
  const [h, m] = tf.tidy(() => {
    const hidden = enc.forward(batch);
    return [hidden, enc.pool(hidden, batch.attentionMask, 'mean', false)];
  });
  // Asynchronous read-back: WebGPU's dataSync returns wrong data in current Chromium (see clipGradNormAsync).
  const [hd, md] = [await h.data() as Float32Array, await m.data() as Float32Array];
  tf.dispose([h, m]);
  const out: ModelResponses['modelForward'] = { backend: tf.getBackend(), inputIds: [], hidden: [], mean: [] };
  for (let i = 0; i < n; i++) {
    const ids: number[] = [], rows: number[][] = [];
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

export async function handleModelRequest(req: ModelRequest, onProgress: (p: Progress) => void, signal: AbortSignal): Promise<unknown> {
  switch (req.type) {
    case 'modelHubSize': {
      const s = req.source;
      return modelSize(s.id, { baseUrl: s.baseUrl, revision: s.revision, token: s.token, signal });
    }
    case 'modelLoadHub': {
      const s = req.source;
      const files = await downloadModel(s.id, {
        baseUrl: s.baseUrl, revision: s.revision, token: s.token, signal,
        onProgress: (p) => onProgress({ phase: p.file ? `${p.phase} ${p.file}` : p.phase, done: p.loaded, total: p.total ?? 0 }),
      });
      return add(s.id, 'hub', files, { lineage: [] });
    }
    case 'modelLoadFiles': {
      const { files, zip } = await filesFrom(req.files);
      if (!files['config.json']) throw new Error(`${req.name}: no config.json at the top of the ${zip ? 'zip' : 'folder'} — pick a Hugging Face / sentence-transformers model folder`);
      const lineageFile = files['lineage.json'];
      const lineage = lineageFile ? ((JSON.parse(new TextDecoder().decode(lineageFile)) as { lineage?: string[] }).lineage ?? []) : [];
      return add(req.name, zip ? 'zip' : 'folder', files, { lineage });
    }
    case 'modelList': return [...models.values()].map((e) => e.info);
    case 'modelRemove': {
      models.get(req.key)?.encoder?.dispose();
      models.delete(req.key);
      return [...models.values()].map((e) => e.info);
    }
    case 'modelEvaluate': {
      const e = entry(req.key);
      const ds = await dataset(req.datasetId);
      return evaluateEncoder(encoderOf(e), ds, {
        settings: req.settings ?? ['monolingual', 'crosslingual', 'multilingual'], maxQueriesPerLang: req.maxQueriesPerLang || undefined,
        maxLength: Math.min(e.info.maxLength, 128), onProgress: (done, total) => onProgress({ phase: 'embed', done, total }),
      });
    }
    case 'modelFinetune': return finetune(req.key, req.params, onProgress, signal);
    case 'modelExport': {
      const e = entry(req.key);
      const files = await exportEncoder(encoderOf(e), {
        name: e.info.name, config: e.config, lineage: e.info.lineage, evaluation: e.info.lastEval, trainedSteps: e.info.trainedSteps, backend: e.info.backend,
      });
      const zip = writeZip(files);
      return { fileName: `${e.info.name.replace(/[^\w.-]+/g, '_')}.zip`, zip: zip.buffer, files: Object.keys(files).sort() };
    }
    case 'modelEmbed': {
      const enc = encoderOf(entry(req.key));
      return { dim: enc.dim, data: await embedTexts(enc, req.texts, 16, undefined, { role: req.role }) };
    }
    case 'modelForward': return forward(req.key, req.texts, req.maxLength);
    case 'modelCompare': return compare(req.a, req.b, req.datasetId, req.limit ?? 50);
  }
}
