/**
 * A small SVG grouped bar chart (per-language metrics). recharts' BarChart, when an evaluation's results arrived,
 * rendered through its own store, selectors and text measuring in one 110–200 ms main-thread task (CPU profile of
 * the XQuAD-R evaluation, issue 16); this draws the same picture — nice ticks, grid, bars per series, HTML legend —
 * in one cheap render, with each bar's value as its hover title.
 */
import { useMemo } from 'react';
import { yAxisWidth } from './axis';
import { barRects, bands } from './bar-geometry';
import { TEXT_COLOR } from './colors';
import { linearScale } from './line-geometry';
import { useWidth } from './use-width';

export interface BarSeries {
  key: string;
  name: string;
  color: string;
}

interface Props {
  categories: string[];
  series: BarSeries[];
  /** The value of a series in a category (undefined: no bar). */
  value: (category: string, series: string) => number | undefined;
  height: number;
  /** Accessible name of the drawing. */
  label: string;
  yMax: number;
  yFormat: (v: number) => string;
  valueFormat: (v: number) => string;
}

const M = { top: 8, right: 16, bottom: 24 };
const GRID = '#e3e6ea',
  AXIS = '#52606d';

function Plot({ p, width }: { p: Props; width: number }) {
  const { categories, series, value, height, yMax, yFormat, valueFormat } = p;
  const plotH = height - M.top - M.bottom;
  const bottom = M.top + plotH;
  const y = linearScale(0, yMax, bottom, M.top);
  const left = yAxisWidth(y.ticks, yFormat);
  const plotW = Math.max(10, width - left - M.right);
  const { centre } = bands(categories, left, plotW);
  const rects = barRects(
    categories,
    series.map((s) => s.key),
    value,
    y,
    left,
    plotW,
  );
  const colour = new Map(series.map((s) => [s.key, s]));
  return (
    <svg data-export width={width} height={height} role="img" aria-label={p.label} fontSize={12}>
      <g className="chart-grid-lines" stroke={GRID} strokeDasharray="3 3">
        {y.ticks.map((t) => (
          <line key={`y${t}`} x1={left} x2={left + plotW} y1={y(t)} y2={y(t)} />
        ))}
      </g>
      {rects.map((r) => (
        <rect
          key={`${r.category}/${r.series}`}
          className="chart-bar"
          x={r.x}
          y={r.y}
          width={r.width}
          height={r.height}
          fill={colour.get(r.series)?.color}
        >
          <title>{`${r.category} · ${colour.get(r.series)?.name}: ${valueFormat(r.value)}`}</title>
        </rect>
      ))}
      <g className="chart-axis" stroke={AXIS}>
        <line x1={left} x2={left} y1={M.top} y2={bottom} />
        <line x1={left} x2={left + plotW} y1={bottom} y2={bottom} />
      </g>
      {y.ticks.map((t) => (
        <g key={`yt${t}`} className="chart-axis-tick">
          <line x1={left - 5} x2={left} y1={y(t)} y2={y(t)} stroke={AXIS} />
          <text x={left - 8} y={y(t)} dy="0.32em" textAnchor="end" fill={AXIS}>
            {yFormat(t)}
          </text>
        </g>
      ))}
      {categories.map((c, i) => (
        <g key={`xt${c}`} className="chart-axis-tick">
          <line x1={centre[i]} x2={centre[i]} y1={bottom} y2={bottom + 5} stroke={AXIS} />
          <text x={centre[i]} y={bottom + 17} textAnchor="middle" fill={AXIS}>
            {c}
          </text>
        </g>
      ))}
    </svg>
  );
}

export function BarSvg(p: Props) {
  const [wrap, width] = useWidth<HTMLDivElement>();
  const legend = useMemo(
    () => (
      <ul className="chart-legend" style={{ color: TEXT_COLOR }}>
        {p.series.map((s) => (
          <li key={s.key}>
            <svg width={10} height={10} aria-hidden="true">
              <rect width={10} height={10} fill={s.color} />
            </svg>
            {s.name}
          </li>
        ))}
      </ul>
    ),
    [p.series],
  );
  return (
    <>
      <div className="bar-chart" ref={wrap} style={{ height: p.height }}>
        {width > 0 ? <Plot p={p} width={width} /> : null}
      </div>
      {legend}
    </>
  );
}
