/** Pure geometry of the Embedding map: zoom windows, per-language centroids, 2-D neighbours. */
import type { MapPoint } from '../../worker/runs/run-types';

export interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export function bounds(points: Array<{ x: number; y: number }>): Box {
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (const p of points) {
    x0 = Math.min(x0, p.x);
    x1 = Math.max(x1, p.x);
    y0 = Math.min(y0, p.y);
    y1 = Math.max(y1, p.y);
  }
  if (!Number.isFinite(x0)) return { x0: -1, x1: 1, y0: -1, y1: 1 };
  const px = (x1 - x0 || 1) * 0.05,
    py = (y1 - y0 || 1) * 0.05;
  return { x0: x0 - px, x1: x1 + px, y0: y0 - py, y1: y1 + py };
}

/** Zoom by `factor` (< 1 = in) around the box's centre, or pan by a fraction of its size. */
export function zoom(b: Box, factor: number): Box {
  const cx = (b.x0 + b.x1) / 2,
    cy = (b.y0 + b.y1) / 2,
    hw = ((b.x1 - b.x0) / 2) * factor,
    hh = ((b.y1 - b.y0) / 2) * factor;
  return { x0: cx - hw, x1: cx + hw, y0: cy - hh, y1: cy + hh };
}
export function pan(b: Box, dx: number, dy: number): Box {
  const w = b.x1 - b.x0,
    h = b.y1 - b.y0;
  return { x0: b.x0 + dx * w, x1: b.x1 + dx * w, y0: b.y0 + dy * h, y1: b.y1 + dy * h };
}

/** Mean position of each language's points (queries and answers together): bias shows as centroids far apart. */
export function centroids(points: MapPoint[]): Array<{ lang: string; x: number; y: number; n: number }> {
  const acc = new Map<string, { x: number; y: number; n: number }>();
  for (const p of points) {
    const a = acc.get(p.lang) ?? { x: 0, y: 0, n: 0 };
    a.x += p.x;
    a.y += p.y;
    a.n++;
    acc.set(p.lang, a);
  }
  return [...acc.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([lang, a]) => ({ lang, x: a.x / a.n, y: a.y / a.n, n: a.n }));
}

/** The k points nearest to `p` on the map (2-D distance; the projection, not the embedding space). */
export function nearest(points: MapPoint[], p: MapPoint, k = 5): MapPoint[] {
  return points
    .filter((q) => q !== p)
    .map((q) => [q, (q.x - p.x) ** 2 + (q.y - p.y) ** 2] as const)
    .sort((a, b) => a[1] - b[1])
    .slice(0, k)
    .map(([q]) => q);
}
