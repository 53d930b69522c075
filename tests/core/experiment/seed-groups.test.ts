import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/core/experiment/config';
import { configKey, summariseSeeds } from '../../../src/core/experiment/seed-groups';

describe('seed groups', () => {
  it('groups configs that differ only in seed and name, and separates any other difference', () => {
    const a = resolveConfig({ seed: 1, name: 'x' }),
      b = resolveConfig({ seed: 2, name: 'y' }),
      c = resolveConfig({ seed: 1, alpha: 0 });
    expect(configKey(a)).toBe(configKey(b));
    expect(configKey(a)).not.toBe(configKey(c));
    const m = resolveConfig({
      model: { init: 'scratch', vocabSize: 6000, hidden: 32, layers: 2, heads: 2, intermediate: 128 },
      baseCheckpoint: null,
    });
    const n = resolveConfig({
      model: { init: 'scratch', vocabSize: 6000, hidden: 64, layers: 2, heads: 2, intermediate: 128 },
      baseCheckpoint: null,
    });
    expect(configKey(m)).not.toBe(configKey(n)); // nested fields count
  });

  it('gives mean ± the 95 % t interval (hand-computed for 3 seeds)', () => {
    const s = summariseSeeds([0.2, 0.3, 0.4]);
    expect(s.mean).toBeCloseTo(0.3, 12);
    expect(s.sd).toBeCloseTo(0.1, 12);
    expect(s.half).toBeCloseTo((4.303 * 0.1) / Math.sqrt(3), 12);
    expect(summariseSeeds([0.5])).toEqual({ n: 1, mean: 0.5, half: 0, sd: 0 });
  });
});
