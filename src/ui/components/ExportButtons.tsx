import type { EvalResult } from '../../core/eval/types';
import { resultsCsv } from './rows';

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ExportButtons({ result }: { result: EvalResult }) {
  const base = `results-${result.dataset}-${result.retriever}`.replace(/[^\w.-]+/g, '_');
  return (
    <div className="export">
      <button type="button" className="secondary" onClick={() => download(`${base}.csv`, 'text/csv', resultsCsv(result))}>Export CSV</button>
      <button type="button" className="secondary" onClick={() => download(`${base}.json`, 'application/json', JSON.stringify(result, null, 2))}>Export JSON</button>
    </div>
  );
}
