/**
 * "Base alone": a model evaluated without fine-tuning, as a 0-step run of the experiment. runTraining with
 * steps = 0 trains nothing, saves the model as the run's checkpoint and runs the final evaluation (every eval
 * query), so the result sits beside fine-tuned runs in every view (run list, results, compare, inspector).
 */
import type { ExperimentConfig } from './config';

/** The experiment's data, settings and maxLength, starting from `ref`, with no training step. */
export function baseAloneConfig(cfg: ExperimentConfig, ref: string, name: string): ExperimentConfig {
  return { ...cfg, name, baseCheckpoint: ref, steps: 0, warmupSteps: 0, evalEvery: 0, checkpointEvery: 0 };
}

/** A run that evaluates its starting model as is (no optimiser step). */
export function isBaseAlone(cfg: Pick<ExperimentConfig, 'steps'>): boolean {
  return cfg.steps === 0;
}
