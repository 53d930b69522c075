import { describe, expect, it } from 'vitest';
import { appendCapped, lttb, minMaxBuckets, stride, type XY } from '../../../src/core/series/downsample';

const series = (n: number, f: (i: number) => number): XY[] => Array.from({ length: n }, (_, i) => [i, f(i)]);

describe('downsampling', () => {
  it('LTTB keeps the size bound, the endpoints and x order', () => {
    const pts = series(10_000, (i) => Math.sin(i / 50) + (i === 4321 ? 5 : 0));
    const out = lttb(pts, 1000);
    expect(out).toHaveLength(1000);
    expect(out[0]).toEqual(pts[0]);
    expect(out.at(-1)).toEqual(pts.at(-1));
    for (let i = 1; i < out.length; i++) expect(out[i][0]).toBeGreaterThan(out[i - 1][0]);
    expect(out.some(([x]) => x === 4321)).toBe(true); // a spike is the largest triangle of its bucket
  });

  it('min/max buckets keep every bucket extreme (spikes survive storage)', () => {
    const pts = series(10_000, (i) => (i === 777 ? -3 : i === 9000 ? 9 : Math.cos(i)));
    const out = minMaxBuckets(pts, 2000);
    expect(out.length).toBeLessThanOrEqual(2000);
    expect(out.find(([x]) => x === 777)?.[1]).toBe(-3);
    expect(out.find(([x]) => x === 9000)?.[1]).toBe(9);
    for (let i = 1; i < out.length; i++) expect(out[i][0]).toBeGreaterThan(out[i - 1][0]);
  });

  it('short series pass through unchanged', () => {
    const pts = series(10, (i) => i);
    expect(lttb(pts, 1000)).toEqual(pts);
    expect(minMaxBuckets(pts, 1000)).toEqual(pts);
  });

  it('appendCapped appends until the cap, then re-buckets the whole to half of it, spikes kept', () => {
    const first = series(900, (i) => Math.cos(i));
    const grown = appendCapped(
      first,
      series(100, () => 0).map(([x, y]): XY => [x + 900, y]),
      1000,
    );
    expect(grown).toHaveLength(1000); // at the cap: still every point
    expect(grown.at(-1)).toEqual([999, 0]);
    const over = appendCapped(grown, [[1000, 42]], 1000);
    expect(over.length).toBeLessThanOrEqual(500);
    expect(over.at(-1)).toEqual([1000, 42]);
    expect(over[0]).toEqual([0, 1]);
    for (let i = 1; i < over.length; i++) expect(over[i][0]).toBeGreaterThan(over[i - 1][0]);
  });

  it('stride keeps the bound, the first and the last row, evenly spaced', () => {
    const rows = Array.from({ length: 10_001 }, (_, i) => ({ step: i }));
    const out = stride(rows, 11);
    expect(out.map((r) => r.step)).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10_000]);
    expect(stride(rows.slice(0, 5), 11)).toHaveLength(5);
  });
});
