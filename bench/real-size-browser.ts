/**
 * One fine-tuning step of the real-size model in headless Debian Chromium (issue 17 item 5: "… in Chromium (WASM),
 * within a tab's memory (peak under 2 GB, measured)"), one fresh browser per case:
 *   the local Hub imitation (tests/helpers/hub-server.ts, LFS files 302 to a storage origin) serves the model
 *   folder written by bench/real-size-step.ts (bench/tmp: the trimmed one, or the full 250,037-row one); the bench
 *   page (bench/browser/real-size.html, cross-origin isolated, vite) starts a worker that downloads it through
 *   core/model/hub.ts, builds the encoder and runs one ContrastiveTrainer step (tfjs-wasm, 1 thread) on the same
 *   batch as the Node benchmark (so the loss must match Node's).
 * Memory: the tab's renderer process (the worker runs in it) — its peak RSS is the kernel's high-water mark
 * (VmHWM in /proc/<pid>/status, nothing sampled away), pids from CDP SystemInfo.getProcessInfo; also the
 * browser's other processes.
 * Run: `npx tsx bench/real-size-browser.ts` (HBW_BROWSER_CASES="32x128r,32x128rf"; a trailing f = full model)
 * → bench/results/real-size-browser.json (results of cases not run now are kept).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { createServer } from 'vite';
import { importLareqa } from '../src/core/data/lareqa';
import { startHubServer } from '../tests/helpers/hub-server';
import type { RealSizeStepRequest, RealSizeStepResult } from './browser/real-size-protocol';
import { benchChromium } from './lib/common';

const REPO = resolve(import.meta.dirname, '..');
const MODELS = { trimmed: join(REPO, 'bench/tmp/minilm-l12-trimmed-xquad'), full: join(REPO, 'bench/tmp/minilm-l12-random') };
const XQUAD = resolve(REPO, '../shared/data/xquad-r');
const CASES = (process.env.HBW_BROWSER_CASES ?? '32x128r,32x128rf').split(',').map((c) => {
  const m = /^(\d+)x(\d+)(r?)(f?)$/.exec(c.trim());
  if (!m) throw new Error(`HBW_BROWSER_CASES: "${c}" is not BxS[r][f] (e.g. 32x128r, 32x128rf)`);
  return { key: c.trim(), batch: Number(m[1]), seq: Number(m[2]), recompute: m[3] === 'r', full: m[4] === 'f' };
});
const log = (s: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);

/** The batch of bench/real-size-step.ts: XQuAD-R texts joined by eight so that they fill the sequence length. */
function batchTexts(batch: number): { queries: string[]; positives: string[]; embed: string[] } {
  const files = readdirSync(XQUAD)
    .filter((f) => /^[a-z]{2}\.json$/.test(f))
    .sort()
    .map((f) => ({ name: join(XQUAD, f), bytes: new Uint8Array(readFileSync(join(XQUAD, f))) }));
  const ds = importLareqa(files, { name: 'xquad-r' });
  const texts = [...ds.queries.map((q) => q.text), ...ds.candidates.map((c) => c.text)];
  const long = (n: number, off: number) =>
    Array.from({ length: n }, (_, i) => Array.from({ length: 8 }, (_, j) => texts[(off + i * 8 + j) % texts.length]).join(' '));
  // The embedding throughput: 64 texts as in bench/real-size-step.ts (two batches of 32).
  return { queries: long(batch, 0), positives: long(batch, 5000), embed: long(64, 10_000) };
}

interface ProcMem {
  pid: number;
  type: string;
  hwmMb: number;
  rssMb: number;
}
function procMem(pid: number, type: string): ProcMem | null {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN);
    return { pid, type, hwmMb: Math.round(kb('VmHWM') / 1024), rssMb: Math.round(kb('VmRSS') / 1024) };
  } catch {
    return null;
  }
}

/** Per phase (from one page message to the next): the largest renderer RSS sampled (1 s) in it. */
function phaseMaxima(
  samples: Array<[number, number]>,
  events: Array<[number, string]>,
): Array<{ until: string; seconds: number; maxRssMb: number }> {
  const ends = [...events, [Number.POSITIVE_INFINITY, 'end'] as [number, string]];
  let from = 0;
  return ends.map(([t, text]) => {
    const inside = samples.filter(([s]) => s >= from && s < t).map(([, r]) => r);
    const out = { until: text, seconds: +Math.min(t, samples.at(-1)?.[0] ?? t).toFixed(1), maxRssMb: Math.max(0, ...inside) };
    from = t;
    return out;
  });
}

