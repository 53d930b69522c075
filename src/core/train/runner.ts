/**
 * The training loop as an async generator of RunEvents (consumed by the CLI and the browser worker alike):
 * sample a hybrid batch → encode queries/passages(/negatives) with the shared encoder → InfoNCE →
 * gradients → clip → finiteness guard → AdamW with warm-up + linear decay; evaluate and checkpoint on a
 * schedule. Deterministic: same config, seed and backend give the same events; a resumed run continues the
 * exact stream of an uninterrupted one (model, optimiser, sampler and step are all in the checkpoint).
 *
 * Evaluation schedule (query-sets.ts): with `evalEvery` > 0 the starting model is evaluated at step 0, then
 * every `evalEvery` steps, always on the same seeded subset; at the end the subset once more (the curve's end
 * point) and every query (the `final` evaluation), from one embedding pass. Checkpoints every `checkpointEvery`
 * steps and whenever `checkpointEverySeconds` have passed since the last one (time never changes the numbers:
 * a checkpoint only reads the state).
 *
 * The probe set (probe-set.ts), when 0 < `probeEvery` < `evalEvery`: at step 0, every `probeEvery` steps and at
 * the last step (before that step's checkpoint, so a resume never repeats it). It only reads the encoder, so
 * the training stream is the same with it on or off.
 */
import type { Dataset } from '../data/types';
import { evaluateEmbedder, type EmbedderEvalOptions, type TextEmbedder } from '../eval/embedder-eval';
import type { EvalResult } from '../eval/types';
import type { ExperimentConfig } from '../experiment/config';
import { embedTexts, type Encoder } from '../model/encoder';
import { evaluateQuerySets, fullSet, seededSubset, type QuerySelection } from './query-sets';
import { evaluateProbe, probeSet } from './probe-set';
import { HybridBatchSampler, type HybridSamplerState } from '../sampling/hybrid-sampler';
import { samplerOptions, trainingLangs } from '../sampling/experiment-sampler';
import { buildTrainingPairs } from '../sampling/pairs';
import { AdamW, type AdamWState } from './adamw';
import { NonFiniteError } from './clip';
import type { RunEvent } from './events';
import { lrAt } from './schedule';
import { ContrastiveTrainer } from './step';

/** What a checkpoint holds beyond the model weights. Saved as trainer_state.json + optimizer.safetensors. */
export interface TrainerState {
  runId: string;
  step: number;
  sampler: HybridSamplerState;
  optimizer: AdamWState;
  lineage: string[];
  config: ExperimentConfig;
}

export interface RunContext {
  config: ExperimentConfig;
  train: Dataset;
  eval: Dataset;
  encoder: Encoder;
  runId: string;
  backend: string;
  /** Names of the bases/checkpoints this run descends from, oldest first. */
  lineage?: string[];
  /** Continue from this state (the encoder must already hold the checkpoint's weights). */
  resume?: TrainerState;
  /** Clock for checkpoint-by-time (ms); default performance.now. Tests pass their own. */
  now?: () => number;
  /** Persist a checkpoint; returns where it went (a folder, an IndexedDB key). */
  saveCheckpoint?: (state: TrainerState, encoder: Encoder) => Promise<string>;
  /** Stop after this step (exclusive of later steps) even if config.steps is larger: pause/step in the UI. */
  stopAtStep?: number;
  signal?: AbortSignal;
  /** Batches per embedding call during evaluation. */
  evalBatchSize?: number;
  onEvalProgress?: (done: number, total: number) => void;
  /** Keep per-query AP in full-set evaluations (the browser's Compare runs a paired test on it; results.json does not carry it). */
  perQueryFull?: boolean;
}

/** Embed a dataset (its selected queries and every candidate) with a tfjs encoder and evaluate it exactly. */
export function evaluateEncoder(encoder: Encoder, data: Dataset, opts: EmbedderEvalOptions): Promise<EvalResult> {
  const embedder: TextEmbedder = {
    dim: encoder.dim,
    embedAll: (texts, bs, onProgress, o) => embedTexts(encoder, texts, bs, onProgress, o),
  };
  return evaluateEmbedder(embedder, data, opts);
}

