/**
 * Benchmark page: starts bench.worker.ts, watches the MAIN thread for long tasks (PerformanceObserver
 * 'longtask', > 50 ms) while each backend trains in the worker, and exposes the result as
 * window.__benchResult for Playwright (bench/browser.ts). A deliberate 120 ms busy loop first checks that
 * the observer works in this browser.
 */
import type { TrainBenchOptions, WorkerMessage } from './protocol';

interface LongTask {
  start: number;
  duration: number;
}
const tasks: LongTask[] = [];
const logEl = document.getElementById('log')!;
const log = (s: string) => {
  logEl.textContent += s + '\n';
  console.log(s);
};

let observerSupported = false;
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push({ start: performance.timeOrigin + e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  observerSupported = PerformanceObserver.supportedEntryTypes.includes('longtask');
} catch {
  observerSupported = false;
}

async function calibrate(): Promise<{ busyMs: number; detected: number }> {
  await new Promise((r) => setTimeout(r, 200));
  const before = tasks.length;
  const t0 = performance.now();
  while (performance.now() - t0 < 120) {
    /* deliberate long task */
  }
  await new Promise((r) => setTimeout(r, 300));
  return { busyMs: 120, detected: tasks.length - before };
}

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const opts: TrainBenchOptions = {
    backends: (params.get('backends') ?? 'webgpu,webgl,wasm,cpu').split(','),
    warmupSteps: Number(params.get('warmup') ?? 2),
    maxSteps: Number(params.get('steps') ?? 20),
    maxSeconds: Number(params.get('seconds') ?? 30),
    idbRepeats: Number(params.get('idbRepeats') ?? 5),
    wasmThreads: Number(params.get('wasmThreads') ?? 0),
    skipIdb: params.get('skipIdb') === '1',
  };
  const calibration = await calibrate();
  log(
    `longtask observer: ${observerSupported ? 'supported' : 'NOT supported'}; calibration busy loop → ${calibration.detected} long task(s)`,
  );
  const calibrationEnd = performance.timeOrigin + performance.now();
  const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
  const windows: Record<string, { start?: number; end?: number }> = {};
  const done = await new Promise<Extract<WorkerMessage, { type: 'done' }>>((resolve) => {
    worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
      const m = e.data;
      if (m.type === 'log') log(m.text);
      else if (m.type === 'window') (windows[m.backend] ??= {})[m.edge] = m.t;
      else if (m.type === 'done') resolve(m);
    };
    worker.onerror = (e) => {
      log(`worker error: ${e.message}`);
    };
    worker.postMessage(opts);
  });
  worker.terminate();
  const longTasks: Record<string, { count: number; totalMs: number; maxMs: number; windowMs: number }> = {};
  for (const [b, w] of Object.entries(windows)) {
    if (w.start === undefined || w.end === undefined) continue;
    const inWin = tasks.filter((t) => t.start >= w.start! && t.start <= w.end!);
    longTasks[b] = {
      count: inWin.length,
      totalMs: inWin.reduce((a, t) => a + t.duration, 0),
      maxMs: Math.max(0, ...inWin.map((t) => t.duration)),
      windowMs: w.end - w.start,
    };
  }
  const afterCalibration = tasks.filter((t) => t.start > calibrationEnd);
  (window as unknown as { __benchResult: unknown }).__benchResult = {
    ...done,
    options: opts,
    longTasks,
    observerSupported,
    calibration,
    allLongTasksAfterCalibration: {
      count: afterCalibration.length,
      totalMs: afterCalibration.reduce((a, t) => a + t.duration, 0),
    },
    pageCrossOriginIsolated: crossOriginIsolated,
  };
  log('done');
}

main().catch((e) => {
  (window as unknown as { __benchResult: unknown }).__benchResult = { error: String((e as Error).stack ?? e) };
});
