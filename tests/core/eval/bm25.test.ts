import { describe, expect, it } from 'vitest';
import { Bm25Retriever, bm25Idf } from '../../../src/core/eval/bm25';
import type { Candidate, Dataset, Query } from '../../../src/core/data/types';
import type { Pool } from '../../../src/core/eval/types';

function dataset(candidates: Array<[string, string]>, queries: Array<[string, string]>): Dataset {
  const cands: Candidate[] = candidates.map(([lang, text], i) => ({ uid: `${lang}/${i}`, lang, text, context: text }));
  const qs: Query[] = queries.map(([lang, text], i) => ({ xlingId: `q${i}`, lang, text }));
  const langs = [...new Set([...cands.map((c) => c.lang), ...qs.map((q) => q.lang)])].sort();
  return { name: 'test', langs, queries: qs, candidates: cands, relevant: new Map() };
}

const idx = (...xs: number[]) => Int32Array.from(xs);

function expectClose(actual: Float32Array, expected: number[]) {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs(actual[i] - e)).toBeLessThan(1e-6));
}

// Three English docs (lengths 3, 2, 4 → avgdl 3) and one German doc (length 3).
const corpus: Array<[string, string]> = [
  ['en', 'the cat sat'],
  ['en', 'the dog'],
  ['en', 'cat cat dog bird'],
  ['de', 'die Katze cat'],
];
const enPool: Pool = { id: 'en', candidateIdx: idx(0, 1, 2) };
const multiPool: Pool = { id: 'multi', candidateIdx: idx(0, 1, 2, 3) };

describe('bm25Idf', () => {
  it('is the Lucene form ln(1 + (N − df + 0.5)/(df + 0.5))', () => {
    expect(bm25Idf(3, 2)).toBeCloseTo(Math.log(1.6), 12);
    expect(bm25Idf(3, 3)).toBeGreaterThan(0); // never negative, even for a term in every doc
  });
});

