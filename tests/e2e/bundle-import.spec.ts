/**
 * Runs from anywhere into the browser (issue 13): a browser run exported as a bundle, deleted and imported again
 * shows the same tables and charts (and a second import changes nothing); a CLI run folder imported through the
 * folder picker shows the CLI's numbers; a TREC run file from the CLI evaluated on the Evaluation tab gives the
 * CLI's numbers; a config link naming a dataset this browser lacks says so on load.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { DEFAULT_CONFIG, configToUrlParam, resolveConfig } from '../../src/core/experiment/config';
import type { EvalResult } from '../../src/core/eval/types';
import { writeZip } from '../../src/core/util/zip';
import { TABLE_METRICS, resultRows } from '../../src/ui/components/rows';
import { fmt3 } from '../../src/ui/format';
import { TINY, control, openExperiment, waitForStatus } from './train-helpers';

const ROOT = resolve(import.meta.dirname, '../..');
let dir = '';

/** The CLI, as a user runs it (`npx tsx src/cli/main.ts …`), from the repository root. */
const cli = (...args: string[]) =>
  execFileSync('npx', ['tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hbw-bundle-e2e-'));
  // A few-second CLI run in the browser tests' tiny shape, then a dense TREC run of its checkpoint (5 queries per language).
  writeFileSync(join(dir, 'tiny.json'), JSON.stringify({ ...TINY, name: 'cli-tiny' }));
  cli('train', '--config', join(dir, 'tiny.json'), '--out', join(dir, 'cli-run'), '--quiet');
  const run = (f: string) => new Uint8Array(readFileSync(join(dir, 'cli-run', f)));
  const manifest = {
    ...JSON.parse(readFileSync(join(dir, 'cli-run', 'run.json'), 'utf8')),
    id: 'newer',
    version: 99,
    files: { experiment: 'experiment.json', results: 'results.json' },
  };
  writeFileSync(
    join(dir, 'newer.zip'),
    writeZip({
      'cli-newer/run.json': new TextEncoder().encode(JSON.stringify(manifest)),
      'cli-newer/experiment.json': run('experiment.json'),
      'cli-newer/results.json': run('results.json'),
    }),
  );
  cli(
    'eval',
    '--retriever',
    'dense',
    '--model',
    join(dir, 'cli-run', 'checkpoint'),
    '--data',
    'demo',
    '--max-queries-per-lang',
    '5',
    '--out',
    join(dir, 'dense.json'),
    '--run',
    join(dir, 'dense.trec'),
  );
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The results table's cells, row by row (setting, language, queries, metrics as shown). */
const tableCells = (table: Locator) =>
  table
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td,th'), (c) => c.textContent!.trim())));

/** The same rows from a results.json, formatted as the UI formats them. */
const expectedCells = (r: EvalResult) =>
  resultRows(r).map((row) => [row.setting, row.lang, String(row.queries), ...TABLE_METRICS.map((m) => fmt3(row.metrics[m]))]);

/** What each chart of the current run draws: its SVG paths, points and texts (recharts' generated ids left out). */
function chartData(page: Page) {
  return page.locator('#panel-experiment [data-testid="live-charts"]').evaluate((root) =>
    Object.fromEntries(
      ['loss-chart', 'composition-chart', 'metric-chart', 'bias-chart', 'crossmap-chart'].map((id) => {
        const el = root.querySelector(`[data-testid="${id}"]`);
        return [
          id,
          el && {
            paths: Array.from(el.querySelectorAll('path[d]'), (p) => p.getAttribute('d')),
            points: Array.from(el.querySelectorAll('circle, rect'), (c) =>
              ['cx', 'cy', 'x', 'y', 'width', 'height', 'fill'].map((a) => c.getAttribute(a)).join(' '),
            ),
            // recharts may emit an axis' label before or after its ticks: the texts as a sorted list
            text: Array.from(el.querySelectorAll('*'), (n) => (n.children.length ? '' : (n.textContent ?? '')))
              .filter(Boolean)
              .sort(),
          },
        ];
      }),
    ),
  );
}

