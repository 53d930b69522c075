import { expect, test } from '@playwright/test';
import { SCREENSHOTS, importViaPicker, lareqaFile, openApp } from './helpers';

const SCRIPT = '<script>window.__xss=1</script>';
const IMG = '<img src=x onerror="window.__xss=2">';

test('dataset text with HTML is rendered as text, never executed', async ({ page }) => {
  await openApp(page);
  const text = lareqaFile([
    { id: 'x1', question: `What is ${SCRIPT}?`, answer: `It is ${IMG} here.` },
    { id: 'x2', question: `Where is ${IMG}?`, answer: `Over ${SCRIPT} there.` },
  ]);
  await importViaPicker(page, [{ name: 'fr.json', text }]);
  const card = page.locator('[data-testid^="dataset-import:"]');
  await expect(card).toHaveCount(1);

  const preview = page.getByTestId('preview');
  await expect(preview).toContainText(SCRIPT);
  await expect(preview).toContainText(IMG);
  await expect(preview.locator('script, img')).toHaveCount(0);
  // An injected <img onerror> would fire once its load fails: wait for a broken image of our own to fail first.
  await page.evaluate(
    () =>
      new Promise<void>((done) => {
        const img = new Image();
        img.onerror = () => done();
        img.src = 'x';
      }),
  );
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

  // The evaluation path also handles it (queries/candidates reach the worker as data only).
  await page.getByRole('tab', { name: 'Evaluation' }).click();
  const id = (await card.getAttribute('data-testid'))!.replace(/^dataset-/, '');
  await page.locator('#panel-evaluation').getByLabel('Dataset').selectOption(id);
  await page.getByRole('button', { name: 'Run evaluation' }).click();
  await expect(page.getByTestId('results-table')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await page.getByRole('tab', { name: 'Data' }).click();
  await page.screenshot({ path: `${SCREENSHOTS}/xss-as-text.png`, fullPage: true });
});
