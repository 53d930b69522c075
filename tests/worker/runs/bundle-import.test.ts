/**
 * Runs into the browser from bundles (src/worker/runs/bundle-record.ts, run-import.ts) with fake-indexeddb: a browser
 * run exported and imported again is the same record; a selection zip imports every run; a duplicate, a newer
 * version or a broken bundle changes nothing; a TREC run file becomes a run (run-file-eval.ts).
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { readBundle, readBundleZip, writeBundle } from '../../../src/core/bundle/files';
import { buildManifest } from '../../../src/core/bundle/manifest';
import { BUNDLE_VERSION, type BundleRankings, type FileMap, type RunBundle } from '../../../src/core/bundle/types';
import { evaluate } from '../../../src/core/eval/evaluate';
import { resolveConfig } from '../../../src/core/experiment/config';
import type { RunEvent } from '../../../src/core/train/events';
import { writeZip } from '../../../src/core/util/zip';
import { bundleToRunRecord } from '../../../src/worker/runs/bundle-record';
import { runRecordToBundle } from '../../../src/worker/runs/bundles';
import { bundleRoots, exportRuns, importRuns } from '../../../src/worker/runs/run-import';
import type { RunRecord } from '../../../src/worker/runs/run-types';
import {
  deleteRun,
  getRun,
  listRuns,
  loadCheckpoint,
  loadRankings,
  persistRun,
  runEvents,
  saveCheckpoint,
} from '../../../src/worker/runs/runs-store';
import { inspectFromRankings } from '../../../src/worker/views/inspect-rankings';
import { dataset, fixed } from '../../core/eval/toy';

const enc = new TextEncoder();

async function browserRun(id = 'run-abc'): Promise<{ rec: RunRecord; events: RunEvent[]; ckpt: FileMap }> {
  const result = await evaluate(dataset, fixed);
  const config = resolveConfig({ name: `browser ${id}`, alpha: 0.5, steps: 4 });
  const events: RunEvent[] = [
    {
      type: 'start',
      runId: id,
      config,
      backend: 'wasm',
      startStep: 0,
      lineage: ['shipped:demo-base'],
      trainPairs: 10,
      langs: ['de', 'en'],
      time: '2026-12-06T00:00:00.000Z',
    },
    ...[1, 2, 3, 4].flatMap((s): RunEvent[] => [
      { type: 'composition', step: s, kind: s % 2 ? 'mono' : 'cross', lang: 'de', size: 4, pairs: { 'de>de': 2, 'de>en': 2 } },
      { type: 'step', step: s, loss: 2 - s / 4, lr: 1e-4, gradNorm: 1, ms: 10 },
    ]),
    { type: 'checkpoint', step: 4, path: 'idb', ms: 5 },
    { type: 'done', step: 4, seconds: 12.5 },
  ];
  const querySet = { name: 'subset' as const, count: 4, fingerprint: '0a0b0c0d' };
  const rec: RunRecord = {
    id,
    config,
    trainId: 'demo:train',
    evalId: 'demo:eval',
    status: 'done',
    lineage: ['shipped:demo-base'],
    backend: 'wasm',
    created: Date.UTC(2026, 11, 6),
    updated: Date.UTC(2026, 11, 6),
    step: 4,
    seconds: 12.5,
    metrics: [
      { step: 0, final: false, querySet, result },
      { step: 4, final: false, querySet, result },
      { step: 4, final: true, querySet: { ...querySet, name: 'full' }, result },
    ],
    loss: [
      [1, 1.75],
      [2, 1.5],
      [3, 1.25],
      [4, 1],
    ],
    composition: { batches: 4, mono: 2, pairs: { 'de>de': 8, 'de>en': 8 } },
  };
  const ckpt: FileMap = {
    'config.json': enc.encode('{}'),
    'trainer_state.json': enc.encode(JSON.stringify({ step: 4 })),
    'model.safetensors': new Uint8Array([1, 2, 3]),
  };
  return { rec, events: events.filter((e) => e.type !== 'composition'), ckpt };
}

/** A record as the browser stores it; `imported` and `updated` are what an import adds. */
const comparable = (r: RunRecord) => {
  const { imported: _i, updated: _u, checkpoint, ...rest } = r;
  return { ...rest, checkpointStep: checkpoint?.step };
};

