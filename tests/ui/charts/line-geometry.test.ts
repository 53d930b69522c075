import { describe, expect, it } from 'vitest';
import {
  extent,
  linearScale,
  linePath,
  logScale,
  nearestRow,
  niceStep,
  seriesPoints,
} from '../../../src/ui/charts/line-geometry';

describe('line chart geometry', () => {
  it('picks 1, 2 or 5 × 10^k steps and clean tick values', () => {
    expect(niceStep(1, 5)).toBe(0.2);
    expect(niceStep(3.7, 5)).toBe(1);
    expect(niceStep(11932, 5)).toBe(2000);
    expect(linearScale(0, 0.3, 100, 0).ticks).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]);
  });

  it('extends the y axis to the next tick above the data, maps the domain onto the pixels and inverts', () => {
    const y = linearScale(0, 3.7, 200, 0, { extend: true });
    expect(y.ticks).toEqual([0, 1, 2, 3, 4]);
    expect(y(0)).toBe(200);
    expect(y(4)).toBe(0);
    expect(y.invert(100)).toBeCloseTo(2);
  });

  it('keeps x ticks on whole steps inside the data range, even for a single step', () => {
    expect(linearScale(0, 4, 0, 400, { integer: true, count: 8 }).ticks).toEqual([0, 1, 2, 3, 4]);
    expect(linearScale(5, 5, 0, 400, { integer: true }).ticks).toEqual([5, 6]);
  });

  it('draws a log axis over nice bounds around positive data', () => {
    const y = logScale(0.6, 3.2, 100, 0);
    expect(y.ticks).toEqual([0.5, 1, 2, 5]);
    expect(y(0.5)).toBeCloseTo(100);
    expect(y(5)).toBeCloseTo(0);
    expect(logScale(0.001, 50, 100, 0).ticks).toEqual([0.001, 0.01, 0.1, 1, 10, 100]);
  });

  it('joins a series over rows that lack its key only, and needs two points for a line', () => {
    const rows: Array<Record<string, number>> = [
      { step: 0, de: 0.1 },
      { step: 5, 'de@full': 0.4 },
      { step: 10, de: 0.3 },
    ];
    const pts = seriesPoints(
      rows,
      'de',
      (s) => s * 10,
      (v) => v * 100,
    );
    expect(pts).toEqual([
      [0, 10],
      [100, 30],
    ]);
    expect(linePath(pts)).toBe('M0,10L100,30');
    expect(
      linePath(
        seriesPoints(
          rows,
          'de@full',
          (s) => s,
          (v) => v,
        ),
      ),
    ).toBe('');
    expect(extent(rows, ['de', 'de@full'])).toEqual([0.1, 0.4]);
    expect(extent(rows, ['fr'])).toBeUndefined();
  });

  it('finds the row nearest a step (the first of rows sharing it)', () => {
    const rows = [{ step: 0 }, { step: 10 }, { step: 10 }, { step: 20 }];
    expect(nearestRow(rows, 8)).toBe(1);
    expect(nearestRow(rows, 16)).toBe(3);
    expect(nearestRow([], 3)).toBe(-1);
  });
});
