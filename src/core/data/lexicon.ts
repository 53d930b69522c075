/**
 * Lexicons → translation pairs for the contrastive pre-training stage (see bitext.ts for sentences).
 *
 * Two TSV layouts, chosen per file:
 *  - Bilingual, MUSE style: `source<TAB>target` per line, many lines per source word. Languages come from
 *    `opts.srcLang/tgtLang`, else from a file name starting `xx-yy` (`en-de.tsv`, `en-de.0-5000.txt`).
 *    Cells are taken literally (`|` is not a separator here: it can be a real token). concept = source word.
 *  - Multi-language (the project's offline lexicon), used when neither gives languages: a header line of
 *    language codes (`en<TAB>de<TAB>es`), then one concept per row; an empty cell means "missing", a cell may
 *    hold synonyms separated by `|`. A row yields every cross-language pair; concept = `<file>#<row index>`.
 *
 * Comments: a line is a comment when it starts with `#` followed by whitespace or nothing, or starts with
 * `#` and holds no tab. `#word<TAB>...` is data: MUSE has 719 such entries (hashtags, `#ffcc00` colours).
 * Blank lines are skipped. Identical pairs are stored once, also when repeated in the other direction.
 */
import type { InputFile, Lang } from './types';
import { DataImportError } from './errors';
import { utf8Lines } from './lines';
import { checkLang } from './languages';

export interface TranslationPair {
  a: string;
  aLang: Lang;
  b: string;
  bLang: Lang;
  /** Pairs with the same concept translate one meaning: they must not be in-batch negatives of each other. */
  concept?: string;
}

export interface TranslationPairs {
  /** Languages present, sorted. */
  langs: Lang[];
  pairs: TranslationPair[];
  /** The input file names, in order. */
  source: string[];
}

export interface PairLangOptions {
  srcLang?: string;
  tgtLang?: string;
  /**
   * Keep only the first N concepts of each file: distinct source words in file order (bilingual) or rows
   * (multi-language). MUSE dictionaries are sorted by source-word frequency, so this keeps the common words —
   * what a small encoder can learn in a few thousand steps and what running text mostly consists of.
   */
  maxConcepts?: number;
}

/**
 * Set of (lang pair, text id, text id) triples: open addressing over Int32Arrays. A JS Set of packed numbers
 * allocates a heap number per key and measured ~3× slower for 600k keys (MUSE scale).
 */
class TripleSet {
  private keys = new Int32Array(3 * 1024).fill(-1);
  private size = 0;

  /** Adds the triple; false when it was already there. */
  add(x: number, y: number, z: number): boolean {
    if (2 * (this.size + 1) > this.keys.length / 3) this.grow();
    const k = this.keys,
      mask = k.length / 3 - 1;
    let h = (Math.imul(x, 0x9e3779b1) ^ Math.imul(y, 0x85ebca77) ^ Math.imul(z, 0xc2b2ae3d)) >>> 0;
    for (; ; h++) {
      const i = 3 * (h & mask);
      if (k[i] === -1) {
        k[i] = x;
        k[i + 1] = y;
        k[i + 2] = z;
        this.size++;
        return true;
      }
      if (k[i] === x && k[i + 1] === y && k[i + 2] === z) return false;
    }
  }

  private grow(): void {
    const old = this.keys;
    this.keys = new Int32Array(2 * old.length).fill(-1);
    this.size = 0;
    for (let i = 0; i < old.length; i += 3) if (old[i] !== -1) this.add(old[i], old[i + 1], old[i + 2]);
  }
}

/**
 * Accumulates pairs over files. Memory is what matters at MUSE scale (~600k pairs): every text is interned,
 * so a source word with 10 targets is stored once, and de-duplication keys are integer triples, not strings.
 */
export class PairCollector {
  readonly pairs: TranslationPair[] = [];
  readonly langs = new Set<Lang>();
  readonly source: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly texts: string[] = [];
  private readonly langPairIds = new Map<string, number>(); // "de|en" (sorted) → small id
  private readonly seen = new TripleSet(); // (lang pair id, text id, text id), sides in lang-sorted order

