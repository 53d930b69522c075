/**
 * The probe set in the browser: a run with probeEvery < evalEvery records probe evaluations; the live chart and
 * Compare draw them as a series of their own (dotted), never joined to the subset line or the final point.
 */
import { expect, test } from '@playwright/test';
import { control, openExperiment, waitForStatus } from './train-helpers';

test('probe evaluations are their own series in the live chart and in Compare', async ({ page }) => {
  await openExperiment(page, { name: 'tiny-probe', steps: 6, evalEvery: 3, probeEvery: 1, probeQueriesPerLang: 2 });
  await control(page, /^Start/).click();
  await waitForStatus(page, 'done');
  const exp = page.locator('#panel-experiment');
  await expect(exp.getByTestId('metric-chart')).toContainText('Dotted: the small probe set');
  // The results table reports the final evaluation, not a probe.
  await expect(exp.getByTestId('run-results')).toContainText('Final evaluation at step 6');

  await page.getByRole('tab', { name: 'Compare' }).click();
  const panel = page.locator('#panel-compare');
  await panel.getByRole('checkbox', { name: /tiny-probe/ }).check();
  await expect(panel.getByTestId('compare-table').locator('tbody tr')).toHaveCount(1);
  const series = JSON.parse((await panel.getByTestId('compare-series').getAttribute('data-series'))!) as Array<{
    set: string;
    joined: boolean;
    probe?: boolean;
    steps: number[];
    setLabel: string;
  }>;
  expect(series.map((s) => [s.set.split(':')[0], s.joined, s.probe ?? false, s.steps])).toEqual([
    ['subset', true, false, [0, 3, 6]],
    ['probe', true, true, [0, 1, 2, 3, 4, 5, 6]],
    ['full', false, false, [6]],
  ]);
  expect(series[1].setLabel).toMatch(/^probe of 18 queries on its own small pool/); // 2 questions × 9 languages
  await expect(panel.getByTestId('compare-chart').locator('path.recharts-line-curve[stroke-dasharray="2 3"]')).toHaveCount(1);
});
