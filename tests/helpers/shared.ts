/** Access to ../shared (real data and PyTorch fixtures). CI always has it; elsewhere tests skip clearly. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { InputFile } from '../../src/core/data/types';

export const SHARED = resolve(import.meta.dirname, '../../../shared');
export const HAS_SHARED = existsSync(join(SHARED, 'data'));
if (!HAS_SHARED) console.warn(`../shared not found at ${SHARED}: tests on real data and fixtures are skipped`);

export function sharedPath(...parts: string[]): string {
  return join(SHARED, ...parts);
}

/** Every `<lang>.json` of a LAReQA folder under ../shared/data as importer input. */
export function lareqaFiles(folder: string): InputFile[] {
  const dir = sharedPath('data', folder);
  return readdirSync(dir)
    .filter((f) => /^[a-z]{2}\.json$/.test(f))
    .sort()
    .map((f) => ({ name: join(dir, f), bytes: new Uint8Array(readFileSync(join(dir, f))) }));
}

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
