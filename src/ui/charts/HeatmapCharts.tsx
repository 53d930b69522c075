import { memo } from 'react';
import type { CompositionTally, MetricPoint } from '../../worker/runs/run-types';
import { ChartFrame } from './ChartFrame';
import { Heatmap } from './Heatmap';

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/** Query-language × passage-language pairs sampled so far, and the realised monolingual share against α. */
export const CompositionChart = memo(function CompositionChart({
  tally,
  alpha,
  langs,
  name,
}: {
  tally: CompositionTally;
  alpha: number;
  langs: string[];
  name: string;
}) {
  const total = Object.values(tally.pairs).reduce((s, n) => s + n, 0);
  const max = Math.max(1, ...Object.values(tally.pairs));
  const used = langs.length ? langs : [...new Set(Object.keys(tally.pairs).flatMap((k) => k.split('>')))].sort();
  const share = tally.batches ? tally.mono / tally.batches : 0;
  return (
    <ChartFrame
      title="Batch composition: pairs sampled (query × passage language)"
      name={`${name}-composition`}
      testId="composition-chart"
      legend={[{ label: `pairs (max ${max})`, color: '#084594' }]}
      footer={
        <div className="mono-share" data-testid="mono-share">
          <span>
            Monolingual batches: <strong>{tally.mono}</strong> / {tally.batches} = <strong>{pct(share)}</strong> (α = {alpha})
          </span>
          <svg width="220" height="14" role="img" aria-label={`realised monolingual share ${pct(share)} against alpha ${alpha}`}>
            <rect width="220" height="14" fill="#eef1f4" rx="3" />
            <rect width={220 * share} height="14" fill="#2f5d8a" rx="3" />
            <line x1={220 * alpha} x2={220 * alpha} y1="0" y2="14" stroke="#d55e00" strokeWidth="2" />
          </svg>
        </div>
      }
    >
      {total === 0 ? (
        <p className="muted">No batches yet.</p>
      ) : (
        <Heatmap
          rows={used}
          cols={used}
          rowLabel="query"
          colLabel="passage"
          label="pairs sampled per query and passage language"
          value={(q, p) => tally.pairs[`${q}>${p}`] ?? 0}
          scale={(v) => v / max}
          format={(v) => String(v)}
        />
      )}
    </ChartFrame>
  );
});

/** Cross-lingual mAP (query × pool language; diagonal = monolingual) at the latest evaluation; cells open the inspector. */
export const CrossMapChart = memo(function CrossMapChart({
  latest,
  name,
  onCell,
}: {
  latest?: MetricPoint;
  name: string;
  onCell?: (q: string, p: string) => void;
}) {
  const map = latest?.result.crossLingualMap;
  const langs = latest?.result.langs ?? [];
  return (
    <ChartFrame
      title={`Cross-lingual mAP (query × pool language)${latest ? ` at step ${latest.step}` : ''}`}
      name={`${name}-crossmap`}
      testId="crossmap-chart"
      legend={[
        { label: 'mAP 0', color: '#f7fbff' },
        { label: 'mAP 1', color: '#084594' },
      ]}
      footer={onCell && map ? <p className="muted small">Click a cell to inspect its queries against that pool.</p> : null}
    >
      {!map ? (
        <p className="muted">Needs an evaluation with the cross-lingual setting.</p>
      ) : (
        <Heatmap
          rows={langs}
          cols={langs}
          rowLabel="query"
          colLabel="pool"
          label="cross-lingual mAP per query and pool language"
          value={(q, p) => map[q]?.[p]}
          scale={(v) => v}
          format={(v) => v.toFixed(2)}
          onCell={onCell}
        />
      )}
    </ChartFrame>
  );
});
