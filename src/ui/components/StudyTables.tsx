import type { Stat, StudyReportJson } from '../../core/experiment/report';

/** Mean over seeds (± sample sd when there are several), like the Markdown report. */
export const fmtStat = (s: Stat | null | undefined, d = 3): string =>
  s ? (s.n > 1 ? `${s.mean.toFixed(d)} ± ${s.sd.toFixed(d)}` : s.mean.toFixed(d)) : '–';
const fp = (p: number) => (p < 0.001 ? p.toExponential(1) : p.toFixed(4));
const signed = (x: number, d: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(d)}`;

export function Table1({ j }: { j: StudyReportJson }) {
  return (
    <table data-testid="study-table1">
      <caption>Table 1 — mAP by setting (cap {j.fullCap}; ours)</caption>
      <thead>
        <tr>
          <th scope="col">strategy</th>
          <th scope="col" className="num">
            α
          </th>
          <th scope="col" className="num">
            monolingual
          </th>
          <th scope="col" className="num">
            cross-lingual
          </th>
          <th scope="col" className="num">
            multilingual
          </th>
        </tr>
      </thead>
      <tbody>
        {j.table1.map((r) => (
          <tr key={r.strategy}>
            <th scope="row">{r.strategy}</th>
            <td className="num">{r.alpha}</td>
            <td className="num">{fmtStat(r.monolingual)}</td>
            <td className="num">{fmtStat(r.crosslingual)}</td>
            <td className="num">{fmtStat(r.multilingual)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Table2({ j }: { j: StudyReportJson }) {
  return (
    <table data-testid="study-table2">
      <caption>Table 2 — language bias (cap {j.fullCap}; ours)</caption>
      <thead>
        <tr>
          <th scope="col">strategy</th>
          <th scope="col" className="num">
            α
          </th>
          <th scope="col" className="num">
            mean max-rank distance (lower = less bias)
          </th>
          <th scope="col" className="num">
            same-language share of top-10
          </th>
        </tr>
      </thead>
      <tbody>
        {j.table2.map((r) => (
          <tr key={r.strategy}>
            <th scope="row">{r.strategy}</th>
            <td className="num">{r.alpha}</td>
            <td className="num">{fmtStat(r.meanMaxRankDistance, 1)}</td>
            <td className="num">{fmtStat(r.sameLanguageTop10)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The paper's published numbers, labelled as the paper's (never mixed into our tables). */
export function PaperTable({ j }: { j: StudyReportJson }) {
  return (
    <table data-testid="study-paper">
      <caption>{j.paper.label}</caption>
      <thead>
        <tr>
          <th scope="col">strategy (paper)</th>
          <th scope="col" className="num">
            α
          </th>
          <th scope="col" className="num">
            mono mAP
          </th>
          <th scope="col" className="num">
            cross mAP
          </th>
          <th scope="col" className="num">
            multi mAP
          </th>
          <th scope="col" className="num">
            rank-distance bias
          </th>
        </tr>
      </thead>
      <tbody>
        {j.paper.rows.map((r) => (
          <tr key={r.strategy}>
            <th scope="row">{r.strategy}</th>
            <td className="num">{r.alpha}</td>
            <td className="num">{r.monolingual.toFixed(3)}</td>
            <td className="num">{r.crosslingual.toFixed(3)}</td>
            <td className="num">{r.multilingual.toFixed(3)}</td>
            <td className="num">{r.rankDistanceBias}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SignificanceTable({ j }: { j: StudyReportJson }) {
  const s = j.significance;
  if (s.rows.length === 0)
    return (
      <p className="muted" data-testid="study-significance">
        {s.note ?? 'No significance tests.'}
      </p>
    );
  return (
    <table data-testid="study-significance">
      <caption>
        Significance: {s.treatment} vs {s.baseline} — paired sign-flip randomization test (
        {s.permutations.toLocaleString('en-US')} permutations), bootstrap 95% CI, Holm-adjusted p
      </caption>
      <thead>
        <tr>
          {[
            'scope',
            'setting',
            'cap',
            'queries',
            s.treatment,
            s.baseline,
            'Δ',
            '95% CI',
            'p',
            'Holm p',
            'd_z',
            'wins / losses / ties',
          ].map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {s.rows.map((r) => (
          <tr key={`${r.scope}-${r.setting}-${r.cap}`}>
            <th scope="row">{r.scope}</th>
            <td>{r.setting}</td>
            <td>{r.cap}</td>
            <td className="num">{r.queries}</td>
            <td className="num">{r.treatmentMean.toFixed(4)}</td>
            <td className="num">{r.baselineMean.toFixed(4)}</td>
            <td className="num">{signed(r.effect.meanDiff, 4)}</td>
            <td className="num">
              [{signed(r.bootstrap.lo, 4)}, {signed(r.bootstrap.hi, 4)}]
            </td>
            <td className="num">{fp(r.randomization.pValue)}</td>
            <td className="num">{fp(r.holmP)}</td>
            <td className="num">{signed(r.effect.cohensDz, 2)}</td>
            <td className="num">
              {r.effect.wins} / {r.effect.losses} / {r.effect.ties}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RunsTable({ j }: { j: StudyReportJson }) {
  const n = (x?: number, d = 3) => (x === undefined ? '–' : x.toFixed(d));
  return (
    <table data-testid="study-report-runs">
      <caption>Every run (final evaluation, every query)</caption>
      <thead>
        <tr>
          {['run', 'cap', 'strategy', 'α', 'seed', 'mono', 'cross', 'multi', 'bias', 'train s'].map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {j.runs.map((r) => (
          <tr key={r.id}>
            <th scope="row">{r.id}</th>
            <td>{r.cap}</td>
            <td>{r.strategy}</td>
            <td className="num">{r.alpha}</td>
            <td className="num">{r.seed}</td>
            <td className="num">{n(r.monolingual)}</td>
            <td className="num">{n(r.crosslingual)}</td>
            <td className="num">{n(r.multilingual)}</td>
            <td className="num">{n(r.bias, 1)}</td>
            <td className="num">{r.seconds === undefined ? '–' : r.seconds.toFixed(0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