describe('bundle → run record', () => {
  it('a browser run exported with its events and checkpoint comes back as the same record (every evaluation, query sets, loss)', async () => {
    const { rec, events, ckpt } = await browserRun();
    const all = [
      ...events.slice(0, 1),
      { type: 'composition', step: 1, kind: 'mono', lang: 'de', size: 4, pairs: { 'de>de': 2, 'de>en': 2 } } as RunEvent,
      ...events.slice(1),
    ];
    const b = readBundle(
      writeBundle(
        runRecordToBundle(
          { ...rec, checkpoint: { key: 'k', step: 4, bytes: 3, savedAt: 1 } },
          {},
          { events: all, checkpoint: ckpt },
        ),
      ),
      'run.zip',
    );
    // eval events are put back into the stream in step order: step-0 eval after start, the step-4 ones before done
    expect(b.events!.map((e) => e.type)).toEqual([
      'start',
      'eval',
      'composition',
      'step',
      'step',
      'step',
      'step',
      'checkpoint',
      'eval',
      'eval',
      'done',
    ]);
    const back = bundleToRunRecord(b, 'run.zip', 99);
    expect(comparable(back.rec)).toEqual({
      ...comparable(rec),
      composition: { batches: 1, mono: 1, pairs: { 'de>de': 2, 'de>en': 2 } },
      checkpointStep: 4,
    });
    expect(back.rec.imported).toMatchObject({ tool: 'browser', file: 'run.zip', at: 99, kind: 'run' });
    expect(back.rec.imported!.experiment).toBeUndefined();
    expect(back.events.filter((e) => e.type === 'eval')).toEqual([]);
    expect(back.checkpoint).toMatchObject({
      runId: rec.id,
      step: 4,
      bytes: ckpt['config.json'].byteLength + ckpt['trainer_state.json'].byteLength + 3,
    });
    // and exported again it is the same bundle (origin and environment kept, not re-stamped as this browser's)
    expect(
      runRecordToBundle(back.rec, { userAgent: 'other' }, { events: back.events, checkpoint: back.checkpoint!.files }),
    ).toEqual(b);
  });

  it('a bundle without evaluations.jsonl takes its metrics from eval events, and results.json as the final one', async () => {
    const { rec } = await browserRun();
    const b = runRecordToBundle(rec);
    delete b.evaluations;
    delete b.manifest.files.evaluations;
    const back = bundleToRunRecord(readBundle(writeBundle(b), 'x'), 'x', 1).rec;
    expect(back.metrics).toEqual([{ step: 4, final: true, result: rec.metrics[2].result }]);
    expect(back.loss).toEqual([]); // no events: no loss curve is made up
  });

  it('an evaluation bundle (eval --bundle) gets a 0-step stand-in config and keeps experiment.json verbatim', async () => {
    const result = await evaluate(dataset, fixed);
    const files: FileMap = {
      'run.json': enc.encode(
        JSON.stringify({
          format: 'hbw-run-bundle',
          version: 1,
          id: 'ev-1',
          name: 'bm25 run',
          createdAt: '2026-12-06T10:00:00Z',
          status: 'finished',
          origin: { tool: 'trec-import', version: '0.1.0', host: 'box' },
          files: { experiment: 'experiment.json', results: 'results.json' },
        }),
      ),
      'experiment.json': enc.encode(JSON.stringify({ kind: 'evaluation', argv: ['eval', '--from-run', 'x.trec'] })),
      'results.json': enc.encode(JSON.stringify(result)),
    };
    const { rec } = bundleToRunRecord(readBundle(files, 'ev'), 'ev', 5);
    expect(rec.config.steps).toBe(0);
    expect(rec.config.name).toBe('bm25 run');
    expect(rec.imported).toMatchObject({
      kind: 'evaluation',
      tool: 'trec-import',
      host: 'box',
      experiment: { kind: 'evaluation' },
    });
    expect(rec.metrics).toEqual([{ step: 0, final: true, result }]);
    expect(runRecordToBundle(rec).experiment).toEqual({ kind: 'evaluation', argv: ['eval', '--from-run', 'x.trec'] });
  });
});

