/**
 * The browser α-sweep as a persisted queue in the worker (sweep.ts): its record, requests and responses.
 * Joined into protocol.ts' Request and Responses; the record is also broadcast after every change.
 */
import type { ExperimentConfig } from '../../core/experiment/config';

export type SweepStatus = 'running' | 'done' | 'stopped' | 'interrupted' | 'error';

export interface SweepRunState {
  /** The plan id (`alpha-<α>`). */
  planId: string;
  alpha: number;
  /** The run's seed (sweeps with a seed list; absent: the base's seed). */
  seed?: number;
  /** The ordinary run that trains it, once started. */
  runId?: string;
  state: 'pending' | 'training' | 'done';
}

export interface SweepRecord {
  id: string;
  status: SweepStatus;
  /** The Experiment tab's config when the sweep started; each run is it with its own α and name. */
  base: ExperimentConfig;
  alphas: number[];
  /** The seed list: every α runs once per seed (absent in sweeps without one: the base's seed only). */
  seeds?: number[];
  runs: SweepRunState[];
  /** Index of the run in progress (or the next one). */
  index: number;
  created: number;
  updated: number;
  note?: string;
  error?: string;
}

export type SweepRequest =
  | { type: 'sweepStart'; base: ExperimentConfig; alphas: number[]; seeds?: number[] }
  /** Take up the latest unfinished sweep: finished runs are kept, the interrupted one continues from its checkpoint. */
  | { type: 'sweepResume' }
  /** The latest sweep, or null; one left 'running' by a page that went away is marked 'interrupted'. */
  | { type: 'sweepGet' };

export interface SweepResponses {
  sweepStart: SweepRecord;
  sweepResume: SweepRecord;
  sweepGet: SweepRecord | null;
}

const SWEEP_REQUESTS: ReadonlySet<string> = new Set(['sweepStart', 'sweepResume', 'sweepGet']);
export function isSweepRequest(r: { type: string }): r is SweepRequest {
  return SWEEP_REQUESTS.has(r.type);
}
