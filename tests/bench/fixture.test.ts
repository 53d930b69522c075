/** The benchmark fixture (bench/lib): its synthetic vocabulary and texts must keep their exact shapes. */
import { describe, expect, it } from 'vitest';
import { createTokenizer } from '../../src/core/model/tokenizer';
import { stats } from '../../bench/lib/common';
import { TRAIN_CONFIG, randomBatch, synthVocabFiles } from '../../bench/lib/fixture';

describe('bench fixture', () => {
  it('a 30k synthetic WordPiece vocabulary turns every 62-word text into exactly 64 tokens, no padding', () => {
    const tok = createTokenizer(synthVocabFiles(TRAIN_CONFIG.vocab));
    expect(tok.vocabSize).toBe(30000);
    const b = randomBatch(TRAIN_CONFIG, 7);
    for (const texts of [b.queries, b.positives, b.negatives]) {
      const enc = tok.encodeBatch(texts, TRAIN_CONFIG.seq);
      expect(enc.shape).toEqual([TRAIN_CONFIG.batch, TRAIN_CONFIG.seq]);
      expect(enc.attentionMask.every((m) => m === 1)).toBe(true);
      expect(Math.min(...enc.inputIds)).toBeGreaterThanOrEqual(2); // no [PAD]/[UNK]
    }
    expect(randomBatch(TRAIN_CONFIG, 7)).toEqual(b); // seeded
  });

  it('stats: median of odd and even counts, min, max', () => {
    expect(stats([3, 1, 2])).toMatchObject({ median: 2, min: 1, max: 3, n: 3 });
    expect(stats([4, 1, 2, 3]).median).toBe(2.5);
  });
});
