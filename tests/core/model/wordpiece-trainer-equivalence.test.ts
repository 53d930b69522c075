/**
 * The typed-array merge phase (wordpiece-merges.ts, #15 bounded memory) learns byte-identical files to the
 * Map-based trainer it replaced (kept as wordpiece-trainer-reference.ts) on varied corpora and options.
 */
import { describe, expect, it } from 'vitest';
import { importLareqa } from '../../../src/core/data/lareqa';
import { trainWordPiece, type WordPieceTrainerOptions } from '../../../src/core/model/wordpiece-trainer';
import { HAS_SHARED, lareqaFiles } from '../../helpers/shared';
import { trainWordPieceReference } from './wordpiece-trainer-reference';

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

/** Words from syllables of several scripts, digits and punctuation, Zipf-ish reuse so pairs repeat. */
function corpus(seed: number, lines: number): string[] {
  const r = rng(seed);
  const syl = ['ka', 'lo', 'mi', 'ne', 'Ru', 'sä', 'tè', 'вo', 'зу', 'δε', 'ब', 'कि', '北', '京', 'ﬁ', '𝒜', '7', '42', 'x'];
  const lexicon = Array.from({ length: 300 }, () =>
    Array.from({ length: 1 + Math.floor(r() * 5) }, () => syl[Math.floor(r() * syl.length)]).join(''),
  );
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const n = 1 + Math.floor(r() * 12);
    const ws: string[] = [];
    for (let k = 0; k < n; k++)
      ws.push(r() < 0.1 ? `${lexicon[Math.floor(r() * lexicon.length)]}${i}` : lexicon[Math.floor(r() ** 2 * lexicon.length)]);
    out.push(ws.join(r() < 0.2 ? ', ' : ' ') + (r() < 0.3 ? '?' : '.'));
  }
  return out;
}

function expectSameFiles(texts: string[], opts: WordPieceTrainerOptions): void {
  const ours = trainWordPiece(texts, opts),
    ref = trainWordPieceReference(texts, opts);
  expect(ours.vocab).toEqual(ref.vocab);
  expect(ours.stats).toEqual(ref.stats);
  for (const f of Object.keys(ref.files))
    expect(Buffer.compare(Buffer.from(ours.files[f]), Buffer.from(ref.files[f])), f).toBe(0);
}

describe('trainWordPiece (typed-array merges) = the Map-based reference', () => {
  it.each([
    [1, 400, { vocabSize: 300 }],
    [2, 2000, { vocabSize: 1500 }],
    [3, 2000, { vocabSize: 5000 }], // runs out of pairs before the vocabulary is full
    [4, 1500, { vocabSize: 800, minFrequency: 5 }],
    [5, 1500, { vocabSize: 800, limitAlphabet: 12 }], // rare characters become −1 symbols that no pair spans
    [6, 1000, { vocabSize: 600, lowercase: false, stripAccents: true }],
    [7, 50, { vocabSize: 40 }], // room for part of the alphabet only
  ] as Array<[number, number, WordPieceTrainerOptions]>)('synthetic corpus %i (%i lines)', (seed, lines, opts) => {
    expectSameFiles(corpus(seed, lines), opts);
  });

  it.skipIf(!HAS_SHARED)('MLQA-R, 8000 tokens', () => {
    const ds = importLareqa(lareqaFiles('mlqa-r'));
    expectSameFiles([...ds.queries.map((q) => q.text), ...ds.candidates.map((c) => c.text)], { vocabSize: 8000 });
  });
});
