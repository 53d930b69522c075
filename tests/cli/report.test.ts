import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildManifest } from '../../src/core/bundle/manifest';
import { bundleZip } from '../../src/core/bundle/files';

const ROOT = resolve(import.meta.dirname, '../..');
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

describe('cli report', () => {
  it('writes one self-contained HTML file for a run folder and a bundle zip; a broken bundle is refused clearly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hbw-report-'));
    const folder = join(dir, 'bm25-run');
    mkdirSync(folder);
    const r = cli([
      'eval',
      '--data',
      'demo',
      '--retriever',
      'bm25',
      '--max-queries-per-lang',
      '3',
      '--out',
      join(folder, 'results.json'),
    ]);
    expect(r.status, r.stderr).toBe(0);
    writeFileSync(join(folder, 'experiment.json'), JSON.stringify({ name: 'bm25 baseline' }));
    const results = JSON.parse(readFileSync(join(folder, 'results.json'), 'utf8'));
    writeFileSync(
      join(folder, 'run.json'),
      JSON.stringify(
        buildManifest({ id: 'bm25', name: 'bm25 baseline', status: 'finished', origin: { tool: 'cli', version: '0.1.0' } }),
      ),
    );
    const zip = join(dir, 'copy.zip');
    writeFileSync(
      zip,
      bundleZip({
        manifest: buildManifest({ id: 'copy', name: 'copy', status: 'finished', origin: { tool: 'browser', version: '0.1.0' } }),
        experiment: { name: 'copy' },
        results,
      }),
    );
    const out = join(dir, 'report.html');
    const rep = cli(['report', '--runs', folder, zip, '--out', out]);
    expect(rep.status, rep.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<td>' + results.settings.multilingual.map.toFixed(4) + '</td>');
    expect(html).toContain('bm25 baseline');
    expect(html).not.toMatch(/<script/i);
    writeFileSync(join(folder, 'run.json'), '{"format": "hbw-run-bundle", "version": 7}');
    const bad = cli(['report', '--runs', folder, '--out', join(dir, 'r2.html')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/run\.json "version" is 7, newer than this workbench reads/);
  }, 120_000);
});
