/** Chart series never join evaluations on different query sets (src/ui/charts/series.ts, compare-series.ts). */
import { describe, expect, it } from 'vitest';
import type { EvalResult } from '../../src/core/eval/types';
import { compareSeries } from '../../src/ui/charts/compare-series';
import { metricRows, querySetKey, reportedEval, rowLabel, setGroups } from '../../src/ui/charts/series';
import type { RunView } from '../../src/ui/store/runs';
import type { MetricPoint } from '../../src/worker/runs/run-types';

const result = (map: number): EvalResult =>
  ({
    settings: {
      multilingual: {
        map,
        'recall@10': map,
        byQueryLang: { de: { map, 'recall@10': map }, en: { map: map / 2, 'recall@10': map } },
      },
    },
    languageBias: { meanMaxRankDistance: 10 * map, byQueryLang: { de: 1, en: 2 } },
  }) as unknown as EvalResult;
const sub = { name: 'subset' as const, count: 540, fingerprint: 'a1b2c3d4' };
const full = { name: 'full' as const, count: 1602, fingerprint: '0f0f0f0f' };
const history = (scale = 1): MetricPoint[] => [
  { step: 0, final: false, querySet: sub, result: result(0.2 * scale) },
  { step: 100, final: false, querySet: sub, result: result(0.25 * scale) },
  { step: 200, final: false, querySet: sub, result: result(0.26 * scale) },
  { step: 200, final: true, querySet: full, result: result(0.3 * scale) },
];
const run = (id: string, metrics: MetricPoint[]): RunView =>
  ({
    id,
    metrics,
    loss: [
      [1, 2],
      [2, 1],
    ],
    config: { name: id },
  }) as unknown as RunView;

/** Every joined series' points, by step, all come from one query set of its run. */
function joinedSetsPerSeries(runs: RunView[], curve: Parameters<typeof compareSeries>[1]) {
  const { series } = compareSeries(runs, curve);
  return series
    .filter((s) => s.joined && s.set)
    .map((s) => {
      const r = runs.find((x) => x.id === s.runId)!;
      return new Set(r.metrics.filter((m) => s.steps.includes(m.step) && querySetKey(m) === s.set).map(querySetKey)).size;
    });
}

describe('query-set series', () => {
  it('the main set is the in-training subset; the full evaluation is a set of its own', () => {
    const g = setGroups(history());
    expect(g.main).toBe('subset:a1b2c3d4');
    expect(g.others).toEqual(['full:0f0f0f0f']);
    expect(g.labels['subset:a1b2c3d4']).toBe('subset of 540 queries · a1b2c3d4');
    expect(g.labels['full:0f0f0f0f']).toBe('every query (1,602) · 0f0f0f0f');
  });

  it('metric rows put each set under its own keys; tooltips name the set', () => {
    const g = setGroups(history());
    const rows = metricRows(history(), 'multilingual', 'map', g);
    expect(rows.filter((r) => 'all' in r).map((r) => r.step)).toEqual([0, 100, 200]);
    expect(rows.filter((r) => 'all@full:0f0f0f0f' in r).map((r) => [r.step, r['de@full:0f0f0f0f']])).toEqual([[200, 0.3]]);
    expect(rows.some((r) => 'all' in r && 'all@full:0f0f0f0f' in r)).toBe(false);
    expect(rowLabel(rows.at(-1), g, 200)).toBe('step 200 · every query (1,602) · 0f0f0f0f');
  });

  it('old runs without querySet: final and in-training evaluations are still kept apart', () => {
    const old = history().map(({ querySet: _q, ...m }) => m);
    const g = setGroups(old);
    expect([g.main, ...g.others]).toEqual(['subset:?', 'full:?']);
  });

  it('the Compare chart has no segment between evaluations on different query sets', () => {
    const runs = [run('a', history()), run('b', history(2))];
    for (const curve of ['map:multilingual', 'bias'] as const) {
      const { rows, series } = compareSeries(runs, curve);
      expect(series.map((s) => [s.dataKey, s.joined, s.steps])).toEqual([
        ['a', true, [0, 100, 200]],
        ['a@full:0f0f0f0f', false, [200]],
        ['b', true, [0, 100, 200]],
        ['b@full:0f0f0f0f', false, [200]],
      ]);
      expect(joinedSetsPerSeries(runs, curve)).toEqual([1, 1]);
      // the subset and the full evaluation at step 200 are separate rows, so nothing draws between them
      expect(rows.filter((r) => r.step === 200).map((r) => Object.keys(r).sort())).toEqual([
        ['a', 'b', 'step'],
        ['a@full:0f0f0f0f', 'b@full:0f0f0f0f', 'step'],
      ]);
    }
    expect(compareSeries(runs, 'loss').series.every((s) => s.joined)).toBe(true);
  });

  it('the probe set is a line of its own: never the main line, never joined to the subset or the full set', () => {
    const probe = { name: 'probe' as const, count: 45, fingerprint: 'dddd0000' };
    const withProbe = [
      ...[0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200].map((step) => ({
        step,
        final: false,
        querySet: probe,
        result: result(0.5 + step / 1000),
      })),
      ...history(),
    ].sort((a, b) => a.step - b.step);
    const g = setGroups(withProbe);
    expect(g.main).toBe('subset:a1b2c3d4'); // though the probe has more evaluations
    expect(g.probes).toEqual(['probe:dddd0000']);
    expect(g.others).toEqual(['full:0f0f0f0f']);
    expect(g.labels['probe:dddd0000']).toMatch(/^probe of 45 queries on its own small pool/);
    const rows = metricRows(withProbe, 'multilingual', 'map', g);
    expect(rows.filter((r) => 'all@probe:dddd0000' in r).map((r) => r.step)).toEqual([
      0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200,
    ]);
    expect(rows.some((r) => 'all@probe:dddd0000' in r && ('all' in r || 'all@full:0f0f0f0f' in r))).toBe(false);
    expect(
      rowLabel(
        rows.find((r) => 'all@probe:dddd0000' in r && r.step === 20),
        g,
        20,
      ),
    ).toMatch(/^step 20 · probe of 45 queries/);
    const { series } = compareSeries([run('a', withProbe)], 'map:multilingual');
    expect(series.map((s) => [s.dataKey, s.joined, s.probe ?? false, s.steps.length])).toEqual([
      ['a', true, false, 3],
      ['a@probe:dddd0000', true, true, 11],
      ['a@full:0f0f0f0f', false, false, 1],
    ]);
    expect(joinedSetsPerSeries([run('a', withProbe)], 'map:multilingual')).toEqual([1, 1]);
    // tables report the final evaluation, else the latest subset one, never the probe's
    expect(reportedEval(withProbe)!.final).toBe(true);
    expect(reportedEval(withProbe.filter((m) => !m.final && m.step <= 140))!.querySet).toEqual(sub);
  });
});
