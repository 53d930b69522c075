import { describe, expect, it } from 'vitest';
import { barRects, bands } from '../../../src/ui/charts/bar-geometry';
import { linearScale } from '../../../src/ui/charts/line-geometry';

describe('bar geometry', () => {
  const y = linearScale(0, 1, 208, 8); // 200 px tall, 0 at the bottom
  const values: Record<string, Record<string, number | undefined>> = {
    en: { mono: 0.5, multi: 1 },
    de: { mono: 0, multi: undefined },
    ar: { mono: Number.NaN, multi: 2 },
  };
  const rects = barRects(['en', 'de', 'ar'], ['mono', 'multi'], (c, s) => values[c][s], y, 40, 300);

  it('splits the width into one band per category, centred', () => {
    expect(bands(['a', 'b'], 10, 100)).toEqual({ centre: [35, 85], band: 50 });
  });

  it('draws one bar per finite value, none for missing or NaN', () => {
    expect(rects.map((r) => `${r.category}/${r.series}`)).toEqual(['en/mono', 'en/multi', 'de/mono', 'ar/multi']);
  });

  it('bars stand on zero with heights proportional to the value, clipped to the axis top', () => {
    const at = (k: string) => rects.find((r) => `${r.category}/${r.series}` === k)!;
    expect(at('en/mono')).toMatchObject({ y: 108, height: 100 });
    expect(at('en/multi')).toMatchObject({ y: 8, height: 200 });
    expect(at('de/mono').height).toBe(0);
    expect(at('ar/multi')).toMatchObject({ y: 8, height: 200, value: 2 });
  });

  it("a category's bars sit side by side inside its band", () => {
    const [a, b] = rects;
    expect(a.x).toBeGreaterThanOrEqual(40);
    expect(b.x + b.width).toBeLessThanOrEqual(40 + 100);
    expect(b.x).toBeGreaterThan(a.x + a.width - 1e-9);
    expect(Math.abs((a.x + b.x + b.width) / 2 - 90)).toBeLessThanOrEqual(1); // centred on the first band's centre (90)
  });
});
