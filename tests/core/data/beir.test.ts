import { describe, expect, it } from 'vitest';
import { importBeir, type BeirFiles } from '../../../src/core/data/beir';
import { DataImportError } from '../../../src/core/data/errors';
import type { InputFile } from '../../../src/core/data/types';
import { expectImportError, jsonl } from '../../helpers/import-errors';

const file = (name: string, text: string): InputFile => ({ name, bytes: new TextEncoder().encode(text) });

const corpusText = jsonl(
  { _id: 'd1', title: 'Faust', text: 'Faust was written by Goethe.' },
  { _id: 'd2', title: '', text: 'Frankfurt is in Hesse.' },
  { _id: 'd3', text: 'Berlin ist die Hauptstadt.', lang: 'de' },
);
const queriesText = jsonl(
  { _id: 'q1', text: 'Who wrote Faust?' },
  { _id: 'q2', text: 'Where is Frankfurt?' },
  { _id: 'q3', text: 'Was ist die Hauptstadt?', lang: 'de' },
  { _id: 'q4', text: 'A query without relevant passages' },
);
const qrelsText = 'query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t2\nq3\td3\t1\nq4\td1\t0\n';

function files(over: Partial<Record<keyof BeirFiles, string>> = {}): BeirFiles {
  return {
    corpus: file('scifact/corpus.jsonl', over.corpus ?? corpusText),
    queries: file('scifact/queries.jsonl', over.queries ?? queriesText),
    qrels: file('scifact/qrels/test.tsv', over.qrels ?? qrelsText),
  };
}

