import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { control, openExperiment, waitForStatus } from './train-helpers';

/** PNG width and height from its IHDR chunk (bytes 16–23). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function exportBoth(page: Page, chart: Locator): Promise<{ svg: string; png: Buffer }> {
  const [svgDl] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: /as SVG$/ }).click()]);
  const [pngDl] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: /as PNG$/ }).click()]);
  return { svg: readFileSync((await svgDl.path())!, 'utf8'), png: readFileSync((await pngDl.path())!) };
}

/** What every exported chart must hold: the whole drawing at a legible size, not a 14-px legend swatch. */
function checkExport(what: string, { svg, png }: { svg: string; png: Buffer }, expectAxes: boolean): void {
  const width = Number(/<svg[^>]*\swidth="(\d+)"/.exec(svg)?.[1]);
  const height = Number(/<svg[^>]*\sheight="(\d+)"/.exec(svg)?.[1]);
  expect(width, `${what}: SVG width`).toBeGreaterThanOrEqual(300);
  expect(height, `${what}: SVG height`).toBeGreaterThanOrEqual(150);
  if (expectAxes) {
    // recharts' class names (Compare, Embedding map) or LineSvg's (the live run's line charts)
    expect(svg, `${what}: axes`).toMatch(/recharts-cartesian-axis-tick|chart-axis-tick/);
    expect(svg, `${what}: series`).toMatch(/recharts-(line-curve|scatter-symbol|bar-rectangle)|chart-(line|point)\b/);
  } else {
    expect((svg.match(/<rect/g) ?? []).length, `${what}: cells`).toBeGreaterThan(4);
  }
  const size = pngSize(png);
  expect(size.width, `${what}: PNG width (2× scale)`).toBe(2 * width);
  expect(size.height, `${what}: PNG height`).toBe(2 * height);
  expect(png.length, `${what}: PNG bytes`).toBeGreaterThan(5000);
}

test('every chart exports its whole drawing (axes, series, legible size) as SVG and PNG', async ({ page }) => {
  await openExperiment(page, { name: 'export', steps: 4, evalEvery: 2 });
  await control(page, /^Start/).click();
  await waitForStatus(page, 'done');
  const live = page.locator('#panel-experiment').getByTestId('live-charts');
  for (const id of ['loss-chart', 'metric-chart', 'bias-chart'])
    checkExport(id, await exportBoth(page, live.getByTestId(id)), true);
  for (const id of ['composition-chart', 'crossmap-chart']) checkExport(id, await exportBoth(page, live.getByTestId(id)), false);

  await page.getByRole('tab', { name: 'Compare' }).click();
  const compare = page.locator('#panel-compare');
  const box = compare.getByRole('checkbox').first();
  if (!(await box.isChecked())) await box.check();
  checkExport('compare-chart', await exportBoth(page, compare.getByTestId('compare-chart')), true);

  await page.getByRole('tab', { name: 'Embedding map' }).click();
  checkExport('embedding-map', await exportBoth(page, page.locator('#panel-embedding').getByTestId('embedding-map')), true);
});
