/**
 * Training runs as the UI sees them: the list (from IndexedDB via the worker), live updates merged from
 * RunDeltas (one store update per delta, ≤ 20/s), run control, the α-sweep and storage use.
 */
import { resolveConfig, type ExperimentConfig } from '../../core/experiment/config';
import type { RunEvent } from '../../core/train/events';
import { minMaxBuckets } from '../../worker/downsample';
import { engine } from '../../worker/client';
import type { EvalProgressInfo, RunDelta, RunRecord } from '../../worker/run-types';
import { errorMessage, type Slice } from './types';

export interface RunView extends RunRecord {
  evalProgress?: EvalProgressInfo | null;
  /** Recent non-step events, newest last. */
  log: RunEvent[];
  storageWarning?: string;
}

export interface Sweep { alphas: number[]; index: number; runIds: string[]; base: ExperimentConfig }
export interface StorageUse { usage: number; quota: number }

export interface RunsSlice {
  runs: Record<string, RunView>;
  /** The run the live charts and the controls are on. */
  currentRunId?: string;
  compareIds: string[];
  pendingStart: boolean;
  runsError?: string;
  sweep?: Sweep;
  storage?: StorageUse;
  loadRuns: () => Promise<void>;
  startRun: (opts?: { pauseAfter?: number; config?: ExperimentConfig }) => Promise<string | undefined>;
  pauseRun: (id: string) => Promise<void>;
  resumeRun: (id: string, steps?: number) => Promise<void>;
  stopRun: (id: string) => Promise<void>;
  deleteRun: (id: string) => Promise<void>;
  selectRun: (id: string | undefined) => void;
  toggleCompare: (id: string) => void;
  startSweep: () => Promise<void>;
  applyDelta: (d: RunDelta) => void;
  refreshStorage: () => Promise<void>;
}

const LOG_MAX = 50;
/** Live loss arrays are re-bucketed past this size, so a 100k-step run stays cheap to hold and draw. */
const LIVE_LOSS_MAX = 20_000;
export const SWEEP_ALPHAS = [0, 0.5, 1];

const view = (r: RunRecord, prev?: RunView): RunView => ({ ...r, log: prev?.log ?? [], evalProgress: undefined });

export function isResumable(r: RunView | undefined): boolean {
  return !!r && !!r.checkpoint && (r.status === 'paused' || r.status === 'interrupted' || r.status === 'error');
}

export function runningRun(runs: Record<string, RunView>): RunView | undefined {
  return Object.values(runs).find((r) => r.status === 'running' || r.status === 'preparing');
}

