/**
 * One experiment config (nanoGPT style): every knob with its documented default, validated with errors
 * that name the field and the fix, saved verbatim with every run, and encodable into a URL.
 */
import type { SettingName } from '../eval/types';
import type { HardNegativeMode } from '../sampling/pairs';
import type { InfoNceVariant } from '../train/loss';
import { parseTrainable, type TrainableSetting } from '../model/trainable';
import { DEMO_BASE_REF, shippedRefProblem } from './base-ref';

/** Where a dataset comes from: the embedded demo (a split of it) or a path the host can read. */
export type DatasetRef = { source: 'demo'; split: 'train' | 'eval' } | { source: 'path'; path: string; split?: 'train' | 'eval' };

/** The from-scratch default encoder: a tiny BERT whose WordPiece vocab is learned from the training text. */
export interface ScratchModel {
  init: 'scratch';
  vocabSize: number;
  hidden: number;
  layers: number;
  heads: number;
  intermediate: number;
}
/** A model folder in the Hugging Face layout (pre-trained, a base, or a checkpoint). */
export interface PathModel { init: 'path'; path: string }

export interface ExperimentConfig {
  /** Free-form run name, shown in the UI and written to summaries. */
  name: string;
  /** Training data (question–answer pairs with translations linked by id). */
  train: DatasetRef;
  /** Zero-shot evaluation data (different topics than train). */
  eval: DatasetRef;
  /** Training languages; [] = every language of the training set minus heldOutLangs. */
  langs: string[];
  /** Never sampled in training (zero-shot languages); still evaluated. */
  heldOutLangs: string[];
  /** Per-language cap on distinct training questions (simulates low-resource languages). */
  caps: Record<string, number>;
  /** Probability that a batch is monolingual; 1 = monolingual-only, 0 = cross-lingual-only, 0.5 = hybrid. */
  alpha: number;
  /** Question–answer pairs per batch (in-batch negatives = batchSize − 1). */
  batchSize: number;
  /** Optimiser steps. */
  steps: number;
  /** Peak learning rate (AdamW). */
  lr: number;
  /** Linear warm-up steps, then linear decay to 0 at `steps`. */
  warmupSteps: number;
  /** Decoupled weight decay (AdamW). */
  weightDecay: number;
  /** Global gradient-norm clip; 0 disables. */
  gradClip: number;
  /** InfoNCE temperature τ (cosine similarities are divided by it). */
  temperature: number;
  /** 'mnrl': hard negatives of every pair are negatives for every query; 'paper': each query's own only. */
  lossVariant: InfoNceVariant;
  /** Extra negative per pair. */
  hardNegatives: HardNegativeMode;
  /** Seeds the model init, the sampler and the evaluation subset. */
  seed: number;
  /** Evaluate every N steps (0 = only at the end). */
  evalEvery: number;
  /** Settings evaluated during and after training. */
  evalSettings: SettingName[];
  /**
   * Queries per language of the one fixed, seeded subset every in-training evaluation uses (step 0, every
   * `evalEvery` steps and once more at the end); the final evaluation uses every query. 0 = every query throughout.
   */
  evalMaxQueriesPerLang: number;
  /** Save a checkpoint every N steps (0 = only at the end). */
  checkpointEvery: number;
  /** Also save a checkpoint when this many seconds have passed since the last one (0 = off): a crash loses ≤ this. */
  checkpointEverySeconds: number;
  /** Token limit per text. */
  maxLength: number;
  /** The encoder to start from when `baseCheckpoint` is null. */
  model: ScratchModel | PathModel;
  /**
   * The starting checkpoint (a cross-lingual base); overrides `model` when set, recorded as lineage. Default: the
   * shipped demo base ("shipped:demo-base", see base-ref.ts). null = start from `model`; a config that names a
   * `model` but no `baseCheckpoint` starts from that model (null). Older records may lack the field (= null).
   */
  baseCheckpoint: string | null;
  /**
   * Partial fine-tuning: 'all' | 'all-but-embeddings' | 'pooling-only' | {"mode": "top-k", "k": N}. Frozen
   * parameters get no gradient and no optimiser memory. A word-embedding matrix of > 50k rows is frozen in
   * every mode (see core/model/trainable.ts).
   */
  trainable: TrainableSetting;
}

