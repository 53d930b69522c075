/**
 * The pre-training config (cli pretrain --config, the browser's "Build a base" form), declared once in
 * PRETRAIN_FIELDS: type, defaults, bounds, checks and README table all come from it (see experiment/schema.ts).
 * Errors name the field and the fix (ConfigError, as for experiments).
 */
import {
  ConfigError,
  custom,
  defaultsOf,
  integer,
  nullableInteger,
  num,
  number,
  resolveFields,
  type ValueOf,
} from '../experiment/schema';

const STEPS_MAX = 10_000_000;

/** The from-scratch encoder to pre-train (merged field by field over the defaults). */
export const PRETRAIN_MODEL_FIELDS = {
  vocabSize: integer(8000, 50, 1_000_000, 'WordPiece vocabulary learned from the pairs (and `--vocab-from` texts).', {
    label: 'Vocabulary',
  }),
  hidden: integer(64, 4, 8192, 'Hidden size (a multiple of `heads`).', { label: 'Hidden' }),
  layers: integer(2, 0, 64, 'Transformer layers.', { label: 'Layers' }),
  heads: integer(2, 1, 128, 'Attention heads (divide `hidden`).', { label: 'Heads' }),
  intermediate: integer(128, 4, 65536, 'Feed-forward size.', { label: 'FFN' }),
} as const;

type ModelShape = ValueOf<typeof PRETRAIN_MODEL_FIELDS>;

function modelShape(v: unknown, path: string): ModelShape {
  const m = resolveFields(PRETRAIN_MODEL_FIELDS, v, path, '{"hidden": 64, "layers": 2}', 'model field');
  if (m.hidden % m.heads !== 0)
    throw new ConfigError(
      `${path}.heads`,
      `hidden ${m.hidden} is not divisible by ${m.heads} heads`,
      'choose heads that divide hidden',
    );
  return m;
}

function wordsPerExample(w: unknown, path: string): [number, number] {
  if (!Array.isArray(w) || w.length !== 2)
    throw new ConfigError(
      path,
      `expected [min, max], got ${JSON.stringify(w)}`,
      'write e.g. [1, 4] (entries joined per example), or [1, 1] for single entries',
    );
  num(`${path}[0]`, w[0], 1, 64, true);
  num(`${path}[1]`, w[1], w[0], 64, true);
  return w as [number, number];
}

export const PRETRAIN_FIELDS = {
  steps: integer(600, 1, STEPS_MAX, 'Optimiser steps.', { label: 'Steps' }),
  batchSize: integer(64, 2, 4096, 'Translation pairs per batch.', { label: 'Batch size' }),
  lr: number(2e-3, 0, 1, 'Peak learning rate (AdamW).', { label: 'Learning rate' }),
  warmupSteps: integer(50, 0, STEPS_MAX, 'Linear warm-up steps, then linear decay.'),
  weightDecay: number(0.01, 0, 1, 'Decoupled weight decay (AdamW).'),
  gradClip: number(1, 0, 1e6, 'Global gradient-norm clip; 0 disables.'),
  temperature: number(0.05, 1e-4, 100, 'InfoNCE temperature τ.', { label: 'Temperature τ' }),
  seed: integer(42, 0, 2 ** 32 - 1, 'Seeds the model init, the sampler and the held-out split.', { label: 'Seed' }),
  maxLength: integer(24, 4, 512, 'Token limit per text (words and short sentences).', { label: 'Max tokens' }),
  maxPairsPerLangPair: nullableInteger(1, 1e9, 'Subsample huge lexicons per language pair at random (null = all).'),
  maxConceptsPerLexicon: nullableInteger(
    1,
    1e9,
    'Keep the first N concepts of each lexicon file (MUSE: the N most frequent source words; null = all).',
  ),
  wordsPerExample: custom<[number, number]>(
    [1, 1],
    'Lexicon entries per training example, [min, max]: > 1 joins entries of one language pair into a pseudo-parallel phrase. [1, 1] = single entries.',
    '`[min, max]`, 1 ≤ min ≤ max ≤ 64',
    wordsPerExample,
  ),
  heldOutPairs: integer(500, 0, 100_000, 'Held-out pairs (whole concepts) for the translation-ranking evaluation.', {
    label: 'Held-out pairs',
  }),
  evalEvery: integer(200, 0, STEPS_MAX, 'Evaluate translation ranking every N steps (0 = start and end only).', {
    label: 'Eval every',
  }),
  model: custom<ModelShape>(
    defaultsOf(PRETRAIN_MODEL_FIELDS),
    'The from-scratch encoder to pre-train; fields merged over the defaults one by one (table below).',
    'object of the model fields below',
    modelShape,
  ),
} as const;

export type PretrainConfig = ValueOf<typeof PRETRAIN_FIELDS>;

export const DEFAULT_PRETRAIN: PretrainConfig = defaultsOf(PRETRAIN_FIELDS);

/** Merge `raw` over the defaults (the model shape field by field) and validate; unknown fields are errors. */
export function resolvePretrainConfig(raw: Record<string, unknown>): PretrainConfig {
  return resolveFields(PRETRAIN_FIELDS, raw, '', '{"steps": 600, "model": {"hidden": 64}}', 'pre-training field');
}
