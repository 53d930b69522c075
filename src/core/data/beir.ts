/**
 * Importer for the BEIR layout (Thakur et al. 2021): corpus.jsonl, queries.jsonl and qrels/<split>.tsv.
 * Follows BEIR's own loader where it decides something: a passage is `title + ' ' + text` when the title
 * is non-empty, qrels with score > 0 are relevant, and queries with no relevant passage are dropped.
 * Every query is its own question (xlingId = query `_id`); BEIR sets are not parallel across languages.
 */
import type { Candidate, Dataset, InputFile, Lang, Query } from './types';
import { DataImportError } from './errors';
import { utf8Lines } from './lines';
import { checkLang } from './languages';
import { baseName, optionalString, jsonlRecords, requireString, type JsonlRecord } from './jsonl';

export interface BeirFiles {
  corpus: InputFile;
  queries: InputFile;
  /** One split's qrels, e.g. qrels/test.tsv. */
  qrels: InputFile;
}

export interface BeirOptions {
  name: string;
  /** Language of records that carry no `lang` field of their own. */
  lang?: Lang;
}

const NUMBER = /^[+-]?\d+(\.\d+)?$/;
const SPLITS: ReadonlySet<string> = new Set(['train', 'eval', 'test', 'dev']);

export function importBeir(files: BeirFiles, opts: BeirOptions): Dataset {
  const defaultLang = opts.lang === undefined ? undefined : checkLang(opts.lang, files.corpus.name, 'import options', 'lang');

  const recordLang = (file: string, rec: JsonlRecord): Lang => {
    const own = rec.record.lang;
    if (own === undefined || own === null) {
      if (defaultLang !== undefined) return defaultLang;
      throw new DataImportError(
        file,
        rec.where,
        'lang',
        'no language: the record has no "lang" field and no default language was given',
        'add "lang": "<ISO 639-1 code>" to each record of corpus.jsonl and queries.jsonl (or give the whole dataset one language: in the browser choose it when importing; for the CLI write {"lang": "<code>"} into dataset.json beside the files)',
      );
    }
    return checkLang(own, file, rec.where, 'lang');
  };

  // Corpus: uid = _id; the retrievable text is title + text, as BEIR feeds it to retrievers.
  const cf = files.corpus.name;
  const candidates: Candidate[] = [];
  const corpusLine = new Map<string, string>();
  for (const rec of jsonlRecords(files.corpus)) {
    const id = requireId(cf, rec, corpusLine);
    const title = optionalTitle(cf, rec);
    const body = rec.record.text;
    if (typeof body !== 'string') {
      throw new DataImportError(
        cf,
        rec.where,
        'text',
        body === undefined ? 'missing field "text"' : `"text" must be a string, found ${body === null ? 'null' : typeof body}`,
        'add the passage text, e.g. "text": "Faust was written by Goethe."',
      );
    }
    const text = title && body.trim() !== '' ? `${title} ${body}` : title || body;
    if (text.trim() === '')
      throw new DataImportError(
        cf,
        rec.where,
        'text',
        'the passage is empty (no title and no text)',
        'drop the record or give it a text',
      );
    candidates.push({ uid: id, lang: recordLang(cf, rec), text, context: text });
  }

  const qf = files.queries.name;
  const allQueries: Array<Query & { where: string }> = [];
  const queryLine = new Map<string, string>();
  for (const rec of jsonlRecords(files.queries)) {
    const id = requireId(qf, rec, queryLine);
    const text = requireString(qf, rec, 'text', '"Who wrote Faust?"');
    allQueries.push({ xlingId: id, lang: recordLang(qf, rec), text, where: rec.where });
  }

  const relevant = readQrels(files.qrels, queryLine, corpusLine);
  // BEIR evaluates only queries that have at least one relevant passage in this split.
  const queries: Query[] = allQueries
    .filter((q) => relevant.has(q.xlingId))
    .map(({ xlingId, lang, text }) => ({ xlingId, lang, text }));
  if (queries.length === 0) {
    throw new DataImportError(
      files.qrels.name,
      undefined,
      'score',
      'no query has a relevant passage (score > 0)',
      'check that this qrels file belongs to these queries and that relevant pairs have a score of 1 or more',
    );
  }
  const langs = [...new Set<Lang>([...queries.map((q) => q.lang), ...candidates.map((c) => c.lang)])].sort();
  const split = baseName(files.qrels.name).toLowerCase();
  return {
    name: opts.name,
    langs,
    queries,
    candidates,
    relevant,
    split: SPLITS.has(split) ? (split as Dataset['split']) : undefined,
  };
}

