/**
 * The frozen ONNX runtime in the Models tab end to end: ../shared/fixtures/tiny-bert served in the Hub URL
 * layout by a local server (tests/helpers/hub-server.ts), loaded with the runtime "ONNX (frozen,
 * transformers.js)" — the Hub loader fetches onnx/model.onnx instead of the safetensors — and from the folder
 * picker; ONNX Runtime Web's WASM comes from the app's /ort-wasm/ (no CDN request is made). Zero-shot
 * evaluation on the demo's eval split (3 queries per language) gives finite metrics; fine-tuning and export
 * are disabled with an explanation; the ONNX embeddings agree with the tfjs encoder's (safetensors of the same
 * fixture, both in the page) within 1e-4. After a reload every model is listed again from IndexedDB and still
 * evaluates and embeds (same vectors, no request to the Hub); Remove deletes it from storage.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startHubServer, type HubServer } from '../helpers/hub-server';
import { sharedPath } from '../helpers/shared';
import { backendInfo, openApp } from './helpers';

const FIXTURE = sharedPath('fixtures', 'tiny-bert');
const ID = 'hbw-test/tiny-bert';
const ONNX_FILES = ['config.json', 'onnx/model.onnx', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt'];
const TEXTS = [
  'What is the capital of the country?',
  'Die Stadt wurde von dem König gebaut.',
  'Paris is the capital of the country.',
  '北京是中国的首都',
];

let hub: HubServer;
test.beforeAll(async () => {
  hub = await startHubServer({ [ID]: FIXTURE });
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

async function embed(page: Page, key: string): Promise<number[]> {
  const r = await request<{ dim: number; data: Record<string, number> }>(page, {
    type: 'modelEmbed',
    key,
    texts: TEXTS,
    role: 'query',
  });
  return Array.from({ length: TEXTS.length * r.dim }, (_, i) => r.data[i]);
}

const maxAbsDiff = (a: number[], b: number[]) => {
  expect(a.length).toBe(b.length);
  return a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
};

async function openModels(page: Page): Promise<Locator> {
  await backendInfo(page);
  await page.getByRole('tab', { name: 'Models' }).click();
  return page.locator('#panel-models');
}

/** Evaluate the selected model on the demo eval split (3 queries per language); every metric cell is a finite number. */
async function evaluateFinite(panel: Locator, key: string, device: string): Promise<void> {
  await panel.getByLabel('Evaluation data').selectOption('demo:eval');
  await panel.getByLabel('Max queries per language (0 = all)').fill('3');
  await panel.getByRole('button', { name: 'Evaluate' }).click();
  const ev = panel.getByTestId('model-eval');
  await expect(ev).toHaveAttribute('data-key', key, { timeout: 120_000 });
  await expect(panel.getByTestId('model-eval-runtime')).toHaveText(`zero-shot, embedded with ONNX (frozen) on ${device}`);
  const table = ev.getByTestId('results-table');
  for (const setting of ['monolingual', 'crosslingual', 'multilingual'])
    await expect(table.locator('td', { hasText: setting }).first()).toBeVisible();
  const cells = await table.locator('td.num').allTextContents();
  expect(cells.length).toBeGreaterThan(20);
  for (const c of cells) expect(c, `metric cell "${c}"`).toMatch(/^\d+(\.\d+)?$/);
  const map = await table.locator('tr.row-total').first().locator('td.num').nth(1).textContent();
  expect(Number(map)).toBeGreaterThan(0);
}