test('a browser run exported as a bundle, deleted and imported shows identical tables and charts; a second import changes nothing', async ({
  page,
}) => {
  test.setTimeout(360_000); // the tiny run's final evaluation uses every demo query: ~20 s idle, minutes on a loaded 2-core box
  page.on('dialog', (d) => void d.accept());
  await openExperiment(page, { name: 'bundle-e2e' });
  await control(page, /^Start/).click();
  await waitForStatus(page, 'done', 300_000);
  const panel = page.locator('#panel-experiment');
  // 'done' can show while the last subset evaluation is still the one on screen: wait for the final one.
  await expect(panel.getByTestId('run-results').locator('h3')).toContainText('Final evaluation', { timeout: 60_000 });
  const table = panel.getByTestId('run-results').getByTestId('results-table');
  const cells = await tableCells(table);
  expect(cells.length).toBeGreaterThan(3);
  const charts = await chartData(page);
  expect(charts['metric-chart']!.paths.length).toBeGreaterThan(0);

  const item = panel.getByTestId('run-list').locator('li', { hasText: 'bundle-e2e' });
  const [download] = await Promise.all([page.waitForEvent('download'), item.getByTestId('bundle-button').click()]);
  expect(download.suggestedFilename()).toBe('bundle-e2e.zip');
  const zip = test.info().outputPath('bundle-e2e.zip');
  await download.saveAs(zip);
  await item.getByRole('button', { name: 'Delete' }).click();
  await expect(item).toHaveCount(0);

  await panel.getByTestId('run-zip-input').setInputFiles(zip);
  await expect(panel.getByTestId('run-import-notice')).toContainText('Imported 1 run: “bundle-e2e”.');
  const imported = panel.getByTestId('run-list').locator('li', { hasText: 'bundle-e2e' });
  await expect(imported.getByTestId('imported-tag')).toHaveText('imported · browser');
  await expect(imported.getByTestId('imported-tag')).toHaveAttribute('title', /Imported from bundle-e2e\.zip on .* read-only/);
  await expect(table).toBeVisible();
  expect(await tableCells(table)).toEqual(cells);
  expect(await chartData(page)).toEqual(charts);
  // read-only: the controls offer a new run, never Resume of the imported one
  await expect(control(page, /^Start/)).toBeVisible();

  // The second import by drag and drop (the drop zone around the pickers).
  await panel.getByTestId('run-dropzone').evaluate(
    (zone, bytes) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], 'bundle-e2e.zip', { type: 'application/zip' }));
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    [...readFileSync(zip)],
  );
  await expect(panel.getByTestId('run-import-notice')).toContainText('Nothing imported. bundle-e2e.zip: run "bundle-e2e"');
  await expect(panel.getByTestId('run-import-notice')).toContainText('is already in the run list (imported from bundle-e2e.zip)');
  await expect(panel.getByTestId('run-list').locator('li', { hasText: 'bundle-e2e' })).toHaveCount(1);
});

test('a CLI run folder imported with the folder picker shows the CLI results.json numbers and opens in the Inspector and Embedding map; a newer-version bundle is refused in one line', async ({
  page,
}) => {
  await openExperiment(page, { name: 'unused' });
  const panel = page.locator('#panel-experiment');
  await panel.getByTestId('run-folder-input').setInputFiles(join(dir, 'cli-run'));
  await expect(panel.getByTestId('run-import-notice')).toContainText('Imported 1 run: “cli-tiny”.');
  const item = panel.getByTestId('run-list').locator('li', { hasText: 'cli-tiny' });
  await expect(item.getByTestId('imported-tag')).toContainText('imported · cli');
  await expect(item.getByTestId('run-checkpoint')).toContainText('checkpoint @ 6');
  const results = JSON.parse(readFileSync(join(dir, 'cli-run', 'results.json'), 'utf8')) as EvalResult;
  await expect(panel.getByTestId('run-results')).toContainText('Final evaluation at step 6');
  expect(await tableCells(panel.getByTestId('run-results').getByTestId('results-table'))).toEqual(expectedCells(results));

  // Its checkpoint came along: the Inspector ranks with it and the Embedding map projects it.
  await page.getByRole('tab', { name: 'Inspector' }).click();
  const ins = page.getByTestId('inspector');
  await ins.getByRole('group', { name: 'Query language' }).getByRole('button', { name: 'en', exact: true }).click();
  await ins.getByTestId('inspector-queries').getByRole('button').first().click();
  await expect(ins.getByTestId('inspector-detail')).toContainText('Step 6');
  await expect(ins.getByTestId('ranked-candidates').locator('tbody tr')).toHaveCount(20);
  await page.getByRole('tab', { name: 'Embedding map' }).click();
  const map = page.locator('#panel-embedding').getByTestId('embedding-map');
  await expect(map).toContainText('at step 6');
  await expect(map.locator('.recharts-scatter')).toHaveCount(10); // 9 languages + the centroids
  await page.getByRole('tab', { name: 'Experiment' }).click();

  // The same run zipped with run.json claiming a newer format version: refused, naming the zip, the folder and the field.
  await panel.getByTestId('run-zip-input').setInputFiles(join(dir, 'newer.zip'));
  await expect(panel.getByTestId('run-import-error')).toHaveText(
    'Run import refused: newer.zip: cli-newer: run.json "version" is 99, newer than this workbench reads (≤ 1); update the workbench to open it',
  );
  await expect(panel.getByTestId('run-list').locator('li')).toHaveCount(1);
});

