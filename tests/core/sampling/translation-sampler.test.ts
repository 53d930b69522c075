import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importLexicon, type TranslationPair, type TranslationPairs } from '../../../src/core/data/lexicon';
import {
  TranslationPairSampler,
  type TranslationBatch,
  type TranslationSamplerOptions,
} from '../../../src/core/sampling/translation-sampler';
import { HAS_SHARED, sharedPath } from '../../helpers/shared';
import { chiSquareUniform } from './fixture';

/**
 * Synthetic lexicon: concept c has a word in every language; en pairs with every language for 400 concepts,
 * de-fr for 30 and es-zh for only 8 (so uniform language pairs means very unequal reuse). en-fr reuses 50 fr
 * words across concepts (text conflicts without a shared concept), and 20 en-de pairs are identities.
 */
function lexicon(): TranslationPairs {
  const pairs: TranslationPair[] = [];
  const add = (a: string, aLang: string, b: string, bLang: string, c: number) =>
    pairs.push({ a, aLang, b, bLang, concept: `c${c}` });
  for (let c = 0; c < 400; c++) {
    add(`en${c}`, 'en', `de${c}`, 'de', c);
    add(`es${c}`, 'es', `en${c}`, 'en', c);
    add(`en${c}`, 'en', `fr${c % 50}`, 'fr', c);
    add(`zh${c}`, 'zh', `en${c}`, 'en', c);
    if (c < 30) add(`de${c}`, 'de', `fr${c}`, 'fr', c);
    if (c < 8) add(`es${c}`, 'es', `zh${c}`, 'zh', c);
    if (c < 20) add(`same${c}`, 'en', `same${c}`, 'de', 1000 + c);
  }
  return { langs: ['de', 'en', 'es', 'fr', 'zh'], pairs, source: ['synthetic'] };
}
const data = lexicon();
const LANG_PAIRS = ['de-en', 'de-fr', 'en-es', 'en-fr', 'en-zh', 'es-zh'];
const CHI2_DF5 = 20.52; // p = 0.001: with fixed seeds a failure is a real bias, not bad luck
const conceptOf = new Map(data.pairs.map((p) => [`${p.aLang}:${p.a}|${p.bLang}:${p.b}`, p.concept!]));

const sampler = (o: Partial<TranslationSamplerOptions> = {}) =>
  new TranslationPairSampler(data, { batchSize: 16, seed: 1, ...o });
const sig = (bs: TranslationBatch[]) =>
  bs.map((b) => `${b.step}|${b.epoch}|${b.pairs.map((p) => `${p.query}>${p.positive}`).join(',')}`);
const lpOf = (l1: string, l2: string) => (l1 < l2 ? `${l1}-${l2}` : `${l2}-${l1}`);
const concept = (p: TranslationBatch['pairs'][number]) =>
  conceptOf.get(`${p.queryLang}:${p.query}|${p.passageLang}:${p.positive}`) ??
  conceptOf.get(`${p.passageLang}:${p.positive}|${p.queryLang}:${p.query}`);

