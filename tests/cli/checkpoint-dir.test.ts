/**
 * The checkpoint replacement protocol, folder state by folder state: every state a kill can leave between
 * the steps of writeCheckpoint recovers to the newest complete checkpoint; half-written folders never win.
 * And the event-log trim that makes a resumed log equal an uninterrupted one.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { completeStep, recoverCheckpoint, writeCheckpoint } from '../../src/cli/checkpoint-dir';
import { checkNewRun, diffFields, trimEventLog } from '../../src/cli/run-folder';
import { lockRunFolder } from '../../src/cli/run-lock';

const enc = (s: string) => new TextEncoder().encode(s);
/** A checkpoint's files (contents only matter for their sizes and the step they carry). */
const files = (step: number) => ({
  'config.json': enc('{}'),
  'model.safetensors': enc('w'.repeat(100 + step)),
  'trainer_state.json': enc(JSON.stringify({ step })),
  'optimizer.safetensors': enc('o'.repeat(50)),
});
const stepIn = (d: string) => JSON.parse(readFileSync(join(d, 'trainer_state.json'), 'utf8')).step;
const run = () => mkdtempSync(join(tmpdir(), 'hbw-ckpt-'));

describe('atomic checkpoint replacement', () => {
  it('writes a complete checkpoint and leaves nothing beside it', () => {
    const d = run();
    writeCheckpoint(d, files(2), 2);
    writeCheckpoint(d, files(4), 4);
    expect(completeStep(join(d, 'checkpoint'))).toBe(4);
    expect(existsSync(join(d, 'checkpoint.tmp')) || existsSync(join(d, 'checkpoint.old'))).toBe(false);
  });

  // Each state: what a kill between two steps of writeCheckpoint(step 4) over a checkpoint of step 2 leaves.
  const states: Array<[string, (d: string) => void, number]> = [
    [
      'killed while writing tmp (no marker yet)',
      (d) => {
        mkdirSync(join(d, 'checkpoint.tmp'));
        writeFileSync(join(d, 'checkpoint.tmp', 'model.safetensors'), 'partial');
      },
      2,
    ],
    [
      'tmp complete, old checkpoint still in place',
      (d) => {
        writeCheckpointTo(d, 'checkpoint.tmp', 4);
      },
      4,
    ],
    [
      'between the renames: old + tmp, no checkpoint/',
      (d) => {
        renameSync(join(d, 'checkpoint'), join(d, 'checkpoint.old'));
        writeCheckpointTo(d, 'checkpoint.tmp', 4);
      },
      4,
    ],
    [
      'renamed, old not yet removed',
      (d) => {
        renameSync(join(d, 'checkpoint'), join(d, 'checkpoint.old'));
        writeCheckpointTo(d, 'checkpoint', 4);
      },
      4,
    ],
    [
      'checkpoint/ half deleted beside a complete tmp (the old rm-then-rename)',
      (d) => {
        writeCheckpointTo(d, 'checkpoint.tmp', 4);
        rmSync(join(d, 'checkpoint', 'config.json'));
        rmSync(join(d, 'checkpoint', '.complete.json'));
      },
      4,
    ],
    [
      'tmp with a truncated file',
      (d) => {
        writeCheckpointTo(d, 'checkpoint.tmp', 4);
        truncateSync(join(d, 'checkpoint.tmp', 'model.safetensors'), 10);
      },
      2,
    ],
  ];
  for (const [name, make, expected] of states) {
    it(`recovers: ${name} → step ${expected}`, () => {
      const d = run();
      writeCheckpoint(d, files(2), 2);
      make(d);
      expect(recoverCheckpoint(d)).toBe(expected);
      expect(stepIn(join(d, 'checkpoint'))).toBe(expected);
      expect(existsSync(join(d, 'checkpoint.tmp')) || existsSync(join(d, 'checkpoint.old'))).toBe(false);
      // …and the next save works from there.
      writeCheckpoint(d, files(6), 6);
      expect(completeStep(join(d, 'checkpoint'))).toBe(6);
    });
  }

  it('no complete checkpoint at all: undefined, and nothing is deleted', () => {
    const d = run();
    mkdirSync(join(d, 'checkpoint.tmp'));
    writeFileSync(join(d, 'checkpoint.tmp', 'config.json'), '{}');
    expect(recoverCheckpoint(d)).toBeUndefined();
    expect(existsSync(join(d, 'checkpoint.tmp', 'config.json'))).toBe(true);
  });

  it('a marker-less checkpoint/ of an older version counts when it has every file a resume needs', () => {
    const d = run();
    writeCheckpointTo(d, 'checkpoint', 3);
    rmSync(join(d, 'checkpoint', '.complete.json'));
    expect(recoverCheckpoint(d)).toBe(3);
  });
});

