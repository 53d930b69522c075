import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/core/experiment/config';
import { planSweep, runQueue, type SweepRun } from '../../../src/core/experiment/queue';

const base = resolveConfig({ name: 'x', steps: 10, seed: 7 });

describe('runQueue', () => {
  it('runs the plan in order, skips what the host can load, reports every outcome in plan order', async () => {
    const plan = planSweep(base, [0, 0.5, 1]);
    const calls: string[] = [];
    const q = await runQueue<SweepRun, number>(plan, {
      load: (r) => (r.alpha === 0.5 ? 50 : undefined),
      execute: async (r) => { calls.push(r.id); return r.alpha * 100; },
      onRun: (r, i, n, st) => calls.push(`${st}:${i}/${n}`),
    });
    expect(calls).toEqual(['start:0/3', 'alpha-0', 'done:0/3', 'skipped:1/3', 'start:2/3', 'alpha-1', 'done:2/3']);
    expect(q.results.map((r) => [r.run.id, r.result, r.skipped])).toEqual([['alpha-0', 0, false], ['alpha-0.5', 50, true], ['alpha-1', 100, false]]);
    expect(q).toMatchObject({ ran: ['alpha-0', 'alpha-1'], skipped: ['alpha-0.5'] });
  });

  it('a failing run ends the queue there; resuming with its predecessor loadable continues at it', async () => {
    const plan = planSweep(base, [0, 1]);
    const done = new Map<string, number>();
    let fail = true;
    const host = {
      load: (r: SweepRun) => done.get(r.id),
      execute: async (r: SweepRun) => { if (r.alpha === 1 && fail) throw new Error('reload'); done.set(r.id, r.alpha); return r.alpha; },
    };
    await expect(runQueue(plan, host)).rejects.toThrow('reload');
    fail = false;
    const q = await runQueue(plan, host);
    expect(q).toMatchObject({ ran: ['alpha-1'], skipped: ['alpha-0'] });
  });

  it('refuses two planned runs with one id', async () => {
    await expect(runQueue(planSweep(base, [0, 0]), { load: () => undefined, execute: async () => 1 })).rejects.toThrow(/share the id "alpha-0"/);
  });
});

describe('planSweep', () => {
  it('one validated config per α, same seed and everything else; CLI names by default, or the caller’s', () => {
    const plan = planSweep(base, [0, 1]);
    expect(plan.map((r) => [r.id, r.config.alpha, r.config.name, r.config.seed, r.config.steps])).toEqual([['alpha-0', 0, 'x-alpha0', 7, 10], ['alpha-1', 1, 'x-alpha1', 7, 10]]);
    expect(planSweep(base, [0.5], (a, i) => `α=${a} #${i}`)[0].config.name).toBe('α=0.5 #0');
    expect(() => planSweep(base, [2])).toThrow(/alpha/);
  });
});
