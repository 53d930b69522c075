import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { SCREENSHOTS, openApp } from './helpers';

test('BM25 evaluation on the demo eval split shows the results table and chart', async ({ page }) => {
  await openApp(page);
  await page.getByRole('tab', { name: 'Evaluation' }).click();
  const panel = page.locator('#panel-evaluation');
  await expect(panel.getByLabel('Dataset')).toHaveValue('demo:eval');
  await panel.getByLabel('Max queries per language').fill('5');
  await panel.getByRole('button', { name: 'Run evaluation' }).click();

  const table = page.getByTestId('results-table');
  await expect(table).toBeVisible();
  for (const s of ['monolingual', 'crosslingual', 'multilingual'])
    await expect(table.getByRole('cell', { name: s }).first()).toBeVisible();
  // Every query language has a row, with mAP in [0, 1].
  const maps = await table.locator('tbody tr td:nth-child(4)').allTextContents();
  expect(maps.length).toBeGreaterThan(3);
  for (const m of maps) {
    expect(Number(m)).toBeGreaterThanOrEqual(0);
    expect(Number(m)).toBeLessThanOrEqual(1);
  }
  // At most 5 queries per language; cross-lingually each query is scored once per other pool language.
  const langs = await page.getByTestId('dataset-demo:eval').locator('tbody tr').count();
  for (const row of await table.locator('tbody tr:not(.row-total)').all()) {
    const [setting, , q] = await row.locator('td, th').allTextContents();
    expect(Number(q)).toBeGreaterThan(0);
    expect(Number(q)).toBeLessThanOrEqual(setting === 'crosslingual' ? 5 * (langs - 1) : 5);
  }

  await expect(page.getByTestId('map-chart').locator('.chart-bar').first()).toBeVisible();
  await expect(page.getByTestId('bias-table')).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.csv$/);
  await page.screenshot({ path: `${SCREENSHOTS}/evaluation.png`, fullPage: true });
});

test('the Evaluation tab evaluates every query by default and takes any known model as retriever (the shipped base)', async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole('tab', { name: 'Evaluation' }).click();
  const panel = page.locator('#panel-evaluation');
  await expect(panel.getByLabel('Max queries per language')).toHaveValue('');
  await expect(panel.getByLabel('Retriever').locator('option[value="shipped:demo-base"]')).toHaveCount(1);
  await panel.getByLabel('Retriever').selectOption('shipped:demo-base');
  await panel.getByLabel('Max queries per language').fill('5');
  await panel.getByRole('button', { name: 'Run evaluation' }).click();
  await expect(panel.getByTestId('results')).toContainText('dense (shipped:demo-base)', { timeout: 170_000 });
  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    panel
      .getByTestId('map-chart')
      .getByRole('button', { name: /as SVG$/ })
      .click(),
  ]);
  expect(svg.suggestedFilename()).toMatch(/\.svg$/);
  // The whole drawing, not only a legend: axes with the languages, one bar per language and setting, a legible size.
  const text = readFileSync((await svg.path())!, 'utf8');
  expect(Number(/<svg[^>]*\swidth="(\d+)"/.exec(text)?.[1])).toBeGreaterThanOrEqual(300);
  expect(text).toMatch(/class="chart-axis-tick"/);
  const langs = await panel.getByTestId('results').locator('[data-testid="map-chart"] .chart-axis-tick text').allTextContents();
  expect((text.match(/class="chart-bar"/g) ?? []).length).toBeGreaterThanOrEqual(langs.length);
});
