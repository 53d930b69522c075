/**
 * The Models tab's state and its worker calls: the loaded models (the worker's list: IndexedDB plus those loaded
 * since), the selection, the one model request in flight (label, progress, cancel), its error, the forms' values
 * and the last evaluation, fine-tuning and comparison. One request at a time from this tab; whether the backend
 * is free is the worker's job manager's to say (a refusal is shown as the error).
 */
import type { EvalResult } from '../../core/eval/types';
import type { HubFileInfo } from '../../core/model/hub';
import type { TrainableSetting } from '../../core/model/trainable';
import { engine, type Call } from '../../worker/client';
import type { FinetuneResult, ModelInfo, ModelRuntime, TrimResult } from '../../worker/models/model-protocol';
import type { OnnxDevicePref } from '../../worker/models/onnx-device';
import type { Progress, Request, Responses } from '../../worker/protocol';
import { errorMessage, type Slice } from './types';

export type TrainableMode = 'all' | 'all-but-embeddings' | 'top-k' | 'pooling-only';
/** `recompute`: keep only each layer's input and recompute it in the backward pass (same gradients, less memory). */
export interface FinetuneForm {
  steps: number;
  batchSize: number;
  alpha: number;
  lr: number;
  mode: TrainableMode;
  k: number;
  recompute: boolean;
}
export interface ModelJob {
  label: string;
  progress: Progress | null;
  cancel: () => void;
}
export interface ModelEvaluation {
  key: string;
  runtime: string;
  result: EvalResult;
}
export interface HubSize {
  id: string;
  runtime: ModelRuntime;
  files: HubFileInfo[];
  bytes?: number;
}
/** The "Load a model" card's fields: where from, and which runtime (and ONNX device) runs it. */
export interface LoaderForm {
  hubId: string;
  baseUrl: string;
  runtime: ModelRuntime;
  device: OnnxDevicePref;
}
/** The form fields of the tab (setModelForm patches them). */
export interface ModelForm {
  evalDs: string;
  trainDs: string;
  maxQ: number;
  ft: FinetuneForm;
  compareWith: string;
}

export interface ModelsSlice {
  models: ModelInfo[];
  selectedModel: string | null;
  /** The request in flight; null when the tab is idle. */
  modelJob: ModelJob | null;
  modelError: string | null;
  modelForm: ModelForm;
  modelEval: ModelEvaluation | null;
  modelFinetuned: FinetuneResult | null;
  modelComparison: Responses['modelCompare'] | null;
  /** The last vocabulary trim (a new model; the original stays). */
  modelTrimmed: TrimResult | null;
  hubSize: HubSize | null;
  loaderForm: LoaderForm;
  /** A new Hub id, base URL or runtime forgets the size checked for the old one. */
  setLoaderForm: (patch: Partial<LoaderForm>) => void;
  listModels: () => Promise<void>;
  selectModel: (key: string) => void;
  setModelForm: (patch: Partial<ModelForm>) => void;
  setFinetuneForm: (patch: Partial<FinetuneForm>) => void;
  /** One model request with the tab's busy state, progress and error; undefined when it failed (the error is shown). */
  modelRequest: <R extends Request>(
    label: string,
    req: R,
    transfer?: Transferable[],
  ) => Promise<Responses[R['type']] | undefined>;
  /** The size of the loader form's Hub model (its files for the form's runtime). */
  checkHubSize: () => Promise<void>;
  /** Download the loader form's Hub model; it is listed and selected. */
  loadHubModel: () => Promise<void>;
  /** Load a picked folder or zip with the form's runtime; it is listed and selected. */
  loadModelFiles: (name: string, files: Array<{ name: string; bytes: ArrayBuffer }>) => Promise<void>;
  evaluateModel: () => Promise<void>;
  finetuneModel: () => Promise<void>;
  /** The selected model as a sentence-transformers zip: the bytes and the file name to save them under. */
  exportModel: () => Promise<Responses['modelExport'] | undefined>;
  removeModel: (key: string) => Promise<void>;
  compareModels: () => Promise<void>;
  /** Trim the selected model's vocabulary to the pieces these datasets use (+ the N most frequent): a new model, selected. */
  trimModel: (datasetIds: string[], keepTop: number) => Promise<void>;
  cancelModelJob: () => void;
}

