/**
 * Every importer refuses garbage with one DataImportError line naming file, record, field and fix — and keeps
 * accepting the valid variants (UTF-8 BOM, CRLF, a header-less qrels file).
 */
import { describe, expect, it } from 'vitest';
import { importBeir } from '../../../src/core/data/beir';
import { importBitext } from '../../../src/core/data/bitext';
import { importDureader } from '../../../src/core/data/dureader';
import { DataImportError, decodeUtf8, firstInvalidUtf8 } from '../../../src/core/data/errors';
import { importJsonlPairs } from '../../../src/core/data/jsonl';
import { importLareqa, withinEdits } from '../../../src/core/data/lareqa';
import { importLexicon } from '../../../src/core/data/lexicon';
import { importMiracl } from '../../../src/core/data/miracl';
import type { InputFile } from '../../../src/core/data/types';

const file = (name: string, text: string | Uint8Array): InputFile => ({
  name,
  bytes: typeof text === 'string' ? new TextEncoder().encode(text) : text,
});
const BOM = '\ufeff';

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DataImportError);
    const m = (e as Error).message;
    expect(m).not.toContain('\n');
    expect(m).toMatch(/\. Fix: /);
    return m;
  }
  throw new Error('accepted');
}

function lareqa(p: {
  context?: string;
  sentences?: unknown[];
  breaks?: unknown[];
  question?: string;
  id?: string;
  start?: number;
}) {
  const context = p.context ?? 'Goethe wrote Faust. He was born in Frankfurt.';
  return JSON.stringify({
    data: [
      {
        paragraphs: [
          {
            context,
            sentences: p.sentences ?? ['Goethe wrote Faust.', 'He was born in Frankfurt.'],
            sentence_breaks: p.breaks ?? [
              [0, 19],
              [20, 45],
            ],
            qas: [
              {
                id: p.id ?? 'q1',
                question: p.question ?? 'Who wrote Faust?',
                answers: [{ text: 'Goethe', answer_start: p.start ?? 0 }],
              },
            ],
          },
        ],
      },
    ],
  });
}

describe('strict UTF-8', () => {
  it('names the file, byte offset and line of the first invalid byte', () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('{"a": "ü"}\n{"b": "'),
      0xc3,
      0x28,
      ...new TextEncoder().encode('"}\n'),
    ]);
    expect(firstInvalidUtf8(bytes)).toBe(19);
    expect(refusal(() => decodeUtf8('x.jsonl', bytes))).toMatch(
      /^x\.jsonl: byte 19 \(line 2\): the file is not valid UTF-8 \(byte 0xc3\)/,
    );
    // Overlong encodings, surrogates, a truncated sequence at the end.
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0x42, 0xe2, 0x82]))).toBe(2);
    expect(firstInvalidUtf8(new TextEncoder().encode('日本語 ✓ 𝄞'))).toBe(-1);
    // Line formats are read line by line: the first problem in file order is reported.
    const pairs = new Uint8Array([
      ...new TextEncoder().encode('{"lang": "en", "query": "q", "positive": "ü"}\r\n'),
      0x61,
      0xff,
      0x0a,
    ]);
    expect(refusal(() => importJsonlPairs([file('p.jsonl', pairs)]))).toMatch(
      /^p\.jsonl: byte 49 \(line 2\): the file is not valid UTF-8 \(byte 0xff\)/,
    );
    expect(refusal(() => importLexicon([file('en-de.tsv', new Uint8Array([0x61, 0x09, 0xff, 0x0a]))]))).toMatch(
      /en-de\.tsv: byte 2 \(line 1\)/,
    );
  });
  it('refuses empty and whitespace-only files', () => {
    expect(refusal(() => importJsonlPairs([file('p.jsonl', '')]))).toMatch(/the file is empty/);
    expect(refusal(() => importJsonlPairs([file('p.jsonl', ' \r\n\n ')]))).toMatch(/only whitespace/);
    expect(refusal(() => importLareqa([file('en.json', BOM + '\n')]))).toMatch(/only whitespace/);
  });
});

