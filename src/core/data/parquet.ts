/**
 * Importer for retrieval data in the C-MTEB / MTEB parquet layout (the Hugging Face Hub's `C-MTEB/<Task>` +
 * `C-MTEB/<Task>-qrels` datasets, e.g. DuRetrieval), read with hyparquet (pure JS: Node and the worker):
 * - corpus:  a parquet file with string columns `id`, `text` (and an optional `title`), name containing `corpus`;
 * - queries: `id`, `text`, name containing `queries`;
 * - qrels:   `qid`, `pid`, `score` (score > 0 is relevant), name containing `qrels` or starting with the split
 *   (`dev-00000-of-00001-….parquet` in `C-MTEB/DuRetrieval-qrels`).
 * The files carry no language: every record gets the import's `lang` (C-MTEB is Chinese: 'zh'), unless a
 * `lang` column is present. Dataset: xlingId = query id, uid = passage id; queries without a relevant passage
 * are dropped (as BEIR does); unknown ids in the qrels are errors (files of different releases).
 */
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import type { Candidate, Dataset, InputFile, Lang, Query } from './types';
import { DataImportError } from './errors';
import { checkLang } from './languages';

export interface ParquetFiles {
  corpus: InputFile[];
  queries: InputFile;
  qrels: InputFile;
}
export interface ParquetOptions {
  name: string;
  lang?: Lang;
}

const fileName = (n: string) => n.split(/[\\/]/).pop() ?? n;
const SPLIT_PREFIX = /^(dev|test|train|validation)[-._]/i;

/** Assign roles to parquet files by name; undefined when the list lacks one of the three roles. */
export function classifyParquetFiles(names: string[]): { corpus: string[]; queries: string; qrels: string } | undefined {
  const pq = [...names].filter((n) => /\.parquet$/i.test(n)).sort();
  const corpus = pq.filter((n) => /corpus/i.test(fileName(n)));
  const queries = pq.find((n) => /quer/i.test(fileName(n)) && !corpus.includes(n));
  const qrels =
    pq.find((n) => /qrel/i.test(n) && n !== queries && !corpus.includes(n)) ??
    pq.find((n) => SPLIT_PREFIX.test(fileName(n)) && !corpus.includes(n) && n !== queries);
  if (corpus.length === 0 || !queries || !qrels) return undefined;
  return { corpus, queries, qrels };
}

type Row = Record<string, unknown>;

async function readRows(f: InputFile, required: string[]): Promise<Row[]> {
  if (f.bytes.length === 0)
    throw new DataImportError(f.name, undefined, undefined, 'the file is empty', 'download the parquet file again');
  const buffer = f.bytes.buffer.slice(f.bytes.byteOffset, f.bytes.byteOffset + f.bytes.byteLength) as ArrayBuffer;
  let columns: string[];
  try {
    columns = parquetMetadata(buffer)
      .schema.slice(1)
      .map((s) => s.name);
  } catch (e) {
    throw new DataImportError(
      f.name,
      undefined,
      undefined,
      `not a readable parquet file (${(e as Error).message})`,
      'download the file again and check it is complete (a parquet file ends with the bytes "PAR1")',
    );
  }
  for (const c of required) {
    if (!columns.includes(c))
      throw new DataImportError(
        f.name,
        'schema',
        c,
        `missing column "${c}" (columns: ${columns.join(', ')})`,
        `give the file the C-MTEB columns ${required.join(', ')}`,
      );
  }
  try {
    return (await parquetReadObjects({ file: buffer })) as Row[];
  } catch (e) {
    throw new DataImportError(
      f.name,
      undefined,
      undefined,
      `the parquet data cannot be decoded (${(e as Error).message})`,
      'download the file again; if it uses a codec other than snappy/gzip, re-save it with snappy',
    );
  }
}

/** A string id: parquet ids may be strings or integers (then written in decimal). */
function idOf(file: string, row: Row, i: number, field: string): string {
  const v = row[field];
  if (typeof v === 'string' && v.trim() !== '') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  if (typeof v === 'bigint') return v.toString();
  throw new DataImportError(
    file,
    `row ${i + 1}`,
    field,
    v == null || v === '' ? `missing "${field}"` : `"${field}" must be a string or integer id, found ${typeof v}`,
    `give every row a non-empty ${field}`,
  );
}

