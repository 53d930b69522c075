/** Messages between the real-size page (real-size-main.ts), its worker and the driver (bench/real-size-browser.ts). */
export interface RealSizeStepRequest {
  /** Local Hub imitation (tests/helpers/hub-server.ts) and the model id it serves. */
  hubUrl: string;
  modelId: string;
  queries: string[];
  positives: string[];
  /** Embedded after the step for the throughput (same kind of texts). */
  embed: string[];
  maxLength: number;
  recompute: boolean;
}

export interface RealSizeStepResult {
  error?: string;
  backend?: string;
  wasmThreads?: number;
  downloadBytes?: number;
  downloadSeconds?: number;
  buildSeconds?: number;
  rows?: number;
  embeddingsTrainable?: boolean;
  seqLen?: number;
  stepSeconds?: number;
  loss?: number;
  tfBytesModel?: number;
  tfBytesAfterStep?: number;
  /** Embedding throughput after the step: texts of the full sequence length at batch 32, wall seconds. */
  embedTexts?: number;
  embedSeconds?: number;
  embedTextsPerSecond?: number;
  crossOriginIsolated?: boolean;
  userAgent?: string;
}

export type RealSizeWorkerMessage = { type: 'log'; text: string } | { type: 'done'; result: RealSizeStepResult };
