/**
 * One writer per run folder: `<folder>/.lock`, created with O_EXCL (`wx`), holds the writer's pid, host and
 * start time. A second writer is refused with the holder named. A lock whose pid is dead on this host is stale
 * (a killed run) and is taken over; a lock from another host is never guessed about. Released on exit, also
 * on SIGINT/SIGTERM (then the process exits 130/143 as a shell would report it).
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CliError } from './errors';

export const LOCK_FILE = '.lock';

interface LockInfo {
  pid: number;
  host: string;
  started: string;
  command: string;
}

const held = new Set<string>();
let exitHookInstalled = false;

function releaseAll(): void {
  for (const p of held) rmSync(p, { force: true });
  held.clear();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', releaseAll);
  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.on(sig, () => {
      releaseAll();
      process.stderr.write(`\ninterrupted (${sig}); the last checkpoint is kept — continue with --resume\n`);
      process.exit(code);
    });
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function readLock(path: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    return typeof info.pid === 'number' && typeof info.host === 'string' ? info : undefined;
  } catch {
    return undefined; // being written right now, or garbage
  }
}

/** Takes the lock of `dir` (which must exist) for this process; returns the release function. */
export function lockRunFolder(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  if (held.has(path))
    throw new CliError(`${dir} is already being written by this command (${path}). Fix: give every run its own --out folder`);
  const info: LockInfo = {
    pid: process.pid,
    host: hostname(),
    started: new Date().toISOString(),
    command: process.argv.slice(2).join(' '),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readLock(path);
      if (holder && holder.host === info.host && !pidAlive(holder.pid) && attempt === 0) {
        process.stderr.write(`note: removing the stale lock of pid ${holder.pid} (no longer running) in ${dir}\n`);
        rmSync(path, { force: true });
        continue;
      }
      const who = holder
        ? `pid ${holder.pid} on host ${holder.host} since ${holder.started} (${holder.command || 'cli'})`
        : 'another process (its lock file is unreadable)';
      throw new CliError(
        `${dir} is in use by ${who}: ${path} exists. Fix: wait for that run to finish, or use another --out; if that process is gone, delete ${path}`,
      );
    }
    writeSync(fd, JSON.stringify(info) + '\n');
    closeSync(fd);
    held.add(path);
    installExitHook();
    return () => {
      if (held.delete(path)) rmSync(path, { force: true });
    };
  }
  throw new CliError(`${dir}: could not take the lock ${path}. Fix: delete it if no run is writing there`);
}
