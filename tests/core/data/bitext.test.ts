import { describe, expect, it } from 'vitest';
import { importBitext } from '../../../src/core/data/bitext';
import type { TranslationPairs } from '../../../src/core/data/lexicon';
import { DataImportError } from '../../../src/core/data/errors';
import type { InputFile } from '../../../src/core/data/types';
import { enc } from '../../helpers/shared';
import { expectImportError, jsonl } from '../../helpers/import-errors';

const file = (name: string, text: string): InputFile => ({ name, bytes: enc(text) });
const flat = (p: TranslationPairs) => p.pairs.map((x) => `${x.aLang}:${x.a} ${x.bLang}:${x.b} [${x.concept}]`);

describe('importBitext', () => {
  it('TSV src<TAB>tgt with languages from the file name; texts trimmed, duplicates dropped', () => {
    const p = importBitext([
      file(
        'corpus/en-de.tsv',
        '# parallel\nThe cat sleeps. \tDie Katze schläft.\n\n#tag is data\t#tag sind Daten\nThe cat sleeps.\tDie Katze schläft.\n',
      ),
    ]);
    expect(p.langs).toEqual(['de', 'en']);
    expect(p.source).toEqual(['corpus/en-de.tsv']);
    expect(flat(p)).toEqual([
      'en:The cat sleeps. de:Die Katze schläft. [The cat sleeps.]',
      'en:#tag is data de:#tag sind Daten [#tag is data]',
    ]);
  });

  it('Tatoeba 4 columns (id, src, id, tgt): concept groups the translations of one source sentence', () => {
    const tsv =
      "1276\tLet's try something.\t6378\tVersuchen wir etwas.\n1276\tLet's try something.\t77\tLass uns etwas versuchen.\n1277\tI have to go.\t2\tIch muss gehen.\n";
    const p = importBitext([file('Sentence pairs in English-German.tsv', tsv)], { srcLang: 'en', tgtLang: 'de' });
    expect(flat(p)).toEqual([
      "en:Let's try something. de:Versuchen wir etwas. [tatoeba:1276]",
      "en:Let's try something. de:Lass uns etwas versuchen. [tatoeba:1276]",
      'en:I have to go. de:Ich muss gehen. [tatoeba:1277]',
    ]);
  });

  it('JSONL with per-line languages, detected by extension or by content; id groups translations', () => {
    const text = jsonl(
      { src_lang: 'en', tgt_lang: 'de', src: 'Good morning.', tgt: 'Guten Morgen.', id: 7 },
      '',
      { src_lang: 'en', tgt_lang: 'es', src: 'Good morning.', tgt: 'Buenos días.', id: 7 },
      { src_lang: 'fr', tgt_lang: 'en', src: 'Merci.', tgt: 'Thanks.' },
      { src_lang: 'de', tgt_lang: 'en', src: 'Guten Morgen.', tgt: 'Good morning.' }, // reverse duplicate
    );
    const p = importBitext([file('pairs.jsonl', text)]);
    expect(p.langs).toEqual(['de', 'en', 'es', 'fr']);
    expect(flat(p)).toEqual([
      'en:Good morning. de:Guten Morgen. [id:7]',
      'en:Good morning. es:Buenos días. [id:7]',
      'fr:Merci. en:Thanks. [Merci.]',
    ]);
    expect(importBitext([file('pairs.txt', `\n${text}`)]).pairs).toHaveLength(3);
  });

  it('several files of both kinds make one set', () => {
    const p = importBitext([
      file('en-de.tsv', 'Yes.\tJa.\n'),
      file(
        'x.jsonl',
        jsonl(
          { src_lang: 'de', tgt_lang: 'en', src: 'Ja.', tgt: 'Yes.' },
          { src_lang: 'en', tgt_lang: 'fr', src: 'Yes.', tgt: 'Oui.' },
        ),
      ),
    ]);
    expect(flat(p)).toEqual(['en:Yes. de:Ja. [Yes.]', 'en:Yes. fr:Oui. [Yes.]']);
    expect(p.source).toEqual(['en-de.tsv', 'x.jsonl']);
  });
});

