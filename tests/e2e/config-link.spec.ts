import { expect, test } from '@playwright/test';
import { configFromUrlParam } from '../../src/core/experiment/config';
import { control, openExperiment } from './train-helpers';

const b64url = (json: unknown) => Buffer.from(JSON.stringify(json)).toString('base64url');

test('the experiment lives in the link: edits update #cfg=, the link reproduces them, invalid links show the ConfigError', async ({
  page,
  context,
}) => {
  await openExperiment(page, { name: 'linked', seed: 5 });
  const form = page.locator('#panel-experiment');
  await form.getByLabel(/^α = /).fill('0.25');
  await form.getByLabel('Batch size').fill('8');
  await form.getByRole('group', { name: 'Held-out languages' }).getByLabel('sw').check();
  await form.getByLabel('cap de').fill('40');
  await expect(form.getByText('α = share of monolingual batches; 1 = monolingual-only, 0 = cross-lingual-only')).toBeVisible();

  const hash = await page.evaluate(() => location.hash);
  const cfg = configFromUrlParam(hash.replace(/^#cfg=/, ''));
  expect(cfg).toMatchObject({ name: 'linked', seed: 5, alpha: 0.25, batchSize: 8, heldOutLangs: ['sw'], caps: { de: 40 } });

  const other = await context.newPage();
  await other.goto(`/${hash}`);
  const f2 = other.locator('#panel-experiment');
  await expect(f2.getByLabel('Batch size')).toHaveValue('8');
  await expect(f2.getByLabel(/^α = /)).toHaveValue('0.25');
  await expect(f2.getByLabel('cap de')).toHaveValue('40');
  await expect(f2.getByRole('group', { name: 'Held-out languages' }).getByLabel('sw')).toBeChecked();

  // An invalid value names the field and its fix, and nothing can start.
  await form.getByLabel('Batch size').fill('1');
  await expect(form.getByTestId('config-error')).toContainText('config field "batchSize"');
  await expect(form.getByTestId('config-error')).toContainText('Fix:');
  await expect(form.getByLabel('Batch size')).toHaveAttribute('aria-invalid', 'true');
  await expect(control(page, /^Start/)).toBeDisabled();

  // Links: unreadable, and readable but invalid.
  await other.goto('/#cfg=%%%not-base64');
  await expect(other.getByTestId('link-error')).toContainText('config field "cfg"');
  await other.goto(`/#cfg=${b64url({ alpha: 2 })}`);
  await other.reload();
  await expect(other.getByTestId('link-error')).toContainText('config field "alpha"');
  await expect(other.getByTestId('link-error')).toContainText('between 0 and 1');
  await other.goto(`/#cfg=${b64url({ alfa: 0.5 })}`);
  await other.reload();
  await expect(other.getByTestId('link-error')).toContainText('config field "alfa": unknown field');
});
