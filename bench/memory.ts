/**
 * memory: (1) tf.memory() after 10 vs 1,000 ContrastiveTrainer steps of a small config (batches vary in
 * length, so padding and the attention-mask path run too) — the tensor count and bytes must not grow:
 * zero leaked tensors. (2) Peak RSS of a process that runs a few steps of the train-step config: ours
 * (bench/memory-child.ts, wasm) vs PyTorch (bench/peers/bert_peer.py peak-rss), each in a fresh process.
 */
import * as tf from '@tensorflow/tfjs';
import { AdamW } from '../src/core/train/adamw';
import { ContrastiveTrainer } from '../src/core/train/step';
import {
  type BenchResult,
  CACHE_DIR,
  backendLabel,
  benchBackend,
  fmt,
  log,
  machineInfo,
  nodeVersions,
  runNodeChild,
  runPeer,
} from './lib/common';
import {
  SMALL_CONFIG,
  TRAIN_CONFIG,
  TRAIN_OPTS,
  buildEncoder,
  prng,
  randomBatch,
  tokenIds,
  writePeerInputs,
} from './lib/fixture';
import { wasmHeapBytes } from './lib/wasm-heap';
import { join } from 'node:path';

export const LEAK_STEPS = [10, 1000] as const;
export const PEAK_STEPS = 3;

/** A batch of texts of random length (2..seq−2 words) so every step pads differently. */
function variableBatch(seed: number): { queries: string[]; positives: string[]; negatives: string[] } {
  const cfg = SMALL_CONFIG;
  const r = prng(seed);
  const text = () =>
    Array.from({ length: 2 + Math.floor(r() * (cfg.seq - 4)) }, () => `w${Math.floor(r() * (cfg.vocab - 5))}`).join(' ');
  const many = (n: number) => Array.from({ length: n }, text);
  return { queries: many(cfg.batch), positives: many(cfg.batch), negatives: many(cfg.batch) };
}

interface Snapshot {
  step: number;
  numTensors: number;
  numBytes: number;
  numDataBuffers: number;
  wasmHeapBytes: number | null;
  heapUsedBytes: number;
  msPerStep: number;
}

