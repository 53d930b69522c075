import { engine } from '../../worker/client';
import type { DatasetPreview, DatasetSummary } from '../../worker/protocol';
import { errorMessage, type Slice } from './types';

export interface DatasetsSlice {
  datasets: DatasetSummary[];
  demoStatus: 'idle' | 'loading' | 'ready' | 'error';
  demoError?: string;
  selectedId?: string;
  preview?: DatasetPreview;
  importing: boolean;
  importError?: string;
  importNotice?: string;
  loadInitial: () => Promise<void>;
  importFiles: (files: File[]) => Promise<void>;
  selectDataset: (id: string) => Promise<void>;
  removeDataset: (id: string) => Promise<void>;
  dismissImportError: () => void;
}

const PREVIEW_PER_LANG = 3;

export const createDatasetsSlice: Slice<DatasetsSlice> = (set, get) => ({
  datasets: [],
  demoStatus: 'idle',
  importing: false,

  async loadInitial() {
    set({ demoStatus: 'loading', demoError: undefined });
    try {
      await engine().request({ type: 'loadDemo' });
      set({ demoStatus: 'ready' });
    } catch (e) {
      set({ demoStatus: 'error', demoError: errorMessage(e) });
    }
    const datasets = await engine().request({ type: 'listDatasets' });
    set({ datasets });
    const first = datasets.find((d) => d.id === 'demo:eval') ?? datasets[0];
    if (first && !get().selectedId) await get().selectDataset(first.id);
    if (first && !get().evalDatasetId) set({ evalDatasetId: first.id });
  },

  async importFiles(files) {
    if (files.length === 0) return;
    set({ importing: true, importError: undefined, importNotice: undefined });
    try {
      const payload = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })));
      const summary = await engine().request({ type: 'importFiles', files: payload }, undefined, payload.map((p) => p.bytes));
      set((s) => ({ datasets: [...s.datasets, summary], importNotice: `Imported ${summary.name}: ${summary.langs.join(', ')}` }));
      await get().selectDataset(summary.id);
    } catch (e) {
      // Keep every dataset loaded so far; only report what went wrong.
      set({ importError: errorMessage(e) });
    } finally {
      set({ importing: false });
    }
  },

  async selectDataset(id) {
    set({ selectedId: id });
    try {
      const preview = await engine().request({ type: 'preview', id, perLang: PREVIEW_PER_LANG });
      if (get().selectedId === id) set({ preview });
    } catch (e) {
      set({ importError: errorMessage(e) });
    }
  },

  async removeDataset(id) {
    const datasets = await engine().request({ type: 'removeDataset', id });
    set({ datasets });
    if (get().selectedId === id && datasets[0]) await get().selectDataset(datasets[0].id);
    if (get().evalDatasetId === id) set({ evalDatasetId: datasets[0]?.id });
  },

  dismissImportError: () => set({ importError: undefined }),
});
