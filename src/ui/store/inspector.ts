/**
 * Query inspector: a language (or a heatmap cell: query language × pool language) → its queries; a query →
 * its ranked candidates and the ranks of its relevant translations. The worker ranks with the run's latest
 * encoder (live) or its checkpoint.
 */
import { engine } from '../../worker/client';
import type { InspectQueriesResult, InspectQueryResult } from '../../worker/run-types';
import { errorMessage, type Slice } from './types';

export interface InspectorState {
  runId?: string;
  lang?: string;
  /** 'multi' (every language) or one pool language. */
  pool: string;
  queries?: InspectQueriesResult;
  selected?: string;
  detail?: InspectQueryResult;
  loading: boolean;
  error?: string;
}

export interface InspectorSlice {
  inspector: InspectorState;
  openInspector: (o: { runId?: string; lang: string; pool?: string }) => Promise<void>;
  inspectQuery: (xlingId: string) => Promise<void>;
  setInspectPool: (pool: string) => Promise<void>;
}

export const createInspectorSlice: Slice<InspectorSlice> = (set, get) => {
  const patch = (p: Partial<InspectorState>) => set((s) => ({ inspector: { ...s.inspector, ...p } }));
  return {
    inspector: { pool: 'multi', loading: false },

    async openInspector({ runId, lang, pool }) {
      const id = runId ?? get().inspector.runId ?? get().currentRunId;
      get().setTab('inspector');
      if (!id) { patch({ error: 'Train a run first: the inspector ranks with a run\'s encoder.' }); return; }
      patch({ runId: id, lang, pool: pool ?? get().inspector.pool, loading: true, error: undefined, queries: undefined, detail: undefined, selected: undefined });
      try {
        patch({ queries: await engine().request({ type: 'inspectQueries', runId: id, lang }) });
      } catch (e) { patch({ error: errorMessage(e) }); } finally { patch({ loading: false }); }
    },

    async inspectQuery(xlingId) {
      const { runId, lang, pool } = get().inspector;
      if (!runId || !lang) return;
      patch({ selected: xlingId, loading: true, error: undefined });
      try {
        const detail = await engine().request({ type: 'inspectQuery', runId, xlingId, lang, pool });
        if (get().inspector.selected === xlingId) patch({ detail });
      } catch (e) { patch({ error: errorMessage(e) }); } finally { patch({ loading: false }); }
    },

    async setInspectPool(pool) {
      patch({ pool });
      const sel = get().inspector.selected;
      if (sel) await get().inspectQuery(sel);
    },
  };
};
