/**
 * The worker's IndexedDB (dexie): imported datasets, (runs-store.ts) training runs, their events and
 * checkpoints, and (model-store.ts) the Models panel's models and their files. Lives in the worker
 * (IndexedDB works there) so checkpoint bytes never cross to the UI thread.
 * Dataset storage failures are reported to the console and never break an import.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { BundleRankings } from '../core/bundle/types';
import type { SerializedDataset } from '../core/data/types';
import type { RunEvent } from '../core/train/events';
import type { ExperimentConfig } from '../core/experiment/config';
import type { BaseRecord } from './bases/base-types';
import type { ModelInfo } from './models/model-protocol';
import type { CompositionTally, RunRecord } from './runs/run-types';

export interface StoredDataset {
  id: string;
  savedAt: number;
  files: string[];
  data: SerializedDataset;
  /** Detected format label and where a download came from (absent in records saved before issue 17). */
  format?: string;
  origin?: { sourceId: string; licence: string; attribution: string };
}

export interface StoredEvent {
  seq?: number;
  runId: string;
  step: number;
  type: RunEvent['type'];
  event: RunEvent;
}

/** One per run: a new checkpoint replaces the run's previous one in the same transaction. */
export interface StoredCheckpoint {
  runId: string;
  step: number;
  savedAt: number;
  bytes: number;
  files: Record<string, Uint8Array>;
  /** The batch-composition tally at this step, so a resume from here continues it exactly. */
  composition?: CompositionTally;
}

/** A model of the Models panel (Hub / folder / zip / fine-tuned): what its list shows, without the bytes. */
export interface StoredModel {
  key: string;
  savedAt: number;
  info: ModelInfo;
  config?: ExperimentConfig;
}
/** Its files, in a table of their own so listing models never reads weights. Written with StoredModel. */
export interface StoredModelFiles {
  key: string;
  files: Record<string, Uint8Array>;
}

/** An imported run's per-query rankings (a bundle's rankings.json): what the Inspector shows for a run without a checkpoint. */
export interface StoredRankings {
  runId: string;
  rankings: BundleRankings;
}

/** A base built in the browser's "Build a base" (bases-store.ts); its files sit in baseFiles, written together. */
export interface StoredBaseFiles {
  id: string;
  files: Record<string, Uint8Array>;
}

export class WorkbenchDb extends Dexie {
  datasets!: EntityTable<StoredDataset, 'id'>;
  runs!: EntityTable<RunRecord, 'id'>;
  events!: EntityTable<StoredEvent, 'seq'>;
  checkpoints!: EntityTable<StoredCheckpoint, 'runId'>;
  models!: EntityTable<StoredModel, 'key'>;
  modelFiles!: EntityTable<StoredModelFiles, 'key'>;
  bases!: EntityTable<BaseRecord, 'id'>;
  baseFiles!: EntityTable<StoredBaseFiles, 'id'>;
  rankings!: EntityTable<StoredRankings, 'runId'>;
  constructor() {
    super('hybrid-batch-workbench');
    this.version(1).stores({ datasets: 'id, savedAt' });
    this.version(2).stores({ datasets: 'id, savedAt', runs: 'id, created', events: '++seq, runId', checkpoints: 'runId' });
    // v3 adds the Models panel's tables; earlier tables (and their data) are kept as they are.
    this.version(3).stores({ models: 'key, savedAt', modelFiles: 'key' });
    // v4 adds the cross-lingual bases built in the browser (bases-store.ts).
    this.version(4).stores({ bases: 'id, created', baseFiles: 'id' });
    // v5 adds imported runs' per-query rankings (run bundles' rankings.json; run-import.ts).
    this.version(5).stores({ rankings: 'runId' });
  }
}

let db: WorkbenchDb | undefined;
export function openDb(): WorkbenchDb | undefined {
  if (typeof indexedDB === 'undefined') return undefined;
  return (db ??= new WorkbenchDb());
}

export async function saveDataset(rec: StoredDataset): Promise<void> {
  try {
    await openDb()?.datasets.put(rec);
  } catch (e) {
    console.warn('could not persist dataset', rec.id, e);
  }
}

export async function deleteDataset(id: string): Promise<void> {
  try {
    await openDb()?.datasets.delete(id);
  } catch (e) {
    console.warn('could not delete dataset', id, e);
  }
}

export async function loadDatasets(): Promise<StoredDataset[]> {
  try {
    return (await openDb()?.datasets.orderBy('savedAt').toArray()) ?? [];
  } catch (e) {
    console.warn('could not read saved datasets', e);
    return [];
  }
}
