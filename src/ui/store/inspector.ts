/**
 * Query inspector: a language (or a heatmap cell: query language × pool language) → its queries; a query →
 * its ranked candidates and the ranks of its relevant translations. The worker ranks with the run's latest
 * encoder (live) or its checkpoint. A second run (`compareRunId`) ranks the same query in the same pool, side by side.
 */
import { engine } from '../../worker/client';
import type { InspectQueriesResult, InspectQueryResult } from '../../worker/runs/run-types';
import { errorMessage, type Slice } from './types';

export interface InspectorState {
  runId?: string;
  lang?: string;
  /** 'multi' (every language) or one pool language. */
  pool: string;
  queries?: InspectQueriesResult;
  selected?: string;
  detail?: InspectQueryResult;
  /** The run shown beside: the same query and pool ranked with its encoder. */
  compareRunId?: string;
  compareDetail?: InspectQueryResult;
  /** Why the second run could not rank the query (e.g. its eval data lacks it); the first column still shows. */
  compareError?: string;
  loading: boolean;
  error?: string;
}

export interface InspectorSlice {
  inspector: InspectorState;
  openInspector: (o: { runId?: string; lang: string; pool?: string }) => Promise<void>;
  inspectQuery: (xlingId: string) => Promise<void>;
  setInspectPool: (pool: string) => Promise<void>;
  /** Show a second run beside the first (undefined: one column). */
  setInspectCompare: (runId: string | undefined) => Promise<void>;
}

export const createInspectorSlice: Slice<InspectorSlice> = (set, get) => {
  const patch = (p: Partial<InspectorState>) => set((s) => ({ inspector: { ...s.inspector, ...p } }));
  /** The selected query ranked by the second run, if one is chosen; its failure is its column's, not the panel's. */
  const rankCompare = async (xlingId: string) => {
    const { compareRunId, lang, pool } = get().inspector;
    if (!compareRunId || !lang) {
      patch({ compareDetail: undefined, compareError: undefined });
      return;
    }
    try {
      const compareDetail = await engine().request({ type: 'inspectQuery', runId: compareRunId, xlingId, lang, pool });
      const now = get().inspector;
      if (now.selected === xlingId && now.compareRunId === compareRunId && now.pool === pool)
        patch({ compareDetail, compareError: undefined });
    } catch (e) {
      patch({ compareDetail: undefined, compareError: errorMessage(e) });
    }
  };
  return {
    inspector: { pool: 'multi', loading: false },

    async openInspector({ runId, lang, pool }) {
      const id = runId ?? get().inspector.runId ?? get().currentRunId;
      get().setTab('inspector');
      if (!id) {
        patch({ error: "Train a run first: the inspector ranks with a run's encoder." });
        return;
      }
      patch({
        runId: id,
        lang,
        pool: pool ?? get().inspector.pool,
        loading: true,
        error: undefined,
        queries: undefined,
        detail: undefined,
        selected: undefined,
        compareDetail: undefined,
        compareError: undefined,
      });
      try {
        patch({ queries: await engine().request({ type: 'inspectQueries', runId: id, lang }) });
      } catch (e) {
        patch({ error: errorMessage(e) });
      } finally {
        patch({ loading: false });
      }
    },

    async inspectQuery(xlingId) {
      const { runId, lang, pool } = get().inspector;
      if (!runId || !lang) return;
      patch({ selected: xlingId, loading: true, error: undefined });
      const current = () => get().inspector.selected === xlingId && get().inspector.pool === pool;
      try {
        const detail = await engine().request({ type: 'inspectQuery', runId, xlingId, lang, pool });
        if (current()) patch({ detail });
        await rankCompare(xlingId);
      } catch (e) {
        patch({ error: errorMessage(e) });
      } finally {
        patch({ loading: false });
      }
    },

    async setInspectCompare(compareRunId) {
      patch({ compareRunId, compareDetail: undefined, compareError: undefined });
      const sel = get().inspector.selected;
      if (sel && compareRunId) {
        patch({ loading: true });
        try {
          await rankCompare(sel);
        } finally {
          patch({ loading: false });
        }
      }
    },

    async setInspectPool(pool) {
      patch({ pool });
      const sel = get().inspector.selected;
      if (sel) await get().inspectQuery(sel);
    },
  };
};
