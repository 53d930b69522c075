import { useId, useState } from 'react';
import { engine } from '../../worker/client';
import type { TrainingBatchView } from '../../worker/runs/run-types';
import { errorMessage } from '../store/types';

/** The texts of one training batch of a run, re-drawn by the worker from the run's seeded sampler. */
export function TrainingBatch({ runId, steps }: { runId: string; steps: number }) {
  const [step, setStep] = useState(0);
  const [batch, setBatch] = useState<TrainingBatchView>();
  const [error, setError] = useState<string>();
  const id = useId();
  const show = async () => {
    setError(undefined);
    try {
      setBatch(await engine().request({ type: 'trainingBatch', runId, step }));
    } catch (e) {
      setError(errorMessage(e));
      setBatch(undefined);
    }
  };
  return (
    <details className="training-batch" data-testid="training-batch">
      <summary>Training batch: what the sampler put together at a step</summary>
      <div className="inspector-bar">
        <div className="field">
          <label htmlFor={id}>Step (0–{Math.max(0, steps - 1)})</label>
          <input
            id={id}
            type="number"
            min={0}
            max={Math.max(0, steps - 1)}
            value={step}
            onChange={(e) => setStep(Math.max(0, Math.floor(Number(e.target.value) || 0)))}
          />
        </div>
        <button type="button" className="secondary" onClick={() => void show()}>
          Show batch
        </button>
      </div>
      {error ? (
        <div className="alert" role="alert">
          {error}
        </div>
      ) : null}
      {batch && batch.runId === runId ? (
        <div className="table-wrap">
          <table data-testid="training-batch-table">
            <caption>
              Step {batch.step}: {batch.kind === 'mono' ? `monolingual batch (${batch.lang})` : 'cross-lingual batch'} of{' '}
              {batch.pairs.length} pairs
              {batch.shortfall > 0 ? ` (${batch.shortfall} short: not enough distinct questions)` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Query</th>
                <th scope="col">Positive passage</th>
                {batch.pairs.some((p) => p.negative) ? <th scope="col">Hard negative</th> : null}
              </tr>
            </thead>
            <tbody>
              {batch.pairs.map((p, i) => (
                <tr key={i}>
                  <td className="num">{i + 1}</td>
                  <td>
                    <span className="tag">{p.queryLang}</span>{' '}
                    <span lang={p.queryLang} dir="auto">
                      {p.query}
                    </span>
                  </td>
                  <td>
                    <span className="tag">{p.passageLang}</span>{' '}
                    <span lang={p.passageLang} dir="auto">
                      {p.positive}
                    </span>
                  </td>
                  {batch.pairs.some((x) => x.negative) ? (
                    <td lang={p.passageLang} dir="auto">
                      {p.negative ?? ''}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </details>
  );
}
