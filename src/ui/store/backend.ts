import { engine } from '../../worker/client';
import type { BackendPreference, BackendReport, MemoryInfo } from '../../worker/protocol';
import { errorMessage, type Slice } from './types';

export interface BackendSlice {
  backend?: BackendReport;
  backendStatus: 'idle' | 'pending' | 'ready' | 'error';
  backendError?: string;
  /** Backends whose setBackend and self-test succeeded here, with their self-test ms: the ones a user may pick. */
  availableBackends: Array<{ name: string; ms: number }>;
  memory?: MemoryInfo;
  initBackend: (preferred?: BackendPreference) => Promise<void>;
  refreshMemory: () => Promise<void>;
  /** tf.memory() as a run delta reported it (runs slice). */
  noteMemory: (m: MemoryInfo) => void;
}

export const createBackendSlice: Slice<BackendSlice> = (set, get) => ({
  backendStatus: 'idle',
  availableBackends: [],
  async initBackend(preferred = 'auto') {
    set({ backendStatus: 'pending', backendError: undefined });
    try {
      const backend = await engine().request({ type: 'initBackend', preferred });
      const known = new Map(get().availableBackends.map((b) => [b.name, b]));
      for (const t of backend.tried) {
        if (t.ok) known.set(t.name, { name: t.name, ms: t.ms ?? 0 });
        else known.delete(t.name);
      }
      set({ backend, memory: backend.memory, backendStatus: 'ready', availableBackends: [...known.values()] });
    } catch (e) {
      // A failed switch leaves the worker on its previous backend only when one was set; report it either way.
      set({ backendStatus: get().backend ? 'ready' : 'error', backendError: errorMessage(e) });
    }
  },
  noteMemory: (memory) => set({ memory }),
  async refreshMemory() {
    try {
      set({ memory: await engine().request({ type: 'memory' }) });
    } catch {
      /* backend not ready yet */
    }
  },
});
