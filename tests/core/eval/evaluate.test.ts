import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/eval/evaluate';
import type { Dataset } from '../../../src/core/data/types';
import { dataset, fixed } from './toy';

describe('evaluate (hand-worked toy)', () => {
  it('computes the three settings, macro-averages and language bias', async () => {
    const r = await evaluate(dataset, fixed);
    // Monolingual: q1de rank1 → 1; q2de tie [c0,c1] → c1 rank2 → .5; q1en c2 rank1 → 1; q2en [c2 .1, c3 .6] → 1.
    expect(r.settings.monolingual!.byQueryLang.de.map).toBeCloseTo(0.75, 12);
    expect(r.settings.monolingual!.byQueryLang.en.map).toBeCloseTo(1, 12);
    expect(r.settings.monolingual!.map).toBeCloseTo(0.875, 12);
    // Cross de>en: q1de pool en [c2 .2, c3 .8] → rank 2 → .5; q2de tie → c3 rank 2 → .5.  en>de: q1en [.3,0] → 1; q2en [0,.7] → 1.
    expect(r.settings.crosslingual!.byPair!['de>en'].map).toBeCloseTo(0.5, 12);
    expect(r.settings.crosslingual!.byPair!['en>de'].map).toBeCloseTo(1, 12);
    expect(r.settings.crosslingual!.map).toBeCloseTo(0.75, 12);
    expect(r.crossLingualMap!.de).toEqual({ de: 0.75, en: 0.5 });
    // Multilingual: q1de order c0 .9, c3 .8, c2 .2, c1 .1 → relevant ranks 1, 3 → AP (1 + 2/3)/2, bias 2.
    //   q2de tie: c0,c1,c2,c3 → relevant c1, c3 ranks 2, 4 → AP (1/2 + 2/4)/2 = .5, bias 2.
    //   q1en: c2 .9, c0 .3, c3 .1, c1 0 → ranks 1, 2 → AP 1, bias 1.  q2en: c1 .7, c3 .6 → ranks 1,2 → 1, bias 1.
    expect(r.settings.multilingual!.byQueryLang.de.map).toBeCloseTo(((1 + 2 / 3) / 2 + 0.5) / 2, 12);
    expect(r.settings.multilingual!.byQueryLang.en.map).toBeCloseTo(1, 12);
    expect(r.settings.multilingual!.byQueryLang.de['recall@1']).toBeCloseTo(0.25, 12);
    expect(r.languageBias!.byQueryLang).toEqual({ de: 2, en: 1 });
    expect(r.languageBias!.meanMaxRankDistance).toBeCloseTo(1.5, 12);
    expect(r.counts).toMatchObject({ queries: 4, candidates: 4 });
  });

  it('skips cross-lingual queries with nothing relevant in the pool', async () => {
    const partial: Dataset = {
      ...dataset,
      relevant: new Map([
        ['q1', new Set(['de/0/0', 'en/0/0'])],
        ['q2', new Set(['de/0/1'])],
      ]),
    };
    const r = await evaluate(partial, fixed, { settings: ['crosslingual', 'monolingual'] });
    expect(r.settings.crosslingual!.byPair!['de>en'].queries).toBe(1);
    expect(r.settings.monolingual!.byQueryLang.en.queries).toBe(1);
    expect(r.settings.multilingual).toBeUndefined();
  });

  it('restricts languages and caps queries per language', async () => {
    const r = await evaluate(dataset, fixed, { langs: ['en'], maxQueriesPerLang: 1 });
    expect(r.counts).toMatchObject({ queries: 1, candidates: 2 });
    expect(r.settings.multilingual!.map).toBeCloseTo(1, 12);
    expect(r.settings.crosslingual!.queries).toBe(0);
  });

  it('emits the full multilingual ranking in metric order', async () => {
    const seen: Array<[number, number[]]> = [];
    await evaluate(dataset, fixed, {
      settings: ['multilingual'],
      onRanking: (q, ranked) => {
        seen.push([q, Array.from(ranked)]);
      },
    });
    expect(seen[0]).toEqual([0, [0, 3, 2, 1]]);
    expect(seen[1]).toEqual([1, [0, 1, 2, 3]]);
  });

  it('a pool-independent retriever is scored once on the whole pool; every setting comes out the same', async () => {
    const calls: string[] = [];
    const once = {
      ...fixed,
      poolIndependent: true,
      score: (qs: Int32Array, pool: Parameters<typeof fixed.score>[1]) => {
        calls.push(String(pool.id));
        return fixed.score(qs, pool);
      },
    };
    const a = await evaluate(dataset, fixed, { chunkSize: 3 });
    const b = await evaluate(dataset, once, { chunkSize: 3 });
    expect(calls).toEqual(['multi', 'multi']); // two chunks, one whole-pool product each
    expect({ ...b, retriever: 'fixed', timing: a.timing }).toEqual(a);
  });

  it('awaits the yield point before each chunk of queries; a throwing one cancels the evaluation', async () => {
    let calls = 0;
    await evaluate(dataset, fixed, { chunkSize: 1, yieldPoint: async () => void calls++ });
    expect(calls).toBe(dataset.queries.length);
    calls = 0;
    const cancel = async () => {
      if (++calls === 2) throw new DOMException('evaluation cancelled', 'AbortError');
    };
    await expect(evaluate(dataset, fixed, { chunkSize: 1, yieldPoint: cancel })).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toBe(2);
  });
});
