import { describe, expect, it } from 'vitest';
import { yAxisWidth } from '../../../src/ui/charts/axis';
import { langColor, PALETTE } from '../../../src/ui/charts/colors';
import { emaSmooth } from '../../../src/ui/charts/smooth';

describe('chart axes', () => {
  it('widens the y axis for five-digit ticks (bias up to 12,000 must not read "2000")', () => {
    const narrow = yAxisWidth([0.1, 0.9], (v) => v.toFixed(2));
    const wide = yAxisWidth([950, 11932], (v) => String(Math.round(v)));
    expect(wide).toBeGreaterThanOrEqual(Math.ceil('12500'.length * 7.2 + 16));
    expect(wide).toBeGreaterThan(narrow);
  });
});

describe('palette', () => {
  it('gives every XQuAD-R, MLQA-R and demo language its own colour, and has at least 16 distinct colours', () => {
    const langs = ['ar', 'de', 'el', 'en', 'es', 'hi', 'ru', 'th', 'tr', 'vi', 'zh', 'fr', 'sw'];
    expect(new Set(langs.map(langColor)).size).toBe(langs.length);
    expect(new Set(PALETTE).size).toBeGreaterThanOrEqual(16);
  });
});

describe('loss smoothing', () => {
  it('is the identity at weight 0 and debiased (no pull towards 0) otherwise', () => {
    expect(emaSmooth([3, 2, 1], 0)).toEqual([3, 2, 1]);
    const s = emaSmooth([2, 2, 2, 2], 0.9);
    for (const v of s) expect(v).toBeCloseTo(2, 12);
  });
});
