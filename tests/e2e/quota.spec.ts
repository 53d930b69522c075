import { expect, test } from '@playwright/test';
import { control, openExperiment, waitForStatus } from './train-helpers';

test('a full disk (QuotaExceededError) gives a clear message and leaves earlier runs and checkpoints intact', async ({
  page,
  baseURL,
}) => {
  // A 1.5 MB quota for this origin (Chromium DevTools protocol; Chromium reads it when IndexedDB is first
  // opened, so it is set before the app loads): room for a tiny run (0.5 MB checkpoint), not for a run
  // with a 4× wider model (≈ 3 MB checkpoint with its optimiser moments).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL!).origin, quotaSize: 1_500_000 });
  await openExperiment(page, { name: 'kept' });
  await control(page, /^Start/).click();
  await waitForStatus(page, 'done');

  const form = page.locator('#panel-experiment');
  await form.getByLabel('Run name').fill('too-big');
  await form.getByText('Advanced: schedule and model').click();
  await form.getByLabel('Hidden size').fill('64');
  await control(page, /^New run/).click();
  const alert = form.getByRole('alert').filter({ hasText: 'QuotaExceededError' }).first();
  await expect(alert).toBeVisible({ timeout: 120_000 });
  await expect(alert).toContainText('Browser storage is full');
  await expect(alert).toContainText('everything saved before is intact');
  await expect(alert).toContainText('Delete old runs');

  await page.reload();
  const kept = page.locator('#panel-experiment').getByTestId('run-list').locator('li[data-run-name="kept"]');
  await expect(kept).toHaveAttribute('data-status', 'done');
  await expect(kept.getByTestId('run-checkpoint')).toContainText('checkpoint @ 6');
  await kept.locator('button.link').click();
  await expect(page.locator('#panel-experiment').getByTestId('run-results')).toContainText('Final evaluation at step 6');
});
