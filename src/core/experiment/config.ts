/**
 * One experiment config (nanoGPT style): every knob declared once in EXPERIMENT_FIELDS — its default, bounds,
 * check, documentation and form limits — from which the type (ExperimentConfig), DEFAULT_CONFIG, validation,
 * the form's limits and the README table (scripts/config-table.ts) are derived. Saved verbatim with every run
 * and encodable into a URL. Adding a field = one entry in EXPERIMENT_FIELDS plus the code that uses it.
 */
import type { SettingName } from '../eval/types';
import type { HardNegativeMode } from '../sampling/pairs';
import type { InfoNceVariant } from '../train/loss';
import { parseTrainable, type TrainableSetting } from '../model/trainable';
import { DEMO_BASE_REF, shippedRefProblem } from './base-ref';
import {
  ConfigError,
  asObject,
  checkKeys,
  custom,
  defaultsOf,
  integer,
  number,
  oneOf,
  resolveFields,
  text,
  type ValueOf,
} from './schema';

export { ConfigError, num } from './schema';

/** Where a dataset comes from: the embedded demo (a split of it) or a path the host can read. */
export type DatasetRef = { source: 'demo'; split: 'train' | 'eval' } | { source: 'path'; path: string; split?: 'train' | 'eval' };

/** The from-scratch encoder's shape (a tiny BERT whose WordPiece vocab is learned from the training text). */
export const SCRATCH_MODEL_FIELDS = {
  vocabSize: integer(6000, 50, 1_000_000, 'WordPiece vocabulary learned from the training text.', { label: 'Vocabulary size' }),
  hidden: integer(64, 4, 8192, 'Hidden size (a multiple of `heads`).', { label: 'Hidden size' }),
  layers: integer(2, 0, 64, 'Transformer layers.', { label: 'Layers' }),
  heads: integer(2, 1, 128, 'Attention heads (divide `hidden`).', { label: 'Heads' }),
  intermediate: integer(128, 4, 65536, 'Feed-forward size.', { label: 'FFN size' }),
} as const;

export type ScratchModel = { init: 'scratch' } & ValueOf<typeof SCRATCH_MODEL_FIELDS>;
/** A model folder in the Hugging Face layout (pre-trained, a base, or a checkpoint). */
export interface PathModel {
  init: 'path';
  path: string;
}

const SETTINGS: readonly SettingName[] = ['monolingual', 'crosslingual', 'multilingual'];

function langList(v: unknown, path: string): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    throw new ConfigError(path, `expected a list of language codes, got ${JSON.stringify(v)}`, 'write e.g. ["en", "de"]');
  return v as string[];
}

function datasetRef(v: unknown, path: string): DatasetRef {
  const example = '{"source": "demo", "split": "train"} or {"source": "path", "path": "data/x"}';
  const d = asObject(v, path, example);
  if (d.source !== 'demo' && d.source !== 'path')
    throw new ConfigError(
      `${path}.source`,
      `expected "demo" or "path", got ${JSON.stringify(d.source)}`,
      `point it at the demo or a data folder: ${example}`,
    );
  checkKeys(d, d.source === 'demo' ? ['source', 'split'] : ['source', 'path', 'split'], path);
  if (d.source === 'path' && typeof d.path !== 'string')
    throw new ConfigError(`${path}.path`, 'missing path', 'give the folder of the dataset');
  if ((d.source === 'demo' || d.split !== undefined) && d.split !== 'train' && d.split !== 'eval')
    throw new ConfigError(`${path}.split`, `expected "train" or "eval", got ${JSON.stringify(d.split)}`, 'use "train" or "eval"');
  return v as DatasetRef;
}

function caps(v: unknown, path: string): Record<string, number> {
  const o = asObject(v, path, '{"sw": 50}');
  for (const [l, n] of Object.entries(o)) integer(0, 0, 10_000_000, '').check(n, `${path}.${l}`);
  return o as Record<string, number>;
}

function settings(v: unknown, path: string): SettingName[] {
  if (!Array.isArray(v) || v.some((s) => !SETTINGS.includes(s)))
    throw new ConfigError(path, `expected a list of settings, got ${JSON.stringify(v)}`, `use any of ${SETTINGS.join(', ')}`);
  if (!v.length)
    throw new ConfigError(path, 'the list is empty (nothing would be evaluated)', `use one or more of ${SETTINGS.join(', ')}`);
  return v as SettingName[];
}

