/**
 * Training runs as the UI sees them: the list (from IndexedDB via the worker), live updates merged from
 * RunDeltas (one store update per delta, ≤ 20/s), run control, the α-sweep (a persisted queue the worker drives:
 * worker/sweep/sweep.ts; this slice only shows it and asks to start or resume it) and storage use. The selected run and
 * the Compare selection are restored after a reload (view-state.ts).
 */
import { resolveConfig, type ExperimentConfig } from '../../core/experiment/config';
import { alphaProblem, parseNumberList, seedProblem } from '../../core/experiment/queue';
import { engine } from '../../worker/client';
import type { RunDelta, RunRecord } from '../../worker/runs/run-types';
import type { SweepRecord } from '../../worker/sweep/sweep-protocol';
import { EarlyDeltas, foldDelta, viewOf, type RunView } from './run-updates';
import { initialViewState } from './view-state';
import { errorMessage, type Slice } from './types';

export type { RunView } from './run-updates';

export interface StorageUse {
  usage: number;
  quota: number;
}

export interface RunsSlice {
  runs: Record<string, RunView>;
  /** The run the live charts and the controls are on. */
  currentRunId?: string;
  compareIds: string[];
  pendingStart: boolean;
  runsError?: string;
  /** The latest α-sweep (worker/sweep/sweep.ts), undefined until asked, null when there is none. */
  sweep?: SweepRecord | null;
  /** The sweep form's lists as typed: α values, and seeds ('' = the experiment's seed only). */
  sweepAlphas: string;
  sweepSeeds: string;
  setSweepLists: (lists: { alphas?: string; seeds?: string }) => void;
  storage?: StorageUse;
  loadRuns: () => Promise<void>;
  startRun: (opts?: { pauseAfter?: number; config?: ExperimentConfig }) => Promise<string | undefined>;
  pauseRun: (id: string) => Promise<void>;
  resumeRun: (id: string, steps?: number) => Promise<void>;
  stopRun: (id: string) => Promise<void>;
  deleteRun: (id: string) => Promise<void>;
  selectRun: (id: string | undefined) => void;
  toggleCompare: (id: string) => void;
  /** Put a run in the Compare selection (kept when it is there already). */
  addToCompare: (id: string) => void;
  startSweep: () => Promise<void>;
  resumeSweep: () => Promise<void>;
  /** Ask the worker for the latest sweep; `autoResume`: take up one a reload interrupted. */
  loadSweep: (opts?: { autoResume?: boolean }) => Promise<void>;
  applySweep: (rec: SweepRecord) => void;
  applyDelta: (d: RunDelta) => void;
  refreshStorage: () => Promise<void>;
}

export const SWEEP_ALPHAS = [0, 0.5, 1];

/** The sweep form's lists as a plan: α values and, when given, seeds (a one-line error naming the list otherwise). */
export function sweepLists(alphas: string, seeds: string): { alphas: number[]; seeds?: number[] } {
  const a = parseNumberList(alphas, 'α values', alphaProblem);
  if (seeds.trim() === '') return { alphas: a };
  return { alphas: a, seeds: parseNumberList(seeds, 'seeds', seedProblem) };
}

export function isResumable(r: RunView | undefined): boolean {
  // An imported run is a record of a run made elsewhere: never continued here (start a new run from its config).
  return !!r && !r.imported && !!r.checkpoint && (r.status === 'paused' || r.status === 'interrupted' || r.status === 'error');
}

/** The α-sweep drives the queue now (its runs start one after the other). */
export const isSweepActive = (s: { sweep?: SweepRecord | null }): boolean => s.sweep?.status === 'running';
/** A sweep that did not finish (interrupted by a reload, halted by a pause/stop): Resume takes it up. */
export const isSweepResumable = (s: { sweep?: SweepRecord | null }): boolean =>
  !!s.sweep && ['interrupted', 'stopped'].includes(s.sweep.status);

export function runningRun(runs: Record<string, RunView>): RunView | undefined {
  return Object.values(runs).find((r) => r.status === 'running' || r.status === 'preparing');
}

