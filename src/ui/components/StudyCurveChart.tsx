import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StudyReportJson } from '../../core/experiment/report';
import { ChartFrame } from '../charts/ChartFrame';
import { legendText } from '../charts/axis';
import { seriesColor } from '../charts/colors';

type Key = 'multilingualMap' | 'bias';
const TITLE: Record<Key, string> = {
  multilingualMap: 'multilingual mAP of its queries (higher is better)',
  bias: 'language bias of its queries, max-rank distance (lower is better)',
};

/** Rows for recharts: one per cap (categorical x), one column per strategy (the mean over seeds). */
export function curveRows(
  j: Pick<StudyReportJson, 'lowResourceCurve' | 'study'>,
  lang: string,
  key: Key,
): Array<Record<string, string | number | null>> {
  return (j.lowResourceCurve[lang] ?? []).map((r) => ({
    cap: r.cap,
    ...Object.fromEntries(j.study.strategies.map((s) => [s.name, r.byStrategy[s.name]?.[key]?.mean ?? null])),
  }));
}

/** The low-resource curve of one language: a metric against the cap, one line per strategy (SVG/PNG export). */
export function StudyCurveChart({ report, lang, metric }: { report: StudyReportJson; lang: string; metric: Key }) {
  const data = curveRows(report, lang, metric);
  const strategies = report.study.strategies;
  const digits = metric === 'bias' ? 1 : 3;
  return (
    <ChartFrame
      title={`${lang} (low-resource): ${TITLE[metric]} by cap`}
      name={`study-${report.study.name}-${lang}-${metric}`}
      testId={`study-curve-${lang}-${metric}`}
      legend={strategies.map((s, i) => ({ label: `${s.name} (α=${s.alpha})`, color: seriesColor(i) }))}
    >
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e6ea" />
          <XAxis
            dataKey="cap"
            type="category"
            label={{ value: `cap on ${lang} training questions`, position: 'insideBottom', offset: -8 }}
          />
          <YAxis width={56} domain={[0, 'auto']} />
          <Tooltip
            formatter={(v) => (typeof v === 'number' ? v.toFixed(digits) : String(v))}
            labelFormatter={(c) => `cap ${c}`}
          />
          <Legend itemSorter={null} verticalAlign="top" formatter={legendText} />
          {strategies.map((s, i) => (
            <Line
              key={s.name}
              dataKey={s.name}
              name={`${s.name} (α=${s.alpha})`}
              stroke={seriesColor(i)}
              strokeWidth={2}
              dot={{ r: 3 }}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
