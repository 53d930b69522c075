/**
 * Importer for MIRACL-style data (Zhang et al. 2023, "MIRACL: A Multilingual Retrieval Dataset Covering 18
 * Diverse Languages", TACL; files as distributed with the dataset and used by Pyserini):
 * - topics in TREC TSV: `topics.*.tsv`, one `qid<TAB>query` per line
 *   (e.g. `topics.miracl-v1.0-sw-dev.tsv`);
 * - qrels in TREC layout: `qrels.*.tsv`, one `qid Q0 docid rel` per line, tab- or space-separated
 *   (e.g. `qrels.miracl-v1.0-sw-dev.tsv`); rel > 0 is relevant, rel = 0 a judged non-relevant passage;
 * - a corpus JSONL: `corpus*.jsonl`, one `{"docid": "...", "title": "...", "text": "..."}` per line (the record
 *   shape of MIRACL's `docs-*.jsonl` corpus shards, decompressed). The passage is `title + ' ' + text`
 *   when the title is non-empty (as BEIR and Pyserini feed it to dense retrievers).
 * One language per import (an option; `langFromMiraclName` reads it from Pyserini-style names).
 * Dataset: xlingId = qid, uid = docid; queries without a relevant passage are dropped.
 */
import type { Candidate, Dataset, InputFile, Lang, Query } from './types';
import { DataImportError } from './errors';
import { checkLang } from './languages';
import { optionalString, jsonlRecords, requireString } from './jsonl';
import { readTsvRows } from './tsv';

export interface MiraclFiles {
  topics: InputFile;
  qrels: InputFile;
  corpus: InputFile[];
}

export interface MiraclOptions {
  name: string;
  /** Language of every topic and passage (ISO 639-1). */
  lang: Lang;
}

const NUMBER = /^[+-]?\d+(\.\d+)?$/;
const fileName = (n: string) => n.split(/[\\/]/).pop() ?? n;

/** `topics.miracl-v1.0-sw-dev.tsv` → 'sw'; undefined when the name carries no known-looking code. */
export function langFromMiraclName(name: string): string | undefined {
  const m =
    /miracl[^-]*-v[\d.]+-([a-z]{2,3})(?:-|\.)/i.exec(fileName(name)) ??
    /[.-]([a-z]{2})[.-](?:dev|train|test)/i.exec(fileName(name));
  return m ? m[1].toLowerCase() : undefined;
}

/** Assign file roles in a MIRACL-style folder by name; undefined when it does not look like one. */
export function classifyMiraclFiles(names: string[]): { topics: string; qrels: string; corpus: string[] } | undefined {
  const sorted = [...names].sort();
  const topics = sorted.find((n) => /^topics.*\.tsv$/i.test(fileName(n)));
  const qrels = sorted.find((n) => /^qrels.*\.tsv$/i.test(fileName(n)));
  const corpus = sorted.filter((n) => /^corpus.*\.jsonl$/i.test(fileName(n)));
  if (!topics || !qrels || corpus.length === 0) return undefined;
  return { topics, qrels, corpus };
}

export function importMiracl(files: MiraclFiles, opts: MiraclOptions): Dataset {
  const lang = checkLang(opts.lang, files.topics.name, 'import options', 'lang');
  if (files.corpus.length === 0)
    throw new DataImportError(
      '(corpus)',
      undefined,
      undefined,
      'no corpus file was given',
      'add corpus.jsonl ({"docid", "title", "text"} per line)',
    );

  const candidates: Candidate[] = [];
  const docAt = new Map<string, string>();
  for (const f of files.corpus) {
    for (const rec of jsonlRecords(f)) {
      const docid = requireString(f.name, rec, 'docid', '"1234#0"');
      const earlier = docAt.get(docid);
      if (earlier !== undefined)
        throw new DataImportError(
          f.name,
          rec.where,
          'docid',
          `duplicate docid "${docid}" (already at ${earlier})`,
          'keep one line per docid',
        );
      docAt.set(docid, `${f.name} ${rec.where}`);
      const title = rec.record.title === '' ? '' : (optionalString(f.name, rec, 'title', '"Nairobi"')?.trim() ?? '');
      const text = requireString(f.name, rec, 'text', '"Nairobi ni mji mkuu wa Kenya."');
      const full = title ? `${title} ${text}` : text;
      candidates.push({ uid: docid, lang, text: full, context: full });
    }
  }

  const topicText = new Map<string, string>();
  for (const { where, cols } of readTsvRows(files.topics, { columns: [2], layout: '"qid<TAB>query"', names: ['qid', 'query'] })) {
    if (topicText.has(cols[0]))
      throw new DataImportError(files.topics.name, where, 'qid', `duplicate qid "${cols[0]}"`, 'keep one line per topic');
    topicText.set(cols[0], cols[1]);
  }

  const qf = files.qrels.name;
  const relevant = new Map<string, Set<string>>();
  const judged = new Map<string, string>();
  for (const { where, cols } of readTsvRows(files.qrels, {
    separator: 'whitespace',
    columns: [4],
    layout: '"qid Q0 docid rel" (TREC qrels)',
    names: ['qid', 'Q0', 'docid', 'rel'],
  })) {
    const [qid, , docid, rel] = cols;
    if (!topicText.has(qid))
      throw new DataImportError(
        qf,
        where,
        'qid',
        `unknown qid "${qid}" (not in ${files.topics.name})`,
        'use topics and qrels of the same language and split',
      );
    if (!docAt.has(docid))
      throw new DataImportError(
        qf,
        where,
        'docid',
        `unknown docid "${docid}" (not in the corpus)`,
        'use the corpus the qrels were judged on',
      );
    if (!NUMBER.test(rel))
      throw new DataImportError(qf, where, 'rel', `relevance "${rel}" is not a number`, 'use 1 for relevant, 0 for not relevant');
    const pair = `${qid}\t${docid}`;
    const earlier = judged.get(pair);
    if (earlier !== undefined)
      throw new DataImportError(
        qf,
        where,
        'docid',
        `duplicate judgement of qid "${qid}" and docid "${docid}" (already at ${earlier})`,
        'keep one line per topic and passage',
      );
    judged.set(pair, where);
    if (Number(rel) <= 0) continue;
    let s = relevant.get(qid);
    if (!s) relevant.set(qid, (s = new Set()));
    s.add(docid);
  }

  const queries: Query[] = [];
  for (const [qid, text] of topicText) if (relevant.has(qid)) queries.push({ xlingId: qid, lang, text });
  if (queries.length === 0)
    throw new DataImportError(
      qf,
      undefined,
      'rel',
      'no topic has a relevant passage (rel > 0)',
      'check that the qrels belong to these topics',
    );
  const split = /-(dev|train|test)\b/i.exec(fileName(qf))?.[1]?.toLowerCase() as Dataset['split'] | undefined;
  return { name: opts.name, langs: [lang], queries, candidates, relevant, split };
}
