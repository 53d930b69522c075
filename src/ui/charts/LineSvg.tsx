/**
 * A small SVG line chart for the live run view. recharts renders its charts synchronously from layout effects of its
 * own store, which made each evaluation of a run a 300–450 ms main-thread task; this draws the same picture (nice
 * ticks, grid, per-series colour/dash, markers, points-only series, HTML legend and a hover tooltip) in one cheap
 * render. The paths are memoised apart from the hover state, so moving the pointer re-renders only the tooltip.
 */
import { memo, useMemo, useState, type MouseEvent } from 'react';
import { yAxisWidth } from './axis';
import { TEXT_COLOR } from './colors';
import { useWidth } from './use-width';
import { extent, linearScale, linePath, logScale, nearestRow, seriesPoints, type Scale } from './line-geometry';
import type { Row } from './series';

export interface LineSeries {
  key: string;
  name: string;
  color: string;
  dash?: string;
  /** Stroke width; 0 draws the values as points only, never joined. */
  width: number;
  /** Markers: 'small' on a line's values, 'ring' for points-only series. */
  dot?: 'small' | 'ring';
  /** Listed in the legend. */
  legend?: boolean;
}

interface Props {
  rows: Row[];
  series: LineSeries[];
  height: number;
  /** Accessible name of the drawing. */
  label: string;
  yFormat: (v: number) => string;
  valueFormat: (v: number) => string;
  /** Tooltip heading of a row (default "step N"). */
  rowTitle?: (row: Row) => string;
  /** Fixed top of the y axis (metrics: 1); otherwise the data's maximum, rounded up to a tick. */
  yMax?: number;
  log?: boolean;
}

const M = { top: 8, right: 16, bottom: 34 };
const GRID = '#e3e6ea',
  AXIS = '#52606d';

interface Geometry {
  x: Scale;
  y: Scale;
  left: number;
  plotW: number;
  plotH: number;
}

function geometry(
  rows: Row[],
  series: LineSeries[],
  width: number,
  height: number,
  p: Pick<Props, 'log' | 'yMax' | 'yFormat'>,
): Geometry {
  const plotH = height - M.top - M.bottom;
  const steps = extent(rows, ['step']) ?? [0, 1];
  const ys = extent(
    rows,
    series.map((s) => s.key),
  ) ?? [0, 1];
  const y = p.log
    ? logScale(ys[0], ys[1], M.top + plotH, M.top)
    : linearScale(0, p.yMax ?? Math.max(ys[1], 0), M.top + plotH, M.top, { extend: p.yMax === undefined });
  const left = yAxisWidth(y.ticks, p.yFormat);
  const plotW = Math.max(10, width - left - M.right);
  const x = linearScale(steps[0], steps[1], left, left + plotW, { integer: true, count: Math.max(2, Math.floor(plotW / 80)) });
  return { x, y, left, plotW, plotH };
}

interface PlotProps {
  rows: Row[];
  series: LineSeries[];
  g: Geometry;
  label: string;
  yFormat: (v: number) => string;
  width: number;
  height: number;
}

