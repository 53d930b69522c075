/**
 * One job at a time on the backend (src/worker/jobs.ts): a model fine-tune or model evaluation asked for while a
 * training run trains is refused, and the Models panel shows the reason (what holds the backend, how to free it).
 * Once the run is paused the same evaluation runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { writeZip } from '../../src/core/util/zip';
import { sharedPath } from '../helpers/shared';
import { openExperiment } from './train-helpers';

const FIXTURE = sharedPath('fixtures', 'tiny-bert');
const FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'model.safetensors'];

/** Start / Pause by the Space shortcut, with nothing focused (Space on a focused button would press it). */
async function toggleRun(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press(' ');
}

test('fine-tune and model evaluation during a training run are refused with the reason shown', async ({ page }) => {
  test.setTimeout(300_000);
  // Long enough that it still trains while the Models panel is used; from scratch, tiny shape.
  await openExperiment(page, { name: 'busy-run', steps: 100_000, evalEvery: 0 });

  // A model to fine-tune: tiny-bert as a zip (loading is not a backend job and may run any time).
  await page.getByRole('tab', { name: 'Models' }).click();
  const panel = page.locator('#panel-models');
  const zip = writeZip(Object.fromEntries(FILES.map((f) => [f, new Uint8Array(readFileSync(join(FIXTURE, f)))])));
  await panel
    .getByTestId('model-zip-input')
    .setInputFiles({ name: 'tiny-bert.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
  await expect(panel.getByTestId('model-list').locator('li[data-name="tiny-bert"]')).toBeVisible();

  // Start (Space) from the Models tab: the run views stay unmounted, so the page does not redraw charts per step.
  const backendSelect = page.getByLabel('Backend', { exact: true });
  await toggleRun(page);
  await expect(backendSelect).toHaveAttribute('title', /^Pause or stop the run/); // the header's sign that a run trains

  const error = panel.getByTestId('model-error');
  await panel.getByLabel('Steps').fill('2');
  await panel.getByRole('button', { name: 'Fine-tune', exact: true }).click();
  await expect(error).toContainText(
    'training run "busy-run" is running; pause or stop it (Experiment tab), or wait until it finishes, before fine-tuning of model "tiny-bert"',
  );
  await panel.getByLabel('Max queries per language (0 = all)').fill('2');
  await panel.getByRole('button', { name: 'Evaluate', exact: true }).click();
  await expect(error).toContainText('training run "busy-run" is running');
  await expect(error).toContainText('before evaluation of model "tiny-bert"');
  await expect(panel.getByTestId('model-eval')).toHaveCount(0);

  // Paused (Space again), the backend is free: the evaluation runs.
  await toggleRun(page);
  await expect(backendSelect).toHaveAttribute('title', 'Switch tfjs backend');
  await panel.getByRole('button', { name: 'Evaluate', exact: true }).click();
  await expect(panel.getByTestId('model-eval')).toBeVisible({ timeout: 180_000 });
  await expect(error).toHaveCount(0);
});
