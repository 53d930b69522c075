import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importLexicon, mergeTranslationPairs, type TranslationPairs } from '../../../src/core/data/lexicon';
import { DataImportError } from '../../../src/core/data/errors';
import type { InputFile } from '../../../src/core/data/types';
import { HAS_SHARED, enc, sharedPath } from '../../helpers/shared';
import { expectImportError, jsonl } from '../../helpers/import-errors';

const file = (name: string, text: string): InputFile => ({ name, bytes: enc(text) });
const flat = (p: TranslationPairs) => p.pairs.map((x) => `${x.aLang}:${x.a} ${x.bLang}:${x.b} [${x.concept}]`);

describe('importLexicon: bilingual (MUSE layout)', () => {
  it('reads source<TAB>target lines, many targets per word, languages from the file name', () => {
    const text = '# MUSE-style dictionary\n\nthe\tdie\nthe\tder\ncat\tKatze\r\n#\tjust a comment\n#ffcc00\t#ffcc00\nthe\tdie\n';
    const p = importLexicon([file('dicts/en-de.tsv', text)]);
    expect(p.langs).toEqual(['de', 'en']);
    expect(p.source).toEqual(['dicts/en-de.tsv']);
    // The duplicate "the → die" is stored once; `#ffcc00<TAB>…` is data (MUSE has such entries), not a comment.
    expect(flat(p)).toEqual([
      'en:the de:die [the]',
      'en:the de:der [the]',
      'en:cat de:Katze [cat]',
      'en:#ffcc00 de:#ffcc00 [#ffcc00]',
    ]);
  });

  it('takes languages from options over the file name, and skips a header naming them', () => {
    const p = importLexicon([file('words.txt', 'es\tfr\nperro\tchien\n')], { srcLang: 'ES', tgtLang: 'fr' });
    expect(flat(p)).toEqual(['es:perro fr:chien [perro]']);
    expect(importLexicon([file('en-de.0-5000.txt', 'dog\tHund\n')]).langs).toEqual(['de', 'en']);
  });

  it('de-duplicates a pair given again in the other direction by another file', () => {
    const p = importLexicon([file('en-de.tsv', 'dog\tHund\n'), file('de-en.tsv', 'Hund\tdog\nHund\thound\n')]);
    expect(flat(p)).toEqual(['en:dog de:Hund [dog]', 'de:Hund en:hound [Hund]']);
    expect(p.source).toEqual(['en-de.tsv', 'de-en.tsv']);
    expect(mergeTranslationPairs([p, p]).pairs).toHaveLength(2);
  });

  it('maxConcepts keeps the first N source words of each file with all their targets', () => {
    const text = 'the\tdie\nthe\tder\ncat\tKatze\ndog\tHund\nthe\tdas\n';
    const p = importLexicon([file('en-de.tsv', text), file('en-es.tsv', 'the\tel\ncat\tgato\ndog\tperro\n')], { maxConcepts: 2 });
    // "the → das" comes after the third source word: a file is cut at the first source word past N.
    expect(flat(p)).toEqual([
      'en:the de:die [the]',
      'en:the de:der [the]',
      'en:cat de:Katze [cat]',
      'en:the es:el [the]',
      'en:cat es:gato [cat]',
    ]);
    expect(flat(importLexicon([file('lexicon.tsv', 'en\tde\ncat\tKatze\ndog\tHund\n')], { maxConcepts: 1 }))).toEqual([
      'en:cat de:Katze [lexicon.tsv#0]',
    ]);
    expect(() => importLexicon([file('en-de.tsv', text)], { maxConcepts: 0 })).toThrow(/maxConcepts.*positive integer/);
  });

  it('interns texts: a repeated word is one string in memory', () => {
    const p = importLexicon([file('en-de.tsv', 'the\tdie\nthe\tder\n')]);
    expect(p.pairs[0].a).toBe(p.pairs[1].a);
    expect(p.pairs[0].concept).toBe(p.pairs[0].a);
  });
});

describe('importLexicon: multi-language with header', () => {
  const lex = 'en\tde\tes\n# one concept per row\ncat|kitty\tKatze\tgato\ndog\t\tperro|can\n\t\tsolo\n';

  it('yields every cross-language pair of a row, synonyms included, concept = row', () => {
    const p = importLexicon([file('lexicon.tsv', lex)]);
    expect(p.langs).toEqual(['de', 'en', 'es']);
    expect(flat(p)).toEqual([
      'en:cat de:Katze [lexicon.tsv#0]',
      'en:kitty de:Katze [lexicon.tsv#0]',
      'en:cat es:gato [lexicon.tsv#0]',
      'en:kitty es:gato [lexicon.tsv#0]',
      'de:Katze es:gato [lexicon.tsv#0]',
      'en:dog es:perro [lexicon.tsv#1]',
      'en:dog es:can [lexicon.tsv#1]',
    ]); // a row with one language gives no pair, and is no error
  });
});

