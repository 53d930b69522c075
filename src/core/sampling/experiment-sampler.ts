/**
 * The sampler an experiment trains with, built from its config exactly as the training loop builds it, so a
 * batch can be re-drawn after the fact: the Inspector shows "what the sampler actually put together" at step N.
 */
import type { Dataset } from '../data/types';
import type { ExperimentConfig } from '../experiment/config';
import { HybridBatchSampler, type BatchDescriptor } from './hybrid-sampler';
import { buildTrainingPairs } from './pairs';

type SamplerConfig = Pick<ExperimentConfig, 'alpha' | 'batchSize' | 'seed' | 'langs' | 'heldOutLangs' | 'caps' | 'hardNegatives'>;

/** Training languages: the config's (or the dataset's), minus held-out ones. */
export function trainingLangs(cfg: Pick<ExperimentConfig, 'langs' | 'heldOutLangs'>, train: Dataset): string[] {
  return (cfg.langs.length ? cfg.langs : train.langs).filter((l) => !cfg.heldOutLangs.includes(l));
}

export function experimentSampler(cfg: SamplerConfig, train: Dataset): HybridBatchSampler {
  const index = buildTrainingPairs(train, { hardNegatives: cfg.hardNegatives });
  return new HybridBatchSampler(index, {
    alpha: cfg.alpha, batchSize: cfg.batchSize, seed: cfg.seed, langs: trainingLangs(cfg, train),
    heldOutLangs: cfg.heldOutLangs, caps: cfg.caps, hardNegatives: cfg.hardNegatives,
  });
}

/** The batch drawn at 0-based `step` (the sampler is deterministic: replay steps 0..step). */
export function batchAt(cfg: SamplerConfig, train: Dataset, step: number): BatchDescriptor {
  if (!Number.isInteger(step) || step < 0) throw new Error(`batch step must be a whole number ≥ 0 (got ${step})`);
  const sampler = experimentSampler(cfg, train);
  let b = sampler.next();
  for (let i = 0; i < step; i++) b = sampler.next();
  return b;
}
