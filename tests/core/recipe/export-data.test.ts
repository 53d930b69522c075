/**
 * The recipe's data export: the training pairs re-import to the same sampler view (so the workbench's own sampler
 * draws the same batches from the exported file as from the original data), data the pairs format cannot carry is
 * refused by name, and the evaluation export keeps every candidate, uid and relevance in dataset order.
 */
import { describe, expect, it } from 'vitest';
import { importJsonlPairs } from '../../../src/core/data/jsonl';
import { evalDatasetJson, trainPairsJsonl } from '../../../src/core/recipe/export-data';
import { HybridBatchSampler } from '../../../src/core/sampling/hybrid-sampler';
import { buildTrainingPairs } from '../../../src/core/sampling/pairs';
import { parallelDataset } from '../sampling/fixture';

const draw = (d: ReturnType<typeof parallelDataset>) =>
  new HybridBatchSampler(buildTrainingPairs(d), { alpha: 0.5, batchSize: 8, seed: 1, caps: { de: 9 } })
    .take(200)
    .map((b) => b.pairs.map((p) => `${p.queryLang}>${p.passageLang}:${p.xlingId}`).join(' '));

describe('recipe data export', () => {
  it('training pairs: one line per question and language; re-imported, the sampler draws the same batches', () => {
    const d = parallelDataset(['en', 'de', 'fr'], 30);
    const text = trainPairsJsonl(d);
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(90);
    expect(lines[0]).toEqual({ id: 'q0', lang: 'en', query: 'en question 0', positive: 'en answer 0' });
    const back = importJsonlPairs([{ name: 'train.jsonl', bytes: new TextEncoder().encode(text) }]);
    expect(draw(back)).toEqual(draw(d));
  });

  it('refuses a question whose query language has no answer, naming it', () => {
    const d = parallelDataset(['en', 'de'], 6);
    d.relevant.get('q4')!.delete('de/1/1');
    expect(() => trainPairsJsonl(d)).toThrow(/question "q4" has a query in "de" but no answer in "de"/);
  });

  it('refuses an answer in a language without the query (it would be lost)', () => {
    const d = parallelDataset(['en', 'de'], 6);
    d.queries = d.queries.filter((q) => !(q.xlingId === 'q2' && q.lang === 'de'));
    expect(() => trainPairsJsonl(d)).toThrow(/answer of "q2" in "de"/);
  });

  it('evaluation data: every query, candidate (uid, lang, text) and relevant uid, in order', () => {
    const d = parallelDataset(['en', 'de'], 5);
    const e = JSON.parse(evalDatasetJson(d));
    expect(e.queries).toEqual(d.queries);
    expect(e.candidates).toEqual(d.candidates.map(({ uid, lang, text }) => ({ uid, lang, text })));
    expect(e.relevant.q3).toEqual([...d.relevant.get('q3')!]);
    expect(e.langs).toEqual(['de', 'en']);
  });
});
