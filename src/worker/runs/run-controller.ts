/**
 * One training run in the worker: iterates runTraining, keeps the run record current, streams RunDeltas
 * (≤ 20 per second; eval/checkpoint/done/error flush at once) and persists to IndexedDB (every few
 * seconds, and at once on eval/checkpoint/done/error). Pause and stop abort the runner's signal: it finishes the current
 * step, saves a checkpoint and returns, so a paused run resumes exactly where it stopped.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../core/data/types';
import type { Encoder } from '../../core/model/encoder';
import { checkpointFiles } from '../../core/train/checkpoint';
import type { RunEvent } from '../../core/train/events';
import { runTraining, type TrainerState } from '../../core/train/runner';
import { minMaxBuckets } from '../../core/series/downsample';
import type { LossPoint, RunDelta, RunRecord, RunStatus } from './run-types';
import { addComposition } from './composition';
import { checkpointKey, persistRun, saveCheckpoint, StorageError, storageMessage } from './runs-store';
import { embedSample, MAP_PER_LANG, mapSample, type MapSample } from '../views/inspect';
import { deleteMaps, saveMap, type SavedMap } from '../views/map-store';
import { yieldToMessages } from '../yield';

const FLUSH_MS = 50;
/** Step-only progress is persisted this often; eval, checkpoint, done and error are persisted at once. */
const PERSIST_MS = 5000;
/** Stored loss history size (min/max buckets keep spikes visible). */
export const STORED_LOSS_POINTS = 2000;

export type Sink = (delta: RunDelta) => void;

function memory(): RunDelta['memory'] {
  const m = tf.memory();
  return { numTensors: m.numTensors, numBytes: m.numBytes };
}

/** How far RunRecord.rev jumps when a session (start or resume) begins. */
export const REV_SESSION_STEP = 1 << 20;

export class RunController {
  /** Full-resolution loss of this session (the record stores a downsampled copy). */
  private loss: LossPoint[];
  private abort?: AbortController;
  private stopReason?: 'pause' | 'stop';
  private outbox: RunEvent[] = [];
  private unsaved: RunEvent[] = [];
  private extra: Partial<RunDelta> = {};
  private lastFlush = 0;
  private lastPersist = 0;
  private trailing?: ReturnType<typeof setTimeout>;
  /** Trainer state of the last checkpoint; equals the encoder's weights once a loop has ended. */
  private lastState?: TrainerState;
  loop?: Promise<void>;
  /** The Embedding map's sample of the eval set, and the map saved last (the final step evaluates two sets). */
  private sample?: MapSample;
  private savedMap?: SavedMap;
  /** Set once storage ran out and the maps gave their space back: no more maps for this run. */
  private mapsDropped = false;

  constructor(
    readonly rec: RunRecord,
    readonly encoder: Encoder,
    private train: Dataset,
    private evalDs: Dataset,
    private sink: Sink,
    resumeState?: TrainerState,
  ) {
    this.loss = rec.loss.slice();
    this.lastState = resumeState;
    // A new session numbers its deltas above any the last one sent after its final persist (the closing status,
    // an error: a few at most), so the UI never takes this session's record or deltas for older ones.
    rec.rev = (rec.rev ?? 0) + REV_SESSION_STEP;
  }

  /** Cleared just before the final status goes out, so the UI may start the next run as soon as it sees it. */
  private active = false;
  get running(): boolean {
    return this.active;
  }

  /** Trainer state matching the encoder now, or undefined when only the stored checkpoint can resume. */
  get resumeState(): TrainerState | undefined {
    return this.lastState && this.lastState.step === this.rec.step ? this.lastState : undefined;
  }

  start(resume?: TrainerState, stopAtStep?: number): void {
    if (this.active) throw new Error('this run is already training');
    this.active = true;
    // The session's starting record first (a resume may have rolled metrics back past what the UI holds).
    this.extra.snapshot = this.stored();
    this.flush(true);
    this.loop = this.drive(resume, stopAtStep)
      .catch((e: unknown) => {
        this.rec.status = 'error';
        this.rec.error = this.extra.error = `training failed at step ${this.rec.step}: ${(e as Error)?.message ?? String(e)}`;
        this.active = false;
        this.flush(true);
      })
      .finally(() => {
        this.loop = undefined;
      });
  }

