import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

test('a full evaluation shows progress with an ETA and can be cancelled', async ({ page }) => {
  await openApp(page);
  await page.getByRole('tab', { name: 'Evaluation' }).click();
  const panel = page.locator('#panel-evaluation');
  await panel.getByLabel('Max queries per language').fill(''); // all queries: long enough to cancel
  await panel.getByRole('button', { name: 'Run evaluation' }).click();

  const progress = page.getByTestId('progress');
  await expect(progress).toBeVisible();
  await expect(progress).toContainText('ETA');
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /\d+/);
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Evaluation cancelled.' })).toBeVisible();
  await expect(progress).toBeHidden();
  await expect(page.getByTestId('results-table')).toHaveCount(0);

  // The worker is still usable after a cancel.
  await panel.getByLabel('Max queries per language').fill('3');
  await panel.getByRole('button', { name: 'Run evaluation' }).click();
  await expect(page.getByTestId('results-table')).toBeVisible();
});
