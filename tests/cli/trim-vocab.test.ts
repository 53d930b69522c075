/**
 * `cli trim-vocab` end to end on tiny-xlmr and the embedded demo data: the folder it writes loads, embeds
 * the demo's texts like the original, reports parameter counts (stderr + trim.json) and exports; bad usage
 * is one clear line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureDir, hasFixture } from '../core/model/fixtures';

const ROOT = resolve(import.meta.dirname, '../..');
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

describe.skipIf(!hasFixture('tiny-xlmr'))('cli trim-vocab', () => {
  it('trims tiny-xlmr to the demo texts, checks embeddings, reports parameters, exports', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hbw-trim-'));
    const out = join(dir, 'trimmed');
    const r = cli([
      'trim-vocab',
      '--model',
      fixtureDir('tiny-xlmr'),
      '--data',
      'demo',
      '--keep-top',
      '3',
      '--out',
      out,
      '--check',
      '64',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/vocabulary 224 → \d+ rows: .*texts re-tokenized identically/);
    expect(r.stderr).toMatch(/parameters 27,520 → [\d,]+ \(word embeddings 7,168 → [\d,]+\)/);
    expect(r.stderr).toMatch(/embeddings of 64 covered texts: max \|original − trimmed\| = 0\.00e\+0/);
    const report = JSON.parse(readFileSync(join(out, 'trim.json'), 'utf8'));
    expect(report.after.rows).toBe(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).vocab_size);
    expect(report.before.total - report.after.total).toBe((report.before.rows - report.after.rows) * 32);
    expect(JSON.parse(readFileSync(join(out, 'lineage.json'), 'utf8')).lineage.at(-1)).toBe('trim-vocab: demo + top 3');
    const st = join(dir, 'st');
    const e = cli(['export', '--model', out, '--out', st]);
    expect(e.status, e.stderr).toBe(0);
    expect(existsSync(join(st, 'modules.json'))).toBe(true);

    const again = cli(['trim-vocab', '--model', fixtureDir('tiny-xlmr'), '--data', 'demo', '--out', out]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/--out .* exists and is not empty/);
    expect(cli(['trim-vocab', '--model', fixtureDir('tiny-xlmr')]).stderr).toMatch(/trim-vocab needs --model, --data and --out/);
  });
});