export const DEFAULT_CONFIG: ExperimentConfig = {
  name: 'demo',
  train: { source: 'demo', split: 'train' },
  eval: { source: 'demo', split: 'eval' },
  langs: [],
  heldOutLangs: [],
  caps: {},
  alpha: 0.5,
  batchSize: 32,
  steps: 300,
  lr: 1e-3,
  warmupSteps: 30,
  weightDecay: 0.01,
  gradClip: 1,
  temperature: 0.05,
  lossVariant: 'mnrl',
  hardNegatives: 'none',
  seed: 42,
  evalEvery: 100,
  evalSettings: ['monolingual', 'crosslingual', 'multilingual'],
  evalMaxQueriesPerLang: 60,
  checkpointEvery: 0,
  checkpointEverySeconds: 60,
  maxLength: 48,
  model: { init: 'scratch', vocabSize: 6000, hidden: 64, layers: 2, heads: 2, intermediate: 128 },
  baseCheckpoint: DEMO_BASE_REF,
  trainable: 'all',
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly field: string, problem: string, fix: string) {
    super(`config field "${field}": ${problem}. Fix: ${fix}`);
  }
}

const SETTINGS: SettingName[] = ['monolingual', 'crosslingual', 'multilingual'];

export function num(field: string, v: unknown, min: number, max: number, integer = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ConfigError(field, `expected a number, got ${JSON.stringify(v)}`, `give a number between ${min} and ${max}`);
  if (v < min || v > max) throw new ConfigError(field, `${v} is out of range`, `use a value between ${min} and ${max}`);
  if (integer && !Number.isInteger(v)) throw new ConfigError(field, `${v} is not an integer`, 'use a whole number');
  return v;
}

function langList(field: string, v: unknown): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new ConfigError(field, 'expected a list of language codes', 'write e.g. ["en", "de"]');
  return v as string[];
}

