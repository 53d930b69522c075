import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { TABS } from '../../src/ui/store/ui';
import { control, openExperiment, waitForStatus } from './train-helpers';

/** axe-core's WCAG 2.1 A/AA rules and best practices on the current page; returns one line per violating node. */
async function violations(page: Page): Promise<string[]> {
  const res = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return res.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1]?.trim() ?? v.help}`),
  );
}

test('axe-core finds no violation on any tab, with a finished run on screen', async ({ page }) => {
  await openExperiment(page, { name: 'a11y', steps: 2, evalEvery: 1 });
  await control(page, /^Start/).click();
  await waitForStatus(page, 'done');
  const found: string[] = [];
  for (const t of TABS) {
    await page.getByRole('tab', { name: t.label, exact: true }).click();
    await expect(page.locator(`#panel-${t.id}`)).toBeVisible();
    found.push(...(await violations(page)).map((v) => `[${t.id}] ${v}`));
  }
  expect(found).toEqual([]);
});

test('at 800 px every tab is reachable on screen', async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 700 });
  await page.goto('/');
  for (const t of TABS) {
    const tab = page.getByRole('tab', { name: t.label, exact: true });
    await expect(tab).toBeVisible();
    const box = (await tab.boundingBox())!;
    expect(box.x, t.label).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, t.label).toBeLessThanOrEqual(800);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
});