/** "tfjs" or "ONNX (frozen) on wasm" — what runs the model. */
export function runtimeText(m: ModelInfo): string {
  return m.runtime === 'onnx' ? `ONNX (frozen) on ${m.device ?? `${m.devicePref ?? 'auto'} (starts on first use)`}` : 'tfjs';
}

export const selectedModelOf = (s: { models: ModelInfo[]; selectedModel: string | null }): ModelInfo | null =>
  s.models.find((m) => m.key === s.selectedModel) ?? null;

/** A frozen (ONNX) model evaluates and embeds only: no fine-tuning, no export. */
export const isFrozen = (m: ModelInfo | null): boolean => m?.runtime === 'onnx';

export const trainableOf = (ft: FinetuneForm): TrainableSetting => (ft.mode === 'top-k' ? { mode: 'top-k', k: ft.k } : ft.mode);

export const createModelsSlice: Slice<ModelsSlice> = (set, get) => {
  /** The worker's list; the selection kept when the model is still there, else the last one. */
  const refresh = async (): Promise<ModelInfo[]> => {
    const list = await engine().request({ type: 'modelList' });
    set((s) => ({
      models: list,
      selectedModel:
        s.selectedModel && list.some((m) => m.key === s.selectedModel) ? s.selectedModel : (list[list.length - 1]?.key ?? null),
    }));
    return list;
  };
  const listed = (m: ModelInfo | undefined) => {
    if (m) set((s) => ({ models: [...s.models.filter((x) => x.key !== m.key), m], selectedModel: m.key }));
  };
  const source = () => ({ id: get().loaderForm.hubId.trim(), baseUrl: get().loaderForm.baseUrl.trim() });
  /** The runtime fields of a load request: the device only for ONNX. */
  const runtimeOf = () => {
    const { runtime, device } = get().loaderForm;
    return runtime === 'onnx' ? { runtime, device } : { runtime };
  };

  return {
    models: [],
    selectedModel: null,
    modelJob: null,
    modelError: null,
    modelForm: {
      evalDs: 'demo:eval',
      trainDs: 'demo:train',
      maxQ: 20,
      ft: { steps: 2, batchSize: 8, alpha: 0.5, lr: 2e-5, mode: 'all', k: 1, recompute: false },
      compareWith: '',
    },
    modelEval: null,
    modelFinetuned: null,
    modelComparison: null,
    modelTrimmed: null,
    hubSize: null,
    loaderForm: { hubId: 'intfloat/multilingual-e5-small', baseUrl: 'https://huggingface.co', runtime: 'tfjs', device: 'auto' },
    setLoaderForm: (patch) =>
      set((s) => ({
        loaderForm: { ...s.loaderForm, ...patch },
        ...('hubId' in patch || 'baseUrl' in patch || 'runtime' in patch ? { hubSize: null } : {}),
      })),

    async listModels() {
      try {
        await refresh();
      } catch (e) {
        set({ modelError: `could not list the saved models: ${errorMessage(e)}` });
      }
    },
    selectModel: (key) => set({ selectedModel: key }),
    setModelForm: (patch) => set((s) => ({ modelForm: { ...s.modelForm, ...patch } })),
    setFinetuneForm: (patch) => set((s) => ({ modelForm: { ...s.modelForm, ft: { ...s.modelForm.ft, ...patch } } })),

    async modelRequest(label, req, transfer) {
      const call = engine().call(
        req,
        (p) => set((s) => (s.modelJob ? { modelJob: { ...s.modelJob, progress: p } } : {})),
        transfer,
      );
      set({ modelJob: { label, progress: null, cancel: (call as Call<unknown>).cancel }, modelError: null });
      try {
        return await call.promise;
      } catch (e) {
        set({ modelError: errorMessage(e) });
        return undefined;
      } finally {
        set({ modelJob: null });
      }
    },

    async checkHubSize() {
      set({ hubSize: null });
      const src = source(),
        { runtime } = get().loaderForm;
      const r = await get().modelRequest('size', { type: 'modelHubSize', source: src, runtime });
      if (r) set({ hubSize: { id: src.id, runtime, ...r } });
    },
    async loadHubModel() {
      listed(await get().modelRequest('download', { type: 'modelLoadHub', source: source(), ...runtimeOf() }));
    },
    async loadModelFiles(name, files) {
      listed(
        await get().modelRequest(
          'import',
          { type: 'modelLoadFiles', name, files, ...runtimeOf() },
          files.map((f) => f.bytes),
        ),
      );
    },

    async evaluateModel() {
      const model = selectedModelOf(get());
      if (!model) return;
      const { evalDs, maxQ } = get().modelForm;
      const r = await get().modelRequest('evaluate', {
        type: 'modelEvaluate',
        key: model.key,
        datasetId: evalDs,
        maxQueriesPerLang: maxQ,
      });
      if (!r) return;
      // An ONNX model starts its session on first use (e.g. after a reload): the list then knows its device.
      const m = (await refresh().catch(() => get().models)).find((x) => x.key === model.key) ?? model;
      set({ modelEval: { key: model.key, runtime: runtimeText(m), result: r } });
    },

    async finetuneModel() {
      const model = selectedModelOf(get());
      if (!model) return;
      const { evalDs, trainDs, maxQ, ft } = get().modelForm;
      const r = await get().modelRequest('fine-tune', {
        type: 'modelFinetune',
        key: model.key,
        params: {
          trainId: trainDs,
          evalId: evalDs,
          steps: ft.steps,
          batchSize: ft.batchSize,
          alpha: ft.alpha,
          lr: ft.lr,
          maxLength: Math.min(model.maxLength, 64),
          trainable: trainableOf(ft),
          evalMaxQueriesPerLang: maxQ,
          recomputeLayers: ft.recompute,
        },
      });
      if (!r) return;
      set({ modelFinetuned: r });
      listed(r.model);
      get().setModelForm({ compareWith: model.key });
    },

    async exportModel() {
      const model = selectedModelOf(get());
      if (!model) return undefined;
      return get().modelRequest('export', { type: 'modelExport', key: model.key });
    },

    async removeModel(key) {
      const r = await get().modelRequest('remove', { type: 'modelRemove', key });
      if (!r) return;
      set((s) => ({
        models: r,
        selectedModel: s.selectedModel === key ? (r[0]?.key ?? null) : s.selectedModel,
        modelEval: s.modelEval?.key === key ? null : s.modelEval,
      }));
    },

    async compareModels() {
      const model = selectedModelOf(get());
      const other = get().modelForm.compareWith;
      if (!model || !other) return;
      set({ modelComparison: null });
      const r = await get().modelRequest('compare', {
        type: 'modelCompare',
        a: model.key,
        b: other,
        datasetId: get().modelForm.evalDs,
        limit: 40,
      });
      if (r) set({ modelComparison: r });
    },

    async trimModel(datasetIds, keepTop) {
      const model = selectedModelOf(get());
      if (!model || datasetIds.length === 0) return;
      const r = await get().modelRequest('trim vocabulary', {
        type: 'modelTrimVocab',
        key: model.key,
        datasetIds,
        keepTop: keepTop || undefined,
      });
      if (!r) return;
      set({ modelTrimmed: r });
      listed(r.model);
      get().setModelForm({ compareWith: model.key });
    },

    cancelModelJob: () => get().modelJob?.cancel(),
  };
};
