/**
 * Seeds in the α-sweep and two runs side by side in the Inspector: the sweep form's lists queue α × seeds as
 * ordinary runs; the Inspector ranks the selected query with both runs' encoders, in the selected pool.
 */
import { expect, test } from '@playwright/test';
import { SCREENSHOTS } from './helpers';
import { control, openExperiment } from './train-helpers';

test('an α-sweep with a seed list queues one run per α and seed, Compare draws seeds as mean ± interval; the Inspector shows the same query ranked by two runs side by side', async ({
  page,
}) => {
  await openExperiment(page, { name: 'tiny-cmp', steps: 2, evalEvery: 0 });
  const form = page.getByTestId('sweep-form');
  await form.getByLabel('α values').fill('0, 1');
  await form.getByLabel('Seeds').fill('7, 7');
  await expect(form.getByTestId('sweep-plan')).toContainText('seeds: 7 is listed twice');
  await form.getByLabel('Seeds').fill('7, 8');
  await expect(form.getByTestId('sweep-plan')).toContainText('2 α × 2 seeds = 4 runs');
  await control(page, /^α-sweep \(0, 1 × seeds 7, 8\)/).click();
  const runs = page.locator('#panel-experiment').getByTestId('run-list').locator('li');
  await expect(runs).toHaveCount(4, { timeout: 200_000 });
  for (let i = 0; i < 4; i++) await expect(runs.nth(i)).toHaveAttribute('data-status', 'done', { timeout: 200_000 });
  expect((await runs.evaluateAll((els) => els.map((e) => e.getAttribute('data-run-name')))).sort()).toEqual([
    'tiny-cmp α=0 seed 7',
    'tiny-cmp α=0 seed 8',
    'tiny-cmp α=1 seed 7',
    'tiny-cmp α=1 seed 8',
  ]);

  // Compare: the sweep's four runs, the metric against α with the two seeds of each α as mean ± interval.
  await page.getByRole('tab', { name: 'Compare' }).click();
  const cmp = page.locator('#panel-compare');
  await expect(cmp.getByTestId('compare-table').locator('tbody tr')).toHaveCount(4);
  await expect(cmp.getByTestId('alpha-chart')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/compare-seeds.png`, fullPage: true });

  await page.getByRole('tab', { name: 'Inspector' }).click();
  const ins = page.locator('#panel-inspector');
  await ins.getByRole('button', { name: 'de', exact: true }).click();
  await ins.getByLabel('Pool').selectOption('en');
  await ins.getByTestId('inspector-queries').getByRole('button').first().click();
  await expect(ins.getByTestId('ranking-a')).toHaveCount(0); // one run: one column
  await ins.getByLabel('Side by side with').selectOption({ label: 'tiny-cmp α=0 seed 7 (step 2)' });
  const a = ins.getByTestId('ranking-a'),
    b = ins.getByTestId('ranking-b');
  await expect(b).toBeVisible();
  expect(await a.getAttribute('data-run')).not.toBe(await b.getAttribute('data-run'));
  await expect(a).toContainText('tiny-cmp α=1 seed 8');
  await expect(b).toContainText('tiny-cmp α=0 seed 7');
  for (const col of [a, b]) {
    // Ranks within the selected pool (English only, 346 candidates), for each run.
    await expect(col.getByTestId('ranked-candidates').locator('tbody tr')).toHaveCount(20);
    expect(
      new Set(
        await col
          .getByTestId('ranked-candidates')
          .locator('tbody [data-lang]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-lang'))),
      ),
    ).toEqual(new Set(['en']));
    const rank = Number(
      /rank (\d+) of 346/.exec((await col.getByTestId('pool-ranks').locator('li').first().textContent())!)?.[1],
    );
    expect(rank).toBeGreaterThanOrEqual(1);
    expect(rank).toBeLessThanOrEqual(346);
  }
  // Two different models: their scores of the top candidates differ.
  const scores = async (col: typeof a) =>
    col.getByTestId('ranked-candidates').locator('tbody tr td:nth-child(4)').allTextContents();
  expect(await scores(a)).not.toEqual(await scores(b));
  // Another pool re-ranks both columns.
  await ins.getByLabel('Pool').selectOption('multi');
  await expect(a).toContainText('3114 candidates');
  await expect(b).toContainText('3114 candidates');
  await page.screenshot({ path: `${SCREENSHOTS}/inspector-side-by-side.png`, fullPage: true });
});
