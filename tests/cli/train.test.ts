import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_SHARED, sharedPath } from '../helpers/shared';
import { readBundle } from '../../src/core/bundle/files';
import { readFolderFiles } from '../../src/cli/bundle-io';

const ROOT = resolve(import.meta.dirname, '../..');
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
const events = (dir: string) =>
  readFileSync(join(dir, 'events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe.skipIf(!HAS_SHARED)('cli train / sweep on a pre-trained folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hbw-train-'));
  const cfgPath = join(dir, 'experiment.json');
  writeFileSync(
    cfgPath,
    JSON.stringify({
      name: 'tiny-bert',
      model: { init: 'path', path: sharedPath('fixtures/tiny-bert') },
      steps: 4,
      batchSize: 4,
      evalEvery: 0,
      evalMaxQueriesPerLang: 2,
      maxLength: 16,
      langs: ['en', 'de'],
      eval: { source: 'demo', split: 'eval' },
    }),
  );

  it('trains, checkpoints in the HF layout, evaluates; a finished run is neither resumed nor extended', () => {
    const out = join(dir, 'run');
    const r = cli(['train', '--config', cfgPath, '--out', out, '--steps', '2']);
    expect(r.status, r.stderr).toBe(0);
    for (const f of ['config.json', 'model.safetensors', 'tokenizer.json', 'trainer_state.json', 'optimizer.safetensors'])
      expect(existsSync(join(out, 'checkpoint', f))).toBe(true);
    const res = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(res.settings.multilingual.map).toBeGreaterThan(0);
    expect(res.lineage).toEqual([sharedPath('fixtures/tiny-bert')]);
    expect(JSON.parse(readFileSync(join(out, 'experiment.json'), 'utf8')).steps).toBe(2);
    // The run folder is a run bundle: run.json names the format, version and files, and the reader accepts it.
    const manifest = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(manifest).toMatchObject({
      format: 'hbw-run-bundle',
      version: 1,
      status: 'finished',
      origin: { tool: 'cli' },
      lineage: [sharedPath('fixtures/tiny-bert')],
      files: {
        experiment: 'experiment.json',
        results: 'results.json',
        events: 'events.jsonl',
        evaluations: 'evaluations.jsonl',
        checkpoint: 'checkpoint/',
      },
    });
    expect(manifest.environment.backend).toMatch(/wasm|cpu/);
    const bundle = readBundle(readFolderFiles(out), out);
    expect(bundle.evaluations!.at(-1)!.final).toBe(true);
    expect(bundle.results!.settings.multilingual!.map).toBe(res.settings.multilingual.map);
    // A 4-step config is not the run's (its learning-rate schedule differs): refused, naming the field; nothing changes.
    const cfg4 = join(dir, 'four.json');
    writeFileSync(cfg4, JSON.stringify({ ...JSON.parse(readFileSync(cfgPath, 'utf8')), steps: 4 }));
    const r2 = cli(['train', '--config', cfg4, '--out', out, '--resume', join(out, 'checkpoint')]);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toMatch(/with a different config: steps \(requested 4, checkpoint 2\)/);
    const steps = events(out)
      .filter((e) => e.type === 'step')
      .map((e) => e.step);
    expect(steps).toEqual([1, 2]);
  }, 180_000);

  it('sweeps α and writes a summary per α', () => {
    const out = join(dir, 'sweep');
    const r = cli(['sweep', '--config', cfgPath, '--alphas', '0,1', '--out', out, '--steps', '1']);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(s.runs.map((x: { alpha: number }) => x.alpha)).toEqual([0, 1]);
    for (const a of ['0', '1'])
      expect(JSON.parse(readFileSync(join(out, `alpha-${a}`, 'run.json'), 'utf8'))).toMatchObject({
        format: 'hbw-run-bundle',
        version: 1,
        status: 'finished',
      });
    for (const run of s.runs) {
      expect(typeof run.multilingual.map).toBe('number');
      expect(typeof run.languageBias).toBe('number');
    }
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/\| α \| mono mAP/);
  }, 180_000);

  it('config errors name the field and the fix', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ alpha: 2 }));
    const r = cli(['train', '--config', bad, '--out', join(dir, 'x')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/config field "alpha": 2 is out of range\. Fix:/);
  });
});
