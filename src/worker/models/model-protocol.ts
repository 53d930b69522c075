/**
 * Worker messages of the Models panel (pre-trained encoders: Hub / folder / zip in — tfjs or frozen ONNX
 * runtime —, saved in IndexedDB, evaluate, fine-tune a few steps, export as a sentence-transformers zip,
 * compare embeddings). Joined into protocol.ts' Request and
 * Responses; handled by models.ts.
 */
import type { EvalResult, SettingName } from '../../core/eval/types';
import type { HubFileInfo } from '../../core/model/hub';
import type { TrimStats } from '../../core/model/trim-vocab';
import type { TrainableSetting } from '../../core/model/trainable';
import type { OnnxDevicePref } from './onnx-device';

/**
 * How a model runs: 'tfjs' — our encoder on the tfjs backend (safetensors weights; evaluate, fine-tune, export);
 * 'onnx' — onnx/model.onnx through transformers.js (ONNX Runtime Web, WASM or WebGPU): frozen, evaluate/embed only.
 */
export type ModelRuntime = 'tfjs' | 'onnx';

export interface ModelInfo {
  key: string;
  name: string;
  source: 'hub' | 'folder' | 'zip' | 'finetune' | 'trim';
  /** Bytes of the model's files. */
  bytes: number;
  files: string[];
  modelType: string;
  layers: number;
  hidden: number;
  vocab: number;
  /** tfjs: the encoder's parameters (every variable, frozen ones included); unknown for an ONNX model. */
  params?: number;
  pooling: string;
  normalize: boolean;
  maxLength: number;
  lineage: string[];
  runtime: ModelRuntime;
  /** ONNX: the device asked for, the one that ran (set once the model is loaded) and why it was picked. */
  devicePref?: OnnxDevicePref;
  device?: 'wasm' | 'webgpu';
  deviceReason?: string;
  /** In IndexedDB (listed again after a reload); when saving failed, `storageError` says why and what to do. */
  saved: boolean;
  storageError?: string;
  /** Fine-tuned models: steps trained, backend, and the last evaluation (also in the exported model card). */
  trainedSteps?: number;
  backend?: string;
  lastEval?: { step?: number; result: EvalResult };
  /** Vocabulary-trimmed models: the parameter counts before and after and what was kept. */
  trim?: TrimStats;
}

export type { TrimStats };

export interface TrimResult extends TrimStats {
  model: ModelInfo;
  seconds: number;
}

export interface HubSource {
  id: string;
  baseUrl?: string;
  revision?: string;
  token?: string;
}

export interface FinetuneParams {
  /** Worker dataset ids (e.g. "demo:train", "demo:eval"). */
  trainId: string;
  evalId: string;
  steps: number;
  batchSize: number;
  alpha: number;
  lr: number;
  maxLength: number;
  trainable: TrainableSetting;
  /** Cap on eval queries per language of the final evaluation; 0 = all. */
  evalMaxQueriesPerLang?: number;
  seed?: number;
  /** Recompute each layer's activations in the backward pass (core/model/recompute.ts): same gradients, far less memory, ~⅓ more compute. */
  recomputeLayers?: boolean;
}

export interface FinetuneResult {
  model: ModelInfo;
  losses: number[];
  backend: string;
  seconds: number;
  final?: EvalResult;
}

export type ModelRequest =
  | { type: 'modelHubSize'; source: HubSource; runtime?: ModelRuntime }
  | { type: 'modelLoadHub'; source: HubSource; runtime?: ModelRuntime; device?: OnnxDevicePref }
  | {
      type: 'modelLoadFiles';
      name: string;
      files: Array<{ name: string; bytes: ArrayBuffer }>;
      runtime?: ModelRuntime;
      device?: OnnxDevicePref;
    }
  | { type: 'modelList' }
  | { type: 'modelRemove'; key: string }
  | { type: 'modelEvaluate'; key: string; datasetId: string; settings?: SettingName[]; maxQueriesPerLang?: number }
  | { type: 'modelFinetune'; key: string; params: FinetuneParams }
  | { type: 'modelExport'; key: string }
  | { type: 'modelEmbed'; key: string; texts: string[]; role?: 'query' | 'passage' }
  | { type: 'modelForward'; key: string; texts: string[]; maxLength?: number }
  | { type: 'modelCompare'; a: string; b: string; datasetId: string; limit?: number }
  /** A new model with the vocabulary cut to the datasets' texts (+ the keepTop most frequent pieces). */
  | { type: 'modelTrimVocab'; key: string; datasetIds: string[]; keepTop?: number };

export interface ModelResponses {
  modelHubSize: { files: HubFileInfo[]; bytes?: number };
  modelLoadHub: ModelInfo;
  modelLoadFiles: ModelInfo;
  modelList: ModelInfo[];
  modelRemove: ModelInfo[];
  modelEvaluate: EvalResult;
  modelFinetune: FinetuneResult;
  modelExport: { fileName: string; zip: ArrayBuffer; files: string[] };
  modelEmbed: { dim: number; data: Float32Array };
  /** Hidden states at non-padded positions [text][token][dim] and mean pooling (not normalised) [text][dim]. */
  modelForward: { backend: string; inputIds: number[][]; hidden: number[][][]; mean: number[][] };
  /** max |Δ| between the two models' embeddings of the dataset's first `limit` queries and candidates. */
  modelCompare: { texts: number; maxAbsDiff: number; backend: string };
  modelTrimVocab: TrimResult;
}

export const MODEL_REQUESTS: ReadonlySet<string> = new Set([
  'modelHubSize',
  'modelLoadHub',
  'modelLoadFiles',
  'modelList',
  'modelRemove',
  'modelEvaluate',
  'modelFinetune',
  'modelExport',
  'modelEmbed',
  'modelForward',
  'modelCompare',
  'modelTrimVocab',
]);

export function isModelRequest(r: { type: string }): r is ModelRequest {
  return MODEL_REQUESTS.has(r.type);
}
