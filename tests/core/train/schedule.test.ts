import { describe, it, expect } from 'vitest';
import { lrAt } from '../../../src/core/train/schedule';

// Pure arithmetic, no tensors: no backend needed.
describe('lrAt (transformers get_linear_schedule_with_warmup)', () => {
  const s = { lr: 2e-5, warmupSteps: 10, totalSteps: 110 };
  it('warms up linearly from 0 (step 0 → 0 when warmup > 0)', () => {
    expect(lrAt(0, s)).toBe(0);
    expect(lrAt(1, s)).toBeCloseTo(2e-6, 15);
    expect(lrAt(5, s)).toBeCloseTo(1e-5, 15);
  });
  it('peaks at the end of warm-up and decays linearly to 0 at totalSteps', () => {
    expect(lrAt(10, s)).toBeCloseTo(2e-5, 15);
    expect(lrAt(60, s)).toBeCloseTo(1e-5, 15);
    expect(lrAt(109, s)).toBeCloseTo(2e-7, 15);
    expect(lrAt(110, s)).toBe(0);
    expect(lrAt(500, s)).toBe(0);
  });
  it('matches the lambda formula at every step', () => {
    for (let t = 0; t <= 120; t++) {
      const f = t < 10 ? t / Math.max(1, 10) : Math.max(0, (110 - t) / Math.max(1, 110 - 10));
      expect(lrAt(t, s)).toBeCloseTo(2e-5 * f, 15);
    }
  });
  it('without warm-up the first step uses the full rate', () => {
    expect(lrAt(0, { lr: 1e-3, warmupSteps: 0, totalSteps: 4 })).toBe(1e-3);
    expect(lrAt(2, { lr: 1e-3, warmupSteps: 0, totalSteps: 4 })).toBeCloseTo(5e-4, 15);
  });
  it('guards degenerate settings like transformers (max(1, ·) denominators)', () => {
    expect(lrAt(0, { lr: 1, warmupSteps: 5, totalSteps: 5 })).toBe(0);
    expect(lrAt(5, { lr: 1, warmupSteps: 5, totalSteps: 5 })).toBe(0);
    expect(() => lrAt(-1, s)).toThrow(/step/);
    expect(() => lrAt(0, { ...s, lr: NaN })).toThrow(/lr/);
  });
});
