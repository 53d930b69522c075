import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { TABS } from '../../src/ui/store/ui';

/** A sample of the registry (ui/actions.ts) from every group: the overlay lists each with its key. */
const LISTED: Array<[string, string]> = [
  ['tab.data', '1'],
  ['tab.models', '7'],
  ['toggle', 'Space'],
  ['stop', 'Esc'],
  ['evalBase', 'B'],
  ['eval.run', 'E'],
  ['sweep', 'button only'],
  ['study.cancel', 'button only'],
  ['base.cancelBuild', 'button only'],
  ['tour', 'T'],
  ['help', '?'],
];

test('? opens the shortcuts overlay listing every action; a digit switches tabs; Escape closes it', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('tab', { name: 'Experiment' })).toHaveAttribute('aria-selected', 'true');

  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  // One row per tab and the run controls, each with its key.
  await expect(help.locator('tr[data-action^="tab."]')).toHaveCount(TABS.length);
  for (const [id, key] of LISTED) await expect(help.locator(`tr[data-action="${id}"] td`).last()).toHaveText(key);
  const found = await new AxeBuilder({ page })
    .include('[data-testid="shortcuts"]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  expect(found.violations.map((v) => v.id)).toEqual([]);
  // The dialog is modal: a tab shortcut pressed inside it does nothing.
  await page.keyboard.press('7');
  await expect(page.getByRole('tab', { name: 'Experiment' })).toHaveAttribute('aria-selected', 'true');

  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  // Escape closed the overlay and did nothing else (no run to stop, no tab change).
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'none');

  await page.keyboard.press('7');
  await expect(page.getByRole('tab', { name: 'Models' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('2');
  await expect(page.getByRole('tab', { name: 'Evaluation' })).toHaveAttribute('aria-selected', 'true');

  // The visible button opens it too, and focus comes back to the button after Escape.
  const button = page.getByRole('button', { name: 'Keyboard shortcuts' });
  await button.click();
  await expect(help).toBeVisible();
  await expect(help.getByRole('button', { name: 'Close' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await expect(button).toBeFocused();
});
