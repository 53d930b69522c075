/**
 * Runs that differ only in seed (and name) are replicates of one configuration: group them and summarise a
 * metric as mean ± a 95 % Student-t interval over seeds — what Compare draws against α.
 */
import type { ExperimentConfig } from './config';

/** A configuration's identity without the fields that do not change what is trained (seed, name). */
export function configKey(cfg: ExperimentConfig): string {
  const { seed: _seed, name: _name, ...rest } = cfg;
  return stableJson(rest);
}

/** JSON with object keys sorted at every depth, so equal configs give equal keys whatever their field order. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/** Two-sided 97.5 % quantiles of Student's t for 1..30 degrees of freedom (then the normal's 1.96). */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101,
  2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export interface SeedSummary {
  n: number;
  mean: number /** Half-width of the 95 % t interval; 0 for one seed. */;
  half: number;
  sd: number;
}

export function summariseSeeds(values: number[]): SeedSummary {
  const n = values.length;
  if (n === 0) return { n, mean: NaN, half: 0, sd: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { n, mean, half: 0, sd: 0 };
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const t = T975[Math.min(n - 1, T975.length) - 1] ?? 1.96;
  return { n, mean, sd, half: ((n - 1 > T975.length ? 1.96 : t) * sd) / Math.sqrt(n) };
}
