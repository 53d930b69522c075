/**
 * `cli recipe`: writes the experiment as a self-contained Python project for PyTorch DDP with
 * sentence-transformers (src/core/recipe/recipe.ts): scripts from recipe-templates/, the config, the data,
 * a README with the commands and the field mapping, and the base model exported as a sentence-transformers
 * folder when the experiment starts from one.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildRecipe, RECIPE_TEMPLATE_FILES, type RecipeModel } from '../../core/recipe/recipe';
import { flag, parseArgs, UsageError } from '../args';
import { cardInfoFromFolder, exportEncoder } from '../../core/experiment/export';
import { createEncoder } from '../../core/model/checkpoint';
import { cliBackend } from '../backend';
import { loadConfig, loadRef } from './train';
import { modelDir, readModelFolder, writeModelFolder } from '../model-io';

export const RECIPE_USAGE = 'npm run cli -- recipe --config <experiment.json> --out <dir> [--model <hub id or model folder>]';

/** The Python templates, found from the repository wherever the CLI runs. */
export const RECIPE_TEMPLATES_DIR = resolve(import.meta.dirname, '../../../recipe-templates');

export async function recipeCommand(argv: string[]): Promise<void> {
  const a = parseArgs(argv, { config: 'value', out: 'value', model: 'value' }, 'recipe');
  const out = flag(a, 'out');
  if (!out || !flag(a, 'config')) throw new UsageError(`recipe needs --config and --out\n  ${RECIPE_USAGE}`);
  if (existsSync(out) && readdirSync(out).length > 0)
    throw new UsageError(`--out ${out} exists and is not empty: choose a new folder`);
  const cfg = loadConfig(a);
  const templates = Object.fromEntries(
    RECIPE_TEMPLATE_FILES.map((f) => [f, readFileSync(join(RECIPE_TEMPLATES_DIR, f), 'utf8')]),
  );
  const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../package.json'), 'utf8')) as { version: string };
  const base = cfg.baseCheckpoint ?? (cfg.model.init === 'path' ? cfg.model.path : null);
  const given = flag(a, 'model');
  const model: RecipeModel = given
    ? {
        default: given,
        note: `\`--model\` default \`${given}\` (given to \`recipe --model\`)${base ? `; the experiment's base \`${base}\` is not used` : ''}`,
      }
    : base
      ? {
          default: 'base-model',
          note: `the experiment's base \`${base}\`, exported as a sentence-transformers folder to \`base-model/\` (the \`--model\` default)`,
        }
      : {
          default: null,
          note: 'a from-scratch tiny BERT (vocabulary learned from the training text) has no sentence-transformers counterpart: give `--model` a Hub id (e.g. `xlm-roberta-base`) or a model folder',
        };
  const files = buildRecipe({
    config: cfg,
    train: await loadRef(cfg.train),
    eval: await loadRef(cfg.eval),
    templates,
    model,
    toolVersion: `hybrid-batch-workbench ${pkg.version}`,
  });
  mkdirSync(out, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(out, rel)), { recursive: true });
    writeFileSync(join(out, rel), text);
  }
  if (!given && base) await exportBase(modelDir(base), join(out, 'base-model'));
  process.stderr.write(`recipe: ${Object.keys(files).length} files${!given && base ? ' + base-model/' : ''} → ${out}\n`);
}

/** The base as a sentence-transformers folder (what `cli export` writes), without a results card. */
async function exportBase(dir: string, out: string): Promise<void> {
  const files = readModelFolder(dir);
  await cliBackend('wasm');
  const encoder = createEncoder(files);
  try {
    writeModelFolder(out, await exportEncoder(encoder, cardInfoFromFolder(files, dir, undefined)));
  } finally {
    encoder.dispose();
  }
}