test('Evaluate a run file: the CLI dense TREC run scored on the demo gives the CLI results.json numbers, is kept as a run and its rankings feed the Inspector; unknown ids are refused in one line', async ({
  page,
}) => {
  await openExperiment(page, { name: 'unused' });
  await page.getByRole('tab', { name: 'Evaluation' }).click();
  const panel = page.locator('#panel-evaluation');
  await expect(panel.getByLabel('Dataset')).toHaveValue('demo:eval');
  await panel.getByTestId('run-file-input').setInputFiles(join(dir, 'dense.trec'));
  await expect(panel.getByTestId('run-file-notice')).toContainText('Kept as run “dense.trec on');
  const expected = expectedCells(JSON.parse(readFileSync(join(dir, 'dense.json'), 'utf8')) as EvalResult);
  expect(await tableCells(panel.getByTestId('results').getByTestId('results-table'))).toEqual(expected);

  await page.getByRole('tab', { name: 'Experiment' }).click();
  const item = page.locator('#panel-experiment').getByTestId('run-list').locator('li', { hasText: 'dense.trec' });
  await expect(item.getByTestId('imported-tag')).toHaveText('imported · trec-import');
  expect(await tableCells(page.locator('#panel-experiment').getByTestId('run-results').getByTestId('results-table'))).toEqual(
    expected,
  );

  // The Inspector shows the run's rankings (no model): the first English query's top 10 are the run file's first 10 lines for it.
  const lines = readFileSync(join(dir, 'dense.trec'), 'utf8')
    .split('\n')
    .map((l) => l.split(' '));
  const qid = lines.find((l) => l[0].startsWith('en:'))![0];
  await page.getByRole('tab', { name: 'Inspector' }).click();
  const ins = page.getByTestId('inspector');
  await ins.getByRole('group', { name: 'Query language' }).getByRole('button', { name: 'en', exact: true }).click();
  await ins.getByTestId('inspector-queries').getByRole('button').first().click();
  await expect(ins.getByTestId('ranked-candidates').locator('tbody tr')).toHaveCount(10);
  const scores = await ins.getByTestId('ranked-candidates').locator('tbody tr td:nth-child(4)').allTextContents();
  expect(scores).toEqual(
    lines
      .filter((l) => l[0] === qid)
      .slice(0, 10)
      .map((l) => Number(l[4]).toFixed(3)),
  );
  await page.getByRole('tab', { name: 'Experiment' }).click();

  // A selection (the TREC evaluation and a CLI run, ticked for Compare) exported as one zip imports both again.
  const list = page.locator('#panel-experiment').getByTestId('run-list');
  await page.locator('#panel-experiment').getByTestId('run-folder-input').setInputFiles(join(dir, 'cli-run'));
  await expect(list.locator('li')).toHaveCount(2);
  for (const li of await list.locator('li').all()) await li.getByRole('checkbox', { name: 'compare' }).check();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    list.locator('p', { hasText: 'Compared runs:' }).getByTestId('bundle-button').click(),
  ]);
  expect(download.suggestedFilename()).toBe('compare.zip');
  const zip = test.info().outputPath('compare.zip');
  await download.saveAs(zip);
  page.on('dialog', (d) => void d.accept());
  for (let n = 2; n > 0; n--) {
    await list.locator('li').first().getByRole('button', { name: 'Delete' }).click();
    await expect(list.locator('li')).toHaveCount(n - 1);
  }
  await page.locator('#panel-experiment').getByTestId('run-zip-input').setInputFiles(zip);
  await expect(page.locator('#panel-experiment').getByTestId('run-import-notice')).toContainText('Imported 2 runs:');
  await expect(list.locator('li')).toHaveCount(2);
  expect((await list.getByTestId('imported-tag').allTextContents()).sort()).toEqual([
    `imported · cli @ ${hostname()}`,
    'imported · trec-import',
  ]);

  await page.getByRole('tab', { name: 'Evaluation' }).click();
  await panel
    .getByTestId('run-file-input')
    .setInputFiles({ name: 'bad.trec', mimeType: 'text/plain', buffer: Buffer.from('en:no-such-question Q0 en/0/0 1 1.0 t\n') });
  await expect(panel.getByTestId('run-file-error')).toContainText('bad.trec');
  await expect(panel.getByTestId('run-file-error')).toContainText('no-such-question');
  await page.getByRole('tab', { name: 'Experiment' }).click();
  await expect(page.locator('#panel-experiment').getByTestId('run-list').locator('li')).toHaveCount(2);
});

test('a config link naming a dataset this browser lacks says so on load, with the fix, and Start waits', async ({ page }) => {
  const cfg = resolveConfig({ ...DEFAULT_CONFIG, train: { source: 'path', path: 'import:lq3x-abc123', split: 'train' } });
  await page.goto(`/#cfg=${configToUrlParam(cfg)}`);
  await expect(page.getByTestId('missing-dataset')).toContainText(
    'training data is "import:lq3x-abc123", a dataset this browser does not have',
  );
  await expect(page.getByTestId('missing-dataset')).toContainText('Fix: import the same files on the Data tab');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', /\w+/, { timeout: 150_000 });
  await expect(control(page, /^Start/)).toBeDisabled();
});
