/**
 * The Models panel's registry in the worker: each model's info, its files and its runtime object — a tfjs
 * BertEncoder (built on first use on the current tfjs backend, freed before a backend switch) or a frozen
 * OnnxEncoder (transformers.js on ONNX Runtime Web, WASM or WebGPU, independent of the tfjs backend).
 * Every model is saved in IndexedDB (model-store.ts) when it is added and listed again after a reload; its
 * files are read back and its runtime built when it is first used.
 */
import type { TextEmbedder } from '../../core/eval/embedder-eval';
import type { ExperimentConfig } from '../../core/experiment/config';
import type { BertEncoder } from '../../core/model/bert';
import { createEncoder, type ModelFiles } from '../../core/model/checkpoint';
import { releaseWeightFiles } from '../../core/model/release';
import type { EncoderConfig } from '../../core/model/config';
import { embedTexts } from '../../core/model/encoder';
import { createOnnxEncoder, type OnnxEncoder } from '../../core/model/onnx-encoder';
import type { ModelInfo, ModelRuntime } from './model-protocol';
import { deleteSavedModel, listSavedModels, loadModelFiles, saveModel } from './model-store';
import { chooseOnnxDevice, probeAdapter, type OnnxDevice, type OnnxDevicePref } from './onnx-device';

export interface Entry {
  info: ModelInfo;
  files?: ModelFiles;
  encoder?: BertEncoder;
  onnx?: Promise<OnnxEncoder>;
  config?: ExperimentConfig;
}

/** A model's embedder for evaluation, comparison and embedding, whatever its runtime. */
export type ModelEmbedder = TextEmbedder & { maxLength: number; runtime: ModelRuntime };

const models = new Map<string, Entry>();
let restoring: Promise<void> | undefined;
let seq = 0;

/** Why the frozen runtime refuses `what` (training, export, hidden states). */
export const frozenMessage = (name: string, what: string): string =>
  `model "${name}" runs on the ONNX runtime (transformers.js), which is frozen: it can evaluate and embed, but ${what} needs the tfjs runtime — load the same folder or Hub id again with the runtime "tfjs (trainable)"`;

/** ONNX Runtime's WASM files from this origin (vite.config.ts serves /ort-wasm/ from node_modules), never a CDN. */
function ortWasmPaths(): string {
  return new URL(`${import.meta.env.BASE_URL}ort-wasm/`, self.location.origin).href;
}

/** Starts an ONNX encoder on the device `pref` resolves to; auto falls back to WASM when WebGPU fails. */
async function startOnnx(
  files: ModelFiles,
  pref: OnnxDevicePref,
): Promise<{ encoder: OnnxEncoder; device: OnnxDevice; reason: string }> {
  const choice = chooseOnnxDevice(pref, pref === 'wasm' ? null : await probeAdapter());
  const wasmPaths = ortWasmPaths();
  try {
    return { encoder: await createOnnxEncoder(files, { device: choice.device, wasmPaths }), ...choice };
  } catch (e) {
    if (choice.device !== 'webgpu' || pref !== 'auto') throw e;
    const encoder = await createOnnxEncoder(files, { device: 'wasm', wasmPaths });
    return { encoder, device: 'wasm', reason: `${choice.reason}, but WebGPU failed (${(e as Error).message}), so WASM` };
  }
}

/** Lists the models saved in IndexedDB (once per worker); a storage failure only logs. */
export function restoreSaved(): Promise<void> {
  restoring ??= listSavedModels().then(
    // The device that ran before the reload is not known to run now: it is set again when the model starts.
    (recs) => {
      for (const r of recs)
        if (!models.has(r.key))
          models.set(r.key, {
            info: { ...r.info, saved: true, storageError: undefined, device: undefined, deviceReason: undefined },
            config: r.config,
          });
    },
    (e) => {
      console.warn('could not read the saved models', e);
    },
  );
  return restoring;
}

export const listInfos = (): ModelInfo[] => [...models.values()].map((e) => e.info);

export function entry(key: string): Entry {
  const e = models.get(key);
  if (!e) throw new Error(`no loaded model "${key}" (it was removed)`);
  return e;
}

export async function filesOf(e: Entry): Promise<ModelFiles> {
  if (!e.files) e.files = await loadModelFiles(e.info.key).catch(() => undefined);
  if (!e.files)
    throw new Error(
      `model "${e.info.name}": its files are no longer in browser storage (IndexedDB) — remove it and load it again`,
    );
  return e.files;
}

/** The tfjs encoder of a tfjs-runtime model (built on first use); ONNX models refuse with `what`. */
export async function tfjsOf(e: Entry, what: string): Promise<BertEncoder> {
  if (e.info.runtime === 'onnx') throw new Error(frozenMessage(e.info.name, what));
  if (!e.encoder) {
    const files = await filesOf(e);
    e.encoder ??= createEncoder(files);
  }
  return e.encoder;
}

function onnxOf(e: Entry): Promise<OnnxEncoder> {
  if (!e.onnx) {
    const p = filesOf(e).then(async (files) => {
      const s = await startOnnx(files, e.info.devicePref ?? 'auto');
      Object.assign(e.info, { device: s.device, deviceReason: s.reason });
      return s.encoder;
    });
    e.onnx = p;
    p.catch(() => {
      if (e.onnx === p) e.onnx = undefined;
    });
  }
  return e.onnx;
}

