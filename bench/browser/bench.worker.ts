/**
 * Benchmark worker: imports the engine core directly (not the app's worker protocol, which is being built in
 * parallel) and, per backend, runs ContrastiveTrainer steps of the embedded demo experiment (DEFAULT_CONFIG:
 * 2 layers × 64 hidden, vocab 6,000 learned from the demo's train split, batch 32 hybrid α = 0.5, max 48
 * tokens). Then IndexedDB: checkpoint files (checkpointFiles) written / read through the app's runs-store
 * (dexie, one transaction) vs raw IndexedDB put/get of the same bytes.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { importLareqa } from '../../src/core/data/lareqa';
import { DEFAULT_CONFIG } from '../../src/core/experiment/config';
import { trainingCorpus } from '../../src/core/experiment/setup';
import { newTinyBert } from '../../src/core/model/checkpoint';
import type { BertEncoder } from '../../src/core/model/bert';
import { trainWordPiece } from '../../src/core/model/wordpiece-trainer';
import { buildTrainingPairs } from '../../src/core/sampling/pairs';
import { HybridBatchSampler } from '../../src/core/sampling/hybrid-sampler';
import { AdamW } from '../../src/core/train/adamw';
import { checkpointFiles } from '../../src/core/train/checkpoint';
import type { TrainerState } from '../../src/core/train/runner';
import { ContrastiveTrainer } from '../../src/core/train/step';
import { initBackend, type BackendName } from '../../src/core/util/backend';
import type { BackendRun, IdbRun, TrainBenchOptions, WorkerMessage } from './protocol';

const post = (m: WorkerMessage) => (self as unknown as Worker).postMessage(m);
const log = (text: string) => post({ type: 'log', text });
const now = () => performance.timeOrigin + performance.now(); // epoch ms, comparable with the page's clock

async function demoTrain() {
  const manifest = (await (await fetch('/demo/manifest.json')).json()) as { splits: Record<string, { files: string[] }> };
  const files = await Promise.all(
    manifest.splits.train.files.map(async (f) => ({
      name: `demo/${f}`,
      bytes: new Uint8Array(await (await fetch(`/demo/${f}`)).arrayBuffer()),
    })),
  );
  return importLareqa(files, { name: 'demo', split: 'train' });
}

function newModel(vocab: Record<string, Uint8Array>): BertEncoder {
  const m = DEFAULT_CONFIG.model as { vocabSize: number; hidden: number; layers: number; heads: number; intermediate: number };
  return newTinyBert({
    vocab,
    hidden: m.hidden,
    layers: m.layers,
    heads: m.heads,
    intermediate: m.intermediate,
    maxPosition: Math.max(64, DEFAULT_CONFIG.maxLength),
    maxLength: DEFAULT_CONFIG.maxLength,
    seed: DEFAULT_CONFIG.seed,
  });
}

const med = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function idbRaw<T>(fn: (store: IDBObjectStore) => IDBRequest<T>, mode: IDBTransactionMode): Promise<T> {
  const db = await new Promise<IDBDatabase>((res, rej) => {
    const r = indexedDB.open('hbw-bench-raw', 1);
    r.onupgradeneeded = () => r.result.createObjectStore('blobs', { keyPath: 'id' });
    r.onsuccess = () => res(r.result);
    r.onerror = () => rej(r.error);
  });
  try {
    return await new Promise<T>((res, rej) => {
      const tx = db.transaction('blobs', mode);
      const req = fn(tx.objectStore('blobs'));
      tx.oncomplete = () => res(req.result);
      tx.onerror = () => rej(tx.error);
      tx.onabort = () => rej(tx.error);
    });
  } finally {
    db.close();
  }
}

async function idbBench(label: string, enc: BertEncoder, optimizer: AdamW, repeats: number): Promise<IdbRun> {
  const params = Object.values(enc.allVariables()).reduce((a, v) => a + v.size, 0);
  const run: IdbRun = {
    model: label,
    params,
    checkpointBytes: 0,
    files: {},
    serializeMs: [],
    appWriteMs: [],
    appReadMs: [],
    rawWriteMs: [],
    rawReadMs: [],
    rawFilesWriteMs: [],
    rawFilesReadMs: [],
  };
  let store: typeof import('../../src/worker/runs/runs-store');
  try {
    store = await import('../../src/worker/runs/runs-store');
  } catch (e) {
    run.error = `app runs-store did not load: ${(e as Error).message}`;
    return run;
  }
  const state = {
    runId: 'bench',
    step: optimizer.step,
    sampler: {} as TrainerState['sampler'],
    optimizer: optimizer.getState(),
    lineage: ['bench'],
    config: DEFAULT_CONFIG,
  } as TrainerState;
  const rec = {
    id: 'bench',
    config: DEFAULT_CONFIG,
    trainId: 'demo:train',
    evalId: 'demo:eval',
    status: 'paused',
    lineage: [],
    backend: tf.getBackend(),
    created: Date.now(),
    updated: Date.now(),
    step: state.step,
    seconds: 0,
    metrics: [],
    loss: [],
    composition: {},
  } as unknown as Parameters<typeof store.saveCheckpoint>[0];
  for (let i = 0; i < repeats; i++) {
    let t = performance.now();
    const files = await checkpointFiles(state, enc);
    run.serializeMs.push(performance.now() - t);
    const bytes = Object.values(files).reduce((a, f) => a + f.byteLength, 0);
    run.checkpointBytes = bytes;
    run.files = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.byteLength]));
    const appPass = async () => {
      try {
        let t0 = performance.now();
        await store.saveCheckpoint(rec, { runId: 'bench', step: state.step, savedAt: Date.now(), bytes, files });
        run.appWriteMs.push(performance.now() - t0);
        t0 = performance.now();
        const back = await store.loadCheckpoint('bench');
        run.appReadMs.push(performance.now() - t0);
        const got = Object.values(back?.files ?? {}).reduce((a, f) => a + f.byteLength, 0);
        if (got !== bytes) throw new Error(`read back ${got} bytes, wrote ${bytes}`);
      } catch (e) {
        run.error = `app checkpoint path: ${(e as Error).message}`;
      }
    };
    // Raw IndexedDB: the same bytes as ONE ArrayBuffer, and as the same per-file record.
    const rawPass = async () => {
      const one = new Uint8Array(bytes);
      let o = 0;
      for (const f of Object.values(files)) {
        one.set(f, o);
        o += f.byteLength;
      }
      let t0 = performance.now();
      await idbRaw((s) => s.put({ id: 'one', bytes: one.buffer }), 'readwrite');
      run.rawWriteMs.push(performance.now() - t0);
      t0 = performance.now();
      const r1 = await idbRaw<{ bytes: ArrayBuffer }>((s) => s.get('one') as IDBRequest<{ bytes: ArrayBuffer }>, 'readonly');
      run.rawReadMs.push(performance.now() - t0);
      if (r1.bytes.byteLength !== bytes) throw new Error('raw read-back size mismatch');
    };
    // Alternate which side goes first: the first write after serialising pays for the serialiser's garbage.
    if (i % 2 === 0) {
      await appPass();
      await rawPass();
    } else {
      await rawPass();
      await appPass();
    }
    t = performance.now();
    await idbRaw((s) => s.put({ id: 'files', files }), 'readwrite');
    run.rawFilesWriteMs.push(performance.now() - t);
    t = performance.now();
    await idbRaw((s) => s.get('files'), 'readonly');
    run.rawFilesReadMs.push(performance.now() - t);
  }
  log(
    `idb ${label}: ${(run.checkpointBytes / 2 ** 20).toFixed(1)} MiB, app write ${med(run.appWriteMs).toFixed(0)} ms, raw write ${med(run.rawWriteMs).toFixed(0)} ms`,
  );
  return run;
}

async function runBench(o: TrainBenchOptions): Promise<void> {
  const t0 = performance.now();
  if (o.wasmThreads > 0) setThreadsCount(o.wasmThreads);
  const train = await demoTrain();
  const vocab = trainWordPiece(trainingCorpus(train), {
    vocabSize: (DEFAULT_CONFIG.model as { vocabSize: number }).vocabSize,
    lowercase: true,
  });
  log(
    `demo: ${train.queries.length} queries, vocab ${vocab.files['vocab.txt'].length} bytes, ready in ${(performance.now() - t0).toFixed(0)} ms`,
  );
  const index = buildTrainingPairs(train, { hardNegatives: 'none' });
  const runs: BackendRun[] = [];
  let keep: { enc: BertEncoder; opt: AdamW } | null = null;
  for (const b of o.backends) {
    const run: BackendRun = { backend: b, ok: false };
    runs.push(run);
    try {
      const info = await initBackend(b as BackendName, { wasmPath: '/tfjs-wasm/' });
      run.selected = info.name;
      run.selfTestMs = info.selfTestMs;
      run.tried = info.tried;
      if (info.name !== b) {
        run.error = `unavailable: ${info.tried.find((t) => t.name === b)?.error ?? 'fell back'}`;
        log(`${b}: ${run.error}`);
        continue;
      }
      if (b === 'wasm') {
        run.wasmThreads = getThreadsCount();
        run.wasmMultithreadSupport = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
      }
      const enc = newModel(vocab.files);
      const opt = new AdamW({ lr: DEFAULT_CONFIG.lr, weightDecay: DEFAULT_CONFIG.weightDecay });
      const trainer = new ContrastiveTrainer(enc, opt);
      const sampler = new HybridBatchSampler(index, {
        alpha: DEFAULT_CONFIG.alpha,
        batchSize: DEFAULT_CONFIG.batchSize,
        seed: DEFAULT_CONFIG.seed,
        hardNegatives: 'none',
      });
      const so = {
        temperature: DEFAULT_CONFIG.temperature,
        variant: DEFAULT_CONFIG.lossVariant,
        maxLength: DEFAULT_CONFIG.maxLength,
        gradClip: DEFAULT_CONFIG.gradClip,
      };
      const times: number[] = [],
        losses: number[] = [];
      post({ type: 'window', backend: b, edge: 'start', t: now() });
      run.windowStart = now();
      const start = performance.now();
      for (let s = 0; s < o.warmupSteps + o.maxSteps; s++) {
        const batch = sampler.next();
        const ts = performance.now();
        const r = await trainer.step(
          { queries: batch.pairs.map((p) => p.query), positives: batch.pairs.map((p) => p.positive) },
          DEFAULT_CONFIG.lr,
          s + 1,
          so,
        );
        if (s >= o.warmupSteps) times.push(performance.now() - ts);
        losses.push(r.loss);
        if (performance.now() - start > o.maxSeconds * 1000 && times.length >= 2) break;
      }
      run.windowEnd = now();
      post({ type: 'window', backend: b, edge: 'end', t: now() });
      run.ok = true;
      run.msPerStep = times;
      run.stepsTimed = times.length;
      run.losses = losses;
      run.stepsPerS = 1000 / med(times);
      run.memory = { numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes };
      log(`${b}: ${run.stepsPerS.toFixed(2)} steps/s (${times.length} steps)`);
      if (b === 'wasm') keep = { enc, opt };
      else {
        enc.dispose();
        opt.dispose();
      }
    } catch (e) {
      run.error = (e as Error).message;
      log(`${b}: failed ${run.error}`);
    }
  }
  const idb: IdbRun[] = [];
  await initBackend('wasm', { wasmPath: '/tfjs-wasm/' });
  if (keep && o.skipIdb) {
    keep.enc.dispose();
    keep.opt.dispose();
  }
  if (keep && !o.skipIdb) {
    idb.push(await idbBench('demo (2×64, vocab 6,000)', keep.enc, keep.opt, o.idbRepeats));
    keep.enc.dispose();
    keep.opt.dispose();
  }
  // A checkpoint of the train-step size (4×256, vocab 30,000): moments from one optimizer step.
  if (!o.skipIdb) {
    const words = Array.from({ length: 29995 }, (_, i) => `w${i}`);
    const { wordPieceFiles, BERT_SPECIALS } = await import('../../src/core/model/wordpiece-files');
    const v = wordPieceFiles(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', ...words], {
      lowercase: true,
      stripAccents: null,
      handleChineseChars: true,
      modelMaxLength: 512,
      special: BERT_SPECIALS,
    });
    const big = newTinyBert({
      vocab: v,
      hidden: 256,
      layers: 4,
      heads: 4,
      intermediate: 1024,
      maxPosition: 64,
      maxLength: 64,
      seed: 1,
    });
    const opt = new AdamW({ lr: 1e-4 });
    const grads = Object.fromEntries(Object.entries(big.trainableVariables()).map(([k, x]) => [k, tf.onesLike(x)]));
    opt.applyGradients(big.trainableVariables(), grads, 1e-4);
    tf.dispose(Object.values(grads));
    idb.push(await idbBench('train-step size (4×256, vocab 30,000)', big, opt, o.idbRepeats));
    big.dispose();
    opt.dispose();
  }
  const nav = navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, string> } | null> } };
  let gpu: unknown = nav.gpu ? 'navigator.gpu present' : 'no navigator.gpu in this worker';
  try {
    if (nav.gpu) {
      const a = await nav.gpu.requestAdapter();
      const info = a?.info;
      gpu = a
        ? {
            adapter: info
              ? { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description }
              : 'adapter (no info)',
          }
        : 'requestAdapter() returned null';
    }
  } catch (e) {
    gpu = `requestAdapter failed: ${(e as Error).message}`;
  }
  post({
    type: 'done',
    runs,
    idb,
    demo: {
      queries: train.queries.length,
      langs: train.langs,
      config: {
        ...(DEFAULT_CONFIG.model as object),
        batchSize: DEFAULT_CONFIG.batchSize,
        maxLength: DEFAULT_CONFIG.maxLength,
        alpha: DEFAULT_CONFIG.alpha,
      },
    },
    crossOriginIsolated: self.crossOriginIsolated,
    hardwareConcurrency: navigator.hardwareConcurrency,
    userAgent: navigator.userAgent,
    gpu,
  });
}

self.onmessage = (e: MessageEvent<TrainBenchOptions>) => {
  runBench(e.data).catch((err) => {
    log(`FATAL ${(err as Error).stack ?? err}`);
    post({
      type: 'done',
      runs: [],
      idb: [],
      demo: { error: String(err) },
      crossOriginIsolated: self.crossOriginIsolated,
      hardwareConcurrency: navigator.hardwareConcurrency,
      userAgent: navigator.userAgent,
      gpu: null,
    });
  });
};
