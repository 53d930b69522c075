/** Messages between the peers page (peers-main.ts), its worker (peers.worker.ts) and the driver (bench/browser-peers.ts). */
export interface PeersRequest {
  mode: 'encode' | 'train';
  /** setThreadsCount(n) for tfjs-wasm and ort.env.wasm.numThreads = n, both before their first init. */
  threads: number;
  /** encode: interleaved rounds (after one warm-up round) over all texts. */
  rounds: number;
  batch: number;
  /** train: warm-up + timed steps of a fresh AdamW on the same batch (as bench/train-step.ts). */
  warmup: number;
  repeats: number;
}

/** One timed side: wall ms per pass/step and the browser's CPU ms over the same interval (all its processes). */
export interface TimedSide {
  wallMs: number[];
  cpuMs: number[];
}

export interface PeersResult {
  error?: string;
  crossOriginIsolated: boolean;
  userAgent: string;
  hardwareConcurrency: number;
  threads: {
    requested: number;
    tfjsActual?: number;
    tfjsMultithreadSupport?: boolean;
    /** The tfjs-wasm binary the worker fetched (threaded-simd / simd / plain). */
    tfjsWasmFile?: string;
    ortNumThreads?: number;
    /** navigator.hardwareConcurrency as the worker showed it to tfjs's init (see peers.worker.ts), when changed. */
    hardwareConcurrencyShown?: number;
  };
  tfjsBackend?: string;
  ours?: TimedSide & { losses?: number[]; gradNorms?: number[] };
  ortWeb?: TimedSide;
  /** encode: the embeddings of the warm-up round (row-major [texts, dim]), for the parity checks. */
  oursEmbeddings?: number[];
  ortEmbeddings?: number[];
  tokenizeMsPerPass?: number;
  ortVersion?: string;
}

export type PeersWorkerMessage =
  | { type: 'log'; text: string }
  | { type: 'cpu'; id: number }
  | { type: 'done'; result: PeersResult };

/** Page → worker: the request, or the answer to a CPU-time mark. */
export type PeersPageMessage = { type: 'run'; req: PeersRequest } | { type: 'cpu'; id: number; ms: number };