  private id(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.texts.length;
      this.ids.set(s, i);
      this.texts.push(s);
    }
    return i;
  }

  /** Adds a pair unless it (or its reverse) is already there; returns whether it was new. */
  add(a: string, aLang: Lang, b: string, bLang: Lang, concept?: string): boolean {
    const ia = this.id(a),
      ib = this.id(b);
    const fwd = aLang < bLang || (aLang === bLang && ia <= ib);
    const key = fwd ? `${aLang}|${bLang}` : `${bLang}|${aLang}`;
    let lp = this.langPairIds.get(key);
    if (lp === undefined) this.langPairIds.set(key, (lp = this.langPairIds.size));
    if (!this.seen.add(lp, fwd ? ia : ib, fwd ? ib : ia)) return false;
    this.langs.add(aLang).add(bLang);
    // Always set `concept` (maybe undefined): one object shape for all pairs keeps them compact and fast.
    this.pairs.push({
      a: this.texts[ia],
      aLang,
      b: this.texts[ib],
      bLang,
      concept: concept === undefined ? undefined : this.texts[this.id(concept)],
    });
    return true;
  }

  result(): TranslationPairs {
    return { langs: [...this.langs].sort(), pairs: this.pairs, source: this.source };
  }
}

/** One data line of a TSV: `where` is `line N` (1-based, counting blank and comment lines). */
export interface TsvRow {
  where: string;
  cells: string[];
}

/** Blank = only whitespace; tests the first character before trimming, as `trim()` copies the line. */
function isBlank(line: string): boolean {
  return line.length === 0 || (/^\s/.test(line) && line.trim() === '');
}

export function isComment(line: string): boolean {
  return line.startsWith('#') && (line.length === 1 || /\s/.test(line[1]) || !line.includes('\t'));
}

/** Data lines of a TSV file one at a time (strict UTF-8; blank and comment lines skipped). */
export function* tsvRowsIter(file: InputFile): Generator<TsvRow> {
  let any = false;
  for (const { text: line, lineNo } of utf8Lines(file)) {
    if (isBlank(line) || isComment(line)) continue;
    any = true;
    yield { where: `line ${lineNo}`, cells: line.split('\t') };
  }
  if (!any) {
    throw new DataImportError(
      file.name,
      undefined,
      undefined,
      'the file has no data lines (only blank lines and comments)',
      'export the data again; each line must hold tab-separated texts',
    );
  }
}

/** All data lines of a TSV file at once (see tsvRowsIter). */
export function tsvRows(file: InputFile): TsvRow[] {
  return [...tsvRowsIter(file)];
}

const PAIR_NAME = /^([a-z]{2,3})-([a-z]{2,3})(?:[._]|$)/i;

/**
 * Source and target language of a two-language file: opts win, else the `xx-yy` file name prefix.
 * Undefined when neither gives them (a multi-language lexicon then names them in its header).
 */
export function pairLangs(name: string, opts: PairLangOptions = {}): [Lang, Lang] | undefined {
  const base = name.split(/[\\/]/).pop() ?? name;
  const m = PAIR_NAME.exec(base);
  if (opts.srcLang === undefined && opts.tgtLang === undefined && !m) return undefined;
  const src = checkLang(
    opts.srcLang ?? m?.[1],
    name,
    opts.srcLang !== undefined ? 'import options' : 'file name',
    'source language',
  );
  const tgt = checkLang(
    opts.tgtLang ?? m?.[2],
    name,
    opts.tgtLang !== undefined ? 'import options' : 'file name',
    'target language',
  );
  if (src === tgt) {
    throw new DataImportError(
      name,
      opts.tgtLang !== undefined ? 'import options' : 'file name',
      'target language',
      `source and target language are both "${src}"`,
      'translation pairs need two different languages; name the file <src>-<tgt>.tsv, e.g. en-de.tsv',
    );
  }
  return [src, tgt];
}

export function requireCell(file: string, row: TsvRow, col: number, field: string): string {
  const v = row.cells[col].trim();
  if (v === '')
    throw new DataImportError(
      file,
      row.where,
      field,
      `empty ${field.replace(/ \(.*$/, '')}`,
      'write the text or delete the line',
    );
  return v;
}

function importBilingual(file: InputFile, [src, tgt]: [Lang, Lang], out: PairCollector, maxConcepts = Infinity): void {
  const sources = new Set<string>();
  let first = true;
  // Row by row: a MUSE file has 10⁵–10⁶ lines and only the pairs are kept.
  for (const row of tsvRowsIter(file)) {
    // A first line that just names the two languages is a header, not the entry "en" → "de".
    if (first) {
      first = false;
      if (row.cells.length === 2 && row.cells[0].trim().toLowerCase() === src && row.cells[1].trim().toLowerCase() === tgt)
        continue;
    }
    if (row.cells.length !== 2) {
      throw new DataImportError(
        file.name,
        row.where,
        'columns',
        `expected 2 tab-separated columns (source, target), found ${row.cells.length}`,
        'write one `source<TAB>target` per line; several targets of one word go on separate lines',
      );
    }
    const a = requireCell(file.name, row, 0, `source (column 1, ${src})`);
    if (!sources.has(a)) {
      if (sources.size >= maxConcepts) break;
      sources.add(a);
    }
    out.add(a, src, requireCell(file.name, row, 1, `target (column 2, ${tgt})`), tgt, a);
  }
}

