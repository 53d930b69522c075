/**
 * A/B of one engine switch (a tf.env flag) in ONE process, interleaved A B A B …, so that load from other jobs
 * hits both sides alike: encode (256 texts, batch 32 × 64 tokens, no grad) and the train step (bench/train-step.ts
 * shape), on the Node backend of `npm run bench` (wasm + OpenBLAS, 1 thread). Prints medians of wall and process
 * CPU time per side, the ratios B ÷ A, and the parity of the two sides (max |Δ| embedding, max |Δ| loss per step).
 *
 *   npx tsx bench/ab.ts [encode|train-step|both] [rounds] [--flag HBW_HEAD_PRODUCTS]
 *
 * A = flag false, B = flag true (the default of every flag it is meant for). Not part of `npm run bench`.
 */
import * as tf from '@tensorflow/tfjs';
import { embedTexts } from '../src/core/model/encoder';
import { HEAD_PRODUCTS_FLAG } from '../src/core/model/head-products';
import { AdamW } from '../src/core/train/adamw';
import { ContrastiveTrainer } from '../src/core/train/step';
import { benchBackend, cpuMs, fmt, log, stats } from './lib/common';
import { TRAIN_CONFIG, TRAIN_OPTS, buildEncoder, randomBatch, randomTexts } from './lib/fixture';

const args = process.argv.slice(2);
const flagAt = args.indexOf('--flag');
const FLAG = flagAt >= 0 ? args.splice(flagAt, 2)[1] : HEAD_PRODUCTS_FLAG;
const which = args[0] ?? 'both';
const ROUNDS = Number(args[1] ?? 5);

interface Side {
  wall: number[];
  cpu: number[];
}
const timed = async <T>(side: Side, on: boolean, f: () => Promise<T>, keep: boolean): Promise<T> => {
  tf.env().set(FLAG, on);
  const w0 = performance.now(),
    c0 = cpuMs();
  const r = await f();
  if (keep) {
    side.wall.push(performance.now() - w0);
    side.cpu.push(cpuMs() - c0);
  }
  return r;
};
const report = (name: string, a: Side, b: Side, parity: string): void => {
  const ma = (s: number[]) => stats(s).median;
  console.log(
    `${name}: A (${FLAG}=false) wall ${fmt(ma(a.wall))} ms, cpu ${fmt(ma(a.cpu))} ms; ` +
      `B (true) wall ${fmt(ma(b.wall))} ms, cpu ${fmt(ma(b.cpu))} ms; ` +
      `B÷A wall ${fmt(ma(b.wall) / ma(a.wall))}, cpu ${fmt(ma(b.cpu) / ma(a.cpu))} ` +
      `(per-round wall ratios ${b.wall.map((w, i) => fmt(w / a.wall[i])).join(' ')}); ${parity}`,
  );
};

await benchBackend('ab');
const cfg = TRAIN_CONFIG;

if (which === 'encode' || which === 'both') {
  const enc = buildEncoder(cfg, 1);
  const texts = randomTexts(cfg, 256, 11);
  const a: Side = { wall: [], cpu: [] },
    b: Side = { wall: [], cpu: [] };
  let ea: Float32Array = new Float32Array(),
    eb: Float32Array = new Float32Array();
  for (let r = 0; r <= ROUNDS; r++) {
    // round 0 warms up both sides
    ea = await timed(a, false, () => embedTexts(enc, texts, 32), r > 0);
    eb = await timed(b, true, () => embedTexts(enc, texts, 32), r > 0);
    log(`encode round ${r}: ${r === 0 ? 'warm-up' : `A ${a.wall.at(-1)!.toFixed(0)} ms, B ${b.wall.at(-1)!.toFixed(0)} ms`}`);
  }
  let d = 0;
  for (let i = 0; i < ea.length; i++) d = Math.max(d, Math.abs(ea[i] - eb[i]));
  report('encode (256 texts, ms per pass)', a, b, `embeddings max |Δ| ${d.toExponential(2)}`);
  enc.dispose();
}

if (which === 'train-step' || which === 'both') {
  const batch = randomBatch(cfg, 7);
  const stepOpts = {
    temperature: TRAIN_OPTS.temperature,
    variant: TRAIN_OPTS.variant,
    maxLength: cfg.seq,
    gradClip: TRAIN_OPTS.gradClip,
  };
  const make = () => {
    const enc = buildEncoder(cfg, 1),
      opt = new AdamW({ lr: TRAIN_OPTS.lr, weightDecay: TRAIN_OPTS.weightDecay });
    return { enc, opt, tr: new ContrastiveTrainer(enc, opt), losses: [] as number[] };
  };
  const A = make(),
    B = make();
  const a: Side = { wall: [], cpu: [] },
    b: Side = { wall: [], cpu: [] };
  for (let r = 0; r <= ROUNDS; r++) {
    // step 1 of each side is the warm-up
    A.losses.push((await timed(a, false, () => A.tr.step(batch, TRAIN_OPTS.lr, r + 1, stepOpts), r > 0)).loss);
    B.losses.push((await timed(b, true, () => B.tr.step(batch, TRAIN_OPTS.lr, r + 1, stepOpts), r > 0)).loss);
    log(
      `train-step ${r + 1}${r === 0 ? ' (warm-up)' : ''}: A ${r ? a.wall.at(-1)!.toFixed(0) : '–'} ms loss ${A.losses[r]}, B ${r ? b.wall.at(-1)!.toFixed(0) : '–'} ms loss ${B.losses[r]}`,
    );
  }
  const d = Math.max(...A.losses.map((l, i) => Math.abs(l - B.losses[i])));
  report(`train-step (${ROUNDS + 1} steps, ms per step)`, a, b, `losses max |Δ| ${d.toExponential(2)} over ${ROUNDS + 1} steps`);
  for (const s of [A, B]) {
    s.enc.dispose();
    s.opt.dispose();
  }
}
