import { expect, test } from '@playwright/test';
import { SCREENSHOTS } from './helpers';
import { control, openExperiment, waitForStatus } from './train-helpers';

test('the α-sweep trains α = 0, 0.5, 1 with one seed, and the comparison overlays them with the best per column marked', async ({
  page,
}) => {
  await openExperiment(page, { name: 'sweep', steps: 4, evalEvery: 2, seed: 7 });
  await control(page, /α-sweep/).click();
  const runs = page.locator('#panel-experiment').getByTestId('run-list').locator('li');
  await expect(runs).toHaveCount(3, { timeout: 170_000 });
  for (let i = 0; i < 3; i++) await expect(runs.nth(i)).toHaveAttribute('data-status', 'done', { timeout: 170_000 });
  await waitForStatus(page, 'done');
  expect((await runs.evaluateAll((els) => els.map((e) => e.getAttribute('data-run-name')))).sort()).toEqual([
    'sweep α=0',
    'sweep α=0.5',
    'sweep α=1',
  ]);

  await page.getByRole('tab', { name: 'Compare' }).click();
  const panel = page.locator('#panel-compare');
  const table = panel.getByTestId('compare-table');
  await expect(table.locator('tbody tr')).toHaveCount(3); // the sweep selects its runs when it ends
  for (const col of [4, 5, 6, 7]) await expect(table.locator(`tbody td:nth-child(${col})[data-best]`).first()).toBeVisible();
  await expect(panel.getByTestId('compare-chart').locator('path.recharts-line-curve:not([stroke="none"])')).toHaveCount(3);
  // Metric against α: the sweep is one configuration at three α (one seed each: points without intervals).
  await expect(panel.getByTestId('alpha-chart').locator('.recharts-line-dot, .recharts-dot')).toHaveCount(3);
  await page.screenshot({ path: `${SCREENSHOTS}/comparison.png`, fullPage: true });

  // Pick two runs only.
  await panel.getByRole('checkbox', { name: /sweep α=0\.5/ }).uncheck();
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(panel.getByTestId('compare-chart').locator('path.recharts-line-curve:not([stroke="none"])')).toHaveCount(2);
  // Two runs on the same evaluation data: the paired randomization test per setting, with its caveats.
  const paired = panel.getByTestId('paired-test');
  await expect(paired.locator('tbody tr')).toHaveCount(3);
  for (const row of await paired.locator('tbody tr td:nth-child(5)').allTextContents())
    expect(row).toMatch(/^(< 0\.001|[01]\.\d{3})$/);
  await panel.getByLabel('Curve').selectOption('loss');
  await expect(panel.getByTestId('compare-chart').locator('path.recharts-line-curve:not([stroke="none"])')).toHaveCount(2);
  await panel.getByLabel('Curve').selectOption('bias');
  const csv = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export table CSV' }).click();
  expect((await csv).suggestedFilename()).toBe('compare.csv');
  const svg = page.waitForEvent('download');
  await panel
    .getByTestId('compare-chart')
    .getByRole('button', { name: /as SVG/ })
    .click();
  expect((await svg).suggestedFilename()).toMatch(/\.svg$/);
});
