/**
 * The Embedding map's saved evaluations: at each non-probe evaluation a browser run stores the embeddings of the
 * map's fixed sample (not a checkpoint), so the map can show any evaluation later. A database of its own (like the
 * α-sweep's), so the runs schema is untouched.
 */
import Dexie, { type Table } from 'dexie';
import { StorageError, storageMessage } from '../runs/runs-store';

export interface SavedMap {
  runId: string;
  step: number;
  /** The query sets evaluated at this step ('subset', 'full'); the final step evaluates both with the same weights. */
  querySets: string[];
  perLang: number;
  dim: number;
  /** Float32 rows, the sample's queries then its passages (inspect.ts embedSample). */
  emb: ArrayBuffer;
  savedAt: number;
}

/** What the map's Evaluation picker lists. */
export interface MapStep {
  step: number;
  querySets: string[];
}

class MapDb extends Dexie {
  maps!: Table<SavedMap, [string, number]>;
  constructor() {
    super('hybrid-batch-workbench-maps');
    this.version(1).stores({ maps: '[runId+step], runId' });
  }
}

let db: MapDb | undefined;
function open(): MapDb {
  if (typeof indexedDB === 'undefined')
    throw new StorageError(
      'IndexedDB is not available in this browser context: the embedding map of an evaluation cannot be saved',
    );
  return (db ??= new MapDb());
}

export async function saveMap(m: SavedMap): Promise<void> {
  try {
    await open().maps.put(m);
  } catch (e) {
    throw new StorageError(storageMessage(e, `the embedding map at step ${m.step}`));
  }
}

export async function loadMap(runId: string, step: number): Promise<SavedMap | undefined> {
  return open().maps.get([runId, step]);
}

export async function mapSteps(runId: string): Promise<MapStep[]> {
  const rows = await open().maps.where('runId').equals(runId).toArray();
  return rows.map((r) => ({ step: r.step, querySets: r.querySets })).sort((a, b) => a.step - b.step);
}

export async function deleteMaps(runId: string): Promise<void> {
  await open().maps.where('runId').equals(runId).delete();
}