export async function embedderOf(e: Entry): Promise<ModelEmbedder> {
  if (e.info.runtime === 'onnx') {
    const o = await onnxOf(e);
    return {
      dim: o.dim,
      maxLength: o.config.maxLength,
      runtime: 'onnx',
      embedAll: (t, bs, p, opts) => o.embedAll(t, bs, p, opts),
    };
  }
  const enc = await tfjsOf(e, 'embedding');
  return {
    dim: enc.dim,
    maxLength: enc.config.maxLength,
    runtime: 'tfjs',
    embedAll: (t, bs, p, opts) => embedTexts(enc, t, bs, p, opts),
  };
}

export interface AddOptions {
  name: string;
  source: ModelInfo['source'];
  files: ModelFiles;
  runtime: ModelRuntime;
  devicePref?: OnnxDevicePref;
  extra?: Partial<ModelInfo>;
  /** tfjs: an encoder already built from `files` (a fine-tune's result). */
  encoder?: BertEncoder;
  /** Fine-tuned: the run's config (model card). */
  config?: ExperimentConfig;
}

/**
 * The largest model folder written to IndexedDB: the 487 MB real-size model's write never finished in headless
 * Chromium 156 (tests/e2e/real-size-hub.spec.ts: nothing reached the profile in 5 minutes, and a pending
 * read-write transaction would block every later save and listing). A bigger model is listed as not saved.
 */
const MAX_SAVED_BYTES = 256 * 2 ** 20;

/** Validates the model by building its runtime, lists it and saves it in IndexedDB (a failed save is reported in info.storageError). */
export async function addModel(o: AddOptions): Promise<ModelInfo> {
  const e: Entry = { info: undefined as unknown as ModelInfo, files: o.files, config: o.config };
  let cfg: EncoderConfig;
  let device: Partial<ModelInfo> = {};
  if (o.runtime === 'onnx') {
    const s = await startOnnx(o.files, o.devicePref ?? 'auto');
    e.onnx = Promise.resolve(s.encoder);
    cfg = s.encoder.config;
    device = { devicePref: o.devicePref ?? 'auto', device: s.device, deviceReason: s.reason };
  } else {
    e.encoder = o.encoder ?? createEncoder(o.files);
    cfg = e.encoder.config;
  }
  const m = cfg.model;
  e.info = {
    key: `m${Date.now().toString(36)}${(++seq).toString(36)}`,
    name: o.name,
    source: o.source,
    runtime: o.runtime,
    saved: false,
    bytes: Object.values(o.files).reduce((s, f) => s + f.byteLength, 0),
    files: Object.keys(o.files).sort(),
    modelType: m.modelType,
    layers: m.numHiddenLayers,
    hidden: m.hiddenSize,
    vocab: m.vocabSize,
    params: e.encoder ? Object.values(e.encoder.allVariables()).reduce((s, v) => s + v.size, 0) : undefined,
    pooling: cfg.pooling,
    normalize: cfg.normalize,
    maxLength: cfg.maxLength,
    lineage: [],
    ...device,
    ...o.extra,
  };
  try {
    if (e.info.bytes > MAX_SAVED_BYTES)
      throw new Error(
        `${(e.info.bytes / 2 ** 20).toFixed(0)} MiB is over the ${MAX_SAVED_BYTES / 2 ** 20} MiB this app writes to browser storage at once — load it again after a reload`,
      );
    await saveModel({ ...e.info, saved: true }, o.files, o.config);
    e.info.saved = true;
    // Saved: IndexedDB holds the files (filesOf reads them back for a trim, an export, a rebuild), so the worker
    // need not keep a second, in-memory copy of a 471 MB model for the tab's life (issue 17: under 2 GB).
    if (e.encoder || e.onnx) e.files = undefined;
    // The weights' memory now, not at some later GC (wasm: the encoder copied them). Only a download's: its
    // bytes are the Hub module's alone, where a trim's or a fine-tune's files may share another model's.
    if (e.encoder && o.source === 'hub') releaseWeightFiles(o.files);
  } catch (err) {
    e.info.storageError = (err as Error).message;
  }
  models.set(e.info.key, e);
  return e.info;
}

/** Removes a model from IndexedDB first (a failure leaves it listed), then frees its runtime. */
export async function removeModel(key: string): Promise<ModelInfo[]> {
  const e = models.get(key);
  if (!e) return listInfos();
  if (e.info.saved) {
    try {
      await deleteSavedModel(key);
    } catch (err) {
      throw new Error(`model "${e.info.name}" could not be removed from browser storage: ${(err as Error).message}`);
    }
  }
  models.delete(key);
  e.encoder?.dispose();
  void e.onnx?.then((x) => x.dispose()).catch(() => undefined);
  return listInfos();
}

/** Free every tfjs encoder (before a backend switch); files stay, encoders are rebuilt on use. ONNX models are unaffected. */
export function releaseTfjs(): void {
  for (const e of models.values()) {
    e.encoder?.dispose();
    e.encoder = undefined;
  }
}
