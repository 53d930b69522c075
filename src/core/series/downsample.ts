/**
 * The one downsampling module (worker, store and charts all use it), so 10,000 steps draw as smoothly as 300.
 * Every function keeps the first and last point.
 * - minMaxBuckets: per bucket the lowest and highest value (in step order) — spikes survive; the stored run record.
 * - appendCapped: a live series that grows by appends and is re-bucketed (min/max) past its cap; the UI's live loss.
 * - lttb: Largest-Triangle-Three-Buckets — visually faithful lines for charts.
 * - stride: evenly strided rows, for multi-series rows that share x.
 */
export type XY = [number, number];

export function minMaxBuckets(points: readonly XY[], max: number): XY[] {
  if (points.length <= max || max < 4) return points.slice();
  const buckets = Math.floor((max - 2) / 2);
  const inner = points.length - 2;
  const out: XY[] = [points[0]];
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor((b * inner) / buckets),
      to = 1 + Math.floor(((b + 1) * inner) / buckets);
    if (to <= from) continue;
    let lo = from,
      hi = from;
    for (let i = from; i < to; i++) {
      if (points[i][1] < points[lo][1]) lo = i;
      if (points[i][1] > points[hi][1]) hi = i;
    }
    if (lo === hi) out.push(points[lo]);
    else out.push(points[Math.min(lo, hi)], points[Math.max(lo, hi)]);
  }
  out.push(points[points.length - 1]);
  return out;
}

export function lttb(points: readonly XY[], threshold: number): XY[] {
  const n = points.length;
  if (threshold >= n || threshold < 3) return points.slice();
  const out: XY[] = [points[0]];
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    // Average of the next bucket: the third corner of the triangle.
    const nextFrom = Math.floor((i + 1) * every) + 1,
      nextTo = Math.min(Math.floor((i + 2) * every) + 1, n);
    let ax = 0,
      ay = 0;
    for (let j = nextFrom; j < nextTo; j++) {
      ax += points[j][0];
      ay += points[j][1];
    }
    const len = Math.max(1, nextTo - nextFrom);
    ax /= len;
    ay /= len;
    const from = Math.floor(i * every) + 1,
      to = Math.floor((i + 1) * every) + 1;
    const [px, py] = points[a];
    let best = -1,
      pick = from;
    for (let j = from; j < to; j++) {
      const area = Math.abs((px - ax) * (points[j][1] - py) - (px - points[j][0]) * (ay - py));
      if (area > best) {
        best = area;
        pick = j;
      }
    }
    out.push(points[pick]);
    a = pick;
  }
  out.push(points[n - 1]);
  return out;
}

/**
 * `series` with `added` appended; past `max` points the whole is re-bucketed to `max / 2` (min/max), so a
 * 100k-step run stays cheap to hold and draw while appends stay amortised O(1).
 */
export function appendCapped(series: readonly XY[], added: readonly XY[], max: number): XY[] {
  const out = series.concat(added);
  return out.length > max ? minMaxBuckets(out, max / 2) : out;
}

/** Evenly strided rows (first and last kept): multi-series rows share x, so LTTB on one series would bias others. */
export function stride<T>(rows: T[], max: number): T[] {
  if (rows.length <= max) return rows;
  const out: T[] = [];
  const every = (rows.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(rows[Math.round(i * every)]);
  return out;
}
