import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EvalResult, SettingName } from '../../core/eval/types';
import { legendText } from '../charts/axis';
import { ChartFrame } from '../charts/ChartFrame';

const COLORS: Record<SettingName, string> = { monolingual: '#3b6ea5', crosslingual: '#d08c3f', multilingual: '#4e9a76' };

/** Per-language mAP, one bar per setting. */
export function MapChart({ result }: { result: EvalResult }) {
  const settings = (['monolingual', 'crosslingual', 'multilingual'] as SettingName[]).filter((s) => result.settings[s]);
  const data = result.langs.map((lang) => {
    const row: Record<string, string | number> = { lang };
    for (const s of settings) {
      const m = result.settings[s]?.byQueryLang[lang]?.map;
      if (m !== undefined) row[s] = Number(m.toFixed(4));
    }
    return row;
  });
  return (
    <ChartFrame
      title={`mAP per query language · ${result.dataset} · ${result.retriever}`}
      name={`${result.dataset}-${result.retriever}-map`}
      testId="map-chart"
      legend={settings.map((s) => ({ label: s, color: COLORS[s] }))}
    >
      <ResponsiveContainer width="100%" height={280}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e6ea" />
          <XAxis dataKey="lang" />
          <YAxis domain={[0, 1]} />
          <Tooltip />
          <Legend itemSorter={null} formatter={legendText} />
          {settings.map((s) => (
            <Bar key={s} dataKey={s} fill={COLORS[s]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