function model(v: unknown, path: string): ScratchModel | PathModel {
  const m = asObject(v, path, '{"init": "scratch", "hidden": 64} or {"init": "path", "path": "models/x"}');
  if (m.init === 'scratch') {
    const { init: _, ...shape } = m;
    const s: ScratchModel = { init: 'scratch', ...resolveFields(SCRATCH_MODEL_FIELDS, shape, path, '{"hidden": 64}') };
    // Keep the user's key order (as before: {...defaults, ...given}), init first.
    const out = { ...DEFAULT_MODEL, ...m, ...s } as ScratchModel;
    if (out.hidden % out.heads !== 0)
      throw new ConfigError(
        `${path}.heads`,
        `hidden ${out.hidden} is not divisible by ${out.heads} heads`,
        'choose heads that divide hidden',
      );
    return out;
  }
  if (m.init === 'path') {
    checkKeys(m, ['init', 'path'], path);
    if (typeof m.path !== 'string' || !m.path)
      throw new ConfigError(
        `${path}.path`,
        'missing path',
        'give a model folder (config.json, model.safetensors, tokenizer.json)',
      );
    return m as unknown as PathModel;
  }
  throw new ConfigError(
    path,
    'expected {"init": "scratch", ...} or {"init": "path", "path": ...}',
    'use the scratch default or a model folder',
  );
}

const DEFAULT_MODEL: ScratchModel = { init: 'scratch', ...defaultsOf(SCRATCH_MODEL_FIELDS) };

function baseCheckpoint(v: unknown, path: string): string | null {
  const fix =
    'use "shipped:demo-base" (the shipped base), a base or checkpoint key, a model folder path, or null to start from "model"';
  if (v === null) return null;
  if (typeof v !== 'string' || !v.trim())
    throw new ConfigError(path, `expected a model reference or null, got ${JSON.stringify(v)}`, fix);
  const problem = shippedRefProblem(v);
  if (problem) throw new ConfigError(path, problem, fix);
  return v;
}

function trainable(v: unknown, path: string): TrainableSetting {
  if (v && typeof v === 'object' && !Array.isArray(v)) checkKeys(v as Record<string, unknown>, ['mode', 'k'], path);
  try {
    parseTrainable(v);
  } catch (e) {
    throw new ConfigError(
      path,
      (e as Error).message,
      'use "all", "all-but-embeddings", "pooling-only" or {"mode": "top-k", "k": 2}',
    );
  }
  return v as TrainableSetting;
}

const STEPS_MAX = 10_000_000;

