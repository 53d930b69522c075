/**
 * The run-update contract on the UI side. A run reaches the page two ways: records (answers to startRun,
 * resumeRun, listRuns…) and deltas (`{kind: 'run'}` broadcasts). Both carry the run's counters (RunRecord.seq:
 * events folded, RunRecord.rev: deltas sent), so whichever arrives first, each event is folded exactly once and
 * an older snapshot never replaces a newer one. Deltas for a run the page has no record of yet are held
 * (EarlyDeltas) and folded once its record arrives — never dropped because of message order.
 */
import { appendCapped } from '../../core/series/downsample';
import type { RunEvent } from '../../core/train/events';
import type { EvalProgressInfo, RunDelta, RunRecord } from '../../worker/runs/run-types';

export interface RunView extends RunRecord {
  evalProgress?: EvalProgressInfo | null;
  /** Recent non-step events, newest last. */
  log: RunEvent[];
  storageWarning?: string;
}

const LOG_MAX = 50;
/** Live loss arrays are re-bucketed past this size, so a 100k-step run stays cheap to hold and draw. */
const LIVE_LOSS_MAX = 20_000;

/** A record as the page shows it; the view kept instead when it is newer (deltas folded after the record was read). */
export function viewOf(r: RunRecord, prev?: RunView): RunView {
  if (prev && (prev.rev ?? 0) > (r.rev ?? 0)) return prev;
  return { ...r, log: prev?.log ?? [], evalProgress: undefined };
}

/** `prev` with the delta folded in: only its events the view does not hold yet; `prev` itself when it is older news. */
export function foldDelta(prev: RunView, d: RunDelta): RunView {
  if (d.rev <= (prev.rev ?? 0)) return prev; // the view's record was read after this delta was sent: it holds it
  // A session begins: its record replaces the view (a resume rolls the history back to its checkpoint).
  if (d.snapshot) return { ...viewOf(d.snapshot), log: prev.log, rev: d.rev };
  const unseen = Math.max(0, d.seq - (prev.seq ?? 0));
  const events = unseen >= d.events.length ? d.events : d.events.slice(d.events.length - unseen);
  let metrics = prev.metrics,
    log = prev.log;
  const newLoss: Array<[number, number]> = [];
  for (const ev of events) {
    if (ev.type === 'step') newLoss.push([ev.step, ev.loss]);
    else {
      if (ev.type === 'eval')
        metrics = [...metrics, { step: ev.step, final: ev.final, querySet: ev.querySet, result: ev.result }];
      log = [...log, ev].slice(-LOG_MAX);
    }
  }
  return {
    ...prev,
    seq: d.seq,
    rev: d.rev,
    status: d.status,
    step: d.step,
    seconds: d.seconds,
    composition: d.composition,
    metrics,
    log,
    loss: newLoss.length ? appendCapped(prev.loss, newLoss, LIVE_LOSS_MAX) : prev.loss,
    ...(d.checkpoint ? { checkpoint: d.checkpoint } : {}),
    ...(d.embedding ? { embedding: d.embedding } : {}),
    ...(d.evalProgress !== undefined ? { evalProgress: d.evalProgress } : {}),
    ...(d.error ? { error: d.error } : {}),
    ...(d.storageWarning ? { storageWarning: d.storageWarning } : {}),
  };
}

/** Deltas of runs the page has not listed yet (a queue started them, or their record is still on its way). */
export class EarlyDeltas {
  private held = new Map<string, { deltas: RunDelta[]; last: number }>();

  hold(d: RunDelta, now: number): void {
    const h = this.held.get(d.runId) ?? { deltas: [], last: now };
    h.deltas.push(d);
    h.last = now;
    this.held.set(d.runId, h);
  }

  /** The held deltas of a run, in arrival order, forgotten here. */
  take(runId: string): RunDelta[] {
    const h = this.held.get(runId);
    this.held.delete(runId);
    return h?.deltas ?? [];
  }

  get runIds(): string[] {
    return [...this.held.keys()];
  }

  /**
   * After a listing asked for at `askedAt` that did not name these runs: those whose every delta came before
   * the question are gone from the worker (deleted) and forgotten; true when some are still waiting.
   */
  forgetUnlisted(listed: (id: string) => boolean, askedAt: number): boolean {
    for (const [id, h] of this.held) if (!listed(id) && h.last < askedAt) this.held.delete(id);
    return [...this.held.keys()].some((id) => !listed(id));
  }
}
