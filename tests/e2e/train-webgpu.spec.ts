import { expect, test } from '@playwright/test';
import { importViaPicker } from './helpers';
import { control, openExperiment, selectBackend, smallEvalFiles, waitForStatus } from './train-helpers';

// SwiftShader's WebGPU embeds ~60 texts/s (measured: the 4,716-text demo eval set takes ~80 s), so this run
// evaluates on a small slice of the demo eval split (3 paragraphs × 3 languages), imported through the UI.
test('a tiny run on WebGPU (SwiftShader) trains, evaluates and shows the loss chart and metric tables', async ({ page }) => {
  await openExperiment(page, { name: 'tiny-webgpu' });
  const active = await selectBackend(page, 'webgpu');
  const tried = (await page.getByTestId('backend-badge').getAttribute('title')) ?? '';
  test.info().annotations.push({ type: 'webgpu', description: `selected: ${active}; ${tried.replace(/\n/g, '; ')}` });
  test.skip(active !== 'webgpu', `WebGPU setBackend/self-test failed in this Chromium: ${active}; ${tried}`);

  await page.getByRole('tab', { name: 'Data' }).click();
  await importViaPicker(page, smallEvalFiles(['de', 'en', 'hi']));
  const card = page.locator('[data-testid^="dataset-import:"]');
  await expect(card).toHaveCount(1);
  const importId = (await card.getAttribute('data-testid'))!.replace(/^dataset-/, '');
  await page.getByRole('tab', { name: 'Experiment' }).click();
  await page.locator('#panel-experiment').getByLabel('Evaluation data').selectOption(importId);
  // The link now names the imported eval set.
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#cfg=/);

  await control(page, /^Start/).click();
  await waitForStatus(page, 'done');
  const panel = page.locator('#panel-experiment');
  await expect(panel.getByTestId('run-status')).toContainText('webgpu');
  await expect(panel.getByTestId('loss-points')).toContainText('6 steps');
  await expect(panel.getByTestId('loss-chart').locator('path.chart-line')).toHaveCount(2); // the raw loss and its EMA (smoothing on by default)
  const table = panel.getByTestId('results-table');
  await expect(table).toBeVisible();
  await expect(panel.getByTestId('bias-table')).toBeVisible();
  for (const l of ['de', 'en', 'hi']) await expect(table.getByRole('rowheader', { name: l }).first()).toBeVisible();
  const maps = await table.locator('tbody tr td:nth-child(4)').allTextContents();
  for (const m of maps) {
    expect(Number(m)).toBeGreaterThanOrEqual(0);
    expect(Number(m)).toBeLessThanOrEqual(1);
  }
  await expect(panel.getByTestId('run-list').locator('li').first()).toContainText('webgpu');
});
