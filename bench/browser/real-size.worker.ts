/**
 * One fine-tuning step of a real-size model in a browser worker (tfjs-wasm, 1 thread): download through the Hub
 * code path (core/model/hub.ts, no cache) from the local Hub imitation, build the encoder, drop the downloaded
 * bytes, one ContrastiveTrainer step (MNRL, AdamW, grad clip 1) — the same step as bench/real-size-step.ts in Node —
 * then the embedding throughput of `embed` texts at batch 32 (the step warmed every kernel).
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { BertEncoder } from '../../src/core/model/bert';
import { createEncoder } from '../../src/core/model/checkpoint';
import { embedTexts } from '../../src/core/model/encoder';
import { downloadModel } from '../../src/core/model/hub';
import { releaseWeightFiles } from '../../src/core/model/release';
import { AdamW } from '../../src/core/train/adamw';
import { ContrastiveTrainer } from '../../src/core/train/step';
import { initBackend } from '../../src/core/util/backend';
import type { RealSizeStepRequest, RealSizeStepResult, RealSizeWorkerMessage } from './real-size-protocol';

const post = (m: RealSizeWorkerMessage) => (self as unknown as Worker).postMessage(m);
const log = (text: string) => post({ type: 'log', text });
const secs = (t0: number) => +((performance.now() - t0) / 1000).toFixed(1);

async function step(req: RealSizeStepRequest): Promise<RealSizeStepResult> {
  const r: RealSizeStepResult = { crossOriginIsolated, userAgent: navigator.userAgent };
  // One thread, as the Node benchmark; fixed before the wasm backend's first init.
  setThreadsCount(1);
  const info = await initBackend('wasm', { wasmPath: '/tfjs-wasm/' });
  if (info.name !== 'wasm') throw new Error(`wasm backend unavailable: ${JSON.stringify(info.tried)}`);
  tf.env().set('PROD', true);
  r.backend = info.name;
  r.wasmThreads = getThreadsCount();
  let t0 = performance.now();
  let files: Record<string, Uint8Array> | null = await downloadModel(req.modelId, { baseUrl: req.hubUrl, cache: null });
  r.downloadBytes = Object.values(files).reduce((a, b) => a + b.byteLength, 0);
  r.downloadSeconds = secs(t0);
  log(`downloaded ${r.downloadBytes} bytes in ${r.downloadSeconds} s`);
  t0 = performance.now();
  const enc = createEncoder(files, { maxLength: req.maxLength }) as BertEncoder;
  // The encoder holds its own tensors; the downloaded bytes are freed now, as the Models panel does after saving.
  releaseWeightFiles(files);
  files = null;
  enc.recomputeLayers = req.recompute;
  r.buildSeconds = secs(t0);
  r.rows = enc.config.model.vocabSize;
  r.tfBytesModel = tf.memory().numBytes;
  r.embeddingsTrainable = Object.keys(enc.trainableVariables()).some((k) => k.includes('word_embeddings'));
  const ids = enc.tokenizer.encodeBatch(req.queries, req.maxLength);
  r.seqLen = ids.shape[1];
  log(
    `encoder built in ${r.buildSeconds} s (${r.rows} rows); step ${req.queries.length} × ${r.seqLen}, recompute ${req.recompute}`,
  );
  const trainer = new ContrastiveTrainer(enc, new AdamW({ lr: 1e-4, weightDecay: 0.01 }));
  t0 = performance.now();
  const out = await trainer.step({ queries: req.queries, positives: req.positives }, 1e-4, 1, {
    temperature: 0.05,
    variant: 'mnrl',
    maxLength: req.maxLength,
    gradClip: 1,
  });
  r.stepSeconds = secs(t0);
  r.loss = +out.loss.toFixed(4);
  r.tfBytesAfterStep = tf.memory().numBytes;
  log(`step ${r.stepSeconds} s, loss ${r.loss}`);
  t0 = performance.now();
  await embedTexts(enc, req.embed, 32);
  r.embedSeconds = secs(t0);
  r.embedTexts = req.embed.length;
  r.embedTextsPerSecond = +(req.embed.length / r.embedSeconds).toFixed(2);
  log(`embedded ${r.embedTexts} texts in ${r.embedSeconds} s`);
  return r;
}

self.onmessage = (e: MessageEvent<RealSizeStepRequest>) => {
  step(e.data).then(
    (result) => post({ type: 'done', result }),
    (err) => post({ type: 'done', result: { error: String((err as Error).stack ?? err) } }),
  );
};
