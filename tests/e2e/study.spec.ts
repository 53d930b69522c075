import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { importViaPicker, SCREENSHOTS } from './helpers';
import { openExperiment, smallEvalFiles } from './train-helpers';

/**
 * The Study tab on a tiny ladder: sw capped at {0, full} × {monolingual α=1, hybrid α=0.5} × 1 seed, a
 * 1-layer model, 40 steps, evaluated on 2 paragraphs × 3 languages of the demo eval split. A reload while
 * the second run trains: the study continues by itself, the finished run is kept, the interrupted one goes on
 * from its last checkpoint. Then the report (finite numbers, the paper's table labelled) and its exports.
 */
const RUNS = ['cap-0_monolingual_seed-1', 'cap-0_hybrid_seed-1', 'cap-full_monolingual_seed-1', 'cap-full_hybrid_seed-1'];
const row = (page: Page, id: string) => page.getByTestId(`study-run-${id}`);
const statusOf = (page: Page) => page.getByTestId('study-status');

async function waitForStudy(page: Page, status: string, timeout: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const s = await statusOf(page).getAttribute('data-status');
        if (s === 'error') throw new Error(`study failed: ${await page.getByTestId('study-error').textContent()}`);
        return s;
      },
      { timeout, intervals: [500] },
    )
    .toBe(status);
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
}

const numbers = (cells: string[]) => cells.map(Number);

