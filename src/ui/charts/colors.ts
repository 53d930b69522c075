/** Stable colours per language (Okabe–Ito + Tableau, colour-blind friendly first) and per run. */
const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#8c6d31', '#6a3d9a', '#999933', '#7f7f7f', '#17becf', '#e41a1c'];
const LANG_ORDER = ['ar', 'de', 'en', 'es', 'fr', 'hi', 'ru', 'sw', 'zh', 'el', 'th', 'tr', 'vi'];

export function langColor(lang: string): string {
  const i = LANG_ORDER.indexOf(lang);
  if (i >= 0) return PALETTE[i % PALETTE.length];
  let h = 0;
  for (const ch of lang) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

export const seriesColor = (i: number): string => PALETTE[i % PALETTE.length];

/** White → blue ramp for values in [0, 1]. */
export function heat(v: number): string {
  const t = Math.max(0, Math.min(1, Number.isFinite(v) ? v : 0));
  const lerp = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${lerp(247, 8)},${lerp(251, 69)},${lerp(255, 148)})`;
}

/** Text colour readable on heat(v). */
export const heatText = (v: number): string => (v > 0.55 ? '#fff' : '#1f2933');
