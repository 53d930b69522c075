/**
 * Accepted language codes (ISO 639-1) with display names and the tokenisation they need.
 * Unknown codes are rejected at import time: a typo like `eng` or `cn` would otherwise silently
 * create a separate "language" and skew every per-language average.
 */
import { DataImportError } from './errors';

const NAMES: Record<string, string> = {
  af: 'Afrikaans',
  am: 'Amharic',
  ar: 'Arabic',
  as: 'Assamese',
  az: 'Azerbaijani',
  be: 'Belarusian',
  bg: 'Bulgarian',
  bn: 'Bengali',
  bo: 'Tibetan',
  br: 'Breton',
  bs: 'Bosnian',
  ca: 'Catalan',
  cs: 'Czech',
  cy: 'Welsh',
  da: 'Danish',
  de: 'German',
  el: 'Greek',
  en: 'English',
  eo: 'Esperanto',
  es: 'Spanish',
  et: 'Estonian',
  eu: 'Basque',
  fa: 'Persian',
  fi: 'Finnish',
  fil: 'Filipino',
  fr: 'French',
  fy: 'Western Frisian',
  ga: 'Irish',
  gd: 'Scottish Gaelic',
  gl: 'Galician',
  gu: 'Gujarati',
  ha: 'Hausa',
  he: 'Hebrew',
  hi: 'Hindi',
  hr: 'Croatian',
  ht: 'Haitian Creole',
  hu: 'Hungarian',
  hy: 'Armenian',
  id: 'Indonesian',
  ig: 'Igbo',
  is: 'Icelandic',
  it: 'Italian',
  ja: 'Japanese',
  jv: 'Javanese',
  ka: 'Georgian',
  kk: 'Kazakh',
  km: 'Khmer',
  kn: 'Kannada',
  ko: 'Korean',
  ku: 'Kurdish',
  ky: 'Kyrgyz',
  la: 'Latin',
  lb: 'Luxembourgish',
  lo: 'Lao',
  lt: 'Lithuanian',
  lv: 'Latvian',
  mg: 'Malagasy',
  mi: 'Maori',
  mk: 'Macedonian',
  ml: 'Malayalam',
  mn: 'Mongolian',
  mr: 'Marathi',
  ms: 'Malay',
  mt: 'Maltese',
  my: 'Burmese',
  ne: 'Nepali',
  nl: 'Dutch',
  no: 'Norwegian',
  ny: 'Chichewa',
  om: 'Oromo',
  or: 'Odia',
  pa: 'Punjabi',
  pl: 'Polish',
  ps: 'Pashto',
  pt: 'Portuguese',
  qu: 'Quechua',
  ro: 'Romanian',
  ru: 'Russian',
  rw: 'Kinyarwanda',
  sa: 'Sanskrit',
  sd: 'Sindhi',
  si: 'Sinhala',
  sk: 'Slovak',
  sl: 'Slovenian',
  sm: 'Samoan',
  sn: 'Shona',
  so: 'Somali',
  sq: 'Albanian',
  sr: 'Serbian',
  st: 'Sesotho',
  su: 'Sundanese',
  sv: 'Swedish',
  sw: 'Swahili',
  ta: 'Tamil',
  te: 'Telugu',
  tg: 'Tajik',
  th: 'Thai',
  ti: 'Tigrinya',
  tk: 'Turkmen',
  tl: 'Tagalog',
  tr: 'Turkish',
  tt: 'Tatar',
  ug: 'Uyghur',
  uk: 'Ukrainian',
  ur: 'Urdu',
  uz: 'Uzbek',
  vi: 'Vietnamese',
  wo: 'Wolof',
  xh: 'Xhosa',
  yi: 'Yiddish',
  yo: 'Yoruba',
  zh: 'Chinese',
  zu: 'Zulu',
};

/** Languages written without spaces between words: BM25 and tokenizers must segment them. */
export const UNSEGMENTED_LANGS: ReadonlySet<string> = new Set(['zh', 'ja', 'th', 'lo', 'km', 'my', 'bo']);

export function isKnownLang(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(NAMES, code);
}

export function langName(code: string): string {
  return NAMES[code] ?? code;
}

export const KNOWN_LANGS: readonly string[] = Object.keys(NAMES).sort();

/** Validate a language code, throwing the importer's error type with a suggested fix. */
export function checkLang(code: unknown, file: string, record: string | undefined, field: string): string {
  if (typeof code !== 'string' || code.length === 0) {
    throw new DataImportError(file, record, field, `missing language code`, 'give an ISO 639-1 code such as "en", "de" or "zh"');
  }
  const c = code.toLowerCase();
  if (!isKnownLang(c)) {
    const guess = (
      {
        eng: 'en',
        cn: 'zh',
        zho: 'zh',
        chi: 'zh',
        ger: 'de',
        deu: 'de',
        jp: 'ja',
        kr: 'ko',
        gr: 'el',
        spa: 'es',
        swa: 'sw',
      } as Record<string, string>
    )[c];
    throw new DataImportError(
      file,
      record,
      field,
      `unknown language code "${code}"`,
      guess ? `use the ISO 639-1 code "${guess}"` : 'use an ISO 639-1 code such as "en", "de" or "zh"',
    );
  }
  return c;
}
