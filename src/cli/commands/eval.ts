/** `cli eval`: zero-shot evaluation of a retriever on a dataset → results.json (+ optional TREC run). */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Bm25Retriever } from '../../core/eval/bm25';
import { evaluate } from '../../core/eval/evaluate';
import type { Retriever, SettingName } from '../../core/eval/types';
import { flag, intFlag, listFlag, parseArgs, refuseIgnored, UsageError } from '../args';
import { CliError } from '../errors';
import { ensureFolder } from '../run-folder';
import { loadDataset, resolveDataPath } from '../data-io';
import { ProgressBar } from '../progress';
import { TrecRunWriter } from '../trec';

export const EVAL_USAGE = `npm run cli -- eval --data <dir|demo> [--split eval|train] --retriever bm25|dense [--model <dir>] --out <results.json>
    [--run <file.trec>] [--langs en,de] [--max-queries-per-lang N] [--settings mono,cross,multi]`;

const SETTING_ALIASES: Record<string, SettingName> = {
  mono: 'monolingual', monolingual: 'monolingual', cross: 'crosslingual', crosslingual: 'crosslingual', multi: 'multilingual', multilingual: 'multilingual',
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
  const a = parseArgs(argv, { data: 'value', split: 'value', retriever: 'value', model: 'value', out: 'value', run: 'value', langs: 'list', 'max-queries-per-lang': 'value', settings: 'list', backend: 'value', 'max-length': 'value' }, 'eval');
  const data = flag(a, 'data');
  const out = flag(a, 'out');
  if (!data || !out) throw new UsageError(`eval needs --data and --out. Usage: ${EVAL_USAGE}`);
  if (existsSync(out) && statSync(out).isDirectory()) throw new CliError(`--out ${out} is a folder; eval writes one JSON file. Fix: give a file name such as ${join(out, 'results.json')}`);
  const retrieverName = flag(a, 'retriever') ?? (flag(a, 'model') ? 'dense' : 'bm25');
  if (retrieverName === 'bm25') refuseIgnored(a, ['model', 'backend', 'max-length'], 'with --retriever bm25 (no model is run)');
  const split = flag(a, 'split');
  if (split !== undefined && split !== 'train' && split !== 'eval') throw new UsageError(`eval: --split must be train or eval, got "${split}"`);
  const dataPath = resolveDataPath(data);
  // Only the demo layout (manifest.json with splits) has splits; elsewhere --split would be ignored.
  if (split !== undefined && !existsSync(join(dataPath, 'manifest.json'))) throw new UsageError(`eval: --split would be ignored: ${data} has no splits (only the demo or a folder with manifest.json has). Fix: leave --split out`);
  const dataset = loadDataset(dataPath, { split: split as 'train' | 'eval' | undefined });
  const langs = listFlag(a, 'langs');
  const unknownLangs = langs?.filter((l) => !dataset.langs.includes(l)) ?? [];
  if (unknownLangs.length) throw new CliError(`--langs ${unknownLangs.join(',')}: not in ${dataset.name} (its languages: ${dataset.langs.join(', ')}). Fix: choose among those`);
  const maxQueries = intFlag(a, 'max-queries-per-lang'), maxLength = intFlag(a, 'max-length');
  const settings = parseSettings(listFlag(a, 'settings'));
  const runPath = flag(a, 'run');
  if (runPath && existsSync(runPath) && statSync(runPath).isDirectory()) throw new CliError(`--run ${runPath} is a folder. Fix: give a file name such as ${join(runPath, 'run.trec')}`);
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
  const result = await evaluate(dataset, retriever, {
    settings,
    langs,
    maxQueriesPerLang: maxQueries,
    onProgress: (p) => bar.update(p.done, p.total, p.phase),
    onRanking: writer ? (qi, ranked, scores) => writer.write(qi, ranked, scores) : undefined,
  });
  await writer?.close();
  retriever.dispose?.();
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  printSummary(result);
}

export function printSummary(r: Awaited<ReturnType<typeof evaluate>>): void {
  const rows: string[] = [];
  for (const [name, s] of Object.entries(r.settings)) {
    if (s) rows.push(`${name.padEnd(13)} map ${s.map.toFixed(4)}  recall@1 ${s['recall@1'].toFixed(4)}  recall@10 ${s['recall@10'].toFixed(4)}  mrr@10 ${s['mrr@10'].toFixed(4)}  ndcg@10 ${s['ndcg@10'].toFixed(4)}  (${s.queries} queries)`);
  }
  if (r.languageBias) rows.push(`language bias (mean max-rank distance) ${r.languageBias.meanMaxRankDistance.toFixed(2)}, same-language top-10 share ${r.languageBias.sameLanguageTop10.toFixed(3)}`);
  rows.push(`${r.counts.queries} queries, ${r.counts.candidates} candidates, ${r.timing.seconds.toFixed(1)} s`);
  process.stderr.write(rows.join('\n') + '\n');
}
