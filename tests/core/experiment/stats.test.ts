import { describe, expect, it } from 'vitest';
import {
  alignPaired,
  mulberry32,
  pairedBootstrapCI,
  pairedEffectSize,
  pairedRandomizationTest,
} from '../../../src/core/experiment/stats';

/** Box–Muller normal draws from the seeded PRNG. */
function normals(n: number, mu: number, sd: number, seed: number): number[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => mu + sd * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()));
}

describe('pairedRandomizationTest', () => {
  it('hand-made case: 5 equal positive differences → exact two-sided p = 2/32', () => {
    const r = pairedRandomizationTest([1, 1, 1, 1, 1], [0, 0, 0, 0, 0]);
    expect(r.exact).toBe(true);
    expect(r.permutations).toBe(32);
    expect(r.pValue).toBe(2 / 32);
    expect(r.meanDiff).toBe(1);
  });

  it('hand-made case: differences [3, -1, 2] → 4 of 8 sign assignments reach |mean| ≥ 4/3', () => {
    // Sums over sign flips: ±3 ±1 ±2 → {6, 4, 2, 0, 0, -2, -4, -6} (with d = [3, -1, 2], observed sum 4); |sum| ≥ 4: 6, 4, -4, -6.
    const r = pairedRandomizationTest([3, 0, 2], [0, 1, 0]);
    expect(r.pValue).toBe(4 / 8);
  });

  it('Monte Carlo p (10,000 seeded permutations) agrees with full enumeration and is reproducible', () => {
    const a = normals(18, 0.3, 1, 7),
      b = normals(18, 0, 1, 8);
    const exact = pairedRandomizationTest(a, b, { permutations: 2 ** 18 });
    expect(exact.exact).toBe(true);
    const mc = pairedRandomizationTest(a, b, { permutations: 10_000, seed: 3 });
    expect(mc.exact).toBe(false);
    expect(Math.abs(mc.pValue - exact.pValue)).toBeLessThan(0.015);
    expect(pairedRandomizationTest(a, b, { permutations: 10_000, seed: 3 }).pValue).toBe(mc.pValue);
  });

  it('identical systems give p = 1; a large consistent gain gives a small p', () => {
    const a = normals(40, 0.5, 0.1, 1);
    expect(pairedRandomizationTest(a, a).pValue).toBe(1);
    expect(
      pairedRandomizationTest(
        a.map((x) => x + 0.2),
        a,
      ).pValue,
    ).toBeLessThan(0.001);
  });
});

describe('pairedBootstrapCI', () => {
  it('the 95% CI contains the true mean difference', () => {
    const b = normals(200, 0.5, 0.2, 11);
    const a = b.map((x, i) => x + 0.1 + normals(200, 0, 0.3, 12)[i]);
    const ci = pairedBootstrapCI(a, b, { resamples: 10_000, seed: 5 });
    expect(ci.lo).toBeLessThan(0.1);
    expect(ci.hi).toBeGreaterThan(0.1);
    expect(ci.lo).toBeLessThan(ci.meanDiff);
    expect(ci.hi).toBeGreaterThan(ci.meanDiff);
  });

  it('covers the true mean in about 95% of repeated samples', () => {
    let covered = 0;
    const trials = 60;
    for (let t = 0; t < trials; t++) {
      const d = normals(50, 0.1, 0.3, 100 + t);
      const ci = pairedBootstrapCI(d, new Array(50).fill(0), { resamples: 2000, seed: t });
      if (ci.lo <= 0.1 && 0.1 <= ci.hi) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.85);
  });
});

describe('effect sizes and alignment', () => {
  it('Cohen d_z, wins/losses/ties and relative change', () => {
    const e = pairedEffectSize([2, 3, 4, 1], [1, 1, 2, 1]);
    // d = [1, 2, 2, 0]: mean 1.25, sd = sqrt(((-.25)² + .75² + .75² + 1.25²)/3) = sqrt(2.75/3)
    expect(e.meanDiff).toBeCloseTo(1.25, 12);
    expect(e.cohensDz).toBeCloseTo(1.25 / Math.sqrt(2.75 / 3), 12);
    expect([e.wins, e.losses, e.ties]).toEqual([3, 0, 1]);
    expect(e.relative).toBeCloseTo(2.5 / 1.25 - 1, 12);
  });

  it('alignPaired pairs common keys only, sorted', () => {
    const p = alignPaired({ 'en:2': 0.5, 'en:1': 1, 'sw:1': 0.2 }, { 'en:1': 0.5, 'en:2': 0.5 }, (k) => k.startsWith('en:'));
    expect(p.keys).toEqual(['en:1', 'en:2']);
    expect([...p.a]).toEqual([1, 0.5]);
    expect([...p.b]).toEqual([0.5, 0.5]);
  });
});
