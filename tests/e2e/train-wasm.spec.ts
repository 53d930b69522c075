import { expect, test } from '@playwright/test';
import { SCREENSHOTS } from './helpers';
import { control, openExperiment, selectBackend, waitForStatus } from './train-helpers';

test('a tiny run on WASM updates the charts and tables, and survives a reload with its checkpoint', async ({ page }) => {
  await openExperiment(page, { name: 'tiny-wasm' });
  expect(await selectBackend(page, 'wasm')).toBe('wasm');
  // Our SIMD kernels instantiate on the page's tfjs-wasm memory (the threaded build's shared one: the page is
  // cross-origin isolated), so this run's GELU and LayerNorm go through them.
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-simd-kernels', 'true');
  await control(page, /^Start/).click();
  await waitForStatus(page, 'done');

  const panel = page.locator('#panel-experiment');
  await expect(panel.getByTestId('loss-points')).toContainText('6 steps');
  await expect(panel.getByTestId('loss-chart').locator('path.chart-line')).toHaveCount(2); // the raw loss and its EMA (smoothing on by default)
  // Counted, not toBeVisible: a flat line (the tiny model's probe) has a zero-height box, which Playwright calls hidden.
  await expect.poll(() => panel.getByTestId('metric-chart').locator('path.chart-line').count()).toBeGreaterThan(0);
  await expect(panel.getByTestId('results-table')).toBeVisible();
  await expect(panel.getByTestId('run-results')).toContainText('Final evaluation at step 6');
  await expect(panel.getByTestId('mono-share')).toContainText('/ 6');
  await expect(panel.getByTestId('crossmap-chart').locator('.heat-cell').first()).toBeVisible();
  const run = panel.getByTestId('run-list').locator('li').first();
  await expect(run).toHaveAttribute('data-status', 'done');
  await expect(run.getByTestId('run-checkpoint')).toContainText('checkpoint @ 6');
  await page.screenshot({ path: `${SCREENSHOTS}/experiment.png`, fullPage: true });

  await page.reload();
  await page.getByRole('tab', { name: 'Experiment' }).click();
  const after = page.locator('#panel-experiment').getByTestId('run-list').locator('li');
  await expect(after).toHaveCount(1);
  await expect(after.first()).toHaveAttribute('data-run-name', 'tiny-wasm');
  await expect(after.first()).toHaveAttribute('data-status', 'done');
  await expect(after.first().getByTestId('run-checkpoint')).toContainText('checkpoint @ 6');
  await expect(page.locator('#panel-experiment').getByTestId('loss-chart').locator('path.chart-line')).toHaveCount(2); // the raw loss and its EMA (smoothing on by default)
  await expect(page.locator('#panel-experiment').getByTestId('results-table')).toBeVisible();
  await expect(page.getByTestId('storage')).toContainText(/Storage: .* used of /);

  // Delete (with its checkpoint and events): gone, also after a reload.
  page.once('dialog', (d) => void d.accept());
  await after.first().getByRole('button', { name: 'Delete' }).click();
  await expect(after).toHaveCount(0);
  await page.reload();
  await page.getByRole('tab', { name: 'Experiment' }).click();
  await expect(page.locator('#panel-experiment').getByTestId('run-list')).toContainText('No runs yet.');
});
