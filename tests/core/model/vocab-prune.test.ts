import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseVocabTxt, pruneWordPieceVocab } from '../../../src/core/model/vocab-prune';
import { createTokenizer } from '../../../src/core/model/tokenizer';
import { BERT_SPECIALS, wordPieceFiles } from '../../../src/core/model/wordpiece-files';
import { HAS_SHARED, sharedPath } from '../../helpers/shared';

const VOCAB = [
  '[PAD]',
  '[UNK]',
  '[CLS]',
  '[SEP]',
  '[MASK]',
  'h',
  'u',
  'n',
  'd',
  'e',
  '##u',
  '##n',
  '##d',
  '##e',
  '##s',
  'Hund',
  'hund',
  'Katze',
  'K',
  '##a',
  '##t',
  '##z',
  'unused',
];
const o = { lowercase: false, stripAccents: false, handleChineseChars: true };

describe('pruneWordPieceVocab', () => {
  it('keeps specials, every single-character piece and the pieces the corpus uses, in the original order', () => {
    const r = pruneWordPieceVocab(VOCAB, ['Hunde Hunde'], o);
    expect(r.vocab).toEqual([
      '[PAD]',
      '[UNK]',
      '[CLS]',
      '[SEP]',
      '[MASK]',
      'h',
      'u',
      'n',
      'd',
      'e',
      '##u',
      '##n',
      '##d',
      '##e',
      '##s',
      'Hund',
      'K',
      '##a',
      '##t',
      '##z',
    ]);
    expect(r.stats).toMatchObject({ original: VOCAB.length, used: 1, words: 2, unkWords: 0 });
  });

  it('tokenises the corpus exactly as the full vocabulary did, and unseen words into pieces, not [UNK]', () => {
    const files = (v: string[]) => createTokenizer(wordPieceFiles(v, { ...o, modelMaxLength: 64, special: BERT_SPECIALS }));
    const full = files(VOCAB),
      small = files(pruneWordPieceVocab(VOCAB, ['Hunde'], o).vocab);
    const pieces = (t: ReturnType<typeof files>, s: string) => {
      const b = t.encodeBatch([s], 16);
      return Array.from(
        b.inputIds.slice(
          0,
          b.attentionMask.reduce((x, y) => x + y, 0),
        ),
      ).map((id) => t.idToToken(id));
    };
    expect(pieces(small, 'Hunde')).toEqual(pieces(full, 'Hunde'));
    expect(pieces(small, 'Katze')).toEqual(['[CLS]', 'K', '##a', '##t', '##z', '##e', '[SEP]']);
  });

  it('maxSize keeps the most used pieces first', () => {
    const r = pruneWordPieceVocab(VOCAB, ['Hunde hund hund'], { ...o, maxSize: 20 });
    expect(r.vocab).toContain('hund');
    expect(r.vocab).not.toContain('Hund');
    expect(r.vocab).toHaveLength(20); // 5 specials + 14 single characters + the most used piece
  });

  it('parseVocabTxt names a missing special token', () => {
    expect(() => parseVocabTxt('[PAD]\n[UNK]\nx\n', 'v.txt')).toThrow(/v\.txt.*\[CLS\]/);
  });
});

describe.skipIf(!HAS_SHARED)('mBERT vocabulary (../shared/data/mbert-vocab)', () => {
  it('cut to 50k rows for a small multilingual corpus, nothing becomes [UNK] that was not', () => {
    const vocab = parseVocabTxt(readFileSync(sharedPath('data', 'mbert-vocab', 'mbert_modified_vocab.txt'), 'utf8'));
    expect(vocab).toHaveLength(119547);
    const corpus = ['Die Katze schläft.', 'El perro duerme.', '猫在睡觉。', 'Кошка спит.', 'แมวนอนหลับ'];
    const r = pruneWordPieceVocab(vocab, corpus, { ...o, maxSize: 50000 });
    expect(r.vocab.length).toBeLessThanOrEqual(50000);
    expect(r.stats.unkWords).toBe(pruneWordPieceVocab(vocab, corpus, o).stats.unkWords);
  });
});
