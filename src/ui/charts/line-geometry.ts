/**
 * Scales, ticks and paths of LineSvg, kept pure so they are tested without a DOM. Ticks follow the usual "nice"
 * steps (1, 2, 5 × 10^k), the rounding recharts applied before, so a chart reads the same after the switch.
 */

export interface Scale {
  (v: number): number;
  ticks: number[];
  /** The value at a pixel position. */
  invert(p: number): number;
}

/** A tick step of 1, 2 or 5 × 10^k that splits `span` into about `count` intervals. */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  // The multiple nearest `raw` on a log scale (the bounds are the geometric means of 1, 2, 5, 10).
  return (m >= Math.SQRT1_2 * 10 ? 10 : m >= Math.sqrt(10) ? 5 : m >= Math.SQRT2 ? 2 : 1) * p;
}

/** Multiples of `step` in [lo, hi], free of floating-point dust (0.30000000000000004). */
function multiples(lo: number, hi: number, step: number): number[] {
  const out: number[] = [];
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let i = Math.ceil(lo / step - 1e-9); i * step <= hi + step * 1e-9; i++) out.push(Number((i * step).toFixed(digits)));
  return out;
}

/**
 * A linear scale of [lo, hi] onto pixels [p0, p1]. `extend` rounds hi up to the next tick (the y axis, so the top
 * tick is labelled); otherwise the domain is the data's own (the x axis: first to last step). `integer`: no
 * fractional ticks (steps).
 */
export function linearScale(
  lo: number,
  hi: number,
  p0: number,
  p1: number,
  { count = 5, extend = false, integer = false } = {},
): Scale {
  if (!(hi > lo)) hi = lo + 1;
  let step = niceStep(hi - lo, count);
  if (integer) step = Math.max(1, Math.round(step));
  if (extend) hi = Math.ceil(hi / step - 1e-9) * step;
  const f = ((v: number) => p0 + ((v - lo) / (hi - lo)) * (p1 - p0)) as Scale;
  f.ticks = multiples(lo, hi, step);
  f.invert = (p) => lo + ((p - p0) / (p1 - p0)) * (hi - lo);
  return f;
}

/** A log10 scale over [min, max] (both > 0), widened to the nearest 1, 2 or 5 × 10^k outside; ticks at those values. */
export function logScale(min: number, max: number, p0: number, p1: number): Scale {
  const cands = (k0: number, k1: number, ms: number[]) => {
    const out: number[] = [];
    for (let k = k0; k <= k1; k++) for (const m of ms) out.push(Number((m * 10 ** k).toPrecision(3)));
    return out;
  };
  const k0 = Math.floor(Math.log10(min)),
    k1 = Math.ceil(Math.log10(max));
  const all = cands(k0, k1, [1, 2, 5]);
  let lo = all.filter((c) => c <= min).at(-1) ?? min;
  let hi = all.find((c) => c >= max) ?? max;
  if (!(hi > lo)) hi = lo * 10;
  let ticks = all.filter((c) => c >= lo && c <= hi);
  // Over many decades only the powers of ten are labelled, so the axis ends on one.
  if (ticks.length > 8) {
    ticks = cands(k0, k1, [1]);
    [lo, hi] = [ticks[0], ticks.at(-1)!];
  }
  const a = Math.log10(lo),
    b = Math.log10(hi);
  const f = ((v: number) => p0 + ((Math.log10(v) - a) / (b - a)) * (p1 - p0)) as Scale;
  f.ticks = ticks;
  f.invert = (p) => 10 ** (a + ((p - p0) / (p1 - p0)) * (b - a));
  return f;
}

/** Smallest and largest finite value of `keys` over `rows` (undefined when there is none). */
export function extent(rows: ReadonlyArray<Record<string, number>>, keys: string[]): [number, number] | undefined {
  let lo = Infinity,
    hi = -Infinity;
  for (const r of rows)
    for (const k of keys) {
      const v = r[k];
      if (typeof v === 'number' && Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  return lo <= hi ? [lo, hi] : undefined;
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/** Pixel points of series `key`: rows without a finite value for it are skipped, so a line joins over them. */
export function seriesPoints(
  rows: ReadonlyArray<Record<string, number>>,
  key: string,
  x: (v: number) => number,
  y: (v: number) => number,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const r of rows) {
    const v = r[key];
    if (typeof v === 'number' && Number.isFinite(v)) out.push([r1(x(r.step)), r1(y(v))]);
  }
  return out;
}

/** An SVG path through the points in order (empty for fewer than two). */
export const linePath = (pts: Array<[number, number]>): string =>
  pts.length < 2 ? '' : pts.map(([px, py], i) => `${i ? 'L' : 'M'}${px},${py}`).join('');

/** Index of the row whose step lies nearest to `step` (rows in step order). */
export function nearestRow(rows: ReadonlyArray<{ step: number }>, step: number): number {
  let best = -1,
    dist = Infinity;
  rows.forEach((r, i) => {
    const d = Math.abs(r.step - step);
    if (d < dist) {
      best = i;
      dist = d;
    }
  });
  return best;
}
