import { expect, test } from '@playwright/test';
import { SCREENSHOTS, backendInfo, openApp } from './helpers';

test('demo loads with per-language counts and a tfjs backend is selected', async ({ page }) => {
  await openApp(page);
  for (const split of ['train', 'eval']) {
    const card = page.getByTestId(`dataset-demo:${split}`);
    const rows = card.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    for (const row of await rows.all()) {
      const [q, c] = await row.locator('td.num').allTextContents();
      expect(Number(c), `candidates in ${split}`).toBeGreaterThan(0);
      expect(Number(q), `queries in ${split}`).toBeGreaterThan(0);
    }
  }
  // Zero-shot languages of the demo appear in eval only.
  await expect(page.getByTestId('dataset-demo:eval').getByText('zero-shot').first()).toBeVisible();

  const b = await backendInfo(page);
  console.log(`backend selected: ${b.name} (self-test ${b.ms.toFixed(2)} ms)\n${b.title}`);
  test
    .info()
    .annotations.push({ type: 'backend', description: `${b.name} ${b.ms.toFixed(2)} ms; ${b.title.replace(/\n/g, '; ')}` });
  expect(['webgpu', 'wasm', 'webgl', 'cpu']).toContain(b.name);
  expect(b.ms).toBeGreaterThan(0);
  await expect(page.getByTestId('preview')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/data.png`, fullPage: true });
});
