/**
 * Runs, their events and checkpoints in IndexedDB. A checkpoint is written in ONE transaction together with
 * the run record that points at it: `put` on the run's key replaces the previous checkpoint atomically, so a
 * failed write (quota, crash) leaves the earlier checkpoint and record exactly as they were.
 */
import type { BundleRankings } from '../../core/bundle/types';
import type { RunEvent } from '../../core/train/events';
import type { RunRecord } from './run-types';
import { openDb, type StoredCheckpoint, type StoredEvent, type WorkbenchDb } from '../store';

export class StorageError extends Error {
  override readonly name = 'StorageError';
}

export const checkpointKey = (runId: string): string => `idb:checkpoints/${runId}`;
export const runIdOfKey = (key: string): string | undefined => /^idb:checkpoints\/(.+)$/.exec(key)?.[1];

function db(): WorkbenchDb {
  const d = openDb();
  if (!d) throw new StorageError('IndexedDB is not available in this browser context: runs cannot be saved');
  return d;
}

function isQuota(e: unknown): boolean {
  for (let x = e as { name?: string; inner?: unknown; cause?: unknown } | undefined, i = 0; x && i < 5; i++) {
    if (x.name === 'QuotaExceededError') return true;
    x = (x.inner ?? x.cause) as typeof x;
  }
  return false;
}

/** A storage failure as a message that says what was (not) saved and what to do (`free`: how to make room). */
export function storageMessage(e: unknown, what: string, free = 'Delete old runs (Runs list → Delete) to free space.'): string {
  if (isQuota(e))
    return `Browser storage is full (QuotaExceededError): ${what} was not saved; everything saved before is intact. ${free}`;
  return `${what} could not be saved: ${(e as Error)?.message ?? String(e)}`;
}

export async function listRuns(): Promise<RunRecord[]> {
  return db().runs.orderBy('created').toArray();
}

export async function getRun(id: string): Promise<RunRecord | undefined> {
  return db().runs.get(id);
}

/** The run record plus the events since the last call, in one transaction. */
export async function persistRun(rec: RunRecord, events: RunEvent[]): Promise<void> {
  const d = db();
  const rows: StoredEvent[] = events.map((event) => ({
    runId: rec.id,
    step: 'step' in event ? event.step : 0,
    type: event.type,
    event,
  }));
  await d.transaction('rw', d.runs, d.events, async () => {
    await d.runs.put(rec);
    if (rows.length) await d.events.bulkAdd(rows);
  });
}

/** Replace the run's checkpoint and update its record atomically; throws StorageError with a clear message. */
export async function saveCheckpoint(rec: RunRecord, ckpt: StoredCheckpoint): Promise<void> {
  const d = db();
  try {
    await d.transaction('rw', d.runs, d.checkpoints, async () => {
      await d.checkpoints.put(ckpt);
      await d.runs.put(rec);
    });
  } catch (e) {
    throw new StorageError(storageMessage(e, `the checkpoint at step ${ckpt.step}`));
  }
}

export async function loadCheckpoint(runId: string): Promise<StoredCheckpoint | undefined> {
  return db().checkpoints.get(runId);
}

export async function runEvents(runId: string): Promise<RunEvent[]> {
  return (await db().events.where('runId').equals(runId).sortBy('seq')).map((r) => r.event);
}

/** Drop events past `step` (a run resumed from an older checkpoint re-creates them). */
export async function truncateEvents(runId: string, step: number): Promise<void> {
  await db()
    .events.where('runId')
    .equals(runId)
    .filter((r) => r.step > step)
    .delete();
}

export async function deleteRun(runId: string): Promise<void> {
  const d = db();
  await d.transaction('rw', [d.runs, d.events, d.checkpoints, d.rankings], async () => {
    await d.runs.delete(runId);
    await d.events.where('runId').equals(runId).delete();
    await d.checkpoints.delete(runId);
    await d.rankings.delete(runId);
  });
}

/** An imported run's rankings.json, if its bundle had one. */
export async function loadRankings(runId: string): Promise<BundleRankings | undefined> {
  return (await db().rankings.get(runId))?.rankings;
}

/** Imported runs (run-import.ts) with their events and checkpoints, all in one transaction: all stored or none. */
export async function importRuns(
  runs: Array<{ rec: RunRecord; events: RunEvent[]; checkpoint?: StoredCheckpoint; rankings?: BundleRankings }>,
): Promise<void> {
  const d = db();
  try {
    await d.transaction('rw', [d.runs, d.events, d.checkpoints, d.rankings], async () => {
      for (const r of runs) {
        await d.runs.add(r.rec);
        const rows: StoredEvent[] = r.events.map((event) => ({
          runId: r.rec.id,
          step: 'step' in event ? event.step : 0,
          type: event.type,
          event,
        }));
        if (rows.length) await d.events.bulkAdd(rows);
        if (r.checkpoint) await d.checkpoints.put(r.checkpoint);
        if (r.rankings) await d.rankings.put({ runId: r.rec.id, rankings: r.rankings });
      }
    });
  } catch (e) {
    throw new StorageError(
      storageMessage(e, runs.length === 1 ? `the imported run "${runs[0].rec.config.name}"` : `the ${runs.length} imported runs`),
    );
  }
}
