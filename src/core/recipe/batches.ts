/**
 * The hybrid batches of an experiment as the recipe's DDP run consumes them: one line per (optimiser step,
 * rank). `batchSize` is the GLOBAL batch: each step draws one workbench batch and cuts it into W consecutive
 * chunks of batchSize / W pairs, rank r taking pairs [r·B/W, (r+1)·B/W). The flat order step·W + rank is the
 * order of the recipe's batch sampler, because accelerate hands rank r the batches r, r + W, r + 2W, … — so
 * the W chunks of a step are of one kind and MNRL's gathered negatives are the workbench batch's negatives.
 * The recipe's hybrid_sampler.py writes the same lines byte for byte (tests/core/recipe).
 */
import type { ExperimentConfig } from '../experiment/config';
import type { Dataset, Lang } from '../data/types';
import { experimentSampler } from '../sampling/experiment-sampler';
import type { BatchDescriptor, HybridBatchSampler } from '../sampling/hybrid-sampler';
import type { TrainingPair } from '../sampling/pairs';

/** Pairs per rank; refuses a world size that does not divide the global batch. */
export function perRankSize(batchSize: number, worldSize: number): number {
  if (!Number.isInteger(worldSize) || worldSize < 1 || batchSize % worldSize !== 0) {
    throw new Error(
      `batchSize ${batchSize} cannot be split over ${worldSize} processes: choose a world size that divides it (batchSize is the global batch)`,
    );
  }
  return batchSize / worldSize;
}

/** The sampler exactly as the runner builds it (src/core/train/runner.ts), hard negatives left out. */
export function samplerForConfig(cfg: ExperimentConfig, train: Dataset): HybridBatchSampler {
  // The recipe carries no hard negatives (it refuses other modes), so its sampler draws none.
  return experimentSampler({ ...cfg, hardNegatives: 'none' }, train);
}

/** One line of batches.jsonl (no newline). Key order and spacing are part of the format. */
export function batchLine(step: number, rank: number, batch: BatchDescriptor, chunk: readonly TrainingPair[]): string {
  const langs = [...new Set<Lang>(chunk.flatMap((p) => [p.queryLang, p.passageLang]))].sort();
  return JSON.stringify({
    step,
    rank,
    kind: batch.kind,
    lang: batch.lang ?? null,
    langs,
    size: chunk.length,
    pairs: chunk.map((p) => `${p.queryLang}>${p.passageLang}:${p.xlingId}`),
  });
}

/** Lines for `steps` optimiser steps on `worldSize` ranks, flat order (step-major). */
export function* rankBatchLines(sampler: HybridBatchSampler, steps: number, worldSize: number): Generator<string> {
  const per = perRankSize(sampler.options.batchSize, worldSize);
  for (let s = 0; s < steps; s++) {
    const batch = sampler.next();
    for (let rank = 0; rank < worldSize; rank++)
      yield batchLine(batch.step, rank, batch, batch.pairs.slice(rank * per, (rank + 1) * per));
  }
}
