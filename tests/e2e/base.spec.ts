import { expect, test, type Page } from '@playwright/test';
import { SCREENSHOTS } from './helpers';
import { control, runStatus, waitForStatus } from './train-helpers';

/**
 * Cross-lingual bases in the browser (issue 8): the default experiment starts from the shipped base, a tiny
 * base is built from the shipped lexicon, stored, used as a starting point (lineage recorded), and a base
 * evaluated alone shows beside fine-tuned runs. Shapes and steps are tiny.
 */

async function openApp(page: Page, hash = ''): Promise<void> {
  page.on('console', (m) => {
    if (m.type() === 'error') console.log(`[browser] ${m.text()}`);
  });
  await page.goto(`/${hash}`);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', /\w+/, { timeout: 150_000 });
  await page.getByRole('tab', { name: 'Experiment' }).click();
  await expect(control(page, /^Start/)).toBeEnabled({ timeout: 60_000 });
}

const experiment = (page: Page) => page.locator('#panel-experiment');
const bases = (page: Page) => page.locator('#panel-bases');
const runItem = (page: Page, name: string) => experiment(page).getByTestId('run-list').locator(`li[data-run-name="${name}"]`);

async function shortSchedule(page: Page, name: string): Promise<void> {
  const form = experiment(page);
  await form.getByLabel('Run name').fill(name);
  await form.getByLabel('Steps', { exact: true }).fill('2');
  await form.getByLabel('Batch size').fill('8');
  await form.getByLabel('Eval interval (steps)').fill('0');
}

async function waitForBuild(page: Page, status: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const s = await bases(page).getByTestId('base-build').getAttribute('data-status');
        if (s === 'error' && status !== 'error')
          throw new Error(`build failed: ${await bases(page).getByTestId('base-build').textContent()}`);
        return s;
      },
      { timeout: 150_000, intervals: [250] },
    )
    .toBe(status);
}

/** The last delta of a build counts tf.memory() tensors after the encoder's disposal: as many as at its start. */
async function expectNoLeak(page: Page): Promise<void> {
  const b = bases(page).getByTestId('base-build');
  const start = await b.getAttribute('data-tensors-start');
  expect(Number(start)).toBeGreaterThanOrEqual(0);
  await expect(b).toHaveAttribute('data-tensors-now', start!);
}

test('the default experiment starts from the shipped base; the base alone sits beside it in the comparison', async ({ page }) => {
  await openApp(page);
  const form = experiment(page);
  await expect(form.getByLabel('Start from')).toHaveValue('shipped:demo-base');
  await expect(form.getByText("Model: the base's shape (shipped:demo-base)")).toBeAttached();
  await shortSchedule(page, 'from-shipped');
  await control(page, /^Start/).click();
  await waitForStatus(page, 'done');
  const run = runItem(page, 'from-shipped');
  await expect(run.getByTestId('run-lineage')).toHaveText('from demo-base (shipped)');
  await expect(run.getByTestId('run-lineage')).toHaveAttribute(
    'title',
    'Lineage: pre-trained on demo-lexicon.tsv (1500 steps, seed 42) → demo-base (shipped)',
  );

  // "Evaluate base alone" (B): a 0-step run of the same experiment from the same base.
  await page.locator('body').press('b');
  const alone = runItem(page, 'base alone · demo-base (shipped)');
  await expect(alone).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(runStatus(page)).toContainText('base alone · demo-base (shipped)');
  await expect(alone.getByTestId('base-alone-tag')).toHaveText('base alone');
  await expect(experiment(page).getByTestId('run-results')).toContainText('Base alone (no fine-tuning): evaluation at step 0');
  await run.getByRole('checkbox', { name: 'compare' }).check();

  await page.getByRole('tab', { name: 'Compare' }).click();
  const rows = page.getByTestId('compare-table').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  const baseRow = rows.filter({ hasText: 'base alone' });
  await expect(baseRow.locator('th')).toContainText('base alone');
  await expect(baseRow.locator('td').nth(0)).toHaveText('–'); // α: no fine-tuning
  await expect(baseRow.locator('td').nth(1)).toHaveText('0'); // step 0, final
  await expect(rows.filter({ hasText: 'from-shipped' }).getByTestId('compare-lineage')).toHaveText('demo-base (shipped)');
  await expect(baseRow.getByTestId('compare-lineage')).toHaveText('demo-base (shipped)');
  for (const r of await rows.all()) await expect(r.locator('td').nth(3)).toHaveText(/^0\.\d{3}/); // cross mAP of both
});

