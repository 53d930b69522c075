/**
 * The Models panel's models in IndexedDB, so a loaded model (Hub, folder, zip, fine-tuned) is listed again
 * after a reload without downloading or picking it again. A model's record and its files are written in ONE
 * transaction: a failed write (QuotaExceededError, a crash) leaves nothing half-written — the model is then
 * simply not saved, and whatever was saved before is intact. Listing reads the records only, never the files.
 */
import type { ExperimentConfig } from '../../core/experiment/config';
import type { ModelFiles } from '../../core/model/checkpoint';
import type { ModelInfo } from './model-protocol';
import { StorageError, storageMessage } from '../runs/runs-store';
import { openDb, type StoredModel, type WorkbenchDb } from '../store';

const FREE = 'Remove saved models (Models tab → Remove) or old runs to free space.';

function db(): WorkbenchDb {
  const d = openDb();
  if (!d) throw new StorageError('IndexedDB is not available in this browser context: models cannot be saved');
  return d;
}

/** Save a model's record and files atomically; throws StorageError with a message that says what to do. */
export async function saveModel(info: ModelInfo, files: ModelFiles, config?: ExperimentConfig): Promise<void> {
  const d = db();
  const rec: StoredModel = { key: info.key, savedAt: Date.now(), info, ...(config ? { config } : {}) };
  try {
    await d.transaction('rw', d.models, d.modelFiles, async () => {
      await d.modelFiles.put({ key: info.key, files });
      await d.models.put(rec);
    });
  } catch (e) {
    throw new StorageError(storageMessage(e, `the model "${info.name}"`, FREE));
  }
}

/** Saved models, oldest first (records only). */
export async function listSavedModels(): Promise<StoredModel[]> {
  return db().models.orderBy('savedAt').toArray();
}

export async function loadModelFiles(key: string): Promise<ModelFiles | undefined> {
  return (await db().modelFiles.get(key))?.files;
}

export async function deleteSavedModel(key: string): Promise<void> {
  const d = db();
  await d.transaction('rw', d.models, d.modelFiles, async () => {
    await d.models.delete(key);
    await d.modelFiles.delete(key);
  });
}
