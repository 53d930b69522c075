/**
 * `cli batches`: the experiment's hybrid batches as the recipe's DDP run sees them — one JSON line per
 * (step, rank): kind, mono language, languages, pair ids `<queryLang>><passageLang>:<xlingId>`. The recipe's
 * `python3 hybrid_sampler.py --steps N --world-size W --out f` writes the same bytes (src/core/recipe/batches.ts).
 */
import { createWriteStream } from 'node:fs';
import { rankBatchLines, samplerForConfig, perRankSize } from '../../core/recipe/batches';
import { flag, intFlag, parseArgs, UsageError } from '../args';
import { loadConfig, loadRef } from './train';

export const BATCHES_USAGE = 'npm run cli -- batches --config <experiment.json> --steps N [--world-size W] --out batches.jsonl';

export async function batchesCommand(argv: string[]): Promise<void> {
  const a = parseArgs(argv, { config: 'value', steps: 'value', 'world-size': 'value', out: 'value' }, 'batches');
  const out = flag(a, 'out');
  const steps = intFlag(a, 'steps');
  if (!out || steps === undefined) throw new UsageError(`batches needs --steps and --out\n  ${BATCHES_USAGE}`);
  const world = intFlag(a, 'world-size') ?? 1;
  // Only --config: loadConfig would read --steps as an override of the experiment's own steps.
  const cfg = loadConfig({ ...a, flags: new Map([...a.flags].filter(([k]) => k === 'config')) });
  try {
    perRankSize(cfg.batchSize, world);
  } catch (e) {
    throw new UsageError(`batches: --world-size ${world}: ${(e as Error).message}`);
  }
  const sampler = samplerForConfig(cfg, await loadRef(cfg.train));
  const stream = createWriteStream(out);
  for (const line of rankBatchLines(sampler, steps, world)) {
    if (!stream.write(line + '\n')) await new Promise<void>((res) => stream.once('drain', () => res()));
  }
  await new Promise<void>((res, rej) => stream.end((err?: Error | null) => (err ? rej(err) : res())));
  process.stderr.write(`batches: ${steps} steps × ${world} ranks (${cfg.batchSize / world} pairs each) → ${out}\n`);
}
