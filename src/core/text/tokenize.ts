/**
 * Lexical tokenisation for BM25, one function for every language.
 *
 * Pipeline: NFKC (full-width Latin/digits → ASCII, compatibility ligatures split) → lower case →
 * runs of letters/numbers with their combining marks kept attached (Devanagari matras and viramas,
 * Thai vowel and tone marks are `\p{M}`; splitting on them would cut every Hindi or Thai word apart).
 *
 * Segmentation is decided per run of one script, not per document language, so that a Latin name inside
 * Chinese text, or a Chinese name inside English text, tokenises the same way in both; that keeps
 * cross-lingual (multi-pool) matching on names and numbers consistent. The document language only
 * changes case folding (Turkish/Azerbaijani dotted and dotless i).
 *
 * Scripts written without spaces (see UNSEGMENTED_LANGS):
 * - Han / Hiragana / Katakana (zh, ja): character unigrams + overlapping bigrams, the classic CJK
 *   baseline (Lucene's CJK analyzer): unigrams give recall for one-character words, bigrams precision.
 * - Thai, Lao, Khmer, Myanmar (th, lo, km, my): we have no word dictionary of our own offline, and
 *   Intl.Segmenter's dictionaries differ between engines and ICU versions (Node vs Chrome vs Firefox), so
 *   an index built in Node and a query tokenised in a browser would not agree and runs would not be
 *   reproducible. Each run of the script therefore becomes overlapping bigrams of grapheme clusters
 *   (base letter + its marks, plus Khmer/Myanmar stacked consonants). Unigrams are left out: these
 *   scripts are alphabetic/abugida, single letters carry almost no meaning and would only add noise.
 * - Tibetan (bo) separates syllables with the tsheg mark (punctuation), so ordinary run splitting
 *   already yields syllables, which is the usual unit for Tibetan retrieval.
 * No stemming and no stopwords: BM25's IDF already discounts frequent words, and stemmers for 100+
 * languages would be more code than this whole module.
 */
import type { Lang } from '../data/types';

/** A letter or number followed by its combining marks, repeated: one "word" run of any script. */
const WORD_RUN = /(?:[\p{L}\p{N}]\p{M}*)+/gu;
/** Does the run contain any character of a script that needs segmenting? (Fast path: most runs don't.) */
const NEEDS_SEGMENTING = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;
/**
 * One grapheme cluster, approximately: a base character and its combining marks, plus consonants stacked
 * under it by the Khmer coeng (U+17D2) or the Myanmar virama (U+1039), which are written as one glyph.
 */
const CLUSTER = /[\p{L}\p{N}](?:[\u17d2\u1039]\p{L}|\p{M})*/gu;
const CJK = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]/u;
const SOUTHEAST_ASIAN: ReadonlyArray<[string, RegExp]> = [
  ['thai', /\p{sc=Thai}/u],
  ['lao', /\p{sc=Lao}/u],
  ['khmer', /\p{sc=Khmer}/u],
  ['myanmar', /\p{sc=Myanmar}/u],
];
/**
 * Invisible joiners dropped before splitting: ZWNJ/ZWJ sit inside Persian and Indic words, the soft hyphen
 * and word joiner inside any word. Zero-width space (U+200B) is kept: Thai/Khmer text uses it *between* words.
 */
const INVISIBLE_JOINERS = /[\u00ad\u200c\u200d\u2060]/g;

/** Languages whose case folding differs from the default (İ → i and I → ı). */
const LOCALE_CASE: ReadonlySet<string> = new Set(['tr', 'az']);

function caseFold(text: string, lang: Lang): string {
  return LOCALE_CASE.has(lang) ? text.toLocaleLowerCase(lang) : text.toLowerCase();
}

function scriptClass(cluster: string): string {
  if (CJK.test(cluster)) return 'cjk';
  for (const [name, re] of SOUTHEAST_ASIAN) if (re.test(cluster)) return name;
  return 'other';
}

/** Split a run that mixes scripts into same-script pieces and emit each piece's tokens. */
function segmentRun(run: string, out: string[]): void {
  const clusters = run.match(CLUSTER) ?? [];
  let start = 0;
  while (start < clusters.length) {
    const cls = scriptClass(clusters[start]);
    let end = start + 1;
    while (end < clusters.length && scriptClass(clusters[end]) === cls) end++;
    const piece = clusters.slice(start, end);
    if (cls === 'other') {
      out.push(piece.join(''));
    } else if (piece.length === 1) {
      out.push(piece[0]);
    } else {
      // CJK keeps unigrams; Southeast Asian scripts are bigrams only (see the module comment).
      for (let i = 0; i < piece.length; i++) {
        if (cls === 'cjk') out.push(piece[i]);
        if (i + 1 < piece.length) out.push(piece[i] + piece[i + 1]);
      }
    }
    start = end;
  }
}

/**
 * Tokens of `text` written in `lang`, in text order (duplicates kept: BM25 needs term frequencies).
 * Deterministic and pure, so queries and candidates tokenised in different workers agree.
 */
export function tokenize(text: string, lang: Lang): string[] {
  const normalized = caseFold(text.normalize('NFKC').replace(INVISIBLE_JOINERS, ''), lang);
  const out: string[] = [];
  for (const m of normalized.matchAll(WORD_RUN)) {
    const run = m[0];
    if (NEEDS_SEGMENTING.test(run)) segmentRun(run, out);
    else out.push(run);
  }
  return out;
}
