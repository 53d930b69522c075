/**
 * The Models panel's IndexedDB tables (src/worker/models/model-store.ts, store.ts v3) on fake-indexeddb: the
 * version bump keeps a v2 database's datasets and runs; a model's record and files are saved together,
 * listed without files, read back and deleted; a failed write (QuotaExceededError) leaves nothing
 * half-written and what was saved before intact, with a message that says what to do.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../src/worker/models/model-protocol';
import { deleteSavedModel, listSavedModels, loadModelFiles, saveModel } from '../../../src/worker/models/model-store';
import { StorageError } from '../../../src/worker/runs/runs-store';
import { openDb } from '../../../src/worker/store';

const info = (key: string, name = key): ModelInfo => ({
  key,
  name,
  source: 'hub',
  bytes: 6,
  files: ['config.json', 'onnx/model.onnx'],
  modelType: 'bert',
  layers: 2,
  hidden: 32,
  vocab: 224,
  pooling: 'mean',
  normalize: true,
  maxLength: 64,
  lineage: [],
  runtime: 'onnx',
  devicePref: 'auto',
  saved: true,
});
const files = (n: number) => ({ 'config.json': new Uint8Array([123, 125]), 'onnx/model.onnx': new Uint8Array(n).fill(7) });

// Before any test (whatever their order): the app's database still at v2 (before the model tables), with a
// dataset and a run in it; the first openDb() upgrades it.
beforeAll(async () => {
  const v2 = new Dexie('hybrid-batch-workbench');
  v2.version(1).stores({ datasets: 'id, savedAt' });
  v2.version(2).stores({ datasets: 'id, savedAt', runs: 'id, created', events: '++seq, runId', checkpoints: 'runId' });
  await v2.table('datasets').put({ id: 'import:x', savedAt: 1, files: ['en.json'], data: {} });
  await v2.table('runs').put({ id: 'r1', created: 2 });
  v2.close();
});

describe('model store (IndexedDB)', () => {
  it('the upgrade (v3) adds the model tables and keeps existing data', async () => {
    const db = openDb()!;
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(3);
    expect(db.tables.map((t) => t.name)).toEqual(expect.arrayContaining(['datasets', 'runs', 'models', 'modelFiles']));
    expect(await db.datasets.get('import:x')).toMatchObject({ files: ['en.json'] });
    expect(await db.runs.get('r1')).toMatchObject({ created: 2 });
    expect(Array.isArray(await listSavedModels())).toBe(true);
  });

  it('saves record and files together; lists records only; reads files back; deletes both', async () => {
    await saveModel(info('a'), files(4));
    await saveModel(info('b'), files(3), { name: 'ft' } as never);
    const list = await listSavedModels();
    expect(list.map((r) => r.key)).toEqual(['a', 'b']);
    expect(list[0]).not.toHaveProperty('files');
    expect(list[1].config).toEqual({ name: 'ft' });
    expect(list[0].info).toEqual(info('a'));
    expect(await loadModelFiles('a')).toEqual(files(4));
    await deleteSavedModel('a');
    expect((await listSavedModels()).map((r) => r.key)).toEqual(['b']);
    expect(await loadModelFiles('a')).toBeUndefined();
    expect(await loadModelFiles('b')).toEqual(files(3));
  });

  it('a QuotaExceededError leaves nothing half-written and says what to do', async () => {
    await saveModel(info('b'), files(3)); // saved before: must stay intact
    const db = openDb()!;
    // The files go in first; failing the record's write must roll the files back too.
    const full = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    db.models.hook('creating', full);
    try {
      const err = await saveModel(info('big', 'owner/big'), files(9)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect((err as Error).message).toBe(
        'Browser storage is full (QuotaExceededError): the model "owner/big" was not saved; everything saved before is intact. Remove saved models (Models tab → Remove) or old runs to free space.',
      );
    } finally {
      db.models.hook('creating').unsubscribe(full);
    }
    expect(await loadModelFiles('big')).toBeUndefined();
    expect((await listSavedModels()).map((r) => r.key)).not.toContain('big');
    expect(await loadModelFiles('b')).toEqual(files(3));
  });
});
