/**
 * Band layout of BarSvg's grouped bars, kept pure so it is tested without a DOM: one band per category along x,
 * split into one slot per series (with padding between bands), and bars from the value axis' zero.
 */
import type { Scale } from './line-geometry';

export interface BarRect {
  category: string;
  series: string;
  value: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The centre of each category's band and the band's width, across [left, left + width]. */
export function bands(categories: string[], left: number, width: number): { centre: number[]; band: number } {
  const band = width / Math.max(1, categories.length);
  return { centre: categories.map((_, i) => left + (i + 0.5) * band), band };
}

/**
 * One rect per finite value of `values[category][series]`: series side by side inside 80 % of each band, at most
 * 40 px wide; values below the axis' floor draw nothing (height 0), values above its top reach the top.
 */
export function barRects(
  categories: string[],
  series: string[],
  values: (category: string, series: string) => number | undefined,
  y: Scale,
  left: number,
  width: number,
): BarRect[] {
  const { centre, band } = bands(categories, left, width);
  const slot = Math.min(40, (band * 0.8) / Math.max(1, series.length));
  const zero = y(y.ticks[0] ?? 0);
  const top = y(y.ticks.at(-1) ?? 1);
  const out: BarRect[] = [];
  categories.forEach((category, ci) => {
    const x0 = centre[ci] - (slot * series.length) / 2;
    series.forEach((s, si) => {
      const value = values(category, s);
      if (value === undefined || !Number.isFinite(value)) return;
      const yv = Math.min(zero, Math.max(top, y(value)));
      out.push({ category, series: s, value, x: x0 + si * slot, y: yv, width: Math.max(1, slot - 1), height: zero - yv });
    });
  });
  return out;
}
