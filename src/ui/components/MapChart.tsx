import { useMemo } from 'react';
import type { EvalResult, SettingName } from '../../core/eval/types';
import { BarSvg, type BarSeries } from '../charts/BarSvg';
import { ChartFrame } from '../charts/ChartFrame';

const COLORS: Record<SettingName, string> = { monolingual: '#3b6ea5', crosslingual: '#d08c3f', multilingual: '#4e9a76' };
const fmt = (v: number) => v.toFixed(4);
const tick = (v: number) => String(v);

/** Per-language mAP, one bar per setting. */
export function MapChart({ result }: { result: EvalResult }) {
  const series = useMemo<BarSeries[]>(
    () =>
      (['monolingual', 'crosslingual', 'multilingual'] as SettingName[])
        .filter((s) => result.settings[s])
        .map((s) => ({ key: s, name: s, color: COLORS[s] })),
    [result],
  );
  const value = useMemo(() => (lang: string, s: string) => result.settings[s as SettingName]?.byQueryLang[lang]?.map, [result]);
  return (
    <ChartFrame
      title={`mAP per query language · ${result.dataset} · ${result.retriever}`}
      name={`${result.dataset}-${result.retriever}-map`}
      testId="map-chart"
      legend={series.map((s) => ({ label: s.name, color: s.color }))}
    >
      <BarSvg
        categories={result.langs}
        series={series}
        value={value}
        height={280}
        label={`mAP per query language, one bar per setting: ${series.map((s) => s.name).join(', ')}`}
        yMax={1}
        yFormat={tick}
        valueFormat={fmt}
      />
    </ChartFrame>
  );
}
