import { expect, test } from '@playwright/test';
import { SCREENSHOTS, importViaPicker, lareqaFile } from './helpers';
import { control, openExperiment, waitForStatus } from './train-helpers';

test('a cross-lingual heatmap cell opens the inspector: queries, ranked candidates, ranks of the translations; the embedding map', async ({
  page,
}) => {
  await openExperiment(page, { name: 'tiny-inspect' });
  await control(page, /^Start/).click();
  await waitForStatus(page, 'done');

  await page.locator('#panel-experiment').getByTestId('crossmap-chart').locator('[data-cell="de>en"]').click();
  await expect(page.getByRole('tab', { name: 'Inspector' })).toHaveAttribute('aria-selected', 'true');
  const ins = page.locator('#panel-inspector');
  await expect(ins.getByLabel('Pool')).toHaveValue('en');
  const queries = ins.getByTestId('inspector-queries').getByRole('button');
  await expect(queries.first()).toBeVisible();
  expect(await queries.count()).toBeGreaterThan(5);
  await queries.first().click();
  const ranked = ins.getByTestId('ranked-candidates').locator('tbody tr');
  await expect(ranked).toHaveCount(20);
  await expect(ranked.locator('[data-lang]').first()).toHaveAttribute('data-lang', 'en'); // pool = English only
  await expect(ins.getByTestId('inspector-detail')).toContainText('346 candidates');
  // Ranks within the selected pool (English only): the relevant English answer, ranked among the pool's 346.
  const poolRanks = ins.getByTestId('pool-ranks').locator('li');
  await expect(poolRanks).toHaveCount(1);
  const poolRank = Number(/rank (\d+) of 346/.exec((await poolRanks.first().textContent())!)?.[1]);
  expect(poolRank).toBeGreaterThanOrEqual(1);
  expect(poolRank).toBeLessThanOrEqual(346);
  // Every query of the language, counted, paged and searchable (the demo has 178 per language).
  await expect(ins.getByTestId('inspector-count')).toContainText('178 queries in de');
  await expect(queries).toHaveCount(50);
  await ins.getByRole('navigation', { name: 'Query pages' }).getByRole('button', { name: 'Next' }).click();
  await expect(ins.getByRole('navigation', { name: 'Query pages' })).toContainText('page 2 / 4');
  const firstText = (await queries.first().textContent())!;
  await ins.getByLabel('Search queries').fill(firstText.slice(0, 12));
  await expect(ins.getByTestId('inspector-count')).toContainText(/\d+ of 178 queries match/);
  await expect(queries.first()).toContainText(firstText.slice(0, 12));
  await ins.getByLabel('Search queries').fill('');
  // Every language's translation of the answer, with its rank in the multilingual pool.
  await expect(ins.getByTestId('translation-ranks').locator('li')).toHaveCount(9);

  await ins.getByLabel('Pool').selectOption('multi');
  await expect(ins.getByTestId('inspector-detail')).toContainText('3114 candidates');
  await ins.getByRole('button', { name: 'fr', exact: true }).click();
  await queries.nth(1).click();
  await expect(ins.getByTestId('inspector-detail').locator('h3 [data-lang]')).toHaveAttribute('data-lang', 'fr');
  // The texts of a training batch, as the run's sampler drew them.
  await ins.getByTestId('training-batch').locator('summary').click();
  await ins.getByLabel(/^Step \(0–/).fill('2');
  await ins.getByRole('button', { name: 'Show batch' }).click();
  await expect(ins.getByTestId('training-batch-table')).toContainText(/Step 2: (monolingual|cross-lingual) batch/);
  expect(await ins.getByTestId('training-batch-table').locator('tbody tr').count()).toBeGreaterThan(0);
  await page.screenshot({ path: `${SCREENSHOTS}/inspector.png`, fullPage: true });

  await page.getByRole('tab', { name: 'Embedding map' }).click();
  const map = page.locator('#panel-embedding').getByTestId('embedding-map');
  await expect(map).toContainText('at step 6');
  await expect(map.locator('.recharts-scatter')).toHaveCount(10); // 9 languages + the centroids
  await expect(map.getByTestId('embedding-count')).toContainText(/\d+ points/);
  // Every evaluation the run saved a map at (subset every 3 steps, full at the end): step 0 redraws the map.
  const evalPick = page.locator('#panel-embedding').getByLabel('Evaluation', { exact: true });
  const centroids = map.getByRole('table', { name: 'Language centroids on the map' });
  const latest = await centroids.textContent();
  await expect(evalPick.locator('option')).toHaveText([
    'latest weights (step 6)',
    'step 0 · subset',
    'step 3 · subset',
    'step 6 · subset + full',
  ]);
  await evalPick.selectOption({ label: 'step 0 · subset' });
  await expect(map).toContainText('at the evaluation of step 0');
  expect(await centroids.textContent()).not.toBe(latest);
  await evalPick.selectOption({ label: 'latest weights (step 6)' });
  await expect(map).toContainText('at step 6');
  await expect(centroids).toHaveText(latest!);
  // Search highlights; a click on a query shows its neighbours and lines to its answers, and opens the Inspector.
  await page.locator('#panel-embedding').getByLabel('Search texts').fill('Ligivu');
  await expect(map.getByTestId('embedding-count')).toContainText(/\d+ match “Ligivu”/);
  await page.locator('#panel-embedding').getByLabel('Search texts').fill('');
  await page.locator('#panel-embedding').getByRole('button', { name: 'Zoom in' }).click();
  await page.locator('#panel-embedding').getByRole('button', { name: 'Reset' }).click();
  await map.locator('.recharts-scatter').first().locator('circle').first().click({ force: true });
  await expect(map.getByTestId('map-neighbours').locator('li')).toHaveCount(5);
  await map.getByRole('button', { name: 'Open in the Inspector' }).click();
  await expect(page.getByRole('tab', { name: 'Inspector' })).toHaveAttribute('aria-selected', 'true');
  await expect(ins.getByTestId('inspector-detail')).toBeVisible();
  await page.getByRole('tab', { name: 'Embedding map' }).click();
  await page.screenshot({ path: `${SCREENSHOTS}/embedding-map.png`, fullPage: true });
});

const SCRIPT = '<script>window.__xss=1</script>';
const IMG = '<img src=x onerror="window.__xss=2">';

test('the inspector renders dataset text with HTML as text', async ({ page }) => {
  await openExperiment(page, { name: 'tiny-xss', steps: 2, evalEvery: 0 });
  const items = (lang: string) =>
    [0, 1, 2].map((i) => ({ id: `x${i}`, question: `${lang} question ${i} ${SCRIPT}`, answer: `${lang} answer ${i} ${IMG}.` }));
  await page.getByRole('tab', { name: 'Data' }).click();
  await importViaPicker(page, [
    { name: 'en.json', text: lareqaFile(items('en')) },
    { name: 'fr.json', text: lareqaFile(items('fr')) },
  ]);
  const card = page.locator('[data-testid^="dataset-import:"]');
  await expect(card).toHaveCount(1);
  await page.getByRole('tab', { name: 'Experiment' }).click();
  await page
    .locator('#panel-experiment')
    .getByLabel('Evaluation data')
    .selectOption((await card.getAttribute('data-testid'))!.replace(/^dataset-/, ''));
  await control(page, /^Start/).click();
  await waitForStatus(page, 'done');

  await page.locator('#panel-experiment').getByTestId('crossmap-chart').locator('[data-cell="en>fr"]').click();
  const ins = page.locator('#panel-inspector');
  await ins.getByTestId('inspector-queries').getByRole('button').first().click();
  await expect(ins.getByTestId('ranked-candidates')).toContainText(IMG);
  await expect(ins.getByTestId('inspector-detail')).toContainText(SCRIPT);
  await expect(ins.locator('script, img')).toHaveCount(0);
  await page.getByRole('tab', { name: 'Embedding map' }).click();
  await expect(page.locator('#panel-embedding').getByTestId('embedding-map')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});
