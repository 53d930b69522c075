import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/core/data/types';
import { buildTrainingPairs, makePair, type HardNegativeMode } from '../../../src/core/sampling/pairs';
import { Prng } from '../../../src/core/sampling/prng';
import { parallelDataset } from './fixture';

describe('buildTrainingPairs', () => {
  it('indexes queries and answers per language without materialising pairs', () => {
    const idx = buildTrainingPairs(parallelDataset(['de', 'en', 'fr'], 10));
    expect(idx.ids).toHaveLength(10);
    expect(idx.langs).toEqual(['de', 'en', 'fr']);
    const p = makePair(idx, 4, 'de', 'fr', 'none', new Prng(0));
    expect(p).toEqual({
      xlingId: 'q4',
      queryLang: 'de',
      passageLang: 'fr',
      query: 'de question 4',
      positive: 'fr answer 4',
      positiveUid: 'fr/1/1',
    });
  });

  it('takes the first relevant sentence in dataset order when a language has several', () => {
    const d: Dataset = {
      name: 'multi-answer',
      langs: ['en'],
      queries: [{ xlingId: 'x', lang: 'en', text: 'q' }],
      candidates: [
        { uid: 'en/0/0', lang: 'en', text: 'a0', context: 'c' },
        { uid: 'en/0/1', lang: 'en', text: 'a1', context: 'c' },
      ],
      relevant: new Map([['x', new Set(['en/0/1', 'en/0/0'])]]),
    };
    const idx = buildTrainingPairs(d);
    expect(makePair(idx, 0, 'en', 'en', 'none', new Prng(0)).positiveUid).toBe('en/0/0');
    // Both sentences are relevant: no same-paragraph negative exists, and none is invented.
    expect(makePair(idx, 0, 'en', 'en', 'same-paragraph', new Prng(0)).negativeUid).toBeUndefined();
  });

  it('throws for a triple that does not exist and respects the langs option', () => {
    const idx = buildTrainingPairs(parallelDataset(['de', 'en', 'fr'], 5), { langs: ['en', 'fr'] });
    expect(idx.langs).toEqual(['en', 'fr']);
    expect(() => makePair(idx, 0, 'de', 'en', 'none', new Prng(0))).toThrow(/query in de/);
  });

  it.each<HardNegativeMode>(['same-paragraph', 'random-same-lang'])(
    '%s negatives are never relevant and in the passage language',
    (mode) => {
      const d = parallelDataset(['de', 'en', 'fr'], 30);
      const idx = buildTrainingPairs(d, { hardNegatives: mode });
      const byUid = new Map(d.candidates.map((c) => [c.uid, c]));
      const rng = new Prng(mode);
      for (let id = 0; id < 30; id++) {
        for (const q of idx.langs)
          for (const p of idx.langs) {
            const pair = makePair(idx, id, q, p, mode, rng);
            expect(pair.negativeUid).toBeDefined();
            const neg = byUid.get(pair.negativeUid!)!;
            expect(neg.lang).toBe(p);
            expect(d.relevant.get(pair.xlingId)!.has(neg.uid)).toBe(false);
            if (mode === 'same-paragraph') expect(neg.context).toBe(byUid.get(pair.positiveUid)!.context);
          }
      }
    },
  );
});
