/**
 * Normalizers and pre-tokenizers of a Hugging Face `tokenizer.json`, following the Rust `tokenizers`
 * semantics (the library that made the files), for the component types BERT- and SentencePiece-style
 * (XLM-R) tokenizers use. Unknown types fail loudly rather than tokenizing differently from Python.
 */

export type NormalizerFn = (text: string) => string;
/** sectionIndex: which piece of the text between added tokens this is (Metaspace 'first' needs it). */
export type PreTokenizerFn = (text: string, sectionIndex: number) => string[];

type Cfg = Record<string, unknown> & { type?: string };

export function isChineseChar(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

const CONTROL = /^\p{C}$/u;
/** Unicode White_Space, as Rust char::is_whitespace (JS \s differs on U+0085 and U+FEFF). */
const WHITESPACE = /^\p{White_Space}$/u;
const PUNCT = /^\p{P}$/u;
const MN = /\p{Mn}/gu;

/** ASCII fast paths first: the regexes dominate tokenizer time on large corpora otherwise. */
function isWhitespace(ch: string, cp: number): boolean {
  if (cp < 0x80) return cp === 32 || (cp >= 9 && cp <= 13);
  return WHITESPACE.test(ch);
}

/** ASCII punctuation (incl. $+<=>^`|~, which Unicode files under S*) or any Unicode P* character. */
export function isPunctuation(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x80) return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126);
  return PUNCT.test(ch);
}

export interface BertNormalizerOptions {
  cleanText: boolean;
  handleChineseChars: boolean;
  lowercase: boolean;
  /** null = follow `lowercase` (HF default). */
  stripAccents: boolean | null;
}

/**
 * Lowercasing as HF tokenizers do it: Rust `char::to_lowercase`, character by character. JS `toLowerCase`
 * is the same full case mapping except for one context rule, Final_Sigma (a word-final Σ becomes ς); per
 * character, Σ is always σ — so Σ is mapped first and the rest left to `toLowerCase`.
 */
export function lowercase(text: string): string {
  return text.includes('\u03a3') ? text.replaceAll('\u03a3', '\u03c3').toLowerCase() : text.toLowerCase();
}

export function bertNormalize(text: string, o: BertNormalizerOptions): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (o.cleanText) {
      if (cp === 0 || cp === 0xfffd) continue;
      if (isWhitespace(ch, cp)) {
        out += ' ';
        continue;
      }
      if (cp < 0x80 ? cp < 32 || cp === 127 : CONTROL.test(ch)) continue;
    }
    out += o.handleChineseChars && isChineseChar(cp) ? ` ${ch} ` : ch;
  }
  if (o.stripAccents ?? o.lowercase) out = out.normalize('NFD').replace(MN, '');
  return o.lowercase ? lowercase(out) : out;
}

/** Whitespace-separated words with every punctuation character as its own word. */
export function bertPreTokenize(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  for (const ch of text) {
    if (isWhitespace(ch, ch.codePointAt(0)!)) {
      if (cur) words.push(cur);
      cur = '';
    } else if (isPunctuation(ch)) {
      if (cur) words.push(cur);
      words.push(ch);
      cur = '';
    } else cur += ch;
  }
  if (cur) words.push(cur);
  return words;
}

function pattern(cfg: Cfg): RegExp | string {
  const p = (cfg.pattern ?? {}) as { String?: string; Regex?: string };
  if (p.String !== undefined) return p.String;
  if (p.Regex !== undefined) return new RegExp(p.Regex, 'gu');
  throw new Error('tokenizer.json: Replace without a String or Regex pattern');
}

