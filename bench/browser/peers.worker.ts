/**
 * Peers worker: the bench model (written by bench/browser-peers.ts to bench/.cache/browser-peers, served at
 * /bench-cache/) loaded through the app's own loader (createEncoder) on tfjs-backend-wasm, exactly as the app runs
 * it, and — for `encode` — the same weights as ONNX (torch.onnx.export) on onnxruntime-web's wasm EP (the
 * onnxruntime-web that transformers.js pins), interleaved round by round so that machine noise hits both alike.
 * `train` times ContrastiveTrainer steps; its peer (PyTorch CPU) runs in the driver's process tree, not here.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-web/wasm';
import { createEncoder } from '../../src/core/model/checkpoint';
import { embedTexts } from '../../src/core/model/encoder';
import { AdamW } from '../../src/core/train/adamw';
import { ContrastiveTrainer } from '../../src/core/train/step';
import { initBackend } from '../../src/core/util/backend';
import type { PeersPageMessage, PeersRequest, PeersResult, PeersWorkerMessage, TimedSide } from './peers-protocol';

interface Manifest {
  files: string[];
  texts: string[];
  batch: { queries: string[]; positives: string[]; negatives: string[] };
  seq: number;
  hidden: number;
  train: { temperature: number; variant: 'mnrl'; gradClip: number; lr: number; weightDecay: number };
}

const post = (m: PeersWorkerMessage) => (self as unknown as Worker).postMessage(m);
const log = (text: string) => post({ type: 'log', text });
const bytes = async (name: string) => new Uint8Array(await (await fetch(`/bench-cache/${name}`)).arrayBuffer());

const pending = new Map<number, (ms: number) => void>();
let nextId = 0;
/** The browser's CPU ms so far (all processes), via the page and the driver. */
const cpuMark = () =>
  new Promise<number>((resolve) => {
    const id = ++nextId;
    pending.set(id, resolve);
    post({ type: 'cpu', id });
  });

/** Runs fn; when `record`, appends its wall ms and the browser's CPU ms over the same interval to `side`. */
async function timed<T>(side: TimedSide, record: boolean, fn: () => Promise<T>): Promise<T> {
  const c0 = await cpuMark();
  const t0 = performance.now();
  const out = await fn();
  const dt = performance.now() - t0;
  const c1 = await cpuMark();
  if (record) {
    side.wallMs.push(dt);
    side.cpuMs.push(c1 - c0);
  }
  return out;
}

