/**
 * The one rule from an experiment config to its sampler: the training loop, the Inspector's re-drawn batches
 * ("what the sampler actually put together" at step N) and the DDP recipe's `batches` all build it here.
 */
import type { Dataset } from '../data/types';
import type { ExperimentConfig } from '../experiment/config';
import { HybridBatchSampler, type BatchDescriptor, type HybridSamplerOptions } from './hybrid-sampler';
import { buildTrainingPairs } from './pairs';

type SamplerConfig = Pick<ExperimentConfig, 'alpha' | 'batchSize' | 'seed' | 'langs' | 'heldOutLangs' | 'caps' | 'hardNegatives'>;

/** Training languages: the config's (or the dataset's), minus held-out ones. */
export function trainingLangs(cfg: Pick<ExperimentConfig, 'langs' | 'heldOutLangs'>, train: Dataset): string[] {
  return (cfg.langs.length ? cfg.langs : train.langs).filter((l) => !cfg.heldOutLangs.includes(l));
}

export function samplerOptions(cfg: SamplerConfig, train: Dataset): HybridSamplerOptions {
  return {
    alpha: cfg.alpha,
    batchSize: cfg.batchSize,
    seed: cfg.seed,
    langs: trainingLangs(cfg, train),
    heldOutLangs: cfg.heldOutLangs,
    caps: cfg.caps,
    hardNegatives: cfg.hardNegatives,
  };
}

export function experimentSampler(cfg: SamplerConfig, train: Dataset): HybridBatchSampler {
  return new HybridBatchSampler(buildTrainingPairs(train, { hardNegatives: cfg.hardNegatives }), samplerOptions(cfg, train));
}

/** The batch drawn at 0-based `step` (the sampler is deterministic: replay steps 0..step). */
export function batchAt(cfg: SamplerConfig, train: Dataset, step: number): BatchDescriptor {
  if (!Number.isInteger(step) || step < 0) throw new Error(`batch step must be a whole number ≥ 0 (got ${step})`);
  const sampler = experimentSampler(cfg, train);
  let b = sampler.next();
  for (let i = 0; i < step; i++) b = sampler.next();
  return b;
}