/** `_id`: a non-empty string, unique within its file (`seen` maps id → line, for the duplicate message). */
function requireId(file: string, rec: JsonlRecord, seen: Map<string, string>): string {
  const v = rec.record._id;
  if (typeof v !== 'string' || v.trim() === '') {
    const problem =
      v === undefined
        ? 'missing field "_id"'
        : typeof v === 'string'
          ? '"_id" is empty'
          : `"_id" must be a string, found ${v === null ? 'null' : typeof v}`;
    throw new DataImportError(
      file,
      rec.where,
      '_id',
      problem,
      'give every record a unique string id, e.g. "_id": "doc17" (quote numeric ids)',
    );
  }
  const earlier = seen.get(v);
  if (earlier !== undefined) {
    throw new DataImportError(
      file,
      rec.where,
      '_id',
      `duplicate _id "${v}" (already used at ${earlier})`,
      'give every record a unique _id, or remove the repeated record',
    );
  }
  seen.set(v, rec.where);
  return v;
}

function optionalTitle(file: string, rec: JsonlRecord): string {
  const v = rec.record.title;
  if (v === undefined || v === null || v === '') return '';
  return optionalString(file, rec, 'title', '"Faust"')?.trim() ?? '';
}

/** qrels TSV → query id → relevant corpus ids. Unknown ids are errors even with score 0: they signal a file mix-up. */
function readQrels(file: InputFile, queryLine: Map<string, string>, corpusLine: Map<string, string>): Map<string, Set<string>> {
  const relevant = new Map<string, Set<string>>();
  const fix =
    'qrels must be tab-separated "query-id<TAB>corpus-id<TAB>score" lines after a header (TREC qrels with 4 space-separated columns need converting)';
  let rows = 0;
  let headerSeen = false;
  const pairLine = new Map<string, string>();
  for (const { text: line, lineNo } of utf8Lines(file)) {
    if (line.trim() === '') continue;
    const where = `line ${lineNo}`;
    const cols = line.split('\t').map((c) => c.trim());
    // The first line is a header (`query-id  corpus-id  score`, whatever the names) exactly when its score
    // column is not a number and it does not name a known query and passage — a row of this dataset with a
    // broken score is reported as such, never skipped as a header. A first line with a numeric score is data
    // (a file saved without header).
    if (!headerSeen) {
      headerSeen = true;
      if (cols.length === 3 && !NUMBER.test(cols[2]) && !(queryLine.has(cols[0]) && corpusLine.has(cols[1]))) continue;
    }
    if (cols.length !== 3)
      throw new DataImportError(file.name, where, undefined, `expected 3 tab-separated columns, found ${cols.length}`, fix);
    const [qid, cid, scoreText] = cols;
    if (!NUMBER.test(scoreText)) {
      throw new DataImportError(
        file.name,
        where,
        'score',
        `score "${scoreText}" is not a number`,
        'use an integer relevance grade such as 0, 1 or 2',
      );
    }
    if (!queryLine.has(qid)) {
      throw new DataImportError(
        file.name,
        where,
        'query-id',
        `unknown query id "${qid}" (not in the queries file)`,
        'use qrels from the same BEIR dataset as queries.jsonl',
      );
    }
    if (!corpusLine.has(cid)) {
      throw new DataImportError(
        file.name,
        where,
        'corpus-id',
        `unknown corpus id "${cid}" (not in the corpus file)`,
        'use qrels from the same BEIR dataset as corpus.jsonl',
      );
    }
    rows++;
    const pair = `${qid}\t${cid}`;
    const earlier = pairLine.get(pair);
    if (earlier !== undefined) {
      throw new DataImportError(
        file.name,
        where,
        'corpus-id',
        `duplicate judgement of query "${qid}" and passage "${cid}" (already at ${earlier})`,
        'keep one row per query and passage',
      );
    }
    pairLine.set(pair, where);
    if (Number(scoreText) > 0) {
      let set = relevant.get(qid);
      if (!set) relevant.set(qid, (set = new Set()));
      set.add(cid);
    }
  }
  if (rows === 0)
    throw new DataImportError(
      file.name,
      undefined,
      undefined,
      'the qrels file has no rows after the header',
      'export the qrels again; each row is "query-id<TAB>corpus-id<TAB>score"',
    );
  return relevant;
}
