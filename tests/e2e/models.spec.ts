/**
 * Models panel end to end: ../shared/fixtures/tiny-bert served in the Hub URL layout by a local server
 * (tests/helpers/hub-server.ts, 127.0.0.1, another origin: CORS + Range), loaded through the Hub code path
 * with its size shown first, fine-tuned 2 steps on WebGPU (WASM when this Chromium has no usable WebGPU —
 * annotated), exported as a sentence-transformers zip (download), re-imported, embeddings compared — in the
 * page (same backend: identical) and against Node (tfjs WASM on the unzipped files: within 1e-4).
 * Plus forward parity on the WebGPU backend: last_hidden_state and mean pooling of tiny-bert within 1e-4 of
 * PyTorch's reference.json, computed by the core encoder in the worker.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createEncoder } from '../../src/core/model/checkpoint';
import { embedTexts } from '../../src/core/model/encoder';
import { readZip } from '../../src/core/util/zip';
import { startHubServer, type HubServer } from '../helpers/hub-server';
import { sharedPath } from '../helpers/shared';
import { backendInfo, importViaPicker, lareqaFile, openApp } from './helpers';
import { selectBackend } from './train-helpers';

const FIXTURE = sharedPath('fixtures', 'tiny-bert');
const ID = 'hbw-test/tiny-bert';
const HF_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'model.safetensors'];
interface Reference {
  texts: string[];
  input_ids: number[][];
  last_hidden_state: number[][][];
  mean_pooled: number[][];
}

let hub: HubServer;
test.beforeAll(async () => {
  hub = await startHubServer({ [ID]: FIXTURE });
});
test.afterAll(async () => {
  await hub?.close();
});

/** The worker request API exposed by the Models panel (window.hbwModels). */
function request<T>(page: Page, req: Record<string, unknown>): Promise<T> {
  return page.evaluate(
    (r) => (globalThis as unknown as { hbwModels: { request(x: unknown): Promise<unknown> } }).hbwModels.request(r),
    req,
  ) as Promise<T>;
}

async function useWebGpuOrWasm(page: Page): Promise<string> {
  await backendInfo(page);
  const active = await selectBackend(page, 'webgpu');
  const tried = (await page.getByTestId('backend-badge').getAttribute('title')) ?? '';
  test.info().annotations.push({ type: 'webgpu', description: `selected: ${active}; ${tried.replace(/\n/g, '; ')}` });
  if (active === 'webgpu') return active;
  expect(await selectBackend(page, 'wasm')).toBe('wasm');
  return 'wasm';
}

/**
 * A small eval set (2 languages × 6 questions): the fine-tune's final evaluation embeds every candidate, and
 * SwiftShader's software WebGPU embeds only ~8 texts/s (the demo eval split has ~3,100 texts).
 */
const QA = [
  [
    'What is the capital of the country?',
    'Paris is the capital of the country.',
    'Was ist die Hauptstadt des Landes?',
    'Paris ist die Hauptstadt des Landes.',
  ],
  ['Who built the city?', 'The king built the city.', 'Wer hat die Stadt gebaut?', 'Der König hat die Stadt gebaut.'],
  [
    'Which river is the longest?',
    'The Nile is the longest river.',
    'Welcher Fluss ist der längste?',
    'Der Nil ist der längste Fluss.',
  ],
  [
    'Where did the team play?',
    'The team played in the school.',
    'Wo hat das Team gespielt?',
    'Das Team hat in der Schule gespielt.',
  ],
  ['What was popular?', 'The book about music was popular.', 'Was war beliebt?', 'Das Buch über Musik war beliebt.'],
  [
    'Where do the students live?',
    'The students live in the city.',
    'Wo wohnen die Studenten?',
    'Die Studenten wohnen in der Stadt.',
  ],
];
const EVAL_FILES = [
  { name: 'en.json', text: lareqaFile(QA.map(([q, a], i) => ({ id: `q${i}`, question: q, answer: a }))) },
  { name: 'de.json', text: lareqaFile(QA.map(([, , q, a], i) => ({ id: `q${i}`, question: q, answer: a }))) },
];

