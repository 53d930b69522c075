import { describe, expect, it } from 'vitest';
import { runRecordToBundle } from '../../../src/worker/runs/bundles';
import { readBundle, writeBundle, bundleZip, readBundleZip } from '../../../src/core/bundle/files';
import { buildReportHtml } from '../../../src/core/bundle/report-html';
import { evaluate } from '../../../src/core/eval/evaluate';
import { resolveConfig } from '../../../src/core/experiment/config';
import type { RunRecord } from '../../../src/worker/runs/run-types';
import { dataset, fixed } from '../../core/eval/toy';

async function record(status: RunRecord['status'], withFinal: boolean): Promise<RunRecord> {
  const result = await evaluate(dataset, fixed);
  return {
    id: 'run-1',
    config: resolveConfig({ name: 'browser run', alpha: 0.5 }),
    trainId: 'demo:train',
    evalId: 'demo:eval',
    status,
    lineage: ['shipped:demo-base'],
    backend: 'wasm',
    created: Date.UTC(2026, 11, 6),
    updated: Date.UTC(2026, 11, 6),
    step: 300,
    seconds: 80,
    metrics: [{ step: 100, final: false, result }, ...(withFinal ? [{ step: 300, final: true, result }] : [])],
    loss: [],
    composition: { batches: 0, mono: 0, pairs: {} },
  };
}

describe('runRecordToBundle (browser run → run bundle)', () => {
  it('a finished run becomes a valid bundle that round-trips through a zip, and reports its final numbers', async () => {
    const rec = await record('done', true);
    const b = runRecordToBundle(rec, { userAgent: 'UA', cores: 4 });
    expect(b.manifest).toMatchObject({
      id: 'run-1',
      name: 'browser run',
      status: 'finished',
      createdAt: '2026-12-06T00:00:00.000Z',
      origin: { tool: 'browser' },
      lineage: ['shipped:demo-base'],
      environment: { backend: 'wasm', machine: { userAgent: 'UA', cores: 4 } },
    });
    expect(readBundle(writeBundle(b), 'x')).toEqual(b);
    expect(await readBundleZip(bundleZip(b), 'x.zip')).toEqual(b);
    expect(b.evaluations).toHaveLength(2);
    expect(b.experiment.alpha).toBe(0.5);
    const html = buildReportHtml([b]);
    expect(html).toContain(`<td>${rec.metrics[1].result.settings.multilingual!.map.toFixed(4)}</td>`);
  });

  it('a run without a final evaluation is exported as interrupted, without results', async () => {
    const b = runRecordToBundle(await record('stopped', false));
    expect(b.manifest.status).toBe('interrupted');
    expect(b.results).toBeUndefined();
    expect(readBundle(writeBundle(b), 'x').manifest.status).toBe('interrupted');
  });
});
