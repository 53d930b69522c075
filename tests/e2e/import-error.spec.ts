import { expect, test } from '@playwright/test';
import { SCREENSHOTS, importViaPicker, lareqaFile, openApp } from './helpers';

test('a truncated de.json shows a clear error naming the file and keeps the demo', async ({ page }) => {
  await openApp(page);
  const full = lareqaFile([{ id: 'q1', question: 'Wo liegt Berlin?', answer: 'Berlin liegt in Deutschland.' }]);
  await importViaPicker(page, [{ name: 'de.json', text: full.slice(0, Math.floor(full.length / 2)) }]);

  const alert = page.getByTestId('import-error');
  await expect(alert).toHaveAttribute('role', 'alert');
  await expect(alert).toContainText('de.json');
  await expect(alert).toContainText(/invalid JSON|truncated/i);
  await expect(alert).toContainText('Fix:');

  await expect(page.getByTestId('dataset-demo:train')).toBeVisible();
  await expect(page.getByTestId('dataset-demo:eval')).toBeVisible();
  await expect(page.locator('[data-testid^="dataset-import:"]')).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}/import-error.png`, fullPage: true });
});