describe('TranslationPairSampler on a synthetic lexicon', () => {
  it('2,000 batches: language pairs uniform, both directions, no shared concept or text in a batch', () => {
    const s = sampler({ seed: 'stats' });
    expect(s.langPairs).toEqual(LANG_PAIRS);
    expect(s.sizes()).toEqual({ 'de-en': 400, 'de-fr': 30, 'en-es': 400, 'en-fr': 400, 'en-zh': 400, 'es-zh': 8 });
    const counts = new Map(LANG_PAIRS.map((k) => [k, 0]));
    const directed = new Map<string, number>();
    const bad: string[] = []; // plain checks collected: an expect() per pair would dominate the runtime
    for (const b of s.take(2000)) {
      if (b.pairs.length !== 16 || b.shortfall !== 0) bad.push(`step ${b.step}: size ${b.pairs.length}`);
      const concepts = b.pairs.map(concept);
      if (concepts.includes(undefined)) bad.push(`step ${b.step}: a pair not from the data`);
      if (new Set(concepts).size !== concepts.length) bad.push(`step ${b.step}: shared concept`);
      const texts = b.pairs.flatMap((p) => [p.query, p.positive]);
      if (new Set(texts).size !== texts.length) bad.push(`step ${b.step}: shared text`);
      if (b.pairs.some((p) => p.query === p.positive)) bad.push(`step ${b.step}: identity pair`);
      for (const p of b.pairs) {
        counts.set(lpOf(p.queryLang, p.passageLang), counts.get(lpOf(p.queryLang, p.passageLang))! + 1);
        directed.set(`${p.queryLang}>${p.passageLang}`, (directed.get(`${p.queryLang}>${p.passageLang}`) ?? 0) + 1);
      }
      const comp = Object.values(b.composition).reduce((x, y) => x + y, 0);
      if (comp !== b.pairs.length) bad.push(`step ${b.step}: composition`);
    }
    expect(bad).toEqual([]);
    const total = 2000 * 16;
    for (const [k, n] of counts) expect(Math.abs(n / total - 1 / 6), k).toBeLessThan(0.01);
    expect(chiSquareUniform([...counts.values()])).toBeLessThan(CHI2_DF5);
    for (const k of LANG_PAIRS) {
      const [x, y] = k.split('-');
      const share = directed.get(`${x}>${y}`)! / counts.get(k)!;
      expect(Math.abs(share - 0.5), k).toBeLessThan(0.03);
    }
  });

  it('same seed → same stream; another seed → another stream', () => {
    expect(sig(sampler({ seed: 7 }).take(300))).toEqual(sig(sampler({ seed: 7 }).take(300)));
    expect(sig(sampler({ seed: 8 }).take(5))).not.toEqual(sig(sampler({ seed: 7 }).take(5)));
  });

  it('state round-trips through JSON mid-stream (across epochs) and continues identically', () => {
    const a = sampler({ seed: 3 });
    a.take(37);
    const state = JSON.parse(JSON.stringify(a.getState()));
    expect(JSON.stringify(state).length).toBeLessThan(5000); // no queue orders in the state
    const b = TranslationPairSampler.fromState(data, state);
    const rest = a.take(400);
    expect(sig(b.take(400))).toEqual(sig(rest));
    expect(rest[rest.length - 1].epoch).toBeGreaterThanOrEqual(1);
    expect(() => TranslationPairSampler.fromState({ ...data, pairs: data.pairs.slice(1) }, state)).toThrow(/fingerprint/);
  });

  it('epochs: each pair of a language pair once per pass, queue reshuffled for the next', () => {
    const pairs: TranslationPair[] = Array.from({ length: 50 }, (_, i) => ({
      a: `a${i}`,
      aLang: 'en',
      b: `b${i}`,
      bLang: 'de',
      concept: `c${i}`,
    }));
    const s = new TranslationPairSampler({ langs: ['de', 'en'], pairs, source: [] }, { batchSize: 10, seed: 5 });
    const bs = s.take(10);
    expect(bs.map((b) => b.epoch)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    const firstPass = bs.slice(0, 5).flatMap((b) => b.pairs.map((p) => (p.queryLang === 'en' ? p.query : p.positive)));
    const secondPass = bs.slice(5).flatMap((b) => b.pairs.map((p) => (p.queryLang === 'en' ? p.query : p.positive)));
    expect(new Set(firstPass).size).toBe(50);
    expect(new Set(secondPass).size).toBe(50);
    expect(secondPass).not.toEqual(firstPass);
  });

  it('maxPairsPerLangPair: deterministic subset per seed, a larger cap is a superset', () => {
    const used = (s: TranslationPairSampler) =>
      new Set(
        s
          .take(400)
          .flatMap((b) =>
            b.pairs
              .filter((p) => lpOf(p.queryLang, p.passageLang) === 'de-en')
              .map((p) => [p.query, p.positive].sort().join('|')),
          ),
      );
    const small = sampler({ maxPairsPerLangPair: 20, seed: 9 });
    expect(small.sizes()).toEqual({ 'de-en': 20, 'de-fr': 20, 'en-es': 20, 'en-fr': 20, 'en-zh': 20, 'es-zh': 8 });
    const u20 = used(small);
    expect(u20.size).toBe(20);
    expect([...u20]).toEqual([...used(sampler({ maxPairsPerLangPair: 20, seed: 9 }))]);
    const u40 = used(sampler({ maxPairsPerLangPair: 40, seed: 9 }));
    for (const x of u20) expect(u40.has(x)).toBe(true);
  });

  it('keepIdentical samples the identity pairs too', () => {
    expect(sampler({ keepIdentical: true }).sizes()['de-en']).toBe(420);
    const n = sampler({ keepIdentical: true, seed: 2 })
      .take(300)
      .flatMap((b) => b.pairs)
      .filter((p) => p.query === p.positive).length;
    expect(n).toBeGreaterThan(0);
  });

  it('a language pair too small for the batch ends it short instead of repeating a concept', () => {
    const pairs: TranslationPair[] = [0, 1, 2].map((i) => ({
      a: `a${i}`,
      aLang: 'en',
      b: `b${i}`,
      bLang: 'de',
      concept: `c${i}`,
    }));
    const b = new TranslationPairSampler({ langs: ['de', 'en'], pairs, source: [] }, { batchSize: 8, seed: 1 }).take(3);
    for (const x of b) {
      expect(x.pairs).toHaveLength(3);
      expect(x.shortfall).toBe(5);
    }
  });

  it('wordsPerExample joins 2–5 entries of one language pair into a phrase pair; [1, 1] is the default stream', () => {
    const s = sampler({ seed: 'phrases', wordsPerExample: [2, 5] });
    const lengths = new Set<number>();
    for (const b of s.take(200)) {
      expect(b.pairs).toHaveLength(16);
      const seen = new Set<string>();
      for (const p of b.pairs) {
        const qs = p.query.split(' '),
          ps = p.positive.split(' ');
        expect(qs.length).toBe(ps.length);
        expect(qs.length).toBeLessThanOrEqual(5);
        lengths.add(qs.length);
        // Every query word's translation is somewhere in the positive (target side shuffled), same language pair.
        for (const w of qs) {
          expect(w.startsWith(p.queryLang) || w.startsWith('same')).toBe(true);
          expect(ps.some((x) => concept({ ...p, query: w, positive: x }) !== undefined)).toBe(true);
        }
        for (const w of [...qs, ...ps]) {
          expect(seen.has(w)).toBe(false); // no word twice in a batch: in-batch negatives stay negatives
          seen.add(w);
        }
      }
    }
    // Shorter than drawn only when the language pair has no entry left that fits the batch (es-zh has 8).
    expect([...lengths].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(sig(sampler({ wordsPerExample: [1, 1] }).take(20))).toEqual(sig(sampler().take(20)));
    const st = sampler({ wordsPerExample: [2, 4] });
    st.take(7);
    const copy = TranslationPairSampler.fromState(data, JSON.parse(JSON.stringify(st.getState())));
    expect(sig(copy.take(5))).toEqual(sig(st.take(5)));
    expect(() => sampler({ wordsPerExample: [3, 2] })).toThrow(/wordsPerExample/);
  });

  it('rejects bad options and data without cross-language pairs', () => {
    expect(() => sampler({ batchSize: 0 })).toThrow(/batchSize/);
    expect(() => sampler({ maxPairsPerLangPair: 0 })).toThrow(/maxPairsPerLangPair/);
    expect(
      () =>
        new TranslationPairSampler(
          { langs: ['en'], pairs: [{ a: 'x', aLang: 'en', b: 'x', bLang: 'de' }], source: [] },
          { batchSize: 4, seed: 1 },
        ),
    ).toThrow(/no translation pairs/);
  });
});

describe.skipIf(!HAS_SHARED)('TranslationPairSampler on the 10 MUSE dictionaries', () => {
  it('language-balanced batches of 64 without shared concepts or texts', () => {
    const names = ['ar', 'de', 'el', 'es', 'hi', 'ru', 'th', 'tr', 'vi', 'zh'].map((l) => `en-${l}.tsv`);
    const muse = importLexicon(
      names.map((n) => ({ name: n, bytes: new Uint8Array(readFileSync(sharedPath('data', 'muse-dictionaries', n))) })),
    );
    const s = new TranslationPairSampler(muse, { batchSize: 64, seed: 1 });
    // Identity pairs dropped: 604,462 − 277,805 = 326,657 (en-vi keeps only 6,997 of 77,020).
    expect(Object.values(s.sizes()).reduce((x, y) => x + y, 0)).toBe(326657);
    expect(s.sizes()['en-vi']).toBe(6997);
    const counts = new Map<string, number>();
    for (const b of s.take(300)) {
      expect(b.shortfall).toBe(0);
      const texts = b.pairs.flatMap((p) => [p.query, p.positive]);
      expect(new Set(texts).size).toBe(128);
      for (const p of b.pairs)
        counts.set(lpOf(p.queryLang, p.passageLang), (counts.get(lpOf(p.queryLang, p.passageLang)) ?? 0) + 1);
    }
    expect(counts.size).toBe(10);
    for (const n of counts.values()) expect(Math.abs(n / (300 * 64) - 0.1)).toBeLessThan(0.015);
  });
});
