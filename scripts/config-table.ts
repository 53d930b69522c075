/**
 * The README's config tables, generated from the declarations (EXPERIMENT_FIELDS, PRETRAIN_FIELDS): prints them,
 * or with --write replaces the text between the README's `<!-- config-table:NAME -->` and `<!-- /config-table -->`
 * markers. tests/scripts/config-table.test.ts fails while the README and the declarations disagree.
 *
 *   npx tsx scripts/config-table.ts --write
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXPERIMENT_FIELDS, SCRATCH_MODEL_FIELDS } from '../src/core/experiment/config';
import { markdownTable } from '../src/core/experiment/schema';
import { PRETRAIN_FIELDS, PRETRAIN_MODEL_FIELDS } from '../src/core/train/pretrain-config';

export const CONFIG_TABLES: Record<string, string> = {
  experiment: markdownTable(EXPERIMENT_FIELDS),
  'experiment-model': markdownTable(SCRATCH_MODEL_FIELDS, 'model.'),
  pretrain: markdownTable(PRETRAIN_FIELDS),
  'pretrain-model': markdownTable(PRETRAIN_MODEL_FIELDS, 'model.'),
};

const MARKED = /(<!-- config-table:([\w-]+) -->)[\s\S]*?(<!-- \/config-table -->)/g;

/** `readme` with every marked table replaced by the generated one; throws on a marker naming no table. */
export function withTables(readme: string): string {
  return readme.replace(MARKED, (_, open: string, name: string, close: string) => {
    const t = CONFIG_TABLES[name];
    if (t === undefined)
      throw new Error(`README: unknown config table "${name}". Fix: use one of ${Object.keys(CONFIG_TABLES).join(', ')}`);
    return `${open}\n${t}\n${close}`;
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = new URL('../README.md', import.meta.url);
  if (process.argv.includes('--write')) writeFileSync(path, withTables(readFileSync(path, 'utf8')));
  else
    for (const [name, t] of Object.entries(CONFIG_TABLES))
      console.log(`<!-- config-table:${name} -->\n${t}\n<!-- /config-table -->\n`);
}
