import { useId, useMemo, useState } from 'react';
import { CartesianGrid, ErrorBar, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SettingName } from '../../core/eval/types';
import { isBaseAlone } from '../../core/experiment/base-alone';
import { configKey, summariseSeeds } from '../../core/experiment/seed-groups';
import { alignPaired, pairedBootstrapCI, pairedEffectSize, pairedRandomizationTest } from '../../core/experiment/stats';
import { yAxisWidth } from '../charts/axis';
import { ChartFrame } from '../charts/ChartFrame';
import { seriesColor } from '../charts/colors';
import { reportedEval } from '../charts/series';
import { fmt3 } from '../format';
import type { RunView } from '../store/runs';

type Metric = 'map:monolingual' | 'map:crosslingual' | 'map:multilingual' | 'bias';
const METRICS: Record<Metric, string> = {
  'map:monolingual': 'mono mAP',
  'map:crosslingual': 'cross mAP',
  'map:multilingual': 'multi mAP',
  bias: 'language bias ↓',
};
const SETTINGS: SettingName[] = ['monolingual', 'crosslingual', 'multilingual'];

function value(r: RunView, m: Metric): number | undefined {
  const e = reportedEval(r.metrics);
  if (!e) return undefined;
  if (m === 'bias') return e.result.languageBias?.meanMaxRankDistance;
  return e.result.settings[m.split(':')[1] as SettingName]?.map;
}

/** The configuration without α, seed and name: runs of one sweep share it, so each such group is one line. */
function sweepKey(r: RunView): string {
  return configKey({ ...r.config, alpha: 0 });
}