/** Every field of an experiment, in the order experiment.json lists them. */
export const EXPERIMENT_FIELDS = {
  name: text('demo', 'Free-form run name, shown in the UI and written to summaries.', { label: 'Run name' }),
  train: custom<DatasetRef>(
    { source: 'demo', split: 'train' },
    'Training data (question–answer pairs with translations linked by id).',
    "`{source: 'demo', split}` or `{source: 'path', path, split?}`",
    datasetRef,
  ),
  eval: custom<DatasetRef>(
    { source: 'demo', split: 'eval' },
    'Zero-shot evaluation data (different topics than train).',
    'as `train`',
    datasetRef,
  ),
  langs: custom<string[]>(
    [],
    'Training languages; [] = every language of the training set minus heldOutLangs.',
    'list of language codes',
    langList,
  ),
  heldOutLangs: custom<string[]>(
    [],
    'Never sampled in training (zero-shot languages); still evaluated.',
    'list of language codes',
    langList,
  ),
  caps: custom<Record<string, number>>(
    {},
    'Per-language cap on distinct training questions (simulates low-resource languages).',
    '`{lang: integer ≥ 0}`',
    caps,
  ),
  alpha: number(
    0.5,
    0,
    1,
    'Probability that a batch is monolingual; 1 = monolingual-only, 0 = cross-lingual-only, 0.5 = hybrid.',
    { step: 0.05, label: 'α' },
  ),
  batchSize: integer(32, 2, 4096, 'Question–answer pairs per batch (in-batch negatives = batchSize − 1).', {
    label: 'Batch size',
  }),
  steps: integer(300, 0, STEPS_MAX, 'Optimiser steps.', { label: 'Steps' }),
  lr: number(1e-3, 0, 1, 'Peak learning rate (AdamW).', { label: 'Learning rate' }),
  warmupSteps: integer(30, 0, STEPS_MAX, 'Linear warm-up steps, then linear decay to 0 at `steps`.', { label: 'Warm-up steps' }),
  weightDecay: number(0.01, 0, 1, 'Decoupled weight decay (AdamW).'),
  gradClip: number(1, 0, 1e6, 'Global gradient-norm clip; 0 disables.'),
  temperature: number(0.05, 1e-4, 100, 'InfoNCE temperature τ (cosine similarities are divided by it).', {
    label: 'Temperature τ',
  }),
  lossVariant: oneOf<InfoNceVariant>(
    ['mnrl', 'paper'],
    'mnrl',
    "'mnrl': hard negatives of every pair are negatives for every query; 'paper': each query's own only.",
  ),
  hardNegatives: oneOf<HardNegativeMode>(['none', 'same-paragraph', 'random-same-lang'], 'none', 'Extra negative per pair.'),
  seed: integer(42, 0, 2 ** 32 - 1, 'Seeds the model init, the sampler and the evaluation subset.', { label: 'Seed' }),
  evalEvery: integer(100, 0, STEPS_MAX, 'Evaluate every N steps (0 = only at the end).', { label: 'Eval interval (steps)' }),
  evalSettings: custom<SettingName[]>(
    [...SETTINGS],
    'Settings evaluated during and after training.',
    `non-empty list of ${SETTINGS.map((s) => `\`'${s}'\``).join(', ')}`,
    settings,
  ),
  evalMaxQueriesPerLang: integer(
    60,
    0,
    STEPS_MAX,
    'Queries per language of the one fixed, seeded subset every in-training evaluation uses (step 0, every evalEvery steps and once more at the end); the final evaluation uses every query. 0 = every query throughout.',
    { label: 'Eval max queries / lang' },
  ),
  probeEvery: integer(
    25,
    0,
    STEPS_MAX,
    'Evaluate the small fixed probe set every N steps (also at step 0 and at the end), so per-language curves move between the evalEvery evaluations; runs only when 0 < probeEvery < evalEvery. Its numbers are on its own small pool (its own series, not comparable with the subset). 0 = off.',
    { label: 'Probe interval (steps)' },
  ),
  probeQueriesPerLang: integer(
    5,
    1,
    1000,
    'Questions per language of the probe set (seeded, fixed for the run); its pool holds their answers in every language plus 3 seeded other candidates per question and language.',
    { label: 'Probe queries / lang' },
  ),
  checkpointEvery: integer(0, 0, STEPS_MAX, 'Save a checkpoint every N steps (0 = only at the end).', {
    label: 'Checkpoint every (steps)',
  }),
  checkpointEverySeconds: number(
    60,
    0,
    1e9,
    'Also save a checkpoint when this many seconds have passed since the last one (0 = off): a crash loses at most this much work.',
    { label: 'Checkpoint every (seconds)' },
  ),
  maxLength: integer(48, 4, 8192, 'Token limit per text.', { label: 'Max tokens per text' }),
  model: custom<ScratchModel | PathModel>(
    DEFAULT_MODEL,
    'The encoder to start from when `baseCheckpoint` is `null`. Scratch shape fields: see the table below.',
    "`{init: 'scratch', …shape}` or `{init: 'path', path}`",
    model,
  ),
  baseCheckpoint: custom<string | null>(
    DEMO_BASE_REF,
    "The starting checkpoint (a cross-lingual base); overrides `model`; recorded as lineage. `shipped:<name>` = the shipped `models/<name>/` (CLI: that folder of the repository; browser: `/models/<name>/` from the app's server), `idb:bases/<id>` = a base built in the browser, `idb:checkpoints/<run id>` = a browser run's checkpoint, anything else = a model folder path (CLI). `null` = start from `model`; a config that names `model` but no `baseCheckpoint` starts from that model. Older records may lack the field (= `null`).",
    'model reference or `null`',
    baseCheckpoint,
  ),
  trainable: custom<TrainableSetting>(
    'all',
    'Partial fine-tuning: `\'all\'`, `\'all-but-embeddings\'`, `\'pooling-only\'` or `{"mode": "top-k", "k": N}`; frozen parameters get no gradient and no optimiser memory. A word-embedding matrix of > 50k rows is frozen in every mode (see core/model/trainable.ts).',
    "mode name or `{mode: 'top-k', k}`",
    trainable,
  ),
} as const;

export type ExperimentConfig = ValueOf<typeof EXPERIMENT_FIELDS>;

export const DEFAULT_CONFIG: ExperimentConfig = defaultsOf(EXPERIMENT_FIELDS);

/** A JSON value as an experiment: an object of known fields over the defaults, every field checked. */
export function resolveConfig(raw: Partial<ExperimentConfig> | Record<string, unknown>): ExperimentConfig {
  const r = asObject(raw, '', '{"alpha": 0.5, "steps": 300}');
  // An explicit model without an explicit base means "start from this model", not from the default base.
  const given = r.baseCheckpoint === undefined && r.model !== undefined ? { ...r, baseCheckpoint: null } : r;
  return resolveFields(EXPERIMENT_FIELDS, given, '', '{"alpha": 0.5, "steps": 300}');
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
    throw new ConfigError('cfg', "the link's config is not readable", 'copy the whole link again');
  }
  return resolveConfig(json as Record<string, unknown>);
}
