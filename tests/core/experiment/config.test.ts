import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG, configFromUrlParam, configToUrlParam, resolveConfig } from '../../../src/core/experiment/config';

describe('ExperimentConfig', () => {
  it('fills documented defaults', () => {
    const c = resolveConfig({});
    expect(c).toEqual(DEFAULT_CONFIG);
    expect(c.alpha).toBe(0.5);
    expect(c.temperature).toBe(0.05);
    expect(c.baseCheckpoint).toBe('shipped:demo-base'); // the shipped lexicon base is the default start
  });

  it('starts from scratch when the config names a model but no base, or sets the base to null', () => {
    const scratch = { init: 'scratch', vocabSize: 500, hidden: 16, layers: 1, heads: 2, intermediate: 32 } as const;
    expect(resolveConfig({ model: scratch }).baseCheckpoint).toBeNull();
    expect(resolveConfig({ model: { init: 'path', path: 'x' } }).baseCheckpoint).toBeNull();
    expect(resolveConfig({ baseCheckpoint: null }).baseCheckpoint).toBeNull();
    expect(resolveConfig({ model: scratch, baseCheckpoint: 'idb:bases/b1' }).baseCheckpoint).toBe('idb:bases/b1');
    expect(resolveConfig({ alpha: 0 }).baseCheckpoint).toBe('shipped:demo-base');
  });

  it('rejects a malformed baseCheckpoint naming the field and the fix', () => {
    for (const bad of ['shipped:../etc', 'shipped:', '', '  ', 42]) {
      expect(() => resolveConfig({ baseCheckpoint: bad } as never)).toThrow(/config field "baseCheckpoint".*Fix: use "shipped:demo-base"/);
    }
  });

  it('keeps the start in the URL when the model changes (a link never turns a base run into a scratch run)', () => {
    const fromBase = resolveConfig({ ...DEFAULT_CONFIG, model: { init: 'scratch', vocabSize: 500, hidden: 16, layers: 1, heads: 2, intermediate: 32 } });
    expect(fromBase.baseCheckpoint).toBe('shipped:demo-base');
    expect(configFromUrlParam(configToUrlParam(fromBase))).toEqual(fromBase);
    const scratch = resolveConfig({ baseCheckpoint: null });
    expect(configFromUrlParam(configToUrlParam(scratch))).toEqual(scratch);
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
