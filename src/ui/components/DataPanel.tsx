import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../store';
import { DatasetCard } from './DatasetCard';
import { ImportBox } from './ImportBox';
import { Preview } from './Preview';
import { SourcesBox } from './SourcesBox';

export function DataPanel() {
  const { datasets, demoStatus, demoError } = useApp(
    useShallow((s) => ({ datasets: s.datasets, demoStatus: s.demoStatus, demoError: s.demoError })),
  );
  return (
    <div className="panel">
      <div className="panel-intro">
        <h2>Data</h2>
        <p>
          The demo dataset loads on start. Get a benchmark (XQuAD-R, DuRetrieval) in one click, or import your own files in any
          supported format; imports and downloads are stored in this browser and work offline.
        </p>
      </div>
      {demoStatus === 'loading' ? (
        <p className="muted" aria-live="polite">
          Loading the demo dataset…
        </p>
      ) : null}
      {demoStatus === 'error' ? (
        <div className="alert" role="alert">
          Demo dataset unavailable: {demoError}
        </div>
      ) : null}
      <SourcesBox />
      <ImportBox />
      <div className="cards" data-testid="dataset-list">
        {datasets.map((d) => (
          <DatasetCard key={d.id} summary={d} />
        ))}
      </div>
      <Preview />
    </div>
  );
}
