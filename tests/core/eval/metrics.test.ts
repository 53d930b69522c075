import { describe, expect, it } from 'vitest';
import { queryMetrics, macroAverage, MetricAccumulator } from '../../../src/core/eval/metrics';
import { rankRelevant, rankRelevantAndTop, topK, fullRanking } from '../../../src/core/eval/ranking';

describe('queryMetrics (hand-worked)', () => {
  it('single relevant item at rank 3', () => {
    const m = queryMetrics([3]);
    expect(m.map).toBeCloseTo(1 / 3, 12);
    expect(m['recall@1']).toBe(0);
    expect(m['recall@5']).toBe(1);
    expect(m['mrr@10']).toBeCloseTo(1 / 3, 12);
    expect(m['ndcg@10']).toBeCloseTo(1 / Math.log2(4), 12);
  });

  it('several relevant items: AP = mean of precision at each relevant rank', () => {
    // relevant at ranks 1, 3, 6 → precisions 1/1, 2/3, 3/6
    const m = queryMetrics([1, 3, 6]);
    expect(m.map).toBeCloseTo((1 + 2 / 3 + 3 / 6) / 3, 12);
    expect(m['recall@1']).toBeCloseTo(1 / 3, 12);
    expect(m['recall@5']).toBeCloseTo(2 / 3, 12);
    expect(m['recall@10']).toBe(1);
    expect(m['mrr@10']).toBe(1);
    const dcg = 1 / Math.log2(2) + 1 / Math.log2(4) + 1 / Math.log2(7);
    const idcg = 1 / Math.log2(2) + 1 / Math.log2(3) + 1 / Math.log2(4);
    expect(m['ndcg@10']).toBeCloseTo(dcg / idcg, 12);
  });

  it('mAP is not truncated: a relevant item at rank 5000 still counts', () => {
    const m = queryMetrics([1, 5000]);
    expect(m.map).toBeCloseTo((1 + 2 / 5000) / 2, 12);
    expect(m['recall@100']).toBe(0.5);
    expect(m['mrr@10']).toBe(1);
  });

  it('MRR@10 is 0 past rank 10; nDCG ideal uses min(|R|, 10)', () => {
    expect(queryMetrics([11])['mrr@10']).toBe(0);
    const ranks = Array.from({ length: 12 }, (_, i) => i + 1);
    expect(queryMetrics(ranks)['ndcg@10']).toBeCloseTo(1, 12);
    expect(queryMetrics(ranks)['recall@10']).toBeCloseTo(10 / 12, 12);
  });

  it('refuses a query with nothing relevant (it must be skipped)', () => {
    expect(() => queryMetrics([])).toThrow(/skipped/);
  });

  it('accumulates means and macro-averages groups without weighting by size', () => {
    const a = new MetricAccumulator();
    a.add(queryMetrics([1]));
    a.add(queryMetrics([2]));
    expect(a.mean().map).toBeCloseTo(0.75, 12);
    expect(a.mean().queries).toBe(2);
    const b = new MetricAccumulator();
    b.add(queryMetrics([4]));
    expect(macroAverage([a.mean(), b.mean()]).map).toBeCloseTo((0.75 + 0.25) / 2, 12);
  });
});

