/**
 * The actions registry (ui/actions.ts) on the real store: one declaration per command, no key bound twice, and
 * the enabled selectors and labels following the slices they read.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/core/experiment/config';
import type { AppState } from '../../src/ui/store';
import type { RunView } from '../../src/ui/store/runs';
import type { ModelInfo } from '../../src/worker/models/model-protocol';
import { ScriptedWorker } from './store/scripted-worker';

let useApp: { getState: () => AppState; setState: (p: Partial<AppState>) => void };
let actions: typeof import('../../src/ui/actions');
let TABS: typeof import('../../src/ui/store/ui').TABS;

beforeAll(async () => {
  (globalThis as { Worker: unknown }).Worker = ScriptedWorker;
  ({ useApp } = await import('../../src/ui/store'));
  actions = await import('../../src/ui/actions');
  ({ TABS } = await import('../../src/ui/store/ui'));
});
beforeEach(() =>
  useApp.setState({
    runs: {},
    currentRunId: undefined,
    backendStatus: 'ready',
    demoStatus: 'ready',
    tab: 'experiment',
    models: [],
    selectedModel: null,
    modelJob: null,
  }),
);

const run = (id: string, over: Partial<RunView>): RunView => ({
  id,
  config: resolveConfig({}),
  trainId: 't',
  evalId: 'e',
  status: 'running',
  lineage: [],
  backend: 'wasm',
  created: 1,
  updated: 1,
  step: 3,
  seconds: 1,
  metrics: [],
  loss: [],
  composition: { batches: 0, mono: 0, pairs: {} },
  log: [],
  ...over,
});
const view = (id: Parameters<typeof actions.actionById>[0]) => {
  const a = actions.actionById(id),
    s = useApp.getState();
  return { label: actions.labelOf(a, s), enabled: a.enabled(s) };
};

describe('actions registry', () => {
  it('declares each command once and binds each key to one command', () => {
    const ids = actions.ACTIONS.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = actions.ACTIONS.flatMap((a) => a.keys);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    for (const a of actions.ACTIONS) if (a.keys.length) expect(a.shortcut, a.id).toBeTruthy();
  });

  it('every tab has a digit shortcut that opens it', () => {
    TABS.forEach((t, i) => {
      const a = actions.actionById(`tab.${t.id}`);
      expect(a.keys).toEqual([String(i + 1)]);
      actions.performAction(a.id);
      expect(useApp.getState().tab).toBe(t.id);
    });
  });

  it('the toggle reads Start, Pause or Resume from the runs slice; Stop is on for a paused run', () => {
    expect(view('toggle')).toEqual({ label: 'Start', enabled: true });
    useApp.setState({ runs: { a: run('a', { status: 'running' }) }, currentRunId: 'a' });
    expect(view('toggle')).toEqual({ label: 'Pause', enabled: true });
    expect(view('new').enabled).toBe(false);
    const ckpt = { key: 'k', step: 3, bytes: 1, savedAt: 1 };
    useApp.setState({ runs: { a: run('a', { status: 'paused', checkpoint: ckpt }) } });
    expect(view('toggle')).toEqual({ label: 'Resume', enabled: true });
    expect(view('stop').enabled).toBe(true);
    useApp.setState({ backendStatus: 'pending' });
    expect(view('toggle').enabled).toBe(false); // the backend is not ready
  });

  it('the Models commands follow the selection, the runtime and the request in flight', () => {
    const m = (key: string, runtime: ModelInfo['runtime']) => ({ key, name: key, runtime }) as ModelInfo;
    expect(view('models.evaluate').enabled).toBe(false); // nothing selected
    useApp.setState({ models: [m('t', 'tfjs'), m('o', 'onnx')], selectedModel: 't' });
    expect([view('models.evaluate').enabled, view('models.finetune').enabled, view('models.export').enabled]).toEqual([
      true,
      true,
      true,
    ]);
    useApp.setState({ selectedModel: 'o' }); // frozen: evaluates, never trains or exports
    expect([view('models.evaluate').enabled, view('models.finetune').enabled, view('models.export').enabled]).toEqual([
      true,
      false,
      false,
    ]);
    useApp.setState({ modelJob: { label: 'evaluate', progress: null, cancel: () => {} } });
    expect([view('models.evaluate').enabled, view('models.cancel').enabled]).toEqual([false, true]);
  });
});