describe('LAReQA', () => {
  it('refuses a sentence that is not its context slice, naming paragraph and sentence', () => {
    const m = refusal(() =>
      importLareqa([file('en.json', lareqa({ sentences: ['Goethe wrote Faust.', 'Schiller wrote Die Räuber.'] }))]),
    );
    expect(m).toMatch(
      /^en\.json: data\[0\]\.paragraphs\[0\]: sentences\[1\]: the sentence "Schiller wrote Die Räuber\." is not its context slice \[20, 45\) "He was born in Frankfurt\."/,
    );
    // Off-by-some breaks (cutting words) are refused too.
    expect(
      refusal(() =>
        importLareqa([
          file(
            'en.json',
            lareqa({
              breaks: [
                [0, 10],
                [10, 45],
              ],
            }),
          ),
        ]),
      ),
    ).toMatch(/sentences\[0\]: the sentence .* is not its context slice \[0, 10\)/);
  });
  it('accepts small upstream noise (≤ 5% edits, surrounding whitespace) between sentence and slice', () => {
    const context = 'A track of 1.435 mm (4 ft 8 1â\u0081„2 in) is standard.';
    const sentence = 'A track of 1.435 mm (4 ft 8 1⁞2 in) is standard.';
    const d = importLareqa([file('tr.json', lareqa({ context, sentences: [sentence], breaks: [[0, context.length]] }))]);
    expect(d.candidates[0].text).toBe(sentence);
    expect(withinEdits('kitten', 'sitting', 3)).toBe(true);
    expect(withinEdits('kitten', 'sitting', 2)).toBe(false);
    expect(withinEdits('a'.repeat(5000), 'b' + 'a'.repeat(4999), 1)).toBe(true);
  });
  it('refuses empty or whitespace-only questions, ids, contexts and sentences', () => {
    expect(refusal(() => importLareqa([file('en.json', lareqa({ question: '  \t' }))]))).toMatch(
      /qas\[0\]: question: "question" is empty/,
    );
    expect(refusal(() => importLareqa([file('en.json', lareqa({ id: '' }))]))).toMatch(/qas\[0\]: id: "id" is empty/);
    expect(refusal(() => importLareqa([file('en.json', lareqa({ context: ' ', sentences: [], breaks: [] }))]))).toMatch(
      /context: "context" is empty/,
    );
  });
  it('refuses an unknown language code in the file name, duplicate ids, non-integer offsets', () => {
    expect(refusal(() => importLareqa([file('xx.json', lareqa({}))]))).toMatch(
      /^xx\.json: file name \(language code\): unknown language code "xx"/,
    );
    expect(refusal(() => importLareqa([file('eng.json', lareqa({}))]))).toMatch(/use the ISO 639-1 code "en"/);
    const twice = JSON.parse(lareqa({}));
    twice.data[0].paragraphs[0].qas.push(twice.data[0].paragraphs[0].qas[0]);
    expect(refusal(() => importLareqa([file('en.json', JSON.stringify(twice))]))).toMatch(
      /qas\[1\]: id: duplicate question id "q1"/,
    );
    expect(
      refusal(() => importLareqa([file('en.json', lareqa({}).replace('"answer_start":0', '"answer_start":1e999'))])),
    ).toMatch(/answer_start: expected an integer, found null/);
    expect(refusal(() => importLareqa([file('en.json', lareqa({}).replace('"answer_start":0', '"answer_start":0.5'))]))).toMatch(
      /answer_start: expected an integer, found 0\.5/,
    );
  });
  it('still accepts a BOM and CRLF line endings', () => {
    const d = importLareqa([file('de.json', BOM + lareqa({}).replace(/,/g, ',\r\n'))]);
    expect(d.queries).toHaveLength(1);
  });
});

describe('BEIR qrels header detection is exact', () => {
  const corpus = file(
    'corpus.jsonl',
    '{"_id": "d1", "text": "Goethe wrote Faust."}\n{"_id": "d2", "text": "Paris is in France."}\n',
  );
  const queries = file('queries.jsonl', '{"_id": "q1", "text": "Who wrote Faust?"}\n{"_id": "q2", "text": "Where is Paris?"}\n');
  const beir = (qrels: string) =>
    importBeir({ corpus, queries, qrels: file('qrels/test.tsv', qrels) }, { name: 'b', lang: 'en' });

  it('a header line is skipped; a header-less file keeps its first row', () => {
    expect(beir('query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\n').queries).toHaveLength(2);
    expect(beir('q1\td1\t1\r\nq2\td2\t1\r\n').queries).toHaveLength(2);
  });
  it('a first data row with a broken score is an error, not a header', () => {
    expect(refusal(() => beir('q1\td1\tone\nq2\td2\t1\n'))).toMatch(
      /^qrels\/test\.tsv: line 1: score: score "one" is not a number/,
    );
    expect(refusal(() => beir('q1\td1\tNaN\nq2\td2\t1\n'))).toMatch(/line 1: score: score "NaN" is not a number/);
    expect(refusal(() => beir('query-id\tcorpus-id\tscore\nq1\td1\tInfinity\n'))).toMatch(
      /line 2: score: score "Infinity" is not a number/,
    );
  });
  it('refuses duplicate judgements and duplicate ids', () => {
    expect(refusal(() => beir('q1\td1\t1\nq1\td1\t0\n'))).toMatch(
      /line 2: corpus-id: duplicate judgement of query "q1" and passage "d1" \(already at line 1\)/,
    );
    const dupCorpus = file('corpus.jsonl', '{"_id": "d1", "text": "a"}\n{"_id": "d1", "text": "b"}\n');
    expect(
      refusal(() => importBeir({ corpus: dupCorpus, queries, qrels: file('t.tsv', 'q1\td1\t1\n') }, { name: 'b', lang: 'en' })),
    ).toMatch(/line 2: _id: duplicate _id "d1"/);
  });
  it('refuses empty queries and an unknown language', () => {
    const blank = file('queries.jsonl', '{"_id": "q1", "text": "   "}\n');
    expect(
      refusal(() => importBeir({ corpus, queries: blank, qrels: file('t.tsv', 'q1\td1\t1\n') }, { name: 'b', lang: 'en' })),
    ).toMatch(/queries\.jsonl: line 1: text: "text" is empty/);
    expect(
      refusal(() => importBeir({ corpus, queries, qrels: file('t.tsv', 'q1\td1\t1\n') }, { name: 'b', lang: 'xx' })),
    ).toMatch(/unknown language code "xx"/);
  });
});

