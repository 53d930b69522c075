/**
 * Bases built in the browser, in IndexedDB: the record (what the list shows) and the model files, written in
 * one transaction, so a failed write (quota) stores nothing half.
 */
import type { ModelFiles } from '../../core/model/checkpoint';
import type { BaseRecord } from './base-types';
import { StorageError, storageMessage } from '../runs/runs-store';
import { openDb, type WorkbenchDb } from '../store';

function db(): WorkbenchDb {
  const d = openDb();
  if (!d) throw new StorageError('IndexedDB is not available in this browser context: bases cannot be saved');
  return d;
}

export async function listBases(): Promise<BaseRecord[]> {
  return db().bases.orderBy('created').toArray();
}

export async function getBase(id: string): Promise<BaseRecord | undefined> {
  return db().bases.get(id);
}

export async function saveBase(rec: BaseRecord, files: ModelFiles): Promise<void> {
  const d = db();
  try {
    await d.transaction('rw', d.bases, d.baseFiles, async () => {
      await d.baseFiles.put({ id: rec.id, files });
      await d.bases.put(rec);
    });
  } catch (e) {
    throw new StorageError(
      storageMessage(e, `the base "${rec.name}"`, 'Delete old bases or runs to free space, then build it again.'),
    );
  }
}

export async function loadBaseFiles(id: string): Promise<ModelFiles | undefined> {
  return (await db().baseFiles.get(id))?.files;
}

export async function deleteBase(id: string): Promise<void> {
  const d = db();
  await d.transaction('rw', d.bases, d.baseFiles, async () => {
    await d.bases.delete(id);
    await d.baseFiles.delete(id);
  });
}
