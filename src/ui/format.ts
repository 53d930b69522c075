import { langName } from '../core/data/languages';

export const fmt3 = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(3));

export const fmt1 = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(1));

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 ** 2).toFixed(1)} MiB`;
}

export function fmtSeconds(s: number): string {
  if (!Number.isFinite(s)) return '…';
  if (s < 60) return `${Math.max(0, Math.round(s))} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export const langLabel = (code: string): string => `${code} · ${langName(code)}`;