test('Hub load → fine-tune 2 steps (WebGPU) → export zip → re-import → identical embeddings', async ({ page }) => {
  test.setTimeout(300_000);
  await openApp(page);
  await importViaPicker(page, EVAL_FILES);
  await expect(page.locator('[data-testid^="dataset-import:"]')).toBeVisible();
  const backend = await useWebGpuOrWasm(page);
  await page.getByRole('tab', { name: 'Models' }).click();
  const panel = page.locator('#panel-models');

  // Size first (the listing API), then the download through core/model/hub.ts.
  await panel.getByLabel('Model id').fill(ID);
  await panel.getByLabel('Base URL').fill(hub.url);
  await panel.getByRole('button', { name: 'Check size' }).click();
  const expected = HF_FILES.reduce((s, f) => s + readFileSync(join(FIXTURE, f)).byteLength, 0);
  await expect(panel.getByTestId('hub-size')).toHaveAttribute('data-bytes', String(expected));
  await expect(panel.getByTestId('hub-size')).toContainText('5 files');
  hub.requests.length = 0;
  await panel.getByRole('button', { name: 'Download and load' }).click();
  const base = panel.getByTestId('model-list').locator('li[data-name="hbw-test/tiny-bert"]').first();
  await expect(base).toBeVisible();
  await expect(base).toContainText('hub · bert, 2 layers, hidden 32, vocab 224');
  expect(
    hub.requests
      .filter((r) => r.method === 'GET' && r.file !== 'api/tree')
      .map((r) => r.file)
      .sort(),
  ).toEqual([...HF_FILES].sort());
  // Loading it again is a Cache Storage hit: no request reaches the server.
  hub.requests.length = 0;
  await panel.getByRole('button', { name: 'Download and load' }).click();
  await expect(panel.getByTestId('model-list').locator('li[data-name="hbw-test/tiny-bert"]')).toHaveCount(2);
  expect(hub.requests).toEqual([]);

  // Fine-tune 2 steps on the demo's training split; evaluate on the small imported set.
  const evalId = await panel.getByLabel('Evaluation data').locator('option[value^="import:"]').getAttribute('value');
  await panel.getByLabel('Evaluation data').selectOption(evalId!);
  await panel.getByLabel('Steps').fill('2');
  await panel.getByLabel('Batch size').fill('4');
  await panel.getByLabel('Learning rate').fill('0.001');
  await panel.getByLabel('Max queries per language (0 = all)').fill('0');
  await panel.getByRole('button', { name: 'Fine-tune', exact: true }).click();
  const result = panel.getByTestId('finetune-result');
  await expect(result).toHaveAttribute('data-steps', '2', { timeout: 240_000 });
  await expect(result).toHaveAttribute('data-backend', backend);
  await expect(result).toContainText('final mAP');
  const ft = panel.getByTestId('model-list').locator('li[data-name="hbw-test/tiny-bert-ft2"]');
  await expect(ft).toContainText(`fine-tuned 2 steps on ${backend}`);
  const ftKey = (await panel.getByTestId('model-actions').getAttribute('data-key'))!;

  // Export: a sentence-transformers zip download.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: 'Export sentence-transformers zip' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('hbw-test_tiny-bert-ft2.zip');
  const zipPath = test.info().outputPath(download.suggestedFilename());
  await download.saveAs(zipPath);
  const files = await readZip(new Uint8Array(readFileSync(zipPath)));
  for (const f of [
    ...HF_FILES,
    'modules.json',
    '1_Pooling/config.json',
    'config_sentence_transformers.json',
    'sentence_bert_config.json',
    'README.md',
  ])
    expect(files[f], f).toBeDefined();
  const card = new TextDecoder().decode(files['README.md']);
  expect(card).toContain('| α (probability of a monolingual batch) | 0.5 |');
  expect(card).toMatch(/1\. hbw-test\/tiny-bert\n2\. this model/);
  expect(card).toContain('Last evaluation at step 2 on import');
  expect(card).toMatch(/\| de \| \d\.\d{4} \| \d\.\d{4} \| \d\.\d{4} \|/);

  // Re-import the zip; same backend, same weights → identical embeddings.
  await panel.getByTestId('model-zip-input').setInputFiles(zipPath);
  const back = panel.getByTestId('model-list').locator('li[data-name="hbw-test_tiny-bert-ft2"]');
  await expect(back).toContainText('zip · bert');
  await expect(back).toContainText('lineage: hbw-test/tiny-bert → hbw-test/tiny-bert-ft2');
  await expect(panel.getByTestId('model-actions')).not.toHaveAttribute('data-key', ftKey);
  await panel.getByLabel('Compare embeddings with').selectOption({ label: 'hbw-test/tiny-bert-ft2' });
  await panel.getByRole('button', { name: 'Compare' }).click();
  const diff = panel.getByTestId('embedding-diff');
  await expect(diff).toBeVisible();
  expect(Number(await diff.getAttribute('data-max-abs-diff'))).toBe(0);
  // And the fine-tune moved the weights away from the base model.
  await page.screenshot({ path: 'docs/screenshots/models.png', fullPage: true });

  // Node (tfjs WASM) on the downloaded zip vs the page's embeddings of the fine-tuned model.
  const texts = ['What is the capital of the country?', 'Die Stadt wurde von dem König gebaut.', '北京是中国的首都'];
  const inPage = await request<{ dim: number; data: Record<string, number> }>(page, { type: 'modelEmbed', key: ftKey, texts });
  await tf.setBackend('wasm');
  const enc = createEncoder(files);
  const inNode = await embedTexts(enc, texts, 3);
  enc.dispose();
  let worst = 0;
  for (let i = 0; i < inNode.length; i++) worst = Math.max(worst, Math.abs(inNode[i] - inPage.data[i]));
  test.info().annotations.push({
    type: 'embeddings',
    description: `${backend} (page) vs WASM (Node, unzipped export): max |Δ| ${worst.toExponential(2)}`,
  });
  console.log(
    `[models] fine-tuned on ${backend}: ${await result.textContent()}; page (${backend}) vs Node (WASM, unzipped export) max |Δ| ${worst.toExponential(2)}`,
  );
  expect(worst).toBeLessThan(1e-4);
});

