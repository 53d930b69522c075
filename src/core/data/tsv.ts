/**
 * Line reader for the TSV/whitespace-separated layouts of DuReader_retrieval and MIRACL (TREC topics/qrels).
 * Like readJsonlRecords: blank lines are skipped, every row reports `line N`, and a wrong column count is a
 * DataImportError naming file, line and the expected layout — never a half-read file.
 */
import { DataImportError } from './errors';
import { utf8Lines } from './lines';
import type { InputFile } from './types';

export interface TsvRow {
  /** `line N`, 1-based, ready for error messages. */
  where: string;
  cols: string[];
}

export interface TsvOptions {
  /** Column separator: a tab (default) or any run of whitespace (TREC qrels are written either way). */
  separator?: 'tab' | 'whitespace';
  /** Accepted column counts. */
  columns: number[];
  /** The layout in words, e.g. `"qid<TAB>query"`, used in the fix of every error. */
  layout: string;
  /** Name of each column (for the field of empty-value errors); defaults to `column N`. */
  names?: string[];
}

export function readTsvRows(file: InputFile, opts: TsvOptions): TsvRow[] {
  const rows: TsvRow[] = [];
  for (const { text: line, lineNo } of utf8Lines(file)) {
    if (line.trim() === '') continue;
    const where = `line ${lineNo}`;
    const cols = opts.separator === 'whitespace' ? line.trim().split(/\s+/) : line.split('\t').map((c) => c.trim());
    if (!opts.columns.includes(cols.length)) {
      const want = opts.columns.length === 1 ? `${opts.columns[0]}` : opts.columns.join(' or ');
      const sep = opts.separator === 'whitespace' ? 'whitespace-separated' : 'tab-separated';
      throw new DataImportError(
        file.name,
        where,
        undefined,
        `expected ${want} ${sep} columns, found ${cols.length}${cols.length < Math.min(...opts.columns) ? ' (the line looks truncated)' : ''}`,
        `write each line as ${opts.layout}`,
      );
    }
    cols.forEach((c, k) => {
      if (c === '')
        throw new DataImportError(
          file.name,
          where,
          opts.names?.[k] ?? `column ${k + 1}`,
          'the value is empty',
          `write each line as ${opts.layout}`,
        );
    });
    rows.push({ where, cols });
  }
  if (rows.length === 0)
    throw new DataImportError(
      file.name,
      undefined,
      undefined,
      'the file has no rows (only blank lines)',
      `export the file again; each line is ${opts.layout}`,
    );
  return rows;
}
