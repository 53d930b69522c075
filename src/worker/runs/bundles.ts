/**
 * A browser run as a run bundle (src/core/bundle): what the run list's "Bundle" and "Report" buttons download.
 * Built from the run record (config, every evaluation, lineage, backend) plus, when given, the run's stored events
 * (the loss curve, the batch composition) and its checkpoint (so the Inspector and the Embedding map work
 * after an import). A run that was itself imported keeps its origin, environment and experiment.json verbatim.
 * The inverse is bundle-record.ts.
 */
import { buildManifest } from '../../core/bundle/manifest';
import { captureEnvironment, APP } from '../../core/bundle/environment';
import type { BundleRankings, BundleStatus, BundleTool, FileMap, RunBundle } from '../../core/bundle/types';
import type { RunEvent } from '../../core/train/events';
import type { RunRecord, RunStatus } from './run-types';

const STATUS: Record<RunStatus, BundleStatus> = {
  done: 'finished',
  error: 'failed',
  running: 'running',
  preparing: 'running',
  paused: 'interrupted',
  stopped: 'interrupted',
  interrupted: 'interrupted',
};

/** What the worker holds besides the record: events (without eval events: those are the metrics) and checkpoint files. */
export interface BundleExtras {
  events?: RunEvent[];
  checkpoint?: FileMap;
  rankings?: BundleRankings;
}

/** The stored events with the record's evaluations put back in step order (after that step's other events, before done). */
function withEvals(rec: RunRecord, events: RunEvent[]): RunEvent[] {
  const out: RunEvent[] = [];
  const evals = rec.metrics.map(
    (m): RunEvent => ({
      type: 'eval',
      step: m.step,
      final: m.final,
      ...(m.querySet ? { querySet: m.querySet } : {}),
      result: m.result,
    }),
  );
  let k = 0;
  for (const e of events) {
    const s = 'step' in e ? e.step : 0;
    while (
      k < evals.length &&
      ((evals[k] as { step: number }).step < s || (e.type === 'done' && (evals[k] as { step: number }).step <= s))
    )
      out.push(evals[k++]);
    out.push(e);
  }
  return [...out, ...evals.slice(k)];
}

/** `host`: what the page can tell about the machine (user agent, cores), passed in so this stays DOM-free. */
export function runRecordToBundle(
  rec: RunRecord,
  host: { userAgent?: string; cores?: number } = {},
  extras: BundleExtras = {},
): RunBundle {
  const final = [...rec.metrics].reverse().find((m) => m.final);
  const imp = rec.imported;
  const mapped = STATUS[rec.status] === 'finished' && !final ? 'interrupted' : STATUS[rec.status];
  const status = (imp?.status as BundleStatus | undefined) ?? mapped;
  const machine: Record<string, string | number> = {};
  if (host.userAgent) machine.userAgent = host.userAgent;
  if (host.cores) machine.cores = host.cores;
  const events = extras.events?.length ? withEvals(rec, extras.events) : undefined;
  const checkpoint = extras.checkpoint && Object.keys(extras.checkpoint).length ? extras.checkpoint : undefined;
  return {
    manifest: buildManifest({
      id: rec.id,
      name: rec.config.name,
      status,
      createdAt: new Date(rec.created),
      origin: imp
        ? { tool: imp.tool as BundleTool, version: imp.version, ...(imp.host ? { host: imp.host } : {}) }
        : { tool: 'browser', version: APP.version },
      files: {
        evaluations: rec.metrics.length ? 'evaluations.jsonl' : undefined,
        events: events ? 'events.jsonl' : undefined,
        checkpoint: checkpoint ? 'checkpoint/' : undefined,
        rankings: extras.rankings ? 'rankings.json' : undefined,
      },
      lineage: rec.lineage,
      environment: imp?.environment ?? captureEnvironment(rec.backend || 'unknown', { machine }),
    }),
    experiment: imp?.experiment ?? (rec.config as unknown as Record<string, unknown>),
    results: final ? ({ ...final.result, step: final.step, lineage: rec.lineage } as RunBundle['results']) : undefined,
    evaluations: rec.metrics.length
      ? rec.metrics.map((m) => ({
          step: m.step,
          final: m.final,
          ...(m.querySet ? { querySet: m.querySet } : {}),
          result: m.result,
        }))
      : undefined,
    ...(events ? { events } : {}),
    ...(checkpoint ? { checkpoint } : {}),
    ...(extras.rankings ? { rankings: extras.rankings } : {}),
  };
}
