/** PyTorch fixtures (../shared/fixtures/tiny-bert, tiny-xlmr) for the model parity tests. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readModelFolder } from '../../../src/cli/model-io';
import type { ModelFiles } from '../../../src/core/model/checkpoint';
import { sharedPath } from '../../helpers/shared';

export const FIXTURES = ['tiny-bert', 'tiny-xlmr'] as const;
export type FixtureName = (typeof FIXTURES)[number];

export interface Reference {
  model_type: string;
  texts: string[];
  roles: string[];
  input_ids: number[][];
  last_hidden_state: number[][][];
  mean_pooled: number[][];
  cls: number[][];
  pooler_output: number[][];
  infonce: {
    temperature: number;
    batch: number;
    loss: number;
    grad_stats: Record<string, { sum: number; l2: number; first: number[] }>;
  };
}

export function fixtureDir(name: FixtureName): string {
  return sharedPath('fixtures', name);
}

export function hasFixture(name: FixtureName): boolean {
  return existsSync(join(fixtureDir(name), 'reference.json'));
}

/** Describe-block title that says why it is skipped when the fixture is absent. */
export function fixtureTitle(name: FixtureName, what: string): string {
  return hasFixture(name) ? `${what} (${name})` : `${what} (${name}) — SKIPPED: ${fixtureDir(name)} not found`;
}

export function loadFixture(name: FixtureName): { files: ModelFiles; ref: Reference } {
  const dir = fixtureDir(name);
  return { files: readModelFolder(dir), ref: JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as Reference };
}

/** Runs after `useWasm` selects wasm; tests/node/blas-parity.test.ts sets it to re-run these parity tests on BLAS. */
export const wasmHooks: { after?: () => void } = {};

export async function useWasm(): Promise<void> {
  const ok = await tf.setBackend('wasm');
  if (!ok || tf.getBackend() !== 'wasm') throw new Error('wasm backend failed to initialise');
  wasmHooks.after?.();
}

/** max |a − b| over two equally long flat arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
