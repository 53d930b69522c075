/**
 * browser-encode / browser-train (issue 19 item 3): the browser row gets peers, in the same Chromium page.
 * Model, weights and inputs are the Node benches' (bench/lib/fixture.ts: 4L/256, 30k vocab, 64-token texts),
 * written to bench/.cache/browser-peers and served to bench/browser/peers.html (vite, cross-origin isolated), whose
 * worker loads them through the app's loader on tfjs-backend-wasm — what the app runs.
 * - encode: ours (embedTexts) vs onnxruntime-web's wasm EP on the torch.onnx.export of the same weights, same worker,
 *   interleaved rounds, same thread count (setThreadsCount / ort.env.wasm.numThreads); parity vs ORT and torch.
 * - train: ContrastiveTrainer steps in the worker vs PyTorch CPU (bench/peers/bert_peer.py, as bench/train-step.ts)
 *   at the same thread count; the loss sequences must agree.
 * One fresh page per thread count (1, then 2): both runtimes fix their thread pools at first init.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from '@playwright/test';
import { createServer } from 'vite';
import { saveEncoder } from '../src/core/model/checkpoint';
import type { PeersRequest, PeersResult } from './browser/peers-protocol';
import { type BenchResult, BENCH_DIR, CACHE_DIR, benchBackend, benchChromium, log, machineInfo, runPeer } from './lib/common';
import { TRAIN_CONFIG, TRAIN_OPTS, buildEncoder, randomBatch, randomTexts, tokenIds, writePeerInputs } from './lib/fixture';
import { encodeResult, trainResult } from './lib/browser-peers-result';

export const DIR = join(CACHE_DIR, 'browser-peers');
export const THREADS = [1, 2];
export const TEXTS = 256;
export const BATCH = 32;
export const ROUNDS = 5;
export const WARMUP = 2;
export const REPEATS = 5;

/** Writes model, ids (for the peers) and manifest.json (for the page) to DIR. */
export async function prepare(): Promise<void> {
  await benchBackend('browser-peers (building the model in Node)');
  const cfg = TRAIN_CONFIG;
  const enc = buildEncoder(cfg, 1);
  const texts = randomTexts(cfg, TEXTS, 11);
  const batch = randomBatch(cfg, 7);
  await writePeerInputs(DIR, enc, {
    texts: tokenIds(enc, texts, cfg.seq),
    queries: tokenIds(enc, batch.queries, cfg.seq),
    positives: tokenIds(enc, batch.positives, cfg.seq),
    negatives: tokenIds(enc, batch.negatives, cfg.seq),
  });
  const files = Object.keys(await saveEncoder(enc));
  const manifest = { files, texts, batch, seq: cfg.seq, hidden: cfg.hidden, train: TRAIN_OPTS };
  writeFileSync(join(DIR, 'manifest.json'), JSON.stringify(manifest));
  enc.dispose();
}

/** One fresh page per request on a vite server of bench/browser; the browser's CPU time comes from CDP. */
export async function inBrowser(reqs: PeersRequest[]): Promise<{ results: PeersResult[]; chromium: string }> {
  const server = await createServer({
    configFile: join(BENCH_DIR, 'browser', 'vite.config.ts'),
    server: { port: 0, host: '127.0.0.1' },
  });
  await server.listen();
  const addr = server.httpServer?.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: benchChromium(),
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    const cdp = await browser.newBrowserCDPSession();
    const cpuMs = async () => {
      const info = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ cpuTime: number }> };
      return info.processInfo.reduce((a, p) => a + p.cpuTime, 0) * 1000;
    };
    const results: PeersResult[] = [];
    for (const req of reqs) {
      const page = await browser.newPage();
      try {
        page.on('console', (m) => log(`  page: ${m.text().slice(0, 300)}`));
        await page.exposeFunction('__browserCpuMs', cpuMs);
        await page.goto(`http://127.0.0.1:${port}/peers.html`);
        await page.waitForFunction(() => '__peersRun' in window);
        log(`browser-${req.mode}: ${req.threads} thread(s) (Chromium ${browser.version()})`);
        await page.evaluate((r) => (window as unknown as { __peersRun: (x: unknown) => void }).__peersRun(r), req);
        await page.waitForFunction(() => '__peersResult' in window, undefined, { timeout: 20 * 60_000, polling: 1000 });
        const r = await page.evaluate(() => (window as unknown as { __peersResult: PeersResult }).__peersResult);
        if (r.error) throw new Error(`peers page failed: ${r.error}`);
        results.push(r);
      } finally {
        await page.close();
      }
    }
    return { results, chromium: browser.version() };
  } finally {
    await browser?.close();
    await server.close();
  }
}

export async function runEncode(): Promise<BenchResult> {
  const t0 = performance.now();
  const machine = machineInfo();
  await prepare();
  log('browser-encode: torch.onnx.export');
  const onnx = await runPeer('bert_peer.py', ['export-onnx', '--dir', DIR, '--out', join(DIR, 'model.onnx')], 1);
  log('browser-encode: PyTorch embeddings (parity reference)');
  const torch = await runPeer<{ env: Record<string, unknown> }>(
    'bert_peer.py',
    ['encode', '--dir', DIR, '--threads', '1', '--warmup', '0', '--repeats', '1', '--batch', String(BATCH)],
    1,
  );
  const reqs = THREADS.map((threads) => ({
    mode: 'encode' as const,
    threads,
    rounds: ROUNDS,
    batch: BATCH,
    warmup: 0,
    repeats: 0,
  }));
  const { results, chromium: version } = await inBrowser(reqs);
  return encodeResult({ machine, results, chromium: version, onnx, torchEnv: torch.env, t0 });
}

interface PeerTrain {
  msPerStep: number[];
  cpuMsPerStep: number[];
  losses: number[];
  env: Record<string, unknown>;
}

export async function runTrain(): Promise<BenchResult> {
  const t0 = performance.now();
  const machine = machineInfo();
  await prepare();
  const args = ['--dir', DIR, '--warmup', String(WARMUP), '--repeats', String(REPEATS), '--tau', String(TRAIN_OPTS.temperature)];
  args.push(
    '--clip',
    String(TRAIN_OPTS.gradClip),
    '--lr',
    String(TRAIN_OPTS.lr),
    '--weight-decay',
    String(TRAIN_OPTS.weightDecay),
  );
  const torch: Record<number, PeerTrain> = {};
  for (const n of THREADS) {
    log(`browser-train: PyTorch peer, ${n} thread(s)`);
    torch[n] = await runPeer<PeerTrain>('bert_peer.py', ['train-step', ...args, '--threads', String(n)], n);
  }
  log("browser-train: PyTorch float64 reference (parity: each side's own rounding)");
  const reference = await runPeer<PeerTrain>('bert_peer.py', ['train-step', ...args, '--threads', '1', '--float64'], 1);
  const reqs = THREADS.map((threads) => ({
    mode: 'train' as const,
    threads,
    rounds: 0,
    batch: BATCH,
    warmup: WARMUP,
    repeats: REPEATS,
  }));
  const { results, chromium: version } = await inBrowser(reqs);
  return trainResult({ machine, results, chromium: version, torch, reference, t0 });
}
