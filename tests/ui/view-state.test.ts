/** The view kept across reloads (src/ui/store/view-state.ts) on an in-memory localStorage. */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const mem = new Map<string, string>();
beforeEach(() => {
  mem.clear();
  vi.resetModules();
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => mem.get(k) ?? null,
    setItem: (k: string, v: string) => void mem.set(k, v),
  });
});

describe('view state', () => {
  it('round-trips the tab, the selected run and the Compare selection', async () => {
    const vs = await import('../../src/ui/store/view-state');
    vs.saveViewState({ tab: 'compare', currentRunId: 'run-1', compareIds: ['run-1', 'run-2'] });
    expect(vs.loadViewState()).toEqual({ tab: 'compare', currentRunId: 'run-1', compareIds: ['run-1', 'run-2'] });
  });

  it('the view at load is read once, before this session saves over it', async () => {
    mem.set('hbw:view', JSON.stringify({ tab: 'study' }));
    const vs = await import('../../src/ui/store/view-state');
    expect(vs.initialViewState()?.tab).toBe('study');
    vs.saveViewState({ tab: 'data' });
    expect(vs.initialViewState()?.tab).toBe('study');
  });

  it('garbage or blocked storage gives the default view, never an error', async () => {
    mem.set('hbw:view', '{not json');
    const vs = await import('../../src/ui/store/view-state');
    expect(vs.loadViewState()).toBeUndefined();
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    });
    expect(vs.loadViewState()).toBeUndefined();
    expect(() => vs.saveViewState({ tab: 'data' })).not.toThrow();
  });
});
