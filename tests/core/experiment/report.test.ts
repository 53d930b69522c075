import { describe, expect, it } from 'vitest';
import type { EvalResult, Metrics, SettingResult } from '../../../src/core/eval/types';
import { buildStudyReport, PAPER_REFERENCE } from '../../../src/core/experiment/report';
import { resolveStudyConfig, type StudyCap, type StudyRunRecord } from '../../../src/core/experiment/study';

const LANGS = ['en', 'de', 'sw'];
const metrics = (map: number): Metrics => ({
  map,
  'recall@1': map,
  'recall@5': map,
  'recall@10': map,
  'recall@100': map,
  'mrr@10': map,
  'ndcg@10': map,
});
const setting = (byLang: Record<string, number>): SettingResult => {
  const vals = Object.values(byLang);
  return {
    ...metrics(vals.reduce((a, b) => a + b, 0) / vals.length),
    queries: 30,
    byQueryLang: Object.fromEntries(Object.entries(byLang).map(([l, v]) => [l, { ...metrics(v), queries: 10 }])),
  };
};

/** A fabricated result: base quality `q`, sw quality depends on the cap; per-query AP varies around it. */
function fabricate(strategy: string, cap: StudyCap, seed: number): StudyRunRecord {
  const bonus = strategy === 'hybrid' ? 0.1 : strategy === 'cross-lingual' ? 0.05 : 0;
  const swq = cap === 0 ? 0.1 : cap === 50 ? 0.3 : 0.5;
  const byLang: Record<string, number> = { en: 0.6 + bonus, de: 0.55 + bonus, sw: swq + bonus };
  const perQuery: Record<string, number> = {};
  for (const l of LANGS)
    for (let i = 0; i < 10; i++)
      perQuery[`${l}:q${i}`] = Math.min(1, Math.max(0, byLang[l] + ((i * 7 + seed) % 5) * 0.02 - 0.04));
  const cross: Record<string, number> = {};
  for (const l of LANGS) for (let i = 0; i < 10; i++) cross[`${l}>en:q${i}`] = byLang[l] / 2 + (i % 3) * 0.01;
  const result: EvalResult = {
    dataset: 'fab',
    retriever: 'dense',
    langs: LANGS,
    counts: {
      queries: 30,
      candidates: 60,
      queriesByLang: { en: 10, de: 10, sw: 10 },
      candidatesByLang: { en: 20, de: 20, sw: 20 },
    },
    settings: {
      monolingual: setting(byLang),
      crosslingual: setting(Object.fromEntries(LANGS.map((l) => [l, byLang[l] / 2]))),
      multilingual: setting(byLang),
    },
    languageBias: {
      meanMaxRankDistance: 40 - bonus * 100,
      byQueryLang: { en: 30, de: 35, sw: 50 - swq * 10 },
      sameLanguageTop10: 0.6,
      sameLanguageTop10ByQueryLang: { en: 0.6, de: 0.6, sw: 0.6 },
    },
    perQuery: { monolingual: perQuery, multilingual: perQuery, crosslingual: cross },
    tieBreak: 'x',
    timing: { seconds: 1 },
  };
  return {
    id: `cap-${cap}_${strategy}_seed-${seed}`,
    cap,
    strategy,
    alpha: strategy === 'hybrid' ? 0.5 : strategy === 'monolingual' ? 1 : 0,
    seed,
    result,
    seconds: 3,
  };
}

const study = resolveStudyConfig({ name: 'fab-study', lowResourceLangs: ['sw'], caps: [0, 50, 'full'], seeds: [1, 2] });
const records = study.caps.flatMap((cap) =>
  study.strategies.flatMap((s) => study.seeds.map((seed) => fabricate(s.name, cap, seed))),
);
const report = buildStudyReport({
  study,
  records,
  versions: { node: 'v20', tfjs: '4.22.0', package: 'hybrid-batch-workbench@0.1.0' },
  synthetic: true,
});