describe('JSONL pairs, MIRACL, DuReader, lexicon, bitext', () => {
  it('JSONL: wrong types, missing fields, empty texts, unknown languages, duplicates', () => {
    const one = (line: string) => refusal(() => importJsonlPairs([file('p.jsonl', line + '\n')]));
    expect(one('{"lang": "en", "query": 5, "positive": "x"}')).toMatch(/line 1: query: "query" must be a string, found number/);
    expect(one('{"lang": "en", "query": "q"}')).toMatch(/line 1: positive: missing field "positive"/);
    expect(one('{"lang": "en", "query": " ", "positive": "x"}')).toMatch(/line 1: query: "query" is empty/);
    expect(one('{"lang": "xx", "query": "q", "positive": "x"}')).toMatch(/line 1: lang: unknown language code "xx"/);
    expect(one('[1, 2]')).toMatch(/line 1: expected a JSON object, found an array/);
    expect(one('{"lang": "en", "query": "q", "positive": "x"')).toMatch(/line 1: invalid JSON/);
    expect(
      refusal(() =>
        importJsonlPairs([
          file(
            'p.jsonl',
            '{"id": "a", "lang": "en", "query": "q", "positive": "x"}\r\n{"id": "a", "lang": "en", "query": "r", "positive": "y"}\r\n',
          ),
        ]),
      ),
    ).toMatch(/line 2: id: duplicate question: id "a" in language "en"/);
    expect(importJsonlPairs([file('p.jsonl', BOM + '{"lang": "en", "query": "q", "positive": "x"}\r\n')]).queries).toHaveLength(
      1,
    );
  });
  it('MIRACL: duplicate judgements, non-numeric relevance', () => {
    const topics = file('topics.miracl-v1.0-sw-dev.tsv', '1\tNairobi ni nini?\n');
    const corpus = [file('corpus.jsonl', '{"docid": "d1", "title": "", "text": "Nairobi ni mji mkuu."}\n')];
    const m = (qrels: string) =>
      importMiracl({ topics, qrels: file('qrels.miracl-v1.0-sw-dev.tsv', qrels), corpus }, { name: 'm', lang: 'sw' });
    expect(m('1 Q0 d1 1\n').queries).toHaveLength(1);
    expect(refusal(() => m('1 Q0 d1 1\n1 Q0 d1 1\n'))).toMatch(/line 2: docid: duplicate judgement of qid "1" and docid "d1"/);
    expect(refusal(() => m('1 Q0 d1 NaN\n'))).toMatch(/line 1: rel: relevance "NaN" is not a number/);
  });
  it('DuReader: a question given twice in dev.json', () => {
    const collection = [file('collection.tsv', 'p1\t北京是中国的首都。\n')];
    const q = '{"question_id": "a", "question": "北京", "answer_paragraphs": [{"paragraph_id": "p1"}]}';
    expect(refusal(() => importDureader({ collection, qrels: file('dev.json', `${q}\n${q}\n`) }, { name: 'd' }))).toMatch(
      /dev\.json: line 2: question_id: duplicate question_id "a"/,
    );
  });
  it('lexicon and bitext: empty cells, wrong column counts, unknown languages; BOM + CRLF accepted', () => {
    expect(refusal(() => importLexicon([file('en-de.tsv', 'cat\t \n')]))).toMatch(
      /line 1: target \(column 2, de\): empty target/,
    );
    expect(refusal(() => importLexicon([file('en-de.tsv', 'cat\tKatze\tchat\n')]))).toMatch(
      /line 1: columns: expected 2 tab-separated columns/,
    );
    expect(refusal(() => importLexicon([file('en-xx.tsv', 'cat\tKatze\n')]))).toMatch(/unknown language code "xx"/);
    expect(refusal(() => importLexicon([file('words.tsv', 'en\tqq\ncat\tKatze\n')]))).toMatch(
      /column 2: unknown language code "qq" in the header/,
    );
    expect(importLexicon([file('en-de.tsv', BOM + 'cat\tKatze\r\ndog\tHund\r\n')]).pairs.map((p) => p.b)).toEqual([
      'Katze',
      'Hund',
    ]);
    expect(
      refusal(() =>
        importBitext([file('p.jsonl', '{"src_lang": "en", "tgt_lang": "de", "src": "a", "tgt": "b", "id": 1e999}\n')]),
      ),
    ).toMatch(/id: "id" must be a non-empty string or a number, found null/);
  });
});
