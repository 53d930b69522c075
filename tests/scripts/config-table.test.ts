import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_TABLES, withTables } from '../../scripts/config-table';

describe('README config tables', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  it('equal the tables generated from the declarations (fix: npx tsx scripts/config-table.ts --write)', () => {
    for (const name of Object.keys(CONFIG_TABLES)) expect(readme).toContain(`<!-- config-table:${name} -->`);
    expect(withTables(readme)).toBe(readme);
  });

  it('would catch a README row that disagrees with the declaration', () => {
    const edited = readme.replace('| `alpha` | `0.5` |', '| `alpha` | `0.7` |');
    expect(edited).not.toBe(readme);
    expect(withTables(edited)).not.toBe(edited);
  });
});
