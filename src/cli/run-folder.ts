/**
 * The rules of a run folder (`train --out`): what it holds, when writing into it is allowed, and how a
 * resumed run's event log is cut back to its checkpoint so the log equals an uninterrupted run's.
 *  - a finished run (results.json) is never replaced without --overwrite;
 *  - an unfinished one is continued with --resume or replaced with --overwrite, never silently;
 *  - --overwrite removes only the run's own files (the names below), never anything else in the folder.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../core/train/events';
import { CHECKPOINT } from './checkpoint-dir';
import { CliError } from './errors';

/** Every file or folder `train` writes into a run folder (run.json: the run-bundle manifest). */
export const RUN_FILES = [
  'experiment.json',
  'events.jsonl',
  'evaluations.jsonl',
  'results.json',
  'run.json',
  CHECKPOINT,
  `${CHECKPOINT}.tmp`,
  `${CHECKPOINT}.old`,
];

/** Writes `path` beside and renames it into place: a kill never leaves a half-written file under that name. */
export function writeFileAtomic(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

/** Creates `dir` as a folder, or says clearly why it cannot be one. */
export function ensureFolder(dir: string, flagName = '--out'): void {
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new CliError(
      `${flagName} ${dir} exists and is a file, not a folder. Fix: choose another ${flagName} or remove that file`,
    );
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR')
      throw new CliError(`${flagName} ${dir}: a part of that path is a file, not a folder. Fix: choose another ${flagName}`);
    throw e;
  }
}

export type RunFolderState = 'empty' | 'finished' | 'unfinished';

export function runFolderState(dir: string): RunFolderState {
  if (existsSync(join(dir, 'results.json'))) return 'finished';
  return RUN_FILES.some((f) => existsSync(join(dir, f))) ? 'unfinished' : 'empty';
}

/** Refuses to replace an existing run unless asked; with `overwrite`, says what it replaces. */
export function checkNewRun(dir: string, opts: { overwrite?: boolean; restartUnfinished?: boolean }): RunFolderState {
  const state = runFolderState(dir);
  if (state === 'empty' || opts.overwrite || (state === 'unfinished' && opts.restartUnfinished)) return state;
  if (state === 'finished')
    throw new CliError(`${dir} holds a finished run (results.json). Fix: choose another --out, or add --overwrite to replace it`);
  throw new CliError(
    `${dir} holds an unfinished run. Fix: continue it with --resume ${dir}, or add --overwrite to start it again`,
  );
}

/** Removes the run's own files (RUN_FILES) from `dir`: the --overwrite of a run. */
export function clearRun(dir: string): void {
  for (const f of RUN_FILES) rmSync(join(dir, f), { recursive: true, force: true });
}

/** Field paths where two JSON values differ (`model.hidden`, `langs`), for "the config differs in …". */
export function diffFields(a: unknown, b: unknown, path = ''): string[] {
  const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diffFields(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [path || '(whole config)'];
}

export function describeDiff(fields: string[], a: unknown, b: unknown, aName: string, bName: string): string {
  const at = (x: unknown, p: string) =>
    p.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), x);
  return fields
    .map((f) => `${f} (${aName} ${JSON.stringify(at(a, f)) ?? 'absent'}, ${bName} ${JSON.stringify(at(b, f)) ?? 'absent'})`)
    .join('; ');
}

/** Does this event come after the checkpoint of `step` in an uninterrupted run's stream? */
function afterCheckpoint(ev: RunEvent, step: number): boolean {
  switch (ev.type) {
    case 'composition':
      return ev.step >= step; // the batch of step ev.step + 1
    case 'step':
      return ev.step > step;
    case 'checkpoint':
      return ev.step > step;
    case 'eval':
      return ev.final || ev.step > step;
    case 'done':
    case 'error':
      return true;
    default:
      return false;
  }
}

/**
 * Cuts `events.jsonl` back to the checkpoint of `step` (inclusive), so that the resumed run's events
 * continue it exactly as an uninterrupted run would have. A kill between writing the checkpoint and logging
 * it leaves no checkpoint event: it is restored. A torn last line (killed mid-append) is dropped.
 * Written beside and renamed, so a kill during the trim loses nothing.
 */
export function trimEventLog(dir: string, step: number, checkpointPath: string): { kept: number; dropped: number } {
  const path = join(dir, 'events.jsonl');
  if (!existsSync(path))
    throw new CliError(`cannot resume ${dir}: events.jsonl is missing. Fix: start the run again with --overwrite`);
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const kept: string[] = [];
  let sawCheckpoint = false;
  for (const line of lines) {
    let ev: RunEvent;
    try {
      ev = JSON.parse(line) as RunEvent;
    } catch {
      break;
    } // torn line: everything from here on is after the kill
    if (sawCheckpoint || afterCheckpoint(ev, step)) break;
    kept.push(line);
    if (ev.type === 'checkpoint' && ev.step === step) sawCheckpoint = true;
  }
  if (!kept.some((l) => (JSON.parse(l) as RunEvent).type === 'start'))
    throw new CliError(`cannot resume ${dir}: events.jsonl has no start event. Fix: start the run again with --overwrite`);
  if (!sawCheckpoint) kept.push(JSON.stringify({ type: 'checkpoint', step, path: checkpointPath } satisfies RunEvent));
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, kept.map((l) => l + '\n').join(''));
  renameSync(tmp, path);
  return { kept: kept.length, dropped: lines.length - kept.length + (sawCheckpoint ? 0 : 1) };
}