  requestStop(reason: 'pause' | 'stop'): void {
    this.stopReason = reason;
    this.abort?.abort();
  }

  private async drive(resume: TrainerState | undefined, stopAtStep: number | undefined): Promise<void> {
    const rec = this.rec;
    this.abort = new AbortController();
    this.stopReason = undefined;
    this.setStatus('running');
    const t0 = performance.now(),
      before = rec.seconds;
    let final: RunStatus | undefined;
    const events = runTraining({
      perQueryFull: true,
      config: rec.config,
      train: this.train,
      eval: this.evalDs,
      encoder: this.encoder,
      runId: rec.id,
      backend: tf.getBackend(),
      lineage: rec.lineage,
      resume,
      stopAtStep,
      signal: this.abort.signal,
      saveCheckpoint: (state, enc) => this.saveCheckpoint(state, enc),
      onEvalProgress: (done, total) => {
        this.extra.evalProgress = { done, total };
        this.flush(false);
      },
    });
    for await (const ev of events) {
      rec.seconds = before + (performance.now() - t0) / 1000;
      let urgent = true;
      switch (ev.type) {
        case 'composition':
          addComposition(rec.composition, ev);
          // Not sent (the delta carries the tally) but stored: an exported bundle's events rebuild the tally from them.
          this.unsaved.push(ev);
          continue;
        case 'step':
          rec.step = ev.step;
          this.loss.push([ev.step, ev.loss]);
          urgent = false;
          break;
        case 'start':
          rec.backend = ev.backend;
          rec.lineage = ev.lineage;
          break;
        case 'eval':
          rec.metrics.push({ step: ev.step, final: ev.final, querySet: ev.querySet, result: ev.result });
          this.extra.evalProgress = null;
          break;
        case 'checkpoint':
          break;
        case 'done':
          final = 'done';
          break;
        case 'error':
          final = 'error';
          rec.error = this.extra.error = ev.message;
          break;
      }
      // Folded into the record: numbered for the UI (RunRecord.seq) in the same turn, before any await — a record read
      // meanwhile (listRuns) must never hold an event its seq does not count, or the UI would fold it twice.
      rec.seq = (rec.seq ?? 0) + 1;
      this.outbox.push(ev);
      this.unsaved.push(ev);
      this.flush(urgent);
      // Probe evaluations are too frequent to keep a map for; subset and full ones are what the map offers. The
      // runner is suspended at this event, so the map is embedded with this evaluation's weights.
      if (ev.type === 'eval' && (ev.querySet?.name === 'subset' || ev.querySet?.name === 'full'))
        await this.saveMap(ev.step, ev.querySet.name);
      if (urgent || performance.now() - this.lastPersist > PERSIST_MS) await this.persist();
      await yieldToMessages();
    }
    this.abort = undefined;
    rec.status = final ?? (this.stopReason === 'stop' ? 'stopped' : 'paused');
    await this.persist();
    this.active = false;
    this.flush(true);
  }

  private async saveCheckpoint(state: TrainerState, encoder: Encoder): Promise<string> {
    const t0 = performance.now();
    const files = await checkpointFiles(state, encoder);
    const bytes = Object.values(files).reduce((s, f) => s + f.byteLength, 0);
    const info = { key: checkpointKey(this.rec.id), step: state.step, bytes, savedAt: Date.now() };
    const snapshot = { ...this.stored(), step: state.step, checkpoint: info };
    const composition = structuredClone(this.rec.composition);
    // Throws a StorageError (clear message, earlier checkpoint intact); the runner turns it into an error event.
    const write = () =>
      saveCheckpoint(snapshot, { runId: this.rec.id, step: state.step, savedAt: info.savedAt, bytes, files, composition });
    await this.withMapsAsSpare(write);
    Object.assign(info, { ms: performance.now() - t0 });
    this.rec.checkpoint = this.extra.checkpoint = info;
    this.lastState = state;
    return info.key;
  }

