/** Axis and legend helpers shared by every recharts chart, so no tick label is ever clipped. */
import { createElement } from 'react';
import { TEXT_COLOR } from './colors';

/** Rough width of a tick label in px at recharts' default 12 px font (digits ≈ 7 px, plus the tick line). */
const CHAR_PX = 7.2;

/** Y-axis width that fits the widest formatted tick of `values` (and of 0), never narrower than 40 px. */
export function yAxisWidth(
  values: Iterable<number | null | undefined>,
  format: (v: number) => string = (v) => String(v),
): number {
  let widest = format(0).length;
  for (const v of values)
    if (typeof v === 'number' && Number.isFinite(v)) widest = Math.max(widest, format(niceCeil(v)).length, format(v).length);
  return Math.max(40, Math.ceil(widest * CHAR_PX + 16));
}

/** The tick recharts may draw above the data maximum (its "nice" domain rounds up to 1, 2, 2.5, 5 × 10^k). */
function niceCeil(v: number): number {
  if (v <= 0) return v;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** Every numeric value of a list of chart rows except the x key. */
export function rowValues(rows: Array<Record<string, unknown>>, xKey = 'step'): number[] {
  const out: number[] = [];
  for (const r of rows) for (const [k, v] of Object.entries(r)) if (k !== xKey && typeof v === 'number') out.push(v);
  return out;
}

/** Legend label in dark text (recharts draws it in the series colour by default: ~2.3:1 on white). */
export const legendText = (value: unknown) => createElement('span', { style: { color: TEXT_COLOR } }, String(value));
