import type { EvalResult, SettingName } from '../../core/eval/types';
import { engine } from '../../worker/client';
import type { Progress } from '../../worker/protocol';
import { errorMessage, type Slice } from './types';

export const ALL_SETTINGS: SettingName[] = ['monolingual', 'crosslingual', 'multilingual'];

export interface EvalProgressState extends Progress {
  startedAt: number;
  phaseStartedAt: number;
}

export interface EvalSlice {
  evalDatasetId?: string;
  settings: SettingName[];
  maxQueriesPerLang: number | undefined;
  /** 'bm25' or a model reference (see EvalParams.retriever). */
  retriever: string;
  setRetriever: (r: string) => void;
  running: boolean;
  progress?: EvalProgressState;
  result?: EvalResult;
  evalError?: string;
  cancelEval?: () => void;
  setEvalDataset: (id: string | undefined) => void;
  toggleSetting: (s: SettingName) => void;
  setMaxQueries: (n: number | undefined) => void;
  runEval: () => Promise<void>;
}

export const createEvalSlice: Slice<EvalSlice> = (set, get) => ({
  settings: [...ALL_SETTINGS],
  // Every query by default: a capped evaluation reads differently from the CLI's (demo BM25 mono 0.600 vs 0.636).
  maxQueriesPerLang: undefined,
  running: false,
  setEvalDataset: (id) => set({ evalDatasetId: id }),
  toggleSetting: (s) =>
    set((st) => ({
      settings: st.settings.includes(s)
        ? st.settings.filter((x) => x !== s)
        : ALL_SETTINGS.filter((x) => x === s || st.settings.includes(x)),
    })),
  setMaxQueries: (n) => set({ maxQueriesPerLang: n }),
  retriever: 'bm25',
  setRetriever: (retriever) => set({ retriever }),

  async runEval() {
    const { evalDatasetId, settings, maxQueriesPerLang, running, retriever } = get();
    if (running || !evalDatasetId || settings.length === 0) return;
    const t0 = performance.now();
    const call = engine().call(
      { type: 'evaluate', params: { datasetId: evalDatasetId, settings, maxQueriesPerLang, retriever } },
      (p) => {
        const prev = get().progress;
        const phaseStartedAt = prev && prev.phase === p.phase ? prev.phaseStartedAt : performance.now();
        set({ progress: { ...p, startedAt: t0, phaseStartedAt } });
      },
    );
    set({
      running: true,
      evalError: undefined,
      progress: { phase: 'starting', done: 0, total: 1, startedAt: t0, phaseStartedAt: t0 },
      cancelEval: call.cancel,
    });
    try {
      set({ result: await call.promise });
    } catch (e) {
      set({ evalError: (e as Error).name === 'AbortError' ? 'Evaluation cancelled.' : errorMessage(e) });
    } finally {
      set({ running: false, cancelEval: undefined, progress: undefined });
      void get().refreshMemory();
    }
  },
});
