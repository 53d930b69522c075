import { expect, test } from '@playwright/test';
import { control, openExperiment, runStatus, waitForStatus } from './train-helpers';

test('Step (S) advances one batch at a time; a paused run survives a reload and resumes (Space) to completion', async ({
  page,
}) => {
  await openExperiment(page, { name: 'tiny-resume', steps: 8, evalEvery: 4 });
  await expect(control(page, /^Step/)).toHaveAttribute('aria-keyshortcuts', 'S');

  await page.keyboard.press('s'); // a fresh run, paused after its first batch
  await waitForStatus(page, 'paused');
  await expect(runStatus(page)).toHaveAttribute('data-step', '1');
  await expect(runStatus(page)).toContainText('checkpoint @ 1');
  await page.keyboard.press('s');
  await expect(runStatus(page)).toHaveAttribute('data-step', '2');
  await waitForStatus(page, 'paused');
  await expect(runStatus(page)).toContainText('checkpoint @ 2');

  // Typing in a field never triggers a shortcut.
  // The shortcut handler cancels the key it acts on (preventDefault), so the typed "s" landing in the field shows
  // that the keydown has been handled and ignored.
  const runName = page.locator('#panel-experiment').getByLabel('Run name');
  const before = await runName.inputValue();
  await runName.press('End');
  await runName.press('s');
  await expect(runName).toHaveValue(`${before}s`);
  await expect(runStatus(page)).toHaveAttribute('data-step', '2');

  await page.reload();
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', /\w+/, { timeout: 150_000 });
  const item = page.locator('#panel-experiment').getByTestId('run-list').locator('li');
  await expect(item).toHaveCount(1);
  await expect(item.first()).toHaveAttribute('data-status', 'paused');
  await expect(item.first().getByTestId('run-checkpoint')).toContainText('checkpoint @ 2');
  await expect(control(page, /^Resume/)).toBeEnabled();

  await page.keyboard.press(' ');
  await waitForStatus(page, 'done');
  await expect(runStatus(page)).toHaveAttribute('data-step', '8');
  const panel = page.locator('#panel-experiment');
  await expect(panel.getByTestId('loss-points')).toContainText('8 steps');
  await expect(panel.getByTestId('run-results')).toContainText('Final evaluation at step 8');
  await expect(panel.getByTestId('mono-share')).toContainText('/ 8');
  await expect(item.first().getByTestId('run-checkpoint')).toContainText('checkpoint @ 8');
});

test('a run interrupted by a reload is listed as interrupted and resumes from its last checkpoint', async ({ page }) => {
  // Enough steps that the reload (slow on a loaded machine: the old page trains until the new one commits) lands mid-run.
  await openExperiment(page, { name: 'tiny-interrupt', steps: 400, evalEvery: 0, checkpointEvery: 5, checkpointEverySeconds: 0 });
  await control(page, /^Start/).click();
  await expect
    .poll(async () => Number(await runStatus(page).getAttribute('data-step')), { timeout: 60_000 })
    .toBeGreaterThanOrEqual(12);
  await page.reload();
  const item = page.locator('#panel-experiment').getByTestId('run-list').locator('li').first();
  await expect(item).toHaveAttribute('data-status', 'interrupted');
  const saved = Number(/checkpoint @ (\d+)/.exec((await item.getByTestId('run-checkpoint').textContent()) ?? '')?.[1]);
  expect(saved % 5).toBe(0);
  expect(saved).toBeGreaterThanOrEqual(10);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', /\w+/, { timeout: 150_000 });
  await control(page, /^Resume/).click();
  await waitForStatus(page, 'done');
  await expect(page.locator('#panel-experiment').getByTestId('loss-points')).toContainText('400 steps');
});