test('a study runs its queue, survives a reload mid-run, and shows and exports its report', async ({ page }) => {
  test.setTimeout(300_000);
  await openExperiment(page, { name: 'tiny', steps: 40, evalEvery: 0, checkpointEvery: 5 });
  await page.getByRole('tab', { name: 'Data' }).click();
  await importViaPicker(page, smallEvalFiles(['de', 'en', 'sw'], 2));
  const card = page.locator('[data-testid^="dataset-import:"]');
  await expect(card).toHaveCount(1);
  const importId = (await card.getAttribute('data-testid'))!.replace(/^dataset-/, '');

  // Keyboard: the tab list moves with the arrow keys (Models → Study).
  await page.getByRole('tab', { name: 'Models' }).click();
  await page.getByRole('tab', { name: 'Models' }).press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Study' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Study' })).toHaveAttribute('aria-selected', 'true');
  const panel = page.locator('#panel-study');

  await panel.getByRole('button', { name: /Use the Experiment tab/ }).click();
  await expect(panel.getByTestId('study-base')).toContainText('scratch 1×16');
  await panel.getByLabel('Study name').fill('e2e-study');
  await panel.getByLabel('Evaluation data').selectOption(importId);
  await expect(panel.getByRole('group', { name: /Low-resource/ }).getByRole('checkbox', { name: /^sw/ })).toBeChecked();
  await panel.getByLabel('Cap ladder (distinct training questions)').fill('0, -3');
  await expect(panel.getByTestId('study-config-error')).toContainText('"caps"');
  await expect(panel.getByRole('button', { name: /^Start study/ })).toBeDisabled();
  await panel.getByLabel('Cap ladder (distinct training questions)').fill('0, full');
  await panel.getByLabel('Seeds').fill('1');
  await panel.getByRole('checkbox', { name: 'cross-lingual (α = 0)' }).uncheck();
  await expect(panel.getByTestId('study-config-error')).toHaveCount(0);
  const start = panel.getByRole('button', { name: 'Start study (4 runs)' });
  await expect(start).toBeEnabled({ timeout: 60_000 });
  const t0 = Date.now();
  await start.focus();
  await page.keyboard.press('Enter');

  // The first run finishes; the second trains past a checkpoint; then the page goes away.
  await expect(row(page, RUNS[0])).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  const firstRunId = await row(page, RUNS[0]).getAttribute('data-run-id');
  await expect(row(page, RUNS[1])).toHaveAttribute('data-state', 'training');
  await expect
    .poll(async () => Number(/training step (\d+) \/ 40/.exec((await statusOf(page).textContent()) ?? '')?.[1] ?? 0), {
      timeout: 60_000,
      intervals: [100],
    })
    .toBeGreaterThanOrEqual(12);
  const secondRunId = await row(page, RUNS[1]).getAttribute('data-run-id');
  expect(firstRunId).toBeTruthy();
  expect(secondRunId).toBeTruthy();
  await page.reload();

  // It continues by itself: run 1 kept (same run, not trained again), run 2 from its checkpoint.
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', /\w+/, { timeout: 150_000 });
  await page.getByRole('tab', { name: 'Study' }).click();
  await expect(page.getByTestId('study-note')).toContainText('Resumed: 1 of 4 runs were finished and are kept', {
    timeout: 60_000,
  });
  await expect(row(page, RUNS[0])).toHaveAttribute('data-run-id', firstRunId!);
  await expect(row(page, RUNS[0])).toHaveAttribute('data-state', 'done');
  await expect(row(page, RUNS[1])).toHaveAttribute('data-run-id', secondRunId!);
  const resumed = row(page, RUNS[1]).getByTestId('study-run-resumed');
  await expect(resumed).toContainText(/continued from its checkpoint at step \d+/, { timeout: 30_000 });
  const fromStep = Number(/step (\d+)/.exec((await resumed.textContent()) ?? '')?.[1]);
  expect(fromStep % 5).toBe(0);
  expect(fromStep).toBeGreaterThanOrEqual(10);
  await expect(page.getByTestId('study-eta')).toContainText(/ETA/);

  await waitForStudy(page, 'done', 200_000);
  test.info().annotations.push({
    type: 'study',
    description: `4 runs × 40 steps (reload included): ${((Date.now() - t0) / 1000).toFixed(0)} s from Start to report`,
  });
  await expect(statusOf(page)).toHaveAttribute('data-done', '4');

  // The report: our tables with finite numbers, the paper's labelled as the paper's, the curve, the tests.
  const report = page.getByTestId('study-report');
  const t1 = report.getByTestId('study-table1');
  await expect(t1.locator('tbody tr')).toHaveCount(2);
  for (const v of numbers(await t1.locator('tbody td:nth-child(n+3)').allTextContents())) {
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThanOrEqual(1);
  }
  for (const v of numbers(await report.getByTestId('study-table2').locator('tbody td:nth-child(n+3)').allTextContents()))
    expect(Number.isFinite(v)).toBe(true);
  await expect(report.getByTestId('study-paper').locator('caption')).toContainText("the paper's numbers, not measured here");
  await expect(report.getByTestId('study-paper')).toContainText('0.593');
  await expect(report.getByTestId('study-significance').locator('tbody tr')).toHaveCount(5);
  for (const p of numbers(await report.getByTestId('study-significance').locator('tbody td:nth-child(9)').allTextContents())) {
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThanOrEqual(1);
  }
  await expect(report.getByTestId('study-curve-sw-multilingualMap').locator('.recharts-line-curve')).toHaveCount(2);
  await expect(report.getByTestId('study-curve-sw-bias').locator('.recharts-line-curve')).toHaveCount(2);
  await expect(report.getByTestId('study-report-runs').locator('tbody tr')).toHaveCount(4);
  await page.screenshot({ path: `${SCREENSHOTS}/study.png`, fullPage: true });

  // Exports: Markdown, JSON (same numbers as the page), PNG of the curve.
  const md = await download(page, () => report.getByRole('button', { name: 'Export Markdown' }).click());
  expect(md.name).toBe('study-e2e-study-report.md');
  const text = md.bytes.toString('utf8');
  for (const h of [
    '## Table 1 — mAP by setting (cap full)',
    '## Table 2 — language bias',
    '## Low-resource curve',
    '## Significance: hybrid vs monolingual',
    '"lowResourceLangs"',
  ])
    expect(text).toContain(h);
  const js = JSON.parse(
    (await download(page, () => report.getByRole('button', { name: 'Export JSON' }).click())).bytes.toString('utf8'),
  );
  expect(js.study.caps).toEqual([0, 'full']);
  expect(js.runs.map((r: { id: string }) => r.id)).toEqual(RUNS);
  const shown = numbers(await t1.locator('tbody tr').first().locator('td:nth-child(n+3)').allTextContents());
  expect(shown).toEqual(
    [js.table1[0].monolingual.mean, js.table1[0].crosslingual.mean, js.table1[0].multilingual.mean].map((x: number) =>
      Number(x.toFixed(3)),
    ),
  );
  const png = await download(page, () =>
    report.getByRole('button', { name: /^Export sw \(low-resource\): multilingual mAP.* as PNG$/ }).click(),
  );
  expect(png.name).toMatch(/\.png$/);
  expect(png.bytes.subarray(1, 4).toString()).toBe('PNG');

  // A new study starts from this one's config; the finished one stays until a new one is started.
  await page.getByRole('button', { name: 'New study…' }).click();
  await expect(panel.getByRole('form', { name: 'Study config' })).toBeVisible();
  await expect(panel.getByLabel('Study name')).toHaveValue('e2e-study');
  await expect(panel.getByLabel('Cap ladder (distinct training questions)')).toHaveValue('0, full');
  await page.screenshot({ path: 'test-results/study-form.png', fullPage: true });
  await panel.getByRole('button', { name: 'Back to the current study' }).click();
  await expect(report).toBeVisible();

  // They are ordinary runs: in the run list, done, and one click away in Compare.
  await report.getByRole('button', { name: 'Compare these runs' }).click();
  await expect(page.getByRole('tab', { name: 'Compare' })).toHaveAttribute('aria-selected', 'true');
  for (const id of RUNS)
    await expect(page.locator('#panel-compare').getByRole('checkbox', { name: new RegExp(`e2e-study-${id}`) })).toBeChecked();
  await page.getByRole('tab', { name: 'Experiment' }).click();
  const items = page.locator('#panel-experiment').getByTestId('run-list').locator('li[data-run-name^="e2e-study-"]');
  await expect(items).toHaveCount(4);
  for (const s of await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))) expect(s).toBe('done');
});
