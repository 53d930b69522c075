/**
 * train-step: one contrastive step (3 × 32 texts of 64 tokens through the 4-layer/256 BERT, InfoNCE MNRL
 * τ = 0.05, backward, clip 1.0, AdamW) — ContrastiveTrainer.step on the fastest Node backend vs the same
 * step in PyTorch (bench/peers/bert_peer.py) on the same weights and token ids, same thread count (1).
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { AdamW } from '../src/core/train/adamw';
import { ContrastiveTrainer } from '../src/core/train/step';
import { withBrowserArithmetic } from '../src/node/backend';
import {
  type BenchResult,
  CACHE_DIR,
  backendLabel,
  benchBackend,
  cpuMs,
  fmt,
  fmtStats,
  log,
  machineInfo,
  nodeVersions,
  runPeer,
  stats,
} from './lib/common';
import { TRAIN_CONFIG, TRAIN_OPTS, buildEncoder, randomBatch, tokenIds, writePeerInputs } from './lib/fixture';
import { profileKernels } from './lib/tfprofile';

export const WARMUP = 2;
export const REPEATS = 5;

interface PeerTrain {
  msPerStep: number[];
  cpuMsPerStep: number[];
  losses: number[];
  gradNorms: number[];
  peakRssBytes: number;
  env: Record<string, unknown>;
  optimizer: unknown;
}
interface PeerProfile {
  totalSelfMs: number;
  matmulSelfMs: number;
  top: Array<{ op: string; ms: number; count: number }>;
}

export async function run(): Promise<BenchResult> {
  const t0 = performance.now();
  const machine = machineInfo();
  const backend = await benchBackend('train-step');
  const cfg = TRAIN_CONFIG;
  const enc = buildEncoder(cfg, 1);
  const batch = randomBatch(cfg, 7);
  const dir = join(CACHE_DIR, 'train-step');
  await writePeerInputs(dir, enc, {
    queries: tokenIds(enc, batch.queries, cfg.seq),
    positives: tokenIds(enc, batch.positives, cfg.seq),
    negatives: tokenIds(enc, batch.negatives, cfg.seq),
  });
  const peerArgs = [
    '--dir',
    dir,
    '--warmup',
    String(WARMUP),
    '--repeats',
    String(REPEATS),
    '--tau',
    String(TRAIN_OPTS.temperature),
    '--clip',
    String(TRAIN_OPTS.gradClip),
    '--lr',
    String(TRAIN_OPTS.lr),
    '--weight-decay',
    String(TRAIN_OPTS.weightDecay),
  ];

  log('train-step: PyTorch peer, 1 thread');
  const peer1 = await runPeer<PeerTrain>('bert_peer.py', ['train-step', ...peerArgs, '--threads', '1'], 1);

  const stepOpts = {
    temperature: TRAIN_OPTS.temperature,
    variant: TRAIN_OPTS.variant,
    maxLength: cfg.seq,
    gradClip: TRAIN_OPTS.gradClip,
  };
  /** WARMUP + REPEATS steps of a fresh optimizer on `encoder` (same weights, same batch every step). */
  const timeSteps = async (label: string, encoder: typeof enc) => {
    log(`train-step: ${label} (${WARMUP} warm-up + ${REPEATS} timed steps)`);
    const opt = new AdamW({ lr: TRAIN_OPTS.lr, weightDecay: TRAIN_OPTS.weightDecay });
    const tr = new ContrastiveTrainer(encoder, opt);
    const wall: number[] = [],
      cpu: number[] = [],
      losses: number[] = [],
      norms: number[] = [];
    for (let i = 0; i < WARMUP + REPEATS; i++) {
      const w0 = performance.now(),
        c0 = cpuMs();
      const r = await tr.step(batch, TRAIN_OPTS.lr, i + 1, stepOpts);
      const dw = performance.now() - w0,
        dc = cpuMs() - c0;
      losses.push(r.loss);
      norms.push(r.gradNorm);
      if (i >= WARMUP) {
        wall.push(dw);
        cpu.push(dc);
      }
      log(`  step ${i + 1}: ${dw.toFixed(0)} ms wall, ${dc.toFixed(0)} ms cpu, loss ${r.loss.toFixed(5)}`);
    }
    return { tr, opt, wall, cpu, losses, norms, steps: WARMUP + REPEATS };
  };
  // The browser's arithmetic first: the same steps with tfjs-wasm's own kernels (extra information, not the
  // ratio). First, because run after the BLAS steps in one process it measured 14.4 s instead of 10.4 s.
  let wasmOnly: { msPerStep: ReturnType<typeof stats>; cpuMsPerStep: ReturnType<typeof stats>; losses: number[] } | undefined;
  if (backend.blas) {
    const enc2 = buildEncoder(cfg, 1);
    const w = await withBrowserArithmetic(() => timeSteps('ours, plain wasm (no BLAS; what the browser runs)', enc2));
    wasmOnly = { msPerStep: stats(w.wall), cpuMsPerStep: stats(w.cpu), losses: w.losses };
    enc2.dispose();
    w.opt.dispose();
  }
  const main = await timeSteps(`ours, ${backendLabel(backend)}`, enc);
  const { tr: trainer, opt: optimizer, wall, cpu, losses, norms } = main;
  let step = main.steps;
  const tokStart = performance.now();
  for (let i = 0; i < 5; i++)
    for (const t of [batch.queries, batch.positives, batch.negatives]) enc.tokenizer.encodeBatch(t, cfg.seq);
  const tokenizeMs = (performance.now() - tokStart) / 5;

  log('train-step: tf.profile of one step');
  const profile = await profileKernels(() => trainer.step(batch, TRAIN_OPTS.lr, ++step, stepOpts));
  const memory = tf.memory();
  enc.dispose();
  optimizer.dispose();

  log('train-step: PyTorch peer, 2 threads (extra info)');
  const peer2 = await runPeer<PeerTrain>('bert_peer.py', ['train-step', ...peerArgs, '--threads', '2'], 2);
  log('train-step: PyTorch profiler, 1 thread');
  const peerProfile = await runPeer<PeerProfile>('bert_peer.py', ['profile', ...peerArgs, '--warmup', '1', '--threads', '1'], 1);

  const ours = stats(wall),
    oursCpu = stats(cpu),
    p1 = stats(peer1.msPerStep),
    p1cpu = stats(peer1.cpuMsPerStep),
    p2 = stats(peer2.msPerStep);
  const ratio = ours.median / p1.median;
  const lossDiff = losses.map((l, i) => Math.abs(l - peer1.losses[i]));
  const target = { kind: 'max' as const, value: 1.0, text: '≤ 1.0× PyTorch time, losses to 2e-6' };
  const met = ratio <= target.value && Math.max(...lossDiff) <= 2e-6;
  return {
    name: 'train-step',
    title: 'train-step (4L/256, 3×32×64 tok, fwd+InfoNCE+bwd+AdamW)',
    date: new Date().toISOString(),
    machine,
    backend: backendLabel(backend),
    threads: {
      ours: 1,
      peer: 1,
      note: 'ours: tfjs-backend-wasm (single-threaded SIMD) with its matrix products in OpenBLAS pinned to 1 thread (openblas_set_num_threads); torch.set_num_threads(1) + OpenBLAS pool limited to 1 (threadpoolctl, OPENBLAS_NUM_THREADS=1)',
    },
    versions: { ...nodeVersions(), ...(peer1.env as object) },
    config: { ...cfg, ...TRAIN_OPTS, warmup: WARMUP, repeats: REPEATS },
    ours: {
      msPerStep: ours,
      cpuMsPerStep: oursCpu,
      losses,
      gradNorms: norms,
      tokenizeMsPerStep: tokenizeMs,
      backendSelection: backend,
      tfMemoryAfter: memory,
      wasmOnly,
    },
    peer: {
      name: 'PyTorch (plain torch BERT, torch.optim.AdamW)',
      msPerStep: p1,
      cpuMsPerStep: p1cpu,
      losses: peer1.losses,
      gradNorms: peer1.gradNorms,
      optimizer: peer1.optimizer,
      twoThreads: { msPerStep: p2, speedupVs1Thread: p1.median / p2.median, oursVs2Threads: ours.median / p2.median },
    },
    ratio,
    ratioDefinition: 'ours median ms/step ÷ PyTorch (1 thread) median ms/step; lower is better',
    target,
    met,
    parity: {
      maxAbsLossDiff: Math.max(...lossDiff),
      lossDiffByStep: lossDiff,
      note: 'same weights, same ids, same batch every step: the loss sequences must agree (float32 rounding only)',
    },
    profile: {
      ours: profile,
      peer: peerProfile,
      oursMatmulShare: profile.matmulMs / profile.kernelMs,
      peerMatmulShare: peerProfile.matmulSelfMs / peerProfile.totalSelfMs,
    },
    summary: {
      title: 'train-step, ms/step (1 thread)',
      ours: `${fmtStats(ours, 'ms')} [${backendLabel(backend)}]${wasmOnly ? `; plain wasm ${fmt(wasmOnly.msPerStep.median)} ms (${fmt(wasmOnly.msPerStep.median / p1.median)}×)` : ''}`,
      peer: `${fmtStats(p1, 'ms')} [torch ${peer1.env.torch as string}]; 2 threads ${fmt(p2.median)} ms`,
      ratio: `${fmt(ratio)}×`,
      target: target.text,
      met,
    },
    wallSeconds: (performance.now() - t0) / 1000,
  };
}
