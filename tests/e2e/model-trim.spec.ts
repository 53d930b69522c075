/**
 * Models tab → "Trim vocabulary" (issue 17 item 4) on ../shared/fixtures/tiny-xlmr loaded through the Hub code
 * path from a local server: trimmed to a small imported dataset in the worker, listed as a new model with its
 * parameter counts before and after (also after a reload, from IndexedDB), and its embeddings of every text of
 * that dataset equal the original model's, computed in the page by the worker.
 */
import { expect, test, type Page } from '@playwright/test';
import { startHubServer, type HubServer } from '../helpers/hub-server';
import { sharedPath } from '../helpers/shared';
import { backendInfo, importViaPicker, lareqaFile, openApp } from './helpers';
import { selectBackend } from './train-helpers';

const ID = 'hbw-test/tiny-xlmr';
const HIDDEN = 32;

let hub: HubServer;
test.beforeAll(async () => {
  hub = await startHubServer({ [ID]: sharedPath('fixtures', 'tiny-xlmr') });
});
test.afterAll(async () => {
  await hub?.close();
});

function request<T>(page: Page, req: Record<string, unknown>): Promise<T> {
  return page.evaluate(
    (r) => (globalThis as unknown as { hbwModels: { request(x: unknown): Promise<unknown> } }).hbwModels.request(r),
    req,
  ) as Promise<T>;
}

const QA = [
  [
    'What is the capital of the country?',
    'Paris is the capital of the country.',
    'Was ist die Hauptstadt des Landes?',
    'Paris ist die Hauptstadt des Landes.',
  ],
  [
    'Which river is the longest?',
    'The Nile is the longest river.',
    'Welcher Fluss ist der längste?',
    'Der Nil ist der längste Fluss.',
  ],
  [
    'Where do the students live?',
    'The students live in the city.',
    'Wo wohnen die Studenten?',
    'Die Studenten wohnen in der Stadt.',
  ],
];
const FILES = [
  { name: 'en.json', text: lareqaFile(QA.map(([q, a], i) => ({ id: `q${i}`, question: q, answer: a }))) },
  { name: 'de.json', text: lareqaFile(QA.map(([, , q, a], i) => ({ id: `q${i}`, question: q, answer: a }))) },
];
const TEXTS = QA.flat();

test('trim tiny-xlmr to an imported dataset: fewer rows, counts shown, identical embeddings of its texts', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page);
  await importViaPicker(page, FILES);
  await expect(page.locator('[data-testid^="dataset-import:"]')).toBeVisible();
  await backendInfo(page);
  expect(await selectBackend(page, 'wasm')).toBe('wasm');
  await page.getByRole('tab', { name: 'Models' }).click();
  const panel = page.locator('#panel-models');
  await panel.getByLabel('Model id').fill(ID);
  await panel.getByLabel('Base URL').fill(hub.url);
  await panel.getByRole('button', { name: 'Download and load' }).click();
  const base = panel.getByTestId('model-list').locator(`li[data-name="${ID}"]`);
  await expect(base).toContainText('vocab 224');
  const baseKey = (await base.getAttribute('data-key'))!;

  // Choose the imported dataset (its checkbox is labelled as in the dataset selects) and trim.
  const dsLabel = (await panel.getByLabel('Evaluation data').locator('option[value^="import:"]').textContent())!;
  const trim = panel.getByTestId('model-trim');
  await trim.getByRole('checkbox', { name: dsLabel }).check();
  await trim.getByRole('button', { name: 'Trim vocabulary' }).click();
  const result = panel.getByTestId('trim-result');
  await expect(result).toBeVisible({ timeout: 120_000 });
  const [rowsBefore, rowsAfter, before, after] = await Promise.all(
    ['data-rows-before', 'data-rows-after', 'data-before', 'data-after'].map(async (a) => Number(await result.getAttribute(a))),
  );
  expect(rowsBefore).toBe(224);
  expect(rowsAfter).toBeGreaterThan(5);
  expect(rowsAfter).toBeLessThan(rowsBefore);
  expect(before - after).toBe((rowsBefore - rowsAfter) * HIDDEN); // only word-embedding rows go
  await expect(result).toContainText(`${before.toLocaleString('en-US')} → ${after.toLocaleString('en-US')} parameters`);

  const trimmed = panel.getByTestId('model-list').locator(`li[data-name="${ID}-trim${rowsAfter}"]`);
  await expect(trimmed).toContainText(`trim · xlm-roberta, 2 layers, hidden 32, vocab ${rowsAfter}`);
  await expect(trimmed).toContainText(`lineage: ${ID} → trim-vocab: `);
  await expect(trimmed.getByTestId('model-trim-counts')).toContainText(`${rowsBefore} → ${rowsAfter} rows`);
  const trimmedKey = (await trimmed.getAttribute('data-key'))!;

  // Every text of the dataset embeds as before (same backend, same rows: identical).
  const a = await request<{ dim: number; data: Record<string, number> }>(page, {
    type: 'modelEmbed',
    key: baseKey,
    texts: TEXTS,
  });
  const b = await request<{ dim: number; data: Record<string, number> }>(page, {
    type: 'modelEmbed',
    key: trimmedKey,
    texts: TEXTS,
  });
  expect(b.dim).toBe(a.dim);
  const n = TEXTS.length * a.dim;
  let maxDiff = 0;
  for (let i = 0; i < n; i++) maxDiff = Math.max(maxDiff, Math.abs(a.data[i] - b.data[i]));
  expect(Object.keys(b.data)).toHaveLength(n);
  expect(maxDiff).toBeLessThanOrEqual(1e-6);

  // Saved in IndexedDB: listed again after a reload, counts included.
  await page.reload();
  await page.getByRole('tab', { name: 'Models' }).click();
  await expect(
    panel.getByTestId('model-list').locator(`li[data-key="${trimmedKey}"]`).getByTestId('model-trim-counts'),
  ).toContainText(`${before.toLocaleString('en-US')} → ${after.toLocaleString('en-US')} parameters`);
});
