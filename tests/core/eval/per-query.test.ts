import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/eval/evaluate';
import { dataset, fixed } from './toy';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('evaluate perQuery option', () => {
  it('is absent by default (backward compatible)', async () => {
    const r = await evaluate(dataset, fixed);
    expect(r.perQuery).toBeUndefined();
  });

  it('returns per-query AP keyed <lang>:<xlingId> / <q>><p>:<xlingId> that averages back to the reported mAP', async () => {
    const r = await evaluate(dataset, fixed, { perQuery: true });
    const pq = r.perQuery!;
    expect(Object.keys(pq.monolingual!).sort()).toEqual(['de:q1', 'de:q2', 'en:q1', 'en:q2']);
    expect(Object.keys(pq.multilingual!).sort()).toEqual(['de:q1', 'de:q2', 'en:q1', 'en:q2']);
    expect(Object.keys(pq.crosslingual!).sort()).toEqual(['de>en:q1', 'de>en:q2', 'en>de:q1', 'en>de:q2']);
    // Hand-worked values (see evaluate.test.ts): multilingual q1de ranks 1, 3 → AP (1 + 2/3) / 2; q1en → 1.
    expect(pq.multilingual!['de:q1']).toBeCloseTo((1 + 2 / 3) / 2, 12);
    expect(pq.multilingual!['en:q1']).toBeCloseTo(1, 12);
    expect(pq.monolingual!['de:q1']).toBeCloseTo(1, 12);
    expect(pq.crosslingual!['en>de:q1']).toBeCloseTo(1, 12);
    for (const s of ['monolingual', 'multilingual'] as const) {
      for (const l of ['de', 'en']) {
        const vals = Object.entries(pq[s]!)
          .filter(([k]) => k.startsWith(`${l}:`))
          .map(([, v]) => v);
        expect(mean(vals)).toBeCloseTo(r.settings[s]!.byQueryLang[l].map, 12);
      }
    }
    for (const pair of ['de>en', 'en>de']) {
      const vals = Object.entries(pq.crosslingual!)
        .filter(([k]) => k.startsWith(`${pair}:`))
        .map(([, v]) => v);
      expect(mean(vals)).toBeCloseTo(r.settings.crosslingual!.byPair![pair].map, 12);
    }
  });

  it('only lists the settings that were evaluated', async () => {
    const r = await evaluate(dataset, fixed, { perQuery: true, settings: ['multilingual'] });
    expect(Object.keys(r.perQuery!)).toEqual(['multilingual']);
  });
});
