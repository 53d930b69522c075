/**
 * Pre-training a cross-lingual base: InfoNCE on translation pairs (lexicon entries, parallel sentences) with
 * language-balanced batches. Measured here: an encoder trained from scratch on QA pairs alone learns almost no
 * cross-lingual alignment that carries to new topics; aligning words across languages first gives fine-tuning
 * something to build on. The product is a plain model folder (HF layout) plus lineage.json, usable as any
 * experiment's `baseCheckpoint`.
 */
import * as tf from '@tensorflow/tfjs';
import type { TranslationPair, TranslationPairs } from '../data/lexicon';
import type { Encoder } from '../model/encoder';
import { fnv1a } from '../eval/ranking';
import { TranslationPairSampler } from '../sampling/translation-sampler';
import { AdamW } from './adamw';
import { NonFiniteError } from './clip';
import { lrAt } from './schedule';
import { ContrastiveTrainer } from './step';

// Declared once in pretrain-config.ts (type, defaults, bounds, README table).
import { DEFAULT_PRETRAIN, type PretrainConfig } from './pretrain-config';
export { DEFAULT_PRETRAIN, type PretrainConfig };

export type PretrainEvent =
  | {
      type: 'start';
      stage: 'pretrain';
      config: PretrainConfig;
      backend: string;
      trainPairs: number;
      heldOut: number;
      langPairs: string[];
      time: string;
    }
  | { type: 'step'; step: number; loss: number; lr: number; gradNorm: number; ms: number }
  | { type: 'composition'; step: number; kind: 'translation'; size: number; pairs: Record<string, number> }
  | { type: 'translation-eval'; step: number; loss: number; accuracy: number; pairs: number }
  | { type: 'done'; step: number; seconds: number }
  | { type: 'error'; step: number; message: string };

/**
 * Split off whole concepts (every pair of a concept goes to the same side) by a hash, so the evaluation
 * never sees a training concept: about `n` held-out pairs.
 */
export function splitHeldOut(
  data: TranslationPairs,
  n: number,
  seed: number,
): { train: TranslationPairs; heldOut: TranslationPair[] } {
  if (n <= 0) return { train: data, heldOut: [] };
  const conceptOf = (p: TranslationPair) => p.concept ?? p.a;
  const concepts = new Set(data.pairs.map(conceptOf));
  // Hold out about n concepts; evaluate one pair per held-out concept, so every query has exactly one right
  // answer among the candidates (a multi-language concept has dozens of pairs that would all be "right").
  const modulus = Math.max(2, Math.round(concepts.size / n));
  const isHeld = (p: TranslationPair) => fnv1a(`${seed}:${conceptOf(p)}`) % modulus === 0;
  const train: TranslationPair[] = [],
    heldOut: TranslationPair[] = [];
  const seen = new Set<string>();
  for (const p of data.pairs) {
    if (!isHeld(p)) {
      train.push(p);
      continue;
    }
    // Identical strings in both languages teach nothing and make the ranking trivial: keep them out of the test.
    if (p.a === p.b || seen.has(conceptOf(p))) continue;
    seen.add(conceptOf(p));
    heldOut.push(p);
  }
  return { train: { ...data, pairs: train }, heldOut: heldOut.slice(0, n) };
}

/**
 * Translation ranking on held-out pairs: each `a` ranks every `b`; returns the InfoNCE loss (same τ) and
 * top-1 accuracy. Scores [n × n] at once: n ≤ a few thousand.
 */
export async function translationRanking(
  encoder: Encoder,
  pairs: TranslationPair[],
  temperature: number,
  maxLength: number,
): Promise<{ loss: number; accuracy: number }> {
  if (pairs.length === 0) return { loss: NaN, accuracy: NaN };
  const out = tf.tidy(() => {
    const a = encoder.encode(
      pairs.map((p) => p.a),
      { role: 'query', maxLength },
    ); // [n × d]
    const b = encoder.encode(
      pairs.map((p) => p.b),
      { role: 'passage', maxLength },
    ); // [n × d]
    const logits = tf.div(tf.matMul(a, b, false, true), temperature); // [n × n]
    const labels = tf.range(0, pairs.length, 1, 'int32');
    const loss = tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(labels, pairs.length), tf.logSoftmax(logits)), 1)));
    const acc = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32'));
    return tf.stack([loss, acc]);
  });
  const [loss, accuracy] = Array.from(await out.data());
  out.dispose();
  return { loss, accuracy };
}

export async function* runPretraining(ctx: {
  config: PretrainConfig;
  data: TranslationPairs;
  encoder: Encoder;
  backend: string;
  signal?: AbortSignal;
}): AsyncGenerator<PretrainEvent> {
  const cfg = ctx.config;
  const t0 = performance.now();
  const { train, heldOut } = splitHeldOut(ctx.data, cfg.heldOutPairs, cfg.seed);
  const sampler = new TranslationPairSampler(train, {
    batchSize: cfg.batchSize,
    seed: cfg.seed,
    maxPairsPerLangPair: cfg.maxPairsPerLangPair ?? undefined,
    wordsPerExample: cfg.wordsPerExample,
  });
  const optimizer = new AdamW({ lr: cfg.lr, weightDecay: cfg.weightDecay });
  const trainer = new ContrastiveTrainer(ctx.encoder, optimizer);
  yield {
    type: 'start',
    stage: 'pretrain',
    config: cfg,
    backend: ctx.backend,
    trainPairs: train.pairs.length,
    heldOut: heldOut.length,
    langPairs: [...sampler.langPairs],
    time: new Date().toISOString(),
  };
  const evalNow = async (step: number): Promise<PretrainEvent> => ({
    type: 'translation-eval',
    step,
    pairs: heldOut.length,
    ...(await translationRanking(ctx.encoder, heldOut, cfg.temperature, cfg.maxLength)),
  });
  let step = 0;
  try {
    yield await evalNow(0);
    while (step < cfg.steps && !ctx.signal?.aborted) {
      const ts = performance.now();
      const batch = sampler.next();
      const lr = lrAt(step, { lr: cfg.lr, warmupSteps: cfg.warmupSteps, totalSteps: cfg.steps });
      const { loss, gradNorm } = await trainer.step(
        { queries: batch.pairs.map((p) => p.query), positives: batch.pairs.map((p) => p.positive) },
        lr,
        step,
        { temperature: cfg.temperature, variant: 'mnrl', maxLength: cfg.maxLength, gradClip: cfg.gradClip },
      );
      yield { type: 'composition', step, kind: 'translation', size: batch.pairs.length, pairs: batch.composition };
      step++;
      yield { type: 'step', step, loss, lr, gradNorm, ms: performance.now() - ts };
      if (cfg.evalEvery > 0 && step % cfg.evalEvery === 0 && step < cfg.steps) yield await evalNow(step);
    }
    yield await evalNow(step);
    yield { type: 'done', step, seconds: (performance.now() - t0) / 1000 };
  } catch (e) {
    yield {
      type: 'error',
      step,
      message: e instanceof NonFiniteError ? e.message : `pre-training failed at step ${step}: ${(e as Error).message}`,
    };
  } finally {
    optimizer.dispose();
  }
}