/** Metric against α: one line per configuration (a sweep), each α's seeds as mean ± 95 % interval. */
export function MetricVsAlpha({ runs }: { runs: RunView[] }) {
  const [metric, setMetric] = useState<Metric>('map:multilingual');
  const id = useId();
  const groups = useMemo(() => {
    const bySweep = new Map<string, RunView[]>();
    for (const r of runs)
      if (!isBaseAlone(r.config) && value(r, metric) !== undefined)
        bySweep.set(sweepKey(r), [...(bySweep.get(sweepKey(r)) ?? []), r]);
    return [...bySweep.values()]
      .map((rs, i) => {
        const byAlpha = new Map<number, number[]>();
        for (const r of rs) byAlpha.set(r.config.alpha, [...(byAlpha.get(r.config.alpha) ?? []), value(r, metric)!]);
        const points = [...byAlpha.entries()]
          .sort(([a], [b]) => a - b)
          .map(([alpha, vs]) => {
            const s = summariseSeeds(vs);
            return { alpha, mean: s.mean, err: s.half, n: s.n };
          });
        return {
          key: `g${i}`,
          label: `${rs[0].config.name.replace(/\s*α\s*=.*$/, '')} (${points.length} α, ${rs.length} runs)`,
          points,
        };
      })
      .filter((g) => g.points.length > 1 || g.points.some((p) => p.n > 1));
  }, [runs, metric]);
  if (!groups.length)
    return (
      <p className="muted small" data-testid="alpha-view-empty">
        Metric against α appears when the selection holds runs of one configuration at two or more α (an α-sweep) or several
        seeds.
      </p>
    );
  const all = groups.flatMap((g) => g.points.flatMap((p) => [p.mean - p.err, p.mean + p.err]));
  const tick = (v: number) => (metric === 'bias' ? String(Math.round(v)) : v.toFixed(3));
  return (
    <ChartFrame
      title={`${METRICS[metric]} against α (mean ± 95 % interval over seeds)`}
      name={`alpha-${metric}`}
      testId="alpha-chart"
      legend={groups.map((g, i) => ({ label: g.label, color: seriesColor(i) }))}
      controls={
        <span className="chart-controls">
          <label htmlFor={id}>Metric</label>
          <select id={id} value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>
            {(Object.keys(METRICS) as Metric[]).map((m) => (
              <option key={m} value={m}>
                {METRICS[m]}
              </option>
            ))}
          </select>
        </span>
      }
      footer={
        <p className="muted small">
          α = share of monolingual batches (0 = cross-lingual only, 1 = monolingual only). Bars: Student-t 95 % interval over the
          seeds of each α (none for a single seed).
        </p>
      }
    >
      <ResponsiveContainer width="100%" height={260}>
        <LineChart margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e6ea" />
          <XAxis
            dataKey="alpha"
            type="number"
            domain={[0, 1]}
            ticks={[0, 0.25, 0.5, 0.75, 1]}
            label={{ value: 'α', position: 'insideBottom', offset: -8 }}
            allowDuplicatedCategory={false}
          />
          <YAxis width={yAxisWidth(all, tick)} tickFormatter={tick} domain={['auto', 'auto']} />
          <Tooltip
            formatter={(v) => (typeof v === 'number' ? (metric === 'bias' ? v.toFixed(1) : v.toFixed(3)) : String(v))}
            labelFormatter={(a) => `α = ${a}`}
          />
          {groups.map((g, i) => (
            <Line
              key={g.key}
              data={g.points}
              dataKey="mean"
              name={g.label}
              stroke={seriesColor(i)}
              isAnimationActive={false}
              dot={{ r: 3 }}
            >
              <ErrorBar dataKey="err" width={6} stroke={seriesColor(i)} direction="y" />
            </Line>
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

/** Paired randomization test (the study's statistics) on per-query AP of two runs evaluated on the same queries. */
export function PairedTest({ a, b }: { a: RunView; b: RunView }) {
  const rows = useMemo(() => {
    const ea = reportedEval(a.metrics)?.result,
      eb = reportedEval(b.metrics)?.result;
    if (!ea?.perQuery || !eb?.perQuery || ea.dataset !== eb.dataset) return undefined;
    return SETTINGS.flatMap((s) => {
      const pa = ea.perQuery![s],
        pb = eb.perQuery![s];
      if (!pa || !pb) return [];
      const { keys, a: xa, b: xb } = alignPaired(pa, pb);
      if (!keys.length) return [];
      const t = pairedRandomizationTest(xa, xb),
        ci = pairedBootstrapCI(xa, xb),
        es = pairedEffectSize(xa, xb);
      return [
        { setting: s, n: keys.length, diff: t.meanDiff, p: t.pValue, lo: ci.lo, hi: ci.hi, wins: es.wins, losses: es.losses },
      ];
    });
  }, [a, b]);
  if (!rows)
    return (
      <p className="muted small" data-testid="paired-test-unavailable">
        A paired test needs both runs' final evaluations with per-query AP on the same evaluation data (runs trained before this
        version, or on different data, have none).
      </p>
    );
  return (
    <div className="table-wrap">
      <table data-testid="paired-test">
        <caption>
          Paired randomization test, “{a.config.name}” − “{b.config.name}”: per-query AP, 10,000 sign flips; 95 % bootstrap
          interval of the mean difference
        </caption>
        <thead>
          <tr>
            <th scope="col">Setting</th>
            <th scope="col" className="num">
              queries
            </th>
            <th scope="col" className="num">
              Δ mAP
            </th>
            <th scope="col" className="num">
              95 % interval
            </th>
            <th scope="col" className="num">
              p
            </th>
            <th scope="col" className="num">
              wins / losses
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.setting} data-setting={r.setting}>
              <th scope="row">{r.setting}</th>
              <td className="num">{r.n}</td>
              <td className="num">
                {r.diff >= 0 ? '+' : ''}
                {fmt3(r.diff)}
              </td>
              <td className="num">
                [{fmt3(r.lo)}, {fmt3(r.hi)}]
              </td>
              <td className="num">{r.p < 0.001 ? '< 0.001' : r.p.toFixed(3)}</td>
              <td className="num">
                {r.wins} / {r.losses}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        Caveats: the test treats queries as the random unit, so it says whether these two trained models differ on this evaluation
        set — not whether the training recipes differ (that needs several seeds: compare the intervals against α). Cross-lingual
        rows pair each (query, pool language); translations of one question are not independent; with three settings, read
        p-values with a multiple-comparison correction in mind.
      </p>
    </div>
  );
}
