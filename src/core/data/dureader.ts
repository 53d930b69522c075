/**
 * Importer for DuReader_retrieval (Qiu et al. 2022, "DuReader_retrieval: A Large-Scale Chinese Benchmark for
 * Passage Retrieval from Web Search Engine", arXiv 2203.10232), for zero-shot evaluation in Chinese.
 *
 * Layout implemented (one folder; file roles by name, see `classifyDureaderFiles`):
 * - **passage collection** — one or more files whose name starts with `collection` or `passage`
 *   (the release splits it into `passage-collection/part-00 … part-03`). Every non-blank line is either
 *     `passage_id<TAB>passage text`                                   (TSV), or
 *     `{"paragraph_id": "...", "paragraph_text": "..."}`             (JSON line; `pid`/`text` also accepted).
 *   The official baseline package stores bare passage texts plus a line-number → id map
 *   (`passage2id.map.json`); joining the two gives exactly the TSV form above.
 * - **dev queries** — `dev*.tsv` (not named `*qrel*`): `qid<TAB>query` lines (the `q2qid.dev.json` map of the
 *   baseline package written out as TSV). Optional when the qrels are the original `dev.json`, which carries
 *   every question.
 * - **dev qrels** — either the original reference file `dev.json`: JSON lines
 *   `{"question_id", "question", "answer_paragraphs": [{"paragraph_id", "paragraph_text"}]}` — the format read by
 *   the official `metric/evaluation.py` (`load_reference_from_stream`) of the DuReader-Retrieval baseline in
 *   github.com/PaddlePaddle/RocketQA/research/DuReader-Retrieval-Baseline — or a TSV `dev*qrel*.tsv` with
 *   `qid<TAB>pid` or MS MARCO/TREC-style `qid<TAB>0<TAB>pid<TAB>rel` lines (rel > 0 is relevant).
 *
 * Dataset: lang 'zh' for every record, xlingId = qid, candidate uid = passage id; a passage is retrieved as a
 * whole (context = text). Queries without a relevant passage are dropped (as BEIR does). Unknown query or
 * passage ids in the qrels are errors: they signal files from different releases or splits.
 */
import type { Candidate, Dataset, InputFile, Query } from './types';
import { DataImportError } from './errors';
import { baseName, jsonlRecords, readJsonlRecords, requireString, type JsonlRecord } from './jsonl';
import { readTsvRows } from './tsv';

export interface DureaderFiles {
  /** The passage collection, in one or more parts. */
  collection: InputFile[];
  /** `qid<TAB>query`; may be left out when `qrels` is the original dev.json (it holds the questions). */
  queries?: InputFile;
  /** dev.json (JSON lines) or a qrels TSV. */
  qrels: InputFile;
}

export interface DureaderOptions {
  name: string;
}

const NUMBER = /^[+-]?\d+(\.\d+)?$/;
const isJsonName = (n: string) => /\.jsonl?$/i.test(n);
const fileName = (n: string) => n.split(/[\\/]/).pop() ?? n;

/** Assign file roles in a DuReader_retrieval folder by name; undefined when it does not look like one. */
export function classifyDureaderFiles(names: string[]): { collection: string[]; queries?: string; qrels: string } | undefined {
  const sorted = [...names].sort();
  const collection = sorted.filter((n) => /^(collection|passage)/i.test(fileName(n)) && !/\.map\.json$/i.test(n));
  const dev = sorted.filter((n) => /^dev/i.test(fileName(n)));
  const qrels = dev.find((n) => /qrel/i.test(fileName(n))) ?? dev.find((n) => isJsonName(n));
  const queries = dev.find((n) => n !== qrels && /\.tsv$/i.test(n) && !/qrel/i.test(fileName(n)));
  if (collection.length === 0 || !qrels) return undefined;
  return { collection, queries, qrels };
}

