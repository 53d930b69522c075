/** `cli report`: one self-contained HTML file for one or more run bundles (run folders or bundle zips). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildReportHtml } from '../../core/bundle/report-html';
import { flag, listFlag, parseArgs, UsageError } from '../args';
import { readBundleFrom } from '../bundle-io';

export const REPORT_USAGE = 'npm run cli -- report --runs <run folder|bundle.zip>... --out report.html [--title T]';

export async function reportCommand(argv: string[]): Promise<void> {
  const a = parseArgs(argv, { runs: 'list', out: 'value', title: 'value' }, 'report');
  const runs = listFlag(a, 'runs'),
    out = flag(a, 'out');
  if (!runs?.length || !out) throw new UsageError(`report needs --runs and --out\n  ${REPORT_USAGE}`);
  const bundles = [];
  for (const r of runs) bundles.push(await readBundleFrom(r));
  mkdirSync(dirname(out), { recursive: true });
  const html = buildReportHtml(bundles, { title: flag(a, 'title') });
  writeFileSync(out, html);
  process.stderr.write(`report of ${bundles.length} run(s) → ${out} (${(html.length / 1024).toFixed(0)} kB, self-contained)\n`);
}
