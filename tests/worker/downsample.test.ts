import { describe, expect, it } from 'vitest';
import { lttb, minMaxBuckets, type XY } from '../../src/worker/downsample';

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
});
