/** `cli eval`: zero-shot evaluation of a retriever on a dataset → results.json (+ optional TREC run). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Bm25Retriever } from '../../core/eval/bm25';
import { evaluate } from '../../core/eval/evaluate';
import type { Retriever, SettingName } from '../../core/eval/types';
import { flag, intFlag, listFlag, parseArgs, UsageError } from '../args';
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
  if (!data || !out) throw new UsageError(`eval needs --data and --out\n  ${EVAL_USAGE}`);
  const split = flag(a, 'split') as 'train' | 'eval' | undefined;
  const dataset = await loadDataset(resolveDataPath(data), { split });
  const retrieverName = flag(a, 'retriever') ?? (flag(a, 'model') ? 'dense' : 'bm25');
  let retriever: Retriever;
  if (retrieverName === 'bm25') retriever = new Bm25Retriever();
  else if (retrieverName === 'dense') {
    const model = flag(a, 'model');
    if (!model) throw new UsageError('--retriever dense needs --model <model or checkpoint folder>');
    const { encoderRetriever } = await import('../encoder-retriever');
    retriever = await encoderRetriever(model, flag(a, 'backend'), intFlag(a, 'max-length'));
  } else throw new UsageError(`unknown retriever "${retrieverName}"; use bm25, or dense with --model <dir>`);

  const bar = new ProgressBar(`eval ${dataset.name} (${retriever.name})`);
  const runPath = flag(a, 'run');
  const writer = runPath ? new TrecRunWriter(runPath, dataset, retriever.name) : undefined;
  const result = await evaluate(dataset, retriever, {
    settings: parseSettings(listFlag(a, 'settings')),
    langs: listFlag(a, 'langs'),
    maxQueriesPerLang: intFlag(a, 'max-queries-per-lang'),
    onProgress: (p) => bar.update(p.done, p.total, p.phase),
    onRanking: writer ? (qi, ranked, scores) => writer.write(qi, ranked, scores) : undefined,
  });
  await writer?.close();
  retriever.dispose?.();
  mkdirSync(dirname(out), { recursive: true });
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
