#!/usr/bin/env node
/**
 * Headless entry point: `npm run cli -- <command> [options]`. Errors print one clear line (file, record,
 * field, fix) and exit 1; usage errors exit 2. Never a stack trace for bad input.
 */
import * as tf from '@tensorflow/tfjs';
import { DataImportError } from '../core/data/errors';
import { ConfigError } from '../core/experiment/config';
import { UsageError } from './args';
import { EVAL_USAGE, evalCommand } from './commands/eval';
import { TRAIN_USAGE, trainCommand } from './commands/train';
import { SWEEP_USAGE, sweepCommand } from './commands/sweep';
import { EMBED_USAGE, embedCommand } from './commands/embed';
import { PRETRAIN_USAGE, pretrainCommand } from './commands/pretrain';
import { EXPORT_USAGE, exportCommand } from './commands/export';
import { STUDY_USAGE, studyCommand } from './commands/study';
import { FETCH_DATA_USAGE, fetchDataCommand } from './commands/fetch-data';

type Command = { usage: string; run: (argv: string[]) => Promise<void> };

const COMMANDS: Record<string, Command> = {
  eval: { usage: EVAL_USAGE, run: evalCommand },
  train: { usage: TRAIN_USAGE, run: trainCommand },
  sweep: { usage: SWEEP_USAGE, run: sweepCommand },
  embed: { usage: EMBED_USAGE, run: embedCommand },
  pretrain: { usage: PRETRAIN_USAGE, run: pretrainCommand },
  export: { usage: EXPORT_USAGE, run: exportCommand },
  study: { usage: STUDY_USAGE, run: studyCommand },
  'fetch-data': { usage: FETCH_DATA_USAGE, run: fetchDataCommand },
};

function help(): string {
  return ['Hybrid Batch Workbench CLI', '', ...Object.values(COMMANDS).map((c) => '  ' + c.usage)].join('\n');
}

// PROD: skip tfjs debug checks and its console notes (e.g. the tfjs-node advert printed on first CPU use).
tf.env().set('PROD', true);

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') { process.stdout.write(help() + '\n'); return 0; }
  const cmd = COMMANDS[name];
  if (!cmd) { process.stderr.write(`unknown command "${name}"\n\n${help()}\n`); return 2; }
  try {
    await cmd.run(rest);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`error: ${e.message}\n`); return 2; }
    if (e instanceof DataImportError || e instanceof ConfigError) { process.stderr.write(`error: ${e.message}\n`); return 1; }
    if (e instanceof Error && (e as NodeJS.ErrnoException).code && (e as NodeJS.ErrnoException).path) {
      process.stderr.write(`error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
