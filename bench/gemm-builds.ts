/**
 * `npx tsx bench/gemm-builds.ts`: our GEMM's two builds on the plain-wasm path (the browser's arithmetic, no BLAS),
 * each in its own Node process with --experimental-wasm-relaxed-simd (Node 20; Chromium has relaxed SIMD by
 * default): relaxed SIMD (fused multiply-adds, plain 2-D products routed off XNNPACK) vs SIMD128 (tf.env
 * HBW_WASM_RELAXED_SIMD=false: 2-D products on XNNPACK). Prints the numerics gap — embeddings of 64 texts, losses
 * of 3 training steps — and the encode CPU time per 128 texts (batches of 32, median of 4 rounds), with
 * onnxruntime-web (wasm, 1 thread) interleaved in the same process when bench/.cache/encode/model.onnx exists
 * (`npm run bench -- encode` exports it). Not part of `npm run bench`: it sizes kernels/wasm-gemm.ts's routing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { embedTexts } from '../src/core/model/encoder';
import { kernelsFor, WASM_RELAXED_SIMD_FLAG } from '../src/core/model/kernels/wasm-kernels';
import { AdamW } from '../src/core/train/adamw';
import { ContrastiveTrainer } from '../src/core/train/step';
import { CACHE_DIR, cpuMs } from './lib/common';
import { buildEncoder, randomBatch, randomTexts, TRAIN_CONFIG, TRAIN_OPTS } from './lib/fixture';

interface ChildResult {
  relaxed: boolean;
  emb: number[];
  losses: number[];
  oursMs: number[];
  ortWebMs: number[];
}

const cfg = TRAIN_CONFIG;
const median = (a: number[]) => (a.length ? [...a].sort((x, y) => x - y)[a.length >> 1] : Number.NaN);

/** onnxruntime-web's pass over `texts` (batches of 32), or null without the exported model. */
async function ortWebPass(texts: string[], tokenize: (t: string[]) => { inputIds: Int32Array; attentionMask: Int32Array }) {
  const modelPath = join(CACHE_DIR, 'encode', 'model.onnx');
  if (!existsSync(modelPath)) return null;
  // biome-ignore lint/suspicious/noExplicitAny: onnxruntime-web's types are not imported for one bench
  const ort = (await import('onnxruntime-web')) as any;
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(new Uint8Array(readFileSync(modelPath)), { executionProviders: ['wasm'] });
  return async () => {
    for (let i = 0; i < texts.length; i += 32) {
      const b = tokenize(texts.slice(i, i + 32));
      const shape = [b.inputIds.length / cfg.seq, cfg.seq];
      const i64 = (a: Int32Array) =>
        new ort.Tensor(
          'int64',
          BigInt64Array.from(a, (x) => BigInt(x)),
          shape,
        );
      await session.run({ input_ids: i64(b.inputIds), attention_mask: i64(b.attentionMask) });
    }
  };
}

async function child(relaxed: boolean): Promise<ChildResult> {
  tf.env().set(WASM_RELAXED_SIMD_FLAG, relaxed);
  await tf.setBackend('wasm');
  const enc = buildEncoder(cfg, 1);
  const emb = await embedTexts(enc, randomTexts(cfg, 64, 3), 32);
  const tr = new ContrastiveTrainer(enc, new AdamW({ lr: TRAIN_OPTS.lr, weightDecay: TRAIN_OPTS.weightDecay }));
  const batch = randomBatch(cfg, 7);
  const losses: number[] = [];
  for (let i = 0; i < 3; i++) {
    const o = {
      temperature: TRAIN_OPTS.temperature,
      variant: TRAIN_OPTS.variant,
      maxLength: cfg.seq,
      gradClip: TRAIN_OPTS.gradClip,
    };
    losses.push((await tr.step(batch, TRAIN_OPTS.lr, i + 1, o)).loss);
  }
  const texts = randomTexts(cfg, 128, 11);
  const ort = await ortWebPass(texts, (t) => enc.tokenizer.encodeBatch(t, cfg.seq));
  const oursMs: number[] = [],
    ortWebMs: number[] = [];
  for (let r = 0; r <= 4; r++) {
    let c0 = cpuMs();
    await embedTexts(enc, texts, 32);
    if (r > 0) oursMs.push(cpuMs() - c0);
    if (!ort) continue;
    c0 = cpuMs();
    await ort();
    if (r > 0) ortWebMs.push(cpuMs() - c0);
  }
  return { relaxed: kernelsFor(tf.backend())!.relaxed, emb: Array.from(emb), losses, oursMs, ortWebMs };
}

function runChild(build: string): ChildResult {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--import', 'tsx', self, '--child', build], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`${build} child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

if (process.argv[2] === '--child') {
  process.stdout.write(`${JSON.stringify(await child(process.argv[3] === 'relaxed'))}\n`);
} else {
  const [rel, simd] = ['relaxed', 'simd128'].map(runChild);
  if (!rel.relaxed || simd.relaxed) throw new Error('the children did not get the builds asked for');
  const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));
  const row = (name: string, r: ChildResult) =>
    `| ${name} | ${median(r.oursMs).toFixed(0)} | ${median(r.ortWebMs).toFixed(0)} | ${(median(r.ortWebMs) / median(r.oursMs)).toFixed(2)}× |`;
  process.stdout.write(
    [
      `embeddings max |relaxed − SIMD128| ${maxDiff(rel.emb, simd.emb).toExponential(2)} (64 × ${cfg.hidden})`,
      `training-step losses max |relaxed − SIMD128| ${maxDiff(rel.losses, simd.losses).toExponential(2)} (3 steps)`,
      '| build | ours ms CPU / 128 texts | ORT-web ms CPU | ORT-web ÷ ours |',
      '|---|---|---|---|',
      row('relaxed SIMD, 2-D routed', rel),
      row('SIMD128, 2-D on XNNPACK', simd),
      '',
    ].join('\n'),
  );
}
