import { ConfigForm } from './ConfigForm';
import { LiveCharts } from './LiveCharts';
import { RunControls } from './RunControls';
import { RunList } from './RunList';

export function ExperimentPanel() {
  return (
    <div className="panel">
      <div className="panel-intro">
        <h2>Experiment</h2>
        <p>Fine-tune a tiny encoder with hybrid batches and watch per-language retrieval quality and language bias move. The config is in the page link: copy it to share the experiment.</p>
      </div>
      <div className="experiment-layout">
        <div className="experiment-main">
          <ConfigForm />
          <RunControls />
        </div>
        <RunList />
      </div>
      <LiveCharts />
    </div>
  );
}