test('ONNX runtime: Hub + folder load, zero-shot evaluation, parity with tfjs, frozen, persisted across a reload', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const urls: string[] = [];
  page.context().on('request', (r) => urls.push(r.url()));
  await openApp(page);
  const panel = await openModels(page);

  // Hub loader, ONNX runtime: size first (onnx/model.onnx instead of the safetensors), then the download.
  await panel.getByLabel('Runtime').selectOption('onnx');
  await expect(panel.getByLabel('ONNX device')).toHaveValue('auto');
  await panel.getByLabel('Model id').fill(ID);
  await panel.getByLabel('Base URL').fill(hub.url);
  await panel.getByRole('button', { name: 'Check size' }).click();
  const size = panel.getByTestId('hub-size');
  await expect(size).toHaveAttribute(
    'data-bytes',
    String(ONNX_FILES.reduce((s, f) => s + readFileSync(join(FIXTURE, f)).byteLength, 0)),
  );
  await expect(size).toContainText('5 files');
  await expect(size).toContainText('onnx/model.onnx');
  await expect(size).not.toContainText('model.safetensors');
  hub.requests.length = 0;
  await panel.getByRole('button', { name: 'Download and load' }).click();
  const onnx = panel.getByTestId('model-list').locator(`li[data-name="${ID}"][data-runtime="onnx"]`);
  await expect(onnx).toHaveAttribute('data-device', /^(wasm|webgpu)$/, { timeout: 120_000 });
  expect(
    hub.requests
      .filter((r) => r.method === 'GET' && r.file !== 'api/tree')
      .map((r) => r.file)
      .sort(),
  ).toEqual(ONNX_FILES);
  await expect(onnx).toHaveAttribute('data-saved', 'true');
  await expect(onnx).toContainText('hub · bert, 2 layers, hidden 32, vocab 224');
  const device = (await onnx.getAttribute('data-device'))!;
  const onnxKey = (await onnx.getAttribute('data-key'))!;
  const why = await onnx.getByTestId('model-runtime').textContent();
  test.info().annotations.push({ type: 'onnx device', description: why ?? '' });
  console.log(`[onnx] ${why}`);

  // Frozen: fine-tuning and export are off, and the panel says why.
  await expect(panel.getByTestId('model-actions')).toHaveAttribute('data-key', onnxKey);
  await expect(panel.getByTestId('frozen-note')).toContainText('no gradients, so fine-tuning and export are off');
  await expect(panel.getByRole('button', { name: 'Fine-tune', exact: true })).toBeDisabled();
  await expect(panel.getByRole('button', { name: 'Export sentence-transformers zip' })).toBeDisabled();
  await expect(
    request(page, {
      type: 'modelFinetune',
      key: onnxKey,
      params: {
        trainId: 'demo:train',
        evalId: 'demo:eval',
        steps: 1,
        batchSize: 2,
        alpha: 0.5,
        lr: 1e-3,
        maxLength: 16,
        trainable: 'all',
      },
    }),
  ).rejects.toThrow(/frozen.*fine-tuning needs the tfjs runtime/);

  await evaluateFinite(panel, onnxKey, device);

  // The tfjs encoder of the same fixture (safetensors), in the same page: embeddings within 1e-4.
  await panel.getByLabel('Runtime').selectOption('tfjs');
  await panel.getByRole('button', { name: 'Download and load' }).click();
  const tfjs = panel.getByTestId('model-list').locator(`li[data-name="${ID}"][data-runtime="tfjs"]`);
  await expect(tfjs).toHaveAttribute('data-saved', 'true');
  const tfjsKey = (await tfjs.getAttribute('data-key'))!;
  const [a, b] = [await embed(page, onnxKey), await embed(page, tfjsKey)];
  const worst = maxAbsDiff(a, b);
  expect(a.every(Number.isFinite)).toBe(true);
  test.info().annotations.push({ type: 'parity', description: `ONNX (${device}) vs tfjs: max |Δ| ${worst.toExponential(2)}` });
  console.log(`[onnx] ONNX (${device}) vs tfjs embeddings, max |Δ| ${worst.toExponential(2)}`);
  expect(worst).toBeLessThan(1e-4);
  // The same check through the panel's Compare (dataset texts).
  await onnx.getByRole('button', { name: 'Select' }).click();
  await panel.getByLabel('Compare embeddings with').selectOption(tfjsKey);
  await panel.getByRole('button', { name: 'Compare' }).click();
  await expect(panel.getByTestId('embedding-diff')).toBeVisible();
  expect(Number(await panel.getByTestId('embedding-diff').getAttribute('data-max-abs-diff'))).toBeLessThan(1e-4);

  // Folder picker, ONNX runtime: the same onnx/model.onnx gives the same vectors.
  await panel.getByLabel('Runtime').selectOption('onnx');
  await panel.getByTestId('model-folder-input').setInputFiles(FIXTURE);
  const folder = panel.getByTestId('model-list').locator('li[data-name="tiny-bert"][data-runtime="onnx"]');
  await expect(folder).toContainText('folder · bert');
  await expect(folder).toHaveAttribute('data-saved', 'true');
  const folderKey = (await folder.getAttribute('data-key'))!;
  expect(maxAbsDiff(await embed(page, folderKey), a)).toBe(0);

  // ONNX Runtime's WASM came from this app, never a CDN.
  expect(urls.filter((u) => /jsdelivr|unpkg|cdnjs|huggingface\.co/.test(u))).toEqual([]);
  expect(
    urls.filter((u) => /\/ort-wasm\/ort-wasm-simd-threaded[\w.]*\.wasm$/.test(u)).length,
    urls.filter((u) => /ort/.test(u)).join('\n'),
  ).toBeGreaterThan(0);

  // Reload: the three models are listed again from IndexedDB and still work, without the Hub.
  hub.requests.length = 0;
  await page.reload();
  // The reload keeps the Models tab open (the view survives a reload); the Data panel stays mounted behind it.
  await expect(page.getByTestId('dataset-demo:eval')).toBeAttached();
  const again = await openModels(page);
  const list = again.getByTestId('model-list');
  await expect(list.locator('li')).toHaveCount(3);
  for (const k of [onnxKey, tfjsKey, folderKey])
    await expect(list.locator(`li[data-key="${k}"]`)).toHaveAttribute('data-saved', 'true');
  // Its ONNX session starts on first use: until then the list does not claim a device.
  await expect(list.locator(`li[data-key="${onnxKey}"]`).getByTestId('model-runtime')).toContainText(
    'ONNX (frozen) on auto (starts on first use)',
  );
  await list.locator(`li[data-key="${onnxKey}"]`).getByRole('button', { name: 'Select' }).click();
  await evaluateFinite(again, onnxKey, device);
  expect(maxAbsDiff(await embed(page, onnxKey), a)).toBe(0);
  expect(maxAbsDiff(await embed(page, tfjsKey), b)).toBe(0);
  expect(hub.requests).toEqual([]);

  // Remove deletes it from storage: gone after another reload, the others stay.
  await list.locator(`li[data-key="${folderKey}"]`).getByRole('button', { name: 'Remove' }).click();
  await expect(list.locator('li')).toHaveCount(2);
  await page.reload();
  // The reload keeps the Models tab open (the view survives a reload); the Data panel stays mounted behind it.
  await expect(page.getByTestId('dataset-demo:eval')).toBeAttached();
  const last = (await openModels(page)).getByTestId('model-list');
  await expect(last.locator('li')).toHaveCount(2);
  await expect(last.locator(`li[data-key="${folderKey}"]`)).toHaveCount(0);
});
