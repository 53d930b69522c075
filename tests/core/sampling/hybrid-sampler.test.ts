import { describe, expect, it } from 'vitest';
import { buildTrainingPairs } from '../../../src/core/sampling/pairs';
import { HybridBatchSampler, type BatchDescriptor, type HybridSamplerOptions } from '../../../src/core/sampling/hybrid-sampler';
import { chiSquareUniform, parallelDataset } from './fixture';

const LANGS = ['ar', 'de', 'en', 'es', 'fr', 'zh'];
const N = 300;
const data = parallelDataset([...LANGS, 'sw'], N);
const index = buildTrainingPairs(data);
// Chi-square critical values at p = 0.001 (fixed seeds: a failure means a real bias, not bad luck).
const CHI2_DF5 = 20.52;
const CHI2_DF29 = 58.3;

const sampler = (o: Partial<HybridSamplerOptions> = {}) =>
  new HybridBatchSampler(index, { alpha: 0.5, batchSize: 8, seed: 1, heldOutLangs: ['sw'], ...o });
/** Batches without the pair text: enough to compare streams, and cheap to compare. */
const sig = (bs: BatchDescriptor[]) =>
  bs.map(
    (b) =>
      `${b.step}|${b.epoch}|${b.kind}|${b.pairs.map((p) => `${p.xlingId}:${p.queryLang}>${p.passageLang}:${p.negativeUid ?? ''}`).join(',')}`,
  );

function noSharedIds(b: BatchDescriptor): boolean {
  return new Set(b.pairs.map((p) => p.xlingId)).size === b.pairs.length;
}

