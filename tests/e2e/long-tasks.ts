import { cpus, loadavg } from 'node:os';
import { expect, type Page, test } from '@playwright/test';

/** Issue 16's bar: no main-thread task over this during a run or an evaluation. */
export const LONG_TASK_LIMIT_MS = 200;

type Task = [start: number, duration: number];

/** Record the page's main-thread long tasks (> 50 ms) from before the app's scripts run. */
export async function observeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: Task[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** A mark to measure from: the tasks recorded so far, the page clock and the machine's load. */
export async function longTaskMark(page: Page): Promise<{ count: number; t0: number; load: number }> {
  const [count, t0] = await page.evaluate(() => [
    (window as unknown as { __longTasks: Task[] }).__longTasks.length,
    performance.now(),
  ]);
  return { count, t0, load: loadavg()[0] };
}

/**
 * The long tasks since `mark`: logged and annotated (longest first, each with its start after the mark), and held
 * to LONG_TASK_LIMIT_MS unless the machine was oversubscribed (1-minute load above 2.5 per core at the mark or now).
 * The test's own Chromium (page, worker, GPU process), vite and Playwright make a load of 3–4 on 2 cores (the
 * clean-clone CI run: 3.9, longest task 65 ms); at load 9 the same build showed 630 ms tasks that were other
 * processes' time, not the app's.
 */
export async function checkLongTasks(
  page: Page,
  mark: { count: number; t0: number; load: number },
  what: string,
  { assert = true }: { assert?: boolean } = {},
) {
  const tasks = await page.evaluate((n) => (window as unknown as { __longTasks: Task[] }).__longTasks.slice(n), mark.count);
  const sorted = tasks.sort((a, b) => b[1] - a[1]);
  const longest = sorted[0]?.[1] ?? 0;
  const listed = sorted.map(([t, d]) => `${d.toFixed(0)} ms @ ${((t - mark.t0) / 1000).toFixed(1)} s`).join(', ');
  const load = Math.max(mark.load, loadavg()[0]);
  const oversubscribed = load > 2.5 * cpus().length;
  const held = assert && !oversubscribed;
  const summary = `${tasks.length} tasks > 50 ms, longest ${longest.toFixed(0)} ms (${listed}); load ${load.toFixed(1)} on ${cpus().length} cores`;
  console.log(
    `long tasks during ${what}: ${summary}${held ? '' : oversubscribed ? ' — not asserted: machine oversubscribed' : ' — recorded, not asserted'}`,
  );
  test.info().annotations.push({ type: 'long-tasks', description: `${what}: ${summary}` });
  if (!oversubscribed)
    expect(longest, `a main-thread task over ${LONG_TASK_LIMIT_MS} ms during ${what}: ${listed}`).toBeLessThanOrEqual(
      LONG_TASK_LIMIT_MS,
    );
}