describe('importBeir', () => {
  it('imports corpus, queries and qrels the BEIR way', () => {
    const d = importBeir(files(), { name: 'scifact', lang: 'en' });
    expect(d.name).toBe('scifact');
    expect(d.split).toBe('test');
    expect(d.langs).toEqual(['de', 'en']);
    expect(d.candidates).toEqual([
      { uid: 'd1', lang: 'en', text: 'Faust Faust was written by Goethe.', context: 'Faust Faust was written by Goethe.' },
      { uid: 'd2', lang: 'en', text: 'Frankfurt is in Hesse.', context: 'Frankfurt is in Hesse.' },
      { uid: 'd3', lang: 'de', text: 'Berlin ist die Hauptstadt.', context: 'Berlin ist die Hauptstadt.' },
    ]);
    // q4 has only a score-0 judgement, so it is dropped, as BEIR does.
    expect(d.queries).toEqual([
      { xlingId: 'q1', lang: 'en', text: 'Who wrote Faust?' },
      { xlingId: 'q2', lang: 'en', text: 'Where is Frankfurt?' },
      { xlingId: 'q3', lang: 'de', text: 'Was ist die Hauptstadt?' },
    ]);
    expect(d.relevant).toEqual(
      new Map([
        ['q1', new Set(['d1'])],
        ['q2', new Set(['d2'])],
        ['q3', new Set(['d3'])],
      ]),
    );
  });

  it('takes every language from the records when no default is given', () => {
    const d = importBeir(
      files({
        corpus: jsonl({ _id: 'd1', text: 'x', lang: 'sw' }),
        queries: jsonl({ _id: 'q1', text: 'y', lang: 'sw' }),
        qrels: 'query-id\tcorpus-id\tscore\r\nq1\td1\t1\r\n',
      }),
      { name: 'sw' },
    );
    expect(d.langs).toEqual(['sw']);
  });

  describe('rejects bad input naming file, line and field', () => {
    const cases: Array<[string, Partial<Record<keyof BeirFiles, string>>, string[]]> = [
      [
        'a truncated corpus line',
        { corpus: corpusText + '\n{"_id": "d4", "text": "Hal' },
        ['corpus.jsonl', 'line 4', 'truncated'],
      ],
      ['a missing corpus _id', { corpus: jsonl({ text: 'x' }) }, ['corpus.jsonl', 'line 1', '_id', 'missing']],
      ['a numeric corpus _id', { corpus: jsonl({ _id: 5, text: 'x' }) }, ['corpus.jsonl', 'line 1', '_id', 'string']],
      [
        'an ill-typed corpus text',
        { corpus: jsonl({ _id: 'd1', text: { a: 1 } }) },
        ['corpus.jsonl', 'line 1', 'text', 'string'],
      ],
      [
        'an ill-typed title',
        { corpus: jsonl({ _id: 'd1', title: 3, text: 'x' }) },
        ['corpus.jsonl', 'line 1', 'title', 'string'],
      ],
      [
        'a duplicate corpus _id',
        { corpus: corpusText + '\n' + jsonl({ _id: 'd2', text: 'again' }) },
        ['corpus.jsonl', 'line 4', '_id', 'duplicate', 'line 2'],
      ],
      [
        'a duplicate query _id',
        { queries: queriesText + '\n\n' + jsonl({ _id: 'q1', text: 'again' }) },
        ['queries.jsonl', 'line 6', '_id', 'duplicate', 'line 1'],
      ],
      ['a missing query text', { queries: jsonl({ _id: 'q1' }) }, ['queries.jsonl', 'line 1', 'text', 'missing']],
      [
        'an unknown language code',
        { queries: jsonl({ _id: 'q1', text: 't', lang: 'eng' }) },
        ['queries.jsonl', 'line 1', 'lang', '"eng"', '"en"'],
      ],
      [
        'qrels with the wrong column count',
        { qrels: 'query-id\tcorpus-id\tscore\nq1 0 d1 1\n' },
        ['test.tsv', 'line 2', '3 tab-separated columns', 'TREC'],
      ],
      [
        'qrels with a non-numeric score',
        { qrels: 'query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\tyes\n' },
        ['test.tsv', 'line 3', 'score', '"yes"'],
      ],
      [
        'qrels with an unknown query id',
        { qrels: 'query-id\tcorpus-id\tscore\nq9\td1\t1\n' },
        ['test.tsv', 'line 2', 'query-id', '"q9"'],
      ],
      [
        'qrels with an unknown corpus id',
        { qrels: 'query-id\tcorpus-id\tscore\nq1\td9\t0\n' },
        ['test.tsv', 'line 2', 'corpus-id', '"d9"'],
      ],
      ['qrels with no rows', { qrels: 'query-id\tcorpus-id\tscore\n' }, ['test.tsv', 'no rows']],
      [
        'qrels with no relevant pair',
        { qrels: 'query-id\tcorpus-id\tscore\nq1\td1\t0\n' },
        ['test.tsv', 'score', 'no query has a relevant passage'],
      ],
    ];
    it.each(cases)('%s', (_name, over, parts) => {
      expectImportError(() => importBeir(files(over), { name: 'x', lang: 'en' }), parts);
    });

    it('a record without language and no default language', () => {
      expectImportError(() => importBeir(files(), { name: 'x' }), ['corpus.jsonl', 'line 1', 'lang', 'dataset.json']);
    });

    it('an unknown default language', () => {
      expectImportError(
        () => importBeir(files(), { name: 'x', lang: 'english' }),
        ['corpus.jsonl', 'import options', 'lang', '"english"'],
      );
    });

    it('an empty file', () => {
      expectImportError(
        () => importBeir({ ...files(), queries: { name: 'queries.jsonl', bytes: new Uint8Array() } }, { name: 'x', lang: 'en' }),
        ['queries.jsonl', 'empty'],
      );
    });

    it('non-UTF-8 bytes', () => {
      const bytes = new Uint8Array([...new TextEncoder().encode('query-id\tcorpus-id\tscore\nq1\td'), 0xff, 0x31]);
      expectImportError(
        () => importBeir({ ...files(), qrels: { name: 'qrels/test.tsv', bytes } }, { name: 'x', lang: 'en' }),
        ['test.tsv', 'byte 29', 'UTF-8'],
      );
    });
  });
});
