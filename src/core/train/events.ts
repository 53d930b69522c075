/**
 * The run event stream: the only thing the CLI and the UI consume from a run. JSON-serialisable (events.jsonl
 * line per event, postMessage from the worker). Checkpoint bytes travel separately (see CheckpointSink).
 */
import type { EvalResult } from '../eval/types';
import type { ExperimentConfig } from '../experiment/config';
import type { QuerySet } from './query-sets';

export type RunEvent =
  | {
      type: 'start';
      runId: string;
      config: ExperimentConfig;
      backend: string;
      startStep: number;
      lineage: string[];
      trainPairs: number;
      langs: string[];
      time: string;
    }
  | { type: 'step'; step: number; loss: number; lr: number; gradNorm: number; ms: number }
  | { type: 'composition'; step: number; kind: 'mono' | 'cross'; lang?: string; size: number; pairs: Record<string, number> }
  /** `querySet`: the queries evaluated (absent in events written before it existed: treat as unknown). */
  | { type: 'eval'; step: number; final: boolean; querySet?: QuerySet; result: EvalResult }
  /** `ms`: how long saving took (absent in older events). */
  | { type: 'checkpoint'; step: number; path: string; ms?: number }
  | { type: 'done'; step: number; seconds: number }
  | { type: 'error'; step: number; message: string; lastCheckpoint?: string };

export type RunEventType = RunEvent['type'];