function textOf(file: string, row: Row, i: number, field: string): string {
  const v = row[field];
  if (typeof v !== 'string' || v.trim() === '')
    throw new DataImportError(
      file,
      `row ${i + 1}`,
      field,
      v == null || v === '' ? `"${field}" is empty` : `"${field}" must be a string, found ${typeof v}`,
      'drop the row or give it a text',
    );
  return v;
}

export async function importParquet(files: ParquetFiles, opts: ParquetOptions): Promise<Dataset> {
  const langFor = (file: string, row: Row, i: number): Lang => {
    if (row.lang != null) return checkLang(row.lang, file, `row ${i + 1}`, 'lang');
    if (opts.lang === undefined)
      throw new DataImportError(
        file,
        undefined,
        'lang',
        'the parquet files carry no language column and no language was given',
        'pass the dataset language (CLI --lang zh; the Data tab\'s "Language" field)',
      );
    return checkLang(opts.lang, file, 'import options', 'lang');
  };
  const candidates: Candidate[] = [];
  const passageAt = new Map<string, string>();
  for (const f of files.corpus) {
    (await readRows(f, ['id', 'text'])).forEach((row, i) => {
      const id = idOf(f.name, row, i, 'id');
      const earlier = passageAt.get(id);
      if (earlier !== undefined)
        throw new DataImportError(
          f.name,
          `row ${i + 1}`,
          'id',
          `duplicate passage id "${id}" (already at ${earlier})`,
          'keep one row per passage id',
        );
      passageAt.set(id, `${f.name} row ${i + 1}`);
      const title = typeof row.title === 'string' ? row.title.trim() : '';
      const body = textOf(f.name, row, i, 'text');
      const text = title ? `${title} ${body}` : body;
      candidates.push({ uid: id, lang: langFor(f.name, row, i), text, context: text });
    });
  }
  const qf = files.queries.name;
  const queryRows = new Map<string, Query>();
  (await readRows(files.queries, ['id', 'text'])).forEach((row, i) => {
    const id = idOf(qf, row, i, 'id');
    if (queryRows.has(id))
      throw new DataImportError(qf, `row ${i + 1}`, 'id', `duplicate query id "${id}"`, 'keep one row per query id');
    queryRows.set(id, { xlingId: id, lang: langFor(qf, row, i), text: textOf(qf, row, i, 'text') });
  });
  const rf = files.qrels.name;
  const relevant = new Map<string, Set<string>>();
  (await readRows(files.qrels, ['qid', 'pid'])).forEach((row, i) => {
    const qid = idOf(rf, row, i, 'qid'),
      pid = idOf(rf, row, i, 'pid');
    if (!queryRows.has(qid))
      throw new DataImportError(
        rf,
        `row ${i + 1}`,
        'qid',
        `unknown query id "${qid}" (not in ${qf})`,
        'use the qrels of the same dataset release as the queries',
      );
    if (!passageAt.has(pid))
      throw new DataImportError(
        rf,
        `row ${i + 1}`,
        'pid',
        `unknown passage id "${pid}" (not in the corpus)`,
        'use the qrels of the same dataset release as the corpus',
      );
    const score = row.score === undefined ? 1 : Number(row.score);
    if (!Number.isFinite(score))
      throw new DataImportError(
        rf,
        `row ${i + 1}`,
        'score',
        `score ${String(row.score)} is not a number`,
        'use 1 for relevant, 0 for not',
      );
    if (score <= 0) return;
    let s = relevant.get(qid);
    if (!s) relevant.set(qid, (s = new Set()));
    s.add(pid);
  });
  const queries = [...queryRows.values()].filter((q) => relevant.has(q.xlingId));
  if (queries.length === 0)
    throw new DataImportError(
      rf,
      undefined,
      'score',
      'no query has a relevant passage (score > 0)',
      'check that the qrels belong to these queries',
    );
  const langs = [...new Set<Lang>([...queries.map((q) => q.lang), ...candidates.map((c) => c.lang)])].sort();
  const split = SPLIT_PREFIX.exec(fileName(rf))?.[1].toLowerCase() ?? /(dev|test)/i.exec(fileName(rf))?.[1].toLowerCase();
  return {
    name: opts.name,
    langs,
    queries,
    candidates,
    relevant,
    split: split === 'dev' || split === 'test' || split === 'train' ? split : undefined,
  };
}