export function createNormalizer(cfg: Cfg | null | undefined): NormalizerFn | null {
  if (!cfg) return null;
  switch (cfg.type) {
    case 'BertNormalizer': {
      const o: BertNormalizerOptions = {
        cleanText: cfg.clean_text !== false,
        handleChineseChars: cfg.handle_chinese_chars !== false,
        lowercase: cfg.lowercase !== false,
        stripAccents: typeof cfg.strip_accents === 'boolean' ? cfg.strip_accents : null,
      };
      return (t) => bertNormalize(t, o);
    }
    case 'Sequence': {
      const fns = ((cfg.normalizers ?? []) as Cfg[]).map(createNormalizer).filter((f): f is NormalizerFn => f !== null);
      return (t) => fns.reduce((acc, f) => f(acc), t);
    }
    case 'NFC':
    case 'NFD':
    case 'NFKC':
    case 'NFKD': {
      const form = cfg.type;
      return (t) => t.normalize(form);
    }
    case 'Lowercase':
      return lowercase;
    case 'StripAccents':
      return (t) => t.normalize('NFD').replace(MN, '').normalize('NFC');
    case 'Strip': {
      const l = cfg.strip_left !== false,
        r = cfg.strip_right !== false;
      return (t) => (l && r ? t.trim() : l ? t.trimStart() : r ? t.trimEnd() : t);
    }
    case 'Prepend': {
      const s = String(cfg.prepend ?? '');
      return (t) => s + t;
    }
    case 'Replace': {
      const pat = pattern(cfg),
        content = String(cfg.content ?? '');
      return (t) => t.replaceAll(pat, content);
    }
    case 'Precompiled':
      // The SentencePiece charsmap (nmt_nfkc) is not decoded; like transformers.js we approximate it:
      // drop control characters, map unusual spaces to ' ', then NFKC. Exact for ordinary text.
      return (t) =>
        t
          .replace(/[\u0001-\u0008\u000B\u000E-\u001F\u007F\u008F\u009F]/g, '')
          .replace(/[\u0009\u000A\u000C\u000D\u00A0\u1680\u2000-\u200F\u2028\u2029\u202F\u205F\u2581\u3000\uFEFF\uFFFD]/g, ' ')
          .normalize('NFKC');
    default:
      throw new Error(`tokenizer.json: normalizer type "${String(cfg.type)}" is not supported`);
  }
}

/** Rust regex \w is Unicode-aware (JS \w is ASCII-only). */
const WORD_OR_SYMBOLS =
  /[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}]+|[^\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}\s]+/gu;

export function createPreTokenizer(cfg: Cfg | null | undefined): PreTokenizerFn | null {
  if (!cfg) return null;
  switch (cfg.type) {
    case 'BertPreTokenizer':
      return (t) => bertPreTokenize(t);
    case 'WhitespaceSplit':
      return (t) => t.split(/\s+/u).filter((w) => w.length > 0);
    case 'Whitespace':
      return (t) => t.match(WORD_OR_SYMBOLS) ?? [];
    case 'Metaspace': {
      const rep = String(cfg.replacement ?? '\u2581');
      const scheme =
        typeof cfg.prepend_scheme === 'string' ? cfg.prepend_scheme : cfg.add_prefix_space === false ? 'never' : 'always';
      const split = cfg.split !== false;
      return (t, section) => {
        let s = t.replaceAll(' ', rep);
        if (!s.startsWith(rep) && (scheme === 'always' || (scheme === 'first' && section === 0))) s = rep + s;
        if (!split) return [s];
        // Split before every replacement char; it stays at the start of the next word (MergedWithNext).
        const out: string[] = [];
        let start = 0;
        for (let i = s.indexOf(rep, 1); i !== -1; i = s.indexOf(rep, i + rep.length)) {
          out.push(s.slice(start, i));
          start = i;
        }
        out.push(s.slice(start));
        return out.filter((w) => w.length > 0);
      };
    }
    case 'Sequence': {
      const fns = ((cfg.pretokenizers ?? []) as Cfg[]).map(createPreTokenizer).filter((f): f is PreTokenizerFn => f !== null);
      return (t, section) => fns.reduce<string[]>((words, f) => words.flatMap((w) => f(w, section)), [t]);
    }
    default:
      throw new Error(`tokenizer.json: pre_tokenizer type "${String(cfg.type)}" is not supported`);
  }
}

export interface AddedToken {
  id: number;
  content: string;
  lstrip?: boolean;
  rstrip?: boolean;
  normalized?: boolean;
  special?: boolean;
}

/**
 * Splits raw text around added tokens (longest match first), honouring lstrip/rstrip, as the HF tokenizer
 * does before normalisation. Returns sections that are either plain text or an added token's id.
 */
export function splitAddedTokens(text: string, tokens: readonly AddedToken[]): Array<string | number> {
  if (tokens.length === 0 || text.length === 0) return text ? [text] : [];
  const sorted = [...tokens].sort((a, b) => b.content.length - a.content.length);
  const out: Array<string | number> = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const hit = sorted.find((t) => t.content.length > 0 && text.startsWith(t.content, i));
    if (!hit) {
      i++;
      continue;
    }
    let before = text.slice(start, i);
    if (hit.lstrip) before = before.trimEnd();
    if (before) out.push(before);
    out.push(hit.id);
    i += hit.content.length;
    if (hit.rstrip) while (i < text.length && isWhitespace(text[i], text.charCodeAt(i))) i++;
    start = i;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}