describe('bundleRoots', () => {
  it('finds one bundle per run folder, not inside another, and the root of a plain bundle', () => {
    const f = (ps: string[]): FileMap => Object.fromEntries(ps.map((p) => [p, new Uint8Array()]));
    expect(bundleRoots(f(['run.json', 'experiment.json', 'checkpoint/config.json']))).toEqual(['']);
    expect(
      bundleRoots(
        f([
          'sweep/summary.json',
          'sweep/alpha-0/run.json',
          'sweep/alpha-0/experiment.json',
          'sweep/alpha-1/experiment.json',
          'sweep/alpha-1/checkpoint/config.json',
        ]),
      ),
    ).toEqual(['sweep/alpha-0', 'sweep/alpha-1']);
    expect(bundleRoots(f(['README.md']))).toEqual([]);
  });
});

describe('importRuns / exportRuns (IndexedDB)', () => {
  beforeEach(async () => {
    for (const r of await listRuns()) await deleteRun(r.id);
  });

  const store = async (id: string) => {
    const { rec, events, ckpt } = await browserRun(id);
    await persistRun(rec, events);
    await saveCheckpoint(
      { ...rec, checkpoint: { key: `idb:checkpoints/${id}`, step: 4, bytes: 9, savedAt: 1 } },
      { runId: id, step: 4, savedAt: 1, bytes: 9, files: ckpt },
    );
    return (await getRun(id))!;
  };

  it('export → delete → import gives the run back with its events and checkpoint; importing again changes nothing', async () => {
    const rec = await store('run-1');
    const events = await runEvents('run-1');
    const zip = await exportRuns(['run-1']);
    await deleteRun('run-1');
    const r = await importRuns([{ name: 'run-1.zip', files: [{ path: 'run-1.zip', bytes: zip }] }], 77);
    expect(r.skipped).toEqual([]);
    expect(r.imported.map((x) => x.id)).toEqual(['run-1']);
    const back = (await getRun('run-1'))!;
    expect(comparable(back)).toEqual({ ...comparable(rec), composition: { batches: 0, mono: 0, pairs: {} } });
    expect(back.imported).toMatchObject({ tool: 'browser', file: 'run-1.zip', at: 77 });
    expect(await runEvents('run-1')).toEqual(events);
    expect((await loadCheckpoint('run-1'))!.files['model.safetensors']).toEqual(new Uint8Array([1, 2, 3]));

    const again = await importRuns([{ name: 'run-1.zip', files: [{ path: 'run-1.zip', bytes: zip }] }], 78);
    expect(again.imported).toEqual([]);
    expect(again.skipped).toEqual([
      'run-1.zip: run "browser run-1" (id run-1) is already in the run list (imported from run-1.zip); nothing of it was imported — delete that run first to import it again',
    ]);
    expect((await getRun('run-1'))!.imported!.at).toBe(77);
    expect(await listRuns()).toHaveLength(1);
  });

  it('a selection zip holds one bundle folder per run and imports all of them', async () => {
    await store('run-a');
    await store('run-b');
    const zip = await exportRuns(['run-a', 'run-b']);
    await deleteRun('run-a');
    await deleteRun('run-b');
    const r = await importRuns([{ name: 'compare.zip', files: [{ path: 'compare.zip', bytes: zip }] }]);
    expect(r.imported.map((x) => x.id).sort()).toEqual(['run-a', 'run-b']);
    expect((await listRuns()).map((x) => x.imported?.file).sort()).toEqual([
      'compare.zip: browser_run-a-run-a',
      'compare.zip: browser_run-b-run-b',
    ]);
  });

  it('an evaluation bundle with rankings.json keeps its rankings (stored, exported again) and the Inspector shows them without a model', async () => {
    const result = await evaluate(dataset, fixed);
    const rankings: BundleRankings = {
      setting: 'multilingual',
      k: 2,
      queries: [
        {
          qid: 'de:q1',
          top: [
            ['de/0/0', 0.9],
            ['en/0/1', 0.8],
          ],
          relevant: [
            ['de/0/0', 1, 0.9],
            ['en/0/0', 3, 0.2],
          ],
        },
      ],
    };
    const b: RunBundle = {
      manifest: buildManifest({
        id: 'ev-r',
        name: 'ranked',
        status: 'finished',
        origin: { tool: 'trec-import', version: '0.1.0' },
        files: { rankings: 'rankings.json' },
      }),
      experiment: { kind: 'evaluation', argv: [] },
      results: result as RunBundle['results'],
      rankings,
    };
    await importRuns([{ name: 'ev.zip', files: [{ path: 'ev.zip', bytes: writeZip(writeBundle(b)) }] }]);
    expect(await loadRankings('ev-r')).toEqual(rankings);
    const again = await readBundleZip(await exportRuns(['ev-r']), 'again.zip');
    expect(again.rankings).toEqual(rankings);
    const view = inspectFromRankings(rankings, dataset, { xlingId: 'q1', lang: 'de' }, 'multi', {
      id: 'ev-r',
      name: 'ranked',
      step: 0,
    });
    expect(view.ranked.map((c) => [c.rank, c.uid, c.relevant])).toEqual([
      [1, 'de/0/0', true],
      [2, 'en/0/1', false],
    ]);
    expect(view.translations.map((c) => [c.uid, c.rank])).toEqual([
      ['de/0/0', 1],
      ['en/0/0', 3],
    ]);
    expect(() =>
      inspectFromRankings(rankings, dataset, { xlingId: 'q1', lang: 'de' }, 'en', { id: 'ev-r', name: 'ranked', step: 0 }),
    ).toThrow('pick the pool "all languages (multilingual)"');
    await deleteRun('ev-r');
    expect(await loadRankings('ev-r')).toBeUndefined();
  });

  it('a newer version or a broken file in any bundle refuses the whole import, naming the file and field, and stores nothing', async () => {
    const { rec } = await browserRun('run-new');
    const good = writeBundle(runRecordToBundle(rec));
    const newer = {
      ...good,
      'run.json': enc.encode(
        new TextDecoder().decode(good['run.json']).replace(`"version": ${BUNDLE_VERSION}`, `"version": ${BUNDLE_VERSION + 1}`),
      ),
    };
    const folder = (name: string, files: FileMap) => ({
      name,
      files: Object.entries(files).map(([p, bytes]) => ({ path: `${name}/${p}`, bytes })),
    });
    const okOther = writeBundle(runRecordToBundle({ ...rec, id: 'run-other' }));
    await expect(importRuns([folder('other', okOther), folder('newer', newer)])).rejects.toThrow(
      `newer: run.json "version" is ${BUNDLE_VERSION + 1}, newer than this workbench reads (≤ ${BUNDLE_VERSION}); update the workbench to open it`,
    );
    const broken = { ...good, 'results.json': good['results.json'].slice(0, 20) };
    await expect(importRuns([{ name: 'b.zip', files: [{ path: 'b.zip', bytes: writeZip(broken) }] }])).rejects.toThrow(
      /^b\.zip: results\.json is not valid JSON/,
    );
    await expect(importRuns([{ name: 'x.zip', files: [{ path: 'x.zip', bytes: enc.encode('not a zip') }] }])).rejects.toThrow(
      /^x\.zip: not a readable zip/,
    );
    expect(await listRuns()).toEqual([]);
  });
});
