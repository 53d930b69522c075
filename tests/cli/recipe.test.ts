/**
 * `cli recipe` and `cli batches` end to end: the recipe folder (scripts, config, data, README, requirements, the
 * base exported as a sentence-transformers folder), `batches` = the recipe's `hybrid_sampler.py` byte for byte,
 * and one-line refusals (hard negatives, a world size that does not divide the batch, a non-empty --out).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pythonTest, runPython } from '../helpers/python';

const ROOT = resolve(import.meta.dirname, '../..');
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
const pyIt = pythonTest([]);

function config(dir: string, raw: Record<string, unknown>): string {
  const p = join(dir, 'experiment.json');
  writeFileSync(p, JSON.stringify(raw));
  return p;
}

describe('cli recipe + batches', () => {
  pyIt('writes the project; batches and hybrid_sampler.py agree byte for byte at W 1, 2, 4', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hbw-recipe-cli-'));
    const cfg = config(dir, { name: 'cli-recipe', alpha: 0.5, steps: 100, seed: 17, caps: { sw: 30 } });
    const out = join(dir, 'recipe');
    const r = cli(['recipe', '--config', cfg, '--out', out]);
    expect(r.stderr).toMatch(/recipe: \d+ files \+ base-model\/ →/);
    expect(r.status).toBe(0);
    for (const f of [
      'README.md',
      'requirements.txt',
      'experiment.json',
      'recipe.json',
      'train.py',
      'evaluate.py',
      'hybrid_sampler.py',
      'retrieval_metrics.py',
      'ddp_check.py',
      'data/train.jsonl',
      'data/eval.json',
      'base-model/modules.json',
      'base-model/model.safetensors',
    ]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    expect(JSON.parse(readFileSync(join(out, 'experiment.json'), 'utf8'))).toMatchObject({
      name: 'cli-recipe',
      alpha: 0.5,
      caps: { sw: 30 },
      baseCheckpoint: 'shipped:demo-base',
    });
    expect(JSON.parse(readFileSync(join(out, 'recipe.json'), 'utf8')).model).toBe('base-model');
    const first = JSON.parse(readFileSync(join(out, 'data/train.jsonl'), 'utf8').split('\n')[0]);
    expect(Object.keys(first)).toEqual(['id', 'lang', 'query', 'positive']);
    for (const w of [1, 2, 4]) {
      const ts = join(dir, `ts-${w}.jsonl`),
        py = join(dir, `py-${w}.jsonl`);
      const b = cli(['batches', '--config', cfg, '--steps', '300', '--world-size', String(w), '--out', ts]);
      expect(b.status, b.stderr).toBe(0);
      runPython([join(out, 'hybrid_sampler.py'), '--steps', '300', '--world-size', String(w), '--out', py]);
      expect(readFileSync(py, 'utf8')).toBe(readFileSync(ts, 'utf8'));
      expect(readFileSync(ts, 'utf8').trim().split('\n')).toHaveLength(300 * w);
    }
  });

  it('refuses hard negatives, an indivisible world size and a non-empty --out, in one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hbw-recipe-cli-'));
    const neg = cli(['recipe', '--config', config(dir, { hardNegatives: 'same-paragraph' }), '--out', join(dir, 'r')]);
    expect(neg.status).toBe(1);
    expect(neg.stderr.trim()).toMatch(
      /^error: config field "hardNegatives": "same-paragraph" has no sentence-transformers equivalent.*Fix: set "hardNegatives": "none"/,
    );
    const cfg = config(dir, { batchSize: 32 });
    const w = cli(['batches', '--config', cfg, '--steps', '5', '--world-size', '3', '--out', join(dir, 'b.jsonl')]);
    expect(w.status).toBe(2);
    expect(w.stderr).toMatch(/--world-size 3: batchSize 32 cannot be split over 3 processes/);
    writeFileSync(join(dir, 'busy'), 'x');
    const busy = cli(['recipe', '--config', cfg, '--out', dir]);
    expect(busy.status).toBe(2);
    expect(busy.stderr).toMatch(/exists and is not empty/);
  });
});