async function runCase(c: (typeof CASES)[number], port: number): Promise<Record<string, unknown>> {
  const dir = c.full ? MODELS.full : MODELS.trimmed;
  if (!existsSync(join(dir, 'model.safetensors')))
    throw new Error(`${dir}/model.safetensors missing: run npx tsx bench/real-size-step.ts first (it writes both model folders)`);
  const hub = await startHubServer({ 'hbw-bench/real-size': dir }, { storage: true });
  const browser = await chromium.launch({
    executablePath: benchChromium(),
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const t0 = performance.now();
  // The box is shared: its load (1, 5, 15 min) says how much the seconds below are worth.
  const loadAvgStart = loadavg().map((x) => +x.toFixed(2));
  // Highest VmHWM seen per pid (a process may exit before the end: its last reading stays).
  const peaks = new Map<number, ProcMem>();
  // Where the tab's peak falls: the largest renderer's RSS each second, and the worker's phase messages.
  const samples: Array<[number, number]> = [],
    events: Array<[number, string]> = [];
  const since = () => (performance.now() - t0) / 1000;
  try {
    const cdp = await browser.newBrowserCDPSession();
    const sample = async () => {
      const info = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ type: string; id: number }> };
      let rss = 0;
      for (const p of info.processInfo) {
        const m = procMem(p.id, p.type);
        if (m && m.hwmMb >= (peaks.get(p.id)?.hwmMb ?? 0)) peaks.set(p.id, m);
        if (m && p.type === 'renderer') rss = Math.max(rss, m.rssMb);
      }
      samples.push([since(), rss]);
    };
    const page = await browser.newPage();
    page.on('console', (m) => {
      log(`  page: ${m.text().slice(0, 300)}`);
      events.push([since(), m.text().slice(0, 80)]);
    });
    page.on('crash', () => log('  page crashed'));
    await page.goto(`http://127.0.0.1:${port}/real-size.html`);
    await page.waitForFunction(() => typeof (window as unknown as { __realSizeStep?: unknown }).__realSizeStep === 'function');
    const req: RealSizeStepRequest = {
      hubUrl: hub.url,
      modelId: 'hbw-bench/real-size',
      maxLength: c.seq,
      recompute: c.recompute,
      ...batchTexts(c.batch),
    };
    await page.evaluate(
      (r) => (window as unknown as { __realSizeStep: (x: RealSizeStepRequest) => void }).__realSizeStep(r),
      req,
    );
    const timer = setInterval(() => {
      sample().catch(() => {});
    }, 1000);
    let result: RealSizeStepResult;
    try {
      await page.waitForFunction(
        () => (window as unknown as { __realSizeResult?: unknown }).__realSizeResult !== undefined,
        undefined,
        { timeout: 25 * 60_000, polling: 1000 },
      );
      await sample();
      result = await page.evaluate(() => (window as unknown as { __realSizeResult: RealSizeStepResult }).__realSizeResult);
    } catch (e) {
      result = { error: `page: ${(e as Error).message.split('\n')[0]}` };
    } finally {
      clearInterval(timer);
    }
    const procs = [...peaks.values()];
    const renderer = procs.filter((p) => p.type === 'renderer').sort((a, b) => b.hwmMb - a.hwmMb)[0];
    return {
      batch: c.batch,
      seq: c.seq,
      recompute: c.recompute,
      full: c.full,
      date: new Date().toISOString(),
      chromium: browser.version(),
      ...result,
      tabPeakRssMb: renderer?.hwmMb,
      tabRssAtEndMb: renderer?.rssMb,
      phases: phaseMaxima(samples, events),
      processes: procs.map((p) => ({ type: p.type, peakRssMb: p.hwmMb, rssMb: p.rssMb })),
      wallSeconds: +((performance.now() - t0) / 1000).toFixed(1),
      loadAvgStart,
      loadAvgEnd: loadavg().map((x) => +x.toFixed(2)),
    };
  } finally {
    await browser.close();
    await hub.close();
  }
}

async function main(): Promise<void> {
  const server = await createServer({
    configFile: join(REPO, 'bench/browser/vite.config.ts'),
    server: { port: 0, host: '127.0.0.1' },
  });
  await server.listen();
  const addr = server.httpServer?.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const out = join(REPO, 'bench/results/real-size-browser.json');
  const prev = existsSync(out)
    ? (JSON.parse(readFileSync(out, 'utf8')) as { results: Array<Record<string, unknown>> })
    : { results: [] };
  const key = (r: Record<string, unknown>) => `${r.batch}x${r.seq}${r.recompute ? 'r' : ''}${r.full ? 'f' : ''}`;
  const results = new Map(prev.results.map((r) => [key(r), r]));
  try {
    for (const c of CASES) {
      log(`case ${c.key}`);
      const r = await runCase(c, port);
      log(`case ${c.key}: ${JSON.stringify(r)}`);
      results.set(key(r), r);
      writeFileSync(
        out,
        JSON.stringify(
          {
            date: new Date().toISOString(),
            node: process.version,
            model: 'random MiniLM-L12 shape (bench/tmp), trimmed to XQuAD-R (70,022 rows) unless full: true (250,037 rows)',
            targetMb: 2048,
            memory:
              'tabPeakRssMb = VmHWM of the renderer process (page + its worker); tabRssAtEndMb = its last 1 s sample, which may fall after the page terminated the worker; phases = max sampled RSS between page messages',
            results: [...results.values()],
          },
          null,
          2,
        ) + '\n',
      );
    }
  } finally {
    await server.close();
  }
  log(`→ ${out}`);
}

await main();
