import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyDureaderFiles, importDureader, type DureaderFiles } from '../../../src/core/data/dureader';
import { classifyMiraclFiles, importMiracl, langFromMiraclName, type MiraclFiles } from '../../../src/core/data/miracl';
import type { InputFile } from '../../../src/core/data/types';
import { loadDataset } from '../../../src/cli/data-io';
import { expectImportError, textFile } from '../../helpers/import-errors';

const FIX = join(import.meta.dirname, '../../fixtures');
const read = (rel: string): InputFile => ({ name: rel, bytes: new Uint8Array(readFileSync(join(FIX, rel))) });
const text = (rel: string) => readFileSync(join(FIX, rel), 'utf8');
const bytes = (name: string, b: number[]): InputFile => ({ name, bytes: Uint8Array.from(b) });

const dTsv = (over: Partial<DureaderFiles> = {}): DureaderFiles => ({
  collection: [read('dureader/collection.tsv')],
  queries: read('dureader/dev.q.tsv'),
  qrels: read('dureader/dev.qrels.tsv'),
  ...over,
});
const mFiles = (over: Partial<MiraclFiles> = {}): MiraclFiles => ({
  topics: read('miracl/topics.miracl-v1.0-sw-dev.tsv'),
  qrels: read('miracl/qrels.miracl-v1.0-sw-dev.tsv'),
  corpus: [read('miracl/corpus.jsonl')],
  ...over,
});

