import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { DEFAULT_CONFIG, configToUrlParam, resolveConfig, type ExperimentConfig } from '../../src/core/experiment/config';

/**
 * Tiny shapes: SwiftShader WebGPU (software) is slow, so the runs here take seconds, not minutes.
 * The final evaluation still uses every eval query (the runner's rule), so it dominates a run's time.
 */
export const TINY: Partial<ExperimentConfig> = {
  steps: 6,
  batchSize: 4,
  warmupSteps: 1,
  evalEvery: 3,
  evalMaxQueriesPerLang: 3,
  maxLength: 12,
  // Deliberately from scratch (baseCheckpoint null; the default is the shipped base): the tiny shape is what
  // keeps these runs fast. tests/e2e/base.spec.ts covers the default start from the shipped base.
  model: { init: 'scratch', vocabSize: 2000, hidden: 16, layers: 1, heads: 2, intermediate: 32 },
  baseCheckpoint: null,
};

export function tinyHash(over: Partial<ExperimentConfig> = {}): string {
  return `#cfg=${configToUrlParam(resolveConfig({ ...DEFAULT_CONFIG, ...TINY, ...over }))}`;
}

/** Open the app on an experiment link and wait for the demo and the backend self-test. */
export async function openExperiment(page: Page, over: Partial<ExperimentConfig> = {}): Promise<void> {
  page.on('console', (m) => {
    if (m.type() === 'error') console.log(`[browser] ${m.text()}`);
  });
  await page.goto(`/${tinyHash(over)}`);
  await expect(page.getByRole('tab', { name: 'Experiment' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', /\w+/, { timeout: 150_000 });
  await expect(page.getByRole('toolbar', { name: 'Run controls' }).getByRole('button', { name: /^Start/ })).toBeEnabled({
    timeout: 60_000,
  });
}

/** Switch the tfjs backend in the header; returns the backend actually active afterwards. */
export async function selectBackend(page: Page, name: string): Promise<string> {
  const badge = page.getByTestId('backend-badge');
  const select = page.getByLabel('Backend', { exact: true });
  const options = await select.locator('option').allTextContents();
  if (!options.some((o) => o.startsWith(name))) return `unavailable (${options.join(', ')})`;
  if ((await badge.getAttribute('data-backend')) !== name) await select.selectOption(name);
  await expect(badge).toHaveAttribute('data-backend', /\w+/);
  await expect(select).toBeEnabled();
  return (await badge.getAttribute('data-backend'))!;
}

export const runStatus = (page: Page) => page.getByTestId('run-status');

/** Wait for the current run's status; an unexpected error fails at once with the run's message. */
export async function waitForStatus(page: Page, status: string, timeout = 170_000): Promise<void> {
  await expect
    .poll(
      async () => {
        const s = await runStatus(page).getAttribute('data-status');
        if (s === 'error' && status !== 'error')
          throw new Error(`run failed: ${await page.getByTestId('run-error').textContent()}`);
        return s;
      },
      { timeout, intervals: [250] },
    )
    .toBe(status);
}

export const control = (page: Page, name: RegExp) =>
  page.getByRole('toolbar', { name: 'Run controls' }).getByRole('button', { name });

/** The first `paragraphs` paragraphs of each demo eval language: a small eval set for slow backends. */
export function smallEvalFiles(langs: string[], paragraphs = 3): Array<{ name: string; text: string }> {
  return langs.map((l) => {
    const doc = JSON.parse(readFileSync(`public/demo/eval/${l}.json`, 'utf8')) as {
      version: string;
      data: Array<{ title: string; paragraphs: unknown[] }>;
    };
    return {
      name: `${l}.json`,
      text: JSON.stringify({
        version: doc.version,
        data: [{ ...doc.data[0], paragraphs: doc.data[0].paragraphs.slice(0, paragraphs) }],
      }),
    };
  });
}
