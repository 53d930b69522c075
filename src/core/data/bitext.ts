/**
 * Parallel sentences → translation pairs for the contrastive pre-training stage (same shape as lexicon.ts).
 *
 * Layouts, chosen per file:
 *  - JSONL (name ends .jsonl/.ndjson, or the first non-blank character is `{`): one object per line,
 *    {"src_lang": "en", "tgt_lang": "de", "src": "...", "tgt": "...", "id"?: string | number}.
 *    concept = `id` when given (lines sharing it translate one sentence), else the source sentence.
 *  - TSV with languages from opts or the `xx-yy` file name prefix (`en-de.tsv`), detected by the column
 *    count of the first data line and then required on every line:
 *      2 columns `src<TAB>tgt`                → concept = the source sentence;
 *      4 columns `id<TAB>src<TAB>id<TAB>tgt`  → Tatoeba's "sentence pairs" export; concept = `tatoeba:<src id>`
 *        (one source sentence with several translations). Tatoeba names its files by language name and
 *        uses 3-letter codes, so pass srcLang/tgtLang (ISO 639-1) for those.
 * Texts are trimmed; comment, blank-line and de-duplication rules are lexicon.ts's (a sentence starting
 * with `#` that has a tab after it is data, e.g. a hashtag).
 */
import type { InputFile, Lang } from './types';
import { DataImportError } from './errors';
import { checkLang } from './languages';
import { jsonlRecords, requireString } from './jsonl';
import { PairCollector, pairLangs, requireCell, tsvRows, type PairLangOptions, type TranslationPairs } from './lexicon';

function isJsonl(file: InputFile): boolean {
  if (/\.(jsonl|ndjson)$/i.test(file.name)) return true;
  // Skip a UTF-8 BOM and leading whitespace; looking at bytes avoids decoding the whole file twice.
  let i = file.bytes[0] === 0xef && file.bytes[1] === 0xbb && file.bytes[2] === 0xbf ? 3 : 0;
  while (
    i < file.bytes.length &&
    (file.bytes[i] === 0x20 || file.bytes[i] === 0x09 || file.bytes[i] === 0x0a || file.bytes[i] === 0x0d)
  )
    i++;
  return file.bytes[i] === 0x7b; // '{'
}

function importJsonl(file: InputFile, out: PairCollector): void {
  for (const rec of jsonlRecords(file)) {
    const f = file.name;
    const srcLang = checkLang(rec.record.src_lang, f, rec.where, 'src_lang');
    const tgtLang = checkLang(rec.record.tgt_lang, f, rec.where, 'tgt_lang');
    if (srcLang === tgtLang) {
      throw new DataImportError(
        f,
        rec.where,
        'tgt_lang',
        `source and target language are both "${srcLang}"`,
        'translation pairs need two different languages; fix the language codes or drop the line',
      );
    }
    const src = requireString(f, rec, 'src', '"The cat sleeps."').trim();
    const tgt = requireString(f, rec, 'tgt', '"Die Katze schläft."').trim();
    const id = rec.record.id;
    if (
      id !== undefined &&
      id !== null &&
      !(typeof id === 'string' && id.trim() !== '') &&
      !(typeof id === 'number' && Number.isFinite(id))
    ) {
      throw new DataImportError(
        f,
        rec.where,
        'id',
        `"id" must be a non-empty string or a number, found ${JSON.stringify(id)}`,
        'give lines that translate the same sentence the same id, or drop the field',
      );
    }
    out.add(src, srcLang, tgt, tgtLang, id === undefined || id === null ? src : `id:${String(id)}`);
  }
}

function importTsv(file: InputFile, [srcLang, tgtLang]: [Lang, Lang], out: PairCollector): void {
  const rows = tsvRows(file);
  const width = rows[0].cells.length;
  if (width !== 2 && width !== 4) {
    throw new DataImportError(
      file.name,
      rows[0].where,
      'columns',
      `expected 2 tab-separated columns (source, target) or 4 (Tatoeba: id, source, id, target), found ${width}`,
      'write `source<TAB>target` per line, or export Tatoeba sentence pairs with their ids; a tab inside a sentence must be replaced by a space',
    );
  }
  for (const row of rows) {
    if (row.cells.length !== width) {
      throw new DataImportError(
        file.name,
        row.where,
        'columns',
        `expected ${width} tab-separated columns like ${rows[0].where}, found ${row.cells.length}`,
        'every line needs the same columns; a tab inside a sentence must be replaced by a space',
      );
    }
    if (width === 2) {
      const src = requireCell(file.name, row, 0, `source (column 1, ${srcLang})`);
      out.add(src, srcLang, requireCell(file.name, row, 1, `target (column 2, ${tgtLang})`), tgtLang, src);
    } else {
      const srcId = requireCell(file.name, row, 0, 'source id (column 1)');
      requireCell(file.name, row, 2, 'target id (column 3)');
      const src = requireCell(file.name, row, 1, `source (column 2, ${srcLang})`);
      out.add(src, srcLang, requireCell(file.name, row, 3, `target (column 4, ${tgtLang})`), tgtLang, `tatoeba:${srcId}`);
    }
  }
}

/** Import parallel-sentence files (JSONL or TSV, per file) as one de-duplicated pair set. */
export function importBitext(files: InputFile[], opts: PairLangOptions = {}): TranslationPairs {
  if (files.length === 0)
    throw new DataImportError(
      '(no file)',
      undefined,
      undefined,
      'no bitext file was given',
      'pass at least one .tsv or .jsonl file',
    );
  const out = new PairCollector();
  for (const file of files) {
    if (isJsonl(file)) {
      importJsonl(file, out);
    } else {
      const langs = pairLangs(file.name, opts);
      if (!langs) {
        throw new DataImportError(
          file.name,
          'file name',
          'source language',
          'the languages of this TSV are unknown',
          'name the file <src>-<tgt>.tsv (e.g. en-de.tsv) or pass srcLang and tgtLang',
        );
      }
      importTsv(file, langs, out);
    }
    out.source.push(file.name);
  }
  return out.result();
}