function importMultilingual(file: InputFile, out: PairCollector, maxConcepts = Infinity): void {
  const rows = tsvRows(file);
  const head = rows[0];
  const langs: Lang[] = [];
  head.cells.forEach((cell, i) => {
    let lang: Lang;
    try {
      lang = checkLang(cell.trim(), file.name, head.where, `column ${i + 1}`);
    } catch (e) {
      if (!(e instanceof DataImportError)) throw e;
      throw new DataImportError(
        file.name,
        head.where,
        `column ${i + 1}`,
        `${e.problem} in the header`,
        `a multi-language lexicon starts with a header of language codes (en<TAB>de<TAB>es); a two-column lexicon is named <src>-<tgt>.tsv (e.g. en-de.tsv) or imported with srcLang/tgtLang. ${e.fix}`,
      );
    }
    const j = langs.indexOf(lang);
    if (j >= 0) {
      throw new DataImportError(
        file.name,
        head.where,
        `column ${i + 1}`,
        `language "${lang}" appears twice in the header (columns ${j + 1} and ${i + 1})`,
        'merge the two columns into one, separating synonyms with |',
      );
    }
    langs.push(lang);
  });
  if (langs.length < 2)
    throw new DataImportError(
      file.name,
      head.where,
      undefined,
      `the header names ${langs.length} language`,
      'name at least two languages, tab-separated',
    );
  if (rows.length === 1)
    throw new DataImportError(
      file.name,
      undefined,
      undefined,
      'the lexicon has a header but no rows',
      'add one concept per line below the header',
    );

  for (let r = 1; r < Math.min(rows.length, maxConcepts + 1); r++) {
    const row = rows[r];
    if (row.cells.length !== langs.length) {
      throw new DataImportError(
        file.name,
        row.where,
        'columns',
        `expected ${langs.length} tab-separated columns (${langs.join(', ')}), found ${row.cells.length}`,
        'give one cell per header language, leaving a cell empty (but keeping its tab) when the word is missing',
      );
    }
    const words = row.cells.map((cell, i) => {
      if (cell.trim() === '') return [];
      const syns = cell.split('|').map((s) => s.trim());
      if (syns.includes('')) {
        throw new DataImportError(
          file.name,
          row.where,
          `column ${i + 1} (${langs[i]})`,
          `empty synonym in "${cell}"`,
          'separate synonyms with single | and no | at either end',
        );
      }
      return [...new Set(syns)];
    });
    const concept = `${file.name}#${r - 1}`;
    for (let i = 0; i < langs.length; i++) {
      for (let j = i + 1; j < langs.length; j++) {
        for (const a of words[i]) for (const b of words[j]) out.add(a, langs[i], b, langs[j], concept);
      }
    }
  }
}

/** Import lexicon TSVs (bilingual MUSE layout or multi-language with header, per file) as one pair set. */
export function importLexicon(files: InputFile[], opts: PairLangOptions = {}): TranslationPairs {
  if (files.length === 0)
    throw new DataImportError('(no file)', undefined, undefined, 'no lexicon file was given', 'pass at least one .tsv lexicon');
  const max = opts.maxConcepts ?? Infinity;
  if (max !== Infinity && (!Number.isInteger(max) || max < 1)) {
    throw new DataImportError(
      files[0].name,
      undefined,
      'maxConcepts',
      `must be a positive integer, got ${max}`,
      'leave it unset to keep every entry',
    );
  }
  const out = new PairCollector();
  for (const file of files) {
    const langs = pairLangs(file.name, opts);
    if (langs) importBilingual(file, langs, out, max);
    else importMultilingual(file, out, max);
    out.source.push(file.name);
  }
  return out.result();
}

/** One pair set from several (lexicons and bitext together), de-duplicated across them. */
export function mergeTranslationPairs(parts: readonly TranslationPairs[]): TranslationPairs {
  const out = new PairCollector();
  for (const p of parts) {
    for (const x of p.pairs) out.add(x.a, x.aLang, x.b, x.bLang, x.concept);
    out.source.push(...p.source);
  }
  return out.result();
}