describe('HybridBatchSampler statistics (10,000 batches)', () => {
  it.each([0, 0.25, 0.5, 1])('alpha = %s: mono share, uniform languages and pairs, no shared ids', (alpha) => {
    const batches = sampler({ alpha, seed: `stats-${alpha}` }).take(10_000);
    const mono = batches.filter((b) => b.kind === 'mono');
    expect(Math.abs(mono.length / batches.length - alpha)).toBeLessThanOrEqual(0.02);

    const monoCounts = new Map(LANGS.map((l) => [l, 0]));
    const pairCounts = new Map<string, number>();
    for (const l of LANGS) for (const m of LANGS) if (l !== m) pairCounts.set(`${l}>${m}`, 0);
    // Plain checks collected into one list: an expect() per pair would dominate the runtime.
    const bad: string[] = [];
    for (const b of batches) {
      if (!noSharedIds(b)) bad.push(`step ${b.step}: shared xlingId`);
      if (b.pairs.length !== 8 || b.shortfall !== 0) bad.push(`step ${b.step}: size ${b.pairs.length}`);
      if (Object.values(b.composition).reduce((a, c) => a + c, 0) !== 8) bad.push(`step ${b.step}: composition`);
      if (b.kind === 'mono') {
        monoCounts.set(b.lang!, monoCounts.get(b.lang!)! + 1);
        for (const p of b.pairs)
          if (p.queryLang !== b.lang || p.passageLang !== b.lang) bad.push(`step ${b.step}: mixed mono batch`);
      } else {
        if (b.lang !== undefined) bad.push(`step ${b.step}: cross batch with lang`);
        for (const p of b.pairs) {
          const key = `${p.queryLang}>${p.passageLang}`;
          if (!pairCounts.has(key))
            bad.push(`step ${b.step}: pair ${key}`); // q = p, or not a training language
          else pairCounts.set(key, pairCounts.get(key)! + 1);
        }
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
    if (mono.length > 0) {
      const c = [...monoCounts.values()];
      expect(chiSquareUniform(c)).toBeLessThan(CHI2_DF5);
      for (const x of c) expect(Math.abs(x / (mono.length / 6) - 1)).toBeLessThan(0.15);
    }
    if (mono.length < batches.length) {
      const c = [...pairCounts.values()];
      const mean = c.reduce((a, x) => a + x, 0) / c.length;
      expect(chiSquareUniform(c)).toBeLessThan(CHI2_DF29);
      for (const x of c) expect(Math.abs(x / mean - 1)).toBeLessThan(0.15);
    }
  });
});

describe('HybridBatchSampler caps, held-out languages, epochs', () => {
  it('respects caps and never samples held-out languages', () => {
    const caps = { fr: 5, de: 40 };
    const s = sampler({ caps, seed: 'caps' });
    const batches = s.take(10_000);
    const seen = new Map<string, Set<string>>();
    const bad: string[] = [];
    for (const b of batches) {
      if (!noSharedIds(b)) bad.push(`step ${b.step}: shared xlingId`);
      if (b.kind === 'mono' && b.lang === 'fr' && b.shortfall !== 3) bad.push(`step ${b.step}: fr shortfall ${b.shortfall}`); // 5 questions, 8 slots
      for (const p of b.pairs) {
        if (p.queryLang === 'sw' || p.passageLang === 'sw') bad.push(`step ${b.step}: held-out language`);
        for (const l of [p.queryLang, p.passageLang]) {
          if (!seen.has(l)) seen.set(l, new Set());
          seen.get(l)!.add(p.xlingId);
        }
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
    expect(seen.get('fr')!.size).toBe(5);
    expect(seen.get('de')!.size).toBe(40);
    expect(seen.get('en')!.size).toBe(N);
    expect([...seen.get('fr')!].sort()).toEqual([...s.usableIds('fr')].sort());
    expect(s.usableIds('sw')).toEqual([]);
    // The allowed subset depends on seed and cap only, and a smaller cap is a subset of a larger one.
    expect(sampler({ caps: { fr: 5 }, seed: 'caps', alpha: 1 }).usableIds('fr')).toEqual(s.usableIds('fr'));
    const small = sampler({ caps: { fr: 3 }, seed: 'caps' }).usableIds('fr');
    for (const id of small) expect(s.usableIds('fr')).toContain(id);
  });

  it.each([0.5, 1])('alpha = %s: every query is used once per pass before repeats; epoch = slowest pass', (alpha) => {
    const used = new Map(LANGS.map((l) => [l, [] as string[]]));
    for (const b of sampler({ alpha, seed: 'epochs' }).take(3_000)) {
      expect(b.epoch).toBe(Math.min(...LANGS.map((l) => Math.floor(used.get(l)!.length / N))));
      for (const p of b.pairs) used.get(p.queryLang)!.push(p.xlingId);
    }
    for (const seq of used.values()) {
      expect(seq.length).toBeGreaterThan(2 * N);
      for (let start = 0; start < seq.length; start += N) {
        const block = seq.slice(start, start + N);
        expect(new Set(block).size).toBe(block.length);
      }
    }
  });
});

describe('HybridBatchSampler determinism and state', () => {
  const opts: Partial<HybridSamplerOptions> = { seed: 'det', caps: { fr: 20 }, hardNegatives: 'random-same-lang' };

  it('same seed → identical stream; different seed → different stream', () => {
    expect(sig(sampler(opts).take(300))).toEqual(sig(sampler(opts).take(300)));
    expect(sig(sampler({ ...opts, seed: 'other' }).take(300))).not.toEqual(sig(sampler(opts).take(300)));
  });

  it('save/restore mid-stream continues identically (through JSON)', () => {
    const a = sampler(opts);
    a.take(777);
    const state = JSON.parse(JSON.stringify(a.getState()));
    const b = HybridBatchSampler.fromState(index, state);
    expect(sig(b.take(500))).toEqual(sig(a.take(500)));
    const other = buildTrainingPairs(parallelDataset(LANGS, N - 1));
    expect(() => HybridBatchSampler.fromState(other, state)).toThrow(/fingerprint/);
  });

  it('shares the read-only index: interleaved samplers equal separate runs', () => {
    const x = sampler({ seed: 'x' }),
      y = sampler({ seed: 'y' });
    const xs: BatchDescriptor[] = [],
      ys: BatchDescriptor[] = [];
    for (let i = 0; i < 200; i++) {
      xs.push(x.next());
      ys.push(y.next());
    }
    expect(sig(xs)).toEqual(sig(sampler({ seed: 'x' }).take(200)));
    expect(sig(ys)).toEqual(sig(sampler({ seed: 'y' }).take(200)));
  });

  it('iterates, and the hard-negative mode does not change which pairs are drawn', () => {
    const it = sampler({ seed: 'n' })[Symbol.iterator]();
    const viaIter = Array.from({ length: 50 }, () => it.next().value as BatchDescriptor);
    expect(sig(viaIter)).toEqual(sig(sampler({ seed: 'n' }).take(50)));
    const strip = (bs: BatchDescriptor[]) =>
      bs.map((b) => b.pairs.map((p) => `${p.xlingId}:${p.queryLang}>${p.passageLang}`).join());
    const withNeg = sampler({ seed: 'n', hardNegatives: 'same-paragraph' }).take(50);
    expect(strip(withNeg)).toEqual(strip(viaIter));
  });

  it.each(['same-paragraph', 'random-same-lang'] as const)('%s negatives: not relevant, passage language', (mode) => {
    const byUid = new Map(data.candidates.map((c) => [c.uid, c]));
    const bad: string[] = [];
    for (const b of sampler({ seed: mode, hardNegatives: mode }).take(500)) {
      for (const p of b.pairs) {
        const neg = byUid.get(p.negativeUid ?? '');
        if (!neg || neg.lang !== p.passageLang || data.relevant.get(p.xlingId)!.has(neg.uid) || p.negative !== neg.text)
          bad.push(`${p.xlingId} → ${p.negativeUid}`);
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('rejects bad options', () => {
    expect(() => sampler({ alpha: 1.5 })).toThrow(/alpha/);
    expect(() => sampler({ batchSize: 0 })).toThrow(/batchSize/);
    expect(() => sampler({ langs: ['xx'] })).toThrow(/not in the data/);
    expect(() => sampler({ caps: { de: -1 } })).toThrow(/cap/);
    expect(() => sampler({ langs: ['en'], alpha: 0.5 })).toThrow(/share a question/);
    expect(sampler({ langs: ['en'], alpha: 1 }).next().pairs).toHaveLength(8);
  });
});
