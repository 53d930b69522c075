import { expect, test, type Page } from '@playwright/test';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startDataServer, xquadRFiles, type DataServer } from '../helpers/data-server';
import { makeDuRetrievalFixture } from '../helpers/duretrieval-fixture';
import { HAS_SHARED, sharedPath } from '../helpers/shared';
import { SCREENSHOTS, openApp } from './helpers';

const FIX = resolve(import.meta.dirname, '../fixtures');
const files = (dir: string) =>
  readdirSync(join(FIX, dir))
    .filter((f) => statSync(join(FIX, dir, f)).isFile())
    .map((f) => join(FIX, dir, f));

async function expectImported(page: Page, format: RegExp, langs: string) {
  await expect(page.getByTestId('import-notice')).toHaveText(new RegExp(`as ${format.source}[^:]*: ${langs}`));
  await expect(page.getByTestId('import-error')).toHaveText('');
}

test('every importer in the browser: file picker, folder picker and drop; detected format shown; rename persists', async ({
  page,
}) => {
  await openApp(page);
  // LAReQA: several <lang>.json files at once.
  await page.getByTestId('file-input').setInputFiles(files('lareqa'));
  await expectImported(page, /LAReQA/, 'de, en');
  // JSONL pairs: one file.
  await page.getByTestId('file-input').setInputFiles(files('jsonl'));
  await expectImported(page, /JSONL pairs/, 'en, fr');
  // Folders (webkitdirectory): BEIR keeps qrels/ in a sub-folder.
  for (const [dir, format, langs] of [
    ['beir', /BEIR/, 'de, en'],
    ['miracl', /MIRACL/, 'sw'],
    ['dureader', /DuReader_retrieval/, 'zh'],
  ] as const) {
    await page.getByTestId('folder-input').setInputFiles(join(FIX, dir));
    await expectImported(page, format, langs);
  }
  // Drag and drop: the DuReader JSON layout.
  const dropped = files('dureader-json').map((p) => ({ name: p.split('/').pop()!, text: readFileSync(p, 'utf8') }));
  await page.getByTestId('dropzone').evaluate((el, list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name));
    el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, dropped);
  await expectImported(page, /DuReader_retrieval/, 'zh');
  // C-MTEB parquet: refused without a language (one line naming file, field and fix), imported with one.
  const pq = makeDuRetrievalFixture(50).files.map((f) => ({
    name: f.path.split('/').pop()!,
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(f.bytes),
  }));
  await page.getByTestId('file-input').setInputFiles(pq);
  await expect(page.getByTestId('import-error')).toContainText(
    /corpus-.*\.parquet: lang: the parquet files carry no language column.*Fix: pass the dataset language/,
  );
  await page.getByTestId('import-lang').fill('zh');
  await page.getByTestId('file-input').setInputFiles(pq);
  await expectImported(page, /parquet, C-MTEB layout/, 'zh');
  const cards = page.locator('[data-testid^="dataset-import:"]');
  await expect(cards).toHaveCount(7);
  await expect(cards.last().getByTestId('dataset-format')).toHaveText(/parquet, C-MTEB layout/);

  // Rename (persisted in IndexedDB): survives a reload.
  await cards.first().getByRole('button', { name: 'Rename' }).click();
  await page.getByTestId('rename-input').fill('Harbour questions');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(cards.first().locator('h3')).toHaveText('Harbour questions');
  await page.reload();
  await expect(page.locator('[data-testid^="dataset-import:"]')).toHaveCount(7);
  await expect(page.locator('[data-testid^="dataset-import:"] h3', { hasText: 'Harbour questions' })).toBeVisible();
});