export const createRunsSlice: Slice<RunsSlice> = (set, get) => {
  const upsert = (r: RunRecord) => set((s) => ({ runs: { ...s.runs, [r.id]: view(r, s.runs[r.id]) } }));
  const fail = (e: unknown) => set({ runsError: errorMessage(e) });

  return {
    runs: {},
    compareIds: [],
    pendingStart: false,

    async loadRuns() {
      try {
        const list = await engine().request({ type: 'listRuns' });
        set((s) => ({ runs: Object.fromEntries(list.map((r) => [r.id, view(r, s.runs[r.id])])), currentRunId: s.currentRunId ?? list.at(-1)?.id }));
      } catch (e) { fail(e); }
      void get().refreshStorage();
    },

    async startRun(opts = {}) {
      if (get().pendingStart) return undefined;
      set({ pendingStart: true, runsError: undefined });
      try {
        const config = resolveConfig(opts.config ?? get().config);
        const rec = await engine().request({ type: 'startRun', params: { config, pauseAfter: opts.pauseAfter } });
        upsert(rec);
        set({ currentRunId: rec.id });
        return rec.id;
      } catch (e) {
        fail(e);
        set({ sweep: undefined });
        return undefined;
      } finally {
        set({ pendingStart: false });
      }
    },

    async pauseRun(id) { try { await engine().request({ type: 'pauseRun', runId: id }); } catch (e) { fail(e); } },
    async resumeRun(id, steps) {
      set({ pendingStart: true, runsError: undefined });
      try { upsert(await engine().request({ type: 'resumeRun', runId: id, steps })); set({ currentRunId: id }); } catch (e) { fail(e); } finally { set({ pendingStart: false }); }
    },
    async stopRun(id) { set({ sweep: undefined }); try { await engine().request({ type: 'stopRun', runId: id }); } catch (e) { fail(e); } },

    async deleteRun(id) {
      try {
        const list = await engine().request({ type: 'deleteRun', runId: id });
        set((s) => ({
          runs: Object.fromEntries(list.map((r) => [r.id, view(r, s.runs[r.id])])),
          currentRunId: s.currentRunId === id ? list.at(-1)?.id : s.currentRunId,
          compareIds: s.compareIds.filter((x) => x !== id),
        }));
      } catch (e) { fail(e); }
      void get().refreshStorage();
    },

    selectRun: (id) => set({ currentRunId: id }),
    toggleCompare: (id) => set((s) => ({ compareIds: s.compareIds.includes(id) ? s.compareIds.filter((x) => x !== id) : [...s.compareIds, id] })),

    async startSweep() {
      const base = resolveConfig(get().config);
      set({ sweep: { alphas: SWEEP_ALPHAS, index: 0, runIds: [], base } });
      await startSweepRun(0);
    },

    applyDelta(d) {
      const prev = get().runs[d.runId];
      if (!prev) return; // a run this page has not listed yet: its record arrives with the start/resume answer
      let loss = prev.loss, metrics = prev.metrics, log = prev.log;
      const newLoss: Array<[number, number]> = [];
      for (const ev of d.events) {
        if (ev.type === 'step') newLoss.push([ev.step, ev.loss]);
        else {
          if (ev.type === 'eval') metrics = [...metrics, { step: ev.step, final: ev.final, querySet: ev.querySet, result: ev.result }];
          log = [...log, ev].slice(-LOG_MAX);
        }
      }
      if (newLoss.length) {
        loss = loss.concat(newLoss);
        if (loss.length > LIVE_LOSS_MAX) loss = minMaxBuckets(loss, LIVE_LOSS_MAX / 2);
      }
      const next: RunView = {
        ...prev, status: d.status, step: d.step, seconds: d.seconds, composition: d.composition, loss, metrics, log,
        ...(d.checkpoint ? { checkpoint: d.checkpoint } : {}),
        ...(d.embedding ? { embedding: d.embedding } : {}),
        ...(d.evalProgress !== undefined ? { evalProgress: d.evalProgress } : {}),
        ...(d.error ? { error: d.error } : {}),
        ...(d.storageWarning ? { storageWarning: d.storageWarning } : {}),
      };
      set((s) => ({ runs: { ...s.runs, [d.runId]: next }, ...(d.memory ? { memory: d.memory } : {}) }));
      if (d.checkpoint) void get().refreshStorage();
      if (prev.status !== d.status) onStatusChange(d.runId, d.status);
    },

    async refreshStorage() {
      try {
        const e = await navigator.storage?.estimate?.();
        if (e) set({ storage: { usage: e.usage ?? 0, quota: e.quota ?? 0 } });
      } catch { /* estimate unsupported: nothing to show */ }
    },
  };

  /** The α-sweep advances when its run finishes; any other ending (pause, stop, error) ends the sweep. */
  function onStatusChange(runId: string, status: RunView['status']): void {
    const sw = get().sweep;
    if (!sw || sw.runIds[sw.index] !== runId || status === 'running') return;
    if (status !== 'done') { set({ sweep: undefined }); return; }
    if (sw.index + 1 >= sw.alphas.length) { set({ sweep: undefined, compareIds: sw.runIds }); return; }
    set({ sweep: { ...sw, index: sw.index + 1 } });
    void startSweepRun(sw.index + 1);
  }

  async function startSweepRun(index: number): Promise<void> {
    const sw = get().sweep!;
    const alpha = sw.alphas[index];
    const id = await get().startRun({ config: { ...sw.base, alpha, name: `${sw.base.name} α=${alpha}` } });
    const now = get().sweep;
    if (id && now) set({ sweep: { ...now, runIds: [...now.runIds, id] } });
  }
};
