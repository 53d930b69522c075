/**
 * Where the browser-train loss parity comes from: the browser-train steps (same weights, batch and optimiser as
 * bench/browser-peers.ts) in Node — ours through tfjs-wasm's own products (the browser's arithmetic, no BLAS) and
 * through OpenBLAS — against PyTorch float32 at 1 and 2 threads and the float64 reference (bert_peer.py
 * --float64). Prints each side's per-step loss minus float64 (×1e-6) and its max |Δ| against each reference.
 * Then the deterministic part: the first step's embeddings and loss gradients of each side against float64
 * (bert_peer.py grads), by parameter group. The loss sequences after step 1 are chaotic — AdamW's first update is
 * ±lr wherever |g| ≫ ε, so gradient elements that float32 rounding flips move weights by 2·lr — while these
 * distances rank the arithmetic itself.
 * Not part of `npm run bench`:   npx tsx bench/train-drift.ts — "ours tfjs-wasm" is then Chromium's arithmetic at 2
 * threads (XNNPACK's products); with `node --experimental-wasm-relaxed-simd --import tsx bench/train-drift.ts` it is
 * Chromium's at 1 thread (our relaxed-SIMD GEMM; the same loss sequence as the browser-train row, bit for bit).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createEncoder } from '../src/core/model/checkpoint';
import { AdamW } from '../src/core/train/adamw';
import { infoNce } from '../src/core/train/loss';
import { ContrastiveTrainer } from '../src/core/train/step';
import { withBrowserArithmetic } from '../src/node/backend';
import { DIR, prepare, REPEATS, WARMUP } from './browser-peers';
import { benchBackend, runPeer } from './lib/common';
import { TRAIN_OPTS } from './lib/fixture';

await prepare();
const args = ['--dir', DIR, '--warmup', String(WARMUP), '--repeats', String(REPEATS), '--tau', String(TRAIN_OPTS.temperature)];
args.push('--clip', String(TRAIN_OPTS.gradClip), '--lr', String(TRAIN_OPTS.lr), '--weight-decay', String(TRAIN_OPTS.weightDecay));
const losses = async (threads: number, float64 = false) =>
  (
    await runPeer<{ losses: number[] }>(
      'bert_peer.py',
      ['train-step', ...args, '--threads', String(threads), ...(float64 ? ['--float64'] : [])],
      threads,
    )
  ).losses;
const ref = await losses(1, true);
const torch1 = await losses(1);
const torch2 = await losses(2);
const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i]))).toExponential(2);
const show = (name: string, xs: number[]) =>
  console.log(
    `${name.padEnd(16)} ${xs.map((x, i) => ((x - ref[i]) * 1e6).toFixed(2)).join(' ')}  max |Δ| float64 ${maxDiff(xs, ref)}, torch 1 thr ${maxDiff(xs, torch1)}, 2 thr ${maxDiff(xs, torch2)}`,
  );
console.log(`float64 losses ${ref.join(' ')}\nloss − float64 (×1e-6) per step:`);
show('torch 1 thread', torch1);
show('torch 2 threads', torch2);

await benchBackend('train-drift');
const m = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8'));
const files = Object.fromEntries(m.files.map((f: string) => [f, new Uint8Array(readFileSync(join(DIR, f)))]));
for (const [name, blas] of [
  ['ours tfjs-wasm', false],
  ['ours OpenBLAS', true],
] as const) {
  const enc = createEncoder(files);
  const trainer = new ContrastiveTrainer(enc, new AdamW({ lr: m.train.lr, weightDecay: m.train.weightDecay }));
  const opts = { temperature: m.train.temperature, variant: m.train.variant, maxLength: m.seq, gradClip: m.train.gradClip };
  const ours: number[] = [];
  const steps = async () => {
    for (let i = 0; i < WARMUP + REPEATS; i++) ours.push((await trainer.step(m.batch, m.train.lr, i + 1, opts)).loss);
  };
  if (blas) await steps();
  else await withBrowserArithmetic(steps);
  show(name, ours);
  enc.dispose();
}

// ---- first step against float64: embeddings and gradients (deterministic)
type FirstStep = { embeddings: Float64Array; grads: Record<string, Float64Array> };
const peerFirstStep = async (threads: number, float64 = false): Promise<FirstStep> => {
  const out = join(DIR, `grads-${threads}${float64 ? '-f64' : ''}`);
  const r = await runPeer<{ index: Record<string, [number, number]> }>(
    'bert_peer.py',
    [
      'grads',
      '--dir',
      DIR,
      '--tau',
      String(TRAIN_OPTS.temperature),
      '--threads',
      String(threads),
      '--out',
      out,
      ...(float64 ? ['--float64'] : []),
    ],
    threads,
  );
  const all = new Float64Array(new Uint8Array(readFileSync(`${out}.bin`)).buffer);
  const slice = ([o, n]: [number, number]) => all.subarray(o, o + n);
  const { embeddings, ...rest } = r.index;
  return { embeddings: slice(embeddings), grads: Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, slice(v)])) };
};
const oursFirstStep = async (): Promise<FirstStep> => {
  const enc = createEncoder(files);
  const vars = enc.trainableVariables();
  const names = Object.keys(vars);
  let e!: tf.Tensor;
  const { value, grads } = tf.variableGrads(
    () => {
      const [q, p, n] = (['queries', 'positives', 'negatives'] as const).map((k) =>
        enc.encode(m.batch[k], { role: k === 'queries' ? 'query' : 'passage', maxLength: m.seq }),
      );
      e = tf.keep(tf.concat([q, p, n]));
      return infoNce(q, p, n, { temperature: m.train.temperature, variant: m.train.variant });
    },
    names.map((k) => vars[k]),
  );
  const res: FirstStep = { embeddings: Float64Array.from(await e.data()), grads: {} };
  for (const k of names) res.grads[k] = Float64Array.from(await grads[vars[k].name].data());
  tf.dispose([value, e, ...Object.values(grads)]);
  enc.dispose();
  return res;
};
/** ‖a − r‖ / ‖r‖ over the given arrays; rows of `width` L2-normalised first when width is given (row scale aside). */
const relErr = (pairs: Array<[ArrayLike<number>, ArrayLike<number>]>, width?: number): number => {
  let e2 = 0,
    r2 = 0;
  for (const [a, r] of pairs)
    for (let row = 0; row < a.length; row += width ?? a.length) {
      const len = width ?? a.length;
      let na = 0,
        nr = 0;
      for (let j = 0; j < len; j++) {
        na += a[row + j] ** 2;
        nr += r[row + j] ** 2;
      }
      const [sa, sr] = width ? [1 / Math.sqrt(na), 1 / Math.sqrt(nr)] : [1, 1];
      for (let j = 0; j < len; j++) {
        e2 += (a[row + j] * sa - r[row + j] * sr) ** 2;
        r2 += (r[row + j] * sr) ** 2;
      }
    }
  return Math.sqrt(e2 / r2);
};
// key.bias: its gradient is zero in exact arithmetic (softmax ignores a per-query constant), so it is pure noise.
const GROUPS: Array<[string, (name: string) => boolean]> = [
  ['dense weights', (k) => /\.(query|key|value|dense)\.weight$/.test(k)],
  ['dense biases', (k) => /\.(query|value|dense)\.bias$/.test(k)],
  ['LayerNorm γ, β', (k) => k.includes('LayerNorm')],
  ['embedding tables', (k) => k.endsWith('_embeddings.weight')],
];
const ref64 = await peerFirstStep(1, true);
const sides: Array<[string, FirstStep]> = [
  ['torch 1 thread', await peerFirstStep(1)],
  ['torch 2 threads', await peerFirstStep(2)],
];
sides.push(['ours tfjs-wasm', await withBrowserArithmetic(oursFirstStep)], ['ours OpenBLAS', await oursFirstStep()]);
const H = m.hidden as number;
console.log('\nfirst step against float64, ‖Δ‖/‖float64‖ (embeddings row-normalised):');
console.log(`${''.padEnd(16)} ${['embeddings', 'all gradients', ...GROUPS.map(([g]) => g)].map((s) => s.padStart(18)).join('')}`);
for (const [name, side] of sides) {
  const names = Object.keys(ref64.grads).filter((k) => !k.endsWith('key.bias'));
  const cols = [
    relErr([[side.embeddings, ref64.embeddings]], H),
    relErr(names.map((k) => [side.grads[k], ref64.grads[k]])),
    ...GROUPS.map(([, f]) => relErr(names.filter(f).map((k) => [side.grads[k], ref64.grads[k]]))),
  ];
  console.log(`${name.padEnd(16)} ${cols.map((c) => c.toExponential(2).padStart(18)).join('')}`);
}
