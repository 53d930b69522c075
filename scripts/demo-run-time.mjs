// Measures the default demo run (DEFAULT_CONFIG: α = 0.5, 300 steps, batch 32) in headless Chromium on the
// backend the self-test picks. Not a test: prints wall times. Needs a server, e.g.
//   npx vite build && npx vite preview --port 5180 &   then   node scripts/demo-run-time.mjs http://127.0.0.1:5180
// SCREENSHOT=<png> saves the finished run's view; VERBOSE=1 lists the main thread's long tasks.
import { chromium } from '@playwright/test';

const url = process.argv[2] ?? 'http://127.0.0.1:5180';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--enable-unsafe-webgpu', '--no-sandbox'],
});
const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
await page.goto(`${url}/#cfg=e30`); // "{}" = every default
const badge = page.getByTestId('backend-badge');
await badge.waitFor();
await page.waitForFunction(() => document.querySelector('[data-testid="backend-badge"]')?.getAttribute('data-backend'), null, {
  timeout: 150_000,
});
const start = page.getByRole('toolbar', { name: 'Run controls' }).getByRole('button', { name: /^Start/ });
await page.waitForFunction(() => !document.querySelector('[data-action="toggle"]')?.hasAttribute('disabled'), null, {
  timeout: 60_000,
});
console.log(
  `backend: ${await badge.getAttribute('data-backend')} (self-test ${await badge.getAttribute('data-selftest-ms')} ms)`,
);
// Main-thread responsiveness while training: long tasks (> 50 ms) and the longest gap between frames.
await page.evaluate(() => {
  const w = window;
  w.__long = [];
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) w.__long.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: false });
  w.__maxGap = 0;
  let last = performance.now();
  const tick = (t) => {
    w.__maxGap = Math.max(w.__maxGap, t - last);
    last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
});
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
const m0 = await metrics();
const t0 = Date.now();
await start.click();
const pageT0 = await page.evaluate(() => performance.now());
if (process.env.VERBOSE) console.log(`start clicked at page time ${(pageT0 / 1000).toFixed(1)} s`);
let lastStep = -1;
for (;;) {
  const s = await page.getByTestId('run-status').getAttribute('data-status');
  const step = Number(await page.getByTestId('run-status').getAttribute('data-step'));
  if (step !== lastStep && step % 50 === 0) {
    console.log(`step ${step} at ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    lastStep = step;
  }
  if (s === 'done' || s === 'error') {
    console.log(`status ${s}`);
    break;
  }
  await page.waitForTimeout(200);
}
console.log(`wall time (click Start → done): ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(await page.getByTestId('run-status').textContent());
const m1 = await metrics();
const busy = (k) => (m1[k] - m0[k]).toFixed(1);
console.log(
  `main thread CPU during the run: tasks ${busy('TaskDuration')} s (script ${busy('ScriptDuration')} s, layout ${busy('LayoutDuration')} s, style ${busy('RecalcStyleDuration')} s)`,
);
const ui = await page.evaluate(() => ({ long: window.__long, maxGap: window.__maxGap }));
const longest = Math.max(0, ...ui.long.map(([, d]) => d));
if (process.env.VERBOSE)
  console.log(
    ui.long
      .filter(([, d]) => d > 100)
      .map(([t, d]) => `${(t / 1000).toFixed(1)}s:${d.toFixed(0)}ms`)
      .join(' '),
  );
console.log(
  `main thread: ${ui.long.length} long tasks (longest ${longest.toFixed(0)} ms), longest frame gap ${ui.maxGap.toFixed(0)} ms`,
);
if (process.env.SCREENSHOT) await page.screenshot({ path: process.env.SCREENSHOT, fullPage: true });
await browser.close();
