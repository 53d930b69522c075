/**
 * Validation of a pre-training config (cli pretrain --config, the browser's "Build a base" form): merged over
 * DEFAULT_PRETRAIN, every field checked, errors naming the field and the fix (ConfigError, as for experiments).
 */
import { ConfigError, num } from '../experiment/config';
import { DEFAULT_PRETRAIN, type PretrainConfig } from './pretrain';

type ModelShape = PretrainConfig['model'];

function nullableInt(field: string, v: unknown): number | null {
  if (v === null) return null;
  return num(field, v, 1, 1e9, true);
}

/** Merge `raw` over the defaults (the model shape field by field) and validate; unknown fields are errors. */
export function resolvePretrainConfig(raw: Record<string, unknown>): PretrainConfig {
  for (const k of Object.keys(raw)) {
    if (!(k in DEFAULT_PRETRAIN)) throw new ConfigError(k, 'unknown pre-training field', `remove it, or use one of: ${Object.keys(DEFAULT_PRETRAIN).join(', ')}`);
  }
  const m = raw.model;
  if (m !== undefined && (typeof m !== 'object' || m === null || Array.isArray(m))) throw new ConfigError('model', 'expected an object', 'write e.g. {"hidden": 64, "layers": 2}');
  for (const k of Object.keys(m ?? {})) {
    if (!(k in DEFAULT_PRETRAIN.model)) throw new ConfigError(`model.${k}`, 'unknown model field', `use one of: ${Object.keys(DEFAULT_PRETRAIN.model).join(', ')}`);
  }
  const c = { ...DEFAULT_PRETRAIN, ...raw, model: { ...DEFAULT_PRETRAIN.model, ...(m as Partial<ModelShape> | undefined) } } as PretrainConfig;
  num('steps', c.steps, 1, 10_000_000, true);
  num('batchSize', c.batchSize, 2, 4096, true);
  num('lr', c.lr, 0, 1);
  num('warmupSteps', c.warmupSteps, 0, 10_000_000, true);
  num('weightDecay', c.weightDecay, 0, 1);
  num('gradClip', c.gradClip, 0, 1e6);
  num('temperature', c.temperature, 1e-4, 100);
  num('seed', c.seed, 0, 2 ** 32 - 1, true);
  num('maxLength', c.maxLength, 4, 512, true);
  num('heldOutPairs', c.heldOutPairs, 0, 100_000, true);
  num('evalEvery', c.evalEvery, 0, 10_000_000, true);
  c.maxPairsPerLangPair = nullableInt('maxPairsPerLangPair', c.maxPairsPerLangPair);
  c.maxConceptsPerLexicon = nullableInt('maxConceptsPerLexicon', c.maxConceptsPerLexicon ?? null);
  const w = c.wordsPerExample;
  if (!Array.isArray(w) || w.length !== 2) throw new ConfigError('wordsPerExample', `expected [min, max], got ${JSON.stringify(w)}`, 'write e.g. [1, 4] (entries joined per example), or [1, 1] for single entries');
  num('wordsPerExample[0]', w[0], 1, 64, true);
  num('wordsPerExample[1]', w[1], w[0], 64, true);
  num('model.vocabSize', c.model.vocabSize, 50, 1_000_000, true);
  num('model.hidden', c.model.hidden, 4, 8192, true);
  num('model.layers', c.model.layers, 0, 64, true);
  num('model.heads', c.model.heads, 1, 128, true);
  num('model.intermediate', c.model.intermediate, 4, 65536, true);
  if (c.model.hidden % c.model.heads !== 0) throw new ConfigError('model.heads', `hidden ${c.model.hidden} is not divisible by ${c.model.heads} heads`, 'choose heads that divide hidden');
  return c;
}
