import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/core/experiment/config';
import {
  alphaProblem,
  parseNumberList,
  planSweep,
  runQueue,
  seedProblem,
  type SweepRun,
} from '../../../src/core/experiment/queue';

const base = resolveConfig({ name: 'x', steps: 10, seed: 7 });

describe('runQueue', () => {
  it('runs the plan in order, skips what the host can load, reports every outcome in plan order', async () => {
    const plan = planSweep(base, [0, 0.5, 1]);
    const calls: string[] = [];
    const q = await runQueue<SweepRun, number>(plan, {
      load: (r) => (r.alpha === 0.5 ? 50 : undefined),
      execute: async (r) => {
        calls.push(r.id);
        return r.alpha * 100;
      },
      onRun: (r, i, n, st) => calls.push(`${st}:${i}/${n}`),
    });
    expect(calls).toEqual(['start:0/3', 'alpha-0', 'done:0/3', 'skipped:1/3', 'start:2/3', 'alpha-1', 'done:2/3']);
    expect(q.results.map((r) => [r.run.id, r.result, r.skipped])).toEqual([
      ['alpha-0', 0, false],
      ['alpha-0.5', 50, true],
      ['alpha-1', 100, false],
    ]);
    expect(q).toMatchObject({ ran: ['alpha-0', 'alpha-1'], skipped: ['alpha-0.5'] });
  });

  it('a failing run ends the queue there; resuming with its predecessor loadable continues at it', async () => {
    const plan = planSweep(base, [0, 1]);
    const done = new Map<string, number>();
    let fail = true;
    const host = {
      load: (r: SweepRun) => done.get(r.id),
      execute: async (r: SweepRun) => {
        if (r.alpha === 1 && fail) throw new Error('reload');
        done.set(r.id, r.alpha);
        return r.alpha;
      },
    };
    await expect(runQueue(plan, host)).rejects.toThrow('reload');
    fail = false;
    const q = await runQueue(plan, host);
    expect(q).toMatchObject({ ran: ['alpha-1'], skipped: ['alpha-0'] });
  });

  it('refuses two planned runs with one id', async () => {
    await expect(runQueue(planSweep(base, [0, 0]), { load: () => undefined, execute: async () => 1 })).rejects.toThrow(
      /share the id "alpha-0"/,
    );
  });
});

describe('planSweep', () => {
  it('one validated config per α, same seed and everything else; CLI names by default, or the caller’s', () => {
    const plan = planSweep(base, [0, 1]);
    expect(plan.map((r) => [r.id, r.config.alpha, r.config.name, r.config.seed, r.config.steps])).toEqual([
      ['alpha-0', 0, 'x-alpha0', 7, 10],
      ['alpha-1', 1, 'x-alpha1', 7, 10],
    ]);
    expect(planSweep(base, [0.5], (a, i) => `α=${a} #${i}`)[0].config.name).toBe('α=0.5 #0');
    expect(() => planSweep(base, [2])).toThrow(/alpha/);
  });
});

describe('planSweep with a seed list', () => {
  it('one run per α and seed, seeds inner, each with its own id, name and seed; nothing else differs', () => {
    const plan = planSweep(base, [0, 1], undefined, [42, 43, 44]);
    expect(plan.map((r) => [r.id, r.alpha, r.seed, r.config.alpha, r.config.seed, r.config.name])).toEqual([
      ['alpha-0-seed-42', 0, 42, 0, 42, 'x-alpha0-seed42'],
      ['alpha-0-seed-43', 0, 43, 0, 43, 'x-alpha0-seed43'],
      ['alpha-0-seed-44', 0, 44, 0, 44, 'x-alpha0-seed44'],
      ['alpha-1-seed-42', 1, 42, 1, 42, 'x-alpha1-seed42'],
      ['alpha-1-seed-43', 1, 43, 1, 43, 'x-alpha1-seed43'],
      ['alpha-1-seed-44', 1, 44, 1, 44, 'x-alpha1-seed44'],
    ]);
    const strip = (c: (typeof plan)[number]['config']) => ({ ...c, alpha: 0, seed: 0, name: '' });
    expect(new Set(plan.map((r) => JSON.stringify(strip(r.config)))).size).toBe(1);
    // Without seeds: the plan as before (ids are the CLI's folder names), the base's seed.
    expect(planSweep(base, [0.5]).map((r) => [r.id, r.seed])).toEqual([['alpha-0.5', 7]]);
    expect(planSweep(base, [0.5], (a, i, s) => `α=${a} #${i} s${s}`, [1, 2]).map((r) => r.config.name)).toEqual([
      'α=0.5 #0 s1',
      'α=0.5 #1 s2',
    ]);
    expect(() => planSweep(base, [0], undefined, [])).toThrow(/seed list is empty/);
    expect(() => planSweep(base, [0], undefined, [3, 3])).toThrow(/seed 3 is listed twice/);
  });

  it('runs α × seeds through the queue; a resumed queue skips the finished ones', async () => {
    const plan = planSweep(base, [0, 1], undefined, [1, 2]);
    const done = new Set(['alpha-0-seed-1', 'alpha-0-seed-2']);
    const q = await runQueue<SweepRun, string>(plan, {
      load: (r) => (done.has(r.id) ? r.id : undefined),
      execute: async (r) => r.id,
    });
    expect(q).toMatchObject({ skipped: ['alpha-0-seed-1', 'alpha-0-seed-2'], ran: ['alpha-1-seed-1', 'alpha-1-seed-2'] });
  });
});

describe('parseNumberList (the sweep form)', () => {
  it('reads commas or spaces, refuses what is not a valid value in one line naming the list', () => {
    expect(parseNumberList('42, 43 44', 'seeds', seedProblem)).toEqual([42, 43, 44]);
    expect(parseNumberList(' 0,0.5 ,1 ', 'α values', alphaProblem)).toEqual([0, 0.5, 1]);
    expect(() => parseNumberList('', 'seeds', seedProblem)).toThrow(/^seeds: the list is empty\. Fix: .*42, 43, 44/);
    expect(() => parseNumberList('42, x', 'seeds', seedProblem)).toThrow(/^seeds: "x" is not a number\. Fix/);
    expect(() => parseNumberList('1.5', 'seeds', seedProblem)).toThrow(/"1\.5" is not a whole number/);
    expect(() => parseNumberList('0, 2', 'α values', alphaProblem)).toThrow(/^α values: "2" is not in \[0, 1\]/);
    expect(() => parseNumberList('0.5, 0.50', 'α values', alphaProblem)).toThrow(/0\.5 is listed twice \("0\.5" and "0\.50"\)/);
  });
});
