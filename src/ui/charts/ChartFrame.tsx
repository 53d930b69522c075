import { useRef, useState, type ReactNode } from 'react';
import { chartSvg, download, safeName, svgToPng, type LegendItem } from '../export';

interface Props {
  title: string;
  /** File name stem for exports. */
  name: string;
  /** Series for the exported legend (recharts' own legend is HTML and would be lost). */
  legend?: LegendItem[];
  testId?: string;
  controls?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}

/** A chart with its caption and SVG/PNG export. */
export function ChartFrame({ title, name, legend = [], testId, controls, children, footer }: Props) {
  const ref = useRef<HTMLElement>(null);
  const [error, setError] = useState<string>();
  const exportAs = async (kind: 'svg' | 'png') => {
    setError(undefined);
    try {
      const { svg, width, height } = chartSvg(ref.current!, title, legend);
      const blob = kind === 'svg' ? new Blob([svg], { type: 'image/svg+xml' }) : await svgToPng(svg, width, height);
      download(`${safeName(name)}.${kind}`, blob);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <figure className="chart" data-testid={testId} ref={ref}>
      <div className="chart-head">
        <figcaption>{title}</figcaption>
        {controls}
        <span className="export">
          <button
            type="button"
            className="secondary small"
            onClick={() => void exportAs('svg')}
            aria-label={`Export ${title} as SVG`}
          >
            SVG
          </button>
          <button
            type="button"
            className="secondary small"
            onClick={() => void exportAs('png')}
            aria-label={`Export ${title} as PNG`}
          >
            PNG
          </button>
        </span>
      </div>
      {children}
      {footer}
      {error ? (
        <p className="muted" role="status">
          {error}
        </p>
      ) : null}
    </figure>
  );
}
