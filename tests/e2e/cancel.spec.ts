import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { sharedPath } from '../helpers/shared';
import { importViaPicker, openApp } from './helpers';

/**
 * The job must still be running when Cancel is clicked. Every query of the demo takes about 2 s with BM25 (6 s with
 * the shipped base), and a loaded CI machine once spent that between the ETA and the click, so the evaluation
 * finished and the button left the page. The real XQuAD-R with the shipped base runs for tens of seconds.
 */
test('a full evaluation shows progress with an ETA and can be cancelled', async ({ page }) => {
  test.setTimeout(300_000);
  await openApp(page);
  const dir = sharedPath('data', 'xquad-r');
  const files = readdirSync(dir)
    .filter((f) => /^[a-z]{2}\.json$/.test(f))
    .map((f) => ({ name: f, text: readFileSync(`${dir}/${f}`, 'utf8') }));
  await importViaPicker(page, files);
  const card = page.locator('[data-testid^="dataset-import:"]');
  await expect(card).toHaveCount(1, { timeout: 170_000 });
  const id = (await card.getAttribute('data-testid'))!.replace(/^dataset-/, '');

  await page.getByRole('tab', { name: 'Evaluation' }).click();
  const panel = page.locator('#panel-evaluation');
  await panel.getByLabel('Dataset').selectOption(id);
  await panel.getByLabel('Retriever').selectOption('shipped:demo-base');
  await panel.getByLabel('Max queries per language').fill(''); // every query
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
