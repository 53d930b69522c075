/**
 * Where the browser-train loss parity comes from: the browser-train steps (same weights, batch and optimiser as
 * bench/browser-peers.ts) in Node — ours through tfjs-wasm's own products (the browser's arithmetic, no BLAS) and
 * through OpenBLAS — against PyTorch float32 at 1 and 2 threads and the float64 reference (bert_peer.py
 * --float64). Prints each side's per-step loss minus float64 (×1e-6) and its max |Δ| against each reference.
 * Not part of `npm run bench`:   npx tsx bench/train-drift.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEncoder } from '../src/core/model/checkpoint';
import { AdamW } from '../src/core/train/adamw';
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
