/** The α-sweep's record in IndexedDB: a database of its own (like the study's), so the runs schema is untouched. */
import Dexie, { type EntityTable } from 'dexie';
import { StorageError, storageMessage } from '../runs/runs-store';
import type { SweepRecord } from './sweep-protocol';

class SweepDb extends Dexie {
  sweeps!: EntityTable<SweepRecord, 'id'>;
  constructor() {
    super('hybrid-batch-workbench-sweep');
    this.version(1).stores({ sweeps: 'id, created' });
  }
}

let db: SweepDb | undefined;
function open(): SweepDb {
  if (typeof indexedDB === 'undefined')
    throw new StorageError('IndexedDB is not available in this browser context: an α-sweep cannot be saved');
  return (db ??= new SweepDb());
}

export async function latestSweep(): Promise<SweepRecord | undefined> {
  return (await open().sweeps.orderBy('created').last()) ?? undefined;
}

export async function saveSweep(rec: SweepRecord): Promise<void> {
  try {
    await open().sweeps.put(rec);
  } catch (e) {
    throw new StorageError(storageMessage(e, 'the α-sweep'));
  }
}