describe('DuReader_retrieval importer', () => {
  it('imports the TSV layout: zh, xlingId = qid, uid = passage id, rel 0 rows ignored', () => {
    const d = importDureader(dTsv(), { name: 'du' });
    expect(d.langs).toEqual(['zh']);
    expect(d.candidates).toHaveLength(12);
    expect(d.candidates[0]).toEqual({
      uid: 'p01',
      lang: 'zh',
      text: '杭州西湖位于浙江省杭州市西部，湖面约六点四平方公里。',
      context: '杭州西湖位于浙江省杭州市西部，湖面约六点四平方公里。',
    });
    expect(d.queries.map((q) => q.xlingId)).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6']);
    expect(d.queries.every((q) => q.lang === 'zh')).toBe(true);
    expect([...d.relevant.get('q1')!]).toEqual(['p01', 'p02']);
    expect([...d.relevant.get('q6')!]).toEqual(['p11']); // p12 has rel 0
    expect(d.split).toBe('dev');
  });

  it('imports the JSON layout (passages JSONL + original dev.json) to the same dataset', () => {
    const a = importDureader(dTsv(), { name: 'du' });
    const b = importDureader(
      { collection: [read('dureader-json/passages.jsonl')], qrels: read('dureader-json/dev.json') },
      { name: 'du' },
    );
    expect(b.queries).toEqual(a.queries);
    expect(b.candidates).toEqual(a.candidates);
    expect(b.relevant).toEqual(a.relevant);
  });

  it('is detected by the CLI folder loader', async () => {
    expect((await loadDataset(join(FIX, 'dureader'))).queries).toHaveLength(6);
    expect((await loadDataset(join(FIX, 'dureader-json'))).candidates).toHaveLength(12);
    expect(classifyDureaderFiles(['collection.tsv', 'dev.q.tsv', 'dev.qrels.tsv'])).toEqual({
      collection: ['collection.tsv'],
      queries: 'dev.q.tsv',
      qrels: 'dev.qrels.tsv',
    });
    expect(classifyDureaderFiles(['corpus.jsonl', 'queries.jsonl'])).toBeUndefined();
  });

  it('truncated collection line (no tab): file, line and fix', () => {
    const t = text('dureader/collection.tsv').replace('p05\t饺子是中国北方春节期间常见的传统食物。', 'p05');
    expectImportError(
      () => importDureader(dTsv({ collection: [textFile('collection.tsv', t)] }), { name: 'x' }),
      ['collection.tsv', 'line 5', 'expected 2 tab-separated columns, found 1', 'truncated', 'passage_id<TAB>passage text'],
    );
  });

  it('truncated JSON line in dev.json', () => {
    const t = text('dureader-json/dev.json').split('\n');
    t[2] = t[2].slice(0, 30);
    expectImportError(
      () =>
        importDureader(
          { collection: [read('dureader-json/passages.jsonl')], qrels: textFile('dev.json', t.join('\n')) },
          { name: 'x' },
        ),
      ['dev.json', 'line 3', 'invalid JSON'],
    );
  });

  it('wrong column count in queries and qrels', () => {
    expectImportError(
      () => importDureader(dTsv({ queries: textFile('dev.q.tsv', 'q1\t西湖\textra\n') }), { name: 'x' }),
      ['dev.q.tsv', 'line 1', 'found 3', 'qid<TAB>query'],
    );
    expectImportError(
      () => importDureader(dTsv({ qrels: textFile('dev.qrels.tsv', 'q1\t0\tp01\n') }), { name: 'x' }),
      ['dev.qrels.tsv', 'line 1', 'expected 2 or 4', 'found 3'],
    );
  });

  it('unknown ids in qrels name the field', () => {
    expectImportError(
      () => importDureader(dTsv({ qrels: textFile('dev.qrels.tsv', 'q1\t0\tp01\t1\nq9\t0\tp02\t1\n') }), { name: 'x' }),
      ['dev.qrels.tsv', 'line 2', 'qid', 'unknown query id "q9"'],
    );
    expectImportError(
      () => importDureader(dTsv({ qrels: textFile('dev.qrels.tsv', 'q1\t0\tp01\t1\nq2\t0\tp99\t1\n') }), { name: 'x' }),
      ['dev.qrels.tsv', 'line 2', 'pid', 'unknown passage id "p99"'],
    );
    const json = JSON.stringify({ question_id: 'q1', question: '西湖', answer_paragraphs: [{ paragraph_id: 'zz' }] });
    expectImportError(
      () => importDureader({ collection: [read('dureader/collection.tsv')], qrels: textFile('dev.json', json) }, { name: 'x' }),
      ['dev.json', 'line 1', 'answer_paragraphs[0].paragraph_id', 'unknown passage id "zz"'],
    );
  });

  it('empty file and non-UTF-8 bytes', () => {
    expectImportError(() => importDureader(dTsv({ queries: textFile('dev.q.tsv', '') }), { name: 'x' }), ['dev.q.tsv', 'empty']);
    expectImportError(
      () => importDureader(dTsv({ collection: [bytes('collection.tsv', [0x70, 0x31, 0x09, 0xc3, 0x28, 0x0a])] }), { name: 'x' }),
      ['collection.tsv', 'byte 3', 'not valid UTF-8'],
    );
  });

  it('duplicate passage ids across collection parts', () => {
    expectImportError(
      () =>
        importDureader(dTsv({ collection: [read('dureader/collection.tsv'), textFile('collection-part2.tsv', 'p03\t重复\n')] }), {
          name: 'x',
        }),
      ['collection-part2.tsv', 'line 1', 'passage_id', 'duplicate passage id "p03"'],
    );
  });
});

