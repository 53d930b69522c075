import { describe, expect, it } from 'vitest';
import { BundleError, buildManifest, validateManifest } from '../../../src/core/bundle/manifest';
import { bundleZip, readBundle, readBundleZip, writeBundle } from '../../../src/core/bundle/files';
import { captureEnvironment } from '../../../src/core/bundle/environment';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type FileMap, type RunBundle } from '../../../src/core/bundle/types';
import { writeZip } from '../../../src/core/util/zip';

const enc = new TextEncoder();
const results = {
  dataset: 'demo',
  retriever: 'dense',
  langs: ['en'],
  counts: { queries: 1, candidates: 2, queriesByLang: { en: 1 }, candidatesByLang: { en: 2 } },
  settings: { multilingual: { map: 0.5 } },
  tieBreak: 't',
  timing: { seconds: 1 },
};

function sample(): RunBundle {
  const manifest = buildManifest({
    id: 'r1',
    name: 'demo α=0.5',
    status: 'finished',
    origin: { tool: 'cli', version: '0.1.0' },
    files: { events: 'events.jsonl', evaluations: 'evaluations.jsonl', run: 'run.trec', checkpoint: 'checkpoint/' },
    createdAt: '2026-12-06T13:00:00.000Z',
    lineage: ['shipped:demo-base'],
    environment: captureEnvironment('wasm', { machine: { cores: 2 } }),
  });
  return {
    manifest,
    experiment: { name: 'demo', alpha: 0.5 },
    results: results as never,
    events: [{ type: 'step', step: 1, loss: 1, lr: 0.1, gradNorm: 1, ms: 3 }],
    evaluations: [
      { step: 1, final: true, querySet: { name: 'full', count: 1, fingerprint: 'abcd0123' }, result: results as never },
    ],
    run: 'en:q1 Q0 en/0/0 1 0.9 t\n',
    checkpoint: { 'config.json': enc.encode('{}'), 'model.safetensors': new Uint8Array([1, 2, 3]) },
  };
}

const withManifest = (files: FileMap, m: unknown): FileMap => ({ ...files, 'run.json': enc.encode(JSON.stringify(m)) });

describe('run bundle format', () => {
  it('builds a manifest with the format name and version, and round-trips a bundle through files and a zip', async () => {
    const b = sample();
    expect(b.manifest).toMatchObject({
      format: BUNDLE_FORMAT,
      version: BUNDLE_VERSION,
      files: { experiment: 'experiment.json', results: 'results.json' },
    });
    expect(b.manifest.environment!.versions['@tensorflow/tfjs']).toMatch(/^\d+\.\d+/);
    const files = writeBundle(b);
    expect(Object.keys(files).sort()).toEqual([
      'checkpoint/config.json',
      'checkpoint/model.safetensors',
      'evaluations.jsonl',
      'events.jsonl',
      'experiment.json',
      'results.json',
      'run.json',
      'run.trec',
    ]);
    expect(readBundle(files, 'x')).toEqual(b);
    expect(await readBundleZip(bundleZip(b), 'x.zip')).toEqual(b);
    // a zip of the run folder (one top-level folder) opens too
    const nested: FileMap = {};
    for (const [p, v] of Object.entries(files)) nested[`alpha-0.5/${p}`] = v;
    expect(await readBundleZip(writeZip(nested), 'nested.zip')).toEqual(b);
  });

  it('refuses an unknown format, a newer version, unknown fields, missing required files and broken JSON — clearly', () => {
    const files = writeBundle(sample());
    const m = JSON.parse(new TextDecoder().decode(files['run.json']));
    const bad = (mm: unknown) => () => readBundle(withManifest(files, mm), 'b.zip');
    expect(bad({ ...m, format: 'other' })).toThrow(/b\.zip: run\.json "format" is "other", not "hbw-run-bundle"/);
    expect(bad({ ...m, version: BUNDLE_VERSION + 1 })).toThrow(
      /is 2, newer than this workbench reads \(≤ 1\); update the workbench/,
    );
    expect(bad({ ...m, extra: 1 })).toThrow(/field "extra" is not part of version 1/);
    expect(bad({ ...m, status: 'done' })).toThrow(/"status" must be one of finished, interrupted, failed, running/);
    expect(bad({ ...m, files: { results: 'results.json' } })).toThrow(/"files\.experiment" is missing; it is required/);
    expect(bad({ ...m, files: { ...m.files, run: '../etc/passwd' } })).toThrow(/must be a relative path inside the bundle/);
    const noResults = { ...files };
    delete noResults['results.json'];
    expect(() => readBundle(noResults, 'b')).toThrow(/names results file "results\.json" but the bundle has no such file/);
    expect(readBundle(withManifest(noResults, { ...m, status: 'interrupted' }), 'b').results).toBeUndefined(); // an unfinished run may lack results
    expect(() => readBundle({ ...files, 'run.json': enc.encode('{"format": "hbw-run') }, 'b')).toThrow(
      /b: run\.json is not valid JSON .*re-export/,
    );
    expect(() => readBundle({ ...files, 'events.jsonl': enc.encode('{"type":"step"}\n{oops\n') }, 'b')).toThrow(
      /events\.jsonl line 2 is not valid JSON/,
    );
    expect(() => validateManifest([], 'w')).toThrow(BundleError);
  });

  it('opens a CLI run folder without run.json (before bundles) with an inferred manifest', () => {
    const files = writeBundle(sample());
    delete files['run.json'];
    const b = readBundle(files, 'old-run');
    expect(b.inferred).toBe(true);
    expect(b.manifest).toMatchObject({
      status: 'finished',
      origin: { tool: 'cli' },
      files: { events: 'events.jsonl', run: 'run.trec', checkpoint: 'checkpoint/' },
    });
    expect(() => readBundle({ 'notes.txt': enc.encode('x') }, 'junk')).toThrow(
      /junk: no run\.json and no experiment\.json \(found notes\.txt\)/,
    );
  });
});
