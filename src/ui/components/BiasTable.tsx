import type { EvalResult } from '../../core/eval/types';
import { fmt1, fmt3 } from '../format';

export function BiasTable({ result }: { result: EvalResult }) {
  const b = result.languageBias;
  if (!b) return <p className="muted">Language bias needs the multilingual setting.</p>;
  return (
    <div className="table-wrap">
      <table data-testid="bias-table">
        <caption>
          Language bias in the multilingual pool (lower rank distance is better; same-language top-10 share shows preference for
          the query&apos;s own language)
        </caption>
        <thead>
          <tr>
            <th scope="col">Query lang</th>
            <th scope="col" className="num">
              Mean max-rank distance
            </th>
            <th scope="col" className="num">
              Same-language share of top 10
            </th>
          </tr>
        </thead>
        <tbody>
          {Object.keys(b.byQueryLang).map((l) => (
            <tr key={l}>
              <th scope="row">{l}</th>
              <td className="num">{fmt1(b.byQueryLang[l])}</td>
              <td className="num">{fmt3(b.sameLanguageTop10ByQueryLang[l])}</td>
            </tr>
          ))}
          <tr className="row-total">
            <th scope="row">all</th>
            <td className="num">{fmt1(b.meanMaxRankDistance)}</td>
            <td className="num">{fmt3(b.sameLanguageTop10)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
