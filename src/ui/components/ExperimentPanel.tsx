import { ConfigForm } from './ConfigForm';
import { LiveCharts } from './LiveCharts';
import { RunControls } from './RunControls';
import { RunList } from './RunList';
import { SweepForm } from './SweepForm';
import { TourButton } from './Tour';

/**
 * The first screen (the app opens here): what the experiment is about in three sentences, the run controls in a
 * toolbar that stays in view while the form scrolls, the form and the run list, then the live charts.
 */
export function ExperimentPanel() {
  return (
    <div className="panel">
      <div className="panel-intro" data-testid="experiment-intro">
        <h2>Experiment</h2>
        <p>
          A dual encoder learns to find the passage that answers a question in any of several languages. Each training batch is{' '}
          <strong>monolingual</strong> (questions and passages in one language) with probability <strong>α</strong>, and{' '}
          <strong>cross-lingual</strong> (each question paired with a passage in another language) otherwise: α = 1 trains on
          monolingual batches only, α = 0 on cross-lingual ones only, and α = 0.5 is the paper's <em>hybrid</em>.{' '}
          <strong>Language bias</strong> is how far apart an encoder ranks the translations of the right answer (lower is better):
          press Start and watch per-language mAP and bias move as it trains.
        </p>
        <TourButton />
      </div>
      <div className="run-controls-sticky">
        <RunControls />
      </div>
      <div className="experiment-layout">
        <div className="experiment-main">
          <ConfigForm />
          <SweepForm />
        </div>
        <RunList />
      </div>
      <LiveCharts />
    </div>
  );
}