describe('Bm25Retriever', () => {
  it('matches hand-computed scores on a 3-doc pool (k1 = 1.2, b = 0.75)', async () => {
    const r = new Bm25Retriever();
    await r.prepare(
      dataset(corpus, [
        ['en', 'cat'],
        ['en', 'dog bird'],
      ]),
    );
    const s = await r.score(idx(0, 1), enPool);
    // "cat": df 2 of N 3 → idf ln 1.6. d0: tf 1, dl 3 → norm 1.2·(0.25 + 0.75·3/3) = 1.2 → 2.2/2.2 = 1.
    // d2: tf 2, dl 4 → norm 1.2·(0.25 + 0.75·4/3) = 1.5 → 2·2.2/3.5.
    // "dog": df 2 → ln 1.6; "bird": df 1 → ln(1 + 2.5/1.5) = ln(8/3).
    // d1: dl 2 → norm 0.9 → 2.2/1.9. d2: norm 1.5 → 2.2/2.5 = 0.88 for dog and for bird.
    const ln16 = Math.log(1.6),
      ln83 = Math.log(8 / 3);
    expectClose(s, [ln16, 0, ln16 * (4.4 / 3.5), 0, ln16 * (2.2 / 1.9), 0.88 * ln16 + 0.88 * ln83]);
  });

  it('uses the statistics of the pool it scores: per-language differs from multi', async () => {
    const r = new Bm25Retriever();
    await r.prepare(dataset(corpus, [['en', 'cat']]));
    const en = await r.score(idx(0), enPool);
    const multi = await r.score(idx(0), multiPool);
    // Multi: N 4, total length 12 → avgdl 3; "cat" in 3 docs → idf ln(1 + 1.5/3.5) = ln(10/7).
    // d2: dl 4 → norm 1.5 → 4.4/3.5. d3 (German doc, length 3): norm 1.2 → 1.
    const ln107 = Math.log(10 / 7);
    expectClose(multi, [ln107, 0, ln107 * (4.4 / 3.5), ln107]);
    expect(en[0]).not.toBeCloseTo(multi[0], 3);
    // Going back to the language pool reuses its own statistics, not the last ones built.
    expectClose(await r.score(idx(0), enPool), [...en]);
  });

  it('builds an index for an ad-hoc subset pool from that subset only', async () => {
    const r = new Bm25Retriever();
    await r.prepare(dataset(corpus, [['en', 'cat']]));
    const s = await r.score(idx(0), { id: 'en', candidateIdx: idx(0, 2) });
    // Subset {d0, d2}: N 2, avgdl 3.5, "cat" in both → idf ln(1 + 0.5/2.5) = ln 1.2.
    const idf = Math.log(1.2);
    const norm = (dl: number) => 1.2 * (0.25 + (0.75 * dl) / 3.5);
    expectClose(s, [idf * (2.2 / (1 + norm(3))), idf * ((2 * 2.2) / (2 + norm(4)))]);
  });

  it('honours configured k1 and b', async () => {
    const r = new Bm25Retriever({ k1: 2, b: 0 });
    await r.prepare(dataset(corpus, [['en', 'cat']]));
    const s = await r.score(idx(0), enPool);
    // b = 0: no length normalisation; tf 2 → 2·3/(2 + 2).
    expectClose(s, [Math.log(1.6), 0, Math.log(1.6) * 1.5]);
    expect(r.name).toBe('bm25(k1=2,b=0)');
    expect(new Bm25Retriever().name).toBe('bm25');
  });

  it('retrieves the right Chinese and Thai documents', async () => {
    const r = new Bm25Retriever();
    await r.prepare(
      dataset(
        [
          ['zh', '北京是中华人民共和国的首都。'],
          ['zh', '上海是一个国际大都市。'],
          ['zh', '长城是古代的防御工程。'],
          ['th', 'กรุงเทพมหานครเป็นเมืองหลวงของประเทศไทย'],
          ['th', 'เชียงใหม่อยู่ทางภาคเหนือ'],
          ['th', 'ภูเก็ตเป็นเกาะที่สวยงาม'],
        ],
        [
          ['zh', '中国的首都是哪个城市？'],
          ['zh', '长城是什么？'],
          ['th', 'เมืองหลวงของประเทศไทยคืออะไร'],
          ['th', 'เกาะที่สวยงาม'],
        ],
      ),
    );
    const argmax = (row: Float32Array) => row.indexOf(Math.max(...row));
    const zh = await r.score(idx(0, 1), { id: 'zh', candidateIdx: idx(0, 1, 2) });
    expect(argmax(zh.subarray(0, 3))).toBe(0);
    expect(argmax(zh.subarray(3, 6))).toBe(2);
    const th = await r.score(idx(2, 3), { id: 'th', candidateIdx: idx(3, 4, 5) });
    expect(argmax(th.subarray(0, 3))).toBe(0);
    expect(argmax(th.subarray(3, 6))).toBe(2);
  });

  it('gives identical documents exactly equal scores and unmatched queries all zeros', async () => {
    const r = new Bm25Retriever();
    await r.prepare(
      dataset(
        [
          ['en', 'red apple pie'],
          ['en', 'green pear'],
          ['en', 'red apple pie'],
          ['en', 'apple red pie'],
        ],
        [
          ['en', 'apple pie'],
          ['en', 'zebra'],
        ],
      ),
    );
    const s = await r.score(idx(0, 1), { id: 'en', candidateIdx: idx(0, 1, 2, 3) });
    expect(s[0]).toBeGreaterThan(0);
    expect(s[2]).toBe(s[0]); // bit-identical: ties are left to the evaluator's pool-order rule
    expect(s[3]).toBe(s[0]); // word order does not matter to BM25
    expect(s[1]).toBe(0);
    expect([...s.subarray(4)]).toEqual([0, 0, 0, 0]);
  });

  it('counts a repeated query term once per occurrence', async () => {
    const r = new Bm25Retriever();
    await r.prepare(
      dataset(corpus, [
        ['en', 'cat'],
        ['en', 'cat cat'],
      ]),
    );
    const s = await r.score(idx(0, 1), enPool);
    expectClose(
      s.subarray(3),
      [...s.subarray(0, 3)].map((x) => 2 * x),
    );
  });

  it('rejects scoring before prepare', async () => {
    await expect(new Bm25Retriever().score(idx(0), enPool)).rejects.toThrow(/prepare/);
  });
});
