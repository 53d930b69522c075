/**
 * The run event stream: the only thing the CLI and the UI consume from a run. JSON-serialisable (events.jsonl
 * line per event, postMessage from the worker). Checkpoint bytes travel separately (see CheckpointSink).
 */
import type { EvalResult } from '../eval/types';
import type { ExperimentConfig } from '../experiment/config';

export type RunEvent =
  | { type: 'start'; runId: string; config: ExperimentConfig; backend: string; startStep: number; lineage: string[]; trainPairs: number; langs: string[]; time: string }
  | { type: 'step'; step: number; loss: number; lr: number; gradNorm: number; ms: number }
  | { type: 'composition'; step: number; kind: 'mono' | 'cross'; lang?: string; size: number; pairs: Record<string, number> }
  | { type: 'eval'; step: number; final: boolean; result: EvalResult }
  | { type: 'checkpoint'; step: number; path: string }
  | { type: 'done'; step: number; seconds: number }
  | { type: 'error'; step: number; message: string; lastCheckpoint?: string };

export type RunEventType = RunEvent['type'];
