/**
 * `cli sweep`: one training run per α (same seed, same everything else) + summary.json, the paper's
 * Table 1/2 shape: per-setting mAP, Recall and language bias per α.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planSweep, runQueue } from '../../core/experiment/queue';
import { boolFlag, flag, listFlag, parseArgs, UsageError } from '../args';
import { RunFailedError } from '../errors';
import { fmt } from '../progress';
import { lockRunFolder } from '../run-lock';
import { ensureFolder } from '../run-folder';
import { failureMessage, loadConfig, TRAIN_FLAGS, trainInto, type TrainOutcome } from './train';

export const SWEEP_USAGE =
  'npm run cli -- sweep [--config <experiment.json>] --alphas 0,0.5,1 --out <dir> [--overwrite] [--steps N] [--seed S] [--backend ...] [--quiet]';

/** train's flags minus --resume (a sweep is not resumed as a whole) and --alpha (--alphas sets it). */
const { resume: _resume, alpha: _alpha, ...SWEEP_FLAGS } = TRAIN_FLAGS;

export function summarize(runs: TrainOutcome[]): Record<string, unknown> {
  const rows = runs.map((r) => {
    const res = r.final?.result;
    const pick = (s: 'monolingual' | 'crosslingual' | 'multilingual') => {
      const m = res?.settings[s];
      return m
        ? { map: m.map, 'recall@1': m['recall@1'], 'recall@10': m['recall@10'], 'mrr@10': m['mrr@10'], 'ndcg@10': m['ndcg@10'] }
        : null;
    };
    return {
      alpha: r.config.alpha,
      seconds: r.seconds,
      error: r.error,
      monolingual: pick('monolingual'),
      crosslingual: pick('crosslingual'),
      multilingual: pick('multilingual'),
      languageBias: res?.languageBias?.meanMaxRankDistance ?? null,
      sameLanguageTop10: res?.languageBias?.sameLanguageTop10 ?? null,
      biasByQueryLang: res?.languageBias?.byQueryLang ?? null,
      mapByQueryLang: res
        ? Object.fromEntries(Object.entries(res.settings.multilingual?.byQueryLang ?? {}).map(([l, m]) => [l, m.map]))
        : null,
    };
  });
  return { runs: rows, config: { ...runs[0]?.config, alpha: runs.map((r) => r.config.alpha) } };
}

export function markdownTable(summary: ReturnType<typeof summarize>): string {
  const rows = summary.runs as Array<Record<string, any>>;
  const f = (x: number | undefined | null, d = 3) => (x === undefined || x === null ? '–' : x.toFixed(d));
  const lines = [
    '| α | mono mAP | cross mAP | multi mAP | multi R@10 | bias (max-rank dist.) | same-lang top-10 | time |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.alpha} | ${f(r.monolingual?.map)} | ${f(r.crosslingual?.map)} | ${f(r.multilingual?.map)} | ${f(r.multilingual?.['recall@10'])} | ${f(r.languageBias, 1)} | ${f(r.sameLanguageTop10)} | ${fmt(r.seconds)} |`,
    );
  return lines.join('\n');
}

/** The α values of --alphas: numbers in [0, 1], each once (0.5 and 0.50 are one run folder, alpha-0.5). */
export function parseAlphas(list: string[] | undefined): number[] {
  const items = list ?? ['0', '0.5', '1'];
  const alphas = items.map((s) => {
    const x = Number(s);
    if (s.trim() === '' || !(x >= 0 && x <= 1)) throw new UsageError(`sweep: --alphas must be numbers in [0, 1], got "${s}"`);
    return x;
  });
  const dup = alphas.find((x, i) => alphas.indexOf(x) !== i);
  if (dup !== undefined)
    throw new UsageError(
      `sweep: --alphas lists α = ${dup} twice (${items.filter((s) => Number(s) === dup).join(' and ')}); each α is one run folder. Fix: give each value once`,
    );
  return alphas;
}

export async function sweepCommand(argv: string[]): Promise<void> {
  const a = parseArgs(argv, { ...SWEEP_FLAGS, alphas: 'list' }, 'sweep');
  const out = flag(a, 'out');
  if (!out) throw new UsageError(`sweep needs --out. Usage: ${SWEEP_USAGE}`);
  const alphas = parseAlphas(listFlag(a, 'alphas'));
  const base = loadConfig(a);
  ensureFolder(out);
  const release = lockRunFolder(out); // and each alpha-<α>/ is locked by trainInto
  try {
    // A sweep is a plan of one run per α through the one run queue; every run is trained afresh (no load).
    const queue = await runQueue<ReturnType<typeof planSweep>[number], TrainOutcome>(planSweep(base, alphas), {
      load: () => undefined,
      execute: (run) =>
        trainInto(run.config, join(out, run.id), {
          backend: flag(a, 'backend'),
          label: `α=${run.alpha}`,
          overwrite: boolFlag(a, 'overwrite'),
          quiet: boolFlag(a, 'quiet'),
        }),
    });
    const runs = queue.results.map((r) => r.result);
    const summary = summarize(runs);
    writeFileSync(join(out, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
    const table = markdownTable(summary);
    writeFileSync(join(out, 'summary.md'), table + '\n');
    process.stderr.write(table + '\n');
    const failed = runs.filter((r) => r.error);
    if (failed.length)
      throw new RunFailedError(
        `sweep: ${failed.length} of ${runs.length} runs failed — ${failed.map((r) => failureMessage(r, join(out, `alpha-${r.config.alpha}`))).join(' | ')}`,
      );
  } finally {
    release();
  }
}
