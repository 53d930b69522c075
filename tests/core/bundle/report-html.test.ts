import { describe, expect, it } from 'vitest';
import { buildReportHtml } from '../../../src/core/bundle/report-html';
import { buildManifest } from '../../../src/core/bundle/manifest';
import { evaluate } from '../../../src/core/eval/evaluate';
import { METRIC_NAMES } from '../../../src/core/eval/types';
import type { RunBundle } from '../../../src/core/bundle/types';
import { dataset, fixed } from '../eval/toy';

const EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&';

async function run(name: string, alpha: number): Promise<RunBundle> {
  const results = await evaluate(dataset, fixed);
  return {
    manifest: buildManifest({
      id: `id-${name}`,
      name,
      status: 'finished',
      origin: { tool: 'browser', version: '0.1.0', host: EVIL },
      lineage: ['shipped:demo-base', EVIL],
      environment: { backend: 'wasm', versions: { x: EVIL }, machine: { cpu: EVIL } },
    }),
    experiment: { name, alpha, note: `</pre>${EVIL}` },
    results: results as never,
    evaluations: [
      { step: 0, final: false, querySet: { name: 'subset', count: 2, fingerprint: 'aaaa' }, result: results },
      { step: 100, final: false, querySet: { name: 'subset', count: 2, fingerprint: 'aaaa' }, result: results },
      { step: 100, final: true, querySet: { name: 'full', count: 4, fingerprint: 'bbbb' }, result: results },
    ],
  };
}

describe('buildReportHtml', () => {
  it('is one self-contained page: no script, nothing external, a CSP that loads nothing', async () => {
    const html = buildReportHtml([await run('a', 0), await run('b', 1)], { generatedAt: '2026-12-06T00:00:00Z' });
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/<script|<link|<iframe|<img|@import|url\(/i);
    expect(html.match(/https?:\/\/[^"' )]+/g)!.every((u) => u === 'http://www.w3.org/2000/svg')).toBe(true);
  });

  it('escapes every string from the bundle (names, config, lineage, environment)', async () => {
    const html = buildReportHtml([await run(EVIL, 0.5)]);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('onerror=alert(2)>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#39;&amp;');
    expect(html).toContain('&lt;/pre&gt;');
  });

  it('shows every number of the results table, the heatmap, bias and curves that never join query sets', async () => {
    const b = await run('demo', 0.5);
    const html = buildReportHtml([b]);
    for (const s of ['monolingual', 'crosslingual', 'multilingual'] as const)
      for (const m of METRIC_NAMES) expect(html).toContain(`<td>${b.results!.settings[s]![m].toFixed(4)}</td>`);
    expect(html).toContain('Cross-lingual mAP');
    expect(html).toContain(`<b>${b.results!.languageBias!.meanMaxRankDistance.toFixed(1)}</b>`);
    // the subset series (steps 0 and 100) is a polyline; the full evaluation is its own series (a single point)
    expect(html).toContain('multi (subset, 2 queries, aaaa)');
    expect(html).toContain('multi (full, 4 queries, bbbb)');
    expect(html.match(/<polyline/g)!.length).toBe(3); // mono, cross, multi on the subset; none through the full point
  });
});