describe('importLexicon: malformed files name file, line and field', () => {
  it.each([
    ['wrong column count', 'en-de.tsv', 'dog\tHund\ncat\tKatze\textra\n', ['en-de.tsv', 'line 2', 'columns', 'found 3']],
    ['a single column', 'en-de.tsv', 'dog\n', ['en-de.tsv', 'line 1', 'columns', 'found 1']],
    ['empty source', 'en-de.tsv', 'dog\tHund\n \tKatze\n', ['en-de.tsv', 'line 2', 'source (column 1, en)', 'empty source']],
    ['empty target', 'en-de.tsv', '# c\ndog\t\n', ['en-de.tsv', 'line 2', 'target (column 2, de)', 'empty target']],
    [
      'unknown language in file name',
      'en-xx.tsv',
      'dog\tHund\n',
      ['en-xx.tsv', 'file name', 'target language', 'unknown language code "xx"'],
    ],
    [
      '3-letter code in file name',
      'eng-deu.tsv',
      'dog\tHund\n',
      ['eng-deu.tsv', 'file name', 'source language', 'use the ISO 639-1 code "en"'],
    ],
    ['same language twice', 'en-en.tsv', 'dog\tdog\n', ['en-en.tsv', 'file name', 'target language', 'both "en"']],
    [
      'unknown language in header',
      'lex.tsv',
      'en\tde\tqq\ncat\tKatze\tx\n',
      ['lex.tsv', 'line 1', 'column 3', 'unknown language code "qq" in the header'],
    ],
    [
      'duplicate header language',
      'lex.tsv',
      'en\tde\tEN\n',
      ['lex.tsv', 'line 1', 'column 3', '"en" appears twice', 'columns 1 and 3'],
    ],
    ['header with one language', 'lex.tsv', 'en\ncat\n', ['lex.tsv', 'line 1', 'the header names 1 language']],
    ['header without rows', 'lex.tsv', 'en\tde\n\n', ['lex.tsv', 'header but no rows']],
    ['short row', 'lex.tsv', 'en\tde\tes\ncat\tKatze\n', ['lex.tsv', 'line 2', 'columns', 'expected 3', 'found 2']],
    ['empty synonym', 'lex.tsv', 'en\tde\ncat||kitty\tKatze\n', ['lex.tsv', 'line 2', 'column 1 (en)', 'empty synonym']],
    ['only comments', 'en-de.tsv', '# nothing\n\n', ['en-de.tsv', 'no data lines']],
    ['empty file', 'en-de.tsv', '', ['en-de.tsv', 'the file is empty']],
  ])('%s', (_label, name, text, parts) => {
    expectImportError(() => importLexicon([file(name, text)]), parts);
  });

  it('a two-column file without languages explains both layouts', () => {
    const err = expectImportError(
      () => importLexicon([file('muse-en-de.tsv', 'the\tdie\n')]),
      ['muse-en-de.tsv', 'line 1', 'column 1', 'in the header'],
    );
    expect(err.fix).toContain('<src>-<tgt>.tsv');
  });

  it('non-UTF-8 bytes give the byte offset', () => {
    const bytes = new Uint8Array([...enc('dog\tHund\ncat\tK'), 0xe4, ...enc('tze\n')]); // Latin-1 "ä"
    expectImportError(() => importLexicon([{ name: 'en-de.tsv', bytes }]), ['en-de.tsv', 'byte 14', 'not valid UTF-8']);
  });

  it('no files', () => {
    expectImportError(() => importLexicon([]), ['no lexicon file']);
  });
});

// Line counts from `wc -l` (every file ends with a newline). Each line is one distinct pair: no blank lines,
// and the lines starting with `#` (719 in all: hashtags, colours) all hold a tab, so they are data.
const MUSE: Record<string, number> = {
  'en-ar': 33663,
  'en-de': 101931,
  'en-el': 56070,
  'en-es': 112580,
  'en-hi': 38221,
  'en-ru': 53186,
  'en-th': 24658,
  'en-tr': 67799,
  'en-vi': 77020,
  'en-zh': 39334,
};
const museFile = (stem: string): InputFile => ({
  name: `${stem}.tsv`,
  bytes: new Uint8Array(readFileSync(sharedPath('data', 'muse-dictionaries', `${stem}.tsv`))),
});

describe.skipIf(!HAS_SHARED)('importLexicon on the MUSE dictionaries (../shared/data/muse-dictionaries)', () => {
  it.each(Object.entries(MUSE))('%s.tsv: %i pairs', (stem, lines) => {
    const p = importLexicon([museFile(stem)]);
    expect(p.pairs.length).toBe(lines);
    expect(p.langs).toEqual(['en', stem.slice(3)].sort());
  });

  it('all 10 files together: 604,462 pairs over 11 languages', () => {
    const t0 = performance.now();
    const p = importLexicon(Object.keys(MUSE).map(museFile));
    console.log(`MUSE en-* x10: ${p.pairs.length} pairs in ${(performance.now() - t0).toFixed(0)} ms`);
    expect(p.pairs.length).toBe(604462);
    expect(p.langs).toEqual(['ar', 'de', 'el', 'en', 'es', 'hi', 'ru', 'th', 'tr', 'vi', 'zh']);
    // MUSE's first en-ar line is the identity "the<TAB>the": kept here, the sampler leaves such pairs out.
    expect(p.pairs[0]).toEqual({ a: 'the', aLang: 'en', b: 'the', bLang: 'ar', concept: 'the' });
  });
});