function writeCheckpointTo(d: string, sub: string, step: number): void {
  const tmp = run();
  writeCheckpoint(tmp, files(step), step);
  rmSync(join(d, sub), { recursive: true, force: true });
  renameSync(join(tmp, 'checkpoint'), join(d, sub));
}

describe('event log trim on resume', () => {
  const ev = (o: object) => JSON.stringify(o);
  const start = ev({ type: 'start', runId: 'r', startStep: 0 });
  const lines = (n: number) =>
    Array.from({ length: n }, (_, i) => [ev({ type: 'composition', step: i }), ev({ type: 'step', step: i + 1 })]).flat();

  it('cuts after the checkpoint event of the step; drops later steps, evals, errors and a torn last line', () => {
    const d = run();
    const log = [
      start,
      ...lines(2),
      ev({ type: 'eval', step: 2, final: false }),
      ev({ type: 'checkpoint', step: 2, path: 'checkpoint' }),
      ...lines(4).slice(4),
      ev({ type: 'eval', step: 4, final: false }),
      '{"type":"comp',
    ];
    writeFileSync(join(d, 'events.jsonl'), log.join('\n'));
    expect(trimEventLog(d, 2, 'checkpoint').kept).toBe(7);
    expect(readFileSync(join(d, 'events.jsonl'), 'utf8')).toBe(log.slice(0, 7).join('\n') + '\n');
  });

  it('restores the checkpoint event when the kill came between saving and logging it', () => {
    const d = run();
    writeFileSync(join(d, 'events.jsonl'), [start, ...lines(2), ev({ type: 'eval', step: 2, final: false })].join('\n') + '\n');
    trimEventLog(d, 2, 'checkpoint');
    const out = readFileSync(join(d, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((e) => e.type)).toEqual(['start', 'composition', 'step', 'composition', 'step', 'eval', 'checkpoint']);
    expect(out.at(-1)).toEqual({ type: 'checkpoint', step: 2, path: 'checkpoint' });
  });
});

describe('run folder rules', () => {
  it('a lock is exclusive, names its holder, and is taken over when its pid is dead', () => {
    const d = run();
    const release = lockRunFolder(d);
    expect(() => lockRunFolder(d)).toThrow(/already being written by this command/);
    release();
    // A lock of a live process (this one, as if another command held it): refused with pid and host.
    writeFileSync(join(d, '.lock'), JSON.stringify({ pid: process.ppid, host: hostname(), started: 'then', command: 'train' }));
    expect(() => lockRunFolder(d)).toThrow(new RegExp(`in use by pid ${process.ppid} on host .* since then \\(train\\)`));
    // A dead pid on this host: stale, taken over.
    writeFileSync(
      join(d, '.lock'),
      JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), started: 'then', command: 'train' }),
    );
    const r2 = lockRunFolder(d);
    expect(JSON.parse(readFileSync(join(d, '.lock'), 'utf8')).pid).toBe(process.pid);
    r2();
    expect(existsSync(join(d, '.lock'))).toBe(false);
  });

  it('finished and unfinished runs are refused without --overwrite', () => {
    const d = run();
    expect(checkNewRun(d, {})).toBe('empty');
    writeFileSync(join(d, 'experiment.json'), '{}');
    expect(() => checkNewRun(d, {})).toThrow(/unfinished run\. Fix: continue it with --resume/);
    expect(checkNewRun(d, { restartUnfinished: true })).toBe('unfinished');
    writeFileSync(join(d, 'results.json'), '{}');
    expect(() => checkNewRun(d, { restartUnfinished: true })).toThrow(/finished run \(results\.json\)/);
    expect(checkNewRun(d, { overwrite: true })).toBe('finished');
  });

  it('config differences are named field by field', () => {
    expect(diffFields({ a: 1, m: { h: 2, l: 1 }, x: [1] }, { a: 1, m: { h: 3, l: 1 }, x: [2], y: 0 })).toEqual(['m.h', 'x', 'y']);
  });
});
