#!/usr/bin/env node
/**
 * Headless entry point: `npm run cli -- <command> [options]`. Every error goes through one handler
 * (errors.ts): one line naming file, record, field and fix, and an exit code — 1 bad input, 2 usage,
 * 3 run failed, 70 internal. A stack trace only with --debug or HBW_DEBUG=1.
 */
import * as tf from '@tensorflow/tfjs';
import { debugRequested, describeError, EXIT, takeOverProcessHandlers } from './errors';
import { EVAL_USAGE, evalCommand } from './commands/eval';
import { TRAIN_USAGE, trainCommand } from './commands/train';
import { SWEEP_USAGE, sweepCommand } from './commands/sweep';
import { EMBED_USAGE, embedCommand } from './commands/embed';
import { PRETRAIN_USAGE, pretrainCommand } from './commands/pretrain';
import { EXPORT_USAGE, exportCommand } from './commands/export';
import { STUDY_USAGE, studyCommand } from './commands/study';
import { BATCHES_USAGE, batchesCommand } from './commands/batches';
import { RECIPE_USAGE, recipeCommand } from './commands/recipe';
import { TRIM_VOCAB_USAGE, trimVocabCommand } from './commands/trim-vocab';
import { REPORT_USAGE, reportCommand } from './commands/report';
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
  recipe: { usage: RECIPE_USAGE, run: recipeCommand },
  batches: { usage: BATCHES_USAGE, run: batchesCommand },
  'trim-vocab': { usage: TRIM_VOCAB_USAGE, run: trimVocabCommand },
  report: { usage: REPORT_USAGE, run: reportCommand },
  'fetch-data': { usage: FETCH_DATA_USAGE, run: fetchDataCommand },
};

function help(): string {
  return ['Hybrid Batch Workbench CLI', '', ...Object.values(COMMANDS).map((c) => '  ' + c.usage)].join('\n');
}

// PROD: skip tfjs debug checks and its console notes (e.g. the tfjs-node advert printed on first CPU use).
tf.env().set('PROD', true);

const DEBUG = debugRequested(process.argv.slice(2));
takeOverProcessHandlers(DEBUG);

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv.filter((a) => a !== '--debug');
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help() + '\n');
    return EXIT.ok;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    process.stderr.write(
      `error: unknown command "${name}". Fix: use one of ${Object.keys(COMMANDS).join(', ')} (npm run cli -- --help)\n`,
    );
    return EXIT.usage;
  }
  try {
    await cmd.run(rest);
    return EXIT.ok;
  } catch (e) {
    const { code, text } = describeError(e, DEBUG);
    process.stderr.write(text + '\n');
    return code;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(describeError(e, DEBUG).text + '\n');
    process.exit(EXIT.internal);
  },
);