test('build a tiny base from the shipped lexicon, store it, fine-tune from it (lineage) and evaluate it alone', async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole('tab', { name: 'Bases' }).click();
  const panel = bases(page);
  await expect(panel.getByTestId('base-item')).toHaveCount(1); // the shipped demo base
  await expect(panel.getByTestId('base-item').first()).toContainText('demo-base');
  const form = panel.getByTestId('base-build-form');
  await expect(form.getByRole('checkbox', { name: /demo-lexicon\.tsv/ })).toBeChecked();
  await expect(form.getByLabel('Pre-training steps')).toHaveValue('1500'); // the shipped base's recipe
  await form.getByLabel('Base name').fill('tiny-base');
  for (const [label, v] of [
    ['Pre-training steps', '4'],
    ['Pairs per batch', '16'],
    ['Held-out pairs (translation ranking)', '20'],
    ['Evaluate every (steps)', '2'],
    ['Max tokens per pair text', '8'],
    ['Base vocabulary size', '500'],
    ['Base hidden size', '16'],
    ['Base layers', '1'],
    ['Base heads', '2'],
    ['Base FFN size', '32'],
  ]) {
    await form.getByLabel(label, { exact: true }).fill(v);
  }
  await form.getByRole('button', { name: 'Build base' }).click();
  await waitForBuild(page, 'done');
  await expectNoLeak(page); // encoder, optimiser and evaluation tensors all disposed
  const evals = panel.getByTestId('base-evals').locator('tbody tr');
  await expect(evals).toHaveCount(3); // before, at step 2, at the end
  await expect(evals.nth(2).locator('td').first()).toHaveText('4');
  await expect(panel.getByTestId('base-build')).toContainText('Stored');
  const built = panel.locator('li[data-base-name="tiny-base"]');
  await expect(built.getByTestId('base-lineage')).toContainText(
    'pre-trained on demo-lexicon.tsv (4 steps, seed 42) → tiny-base (built here)',
  );
  await page.screenshot({ path: `${SCREENSHOTS}/bases.png`, fullPage: true });

  // Stored in IndexedDB: still there after a reload.
  await page.reload();
  await page.getByRole('tab', { name: 'Bases' }).click();
  await expect(bases(page).locator('li[data-base-name="tiny-base"]')).toBeVisible();
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', /\w+/, { timeout: 150_000 });
  await bases(page).locator('li[data-base-name="tiny-base"]').getByRole('button', { name: 'Start experiments from it' }).click();

  await page.getByRole('tab', { name: 'Experiment' }).click();
  await expect(experiment(page).getByLabel('Start from')).toHaveValue(/^idb:bases\/base-/);
  await shortSchedule(page, 'from-tiny');
  await control(page, /^Start/).click();
  await waitForStatus(page, 'done');
  const run = runItem(page, 'from-tiny');
  await expect(run.getByTestId('run-lineage')).toHaveText('from tiny-base (built here)');
  await expect(run.getByTestId('run-lineage')).toHaveAttribute(
    'title',
    /pre-trained on demo-lexicon\.tsv \(4 steps, seed 42\) → tiny-base \(built here\)/,
  );

  await page.getByRole('tab', { name: 'Bases' }).click();
  await bases(page).locator('li[data-base-name="tiny-base"]').getByRole('button', { name: 'Evaluate base alone' }).click();
  await page.getByRole('tab', { name: 'Compare' }).click();
  const row = page.getByTestId('compare-table').locator('tbody tr').filter({ hasText: 'base alone' });
  await expect(row.locator('th')).toContainText('base alone · tiny-base (built here)');
  await expect(row.locator('td').nth(1)).toHaveText('0', { timeout: 120_000 }); // final evaluation at step 0
  await expect(row.getByTestId('compare-lineage')).toHaveText('tiny-base (built here)');
});

test('a build is cancellable and stores nothing; a bad recipe names the field', async ({ page }) => {
  await openApp(page);
  await page.getByRole('tab', { name: 'Bases' }).click();
  const form = bases(page).getByTestId('base-build-form');
  await form.getByLabel('Base name').fill('never-stored');
  await form.getByLabel('Base hidden size').fill('16');
  await form.getByLabel('Base heads').fill('3');
  await form.getByRole('button', { name: 'Build base' }).click();
  await expect(form.getByTestId('base-build-error')).toContainText(
    'config field "model.heads": hidden 16 is not divisible by 3 heads. Fix:',
  );
  await expect(form.getByLabel('Base heads')).toHaveAttribute('aria-invalid', 'true');

  for (const [label, v] of [
    ['Base heads', '2'],
    ['Base layers', '1'],
    ['Base FFN size', '32'],
    ['Base vocabulary size', '500'],
    ['Max tokens per pair text', '8'],
    ['Held-out pairs (translation ranking)', '20'],
  ]) {
    await form.getByLabel(label, { exact: true }).fill(v);
  }
  await form.getByRole('button', { name: 'Build base' }).click();
  await expect
    .poll(async () => Number(await bases(page).getByTestId('base-build').getAttribute('data-step')), { timeout: 60_000 })
    .toBeGreaterThan(0);
  await expect(bases(page).getByTestId('base-build')).toContainText(/ETA \d/);
  const live = bases(page).getByTestId('base-build');
  expect(Number(await live.getAttribute('data-tensors-now'))).toBeGreaterThan(
    Number(await live.getAttribute('data-tensors-start')),
  ); // the count sees the model
  // One job at a time: no run starts while a base is being built.
  await expect(bases(page).getByRole('button', { name: 'Evaluate base alone' })).toBeDisabled();
  await page.getByRole('tab', { name: 'Experiment' }).click();
  await expect(control(page, /^Start/)).toBeDisabled();
  await page.getByRole('tab', { name: 'Bases' }).click();
  await form.getByRole('button', { name: 'Cancel build' }).click();
  await waitForBuild(page, 'cancelled');
  await expectNoLeak(page);
  await expect(bases(page).getByTestId('base-build')).toContainText('Cancelled (nothing stored)');
  await expect(bases(page).locator('li[data-base-name="never-stored"]')).toHaveCount(0);
  await page.reload();
  await page.getByRole('tab', { name: 'Bases' }).click();
  await expect(bases(page).getByTestId('base-item')).toHaveCount(1);
});
