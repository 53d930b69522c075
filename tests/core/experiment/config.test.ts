import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG, configFromUrlParam, configToUrlParam, resolveConfig } from '../../../src/core/experiment/config';

describe('ExperimentConfig', () => {
  it('fills documented defaults', () => {
    const c = resolveConfig({});
    expect(c).toEqual(DEFAULT_CONFIG);
    expect(c.alpha).toBe(0.5);
    expect(c.temperature).toBe(0.05);
  });

  it('rejects bad values naming the field and the fix', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ alpha: 1.5 }, /"alpha": 1.5 is out of range\. Fix: use a value between 0 and 1/],
      [{ batchSize: 3.5 }, /"batchSize".*not an integer/],
      [{ alpa: 0.5 }, /"alpa": unknown field/],
      [{ lossVariant: 'x' }, /"lossVariant"/],
      [{ caps: { sw: -1 } }, /"caps.sw"/],
      [{ model: { init: 'scratch', hidden: 30, heads: 4 } }, /"model.heads".*not divisible/],
      [{ train: { source: 'path' } }, /"train.path"/],
      [{ langs: 'en' }, /"langs"/],
    ];
    for (const [raw, re] of cases) {
      expect(() => resolveConfig(raw)).toThrow(ConfigError);
      expect(() => resolveConfig(raw)).toThrow(re);
    }
  });

  it('round-trips through the URL with only non-default fields', () => {
    const c = resolveConfig({ alpha: 0.25, seed: 7, caps: { sw: 50 }, heldOutLangs: ['hi'] });
    const p = configToUrlParam(c);
    expect(p).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(configFromUrlParam(p)).toEqual(c);
    expect(configToUrlParam(resolveConfig({}))).toBe('e30'); // "{}"
    expect(() => configFromUrlParam('%%%')).toThrow(/not readable/);
  });
});
