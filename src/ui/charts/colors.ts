/**
 * Stable colours per language and per run. One categorical palette of 20 hues: Okabe–Ito first (safe for the
 * common colour-vision deficiencies), then Paul Tol's muted and dark schemes. Past 8 series hue alone cannot stay
 * distinguishable for every reader, so charts also vary the dash pattern (`seriesDash`) from the 9th series on.
 */
export const PALETTE = [
  '#0072b2',
  '#d55e00',
  '#009e73',
  '#cc79a7',
  '#e69f00',
  '#56b4e9',
  '#332288',
  '#882255',
  '#117733',
  '#999933',
  '#aa4499',
  '#44aa99',
  '#661100',
  '#6699cc',
  '#7f7f7f',
  '#ddaa33',
  '#1f2933',
  '#bb5566',
  '#004488',
  '#ee7733',
];
/** Languages of LAReQA (XQuAD-R 11, MLQA-R 7), the demo and the common multilingual benchmarks: one colour each. */
const LANG_ORDER = [
  'ar',
  'de',
  'en',
  'es',
  'fr',
  'hi',
  'ru',
  'sw',
  'zh',
  'el',
  'th',
  'tr',
  'vi',
  'ja',
  'ko',
  'pt',
  'it',
  'nl',
  'id',
  'bn',
];

export function langColor(lang: string): string {
  const i = LANG_ORDER.indexOf(lang);
  if (i >= 0) return PALETTE[i % PALETTE.length];
  let h = 0;
  for (const ch of lang) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

/** Dash pattern for a language's line: solid for the first 8 palette slots, dashed or dotted after. */
export function langDash(lang: string): string | undefined {
  const i = LANG_ORDER.indexOf(lang);
  return seriesDash(i >= 0 ? i : PALETTE.indexOf(langColor(lang)));
}

export const seriesColor = (i: number): string => PALETTE[i % PALETTE.length];
export const seriesDash = (i: number): string | undefined => (i % PALETTE.length < 8 ? undefined : i % 2 ? '2 2' : '6 3');

/** Legend and axis text: dark grey on white (≥ 4.5:1), never the series colour. */
export const TEXT_COLOR = '#1f2933';

/** White → blue ramp for values in [0, 1]. */
export function heat(v: number): string {
  const t = Math.max(0, Math.min(1, Number.isFinite(v) ? v : 0));
  const lerp = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${lerp(247, 8)},${lerp(251, 69)},${lerp(255, 148)})`;
}

/** Text colour readable on heat(v). */
export const heatText = (v: number): string => (v > 0.55 ? '#fff' : '#1f2933');
