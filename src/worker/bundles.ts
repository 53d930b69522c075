/**
 * A browser run as a run bundle (src/core/bundle): what the run list's "Bundle" and "Report" buttons download.
 * Built from the run record alone (config, every evaluation, lineage, backend) — the record holds what the tables
 * and charts need; events and the checkpoint stay in IndexedDB (a bundle without them is still complete: both
 * are optional in the format).
 */
import { buildManifest } from '../core/bundle/manifest';
import { captureEnvironment, APP } from '../core/bundle/environment';
import type { BundleStatus, RunBundle } from '../core/bundle/types';
import type { RunRecord, RunStatus } from './run-types';

const STATUS: Record<RunStatus, BundleStatus> = {
  done: 'finished', error: 'failed', running: 'running', preparing: 'running', paused: 'interrupted', stopped: 'interrupted', interrupted: 'interrupted',
};

/** `host`: what the page can tell about the machine (user agent, cores), passed in so this stays DOM-free. */
export function runRecordToBundle(rec: RunRecord, host: { userAgent?: string; cores?: number } = {}): RunBundle {
  const final = [...rec.metrics].reverse().find((m) => m.final);
  const status = STATUS[rec.status] === 'finished' && !final ? 'interrupted' : STATUS[rec.status];
  const machine: Record<string, string | number> = {};
  if (host.userAgent) machine.userAgent = host.userAgent;
  if (host.cores) machine.cores = host.cores;
  return {
    manifest: buildManifest({
      id: rec.id, name: rec.config.name, status, createdAt: new Date(rec.created), origin: { tool: 'browser', version: APP.version },
      files: { evaluations: rec.metrics.length ? 'evaluations.jsonl' : undefined },
      lineage: rec.lineage, environment: captureEnvironment(rec.backend || 'unknown', { machine }),
    }),
    experiment: rec.config as unknown as Record<string, unknown>,
    results: final ? ({ ...final.result, step: final.step, lineage: rec.lineage } as RunBundle['results']) : undefined,
    evaluations: rec.metrics.length ? rec.metrics.map((m) => ({ step: m.step, final: m.final, ...('querySet' in m ? { querySet: (m as { querySet?: never }).querySet } : {}), result: m.result })) : undefined,
  };
}