export async function run(): Promise<BenchResult> {
  const t0 = performance.now();
  const machine = machineInfo();
  const backend = await benchBackend('memory');

  log(`memory: ${LEAK_STEPS[1]} steps of the small config on ${backendLabel(backend)}`);
  const before = tf.memory().numTensors;
  const enc = buildEncoder(SMALL_CONFIG, 3);
  const optimizer = new AdamW({ lr: 1e-3, weightDecay: 0.01 });
  const trainer = new ContrastiveTrainer(enc, optimizer);
  const snaps: Snapshot[] = [];
  let last = performance.now();
  for (let step = 1; step <= LEAK_STEPS[1]; step++) {
    await trainer.step(variableBatch(step), 1e-3, step, {
      temperature: 0.05,
      variant: 'mnrl',
      maxLength: SMALL_CONFIG.seq,
      gradClip: 1,
    });
    if ((LEAK_STEPS as readonly number[]).includes(step) || step % 250 === 0) {
      const m = tf.memory();
      const now = performance.now();
      snaps.push({
        step,
        numTensors: m.numTensors,
        numBytes: m.numBytes,
        numDataBuffers: m.numDataBuffers,
        wasmHeapBytes: wasmHeapBytes(),
        heapUsedBytes: process.memoryUsage().heapUsed,
        msPerStep: (now - last) / (step - (snaps.at(-1)?.step ?? 0)),
      });
      last = now;
      log(`  step ${step}: ${m.numTensors} tensors, ${m.numBytes} bytes, wasm heap ${wasmHeapBytes()}`);
    }
  }
  const at10 = snaps.find((s) => s.step === LEAK_STEPS[0])!,
    at1000 = snaps.find((s) => s.step === LEAK_STEPS[1])!;
  const leakedTensors = at1000.numTensors - at10.numTensors,
    leakedBytes = at1000.numBytes - at10.numBytes;
  enc.dispose();
  optimizer.dispose();
  const afterDispose = tf.memory().numTensors; // must be back to `before`: weights and AdamW moments freed

  log(`memory: peak RSS, ${PEAK_STEPS} steps of the train-step config — ours (fresh Node process)`);
  const ours = await runNodeChild<{
    peakRssBytes: number;
    rssAtStartBytes: number;
    peakRssAfterModelBytes: number;
    wasmHeapBytes: number | null;
    tfMemory: unknown;
    losses: number[];
  }>('memory-child.ts', ['--steps', String(PEAK_STEPS)]);
  log('memory: peak RSS — PyTorch (fresh Python process, 1 thread)');
  const encT = buildEncoder(TRAIN_CONFIG, 1);
  const batch = randomBatch(TRAIN_CONFIG, 7);
  const dir = join(CACHE_DIR, 'memory');
  await writePeerInputs(dir, encT, {
    queries: tokenIds(encT, batch.queries, TRAIN_CONFIG.seq),
    positives: tokenIds(encT, batch.positives, TRAIN_CONFIG.seq),
    negatives: tokenIds(encT, batch.negatives, TRAIN_CONFIG.seq),
  });
  encT.dispose();
  const peer = await runPeer<{
    peakRssBytes: number;
    rssBeforeModelBytes: number;
    losses: number[];
    env: Record<string, unknown>;
  }>(
    'bert_peer.py',
    ['peak-rss', '--dir', dir, '--steps', String(PEAK_STEPS), '--threads', '1', '--lr', String(TRAIN_OPTS.lr)],
    1,
  );

  const ratio = ours.peakRssBytes / peer.peakRssBytes;
  const met = leakedTensors === 0 && leakedBytes === 0 && afterDispose === before;
  const mb = (b: number) => `${fmt(b / 2 ** 20)} MiB`;
  return {
    name: 'memory',
    title: 'memory (leaks over 1,000 steps; peak RSS of a train-step process)',
    date: new Date().toISOString(),
    machine,
    backend: backendLabel(backend),
    threads: { ours: 1, peer: 1 },
    // Both sides' GEMM named in the table (bench/lib/common.ts kernelCell): ours from the backend selection, the
    // peer's from its threadpoolctl report.
    versions: {
      ...nodeVersions(),
      torch: peer.env.torch,
      numpy: peer.env.numpy,
      backendSelection: backend,
      blas: peer.env.blas,
    },
    config: {
      leak: { ...SMALL_CONFIG, steps: LEAK_STEPS, variableLength: true, gradClip: 1 },
      peak: { ...TRAIN_CONFIG, steps: PEAK_STEPS },
    },
    ours: {
      leak: {
        snapshots: snaps,
        leakedTensors,
        leakedBytes,
        tensorsBeforeModel: before,
        tensorsAfterDispose: afterDispose,
        liveTensorsExplained: 'encoder variables + AdamW m and v per trained variable',
      },
      peakRss: ours,
      note: 'tfjs-backend-wasm memory grows to the peak live set of a step and never shrinks: peak RSS ≈ wasm heap',
    },
    peer: { name: 'PyTorch (same model and batch, 1 thread)', peakRss: peer },
    ratio,
    ratioDefinition:
      'ours peak RSS ÷ PyTorch peak RSS (train-step config, fresh processes); informative — the target is 0 leaked tensors',
    target: { kind: 'eq', value: 0, text: '0 leaked tensors/bytes (10 → 1,000 steps)' },
    met,
    summary: {
      title: 'memory: leak 10→1,000 steps; peak RSS (3 train-steps)',
      ours: `Δ ${leakedTensors} tensors / ${leakedBytes} B (${at1000.numTensors} tensors, ${mb(at1000.numBytes)} live); peak RSS ${mb(ours.peakRssBytes)} (wasm heap ${ours.wasmHeapBytes === null ? '?' : mb(ours.wasmHeapBytes)})`,
      peer: `PyTorch peak RSS ${mb(peer.peakRssBytes)}`,
      ratio: `RSS ${fmt(ratio)}×`,
      target: '0 leaked tensors',
      met,
    },
    wallSeconds: (performance.now() - t0) / 1000,
  };
}