/** Merge user values over the defaults and validate every field. Unknown fields are errors (typos). */
export function resolveConfig(raw: Partial<ExperimentConfig> | Record<string, unknown>): ExperimentConfig {
  for (const k of Object.keys(raw)) {
    if (!(k in DEFAULT_CONFIG)) throw new ConfigError(k, 'unknown field', `remove it, or use one of: ${Object.keys(DEFAULT_CONFIG).join(', ')}`);
  }
  const r = raw as Record<string, unknown>;
  // An explicit model without an explicit base means "start from this model", not from the default base.
  const base = r.baseCheckpoint !== undefined ? r.baseCheckpoint : r.model !== undefined ? null : DEFAULT_CONFIG.baseCheckpoint;
  const c = { ...DEFAULT_CONFIG, ...raw, baseCheckpoint: base } as ExperimentConfig;
  num('alpha', c.alpha, 0, 1);
  num('batchSize', c.batchSize, 2, 4096, true);
  num('steps', c.steps, 0, 10_000_000, true);
  num('lr', c.lr, 0, 1);
  num('warmupSteps', c.warmupSteps, 0, 10_000_000, true);
  num('weightDecay', c.weightDecay, 0, 1);
  num('gradClip', c.gradClip, 0, 1e6);
  num('temperature', c.temperature, 1e-4, 100);
  num('seed', c.seed, 0, 2 ** 32 - 1, true);
  num('evalEvery', c.evalEvery, 0, 10_000_000, true);
  num('evalMaxQueriesPerLang', c.evalMaxQueriesPerLang, 0, 10_000_000, true);
  num('checkpointEvery', c.checkpointEvery, 0, 10_000_000, true);
  num('checkpointEverySeconds', c.checkpointEverySeconds, 0, 10_000_000);
  num('maxLength', c.maxLength, 4, 8192, true);
  langList('langs', c.langs);
  langList('heldOutLangs', c.heldOutLangs);
  if (typeof c.caps !== 'object' || c.caps === null || Array.isArray(c.caps)) throw new ConfigError('caps', 'expected an object', 'write e.g. {"sw": 50}');
  for (const [l, n] of Object.entries(c.caps)) num(`caps.${l}`, n, 0, 10_000_000, true);
  if (!['mnrl', 'paper'].includes(c.lossVariant)) throw new ConfigError('lossVariant', `unknown variant "${c.lossVariant}"`, 'use "mnrl" or "paper"');
  if (!['none', 'same-paragraph', 'random-same-lang'].includes(c.hardNegatives)) throw new ConfigError('hardNegatives', `unknown mode "${c.hardNegatives}"`, 'use "none", "same-paragraph" or "random-same-lang"');
  if (!Array.isArray(c.evalSettings) || c.evalSettings.some((s) => !SETTINGS.includes(s))) throw new ConfigError('evalSettings', 'expected a list of settings', `use any of ${SETTINGS.join(', ')}`);
  try { parseTrainable(c.trainable); } catch (e) { throw new ConfigError('trainable', (e as Error).message, 'use "all", "all-but-embeddings", "pooling-only" or {"mode": "top-k", "k": 2}'); }
  for (const f of ['train', 'eval'] as const) {
    const d = c[f] as DatasetRef;
    if (!d || (d.source !== 'demo' && d.source !== 'path')) throw new ConfigError(f, 'expected {"source": "demo", "split": ...} or {"source": "path", "path": ...}', 'point it at the demo or a data folder');
    if (d.source === 'path' && typeof d.path !== 'string') throw new ConfigError(`${f}.path`, 'missing path', 'give the folder of the dataset');
  }
  checkBase(c.baseCheckpoint);
  const m = c.model;
  if (m?.init === 'scratch') {
    const s = { ...(DEFAULT_CONFIG.model as ScratchModel), ...m };
    num('model.vocabSize', s.vocabSize, 50, 1_000_000, true);
    num('model.hidden', s.hidden, 4, 8192, true);
    num('model.layers', s.layers, 0, 64, true);
    num('model.heads', s.heads, 1, 128, true);
    num('model.intermediate', s.intermediate, 4, 65536, true);
    if (s.hidden % s.heads !== 0) throw new ConfigError('model.heads', `hidden ${s.hidden} is not divisible by ${s.heads} heads`, 'choose heads that divide hidden');
    c.model = s;
  } else if (m?.init === 'path') {
    if (typeof m.path !== 'string' || !m.path) throw new ConfigError('model.path', 'missing path', 'give a model folder (config.json, model.safetensors, tokenizer.json)');
  } else throw new ConfigError('model', 'expected {"init": "scratch", ...} or {"init": "path", "path": ...}', 'use the scratch default or a model folder');
  return c;
}

function checkBase(v: unknown): void {
  const fix = 'use "shipped:demo-base" (the shipped base), a base or checkpoint key, a model folder path, or null to start from "model"';
  if (v === null) return;
  if (typeof v !== 'string' || !v.trim()) throw new ConfigError('baseCheckpoint', `expected a model reference or null, got ${JSON.stringify(v)}`, fix);
  const problem = shippedRefProblem(v);
  if (problem) throw new ConfigError('baseCheckpoint', problem, fix);
}

/**
 * Only the fields that differ from the defaults (short URLs, readable summaries). A changed `model` carries
 * `baseCheckpoint` along, so resolveConfig does not read the model as "start from this model".
 */
export function configDiff(c: ExperimentConfig): Partial<ExperimentConfig> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) {
    if (JSON.stringify(v) !== JSON.stringify((DEFAULT_CONFIG as unknown as Record<string, unknown>)[k])) out[k] = v;
  }
  if (out.model !== undefined && out.baseCheckpoint === undefined) out.baseCheckpoint = c.baseCheckpoint ?? null;
  return out as Partial<ExperimentConfig>;
}

/** URL form (TensorFlow Playground style): `#cfg=<base64url JSON of the non-default fields>`. */
export function configToUrlParam(c: ExperimentConfig): string {
  const bytes = new TextEncoder().encode(JSON.stringify(configDiff(c)));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function configFromUrlParam(param: string): ExperimentConfig {
  let json: unknown;
  try {
    const bin = atob(param.replace(/-/g, '+').replace(/_/g, '/'));
    json = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0))));
  } catch {
    throw new ConfigError('cfg', 'the link\'s config is not readable', 'copy the whole link again');
  }
  return resolveConfig(json as Record<string, unknown>);
}
