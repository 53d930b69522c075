/**
 * Run folders under real failures: `kill -9` mid-run then --resume (results and event log equal an
 * uninterrupted run's), a kill in the middle of a checkpoint replacement (the folder states it leaves), a
 * second writer while the first is alive, and the resume rules (config must match, experiment.json needed,
 * a run killed before its first checkpoint says how to restart).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, cliAsync, readEvents, withoutTiming, writeTinyExperiment } from '../helpers/tiny-run';

const dir = mkdtempSync(join(tmpdir(), 'hbw-safety-'));
const cfg = writeTinyExperiment(dir);
const ref = join(dir, 'ref');
const results = (d: string) => withoutTiming(JSON.parse(readFileSync(join(d, 'results.json'), 'utf8')));

async function until(cond: () => boolean, what: string, ms = 120_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function expectSameAsReference(out: string): void {
  const ev = readEvents(out);
  expect(ev.filter((e) => e.type === 'start')).toHaveLength(1);
  expect(withoutTiming(ev)).toEqual(withoutTiming(readEvents(ref)));
  expect(results(out)).toEqual(results(ref));
}

describe('kill -9 and resume', () => {
  let killed: string;

  beforeAll(async () => {
    const r = cli(['train', '--config', cfg, '--out', ref, '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    killed = join(dir, 'killed');
    const child = cliAsync(['train', '--config', cfg, '--out', killed, '--quiet']);
    let stderr = '';
    child.stderr!.on('data', (b) => {
      stderr += String(b);
    });
    const exited = new Promise<void>((res) => child.on('exit', () => res()));
    const events = join(killed, 'events.jsonl');
    await until(
      () => existsSync(events) && readFileSync(events, 'utf8').includes('"type":"checkpoint"'),
      `the first checkpoint (stderr: ${stderr})`,
    );
    // Frozen, the writer is alive and holds the lock: a second writer must be refused, naming it.
    child.kill('SIGSTOP');
    try {
      const second = cli(['train', '--config', cfg, '--out', killed, '--overwrite']);
      expect(second.status).toBe(1);
      expect(second.stderr).toMatch(new RegExp(`in use by pid ${child.pid} on host .*/\\.lock exists`));
      const resumer = cli(['train', '--resume', killed]);
      expect(resumer.status).toBe(1);
      expect(resumer.stderr).toMatch(/in use by pid/);
    } finally {
      child.kill('SIGKILL');
    }
    await exited;
  }, 240_000);

  it('a plain train into the killed run is refused; --resume continues it to the uninterrupted result', () => {
    const copy = join(dir, 'killed-copy');
    cpSync(killed, copy, { recursive: true });
    const plain = cli(['train', '--config', cfg, '--out', copy]);
    expect(plain.status).toBe(1);
    expect(plain.stderr).toMatch(/stale lock of pid \d+/); // the killed writer's lock is taken over…
    expect(plain.stderr).toMatch(/holds an unfinished run\. Fix: continue it with --resume/); // …but its run is not replaced
    const r = cli(['train', '--resume', copy, '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(copy, '.lock'))).toBe(false);
    expectSameAsReference(copy);
  }, 120_000);

  it('a kill in the middle of the checkpoint replacement: checkpoint/ without config.json beside a complete checkpoint.tmp/', () => {
    const mid = join(dir, 'mid-replace');
    cpSync(killed, mid, { recursive: true });
    // What the old replacement left after a kill in its rmSync: the new checkpoint complete in .tmp, the old one half deleted.
    renameSync(join(mid, 'checkpoint'), join(mid, 'checkpoint.tmp'));
    cpSync(join(mid, 'checkpoint.tmp'), join(mid, 'checkpoint'), { recursive: true });
    for (const f of ['config.json', '.complete.json']) rmSync(join(mid, 'checkpoint', f));
    const r = cli(['train', '--resume', join(mid, 'checkpoint'), '--quiet']); // the checkpoint path is accepted too
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(mid, 'checkpoint.tmp'))).toBe(false);
    expectSameAsReference(mid);
  }, 120_000);

  it('killed during the final evaluation (last checkpoint written, no results.json): --resume evaluates and finishes', () => {
    const late = join(dir, 'late');
    cpSync(ref, late, { recursive: true });
    rmSync(join(late, 'results.json'));
    const r = cli(['train', '--resume', late, '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    expectSameAsReference(late);
  }, 120_000);

  it('resume refuses a different config, naming the fields; and a finished run', () => {
    const other = join(dir, 'killed-other');
    cpSync(killed, other, { recursive: true });
    const diff = writeTinyExperiment(dir, { lr: 0.01, batchSize: 8 });
    const r = cli(['train', '--resume', other, '--config', diff]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /cannot resume .* with a different config: batchSize \(requested 8, checkpoint 4\); lr \(requested 0\.01, checkpoint 0\.001\)/,
    );
    const steps = cli(['train', '--resume', other, '--steps', '9']);
    expect(steps.status).toBe(1);
    expect(steps.stderr).toMatch(/steps \(requested 9, checkpoint 6\)/);
    // The refused attempts changed nothing.
    expect(readFileSync(join(other, 'experiment.json'), 'utf8')).toBe(readFileSync(join(killed, 'experiment.json'), 'utf8'));
    const finished = cli(['train', '--resume', ref]);
    expect(finished.status).toBe(1);
    expect(finished.stderr).toMatch(/the run is finished \(step 6 of 6, results\.json written\)/);
  }, 120_000);

  it('resume without experiment.json, and before the first checkpoint, say what to do', () => {
    const noExp = join(dir, 'no-exp');
    cpSync(killed, noExp, { recursive: true });
    rmSync(join(noExp, 'experiment.json'));
    const r = cli(['train', '--resume', noExp]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/experiment\.json is missing.*Fix: start a new run with --config/);
    // What a kill before the first checkpoint leaves: experiment.json and the first events, no checkpoint.
    const early = join(dir, 'early');
    cpSync(killed, early, { recursive: true });
    for (const f of ['checkpoint', 'checkpoint.tmp', 'checkpoint.old']) rmSync(join(early, f), { recursive: true, force: true });
    writeFileSync(join(early, 'events.jsonl'), readFileSync(join(early, 'events.jsonl'), 'utf8').split('\n')[0] + '\n');
    const e = cli(['train', '--resume', early]);
    expect(e.status).toBe(1);
    expect(e.stderr).toMatch(
      /no complete checkpoint \(the run stopped before its first one; checkpointEvery = 2\)\. Fix: start it again with: npm run cli -- train --config .*experiment\.json --out .* --overwrite/,
    );
    const restart = cli(['train', '--config', join(early, 'experiment.json'), '--out', early, '--overwrite', '--quiet']);
    expect(restart.status, restart.stderr).toBe(0);
    expect(results(early)).toEqual(results(ref));
  }, 120_000);
});

describe('finished runs are kept', () => {
  it('train into a finished run is refused; --overwrite replaces only the run', () => {
    const out = join(dir, 'finished');
    cpSync(ref, out, { recursive: true });
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const before = readFileSync(join(out, 'results.json'), 'utf8');
    const r = cli(['train', '--config', cfg, '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/holds a finished run \(results\.json\)\. Fix: choose another --out, or add --overwrite/);
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe(before);
    const o = cli(['train', '--config', cfg, '--out', out, '--overwrite', '--quiet']);
    expect(o.status, o.stderr).toBe(0);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expectSameAsReference(out);
  }, 120_000);
});