  /**
   * The map's sample embedded with the weights of this evaluation (the runner is suspended at its eval event, so
   * nothing trains meanwhile; inference draws no random numbers). A failure warns and training goes on.
   */
  private async saveMap(step: number, querySet: string): Promise<void> {
    try {
      if (this.mapsDropped || !(await this.roomForMaps())) {
        this.extra.storageWarning = `the embedding map of step ${step} was not saved: browser storage is nearly full and the run's own checkpoints keep the space (free some storage and later evaluations are mapped again)`;
        return;
      }
      if (this.savedMap?.step === step) {
        if (!this.savedMap.querySets.includes(querySet)) this.savedMap.querySets.push(querySet);
      } else {
        this.sample ??= mapSample(this.evalDs, MAP_PER_LANG);
        const emb = await embedSample(this.encoder, this.evalDs, this.sample, this.rec.config.maxLength);
        this.savedMap = {
          runId: this.rec.id,
          step,
          querySets: [querySet],
          perLang: MAP_PER_LANG,
          dim: this.encoder.dim,
          emb: emb.buffer as ArrayBuffer,
          savedAt: Date.now(),
        };
      }
      await saveMap(this.savedMap);
    } catch (e) {
      this.extra.storageWarning = e instanceof StorageError ? e.message : storageMessage(e, `the embedding map at step ${step}`);
    }
  }

  /**
   * A write of the run's own (checkpoint, record) that fails while the run has saved maps: the maps are extras, so
   * they are deleted to give their space back and the write is tried once more; its error stands if it fails again.
   */
  private async withMapsAsSpare(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (e) {
      if (!this.savedMap) throw e;
      this.savedMap = undefined;
      this.mapsDropped = true;
      await deleteMaps(this.rec.id).catch(() => undefined);
      this.extra.storageWarning = `browser storage is full: this run's saved embedding maps were deleted to keep its checkpoints and record (the map shows the latest weights)`;
      await write();
    }
  }

  /**
   * Maps are extras: one is saved only while the origin keeps at least twice the run's checkpoint (2 MB at the
   * least) free, so a full disk costs the maps, never the run's own checkpoint and record. Where the browser gives
   * no estimate (Node, tests), maps are saved.
   */
  private async roomForMaps(): Promise<boolean> {
    const storage = (
      globalThis.navigator as { storage?: { estimate?: () => Promise<{ quota?: number; usage?: number }> } } | undefined
    )?.storage;
    const est = await storage?.estimate?.().catch(() => undefined);
    if (est?.quota === undefined || est.usage === undefined) return true;
    const reserve = Math.max(2 * 2 ** 20, 2 * (this.rec.checkpoint?.bytes ?? 0));
    return est.quota - est.usage >= reserve;
  }

  setStatus(status: RunStatus): void {
    this.rec.status = status;
    this.flush(true);
  }

  /** The record as stored: loss downsampled. */
  stored(): RunRecord {
    return { ...this.rec, updated: Date.now(), loss: minMaxBuckets(this.loss, STORED_LOSS_POINTS) };
  }

  async persist(): Promise<void> {
    this.lastPersist = performance.now();
    const events = this.unsaved.filter((e) => e.type !== 'eval'); // eval results live in the record's metrics
    this.unsaved = [];
    try {
      await this.withMapsAsSpare(() => persistRun(this.stored(), events));
    } catch (e) {
      this.extra.storageWarning = storageMessage(e, 'the run history');
      this.flush(true);
    }
  }

  /** Send what is buffered: now when urgent or ≥ 50 ms since the last message, else by a trailing timer. */
  flush(urgent: boolean): void {
    const now = performance.now();
    if (!urgent && now - this.lastFlush < FLUSH_MS) {
      this.trailing ??= setTimeout(() => {
        this.trailing = undefined;
        this.flush(true);
      }, FLUSH_MS);
      return;
    }
    if (this.trailing) {
      clearTimeout(this.trailing);
      this.trailing = undefined;
    }
    this.lastFlush = now;
    const rec = this.rec;
    rec.rev = (rec.rev ?? 0) + 1;
    const delta: RunDelta = {
      runId: rec.id,
      seq: rec.seq ?? 0,
      rev: rec.rev,
      status: rec.status,
      step: rec.step,
      seconds: rec.seconds,
      events: this.outbox,
      composition: structuredClone(rec.composition),
      memory: memory(),
      ...this.extra,
    };
    this.outbox = [];
    this.extra = {};
    this.sink(delta);
  }
}
