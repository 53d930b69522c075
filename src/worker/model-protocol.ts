/**
 * Worker messages of the Models panel (pre-trained encoders: Hub / folder / zip in, evaluate, fine-tune a few
 * steps, export as a sentence-transformers zip, compare embeddings). Joined into protocol.ts' Request and
 * Responses; handled by models.ts.
 */
import type { EvalResult, SettingName } from '../core/eval/types';
import type { HubFileInfo } from '../core/model/hub';
import type { TrainableSetting } from '../core/model/trainable';

export interface ModelInfo {
  key: string;
  name: string;
  source: 'hub' | 'folder' | 'zip' | 'finetune';
  /** Bytes of the model's files. */
  bytes: number;
  files: string[];
  modelType: string;
  layers: number;
  hidden: number;
  vocab: number;
  pooling: string;
  normalize: boolean;
  maxLength: number;
  lineage: string[];
  /** Fine-tuned models: steps trained, backend, and the last evaluation (also in the exported model card). */
  trainedSteps?: number;
  backend?: string;
  lastEval?: { step?: number; result: EvalResult };
}

export interface HubSource { id: string; baseUrl?: string; revision?: string; token?: string }

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
}

export interface FinetuneResult {
  model: ModelInfo;
  losses: number[];
  backend: string;
  seconds: number;
  final?: EvalResult;
}

export type ModelRequest =
  | { type: 'modelHubSize'; source: HubSource }
  | { type: 'modelLoadHub'; source: HubSource }
  | { type: 'modelLoadFiles'; name: string; files: Array<{ name: string; bytes: ArrayBuffer }> }
  | { type: 'modelList' }
  | { type: 'modelRemove'; key: string }
  | { type: 'modelEvaluate'; key: string; datasetId: string; settings?: SettingName[]; maxQueriesPerLang?: number }
  | { type: 'modelFinetune'; key: string; params: FinetuneParams }
  | { type: 'modelExport'; key: string }
  | { type: 'modelEmbed'; key: string; texts: string[]; role?: 'query' | 'passage' }
  | { type: 'modelForward'; key: string; texts: string[]; maxLength?: number }
  | { type: 'modelCompare'; a: string; b: string; datasetId: string; limit?: number };

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
}

export const MODEL_REQUESTS: ReadonlySet<string> = new Set(['modelHubSize', 'modelLoadHub', 'modelLoadFiles', 'modelList', 'modelRemove', 'modelEvaluate', 'modelFinetune', 'modelExport', 'modelEmbed', 'modelForward', 'modelCompare']);

export function isModelRequest(r: { type: string }): r is ModelRequest {
  return MODEL_REQUESTS.has(r.type);
}
