/** A recipe folder for a config on the embedded demo, written by the same core code as `cli recipe`. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { resolveConfig, type ExperimentConfig } from '../../../src/core/experiment/config';
import { buildRecipe, RECIPE_TEMPLATE_FILES } from '../../../src/core/recipe/recipe';
import { DEMO_DIR, loadDataset } from '../../../src/cli/data-io';

export const TEMPLATES = resolve(import.meta.dirname, '../../../recipe-templates');

const DEMO_TRAIN = await loadDataset(DEMO_DIR, { split: 'train' });
const DEMO_EVAL = await loadDataset(DEMO_DIR, { split: 'eval' });

export function demoRecipe(raw: Record<string, unknown>): {
  dir: string;
  config: ExperimentConfig;
  files: Record<string, string>;
} {
  const config = resolveConfig({ baseCheckpoint: null, ...raw });
  const templates = Object.fromEntries(RECIPE_TEMPLATE_FILES.map((f) => [f, readFileSync(join(TEMPLATES, f), 'utf8')]));
  const files = buildRecipe({
    config,
    templates,
    toolVersion: 'test',
    train: DEMO_TRAIN,
    eval: DEMO_EVAL,
    model: { default: 'xlm-roberta-base', note: 'test' },
  });
  const dir = mkdtempSync(join(tmpdir(), 'hbw-recipe-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return { dir, config, files };
}
