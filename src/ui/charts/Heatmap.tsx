import { heat, heatText } from './colors';

export interface HeatmapProps {
  rows: string[];
  cols: string[];
  /** Value in row r, column c; undefined = no cell. */
  value: (r: string, c: string) => number | undefined;
  /** Value → [0, 1] colour scale. */
  scale: (v: number) => number;
  format: (v: number) => string;
  rowLabel: string;
  colLabel: string;
  onCell?: (r: string, c: string) => void;
  label: string;
}

const CELL = 40,
  HEAD = 34;

/** An SVG matrix (exportable like the recharts charts); clickable cells are keyboard-reachable buttons. */
export function Heatmap({ rows, cols, value, scale, format, rowLabel, colLabel, onCell, label }: HeatmapProps) {
  const w = HEAD + 16 + cols.length * CELL,
    h = HEAD + 16 + rows.length * CELL;
  return (
    // role="img" makes every descendant presentational, so a matrix of clickable cells is a group of buttons.
    <svg
      data-export="heatmap"
      role={onCell ? 'group' : 'img'}
      aria-label={label}
      width={w}
      height={h}
      viewBox={`0 0 ${w} ${h}`}
      className="heatmap"
      fontSize={11}
    >
      <text x={HEAD + 16 + (cols.length * CELL) / 2} y={10} textAnchor="middle" fill="#5f6b7a">
        {colLabel}
      </text>
      <text transform={`translate(10 ${HEAD + 16 + (rows.length * CELL) / 2}) rotate(-90)`} textAnchor="middle" fill="#5f6b7a">
        {rowLabel}
      </text>
      {cols.map((c, j) => (
        <text key={c} x={HEAD + 16 + j * CELL + CELL / 2} y={HEAD + 8} textAnchor="middle" fill="#1f2933">
          {c}
        </text>
      ))}
      {rows.map((r, i) => (
        <g key={r}>
          <text x={HEAD + 10} y={HEAD + 16 + i * CELL + CELL / 2 + 4} textAnchor="end" fill="#1f2933">
            {r}
          </text>
          {cols.map((c, j) => {
            const v = value(r, c);
            if (v === undefined) return null;
            const s = scale(v);
            const cell = (
              <>
                <rect
                  x={HEAD + 16 + j * CELL + 1}
                  y={HEAD + 16 + i * CELL + 1}
                  width={CELL - 2}
                  height={CELL - 2}
                  fill={heat(s)}
                  rx={3}
                />
                <text
                  x={HEAD + 16 + j * CELL + CELL / 2}
                  y={HEAD + 16 + i * CELL + CELL / 2 + 4}
                  textAnchor="middle"
                  fill={heatText(s)}
                >
                  {format(v)}
                </text>
              </>
            );
            return onCell ? (
              <g
                key={c}
                role="button"
                tabIndex={0}
                className="heat-cell"
                data-cell={`${r}>${c}`}
                aria-label={`${rowLabel} ${r}, ${colLabel} ${c}: ${format(v)}`}
                onClick={() => onCell(r, c)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onCell(r, c);
                  }
                }}
              >
                {cell}
              </g>
            ) : (
              <g key={c} data-cell={`${r}>${c}`}>
                {cell}
              </g>
            );
          })}
        </g>
      ))}
    </svg>
  );
}
