/**
 * Paired statistics over per-query scores (e.g. AP of the same queries under two training strategies):
 * a sign-flip randomization test, a percentile bootstrap CI of the mean difference and effect sizes.
 * Pure and seeded: the same inputs and seed give the same numbers on every platform.
 */

import { mulberry32 } from '../util/mulberry32';

export { mulberry32 };

const mean = (xs: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return xs.length ? s / xs.length : 0;
};

function diffs(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  if (a.length !== b.length) throw new Error(`paired samples differ in length (${a.length} vs ${b.length})`);
  const d = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) d[i] = a[i] - b[i];
  return d;
}

export interface RandomizationResult {
  /** mean(a − b). */
  meanDiff: number;
  /** Two-sided p-value: share of sign assignments whose |mean| ≥ the observed |mean|. */
  pValue: number;
  /** Sign assignments used; `exact` when all 2^n were enumerated. */
  permutations: number;
  exact: boolean;
  n: number;
}

/**
 * Paired (sign-flip) randomization test of H0: the two systems are exchangeable per query, i.e. each
 * difference is as likely to have either sign. With n ≤ log2(permutations) every one of the 2^n sign
 * assignments is enumerated (exact p); otherwise `permutations` random ones are drawn and
 * p = (hits + 1) / (permutations + 1) (the observed assignment counts as one; never 0).
 */
export function pairedRandomizationTest(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  opts: { permutations?: number; seed?: number } = {},
): RandomizationResult {
  const d = diffs(a, b);
  const n = d.length;
  const P = opts.permutations ?? 10_000;
  if (n === 0) return { meanDiff: 0, pValue: 1, permutations: 0, exact: true, n };
  const obs = Math.abs(mean(d));
  const eps = 1e-12 * Math.max(1, obs);
  let total = 0;
  for (let i = 0; i < n; i++) total += d[i];
  if (n <= 30 && 2 ** n <= P) {
    let hits = 0;
    const count = 2 ** n;
    for (let mask = 0; mask < count; mask++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += mask & (1 << i) ? -d[i] : d[i];
      if (Math.abs(s / n) >= obs - eps) hits++;
    }
    return { meanDiff: total / n, pValue: hits / count, permutations: count, exact: true, n };
  }
  const rnd = mulberry32(opts.seed ?? 12345);
  let hits = 0;
  for (let p = 0; p < P; p++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += rnd() < 0.5 ? -d[i] : d[i];
    if (Math.abs(s / n) >= obs - eps) hits++;
  }
  return { meanDiff: total / n, pValue: (hits + 1) / (P + 1), permutations: P, exact: false, n };
}

export interface BootstrapResult {
  meanDiff: number;
  lo: number;
  hi: number;
  level: number;
  resamples: number;
  n: number;
}

/** Percentile bootstrap CI of mean(a − b), resampling queries (pairs) with replacement. */
export function pairedBootstrapCI(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  opts: { resamples?: number; seed?: number; level?: number } = {},
): BootstrapResult {
  const d = diffs(a, b);
  const n = d.length,
    R = opts.resamples ?? 10_000,
    level = opts.level ?? 0.95;
  if (n === 0) return { meanDiff: 0, lo: 0, hi: 0, level, resamples: 0, n };
  const rnd = mulberry32(opts.seed ?? 54321);
  const means = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += d[Math.floor(rnd() * n)];
    means[r] = s / n;
  }
  means.sort();
  const q = (p: number) => {
    const x = p * (R - 1),
      lo = Math.floor(x),
      hi = Math.ceil(x);
    return means[lo] + (means[hi] - means[lo]) * (x - lo);
  };
  return { meanDiff: mean(d), lo: q((1 - level) / 2), hi: q(1 - (1 - level) / 2), level, resamples: R, n };
}

export interface EffectSize {
  meanDiff: number;
  /** Cohen's d_z: mean difference / standard deviation of the differences (0 when they do not vary). */
  cohensDz: number;
  /** Queries where a > b, a < b, a = b. */
  wins: number;
  losses: number;
  ties: number;
  /** Relative change of the mean: mean(a) / mean(b) − 1 (NaN when mean(b) = 0). */
  relative: number;
}

export function pairedEffectSize(a: ArrayLike<number>, b: ArrayLike<number>): EffectSize {
  const d = diffs(a, b);
  const n = d.length,
    m = mean(d);
  let ss = 0,
    wins = 0,
    losses = 0,
    ties = 0;
  for (let i = 0; i < n; i++) {
    ss += (d[i] - m) ** 2;
    if (d[i] > 1e-12) wins++;
    else if (d[i] < -1e-12) losses++;
    else ties++;
  }
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const mb = mean(b);
  return { meanDiff: m, cohensDz: sd > 0 ? m / sd : 0, wins, losses, ties, relative: mb !== 0 ? mean(a) / mb - 1 : NaN };
}

/** Align two per-query maps on their common keys (sorted), e.g. EvalResult.perQuery of two runs. */
export function alignPaired(
  a: Record<string, number>,
  b: Record<string, number>,
  keep?: (key: string) => boolean,
): { keys: string[]; a: Float64Array; b: Float64Array } {
  const keys = Object.keys(a)
    .filter((k) => k in b && (!keep || keep(k)))
    .sort();
  return { keys, a: Float64Array.from(keys, (k) => a[k]), b: Float64Array.from(keys, (k) => b[k]) };
}
