import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_CONFIG,
  configFromUrlParam,
  configToUrlParam,
  resolveConfig,
} from '../../../src/core/experiment/config';

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
      expect(() => resolveConfig({ baseCheckpoint: bad } as never)).toThrow(
        /config field "baseCheckpoint".*Fix: use "shipped:demo-base"/,
      );
    }
  });

  it('keeps the start in the URL when the model changes (a link never turns a base run into a scratch run)', () => {
    const fromBase = resolveConfig({
      ...DEFAULT_CONFIG,
      model: { init: 'scratch', vocabSize: 500, hidden: 16, layers: 1, heads: 2, intermediate: 32 },
    });
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

  it('keeps the documented defaults (the declaration reproduces the config before it)', () => {
    expect(JSON.stringify(DEFAULT_CONFIG)).toBe(
      JSON.stringify({
        name: 'demo',
        train: { source: 'demo', split: 'train' },
        eval: { source: 'demo', split: 'eval' },
        langs: [],
        heldOutLangs: [],
        caps: {},
        alpha: 0.5,
        batchSize: 32,
        steps: 300,
        lr: 1e-3,
        warmupSteps: 30,
        weightDecay: 0.01,
        gradClip: 1,
        temperature: 0.05,
        lossVariant: 'mnrl',
        hardNegatives: 'none',
        seed: 42,
        evalEvery: 100,
        evalSettings: ['monolingual', 'crosslingual', 'multilingual'],
        evalMaxQueriesPerLang: 60,
        probeEvery: 25,
        probeQueriesPerLang: 5,
        checkpointEvery: 0,
        checkpointEverySeconds: 60,
        maxLength: 48,
        model: { init: 'scratch', vocabSize: 6000, hidden: 64, layers: 2, heads: 2, intermediate: 128 },
        baseCheckpoint: 'shipped:demo-base',
        trainable: 'all',
      }),
    );
    // A partial scratch model is merged over the default shape, in the default key order.
    expect(JSON.stringify(resolveConfig({ model: { init: 'scratch', hidden: 32 } }).model)).toBe(
      '{"init":"scratch","vocabSize":6000,"hidden":32,"layers":2,"heads":2,"intermediate":128}',
    );
  });

  it('is strict: an object of known fields, nested ones too, with the closest known field named', () => {
    const cases: Array<[unknown, RegExp]> = [
      [[{ alpha: 0.5 }], /^config: expected a JSON object, got an array\. Fix: write e\.g\. \{"alpha"/],
      [42, /^config: expected a JSON object, got number 42/],
      ['x', /^config: expected a JSON object, got string "x"/],
      [null, /^config: expected a JSON object, got null/],
      [{ model: { init: 'scratch', hiden: 32 } }, /"model\.hiden": unknown field\. Fix: did you mean "model\.hidden"\?/],
      [
        { model: { init: 'path', path: 'm', hidden: 3 } },
        /"model\.hidden": unknown field\. Fix: remove it \(known: init, path\)/,
      ],
      [
        { train: { source: 'demo', split: 'train', splt: 'x' } },
        /"train\.splt": unknown field\. Fix: did you mean "train\.split"\?/,
      ],
      [{ train: { source: 'demo', split: 'test' } }, /"train\.split": expected "train" or "eval"/],
      [{ trainable: { mode: 'top-k', k: 1, kk: 2 } }, /"trainable\.kk": unknown field\. Fix: did you mean "trainable\.k"\?/],
      [{ evalSetings: [] }, /"evalSetings": unknown field\. Fix: did you mean "evalSettings"\?/],
      [{ StepS: 3 }, /"StepS": unknown field\. Fix: did you mean "steps"\?/],
      [{ zzzzzz: 3 }, /"zzzzzz": unknown field\. Fix: remove it \(known: name, train/],
      [{ evalSettings: [] }, /"evalSettings": the list is empty/],
      [{ name: 5 }, /"name": expected a string, got 5/],
      [{ steps: '300' }, /"steps": expected a number, got "300"/],
      [{ caps: [] }, /"caps": expected a JSON object, got an array/],
      [{ checkpointEverySeconds: -1 }, /"checkpointEverySeconds": -1 is out of range/],
      [{ model: 'tiny' }, /"model": expected a JSON object, got string "tiny"/],
    ];
    for (const [raw, re] of cases) {
      expect(() => resolveConfig(raw as never)).toThrow(ConfigError);
      expect(() => resolveConfig(raw as never)).toThrow(re);
    }
    expect(resolveConfig({ checkpointEverySeconds: 0 }).checkpointEverySeconds).toBe(0);
  });
});