export async function* runTraining(ctx: RunContext): AsyncGenerator<RunEvent> {
  const { config: cfg, encoder } = ctx;
  const t0 = performance.now();
  const lineage = ctx.resume?.lineage ?? ctx.lineage ?? [];
  const index = buildTrainingPairs(ctx.train, { hardNegatives: cfg.hardNegatives });
  const trainLangs = trainingLangs(cfg, ctx.train);
  const sampler = ctx.resume
    ? HybridBatchSampler.fromState(index, ctx.resume.sampler)
    : new HybridBatchSampler(index, samplerOptions(cfg, ctx.train));
  const optimizer = new AdamW({ lr: cfg.lr, weightDecay: cfg.weightDecay });
  if (ctx.resume) optimizer.setState(ctx.resume.optimizer);
  // Partial fine-tuning (frozen parts get no gradient and no moments); configs saved before the field: 'all'.
  let trainer: ContrastiveTrainer;
  try {
    encoder.setTrainable?.(cfg.trainable ?? 'all');
    trainer = new ContrastiveTrainer(encoder, optimizer);
  } catch (e) {
    optimizer.dispose();
    yield { type: 'error', step: ctx.resume?.step ?? 0, message: `config field "trainable": ${(e as Error).message}` };
    return;
  }
  let step = ctx.resume?.step ?? 0;
  let lastCheckpoint: string | undefined;

  yield {
    type: 'start',
    runId: ctx.runId,
    config: cfg,
    backend: ctx.backend,
    startStep: step,
    lineage,
    trainPairs: index.ids.length,
    langs: trainLangs,
    time: new Date().toISOString(),
  };

  // Async read-back of the optimiser moments (synchronous reads break WebGPU; see clipGradNormAsync).
  const state = async (): Promise<TrainerState> => ({
    runId: ctx.runId,
    step,
    sampler: sampler.getState(),
    optimizer: await optimizer.getStateAsync(),
    lineage,
    config: cfg,
  });
  const full = fullSet(ctx.eval);
  const subset = seededSubset(ctx.eval, cfg.evalMaxQueriesPerLang, cfg.seed);
  const periodic = cfg.evalEvery > 0;
  const evalOn = async (sets: QuerySelection[], final: boolean): Promise<RunEvent[]> => {
    const results = await evaluateQuerySets(encoder, ctx.eval, sets, {
      settings: cfg.evalSettings,
      maxLength: cfg.maxLength,
      batchSize: ctx.evalBatchSize,
      onProgress: ctx.onEvalProgress,
      perQueryFull: ctx.perQueryFull,
    });
    return sets.map((s, i) => ({ type: 'eval', step, final: final && s === full, querySet: s.set, result: results[i] }));
  };
  // The end: the subset again (its curve's end point, when it differs from the full set) and the full set.
  const finalSets = periodic && subset.set.name !== 'full' ? [subset, full] : [full];
  const probeEvery = cfg.probeEvery ?? 0; // configs saved before the field: off
  const probe =
    periodic && probeEvery > 0 && probeEvery < cfg.evalEvery ? probeSet(ctx.eval, cfg.probeQueriesPerLang ?? 5, cfg.seed) : null;
  const probeAt = async (): Promise<RunEvent[]> => {
    if (!probe) return [];
    const result = await evaluateProbe(encoder, probe, {
      settings: cfg.evalSettings,
      maxLength: cfg.maxLength,
      batchSize: ctx.evalBatchSize,
    });
    return [{ type: 'eval', step, final: false, querySet: probe.set, result }];
  };

  const now = ctx.now ?? (() => performance.now());
  let lastSave = now();
  const checkpoint = async (): Promise<RunEvent> => {
    const t = now();
    lastCheckpoint = await ctx.saveCheckpoint!(await state(), encoder);
    lastSave = now();
    return { type: 'checkpoint', step, path: lastCheckpoint, ms: lastSave - t };
  };
  const timeToSave = () => (cfg.checkpointEverySeconds ?? 0) > 0 && now() - lastSave >= cfg.checkpointEverySeconds * 1000;

  const end = Math.min(cfg.steps, ctx.stopAtStep ?? cfg.steps);
  try {
    // The starting model, once per run (a resumed run already has it).
    if (periodic && !ctx.resume && step === 0 && cfg.steps > 0) {
      yield* await evalOn([subset], false);
      yield* await probeAt();
    }
    while (step < end) {
      if (ctx.signal?.aborted) break;
      const ts = performance.now();
      const batch = sampler.next();
      const lr = lrAt(step, { lr: cfg.lr, warmupSteps: cfg.warmupSteps, totalSteps: cfg.steps });
      // MNRL takes any number of negatives ([M × dim]); the paper variant pairs one negative with each query.
      const negatives = batch.pairs.filter((p) => p.negative !== undefined).map((p) => p.negative!);
      const withNeg =
        cfg.hardNegatives !== 'none' &&
        negatives.length > 0 &&
        (cfg.lossVariant === 'mnrl' || negatives.length === batch.pairs.length);
      const { loss, gradNorm } = await trainer.step(
        {
          queries: batch.pairs.map((p) => p.query),
          positives: batch.pairs.map((p) => p.positive),
          negatives: withNeg ? negatives : undefined,
        },
        lr,
        step,
        { temperature: cfg.temperature, variant: cfg.lossVariant, maxLength: cfg.maxLength, gradClip: cfg.gradClip },
      );
      yield { type: 'composition', step, kind: batch.kind, lang: batch.lang, size: batch.pairs.length, pairs: batch.composition };
      step++;
      yield { type: 'step', step, loss, lr, gradNorm, ms: performance.now() - ts };
      if (periodic && step % cfg.evalEvery === 0 && step < cfg.steps) yield* await evalOn([subset], false);
      if (probe && (step % probeEvery === 0 || step === cfg.steps)) yield* await probeAt();
      const byStep = cfg.checkpointEvery > 0 && step % cfg.checkpointEvery === 0;
      if (ctx.saveCheckpoint && step < cfg.steps && (byStep || timeToSave())) yield await checkpoint();
    }
    if (ctx.saveCheckpoint && (step >= cfg.steps || ctx.signal?.aborted || step === end)) yield await checkpoint();
    if (step >= cfg.steps) {
      yield* await evalOn(finalSets, true);
      yield { type: 'done', step, seconds: (performance.now() - t0) / 1000 };
    }
  } catch (e) {
    const message = e instanceof NonFiniteError ? e.message : `training failed at step ${step}: ${(e as Error).message}`;
    yield { type: 'error', step, message, lastCheckpoint };
  } finally {
    optimizer.dispose();
  }
}
