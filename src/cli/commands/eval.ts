/** `cli eval`: zero-shot evaluation of a retriever on a dataset → results.json (+ optional TREC run). */
import { createReadStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { writeBundle } from '../../core/bundle/files';
import { APP } from '../../core/bundle/environment';
import { buildManifest } from '../../core/bundle/manifest';
import { RankingsCollector } from '../../core/bundle/rankings';
import type { RunBundle } from '../../core/bundle/types';
import type { Dataset } from '../../core/data/types';
import { Bm25Retriever } from '../../core/eval/bm25';
import { evaluate } from '../../core/eval/evaluate';
import { TrecRunEvaluator } from '../../core/eval/from-run';
import type { EvalResult, Retriever, SettingName } from '../../core/eval/types';
import { flag, intFlag, listFlag, parseArgs, refuseIgnored, UsageError } from '../args';
import { CliError } from '../errors';
import { ensureFolder } from '../run-folder';
import { loadDataset, resolveDataPath } from '../data-io';
import { ProgressBar } from '../progress';
import { TrecRunWriter } from '../trec';

export const EVAL_USAGE = `npm run cli -- eval --data <dir|demo> [--split eval|train] --retriever bm25|dense [--model <dir>] --out <results.json>
    [--run <file.trec>] [--langs en,de] [--max-queries-per-lang N] [--settings mono,cross,multi]
  npm run cli -- eval --data <dir|demo> [--split eval|train] --from-run <run.trec> --out <results.json> [--langs ..] [--settings ..]
  either form: [--bundle <dir>] also writes a run bundle (run.json, experiment.json, results.json, rankings.json)`;

const SETTING_ALIASES: Record<string, SettingName> = {
  mono: 'monolingual',
  monolingual: 'monolingual',
  cross: 'crosslingual',
  crosslingual: 'crosslingual',
  multi: 'multilingual',
  multilingual: 'multilingual',
};

export function parseSettings(list: string[] | undefined): SettingName[] | undefined {
  if (!list) return undefined;
  return list.map((s) => {
    const v = SETTING_ALIASES[s];
    if (!v) throw new UsageError(`unknown setting "${s}"; use mono, cross, multi`);
    return v;
  });
}

export async function evalCommand(argv: string[]): Promise<void> {
  const a = parseArgs(
    argv,
    {
      data: 'value',
      split: 'value',
      retriever: 'value',
      model: 'value',
      out: 'value',
      run: 'value',
      langs: 'list',
      'max-queries-per-lang': 'value',
      settings: 'list',
      backend: 'value',
      'max-length': 'value',
      'from-run': 'value',
      bundle: 'value',
    },
    'eval',
  );
  const data = flag(a, 'data');
  const out = flag(a, 'out');
  if (!data || !out) throw new UsageError(`eval needs --data and --out. Usage: ${EVAL_USAGE}`);
  if (existsSync(out) && statSync(out).isDirectory())
    throw new CliError(
      `--out ${out} is a folder; eval writes one JSON file. Fix: give a file name such as ${join(out, 'results.json')}`,
    );
  const fromRun = flag(a, 'from-run');
  const bundleDir = flag(a, 'bundle');
  if (fromRun) {
    for (const k of ['retriever', 'model', 'run', 'max-queries-per-lang', 'backend', 'max-length'] as const)
      if (flag(a, k) !== undefined) throw new UsageError(`--from-run evaluates a ranking made elsewhere; drop --${k}`);
    const split = flag(a, 'split');
    if (split !== undefined && split !== 'train' && split !== 'eval')
      throw new UsageError(`eval: --split must be train or eval, got "${split}"`);
    const dataset = await loadDataset(resolveDataPath(data), { split: split as 'train' | 'eval' | undefined });
    const rankings = bundleDir ? new RankingsCollector(dataset) : undefined;
    ensureFolder(dirname(out), 'the folder of --out');
    const result = await evaluateRunFile(dataset, fromRun, {
      settings: parseSettings(listFlag(a, 'settings')),
      langs: listFlag(a, 'langs'),
      onRanking: rankings && ((qi, r, sc) => rankings.add(qi, r, sc)),
    });
    writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
    if (bundleDir) writeEvalBundle(bundleDir, argv, result, rankings!, 'trec-import', `run ${result.fromRun.tag}`);
    printSummary(result);
    const f = result.fromRun;
    process.stderr.write(
      `${f.lines} lines, ${f.queries} of ${f.datasetQueries} queries ranked, ${f.truncatedQueries} truncated; bias over ${f.biasQueries} of ${f.multilingualQueries} multilingual queries (every relevant item ranked)\n`,
    );
    return;
  }
  const retrieverName = flag(a, 'retriever') ?? (flag(a, 'model') ? 'dense' : 'bm25');
  if (retrieverName === 'bm25') refuseIgnored(a, ['model', 'backend', 'max-length'], 'with --retriever bm25 (no model is run)');
  const split = flag(a, 'split');
  if (split !== undefined && split !== 'train' && split !== 'eval')
    throw new UsageError(`eval: --split must be train or eval, got "${split}"`);
  const dataPath = resolveDataPath(data);
  // Only the demo layout (manifest.json with splits) has splits; elsewhere --split would be ignored.
  if (split !== undefined && !existsSync(join(dataPath, 'manifest.json')))
    throw new UsageError(
      `eval: --split would be ignored: ${data} has no splits (only the demo or a folder with manifest.json has). Fix: leave --split out`,
    );
  const dataset = await loadDataset(dataPath, { split: split as 'train' | 'eval' | undefined });
  const langs = listFlag(a, 'langs');
  const unknownLangs = langs?.filter((l) => !dataset.langs.includes(l)) ?? [];
  if (unknownLangs.length)
    throw new CliError(
      `--langs ${unknownLangs.join(',')}: not in ${dataset.name} (its languages: ${dataset.langs.join(', ')}). Fix: choose among those`,
    );
  const maxQueries = intFlag(a, 'max-queries-per-lang'),
    maxLength = intFlag(a, 'max-length');
  const settings = parseSettings(listFlag(a, 'settings'));
  const runPath = flag(a, 'run');
  if (runPath && existsSync(runPath) && statSync(runPath).isDirectory())
    throw new CliError(`--run ${runPath} is a folder. Fix: give a file name such as ${join(runPath, 'run.trec')}`);
  ensureFolder(dirname(out), 'the folder of --out');
  if (runPath) ensureFolder(dirname(runPath), 'the folder of --run');
  let retriever: Retriever;
  if (retrieverName === 'bm25') retriever = new Bm25Retriever();
  else if (retrieverName === 'dense') {
    const model = flag(a, 'model');
    if (!model) throw new UsageError('--retriever dense needs --model <model or checkpoint folder>');
    const { encoderRetriever } = await import('../encoder-retriever');
    retriever = await encoderRetriever(model, flag(a, 'backend'), maxLength);
  } else throw new UsageError(`unknown retriever "${retrieverName}"; use bm25, or dense with --model <dir>`);

  const bar = new ProgressBar(`eval ${dataset.name} (${retriever.name})`);
  const writer = runPath ? new TrecRunWriter(runPath, dataset, retriever.name) : undefined;
  const rankings = bundleDir ? new RankingsCollector(dataset) : undefined;
  const result = await evaluate(dataset, retriever, {
    settings,
    langs,
    maxQueriesPerLang: maxQueries,
    onProgress: (p) => bar.update(p.done, p.total, p.phase),
    onRanking:
      writer || rankings
        ? async (qi, ranked, scores) => {
            rankings?.add(qi, ranked, scores);
            await writer?.write(qi, ranked, scores);
          }
        : undefined,
  });
  await writer?.close();
  retriever.dispose?.();
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  if (bundleDir) writeEvalBundle(bundleDir, argv, result, rankings!, 'cli', retriever.name);
  printSummary(result);
}

/**
 * An evaluation as a run bundle, so it opens like any run (browser import, `report`). experiment.json records
 * the command (there is no training config): `{"kind": "evaluation", "argv": [...]}`.
 */
function writeEvalBundle(
  dir: string,
  argv: string[],
  result: EvalResult,
  rankings: RankingsCollector,
  tool: 'cli' | 'trec-import',
  name: string,
): void {
  mkdirSync(dir, { recursive: true });
  const id = `eval-${result.dataset}-${Date.now().toString(36)}`;
  const files = writeBundle({
    manifest: buildManifest({
      id,
      name,
      status: 'finished',
      origin: { tool, version: APP.version, host: hostname() },
      files: { rankings: 'rankings.json' },
    }),
    experiment: { kind: 'evaluation', name, argv, dataset: result.dataset, retriever: result.retriever },
    results: result as RunBundle['results'],
    rankings: rankings.result(),
  });
  for (const [p, bytes] of Object.entries(files)) writeFileSync(join(dir, p), bytes);
}

/** Streams a TREC run file line by line (runs of full rankings are hundreds of MB). */
export async function evaluateRunFile(
  dataset: Dataset,
  path: string,
  opts: Parameters<TrecRunEvaluator['evaluate']>[0],
): Promise<ReturnType<TrecRunEvaluator['evaluate']>> {
  const ev = new TrecRunEvaluator(dataset, path);
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let no = 0;
  for await (const line of lines) ev.add(line, ++no);
  return ev.evaluate(opts);
}

export function printSummary(r: Awaited<ReturnType<typeof evaluate>>): void {
  const rows: string[] = [];
  for (const [name, s] of Object.entries(r.settings)) {
    if (s)
      rows.push(
        `${name.padEnd(13)} map ${s.map.toFixed(4)}  recall@1 ${s['recall@1'].toFixed(4)}  recall@10 ${s['recall@10'].toFixed(4)}  mrr@10 ${s['mrr@10'].toFixed(4)}  ndcg@10 ${s['ndcg@10'].toFixed(4)}  (${s.queries} queries)`,
      );
  }
  if (r.languageBias)
    rows.push(
      `language bias (mean max-rank distance) ${r.languageBias.meanMaxRankDistance.toFixed(2)}, same-language top-10 share ${r.languageBias.sameLanguageTop10.toFixed(3)}`,
    );
  rows.push(`${r.counts.queries} queries, ${r.counts.candidates} candidates, ${r.timing.seconds.toFixed(1)} s`);
  process.stderr.write(rows.join('\n') + '\n');
}
