import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_SHARED, sharedPath } from '../helpers/shared';

const ROOT = resolve(import.meta.dirname, '../..');
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
const hasPython = spawnSync('python3', ['--version']).status === 0;

describe.skipIf(!HAS_SHARED)('cli eval', () => {
  it('writes results.json and a TREC run that an independent Python computation agrees with (1e-6)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hbw-eval-'));
    const out = join(dir, 'r.json'),
      run = join(dir, 'r.trec');
    const res = cli([
      'eval',
      '--data',
      sharedPath('data/xquad-r'),
      '--retriever',
      'bm25',
      '--langs',
      'en,de,zh,th',
      '--max-queries-per-lang',
      '15',
      '--out',
      out,
      '--run',
      run,
    ]);
    expect(res.status, res.stderr).toBe(0);
    const r = JSON.parse(readFileSync(out, 'utf8'));
    for (const s of ['monolingual', 'crosslingual', 'multilingual']) {
      for (const k of ['map', 'recall@1', 'recall@10', 'mrr@10', 'ndcg@10']) expect(typeof r.settings[s][k]).toBe('number');
      expect(Object.keys(r.settings[s].byQueryLang).sort()).toEqual(['de', 'en', 'th', 'zh']);
    }
    expect(r.settings.crosslingual.byPair['en>de'].queries).toBe(15);
    expect(r.languageBias.meanMaxRankDistance).toBeGreaterThan(0);
    expect(r.counts.queries).toBe(60);
    const lines = readFileSync(run, 'utf8').trim().split('\n');
    expect(lines.length).toBe(60 * r.counts.candidates);
    expect(lines[0]).toMatch(/^de:\S+ Q0 [a-z]{2}\/\d+\/\d+ 1 \S+ bm25$/);
    if (hasPython) {
      const check = execFileSync('python3', ['scripts/check_run.py', sharedPath('data/xquad-r'), run, out], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(check).toMatch(/^OK: \d+ values agree/);
    }
  });

  it('bad input prints one clear error line and exits 1 (no stack trace)', () => {
    const res = cli(['eval', '--data', join(ROOT, 'tests/cli'), '--out', '/tmp/x.json']);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/^error: .*tests\/cli: no known dataset layout/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('unknown options are usage errors (exit 2)', () => {
    const res = cli(['eval', '--dta', 'x']);
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/unknown option --dta/);
  });
});
