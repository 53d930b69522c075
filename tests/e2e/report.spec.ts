import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { control, openExperiment, waitForStatus } from './train-helpers';

test('the Report button downloads one HTML file that, opened from file:// with the network blocked, shows every number of the results table', async ({
  page,
  context,
}) => {
  await openExperiment(page, { name: 'report-e2e' });
  await control(page, /^Start/).click();
  await waitForStatus(page, 'done');
  const panel = page.locator('#panel-experiment');
  const appHead = await panel.getByTestId('results-table').locator('thead th').allTextContents();
  const appCells = await panel
    .getByTestId('results-table')
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td,th'), (c) => c.textContent!.trim())));
  expect(appCells.length).toBeGreaterThan(3);

  const item = panel.getByTestId('run-list').locator('li').first();
  const [download] = await Promise.all([page.waitForEvent('download'), item.getByTestId('report-button').click()]);
  expect(download.suggestedFilename()).toBe('report-e2e-report.html');
  const path = test.info().outputPath('report.html');
  await download.saveAs(path);
  const html = readFileSync(path, 'utf8');
  expect(html).not.toMatch(/<script/i);

  const report = await context.newPage();
  const external: string[] = [];
  await report.route('**/*', (route) => {
    if (route.request().url().startsWith('file:')) return route.continue();
    external.push(route.request().url());
    return route.abort();
  });
  await report.goto(`file://${path}`);
  await expect(report.getByRole('heading', { level: 1 })).toContainText('report-e2e');
  const reportHead = await report.locator('[data-table="results-full"] thead th').allTextContents();
  const reportRows = await report
    .locator('[data-table="results-full"] tbody tr')
    .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td'), (c) => c.textContent!.trim())));
  // Same rows as the app's table (setting, language, queries, metrics); the app shows 3 decimals, the report 4.
  expect(reportRows.map((r) => r.slice(0, 3))).toEqual(appCells.map((r) => r.slice(0, 3)));
  for (const [i, row] of appCells.entries()) {
    for (let k = 3; k < row.length; k++) {
      const col = reportHead.indexOf(appHead[k]);
      expect(col, appHead[k]).toBeGreaterThan(2);
      expect(Math.abs(Number(reportRows[i][col]) - Number(row[k])), `${row[0]} ${row[1]} ${appHead[k]}`).toBeLessThanOrEqual(
        0.00055,
      );
    }
  }
  expect(external).toEqual([]);
});
