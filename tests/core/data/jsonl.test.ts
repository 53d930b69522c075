import { describe, expect, it } from 'vitest';
import { importJsonlPairs, importJsonlPairsWithNegatives, negativeKey } from '../../../src/core/data/jsonl';
import { DataImportError } from '../../../src/core/data/errors';
import type { InputFile } from '../../../src/core/data/types';
import { expectImportError, jsonl } from '../../helpers/import-errors';

const file = (name: string, text: string): InputFile => ({ name, bytes: new TextEncoder().encode(text) });

describe('importJsonlPairs', () => {
  const pairs = jsonl(
    {
      id: 'faust',
      lang: 'en',
      query: 'Who wrote Faust?',
      positive: 'Faust was written by Goethe.',
      negative: 'Goethe was born in Frankfurt.',
    },
    '',
    { id: 'faust', lang: 'de', query: 'Wer schrieb Faust?', positive: 'Faust wurde von Goethe geschrieben.' },
    { lang: 'en', query: 'Where is Frankfurt?', positive: 'Frankfurt is in Hesse.', negative: 'Goethe was born in Frankfurt.' },
    { id: 'x', query_lang: 'de', passage_lang: 'en', query: 'Wo liegt Hessen?', positive: 'Frankfurt is in Hesse.' },
  );

  it('builds queries, deduplicated candidates and relevance across translations', () => {
    const d = importJsonlPairs([file('data/pairs.jsonl', pairs + '\n\n')]);
    expect(d.name).toBe('pairs');
    expect(d.langs).toEqual(['de', 'en']);
    expect(d.queries).toEqual([
      { xlingId: 'faust', lang: 'en', text: 'Who wrote Faust?' },
      { xlingId: 'faust', lang: 'de', text: 'Wer schrieb Faust?' },
      { xlingId: 'line-4', lang: 'en', text: 'Where is Frankfurt?' }, // blank line 2 still counts
      { xlingId: 'x', lang: 'de', text: 'Wo liegt Hessen?' },
    ]);
    // uids per language in first-appearance order; the repeated passages are stored once.
    expect(d.candidates.map((c) => [c.uid, c.text])).toEqual([
      ['en/0', 'Faust was written by Goethe.'],
      ['en/1', 'Goethe was born in Frankfurt.'],
      ['de/0', 'Faust wurde von Goethe geschrieben.'],
      ['en/2', 'Frankfurt is in Hesse.'],
    ]);
    expect(d.candidates.every((c) => c.context === c.text)).toBe(true);
    expect(d.relevant).toEqual(
      new Map([
        ['faust', new Set(['en/0', 'de/0'])],
        ['line-4', new Set(['en/2'])],
        ['x', new Set(['en/2'])],
      ]),
    );
  });

  it('returns per-line hard negatives, never one that is relevant to the question', () => {
    const { negatives } = importJsonlPairsWithNegatives([file('pairs.jsonl', pairs)], 'named');
    expect(negatives).toEqual(
      new Map([
        [negativeKey('faust', 'en'), ['en/1']],
        [negativeKey('line-4', 'en'), ['en/1']],
      ]),
    );
    const crossed = jsonl(
      { id: 'a', lang: 'en', query: 'q1', positive: 'P', negative: 'N' },
      { id: 'a', query_lang: 'de', passage_lang: 'en', query: 'q2', positive: 'N' },
    );
    expect(importJsonlPairsWithNegatives([file('c.jsonl', crossed)]).negatives.size).toBe(0);
  });

  it('prefixes line-based ids with the file name when several files are imported', () => {
    const a = file('a.jsonl', jsonl({ lang: 'en', query: 'q', positive: 'p' }));
    const b = file('b.jsonl', jsonl({ lang: 'en', query: 'q', positive: 'p' }));
    const d = importJsonlPairs([a, b], 'both');
    expect(d.queries.map((q) => q.xlingId)).toEqual(['a.jsonl:line-1', 'b.jsonl:line-1']);
    expect(d.candidates).toHaveLength(1);
  });

  describe('rejects bad input naming file, line and field', () => {
    const ok = { id: 'q1', lang: 'en', query: 'Who?', positive: 'Him.' };
    const cases: Array<[string, string, string[]]> = [
      ['a truncated line', jsonl(ok, '{"id": "q2", "lang": "en", "query": "Wh'), ['bad.jsonl', 'line 2', 'truncated']],
      ['a line that is not an object', jsonl(ok, '[1, 2]'), ['bad.jsonl', 'line 2', 'JSON object']],
      ['a missing query', jsonl({ lang: 'en', positive: 'x' }), ['bad.jsonl', 'line 1', 'query', 'missing']],
      ['an ill-typed positive', jsonl({ lang: 'en', query: 'q', positive: 42 }), ['bad.jsonl', 'line 1', 'positive', 'string']],
      ['an empty positive', jsonl({ lang: 'en', query: 'q', positive: '  ' }), ['bad.jsonl', 'line 1', 'positive', 'empty']],
      [
        'an ill-typed negative',
        jsonl({ lang: 'en', query: 'q', positive: 'p', negative: ['n'] }),
        ['bad.jsonl', 'line 1', 'negative', 'array'],
      ],
      ['an ill-typed id', jsonl({ id: 7, lang: 'en', query: 'q', positive: 'p' }), ['bad.jsonl', 'line 1', 'id', 'string']],
      [
        'a missing language',
        jsonl({ query: 'q', positive: 'p', query_lang: 'en' }),
        ['bad.jsonl', 'line 1', 'lang', 'missing language'],
      ],
      [
        'an unknown language code',
        jsonl(ok, { lang: 'cn', query: 'q', positive: 'p' }),
        ['bad.jsonl', 'line 2', 'lang', '"cn"', '"zh"'],
      ],
      [
        'an unknown passage language',
        jsonl({ lang: 'en', passage_lang: 'xx', query: 'q', positive: 'p' }),
        ['bad.jsonl', 'line 1', 'passage_lang'],
      ],
      [
        'a duplicate (id, lang) pair',
        jsonl(ok, { ...ok, query: 'Who else?' }),
        ['bad.jsonl', 'line 2', 'id', 'duplicate', 'line 1'],
      ],
      ['a negative equal to the positive', jsonl({ ...ok, negative: 'Him.' }), ['bad.jsonl', 'line 1', 'negative']],
    ];
    it.each(cases)('%s', (_name, text, parts) => {
      expectImportError(() => importJsonlPairs([file('bad.jsonl', text)]), parts);
    });

    it('an empty file', () => {
      expectImportError(() => importJsonlPairs([{ name: 'empty.jsonl', bytes: new Uint8Array() }]), ['empty.jsonl', 'empty']);
    });

    it('a file with only blank lines', () => {
      expectImportError(() => importJsonlPairs([file('blank.jsonl', '\n  \n')]), ['blank.jsonl', 'no records']);
    });

    it('non-UTF-8 bytes', () => {
      const bytes = new TextEncoder().encode(jsonl(ok));
      const latin1 = new Uint8Array([...bytes.subarray(0, 10), 0xe9, ...bytes.subarray(10)]);
      expectImportError(() => importJsonlPairs([{ name: 'latin1.jsonl', bytes: latin1 }]), ['latin1.jsonl', 'byte 10', 'UTF-8']);
    });

    it('no file at all', () => {
      expectImportError(() => importJsonlPairs([]), ['no JSONL file']);
    });
  });
});