export function importDureader(files: DureaderFiles, opts: DureaderOptions): Dataset {
  if (files.collection.length === 0) {
    throw new DataImportError(
      '(passage collection)',
      undefined,
      undefined,
      'no passage collection file was given',
      'add the collection files (passage_id<TAB>text lines)',
    );
  }
  // Passage collection: uid = passage id.
  const candidates: Candidate[] = [];
  const passageAt = new Map<string, string>(); // pid → "<file> line N"
  for (const f of files.collection) {
    for (const { where, id, text, field } of readCollection(f)) {
      const earlier = passageAt.get(id);
      if (earlier !== undefined)
        throw new DataImportError(
          f.name,
          where,
          field,
          `duplicate passage id "${id}" (already at ${earlier})`,
          'keep one line per passage id',
        );
      passageAt.set(id, `${f.name} ${where}`);
      candidates.push({ uid: id, lang: 'zh', text, context: text });
    }
  }

  const queryText = new Map<string, string>();
  if (files.queries) {
    for (const { where, cols } of readTsvRows(files.queries, {
      columns: [2],
      layout: '"qid<TAB>query"',
      names: ['qid', 'query'],
    })) {
      if (queryText.has(cols[0]))
        throw new DataImportError(
          files.queries.name,
          where,
          'qid',
          `duplicate query id "${cols[0]}"`,
          'keep one line per query id',
        );
      queryText.set(cols[0], cols[1]);
    }
  }

  const relevant = new Map<string, Set<string>>();
  const addRel = (qid: string, pid: string) => {
    let s = relevant.get(qid);
    if (!s) relevant.set(qid, (s = new Set()));
    s.add(pid);
  };
  const qf = files.qrels.name;
  const checkPid = (where: string, field: string, pid: string) => {
    if (!passageAt.has(pid))
      throw new DataImportError(
        qf,
        where,
        field,
        `unknown passage id "${pid}" (not in the passage collection)`,
        'use qrels and passage collection from the same DuReader_retrieval release',
      );
  };
  const checkQid = (where: string, field: string, qid: string) => {
    if (files.queries && !queryText.has(qid))
      throw new DataImportError(
        qf,
        where,
        field,
        `unknown query id "${qid}" (not in ${files.queries.name})`,
        'use the queries file of the same split as the qrels',
      );
  };

  if (isJsonName(qf) || firstChar(files.qrels) === '{') {
    // The original dev.json reference: one question per line with its answer paragraphs.
    const questionAt = new Map<string, string>();
    for (const rec of jsonlRecords(files.qrels)) {
      const qid = requireString(qf, rec, 'question_id', '"edb58f525bd14724d6f490722fa8a657"');
      checkQid(rec.where, 'question_id', qid);
      const earlier = questionAt.get(qid);
      if (earlier !== undefined)
        throw new DataImportError(
          qf,
          rec.where,
          'question_id',
          `duplicate question_id "${qid}" (already at ${earlier})`,
          'keep one line per question',
        );
      questionAt.set(qid, rec.where);
      if (!queryText.has(qid)) queryText.set(qid, requireString(qf, rec, 'question', '"北京有哪些博物馆"'));
      const paras = rec.record.answer_paragraphs;
      if (!Array.isArray(paras)) {
        throw new DataImportError(
          qf,
          rec.where,
          'answer_paragraphs',
          paras === undefined ? 'missing field "answer_paragraphs"' : '"answer_paragraphs" must be a list',
          'give the relevant passages, e.g. "answer_paragraphs": [{"paragraph_id": "p1", "paragraph_text": "..."}]',
        );
      }
      paras.forEach((p, k) => {
        const field = `answer_paragraphs[${k}].paragraph_id`;
        const pid = (p as Record<string, unknown> | null)?.paragraph_id;
        if (typeof pid !== 'string' || pid === '')
          throw new DataImportError(
            qf,
            rec.where,
            field,
            'missing or non-string paragraph id',
            'write each answer paragraph as {"paragraph_id": "<passage id>", ...}',
          );
        checkPid(rec.where, field, pid);
        addRel(qid, pid);
      });
    }
  } else {
    const rows = readTsvRows(files.qrels, {
      columns: [2, 4],
      layout: '"qid<TAB>pid" or "qid<TAB>0<TAB>pid<TAB>rel"',
      names: ['qid', 'pid'],
    });
    for (const { where, cols } of rows) {
      const qid = cols[0],
        pid = cols.length === 2 ? cols[1] : cols[2];
      checkQid(where, 'qid', qid);
      if (!files.queries)
        throw new DataImportError(
          qf,
          where,
          'qid',
          'a qrels TSV needs a queries file (qid<TAB>query)',
          'add the dev queries file, e.g. dev.q.tsv',
        );
      checkPid(where, 'pid', pid);
      if (cols.length === 4) {
        if (!NUMBER.test(cols[3]))
          throw new DataImportError(qf, where, 'rel', `relevance "${cols[3]}" is not a number`, 'use 1 for relevant, 0 for not');
        if (Number(cols[3]) <= 0) continue;
      }
      addRel(qid, pid);
    }
  }

  const queries: Query[] = [];
  for (const [qid, text] of queryText) if (relevant.has(qid)) queries.push({ xlingId: qid, lang: 'zh', text });
  if (queries.length === 0)
    throw new DataImportError(
      qf,
      undefined,
      undefined,
      'no query has a relevant passage',
      'check that the qrels belong to these queries',
    );
  return { name: opts.name, langs: ['zh'], queries, candidates, relevant, split: /dev/i.test(baseName(qf)) ? 'dev' : undefined };
}

function firstChar(f: InputFile): string {
  for (const b of f.bytes)
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09 && b !== 0xef && b !== 0xbb && b !== 0xbf)
      return String.fromCharCode(b);
  return '';
}

function readCollection(f: InputFile): Array<{ where: string; id: string; text: string; field: string }> {
  if (firstChar(f) === '{') {
    return readJsonlRecords(f).map((rec: JsonlRecord) => {
      const idField = rec.record.paragraph_id !== undefined ? 'paragraph_id' : 'pid';
      const textField = rec.record.paragraph_text !== undefined ? 'paragraph_text' : 'text';
      return {
        where: rec.where,
        id: requireString(f.name, rec, idField, '"p17"'),
        text: requireString(f.name, rec, textField, '"北京是中国的首都。"'),
        field: idField,
      };
    });
  }
  return readTsvRows(f, { columns: [2], layout: '"passage_id<TAB>passage text"', names: ['passage_id', 'passage text'] }).map(
    ({ where, cols }) => ({ where, id: cols[0], text: cols[1], field: 'passage_id' }),
  );
}
