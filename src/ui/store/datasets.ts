import { engine } from '../../worker/client';
import type { DatasetPreview, DatasetSummary, SourceInfo } from '../../worker/protocol';
import { errorMessage, type Slice } from './types';

/** The one download of a registered source at a time ("Get XQuAD-R" …), as the Data tab shows it. */
export interface SourceDownload {
  id: string;
  status: 'downloading' | 'cancelled' | 'failed' | 'done';
  phase: string;
  done: number;
  total: number;
  error?: string;
  notes?: string[];
}

export interface DatasetsSlice {
  datasets: DatasetSummary[];
  demoStatus: 'idle' | 'loading' | 'ready' | 'error';
  demoError?: string;
  selectedId?: string;
  preview?: DatasetPreview;
  importing: boolean;
  importError?: string;
  importNotice?: string;
  /** Language for formats whose files carry none (C-MTEB parquet, BEIR without "lang"). */
  importLang: string;
  sources: SourceInfo[];
  download?: SourceDownload;
  /** Base URL replacing each source's own (a mirror; the e2e tests' local server). `?dataMirror=` sets it. */
  dataMirror: string;
  loadInitial: () => Promise<void>;
  importFiles: (files: File[]) => Promise<void>;
  setImportLang: (lang: string) => void;
  selectDataset: (id: string) => Promise<void>;
  removeDataset: (id: string) => Promise<void>;
  renameDataset: (id: string, name: string) => Promise<void>;
  dismissImportError: () => void;
  loadSources: () => Promise<void>;
  getSource: (id: string) => Promise<void>;
  cancelDownload: () => void;
  setDataMirror: (url: string) => void;
}

const PREVIEW_PER_LANG = 3;
let cancelCurrent: (() => void) | undefined;

function initialMirror(): string {
  try {
    return new URLSearchParams(globalThis.location?.search ?? '').get('dataMirror') ?? '';
  } catch {
    return '';
  }
}

/** A folder picked with webkitdirectory names each file by its path inside the folder (BEIR needs qrels/). */
const pathOf = (f: File): string => (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;

export const createDatasetsSlice: Slice<DatasetsSlice> = (set, get) => ({
  datasets: [],
  demoStatus: 'idle',
  importing: false,
  importLang: '',
  sources: [],
  dataMirror: initialMirror(),

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
    if (first && !get().evalDatasetId) get().setEvalDataset(first.id);
    await get().loadSources();
  },

  async importFiles(files) {
    if (files.length === 0) return;
    set({ importing: true, importError: undefined, importNotice: undefined });
    try {
      const payload = await Promise.all(files.map(async (f) => ({ name: pathOf(f), bytes: await f.arrayBuffer() })));
      const lang = get().importLang.trim().toLowerCase() || undefined;
      const summary = await engine().request(
        { type: 'importFiles', files: payload, lang },
        undefined,
        payload.map((p) => p.bytes),
      );
      const ignored = summary.ignored?.length ? ` (ignored: ${summary.ignored.join(', ')})` : '';
      set((s) => ({
        datasets: [...s.datasets, summary],
        importNotice: `Imported ${summary.name} as ${summary.format}: ${summary.langs.join(', ')}${ignored}`,
      }));
      await get().selectDataset(summary.id);
    } catch (e) {
      // Keep every dataset loaded so far; only report what went wrong.
      set({ importError: errorMessage(e) });
    } finally {
      set({ importing: false });
    }
  },

  setImportLang: (importLang) => set({ importLang }),

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
    if (get().evalDatasetId === id) get().setEvalDataset(datasets[0]?.id);
  },

  async renameDataset(id, name) {
    try {
      set({ datasets: await engine().request({ type: 'renameDataset', id, name }) });
    } catch (e) {
      set({ importError: errorMessage(e) });
    }
  },

  dismissImportError: () => set({ importError: undefined }),

  async loadSources() {
    set({ sources: await engine().request({ type: 'listSources' }) });
  },

  async getSource(id) {
    if (get().download?.status === 'downloading') return;
    set({ download: { id, status: 'downloading', phase: 'starting', done: 0, total: 0 } });
    const call = engine().call({ type: 'getSource', id, base: get().dataMirror.trim() || undefined }, (p) => {
      set({ download: { id, status: 'downloading', phase: p.phase, done: p.done, total: p.total } });
    });
    cancelCurrent = call.cancel;
    try {
      const summary = await call.promise;
      set((s) => ({
        datasets: [...s.datasets, summary],
        download: { id, status: 'done', phase: 'done', done: 1, total: 1, notes: summary.notes },
      }));
      await get().selectDataset(summary.id);
    } catch (e) {
      const cancelled = (e as Error).name === 'AbortError';
      set((s) => ({
        download: { ...s.download!, status: cancelled ? 'cancelled' : 'failed', error: cancelled ? undefined : errorMessage(e) },
      }));
    } finally {
      cancelCurrent = undefined;
      await get().loadSources();
    }
  },

  cancelDownload: () => cancelCurrent?.(),
  setDataMirror: (dataMirror) => set({ dataMirror }),
});
