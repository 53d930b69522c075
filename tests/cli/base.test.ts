import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href; // found from any working directory
const cli = (args: string[], cwd = ROOT) =>
  spawnSync(process.execPath, ['--import', TSX, join(ROOT, 'src/cli/main.ts'), ...args], { cwd, encoding: 'utf8' });

describe('cli: the shipped cross-lingual base', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hbw-base-'));

  it('the default experiment starts from shipped:demo-base (models/demo-base), from any working directory', () => {
    const out = join(dir, 'default');
    const cfg = join(dir, 'fast.json');
    // The default config with a short schedule (no "model" field: the default base stays).
    writeFileSync(cfg, JSON.stringify({ steps: 2, batchSize: 8, evalEvery: 0 }));
    const r = cli(['train', '--config', cfg, '--out', out], tmpdir());
    expect(r.status, r.stderr).toBe(0);
    const exp = JSON.parse(readFileSync(join(out, 'experiment.json'), 'utf8'));
    expect(exp.baseCheckpoint).toBe('shipped:demo-base');
    const res = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(res.lineage).toEqual(['pretrain:demo-lexicon.tsv;steps=1500;seed=42', 'shipped:demo-base']);
    expect(res.settings.crosslingual.map).toBeGreaterThan(0);
  }, 240_000);

  it('evaluates the shipped base alone by reference', () => {
    const out = join(dir, 'alone.json');
    const r = cli([
      'eval',
      '--retriever',
      'dense',
      '--model',
      'shipped:demo-base',
      '--data',
      'demo',
      '--max-queries-per-lang',
      '5',
      '--settings',
      'crosslingual',
      '--out',
      out,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).settings.crosslingual.map).toBeGreaterThan(0);
  }, 120_000);

  it('an unknown shipped base names what exists and the fix', () => {
    const cfg = join(dir, 'bad-base.json');
    writeFileSync(cfg, JSON.stringify({ baseCheckpoint: 'shipped:no-such-base', steps: 1 }));
    const r = cli(['train', '--config', cfg, '--out', join(dir, 'x')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /no shipped model "shipped:no-such-base": .* holds no config\.json \(shipped: shipped:demo-base\)\. Fix: use one of those/,
    );
  });

  it('pretrain config errors name the field and the fix before any work', () => {
    const cfg = join(dir, 'bad-pretrain.json');
    writeFileSync(cfg, JSON.stringify({ model: { hidden: 30, heads: 4 } }));
    const r = cli(['pretrain', '--lexicon', 'models/lexicon/demo-lexicon.tsv', '--config', cfg, '--out', join(dir, 'base')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/config field "model.heads": hidden 30 is not divisible by 4 heads\. Fix:/);
  });
});