test.describe('datasets in one click against a GitHub-raw / Hub imitation (redirect to a storage origin that rejects Range preflights)', () => {
  test.skip(!HAS_SHARED, '../shared/data/xquad-r is needed');
  let server: DataServer;
  const fixture = makeDuRetrievalFixture(20_000);
  test.beforeAll(async () => {
    server = await startDataServer({ hub: fixture.files, github: await xquadRFiles(sharedPath('data/xquad-r')) });
  });
  test.afterAll(async () => {
    await server.close();
  });

  test('Get DuRetrieval and Get XQuAD-R: licence first, progress, cancel, resume, stored, then BM25 evaluation', async ({
    page,
  }) => {
    await page.goto(`/?dataMirror=${encodeURIComponent(server.url)}`);
    await page.getByRole('tab', { name: 'Data' }).click(); // the app opens on the Experiment view
    await expect(page.getByTestId('dataset-demo:eval')).toBeVisible();
    const progress = page.getByTestId('download-progress');
    const bar = progress.getByRole('progressbar');
    const corpusName = fixture.files[0].path.split('/').pop()!;

    // DuRetrieval: licence and attribution before anything is fetched.
    await page.getByTestId('get-duretrieval').click();
    await expect(page.getByTestId('licence-panel')).toContainText('No licence is stated');
    await expect(page.getByTestId('licence-panel')).toContainText('arXiv:2203.10232');
    expect(server.requests).toEqual([]);
    server.holdAfter(corpusName, 30_000);
    await page.getByTestId('accept-download').click();
    await expect(progress).toHaveAttribute('data-status', 'downloading');
    await expect(bar).not.toHaveAttribute('aria-valuenow', '0');
    await page.getByTestId('cancel-download').click();
    await expect(progress).toHaveAttribute('data-status', 'cancelled');
    server.release();
    // The first attempt was a plain GET through the redirect.
    expect(server.requests.filter((q) => q.path.includes('resolve'))[0]).toMatchObject({
      method: 'GET',
      status: 302,
      range: undefined,
    });
    await expect(page.getByTestId('get-duretrieval')).toHaveText(/Resume DuRetrieval/);
    await page.getByTestId('get-duretrieval').click();
    await page.getByTestId('accept-download').click();
    await expect(progress).toHaveAttribute('data-status', 'done');
    // The storage origin refused the Range preflight: the browser restarted the file with a note.
    expect(server.requests.some((q) => q.origin === 'storage' && q.method === 'OPTIONS' && q.status === 403)).toBe(true);
    await expect(page.getByTestId('download-notes')).toContainText(/resuming was refused .*restarted from the beginning/);
    const du = page.locator('[data-testid^="dataset-download:"]', { hasText: 'DuRetrieval' });
    await expect(du.getByTestId('dataset-format')).toHaveText(/parquet, C-MTEB layout/);
    await expect(du.locator('tfoot td').first()).toHaveText('12');
    await expect(du.locator('tfoot td').nth(1)).toHaveText('20000');

    // XQuAD-R from GitHub raw: that host accepts the Range preflight, so the resume continues the part (206).
    await page.getByTestId('get-xquad-r').click();
    await expect(page.getByTestId('licence-panel')).toContainText('CC BY-SA 4.0');
    server.holdAfter('/ar.json', 200_000);
    await page.getByTestId('accept-download').click();
    await expect(bar).not.toHaveAttribute('aria-valuenow', '0');
    await page.getByTestId('cancel-download').click();
    await expect(progress).toHaveAttribute('data-status', 'cancelled');
    server.release();
    await page.getByTestId('get-xquad-r').click();
    await page.getByTestId('accept-download').click();
    await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
    await expect(page.getByTestId('download-notes')).toContainText('resumed: ar.json');
    expect(server.requests.some((q) => q.path.endsWith('/ar.json') && q.status === 206)).toBe(true);
    const xq = page.locator('[data-testid^="dataset-download:"]', { hasText: 'XQuAD-R' });
    await expect(xq.locator('tfoot td').first()).toHaveText('13090');
    await expect(xq.getByTestId('dataset-licence')).toContainText('CC BY-SA 4.0');
    await page.screenshot({ path: `${SCREENSHOTS}/data-sources.png`, fullPage: true });

    // Stored: both are there after a reload, with no request to the server.
    const before = server.requests.length;
    await page.reload();
    await expect(page.locator('[data-testid^="dataset-download:"]')).toHaveCount(2);
    expect(server.requests.length).toBe(before);

    // Evaluation (BM25) on DuRetrieval: monolingual zh.
    const duId = (await page
      .locator('[data-testid^="dataset-download:"]', { hasText: 'DuRetrieval' })
      .getAttribute('data-testid'))!.replace('dataset-', '');
    await page.getByRole('tab', { name: 'Evaluation' }).click();
    const panel = page.locator('#panel-evaluation');
    await panel.getByLabel('Dataset').selectOption(duId);
    await panel.getByRole('button', { name: 'Run evaluation' }).click();
    const table = page.getByTestId('results-table');
    await expect(table.getByRole('cell', { name: 'monolingual' }).first()).toBeVisible();
    const row = table.locator('tbody tr', { hasText: 'monolingual' }).first();
    const cells = await row.locator('td, th').allTextContents();
    expect(cells.join(' ')).toMatch(/zh/);
  });
});
