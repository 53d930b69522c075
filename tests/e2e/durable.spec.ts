/**
 * Durable runs (issue 13): a reload mid-run → Resume gives exactly an uninterrupted run's results (default
 * settings); a reload mid-sweep → the sweep carries on and completes; the Compare chart never joins
 * evaluations on different query sets; what the user was looking at survives the reload.
 */
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_CONFIG } from '../../src/core/experiment/config';
import { control, openExperiment, runStatus, waitForStatus } from './train-helpers';

interface StoredRun {
  id: string;
  status: string;
  step: number;
  config: { name: string };
  metrics: Array<{
    step: number;
    final: boolean;
    querySet?: { name: string; count: number; fingerprint: string };
    result: { settings: Record<string, unknown>; languageBias?: unknown };
  }>;
}

/** Every run record as stored in IndexedDB (full precision, unlike the tables). */
function storedRuns(page: Page): Promise<StoredRun[]> {
  return page.evaluate(
    () =>
      new Promise<StoredRun[]>((resolve, reject) => {
        const open = indexedDB.open('hybrid-batch-workbench');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('runs').objectStore('runs').getAll();
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result as StoredRun[]);
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

const runList = (page: Page) => page.locator('#panel-experiment').getByTestId('run-list').locator('li');
const finalOf = (r: StoredRun) =>
  r.metrics
    .filter((m) => m.final)
    .map((m) => ({ step: m.step, querySet: m.querySet, settings: m.result.settings, bias: m.result.languageBias }));
const subsetsOf = (r: StoredRun) =>
  r.metrics
    .filter((m) => !m.final && m.querySet?.name !== 'probe')
    .map((m) => ({ step: m.step, querySet: m.querySet, settings: m.result.settings }));
/** The probe set's evaluations (core/train/probe-set.ts; on by default, every probeEvery steps). */
const probesOf = (r: StoredRun) =>
  r.metrics
    .filter((m) => m.querySet?.name === 'probe')
    .map((m) => ({ step: m.step, querySet: m.querySet, settings: m.result.settings }));

test("default settings: a reload at a random moment mid-run, then Resume (R), ends with exactly the uninterrupted run's results", async ({
  page,
}) => {
  // Two default runs (300 steps, batch 32, full final evaluation): 1.5–2 min each on an idle 2-core machine, ~7 min under load.
  test.setTimeout(1_800_000);
  await page.goto('/'); // the default experiment
  await page.getByRole('tab', { name: 'Experiment' }).click();
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', /\w+/, { timeout: 150_000 });
  await expect(control(page, /^Start/)).toBeEnabled({ timeout: 60_000 });

  await control(page, /^Start/).click();
  await waitForStatus(page, 'done', 800_000);
  const [whole] = await storedRuns(page);
  expect(whole.config.name).toBe('α=0.5 · seed 42 · #1');

  // The same experiment again, checkpointing every 3 s instead of every 60 s: on an idle machine the default run ends
  // in ~30 s, before its first 60-s checkpoint, and a reload needs a checkpoint to resume from. The cadence of
  // checkpoints does not change what is trained, so the results must still equal the uninterrupted run's.
  await page.locator('#panel-experiment details.advanced > summary').click();
  await page.locator('#panel-experiment').getByLabel('Checkpoint every (seconds)').fill('3');
  await control(page, /^New run/).click();
  await waitForStatus(page, 'running', 60_000);
  // Reload at a random step after the first checkpoint by time.
  const info = page.getByTestId('checkpoint-info');
  await expect(info).toBeVisible({ timeout: 300_000 });
  const first = Number(await info.getAttribute('data-step'));
  const at = first + 1 + Math.floor(Math.random() * Math.max(1, Math.min(40, DEFAULT_CONFIG.steps - first - 5)));
  await expect
    .poll(async () => Number(await runStatus(page).getAttribute('data-step')), { timeout: 600_000, intervals: [100] })
    .toBeGreaterThanOrEqual(at);
  test.info().annotations.push({ type: 'reload', description: `first checkpoint @ ${first}, reloaded at step ≥ ${at}` });
  await page.reload();

  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', /\w+/, { timeout: 150_000 });
  await expect(page.locator('#panel-experiment [data-testid="run-list"] li[data-status="interrupted"]')).toHaveCount(1);
  await expect(runStatus(page)).toHaveAttribute('data-status', 'interrupted'); // the selected run survived the reload
  await expect(control(page, /^Resume/)).toBeEnabled({ timeout: 60_000 });
  await page.keyboard.press('r');
  await waitForStatus(page, 'done', 800_000);

  const after = await storedRuns(page);
  const resumed = after.find((r) => r.id !== whole.id)!;
  expect(resumed.config.name).toBe('α=0.5 · seed 42 · #2');
  expect(resumed.step).toBe(whole.step);
  expect(finalOf(resumed)).toEqual(finalOf(whole));
  expect(subsetsOf(resumed)).toEqual(subsetsOf(whole));
  expect(subsetsOf(whole).map((m) => m.step)).toEqual([0, 100, 200, 300]);
  expect(probesOf(resumed)).toEqual(probesOf(whole));
  expect(probesOf(whole).map((m) => m.step)).toEqual(
    Array.from({ length: DEFAULT_CONFIG.steps / DEFAULT_CONFIG.probeEvery + 1 }, (_, i) => i * DEFAULT_CONFIG.probeEvery),
  );
});

test('a reload mid-sweep: the sweep carries on by itself and completes; Compare never joins different query sets; the view survives', async ({
  page,
}) => {
  test.setTimeout(600_000);
  await openExperiment(page, { name: 'dur-sweep', steps: 30, evalEvery: 10, checkpointEverySeconds: 0.5 });
  await control(page, /α-sweep/).click();
  const sweep = page.getByTestId('sweep-status');
  await expect(sweep).toContainText('α-sweep 2/3', { timeout: 170_000 });
  await expect(page.getByTestId('checkpoint-info')).toBeVisible({ timeout: 60_000 });
  await expect(runStatus(page)).toHaveAttribute('data-status', 'running');
  await page.reload();

  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', /\w+/, { timeout: 150_000 });
  await expect(runList(page)).toHaveCount(3, { timeout: 200_000 });
  for (let i = 0; i < 3; i++) await expect(runList(page).nth(i)).toHaveAttribute('data-status', 'done', { timeout: 200_000 });
  const runs = await storedRuns(page);
  expect(runs.map((r) => r.config.name).sort()).toEqual(['dur-sweep α=0', 'dur-sweep α=0.5', 'dur-sweep α=1']); // α = 0.5 resumed, not restarted

  await page.getByRole('tab', { name: 'Compare' }).click();
  const panel = page.locator('#panel-compare');
  await expect(panel.getByTestId('compare-table').locator('tbody tr')).toHaveCount(3);
  const series = JSON.parse((await panel.getByTestId('compare-series').getAttribute('data-series'))!) as Array<{
    runId: string;
    set: string;
    joined: boolean;
    steps: number[];
  }>;
  for (const r of runs) {
    const mine = series.filter((s) => s.runId === r.id);
    // one line per run, on the in-training subset from step 0 to the end; the full evaluation is a point of its own
    expect(mine.filter((s) => s.joined).map((s) => s.steps)).toEqual([[0, 10, 20, 30]]);
    expect(mine.filter((s) => !s.joined).map((s) => [s.set.split(':')[0], s.steps])).toEqual([['full', [30]]]);
    const line = mine.find((s) => s.joined)!;
    const sets = new Set(
      r.metrics
        .filter((m) => line.steps.includes(m.step) && !m.final)
        .map((m) => `${m.querySet!.name}:${m.querySet!.fingerprint}`),
    );
    expect([...sets]).toEqual([line.set]);
  }
  await expect(panel.getByTestId('compare-chart').locator('path.recharts-line-curve:not([stroke="none"])')).toHaveCount(3);

  // What the user was looking at survives a reload: the Compare tab, its selection.
  await panel.getByRole('checkbox', { name: /dur-sweep α=0\.5/ }).uncheck();
  await expect(panel.getByTestId('compare-table').locator('tbody tr')).toHaveCount(2);
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Compare' })).toHaveAttribute('aria-selected', 'true');
  await expect(panel.getByTestId('compare-table').locator('tbody tr')).toHaveCount(2);
});