/** The drawing itself; its props change only with the data, the size or the scale, never with the hover. */
const Plot = memo(function Plot({ rows, series, g, label, yFormat, width, height }: PlotProps) {
  const bottom = M.top + g.plotH;
  return (
    <svg data-export width={width} height={height} role="img" aria-label={label} fontSize={12}>
      <g className="chart-grid-lines" stroke={GRID} strokeDasharray="3 3">
        {g.y.ticks.map((t) => (
          <line key={`y${t}`} x1={g.left} x2={g.left + g.plotW} y1={g.y(t)} y2={g.y(t)} />
        ))}
        {g.x.ticks.map((t) => (
          <line key={`x${t}`} x1={g.x(t)} x2={g.x(t)} y1={M.top} y2={bottom} />
        ))}
      </g>
      <g className="chart-axis" stroke={AXIS}>
        <line x1={g.left} x2={g.left} y1={M.top} y2={bottom} />
        <line x1={g.left} x2={g.left + g.plotW} y1={bottom} y2={bottom} />
      </g>
      {g.y.ticks.map((t) => (
        <g key={`yt${t}`} className="chart-axis-tick">
          <line x1={g.left - 5} x2={g.left} y1={g.y(t)} y2={g.y(t)} stroke={AXIS} />
          <text x={g.left - 8} y={g.y(t)} dy="0.32em" textAnchor="end" fill={AXIS}>
            {yFormat(t)}
          </text>
        </g>
      ))}
      {g.x.ticks.map((t) => (
        <g key={`xt${t}`} className="chart-axis-tick">
          <line x1={g.x(t)} x2={g.x(t)} y1={bottom} y2={bottom + 5} stroke={AXIS} />
          <text x={g.x(t)} y={bottom + 17} textAnchor="middle" fill={AXIS}>
            {t}
          </text>
        </g>
      ))}
      <text x={g.left + g.plotW / 2} y={height - 3} textAnchor="middle" fill={AXIS}>
        step
      </text>
      {series.map((s) => {
        const pts = seriesPoints(rows, s.key, g.x, g.y);
        return (
          <g key={s.key}>
            {s.width > 0 && pts.length > 1 ? (
              <path
                className="chart-line"
                d={linePath(pts)}
                fill="none"
                stroke={s.color}
                strokeWidth={s.width}
                strokeDasharray={s.dash}
              />
            ) : null}
            {s.dot
              ? pts.map(([cx, cy]) => (
                  <circle
                    key={`${cx},${cy}`}
                    className="chart-point"
                    cx={cx}
                    cy={cy}
                    r={s.dot === 'ring' ? 4 : 2}
                    fill="#fff"
                    stroke={s.color}
                    strokeWidth={s.dot === 'ring' ? 2 : 1}
                  />
                ))
              : null}
          </g>
        );
      })}
    </svg>
  );
});

/** The hovered step's evaluations: each row at that step with its values. */
function Tooltip({ rows, series, at, p }: { rows: Row[]; series: LineSeries[]; at: number; p: Props }) {
  const step = rows[at].step;
  return rows
    .flatMap((r, idx) => (r.step === step ? [{ r, idx }] : []))
    .map(({ r, idx }) => (
      <div key={idx}>
        <strong>{p.rowTitle ? p.rowTitle(r) : `step ${step}`}</strong>
        {series.map((s) =>
          Number.isFinite(r[s.key]) ? (
            <div key={s.key}>
              <span className="swatch" style={{ background: s.color }} /> {s.name}: {p.valueFormat(r[s.key])}
            </div>
          ) : null,
        )}
      </div>
    ));
}

/** Legend in dark text (≥ 4.5:1 on white); each swatch shows the series' colour and dash. */
function Legend({ series }: { series: LineSeries[] }) {
  return (
    <ul className="chart-legend" style={{ color: TEXT_COLOR }}>
      {series
        .filter((s) => s.legend)
        .map((s) => (
          <li key={s.key}>
            <svg width={18} height={10} aria-hidden="true">
              <line x1={0} x2={18} y1={5} y2={5} stroke={s.color} strokeWidth={2} strokeDasharray={s.dash} />
            </svg>
            {s.name}
          </li>
        ))}
    </ul>
  );
}

export function LineSvg(p: Props) {
  const { rows, series, height } = p;
  const [wrap, width] = useWidth<HTMLDivElement>();
  const [hover, setHover] = useState<number>();
  const { log, yMax, yFormat } = p;
  const g = useMemo(
    () => geometry(rows, series, width, height, { log, yMax, yFormat }),
    [rows, series, width, height, log, yMax, yFormat],
  );
  const onMove = (e: MouseEvent<HTMLDivElement>) => {
    const px = e.clientX - e.currentTarget.getBoundingClientRect().left;
    setHover(px < g.left || px > g.left + g.plotW ? undefined : nearestRow(rows, g.x.invert(px)));
  };
  const at = hover !== undefined && hover < rows.length ? hover : undefined;
  const hx = at === undefined ? 0 : g.x(rows[at].step);
  return (
    <>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a pointer-only preview; the values are in the results tables and the exports */}
      <div className="line-chart" ref={wrap} style={{ height }} onMouseMove={onMove} onMouseLeave={() => setHover(undefined)}>
        {width > 0 ? (
          <Plot rows={rows} series={series} g={g} label={p.label} yFormat={yFormat} width={width} height={height} />
        ) : null}
        {at !== undefined ? (
          <>
            <div className="line-chart-guide" style={{ left: hx, top: M.top, height: g.plotH }} />
            <div className="tooltip line-chart-tip" style={hx > width / 2 ? { right: width - hx + 12 } : { left: hx + 12 }}>
              <Tooltip rows={rows} series={series} at={at} p={p} />
            </div>
          </>
        ) : null}
      </div>
      <Legend series={series} />
    </>
  );
}
