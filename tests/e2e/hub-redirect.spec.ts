/**
 * The Hub as it behaves, in Chromium with the page on another origin: tests/helpers/hub-server.ts with
 * `storage: true` answers `resolve` URLs of the weights with a 302 to a second origin (another port) that
 * refuses every CORS preflight and exposes no extra headers. The Models panel sizes the model from the
 * listing API and downloads it with plain GETs; a transfer cut half-way restarts from byte 0 (the storage
 * host's Accept-Ranges is not readable cross-origin, so no Range is tried) and the model loads. No request
 * ever needs a preflight on the storage host.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startHubServer, type HubServer } from '../helpers/hub-server';
import { sharedPath } from '../helpers/shared';
import { openApp } from './helpers';

const FIXTURE = sharedPath('fixtures', 'tiny-bert');
const ID = 'hbw-test/tiny-bert-redirect';
const HF_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'model.safetensors'];

let hub: HubServer;
test.beforeAll(async () => {
  hub = await startHubServer({ [ID]: FIXTURE }, { storage: true, storageRanges: 'yes' });
});
test.afterAll(async () => {
  await hub?.close();
});

test('Hub download through a redirect to a storage origin that refuses preflights, cut once and restarted', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page);
  await page.getByRole('tab', { name: 'Models' }).click();
  const panel = page.locator('#panel-models');
  await panel.getByLabel('Model id').fill(ID);
  await panel.getByLabel('Base URL').fill(hub.url);
  await panel.getByRole('button', { name: 'Check size' }).click();
  const expected = HF_FILES.reduce((s, f) => s + readFileSync(join(FIXTURE, f)).byteLength, 0);
  await expect(panel.getByTestId('hub-size')).toHaveAttribute('data-bytes', String(expected));

  hub.requests.length = 0;
  hub.breakOnce('model.safetensors', 40_000);
  await panel.getByRole('button', { name: 'Download and load' }).click();
  const item = panel.getByTestId('model-list').locator(`li[data-name="${ID}"]`).first();
  await expect(item).toBeVisible({ timeout: 120_000 });
  await expect(item).toContainText('hub · bert, 2 layers, hidden 32, vocab 224');

  const storage = hub.requests.filter((r) => r.host === 'storage');
  expect(storage.map((r) => [r.method, r.file, r.range ?? null, r.status])).toEqual([
    ['GET', 'model.safetensors', null, 200],
    ['GET', 'model.safetensors', null, 200],
  ]);
  expect(hub.requests.filter((r) => r.file === 'model.safetensors' && r.host === 'main').map((r) => r.status)).toEqual([
    302, 302,
  ]);
  expect(hub.requests.every((r) => r.extraHeaders.length === 0)).toBe(true);
});