describe('ranking with ties', () => {
  const scores = new Float32Array([0.5, 0.9, 0.5, 0.1, 0.9, NaN]);

  it('breaks ties by pool position ascending and ranks NaN last', () => {
    expect(Array.from(fullRanking(scores, 0, 6))).toEqual([1, 4, 0, 2, 3, 5]);
  });

  it('rankRelevant agrees with the full ranking, ties included', () => {
    const order = Array.from(fullRanking(scores, 0, 6));
    for (const rel of [[0], [2], [4], [0, 2], [1, 4, 5], [3, 2, 0], [5]]) {
      const expected = rel.map((p) => order.indexOf(p) + 1).sort((a, b) => a - b);
      expect(Array.from(rankRelevant(scores, 0, 6, rel))).toEqual(expected);
    }
  });

  it('topK equals the prefix of the full ranking (with an offset row)', () => {
    const two = new Float32Array([...[9, 9, 9], ...scores]);
    expect(Array.from(topK(two, 3, 6, 3))).toEqual([1, 4, 0]);
    expect(Array.from(topK(two, 3, 6, 10))).toEqual([1, 4, 0, 2, 3, 5]);
  });

  it('rankRelevant matches a full sort on random data with many ties', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let t = 0; t < 50; t++) {
      const n = 200;
      const s = Float32Array.from({ length: n }, () => Math.round(rnd() * 20) / 20);
      const rel = [...new Set(Array.from({ length: 5 }, () => Math.floor(rnd() * n)))];
      const order = Array.from(fullRanking(s, 0, n));
      const expected = rel.map((p) => order.indexOf(p) + 1).sort((a, b) => a - b);
      expect(Array.from(rankRelevant(s, 0, n, rel))).toEqual(expected);
      expect(Array.from(topK(s, 0, n, 10))).toEqual(order.slice(0, 10));
    }
  });

  it("rankRelevantAndTop = the full sort's ranks + topK in one pass: ties (by tie rank and by position), NaN, offsets, k > n", () => {
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let t = 0; t < 200; t++) {
      const n = 1 + Math.floor(rnd() * 60),
        off = Math.floor(rnd() * 5);
      const row = Float32Array.from({ length: off + n }, () => (rnd() < 0.05 ? NaN : Math.round(rnd() * 8) / 8));
      // A tie order is a permutation of the pool (tieRanks), here a random one.
      const ties =
        t % 2
          ? Int32Array.from(
              Array.from({ length: n }, (_, i) => [rnd(), i])
                .sort((a, b) => a[0] - b[0])
                .map(([, i]) => i),
            )
          : undefined;
      const rel = [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => Math.floor(rnd() * n)))];
      const k = 1 + Math.floor(rnd() * 12);
      const got = rankRelevantAndTop(row, off, n, rel, k, ties);
      // Against the full sort (rankRelevant is this function with k = 0, so it is no independent check).
      const order = Array.from(fullRanking(row, off, n, ties));
      expect(Array.from(got.ranks)).toEqual(rel.map((p) => order.indexOf(p) + 1).sort((a, b) => a - b));
      expect(Array.from(got.top)).toEqual(Array.from(topK(row, off, n, k, ties)));
    }
  });

  it('rankRelevantAndTop on large pools with many relevant items (the score-bucket path): equal to the full sort', () => {
    let seed = 29;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let t = 0; t < 60; t++) {
      const n = 200 + Math.floor(rnd() * 3000),
        grid = [0, 64, 4096][t % 3]; // continuous, coarse ties, fine ties
      const row = Float32Array.from({ length: n }, () => {
        const v = rnd() * 2 - 1;
        return rnd() < 0.01 ? NaN : grid ? Math.round(v * grid) / grid : v;
      });
      const ties = t % 2 ? tieRanksOf(n, rnd) : undefined;
      const rel = [...new Set(Array.from({ length: 2 + Math.floor(rnd() * 20) }, () => Math.floor(rnd() * n)))];
      if (t % 5 === 0) row[rel[1]] = row[rel[0]]; // two relevant items on the same score
      const got = rankRelevantAndTop(row, 0, n, rel, 10, ties);
      const order = Array.from(fullRanking(row, 0, n, ties));
      expect(Array.from(got.ranks)).toEqual(rel.map((p) => order.indexOf(p) + 1).sort((a, b) => a - b));
      expect(Array.from(got.top)).toEqual(order.slice(0, 10));
    }
  });
});

function tieRanksOf(n: number, rnd: () => number): Int32Array {
  return Int32Array.from(
    Array.from({ length: n }, (_, i) => [rnd(), i])
      .sort((a, b) => a[0] - b[0])
      .map(([, i]) => i),
  );
}

import { fnv1a, tieRanks } from '../../../src/core/eval/ranking';

describe('hash tie order', () => {
  it('FNV-1a matches the published test vectors', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('ties follow the uid hash, not the pool position', () => {
    const uids = ['a', 'foobar', 'b'];
    const h = uids.map(fnv1a);
    const expected = [0, 1, 2].sort((x, y) => h[x] - h[y]);
    const ties = tieRanks(uids);
    const scores = new Float32Array([1, 1, 1]);
    expect(Array.from(fullRanking(scores, 0, 3, ties))).toEqual(expected);
    expect(Array.from(topK(scores, 0, 3, 2, ties))).toEqual(expected.slice(0, 2));
    expect(Array.from(rankRelevant(scores, 0, 3, [expected[2]], ties))).toEqual([3]);
  });
});
