/**
 * Thin dexie persistence of imported datasets, so they survive a reload. Lives in the worker for now
 * (IndexedDB works there); storage failures are reported to the console and never break an import.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { SerializedDataset } from '../core/data/types';

export interface StoredDataset {
  id: string;
  savedAt: number;
  files: string[];
  data: SerializedDataset;
}

class WorkbenchDb extends Dexie {
  datasets!: EntityTable<StoredDataset, 'id'>;
  constructor() {
    super('hybrid-batch-workbench');
    this.version(1).stores({ datasets: 'id, savedAt' });
  }
}

let db: WorkbenchDb | undefined;
function open(): WorkbenchDb | undefined {
  if (typeof indexedDB === 'undefined') return undefined;
  return (db ??= new WorkbenchDb());
}

export async function saveDataset(rec: StoredDataset): Promise<void> {
  try { await open()?.datasets.put(rec); } catch (e) { console.warn('could not persist dataset', rec.id, e); }
}

export async function deleteDataset(id: string): Promise<void> {
  try { await open()?.datasets.delete(id); } catch (e) { console.warn('could not delete dataset', id, e); }
}

export async function loadDatasets(): Promise<StoredDataset[]> {
  try { return (await open()?.datasets.orderBy('savedAt').toArray()) ?? []; } catch (e) { console.warn('could not read saved datasets', e); return []; }
}
