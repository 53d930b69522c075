import { useEffect, useRef, type KeyboardEvent } from 'react';
import { engine } from '../worker/client';
import { useShortcuts } from './actions';
import { BackendBadge } from './components/BackendBadge';
import { ComparePanel } from './components/ComparePanel';
import { DataPanel } from './components/DataPanel';
import { EmbeddingPanel } from './components/EmbeddingPanel';
import { EvalPanel } from './components/EvalPanel';
import { ExperimentPanel } from './components/ExperimentPanel';
import { InspectorPanel } from './components/InspectorPanel';
import { useApp } from './store';
import { TABS, type TabId } from './store/ui';
import { initialViewState, saveViewState } from './store/view-state';
import { ModelsPanel } from './components/ModelsPanel';
import { ShortcutsHelp } from './components/ShortcutsHelp';
import { StudyPanel } from './components/StudyPanel';
import { BasesPanel } from './components/BasesPanel';

const PANELS: Record<TabId, () => React.JSX.Element> = {
  data: DataPanel,
  evaluation: EvalPanel,
  experiment: ExperimentPanel,
  compare: ComparePanel,
  inspector: InspectorPanel,
  embedding: EmbeddingPanel,
  models: ModelsPanel,
  study: StudyPanel,
  bases: BasesPanel,
};

export function App() {
  const tab = useApp((s) => s.tab);
  const setTab = useApp((s) => s.setTab);
  const started = useRef(false);
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});
  useShortcuts();

  useEffect(() => {
    if (started.current) return; // StrictMode runs effects twice in development
    started.current = true;
    const s = useApp.getState();
    engine().onRunDelta((d) => useApp.getState().applyDelta(d));
    engine().onBaseDelta((d) => useApp.getState().applyBaseDelta(d)); // Bases tab: build progress
    void s.loadBases();
    s.loadConfigFromHash();
    // A reload shows the tab that was open (view-state.ts); a config link opened afresh shows the Experiment tab.
    const savedTab = initialViewState()?.tab;
    const reloaded =
      (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.type === 'reload';
    if (reloaded && savedTab && TABS.some((t) => t.id === savedTab)) s.setTab(savedTab);
    else if (/(?:^#|&)cfg=/.test(location.hash)) s.setTab('experiment');
    useApp.subscribe((st, prev) => {
      if (st.tab !== prev.tab || st.currentRunId !== prev.currentRunId || st.compareIds !== prev.compareIds)
        saveViewState({ tab: st.tab, currentRunId: st.currentRunId, compareIds: st.compareIds });
    });
    window.addEventListener('hashchange', () => useApp.getState().loadConfigFromHash());
    const listed = s.loadInitial().then(() => useApp.getState().loadRuns());
    // The study (Study tab) follows the worker's queue; one interrupted by a reload resumes once data and backend are ready.
    engine().onStudy((st) => useApp.getState().applyStudy(st));
    // Likewise the α-sweep (worker/sweep/sweep.ts): one a reload interrupted carries on by itself.
    engine().onSweep((sw) => useApp.getState().applySweep(sw));
    void Promise.all([listed.catch(() => undefined), s.initBackend()])
      .then(() => useApp.getState().loadStudy({ autoResume: true }))
      .then(() => useApp.getState().loadSweep({ autoResume: true }));
  }, []);

  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = TABS.findIndex((t) => t.id === tab);
    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length].id;
    setTab(next);
    tabRefs.current[next]?.focus();
  };

  return (
    <div className="app">
      <header className="app-header">
        <h1>Hybrid Batch Workbench</h1>
        <div className="header-tools">
          <ShortcutsHelp />
          <BackendBadge />
        </div>
      </header>
      {/* role="tablist" on <nav> itself would cancel its navigation landmark (axe: region). */}
      <nav aria-label="Views">
        <div className="tabs" role="tablist" aria-label="Views" onKeyDown={onKey}>
          {TABS.map((t) => (
            <button
              key={t.id}
              ref={(el) => {
                tabRefs.current[t.id] = el;
              }}
              role="tab"
              id={`tab-${t.id}`}
              aria-selected={tab === t.id}
              aria-controls={`panel-${t.id}`}
              tabIndex={tab === t.id ? 0 : -1}
              className="tab"
              onClick={() => setTab(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
      </nav>
      <main>
        {TABS.map((t) => {
          const Panel = PANELS[t.id];
          // Data and evaluation stay mounted (their state lives in the DOM, e.g. the file input);
          // the run views mount when opened, so hidden charts never re-render on each delta.
          const mount = t.id === 'data' || t.id === 'evaluation' || t.id === 'models' || tab === t.id;
          return (
            <section key={t.id} id={`panel-${t.id}`} role="tabpanel" aria-labelledby={`tab-${t.id}`} hidden={tab !== t.id}>
              {mount ? <Panel /> : null}
            </section>
          );
        })}
      </main>
    </div>
  );
}
