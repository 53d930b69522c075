/**
 * A Node process of its own for the peak-RSS comparison (bench/memory.ts): builds the train-step model,
 * runs `--steps` ContrastiveTrainer steps on the wasm backend and prints one JSON line with peak RSS
 * (process.resourceUsage().maxRSS), the WASM heap size and tf.memory().
 */
import * as tf from '@tensorflow/tfjs';
import { AdamW } from '../src/core/train/adamw';
import { ContrastiveTrainer } from '../src/core/train/step';
import { initNodeBackend } from '../src/node/backend';
import { TRAIN_CONFIG, TRAIN_OPTS, buildEncoder, randomBatch } from './lib/fixture';
import { wasmHeapBytes } from './lib/wasm-heap';

async function main(): Promise<void> {
  const steps = Number(process.argv[process.argv.indexOf('--steps') + 1] || 3);
  tf.env().set('PROD', true);
  const rssStart = process.resourceUsage().maxRSS * 1024;
  // The benchmark's backend: wasm with its products in OpenBLAS (1 thread) when it loads, as in train-step.
  const backend = await initNodeBackend('wasm', { threads: 1 });
  const cfg = TRAIN_CONFIG;
  const enc = buildEncoder(cfg, 1);
  const batch = randomBatch(cfg, 7);
  const rssModel = process.resourceUsage().maxRSS * 1024;
  const trainer = new ContrastiveTrainer(enc, new AdamW({ lr: TRAIN_OPTS.lr, weightDecay: TRAIN_OPTS.weightDecay }));
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const r = await trainer.step(batch, TRAIN_OPTS.lr, i + 1, {
      temperature: TRAIN_OPTS.temperature,
      variant: TRAIN_OPTS.variant,
      maxLength: cfg.seq,
      gradClip: TRAIN_OPTS.gradClip,
    });
    losses.push(r.loss);
  }
  const mem = tf.memory();
  process.stdout.write(
    JSON.stringify({
      backend: backend.blas ? 'wasm+OpenBLAS' : backend.name,
      steps,
      losses,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      rssAtStartBytes: rssStart,
      peakRssAfterModelBytes: rssModel,
      wasmHeapBytes: wasmHeapBytes(),
      tfMemory: { numTensors: mem.numTensors, numBytes: mem.numBytes },
      heapUsedBytes: process.memoryUsage().heapUsed,
    }) + '\n',
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(String((e as Error).stack ?? e) + '\n');
    process.exit(1);
  },
);
