/** The last fine-tuning and the last evaluation of the Models tab (models slice). */
import { useShallow } from 'zustand/react/shallow';
import { fmt3 } from '../format';
import { useApp } from '../store';
import { BiasTable } from './BiasTable';
import { TrimResultCard } from './ModelTrim';
import { ResultsTable } from './ResultsTable';

export function ModelResults() {
  const { ftResult, evalResult, trimResult, models } = useApp(
    useShallow((s) => ({ ftResult: s.modelFinetuned, evalResult: s.modelEval, trimResult: s.modelTrimmed, models: s.models })),
  );
  return (
    <>
      {ftResult ? (
        <section
          className="card"
          aria-label="Fine-tuning result"
          data-testid="finetune-result"
          data-steps={ftResult.losses.length}
          data-backend={ftResult.backend}
        >
          <h3>Fine-tuned → {ftResult.model.name}</h3>
          <p>
            {ftResult.losses.length} steps on {ftResult.backend} in {ftResult.seconds.toFixed(1)} s; loss{' '}
            {ftResult.losses.map((l) => l.toFixed(4)).join(' → ')}
          </p>
          {ftResult.final ? (
            <p>
              final mAP:{' '}
              {(['monolingual', 'crosslingual', 'multilingual'] as const)
                .map((s) => `${s} ${fmt3(ftResult.final!.settings[s]?.map)}`)
                .join(' · ')}
            </p>
          ) : null}
        </section>
      ) : null}
      {trimResult ? <TrimResultCard r={trimResult} /> : null}
      {evalResult ? (
        <section aria-label="Evaluation of the model" data-testid="model-eval" data-key={evalResult.key}>
          <h3>Evaluation of {models.find((m) => m.key === evalResult.key)?.name ?? evalResult.key}</h3>
          <p className="muted" data-testid="model-eval-runtime">
            zero-shot, embedded with {evalResult.runtime}
          </p>
          <ResultsTable result={evalResult.result} />
          <BiasTable result={evalResult.result} />
        </section>
      ) : null}
    </>
  );
}
