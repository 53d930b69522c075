import { engine } from '../../worker/client';
import type { BackendPreference, BackendReport, MemoryInfo } from '../../worker/protocol';
import { errorMessage, type Slice } from './types';

export interface BackendSlice {
  backend?: BackendReport;
  backendStatus: 'idle' | 'pending' | 'ready' | 'error';
  backendError?: string;
  memory?: MemoryInfo;
  initBackend: (preferred?: BackendPreference) => Promise<void>;
  refreshMemory: () => Promise<void>;
}

export const createBackendSlice: Slice<BackendSlice> = (set) => ({
  backendStatus: 'idle',
  async initBackend(preferred = 'auto') {
    set({ backendStatus: 'pending', backendError: undefined });
    try {
      const backend = await engine().request({ type: 'initBackend', preferred });
      set({ backend, memory: backend.memory, backendStatus: 'ready' });
    } catch (e) {
      set({ backendStatus: 'error', backendError: errorMessage(e) });
    }
  },
  async refreshMemory() {
    try { set({ memory: await engine().request({ type: 'memory' }) }); } catch { /* backend not ready yet */ }
  },
});
