import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { BackendBadge } from './components/BackendBadge';
import { DataPanel } from './components/DataPanel';
import { EvalPanel } from './components/EvalPanel';
import { useApp } from './store';

const TABS = [
  { id: 'data', label: 'Data' },
  { id: 'evaluation', label: 'Evaluation' },
] as const;
type TabId = (typeof TABS)[number]['id'];

export function App() {
  const [tab, setTab] = useState<TabId>('data');
  const started = useRef(false);
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});

  useEffect(() => {
    if (started.current) return; // StrictMode runs effects twice in development
    started.current = true;
    const s = useApp.getState();
    void s.loadInitial();
    void s.initBackend();
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
        <BackendBadge />
      </header>
      <nav className="tabs" role="tablist" aria-label="Views" onKeyDown={onKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => { tabRefs.current[t.id] = el; }}
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
      </nav>
      <main>
        <section id="panel-data" role="tabpanel" aria-labelledby="tab-data" hidden={tab !== 'data'}>
          <DataPanel />
        </section>
        <section id="panel-evaluation" role="tabpanel" aria-labelledby="tab-evaluation" hidden={tab !== 'evaluation'}>
          <EvalPanel />
        </section>
      </main>
    </div>
  );
}
