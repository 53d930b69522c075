import type { EvalResult } from '../../core/eval/types';
import { downloadText } from '../export';
import { resultsCsv } from './rows';

export function ExportButtons({ result, name }: { result: EvalResult; name?: string }) {
  const base = (name ?? `results-${result.dataset}-${result.retriever}`).replace(/[^\w.-]+/g, '_');
  return (
    <div className="export">
      <button type="button" className="secondary" onClick={() => downloadText(`${base}.csv`, 'text/csv', resultsCsv(result))}>
        Export CSV
      </button>
      <button
        type="button"
        className="secondary"
        onClick={() => downloadText(`${base}.json`, 'application/json', JSON.stringify(result, null, 2))}
      >
        Export JSON
      </button>
    </div>
  );
}
