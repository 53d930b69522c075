import { expect, test } from '@playwright/test';
import { importViaDrop, lareqaFile, openApp } from './helpers';

test('a dropped import survives a reload (dexie) and can be removed', async ({ page }) => {
  await openApp(page);
  const en = lareqaFile([{ id: 'p1', question: 'Where is Lisbon?', answer: 'Lisbon is in Portugal.' }], ['Filler sentence.']);
  const pt = lareqaFile(
    [{ id: 'p1', question: 'Onde fica Lisboa?', answer: 'Lisboa fica em Portugal.' }],
    ['Frase de enchimento.'],
  );
  await importViaDrop(page, [
    { name: 'en.json', text: en },
    { name: 'pt.json', text: pt },
  ]);
  const card = page.locator('[data-testid^="dataset-import:"]');
  await expect(card).toHaveCount(1);
  await expect(card.locator('tbody tr')).toHaveCount(2);

  await page.reload();
  await expect(page.getByTestId('dataset-demo:eval')).toBeVisible();
  await expect(card).toHaveCount(1);
  await expect(card.locator('tbody tr[data-lang="pt"] td').first()).toHaveText('1');

  await card.getByRole('button', { name: 'Remove' }).click();
  await expect(card).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('dataset-demo:eval')).toBeVisible();
  await expect(card).toHaveCount(0);
});
