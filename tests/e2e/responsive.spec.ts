import { readdirSync, readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { sharedPath } from '../helpers/shared';
import { openApp, importViaPicker } from './helpers';

/** Long tasks (> 50 ms) of the page's main thread, recorded from before the app's scripts run. */
async function observeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}
const longTasks = (page: Page, from = 0) =>
  page.evaluate((n) => (window as unknown as { __longTasks: number[] }).__longTasks.slice(n), from);

/**
 * A dense model evaluated on the real XQuAD-R (11 languages, 13,090 queries × 13,014 candidates) in the page: the
 * work runs in the worker; the main thread's long tasks are recorded (issue 16's target: none over 200 ms).
 */
test('evaluating a model on ../shared/data/xquad-r keeps the main thread responsive', async ({ page }) => {
  test.setTimeout(900_000);
  await observeLongTasks(page);
  await openApp(page);
  const dir = sharedPath('data', 'xquad-r');
  const files = readdirSync(dir)
    .filter((f) => /^[a-z]{2}\.json$/.test(f))
    .map((f) => ({ name: f, text: readFileSync(`${dir}/${f}`, 'utf8') }));
  expect(files).toHaveLength(11);
  await importViaPicker(page, files);
  const card = page.locator('[data-testid^="dataset-import:"]');
  await expect(card).toHaveCount(1, { timeout: 170_000 });
  const id = (await card.getAttribute('data-testid'))!.replace(/^dataset-/, '');

  await page.getByRole('tab', { name: 'Evaluation' }).click();
  const panel = page.locator('#panel-evaluation');
  await panel.getByLabel('Dataset').selectOption(id);
  await panel.getByLabel('Retriever').selectOption('shipped:demo-base');
  const before = (await longTasks(page)).length;
  await panel.getByRole('button', { name: 'Run evaluation' }).click();
  await expect(panel.getByTestId('results')).toContainText('13090 queries', { timeout: 850_000 });
  const long = await longTasks(page, before);
  console.log(`long tasks during the XQuAD-R evaluation: ${long.length}, longest ${Math.max(0, ...long).toFixed(0)} ms`);
  // Recorded, not asserted (issue 16 item 8): quiet machine 2 tasks > 50 ms, longest 195 ms; under load 20+ up to 2.5 s.
  test.info().annotations.push({
    type: 'long-tasks',
    description: `${long.length} tasks > 50 ms, longest ${Math.max(0, ...long).toFixed(0)} ms`,
  });
});
