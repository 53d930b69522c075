import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/experiment/config';
import { DEFAULT_PRETRAIN } from '../../../src/core/train/pretrain';
import { resolvePretrainConfig } from '../../../src/core/train/pretrain-config';

describe('pre-training config', () => {
  it('merges over the defaults, the model shape field by field', () => {
    expect(resolvePretrainConfig({})).toEqual(DEFAULT_PRETRAIN);
    const c = resolvePretrainConfig({ steps: 5, model: { hidden: 16, heads: 2 } });
    expect(c.steps).toBe(5);
    expect(c.model).toEqual({ ...DEFAULT_PRETRAIN.model, hidden: 16, heads: 2 });
    expect(resolvePretrainConfig({ maxPairsPerLangPair: 100 }).maxPairsPerLangPair).toBe(100);
  });

  it('names the field and the fix for every bad value', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ stepz: 5 }, /"stepz": unknown pre-training field\. Fix: did you mean "steps"\? Otherwise remove it/],
      [{ steps: 0 }, /"steps": 0 is out of range/],
      [{ batchSize: 2.5 }, /"batchSize".*not an integer/],
      [{ lr: 'fast' }, /"lr": expected a number/],
      [{ maxPairsPerLangPair: 0 }, /"maxPairsPerLangPair"/],
      [{ maxConceptsPerLexicon: -3 }, /"maxConceptsPerLexicon"/],
      [{ wordsPerExample: 4 }, /"wordsPerExample": expected \[min, max\].*Fix: write e.g. \[1, 4\]/],
      [{ wordsPerExample: [3, 2] }, /"wordsPerExample\[1\]": 2 is out of range/],
      [{ model: { hidden: 30, heads: 4 } }, /"model.heads".*not divisible.*Fix: choose heads that divide hidden/],
      [{ model: { hiden: 30 } }, /"model.hiden": unknown model field\. Fix: did you mean "model.hidden"\?/],
      [{ model: 64 }, /"model": expected a JSON object, got number 64/],
      [[] as never, /^config: expected a JSON object, got an array/],
      [{ zzz: 1 }, /"zzz": unknown pre-training field\. Fix: remove it \(known: steps, /],
    ];
    for (const [raw, re] of cases) {
      expect(() => resolvePretrainConfig(raw)).toThrow(ConfigError);
      expect(() => resolvePretrainConfig(raw)).toThrow(re);
    }
  });
});