describe('importBitext: malformed files name file, line and field', () => {
  it.each([
    ['3 columns', 'en-de.tsv', 'a\tb\tc\n', ['en-de.tsv', 'line 1', 'columns', 'found 3']],
    [
      'columns change',
      'en-de.tsv',
      'a\tb\nc\td\te\tf\n',
      ['en-de.tsv', 'line 2', 'columns', 'expected 2', 'like line 1', 'found 4'],
    ],
    ['empty source', 'en-de.tsv', 'Hi.\tHallo.\n\t Tschüss.\n', ['en-de.tsv', 'line 2', 'source (column 1, en)', 'empty source']],
    ['empty target', 'en-de.tsv', 'Hi.\t  \n', ['en-de.tsv', 'line 1', 'target (column 2, de)', 'empty target']],
    [
      'empty Tatoeba id',
      'en-de.tsv',
      '1\tHi.\t2\tHallo.\n3\tYes.\t\tJa.\n',
      ['en-de.tsv', 'line 2', 'target id (column 3)', 'empty target id'],
    ],
    [
      'TSV without languages',
      'pairs.tsv',
      'Hi.\tHallo.\n',
      ['pairs.tsv', 'file name', 'source language', 'languages of this TSV are unknown'],
    ],
    [
      'unknown language in file name',
      'en-xx.tsv',
      'Hi.\tHallo.\n',
      ['en-xx.tsv', 'file name', 'target language', 'unknown language code "xx"'],
    ],
    [
      'JSONL unknown language',
      'p.jsonl',
      jsonl({ src_lang: 'en', tgt_lang: 'ger', src: 'a', tgt: 'b' }),
      ['p.jsonl', 'line 1', 'tgt_lang', 'unknown language code "ger"', '"de"'],
    ],
    [
      'JSONL missing language',
      'p.jsonl',
      jsonl({ src_lang: 'en', tgt_lang: 'de', src: 'a', tgt: 'b' }, { tgt_lang: 'de', src: 'a', tgt: 'c' }),
      ['p.jsonl', 'line 2', 'src_lang', 'missing language code'],
    ],
    [
      'JSONL same language',
      'p.jsonl',
      jsonl({ src_lang: 'en', tgt_lang: 'EN', src: 'a', tgt: 'b' }),
      ['p.jsonl', 'line 1', 'tgt_lang', 'both "en"'],
    ],
    [
      'JSONL empty text',
      'p.jsonl',
      jsonl({ src_lang: 'en', tgt_lang: 'de', src: 'a', tgt: ' ' }),
      ['p.jsonl', 'line 1', 'tgt', '"tgt" is empty'],
    ],
    [
      'JSONL missing text',
      'p.jsonl',
      jsonl({ src_lang: 'en', tgt_lang: 'de', tgt: 'b' }),
      ['p.jsonl', 'line 1', 'src', 'missing field "src"'],
    ],
    [
      'JSONL bad id',
      'p.jsonl',
      jsonl({ src_lang: 'en', tgt_lang: 'de', src: 'a', tgt: 'b', id: [1] }),
      ['p.jsonl', 'line 1', 'id', 'must be a non-empty string or a number'],
    ],
    ['JSONL truncated line', 'p.jsonl', '{"src_lang": "en", "tgt_lang": "de", "src": "a"', ['p.jsonl', 'line 1', 'invalid JSON']],
    ['empty file', 'en-de.tsv', '', ['en-de.tsv', 'the file is empty']],
    ['only comments', 'en-de.tsv', '# nothing here\n', ['en-de.tsv', 'no data lines']],
  ])('%s', (_label, name, text, parts) => {
    expectImportError(() => importBitext([file(name, text)]), parts);
  });

  it('non-UTF-8 bytes give the byte offset', () => {
    const bytes = new Uint8Array([...enc('Hi.\tGr'), 0xfc, ...enc('ezi.\n')]); // Latin-1 "ü"
    expectImportError(() => importBitext([{ name: 'en-de.tsv', bytes }]), ['en-de.tsv', 'byte 6', 'not valid UTF-8']);
  });
});
