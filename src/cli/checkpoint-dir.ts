/**
 * A run's checkpoint on disk, replaced atomically (as git replaces refs, as HF `save_pretrained` should):
 *   1. write every file into `checkpoint.tmp/`, then `.complete.json` (step + file sizes) last; fsync all
 *   2. rename `checkpoint/` → `checkpoint.old/`        3. rename `checkpoint.tmp/` → `checkpoint/`
 *   4. fsync the run folder, remove `checkpoint.old/`
 * A kill between any two of these leaves at least one complete folder; `recoverCheckpoint` puts the newest
 * complete one back at `checkpoint/` and removes the rest. A folder is complete when its marker matches its
 * files; a marker-less `checkpoint/` (written before markers existed) counts when it has every file a resume needs.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { ModelFiles } from '../core/model/checkpoint';
import {
  CHECKPOINT_MARKER,
  checkpointMarker,
  OPTIMIZER_FILE,
  TRAINER_STATE_FILE,
  type CheckpointMarker,
} from '../core/train/checkpoint';

export const CHECKPOINT = 'checkpoint';
const REQUIRED = ['config.json', 'model.safetensors', TRAINER_STATE_FILE, OPTIMIZER_FILE];

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeDurable(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'w');
  try {
    for (let off = 0; off < bytes.byteLength; ) off += writeSync(fd, bytes, off, bytes.byteLength - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The step of a complete checkpoint folder, or undefined when it is missing or half-written. */
export function completeStep(dir: string, allowLegacy = false): number | undefined {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return undefined;
  const markerPath = join(dir, CHECKPOINT_MARKER);
  if (existsSync(markerPath)) {
    let marker: CheckpointMarker;
    try {
      marker = JSON.parse(readFileSync(markerPath, 'utf8')) as CheckpointMarker;
    } catch {
      return undefined;
    }
    if (typeof marker.step !== 'number' || !marker.files) return undefined;
    for (const [name, size] of Object.entries(marker.files)) {
      const p = join(dir, name);
      if (!existsSync(p) || statSync(p).size !== size) return undefined;
    }
    return marker.step;
  }
  if (!allowLegacy || REQUIRED.some((f) => !existsSync(join(dir, f)))) return undefined;
  try {
    return (JSON.parse(readFileSync(join(dir, TRAINER_STATE_FILE), 'utf8')) as { step: number }).step;
  } catch {
    return undefined;
  }
}

/** Writes `files` as the run's checkpoint (steps 1–4 above); returns its path. */
export function writeCheckpoint(runDir: string, files: ModelFiles, step: number): string {
  const dir = join(runDir, CHECKPOINT),
    tmp = `${dir}.tmp`,
    old = `${dir}.old`;
  recoverCheckpoint(runDir); // a previous kill may have left tmp/old behind
  rmSync(tmp, { recursive: true, force: true });
  for (const [name, bytes] of Object.entries(files)) writeDurable(join(tmp, name), bytes);
  writeDurable(join(tmp, CHECKPOINT_MARKER), checkpointMarker(files, step));
  for (const sub of new Set(
    Object.keys(files)
      .map((n) => dirname(n))
      .filter((d) => d !== '.'),
  ))
    fsyncPath(join(tmp, sub));
  fsyncPath(tmp);
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(tmp, dir);
  fsyncPath(runDir);
  rmSync(old, { recursive: true, force: true });
  return dir;
}

/**
 * After a crash: keeps the newest complete one of checkpoint/, checkpoint.tmp/, checkpoint.old/ as
 * checkpoint/ and removes the others. Returns its step, or undefined when none is complete (then nothing is
 * touched: the user may want to look at what is there).
 */
export function recoverCheckpoint(runDir: string): number | undefined {
  const dir = join(runDir, CHECKPOINT);
  const candidates = [
    { path: dir, step: completeStep(dir, true) },
    { path: `${dir}.tmp`, step: completeStep(`${dir}.tmp`) },
    { path: `${dir}.old`, step: completeStep(`${dir}.old`) },
  ];
  let best: (typeof candidates)[number] | undefined;
  for (const c of candidates) if (c.step !== undefined && (best === undefined || c.step > best.step!)) best = c;
  if (!best) return undefined;
  if (best.path !== dir) {
    rmSync(dir, { recursive: true, force: true });
    renameSync(best.path, dir);
    fsyncPath(runDir);
  }
  for (const p of [`${dir}.tmp`, `${dir}.old`]) rmSync(p, { recursive: true, force: true });
  return best.step;
}

/** Names what a run folder holds of a checkpoint (for messages). */
export function checkpointLeftovers(runDir: string): string[] {
  return existsSync(runDir) ? readdirSync(runDir).filter((f) => f === CHECKPOINT || f.startsWith(`${CHECKPOINT}.`)) : [];
}
