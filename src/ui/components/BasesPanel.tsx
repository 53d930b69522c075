import { useApp } from '../store';
import { BaseBuildForm } from './BaseBuildForm';
import { BaseBuildProgress } from './BaseBuildProgress';
import { BaseList } from './BaseList';

/** Cross-lingual bases: the shipped one and those built here; build one from lexicons / bitext. */
export function BasesPanel() {
  const error = useApp((s) => s.basesError);
  return (
    <div className="panel">
      <div className="panel-intro">
        <h2>Cross-lingual bases</h2>
        <p>
          A base is an encoder pre-trained to place translations of a word or sentence together (InfoNCE on translation pairs from
          lexicons and bitext). Fine-tuning from a base instead of from scratch raises cross-lingual retrieval; evaluate a base
          alone to see what it brings before any QA training.
        </p>
      </div>
      {error ? (
        <div className="alert" role="alert">
          {error}
        </div>
      ) : null}
      <BaseList />
      <BaseBuildForm />
      <BaseBuildProgress />
    </div>
  );
}
