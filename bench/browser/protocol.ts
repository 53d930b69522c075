/** Messages between the benchmark page (main.ts) and its worker (bench.worker.ts). */
export interface TrainBenchOptions {
  backends: string[];
  warmupSteps: number;
  maxSteps: number;
  /** Stop timing a backend after this many seconds (slow backends get fewer steps). */
  maxSeconds: number;
  idbRepeats: number;
  /** setThreadsCount(n) before the wasm backend first initialises (0 = tfjs default); skip IndexedDB when set. */
  wasmThreads: number;
  skipIdb: boolean;
}

export interface BackendRun {
  backend: string;
  ok: boolean;
  error?: string;
  selected?: string;
  selfTestMs?: number;
  tried?: unknown;
  wasmThreads?: number;
  wasmMultithreadSupport?: boolean;
  stepsTimed?: number;
  msPerStep?: number[];
  stepsPerS?: number;
  losses?: number[];
  memory?: { numTensors: number; numBytes: number };
  windowStart?: number;
  windowEnd?: number;
}

export interface IdbRun {
  model: string;
  params: number;
  checkpointBytes: number;
  files: Record<string, number>;
  serializeMs: number[];
  appWriteMs: number[];
  appReadMs: number[];
  rawWriteMs: number[];
  rawReadMs: number[];
  rawFilesWriteMs: number[];
  rawFilesReadMs: number[];
  error?: string;
}

export type WorkerMessage =
  | { type: 'log'; text: string }
  | { type: 'window'; backend: string; edge: 'start' | 'end'; t: number }
  | {
      type: 'done';
      runs: BackendRun[];
      idb: IdbRun[];
      demo: Record<string, unknown>;
      crossOriginIsolated: boolean;
      hardwareConcurrency: number;
      userAgent: string;
      gpu: unknown;
    };
