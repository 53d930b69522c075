/**
 * yieldPointOf (src/worker/yield.ts): work whose awaits resolve as microtasks (a tensor read on WASM) never lets
 * a queued message (a cancel) run; awaiting a yield point between units lets it run and then stops the work.
 */
import { describe, expect, it } from 'vitest';
import { yieldPointOf } from '../../src/worker/yield';

/** 200 units of work, each awaiting only a microtask, with `between` awaited after each. */
async function work(between: () => Promise<void>): Promise<number> {
  let units = 0;
  for (let i = 0; i < 200; i++) {
    await Promise.resolve();
    units++;
    await between();
  }
  return units;
}

describe('yieldPointOf', () => {
  it('without a macrotask turn a queued cancel only lands after the work is over', async () => {
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 0);
    const units = await work(async () => {
      if (ctrl.signal.aborted) throw new DOMException('x cancelled', 'AbortError');
    });
    expect(units).toBe(200);
    expect(ctrl.signal.aborted).toBe(false);
  });

  it('lets the queued cancel run and throws an AbortError naming the work', async () => {
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 0);
    const err = await work(yieldPointOf(ctrl.signal, 'evaluation')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DOMException);
    expect((err as DOMException).name).toBe('AbortError');
    expect((err as DOMException).message).toBe('evaluation cancelled');
  });

  it('never throws while the signal stays clear', async () => {
    expect(await work(yieldPointOf(new AbortController().signal, 'evaluation'))).toBe(200);
  });
});