describe('buildStudyReport', () => {
  it('Table 1 / Table 2 at the full cap, means over seeds', () => {
    expect(report.json.fullCap).toBe('full');
    const hybrid = report.json.table1.find((r) => r.strategy === 'hybrid')!;
    expect(hybrid.alpha).toBe(0.5);
    expect(hybrid.multilingual!.mean).toBeCloseTo((0.7 + 0.65 + 0.6) / 3, 12);
    expect(hybrid.multilingual!.n).toBe(2);
    expect(report.json.table2.find((r) => r.strategy === 'monolingual')!.meanMaxRankDistance!.mean).toBeCloseTo(40, 12);
  });

  it('per-language tables and the low-resource curve follow the cap', () => {
    expect(report.json.perLanguage.sw.hybrid.multilingual!.mean).toBeCloseTo(0.6, 12);
    const curve = report.json.lowResourceCurve.sw;
    expect(curve.map((r) => r.cap)).toEqual(['0', '50', 'full']);
    expect(curve.map((r) => r.byStrategy.monolingual.multilingualMap!.mean)).toEqual(
      [0.1, 0.3, 0.5].map((x) => expect.closeTo(x, 12)),
    );
  });

  it('significance rows: hybrid vs monolingual, all settings at full cap + sw per cap, with CI and Holm p', () => {
    const s = report.json.significance;
    expect([s.treatment, s.baseline, s.permutations, s.bootstrapResamples]).toEqual(['hybrid', 'monolingual', 10_000, 10_000]);
    expect(s.rows.map((r) => `${r.scope}|${r.setting}|${r.cap}`)).toEqual([
      'all queries|monolingual|full',
      'all queries|crosslingual|full',
      'all queries|multilingual|full',
      'sw queries|multilingual|0',
      'sw queries|multilingual|50',
      'sw queries|multilingual|full',
    ]);
    const multi = s.rows[2];
    expect(multi.queries).toBe(30);
    expect(multi.effect.meanDiff).toBeGreaterThan(0.05);
    expect(multi.bootstrap.lo).toBeGreaterThan(0);
    expect(multi.randomization.pValue).toBeLessThan(0.001);
    expect(multi.holmP).toBeGreaterThanOrEqual(multi.randomization.pValue);
    expect(s.rows[3].queries).toBe(10);
  });

  it("Markdown: labelled sections, the paper's numbers marked as the paper's, synthetic caveat, config and versions", () => {
    const md = report.markdown;
    for (const h of [
      '## Table 1',
      '## Table 2',
      '## Per language',
      '## Low-resource curve',
      '## Significance: hybrid vs monolingual',
      '## What the numbers show and do not show',
      '## Reproducibility',
    ])
      expect(md).toContain(h);
    expect(md).toContain(PAPER_REFERENCE.label);
    expect(md).toContain('| monolingual-only | 1 | 0.792 | 0.674 | 0.547 | 410 |');
    expect(md).toContain('| hybrid | 0.5 | 0.798 | 0.705 | 0.593 | 287 |');
    expect(md).toContain('Synthetic demo data');
    expect(md).toContain('tfjs 4.22.0');
    expect(md).toContain('"lowResourceLangs"');
    expect(md).toContain('sw (low-resource)');
    expect(report.json.statements.some((s) => s.includes('not evidence'))).toBe(true);
  });

  it('SVG: a well-formed line chart with one polyline per strategy and panel, and a legend', () => {
    const svg = report.svg;
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(2 * 3);
    for (const n of ['monolingual (α=1)', 'cross-lingual (α=0)', 'hybrid (α=0.5)', 'sw: multilingual mAP'])
      expect(svg).toContain(n);
    expect(svg).not.toMatch(/NaN|undefined/);
  });

  it('without per-query AP there are no tests and the report says why', () => {
    const bare = records.map((r) => ({ ...r, result: { ...r.result, perQuery: undefined } }));
    const r = buildStudyReport({ study, records: bare, versions: {}, synthetic: false });
    expect(r.json.significance.rows).toHaveLength(0);
    expect(r.markdown).toContain('no significance tests');
  });
});

describe('buildStudyReport on a one-language evaluation set (DuRetrieval)', () => {
  it('a setting with no evaluated query (cross-lingual on zh only) is "–", not 0', () => {
    const zh = records.map((r) => ({
      ...r,
      result: {
        ...r.result,
        settings: {
          ...r.result.settings,
          crosslingual: { ...r.result.settings.crosslingual!, map: 0, queries: 0, byQueryLang: {} },
        },
      },
    }));
    const rep = buildStudyReport({
      study,
      records: zh,
      versions: { node: 'v20', tfjs: '4.22.0', package: 'x' },
      synthetic: false,
    });
    for (const row of rep.json.table1) {
      expect(row.crosslingual).toBeNull();
      expect(row.monolingual).not.toBeNull();
    }
    expect(rep.markdown).toMatch(/\| hybrid \| 0\.5 \| [\d.± ]+ \| – \| /);
  });
});