for (const backend of ['webgpu', 'wasm'] as const) {
  test(`forward parity on ${backend}: tiny-bert last_hidden_state and mean pooling within 1e-4 of PyTorch`, async ({ page }) => {
    await openApp(page);
    await backendInfo(page);
    const active = await selectBackend(page, backend);
    const tried = (await page.getByTestId('backend-badge').getAttribute('title')) ?? '';
    test
      .info()
      .annotations.push({ type: 'backend', description: `asked ${backend}, active: ${active}; ${tried.replace(/\n/g, '; ')}` });
    test.skip(active !== backend, `${backend} is not available in this Chromium: ${active}; ${tried}`);
    const ref = JSON.parse(readFileSync(join(FIXTURE, 'reference.json'), 'utf8')) as Reference;
    const info = await request<{ key: string }>(page, { type: 'modelLoadHub', source: { id: ID, baseUrl: hub.url } });
    const out = await request<{ backend: string; inputIds: number[][]; hidden: number[][][]; mean: number[][] }>(page, {
      type: 'modelForward',
      key: info.key,
      texts: ref.texts,
      maxLength: 64,
    });
    expect(out.backend).toBe(backend);
    expect(out.inputIds).toEqual(ref.input_ids);
    let hidden = 0,
      mean = 0;
    ref.last_hidden_state.forEach((rows, i) =>
      rows.forEach((row, j) =>
        row.forEach((x, d) => {
          hidden = Math.max(hidden, Math.abs(x - out.hidden[i][j][d]));
        }),
      ),
    );
    ref.mean_pooled.forEach((row, i) =>
      row.forEach((x, d) => {
        mean = Math.max(mean, Math.abs(x - out.mean[i][d]));
      }),
    );
    test.info().annotations.push({
      type: 'parity',
      description: `${backend}: max |Δ| hidden ${hidden.toExponential(2)}, mean ${mean.toExponential(2)}`,
    });
    console.log(
      `[parity ${backend}] max |Δ| vs PyTorch: hidden ${hidden.toExponential(2)}, mean pooled ${mean.toExponential(2)}`,
    );
    expect(hidden).toBeLessThan(1e-4);
    expect(mean).toBeLessThan(1e-4);
  });
}
