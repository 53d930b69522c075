import type { EvalResult } from '../../core/eval/types';
import { fmt3 } from '../format';
import { TABLE_METRICS, resultRows } from './rows';

export function ResultsTable({ result }: { result: EvalResult }) {
  const rows = resultRows(result);
  return (
    <div className="table-wrap">
      <table className="results-table" data-testid="results-table">
        <caption>Retrieval quality per setting and query language (macro-average in bold)</caption>
        <thead>
          <tr>
            <th scope="col">Setting</th>
            <th scope="col">Query lang</th>
            <th scope="col" className="num">
              Queries
            </th>
            {TABLE_METRICS.map((m) => (
              <th key={m} scope="col" className="num">
                {m}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.setting}/${r.lang}`} className={r.lang === 'all' ? 'row-total' : undefined}>
              <td>{r.setting}</td>
              <th scope="row">{r.lang}</th>
              <td className="num">{r.queries}</td>
              {TABLE_METRICS.map((m) => (
                <td key={m} className="num">
                  {fmt3(r.metrics[m])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