export const createRunsSlice: Slice<RunsSlice> = (set, get) => {
  const early = new EarlyDeltas();
  /** Orders held deltas against listing questions (EarlyDeltas.forgetUnlisted). */
  let tick = 0;
  /** Records in: each run's view from its record (unless the view is newer), then the deltas held for it folded in. */
  const putRecords = (list: RunRecord[], replaceAll: boolean) => {
    set((s) => {
      const runs: Record<string, RunView> = replaceAll ? {} : { ...s.runs };
      for (const r of list) runs[r.id] = early.take(r.id).reduce(foldDelta, viewOf(r, s.runs[r.id]));
      return { runs };
    });
  };
  const upsert = (r: RunRecord) => putRecords([r], false);
  const fail = (e: unknown) => set({ runsError: errorMessage(e) });
  let listing: Promise<void> | undefined;
  /** List runs again (once at a time): a run the worker started (a queue's next run) is listed, its held deltas folded. */
  const relist = () =>
    (listing ??= get()
      .loadRuns()
      .finally(() => {
        listing = undefined;
      }));
  let restored = false;

  return {
    runs: {},
    compareIds: [],
    pendingStart: false,
    sweepAlphas: SWEEP_ALPHAS.join(', '),
    sweepSeeds: '',

    async loadRuns() {
      const askedAt = ++tick;
      try {
        const list = await engine().request({ type: 'listRuns' });
        // The first listing after a page load restores what the user was looking at (when those runs still exist).
        const saved = restored ? undefined : initialViewState();
        restored = true;
        const has = (id: string | undefined) => !!id && list.some((r) => r.id === id);
        putRecords(list, true);
        set((s) => ({
          currentRunId: s.currentRunId ?? (has(saved?.currentRunId) ? saved!.currentRunId : list.at(-1)?.id),
          ...(saved?.compareIds ? { compareIds: saved.compareIds.filter(has) } : {}),
        }));
        // Deltas that came after this question for a run it did not name: its record is on the way; ask again.
        if (early.forgetUnlisted(has, askedAt)) setTimeout(() => void relist(), 0);
      } catch (e) {
        fail(e);
      }
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
        return undefined;
      } finally {
        set({ pendingStart: false });
      }
    },

    async pauseRun(id) {
      try {
        await engine().request({ type: 'pauseRun', runId: id });
      } catch (e) {
        fail(e);
      }
    },
    async resumeRun(id, steps) {
      set({ pendingStart: true, runsError: undefined });
      try {
        upsert(await engine().request({ type: 'resumeRun', runId: id, steps }));
        set({ currentRunId: id });
      } catch (e) {
        fail(e);
      } finally {
        set({ pendingStart: false });
      }
    },
    async stopRun(id) {
      try {
        await engine().request({ type: 'stopRun', runId: id });
      } catch (e) {
        fail(e);
      }
    },

    async deleteRun(id) {
      try {
        const list = await engine().request({ type: 'deleteRun', runId: id });
        putRecords(list, true);
        set((s) => ({
          currentRunId: s.currentRunId === id ? list.at(-1)?.id : s.currentRunId,
          compareIds: s.compareIds.filter((x) => x !== id),
        }));
      } catch (e) {
        fail(e);
      }
      void get().refreshStorage();
    },

    selectRun: (id) => set({ currentRunId: id }),
    setSweepLists: (lists) =>
      set((s) => ({ sweepAlphas: lists.alphas ?? s.sweepAlphas, sweepSeeds: lists.seeds ?? s.sweepSeeds })),
    toggleCompare: (id) =>
      set((s) => ({ compareIds: s.compareIds.includes(id) ? s.compareIds.filter((x) => x !== id) : [...s.compareIds, id] })),
    addToCompare: (id) => set((s) => ({ compareIds: s.compareIds.includes(id) ? s.compareIds : [...s.compareIds, id] })),

    async startSweep() {
      set({ runsError: undefined });
      try {
        const lists = sweepLists(get().sweepAlphas, get().sweepSeeds);
        get().applySweep(await engine().request({ type: 'sweepStart', base: resolveConfig(get().config), ...lists }));
      } catch (e) {
        fail(e);
      }
    },
    async resumeSweep() {
      set({ runsError: undefined });
      try {
        get().applySweep(await engine().request({ type: 'sweepResume' }));
      } catch (e) {
        fail(e);
      }
    },
    async loadSweep(opts = {}) {
      try {
        const rec = await engine().request({ type: 'sweepGet' });
        if (!rec) {
          set({ sweep: null });
          return;
        }
        get().applySweep(rec);
        if (opts.autoResume && rec.status === 'interrupted') await get().resumeSweep();
      } catch (e) {
        fail(e);
      }
    },
    applySweep(rec) {
      const prev = get().sweep;
      const ids = rec.runs.map((r) => r.runId).filter((x): x is string => !!x);
      const live = rec.status === 'running' ? rec.runs[rec.index]?.runId : undefined;
      set({
        sweep: rec,
        ...(live ? { currentRunId: live } : {}),
        // A sweep that just finished selects its runs in Compare.
        ...(rec.status === 'done' && prev?.status !== 'done' && prev?.id === rec.id ? { compareIds: ids } : {}),
      });
      if (ids.some((id) => !get().runs[id])) void relist();
    },

    applyDelta(d) {
      const prev = get().runs[d.runId];
      // A run this page has not listed yet (a queue started it, or its start answer is still on the way): hold the
      // delta and list the runs; the record folds it in (putRecords).
      if (!prev) {
        early.hold(d, ++tick);
        void relist();
        return;
      }
      const next = foldDelta(prev, d);
      set((s) => ({ runs: { ...s.runs, [d.runId]: next } }));
      if (d.memory) get().noteMemory(d.memory);
      if (d.checkpoint) void get().refreshStorage();
    },

    async refreshStorage() {
      try {
        const e = await navigator.storage?.estimate?.();
        if (e) set({ storage: { usage: e.usage ?? 0, quota: e.quota ?? 0 } });
      } catch {
        /* estimate unsupported: nothing to show */
      }
    },
  };
};