async function run(req: PeersRequest): Promise<PeersResult> {
  const r: PeersResult = {
    crossOriginIsolated: self.crossOriginIsolated,
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
    threads: { requested: req.threads },
  };
  // Both thread counts are read once, at each runtime's first init: set them before anything initialises.
  setThreadsCount(req.threads);
  // tfjs-backend-wasm 4.22 (cc/backend.cc) caps XNNPACK's pool at hardwareConcurrency / 2 ("2 threads per core"),
  // whatever setThreadsCount asks: on this 2-core box that is 1. To measure n threads, its init must read 2n.
  if (req.threads > 1 && navigator.hardwareConcurrency < 2 * req.threads) {
    Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * req.threads, configurable: true });
    r.threads.hardwareConcurrencyShown = 2 * req.threads;
  }
  ort.env.wasm.numThreads = req.threads;
  ort.env.wasm.wasmPaths = '/ort-wasm/';
  const info = await initBackend('wasm', { wasmPath: '/tfjs-wasm/' });
  if (info.name !== 'wasm') throw new Error(`wasm backend unavailable: ${JSON.stringify(info.tried)}`);
  tf.env().set('PROD', true);
  r.tfjsBackend = info.name;
  r.threads.tfjsActual = getThreadsCount();
  r.threads.tfjsMultithreadSupport = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true;
  r.threads.tfjsWasmFile = performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .find((n) => n.includes('tfjs-backend-wasm'));
  const m = (await (await fetch('/bench-cache/manifest.json')).json()) as Manifest;
  const files = Object.fromEntries(await Promise.all(m.files.map(async (f) => [f, await bytes(f)] as const)));
  const enc = createEncoder(files);
  log(`tfjs wasm: ${r.threads.tfjsActual} thread(s), ${r.threads.tfjsWasmFile}; isolated ${r.crossOriginIsolated}`);
  r.ours = { wallMs: [], cpuMs: [] };
  if (req.mode === 'train') {
    const trainer = new ContrastiveTrainer(enc, new AdamW({ lr: m.train.lr, weightDecay: m.train.weightDecay }));
    const opts = { temperature: m.train.temperature, variant: m.train.variant, maxLength: m.seq, gradClip: m.train.gradClip };
    r.ours.losses = [];
    r.ours.gradNorms = [];
    for (let i = 0; i < req.warmup + req.repeats; i++) {
      const s = await timed(r.ours, i >= req.warmup, () => trainer.step(m.batch, m.train.lr, i + 1, opts));
      r.ours.losses.push(s.loss);
      r.ours.gradNorms.push(s.gradNorm);
      log(`step ${i + 1}: ${r.ours.wallMs.at(-1)?.toFixed(0) ?? 'warm-up'} ms, loss ${s.loss.toFixed(6)}`);
    }
    return r;
  }
  const session = await ort.InferenceSession.create(await bytes('model.onnx'), {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
  });
  r.threads.ortNumThreads = ort.env.wasm.numThreads;
  r.ortVersion = ort.env.versions?.web;
  const ortPass = async (): Promise<Float32Array> => {
    const out = new Float32Array(m.texts.length * m.hidden);
    for (let i = 0; i < m.texts.length; i += req.batch) {
      const b = enc.tokenizer.encodeBatch(m.texts.slice(i, i + req.batch), m.seq);
      const shape = [b.shape[0], b.shape[1]];
      const ids = new ort.Tensor(
        'int64',
        BigInt64Array.from(b.inputIds, (x) => BigInt(x)),
        shape,
      );
      const mask = new ort.Tensor(
        'int64',
        BigInt64Array.from(b.attentionMask, (x) => BigInt(x)),
        shape,
      );
      const res = await session.run({ input_ids: ids, attention_mask: mask });
      out.set(res.embeddings.data as Float32Array, i * m.hidden);
    }
    return out;
  };
  r.ortWeb = { wallMs: [], cpuMs: [] };
  for (let round = 0; round <= req.rounds; round++) {
    const a = await timed(r.ours, round > 0, () => embedTexts(enc, m.texts, req.batch));
    const b = await timed(r.ortWeb, round > 0, ortPass);
    if (round === 0) {
      r.oursEmbeddings = Array.from(a);
      r.ortEmbeddings = Array.from(b);
    }
    if (round > 0)
      log(`round ${round}: ours ${r.ours.wallMs.at(-1)!.toFixed(0)} ms, ORT-web ${r.ortWeb.wallMs.at(-1)!.toFixed(0)} ms`);
  }
  const t0 = performance.now();
  for (let i = 0; i < m.texts.length; i += req.batch) enc.tokenizer.encodeBatch(m.texts.slice(i, i + req.batch), m.seq);
  r.tokenizeMsPerPass = performance.now() - t0;
  await session.release();
  return r;
}

self.onmessage = (e: MessageEvent<PeersPageMessage>) => {
  const m = e.data;
  if (m.type === 'cpu') {
    pending.get(m.id)?.(m.ms);
    pending.delete(m.id);
    return;
  }
  run(m.req).then(
    (result) => post({ type: 'done', result }),
    (err) =>
      post({
        type: 'done',
        result: {
          error: String((err as Error).stack ?? err),
          crossOriginIsolated: self.crossOriginIsolated,
          userAgent: navigator.userAgent,
          hardwareConcurrency: navigator.hardwareConcurrency,
          threads: { requested: m.req.threads },
        },
      }),
  );
};
