/**
 * A run bundle (src/core/bundle) as a browser run record: the inverse of runRecordToBundle (bundles.ts), so a run
 * exported from one browser, a CLI run folder or an `eval --bundle` evaluation opens in the run list, Compare,
 * the results table and — when the bundle carries a checkpoint — the Inspector and the Embedding map.
 *
 * Nothing is made up: what the bundle lacks stays empty (no events → no loss curve; no checkpoint → nothing to
 * inspect), and the record says where it came from (`imported`).
 */
import { DEFAULT_CONFIG, resolveConfig, type ExperimentConfig } from '../../core/experiment/config';
import type { BundleRankings, RunBundle, BundleStatus } from '../../core/bundle/types';
import type { RunEvent } from '../../core/train/events';
import { TRAINER_STATE_FILE } from '../../core/train/checkpoint';
import { addComposition } from './composition';
import { minMaxBuckets } from '../../core/series/downsample';
import { STORED_LOSS_POINTS } from './run-controller';
import type { CompositionTally, ImportOrigin, LossPoint, MetricPoint, RunRecord, RunStatus } from './run-types';
import { checkpointKey } from './runs-store';
import type { StoredCheckpoint } from '../store';

const STATUS: Record<BundleStatus, RunStatus> = {
  finished: 'done',
  failed: 'error',
  interrupted: 'interrupted',
  running: 'interrupted',
};

export interface ImportedRun {
  rec: RunRecord;
  /** The RunEvent stream minus eval events (those are the record's metrics), as the browser stores events. */
  events: RunEvent[];
  checkpoint?: StoredCheckpoint;
  /** rankings.json: per multilingual query its top k and every relevant item's rank (the Inspector without a model). */
  rankings?: BundleRankings;
}

/** demo → "demo:<split>"; a path is taken as a worker dataset id (as runs.ts datasetIdFor). */
const datasetId = (ref: ExperimentConfig['train']): string => (ref.source === 'demo' ? `demo:${ref.split}` : ref.path);

/** The training config when experiment.json is one; otherwise a stand-in (0 steps) and the original kept verbatim. */
function configOf(b: RunBundle): { config: ExperimentConfig; kind: ImportOrigin['kind']; verbatim?: Record<string, unknown> } {
  const exp = b.experiment;
  const name = b.manifest.name || (typeof exp.name === 'string' ? exp.name : b.manifest.id);
  if (exp.kind !== 'evaluation') {
    try {
      return { config: { ...resolveConfig(exp), name }, kind: 'run' };
    } catch {
      /* a config this version does not read: shown as a stand-in */
    }
  }
  const evalRef = typeof exp.dataset === 'string' ? { source: 'path' as const, path: exp.dataset } : DEFAULT_CONFIG.eval;
  return {
    config: {
      ...DEFAULT_CONFIG,
      name,
      eval: evalRef,
      baseCheckpoint: null,
      steps: 0,
      warmupSteps: 0,
      evalEvery: 0,
      checkpointEvery: 0,
    },
    kind: exp.kind === 'evaluation' ? 'evaluation' : 'run',
    verbatim: exp,
  };
}

function metricsOf(b: RunBundle, events: RunEvent[]): MetricPoint[] {
  // A bundle's query-set name is a plain string (the format does not restrict it); the record keeps it as written.
  const point = (m: {
    step: number;
    final: boolean;
    querySet?: { name: string; count: number; fingerprint: string };
    result: MetricPoint['result'];
  }): MetricPoint =>
    m.querySet
      ? { step: m.step, final: m.final, querySet: m.querySet as MetricPoint['querySet'], result: m.result }
      : { step: m.step, final: m.final, result: m.result };
  let metrics = b.evaluations?.map(point) ?? events.flatMap((e) => (e.type === 'eval' ? [point(e)] : []));
  if (b.results && !metrics.some((m) => m.final)) {
    const step = typeof b.results.step === 'number' ? b.results.step : Math.max(0, ...metrics.map((m) => m.step));
    const { step: _s, lineage: _l, ...result } = b.results as Record<string, unknown>;
    metrics = [...metrics, { step, final: true, result: result as unknown as MetricPoint['result'] }];
  }
  return metrics;
}

/** `file`: what the user picked or dropped (named in the run list); `at`: import time. */
export function bundleToRunRecord(b: RunBundle, file: string, at: number): ImportedRun {
  const m = b.manifest,
    all = b.events ?? [];
  const { config, kind, verbatim } = configOf(b);
  const start = all.find((e): e is Extract<RunEvent, { type: 'start' }> => e.type === 'start');
  const done = [...all].reverse().find((e): e is Extract<RunEvent, { type: 'done' }> => e.type === 'done');
  const error = [...all].reverse().find((e): e is Extract<RunEvent, { type: 'error' }> => e.type === 'error');
  const loss: LossPoint[] = [];
  const composition: CompositionTally = { batches: 0, mono: 0, pairs: {} };
  for (const e of all) {
    if (e.type === 'step') loss.push([e.step, e.loss]);
    else if (e.type === 'composition') addComposition(composition, e);
  }
  const metrics = metricsOf(b, all);
  const lastStep = loss.at(-1)?.[0];
  const step = done?.step ?? error?.step ?? lastStep ?? Math.max(0, ...metrics.map((x) => x.step));
  const created = Date.parse(m.createdAt) || (start ? Date.parse(start.time) : 0) || at;
  const id = m.id;
  const imported: ImportOrigin = { tool: m.origin.tool, version: m.origin.version, file, at, kind };
  if (m.origin.host) imported.host = m.origin.host;
  if (verbatim) imported.experiment = verbatim;
  if (m.environment) imported.environment = m.environment;
  if (m.status !== 'finished') imported.status = m.status;
  const rec: RunRecord = {
    id,
    config,
    trainId: datasetId(config.train),
    evalId: datasetId(config.eval),
    status: STATUS[m.status],
    lineage: m.lineage ?? start?.lineage ?? [],
    backend: m.environment?.backend ?? start?.backend ?? '',
    created,
    updated: at,
    step,
    seconds: done?.seconds ?? 0,
    metrics,
    loss: minMaxBuckets(loss, STORED_LOSS_POINTS),
    composition,
    imported,
  };
  if (error) rec.error = error.message;
  const out: ImportedRun = { rec, events: all.filter((e) => e.type !== 'eval') };
  if (b.rankings) out.rankings = b.rankings;
  if (b.checkpoint && Object.keys(b.checkpoint).length) {
    const files = b.checkpoint;
    let ckStep = step;
    try {
      const s = JSON.parse(new TextDecoder().decode(files[TRAINER_STATE_FILE])) as { step?: unknown };
      if (typeof s.step === 'number') ckStep = s.step;
    } catch {
      /* a model-only checkpoint (no trainer state): the run's last step */
    }
    const bytes = Object.values(files).reduce((n, f) => n + f.byteLength, 0);
    out.checkpoint = { runId: id, step: ckStep, savedAt: at, bytes, files, composition: structuredClone(composition) };
    rec.checkpoint = { key: checkpointKey(id), step: ckStep, bytes, savedAt: at };
  }
  return out;
}
