/**
 * Loss smoothing as TensorBoard does it: an exponential moving average with debiasing, so the first points are
 * not pulled towards 0. weight 0 = raw; 0.9 ≈ a 10-step window.
 */
export function emaSmooth(values: number[], weight: number): number[] {
  if (weight <= 0) return values.slice();
  const out: number[] = [];
  let last = 0,
    n = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) {
      out.push(v);
      continue;
    }
    last = last * weight + (1 - weight) * v;
    n++;
    out.push(last / (1 - weight ** n));
  }
  return out;
}
