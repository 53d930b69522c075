/**
 * Importer for a generic JSONL of (query, positive passage[, hard negative]) pairs, one pair per line:
 *   {"id"?: str, "lang": "en", "query": str, "positive": str, "negative"?: str, "query_lang"?: str, "passage_lang"?: str}
 * Lines sharing an `id` are translations of one question, so they share an xlingId and every one of their
 * positives is relevant to all of them (the LAReQA view: any translation of the answer is a right answer).
 *
 * Also home of the line reader and field checks that the BEIR importer reuses: both formats are JSONL,
 * and both must report problems as `<file>: line N: <field>: ...` and never return a half-read dataset.
 */
import type { Candidate, Dataset, InputFile, Lang, Query } from './types';
import { DataImportError } from './errors';
import { utf8Lines } from './lines';
import { checkLang } from './languages';

/** One non-blank JSONL line, parsed. `where` is `line N` (1-based), ready for error messages. */
export interface JsonlRecord {
  where: string;
  /** The same line number, as a number. */
  lineNo: number;
  record: Record<string, unknown>;
}

/**
 * Every non-blank line of a JSONL file as a JSON object, one at a time (blank lines are skipped, not errors):
 * importers keep what they need of each record and let the rest go, so memory follows what they keep.
 */
export function* jsonlRecords(file: InputFile): Generator<JsonlRecord> {
  let count = 0;
  for (const { text: line, lineNo } of utf8Lines(file)) {
    if (line.trim() === '') continue;
    const where = `line ${lineNo}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      const detail = (e as Error).message.replace(/^.*?:\s*/, '');
      throw new DataImportError(
        file.name,
        where,
        undefined,
        `invalid JSON (${detail}); the line looks truncated or corrupted`,
        'each line must be one complete JSON object; export the file again and check it is complete',
      );
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new DataImportError(
        file.name,
        where,
        undefined,
        `expected a JSON object, found ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`,
        'write one {...} object per line',
      );
    }
    count++;
    yield { where, lineNo, record: value as Record<string, unknown> };
  }
  if (count === 0) {
    throw new DataImportError(
      file.name,
      undefined,
      undefined,
      'the file has no records (only blank lines)',
      'export the data again; each line must hold one JSON object',
    );
  }
}

/** Parse every non-blank line of a JSONL file as a JSON object, all at once (small files). */
export function readJsonlRecords(file: InputFile): JsonlRecord[] {
  return [...jsonlRecords(file)];
}

function describe(v: unknown): string {
  return Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v;
}

/** A required, non-empty string field. */
export function requireString(file: string, rec: JsonlRecord, field: string, example: string): string {
  const v = rec.record[field];
  if (v === undefined)
    throw new DataImportError(file, rec.where, field, `missing field "${field}"`, `add it, e.g. "${field}": ${example}`);
  if (typeof v !== 'string')
    throw new DataImportError(
      file,
      rec.where,
      field,
      `"${field}" must be a string, found ${describe(v)}`,
      `write it as a JSON string, e.g. "${field}": ${example}`,
    );
  if (v.trim() === '')
    throw new DataImportError(file, rec.where, field, `"${field}" is empty`, `give a non-empty text or drop the line`);
  return v;
}

/** An optional string field: absent or null → undefined; present → must be a non-empty string. */
export function optionalString(file: string, rec: JsonlRecord, field: string, example: string): string | undefined {
  const v = rec.record[field];
  if (v === undefined || v === null) return undefined;
  return requireString(file, rec, field, example);
}

/** Strip directories and the extension: the default dataset name from a file name. */
export function baseName(path: string): string {
  const file = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = file.indexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}

/** Key of the hard-negative map: the query's language and xlingId (unique per query in this format). */
export function negativeKey(xlingId: string, lang: Lang): string {
  return `${lang}:${xlingId}`;
}

export interface JsonlPairsImport {
  dataset: Dataset;
  /** negativeKey(xlingId, query lang) → uids of that line's hard negatives (never one relevant to the xlingId). */
  negatives: Map<string, string[]>;
}

/** Import the pairs and keep each line's hard negative for training. */
export function importJsonlPairsWithNegatives(files: InputFile[], name?: string): JsonlPairsImport {
  if (files.length === 0)
    throw new DataImportError('(no file)', undefined, undefined, 'no JSONL file was given', 'pass at least one .jsonl file');
  const queries: Query[] = [];
  const candidates: Candidate[] = [];
  const uidByPassage = new Map<Lang, Map<string, string>>(); // lang → text → uid (no concatenated key: a copy of every passage)
  const countByLang = new Map<Lang, number>();
  const relevant = new Map<string, Set<string>>();
  const seenQuery = new Map<string, number>(); // negativeKey → file index × 2³² + line number, for duplicate messages
  const lineNegatives: Array<{ key: string; xlingId: string; uids: string[] }> = [];

  const passageUid = (lang: Lang, text: string): string => {
    let byText = uidByPassage.get(lang);
    if (!byText) uidByPassage.set(lang, (byText = new Map()));
    let uid = byText.get(text);
    if (uid === undefined) {
      const n = countByLang.get(lang) ?? 0;
      countByLang.set(lang, n + 1);
      uid = `${lang}/${n}`;
      byText.set(text, uid);
      candidates.push({ uid, lang, text, context: text });
    }
    return uid;
  };

  for (const [fi, file] of files.entries()) {
    for (const rec of jsonlRecords(file)) {
      const f = file.name;
      const id = optionalString(f, rec, 'id', '"q17"');
      // Without an id a line is its own question; prefix the file when several files could reuse line numbers.
      const xlingId = id ?? (files.length > 1 ? `${f}:${rec.where.replace(' ', '-')}` : rec.where.replace(' ', '-'));
      const rawLang = rec.record.lang;
      const hasBothLangs = rec.record.query_lang != null && rec.record.passage_lang != null;
      const lang = rawLang == null && hasBothLangs ? undefined : checkLang(rawLang, f, rec.where, 'lang');
      const queryLang = rec.record.query_lang == null ? lang! : checkLang(rec.record.query_lang, f, rec.where, 'query_lang');
      const passageLang =
        rec.record.passage_lang == null ? lang! : checkLang(rec.record.passage_lang, f, rec.where, 'passage_lang');
      const query = requireString(f, rec, 'query', '"Who wrote Faust?"').trim();
      const positive = requireString(f, rec, 'positive', '"Faust was written by Goethe."').trim();
      const negative = optionalString(f, rec, 'negative', '"Goethe was born in Frankfurt."')?.trim();

      const key = negativeKey(xlingId, queryLang);
      const earlier = seenQuery.get(key);
      if (earlier !== undefined) {
        throw new DataImportError(
          f,
          rec.where,
          id === undefined ? 'query_lang' : 'id',
          `duplicate question: id "${xlingId}" in language "${queryLang}" was already given at ${files[Math.floor(earlier / 2 ** 32)].name} line ${earlier % 2 ** 32}`,
          'give each translation its own language, or a new id if it is a different question',
        );
      }
      seenQuery.set(key, fi * 2 ** 32 + rec.lineNo);
      if (negative !== undefined && negative === positive) {
        throw new DataImportError(
          f,
          rec.where,
          'negative',
          'the negative is the same text as the positive',
          'drop the negative or pick a passage that does not answer the query',
        );
      }

      queries.push({ xlingId, lang: queryLang, text: query });
      const posUid = passageUid(passageLang, positive);
      let rel = relevant.get(xlingId);
      if (!rel) relevant.set(xlingId, (rel = new Set()));
      rel.add(posUid);
      if (negative !== undefined) lineNegatives.push({ key, xlingId, uids: [passageUid(passageLang, negative)] });
    }
  }

  // A negative that another translation marks as positive is relevant after all: never train against it.
  const negatives = new Map<string, string[]>();
  for (const { key, xlingId, uids } of lineNegatives) {
    const kept = uids.filter((u) => !relevant.get(xlingId)!.has(u));
    if (kept.length > 0) negatives.set(key, kept);
  }
  const langs = [...new Set<Lang>([...queries.map((q) => q.lang), ...candidates.map((c) => c.lang)])].sort();
  const dataset: Dataset = { name: name ?? baseName(files[0].name), langs, queries, candidates, relevant };
  return { dataset, negatives };
}

/** Import a JSONL of query/positive pairs as a retrieval dataset (pure: bytes in, Dataset out). */
export function importJsonlPairs(files: InputFile[], name?: string): Dataset {
  return importJsonlPairsWithNegatives(files, name).dataset;
}