describe('MIRACL-style importer', () => {
  it('imports topics, TREC qrels and the corpus with the given language', () => {
    const d = importMiracl(mFiles(), { name: 'miracl-sw', lang: 'sw' });
    expect(d.langs).toEqual(['sw']);
    expect(d.queries).toHaveLength(6);
    expect(d.queries[0]).toEqual({ xlingId: '1', lang: 'sw', text: 'Mlima mrefu zaidi Afrika ni upi?' });
    expect(d.candidates.find((c) => c.uid === 'd1#0')!.text).toBe(
      'Mlima Kilimanjaro Kilimanjaro ni mlima mrefu zaidi barani Afrika.',
    );
    expect(d.candidates.find((c) => c.uid === 'd8#0')!.text).toBe('Simba ni mnyama anayeishi katika mbuga za Serengeti.'); // empty title
    expect([...d.relevant.get('1')!]).toEqual(['d1#0']); // d1#1 judged 0
    expect([...d.relevant.get('5')!]).toEqual(['d6#0', 'd6#1']);
    expect(d.split).toBe('dev');
  });

  it('accepts space-separated qrels and reads the language from Pyserini names', async () => {
    const spaced = text('miracl/qrels.miracl-v1.0-sw-dev.tsv').replace(/\t/g, ' ');
    expect(importMiracl(mFiles({ qrels: textFile('qrels.tsv', spaced) }), { name: 'm', lang: 'sw' }).queries).toHaveLength(6);
    expect(langFromMiraclName('topics.miracl-v1.0-sw-dev.tsv')).toBe('sw');
    expect(langFromMiraclName('x/qrels.miracl-v1.0-zh-train.tsv')).toBe('zh');
    expect(classifyMiraclFiles(['corpus.jsonl', 'qrels.a.tsv', 'topics.a.tsv'])).toEqual({
      topics: 'topics.a.tsv',
      qrels: 'qrels.a.tsv',
      corpus: ['corpus.jsonl'],
    });
    expect((await loadDataset(join(FIX, 'miracl'))).langs).toEqual(['sw']);
  });

  it('rejects an unknown language option', () => {
    expectImportError(
      () => importMiracl(mFiles(), { name: 'm', lang: 'swa' }),
      ['lang', 'unknown language code "swa"', 'use the ISO 639-1 code "sw"'],
    );
  });

  it('truncated qrels line and wrong column counts', () => {
    expectImportError(
      () => importMiracl(mFiles({ qrels: textFile('qrels.tsv', '1 Q0 d1#0 1\n2 Q0\n') }), { name: 'm', lang: 'sw' }),
      ['qrels.tsv', 'line 2', 'expected 4', 'found 2', 'truncated', 'qid Q0 docid rel'],
    );
    expectImportError(
      () => importMiracl(mFiles({ topics: textFile('topics.tsv', '1\tswali\n2\n') }), { name: 'm', lang: 'sw' }),
      ['topics.tsv', 'line 2', 'expected 2 tab-separated columns, found 1'],
    );
  });

  it('truncated corpus JSON line and missing field', () => {
    expectImportError(
      () =>
        importMiracl(
          mFiles({ corpus: [textFile('corpus.jsonl', '{"docid": "d1#0", "title": "A", "text": "x"}\n{"docid": "d2#0", "ti')] }),
          { name: 'm', lang: 'sw' },
        ),
      ['corpus.jsonl', 'line 2', 'invalid JSON'],
    );
    expectImportError(
      () =>
        importMiracl(mFiles({ corpus: [textFile('corpus.jsonl', '{"docid": "d1#0", "title": "A"}')] }), {
          name: 'm',
          lang: 'sw',
        }),
      ['corpus.jsonl', 'line 1', 'text', 'missing field "text"'],
    );
  });

  it('unknown ids in qrels name the field', () => {
    expectImportError(
      () =>
        importMiracl(mFiles({ qrels: textFile('qrels.tsv', '1\tQ0\td1#0\t1\n77\tQ0\td1#0\t1\n') }), { name: 'm', lang: 'sw' }),
      ['qrels.tsv', 'line 2', 'qid', 'unknown qid "77"'],
    );
    expectImportError(
      () => importMiracl(mFiles({ qrels: textFile('qrels.tsv', '1\tQ0\tnope#3\t1\n') }), { name: 'm', lang: 'sw' }),
      ['qrels.tsv', 'line 1', 'docid', 'unknown docid "nope#3"'],
    );
    expectImportError(
      () => importMiracl(mFiles({ qrels: textFile('qrels.tsv', '1\tQ0\td1#0\tyes\n') }), { name: 'm', lang: 'sw' }),
      ['qrels.tsv', 'line 1', 'rel', 'not a number'],
    );
  });

  it('empty file and non-UTF-8 bytes', () => {
    expectImportError(
      () => importMiracl(mFiles({ topics: textFile('topics.tsv', '') }), { name: 'm', lang: 'sw' }),
      ['topics.tsv', 'empty'],
    );
    expectImportError(
      () => importMiracl(mFiles({ corpus: [bytes('corpus.jsonl', [0x7b, 0xff, 0x7d])] }), { name: 'm', lang: 'sw' }),
      ['corpus.jsonl', 'byte 1', 'not valid UTF-8'],
    );
  });
});
