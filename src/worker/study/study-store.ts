/**
 * The study in IndexedDB: its record (config, queue state, report) and the per-query results of each
 * finished run (large: one AP per query and setting, so in a table of their own, written once per run).
 * A database of its own, so the runs schema (store.ts) is untouched; the runs themselves (records, events,
 * checkpoints) are ordinary runs in runs-store.ts.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { EvalResult } from '../../core/eval/types';
import { StorageError, storageMessage } from '../runs/runs-store';
import type { StudyRecord } from './study-protocol';

export interface StoredStudyResult {
  studyId: string;
  planId: string;
  /** The per-query evaluation of the run's final checkpoint (EvalResult.perQuery set). */
  result: EvalResult;
  seconds?: number;
}

class StudyDb extends Dexie {
  studies!: EntityTable<StudyRecord, 'id'>;
  results!: Dexie.Table<StoredStudyResult, [string, string]>;
  constructor() {
    super('hybrid-batch-workbench-study');
    this.version(1).stores({ studies: 'id, created', results: '[studyId+planId], studyId' });
  }
}

let db: StudyDb | undefined;
function open(): StudyDb {
  if (typeof indexedDB === 'undefined')
    throw new StorageError('IndexedDB is not available in this browser context: a study cannot be saved');
  return (db ??= new StudyDb());
}

/** The latest study, if any. */
export async function latestStudy(): Promise<StudyRecord | undefined> {
  return (await open().studies.orderBy('created').last()) ?? undefined;
}

export async function saveStudy(rec: StudyRecord): Promise<void> {
  try {
    await open().studies.put(rec);
  } catch (e) {
    throw new StorageError(storageMessage(e, 'the study'));
  }
}

export async function loadResult(studyId: string, planId: string): Promise<StoredStudyResult | undefined> {
  return open().results.get([studyId, planId]);
}

export async function saveResult(row: StoredStudyResult): Promise<void> {
  try {
    await open().results.put(row);
  } catch (e) {
    throw new StorageError(storageMessage(e, `the results of ${row.planId}`));
  }
}

/** Remove a study and its per-query results (its runs stay in the runs store). */
export async function deleteStudy(id: string): Promise<void> {
  const d = open();
  await d.transaction('rw', d.studies, d.results, async () => {
    await d.studies.delete(id);
    await d.results.where('studyId').equals(id).delete();
  });
}
