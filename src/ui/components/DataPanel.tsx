import { useApp } from '../store';
import { DatasetCard } from './DatasetCard';
import { ImportBox } from './ImportBox';
import { Preview } from './Preview';

export function DataPanel() {
  const { datasets, demoStatus, demoError } = useApp();
  return (
    <div className="panel">
      <div className="panel-intro">
        <h2>Data</h2>
        <p>The demo dataset loads on start. Import LAReQA files (one <code>&lt;lang&gt;.json</code> per language) to evaluate your own data.</p>
      </div>
      {demoStatus === 'loading' ? <p className="muted" aria-live="polite">Loading the demo dataset…</p> : null}
      {demoStatus === 'error' ? <div className="alert" role="alert">Demo dataset unavailable: {demoError}</div> : null}
      <ImportBox />
      <div className="cards" data-testid="dataset-list">
        {datasets.map((d) => <DatasetCard key={d.id} summary={d} />)}
      </div>
      <Preview />
    </div>
  );
}
