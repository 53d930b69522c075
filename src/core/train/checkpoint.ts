/**
 * A training checkpoint = the model folder (HF layout: config.json, model.safetensors, tokenizer files) plus
 * trainer_state.json (step, sampler state, lineage, config) and optimizer.safetensors (AdamW moments as
 * `m.<param>` / `v.<param>`), so a run resumes exactly where it stopped and the folder still loads as a model.
 * A checkpoint is only ever written finite (checkFiniteCheckpoint), and a host that writes it to disk writes
 * `.complete.json` last (checkpointMarker): a folder without a matching marker is a half-written one.
 */
import * as tf from '@tensorflow/tfjs';
import { saveEncoder, type ModelFiles } from '../model/checkpoint';
import type { Encoder } from '../model/encoder';
import { readSafetensors, writeSafetensors, type TensorData } from '../model/safetensors';
import type { TrainerState } from './runner';

export const TRAINER_STATE_FILE = 'trainer_state.json';
export const OPTIMIZER_FILE = 'optimizer.safetensors';
/** Ancestry of a plain model folder (a pre-trained base): names oldest first. */
export const LINEAGE_FILE = 'lineage.json';

export function lineageFile(lineage: string[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ lineage }, null, 2));
}

/** The recorded ancestry of a folder: a checkpoint's trainer state, else lineage.json, else none. */
export function readLineage(files: ModelFiles): string[] {
  const st = files[TRAINER_STATE_FILE];
  if (st) return (JSON.parse(new TextDecoder().decode(st)) as { lineage?: string[] }).lineage ?? [];
  const l = files[LINEAGE_FILE];
  return l ? ((JSON.parse(new TextDecoder().decode(l)) as { lineage?: string[] }).lineage ?? []) : [];
}

/** Written last into a checkpoint folder on disk: the step and every file's size, so completeness is checkable. */
export const CHECKPOINT_MARKER = '.complete.json';

export interface CheckpointMarker {
  step: number;
  files: Record<string, number>;
}

export function checkpointMarker(files: ModelFiles, step: number): Uint8Array {
  const sizes = Object.fromEntries(Object.entries(files).map(([name, b]) => [name, b.byteLength]));
  return new TextEncoder().encode(JSON.stringify({ step, files: sizes } satisfies CheckpointMarker, null, 2) + '\n');
}

/** A weight or optimiser moment that is NaN/±Inf: the state must not become "the last good checkpoint". */
export class NonFiniteStateError extends Error {
  override readonly name = 'NonFiniteStateError';
  constructor(
    readonly tensor: string,
    readonly index: number,
    readonly value: number,
    readonly step: number,
  ) {
    super(
      `${tensor}[${index}] is ${Number.isNaN(value) ? 'NaN' : value > 0 ? '+Infinity' : '-Infinity'} after step ${step}: training diverged, no checkpoint written (the previous one is kept). ` +
        'Fix: lower the learning rate, raise the warm-up steps or set a gradient clip, then resume from the last checkpoint or start again',
    );
  }
}

function checkFinite(name: string, data: Float32Array, step: number): void {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) throw new NonFiniteStateError(name, i, data[i], step);
}

/**
 * Throws NonFiniteStateError naming the first non-finite weight or optimiser moment. Weights are tested on the
 * backend (one boolean read per variable; the values are read only to name the culprit).
 */
export async function checkFiniteCheckpoint(
  weights: Record<string, tf.Variable>,
  optimizer: TrainerState['optimizer'],
  step: number,
): Promise<void> {
  for (const [name, v] of Object.entries(weights)) {
    const ok = tf.tidy(() => tf.all(tf.isFinite(v)));
    const finite = (await ok.data())[0] === 1;
    ok.dispose();
    if (!finite) checkFinite(`weight ${name}`, (await v.data()) as Float32Array, step);
  }
  for (const [name, m] of Object.entries(optimizer.m)) checkFinite(`optimizer moment m.${name}`, m, step);
  for (const [name, v] of Object.entries(optimizer.v)) checkFinite(`optimizer moment v.${name}`, v, step);
}

export async function checkpointFiles(state: TrainerState, encoder: Encoder): Promise<ModelFiles> {
  await checkFiniteCheckpoint(encoder.allVariables(), state.optimizer, state.step);
  const files = await saveEncoder(encoder);
  const vars = encoder.allVariables();
  const moments = new Map<string, TensorData>();
  for (const [name, m] of Object.entries(state.optimizer.m))
    moments.set(`m.${name}`, { shape: vars[name]?.shape.slice() ?? [m.length], data: m });
  for (const [name, v] of Object.entries(state.optimizer.v))
    moments.set(`v.${name}`, { shape: vars[name]?.shape.slice() ?? [v.length], data: v });
  const { optimizer, ...rest } = state;
  files[OPTIMIZER_FILE] = writeSafetensors(moments, { format: 'hbw-adamw', step: String(optimizer.step) });
  files[TRAINER_STATE_FILE] = new TextEncoder().encode(JSON.stringify({ ...rest, optimizerStep: optimizer.step }, null, 2));
  return files;
}

/** The trainer state of a checkpoint folder, or undefined when the folder is a plain model (a base). */
export function readTrainerState(files: ModelFiles): TrainerState | undefined {
  const raw = files[TRAINER_STATE_FILE];
  if (!raw) return undefined;
  const meta = JSON.parse(new TextDecoder().decode(raw)) as Omit<TrainerState, 'optimizer'> & { optimizerStep: number };
  const opt = files[OPTIMIZER_FILE];
  if (!opt) throw new Error(`checkpoint has ${TRAINER_STATE_FILE} but no ${OPTIMIZER_FILE}: it cannot be resumed exactly`);
  const st = readSafetensors(opt, OPTIMIZER_FILE);
  const m: Record<string, Float32Array> = {},
    v: Record<string, Float32Array> = {};
  for (const [key, t] of st.tensors) {
    if (key.startsWith('m.')) m[key.slice(2)] = t.data;
    else if (key.startsWith('v.')) v[key.slice(2)] = t.data;
  }
  const { optimizerStep, ...rest } = meta;
  return { ...rest, optimizer: { step: optimizerStep, m, v } };
}
