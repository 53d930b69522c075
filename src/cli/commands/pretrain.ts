/**
 * `cli pretrain`: a cross-lingual base from bilingual lexicons and bitext → a model folder (HF layout) with
 * lineage.json, pretrain.json (config verbatim), events.jsonl and results.json (translation ranking before/after).
 */
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importBitext } from '../../core/data/bitext';
import { importLexicon, mergeTranslationPairs, type TranslationPairs } from '../../core/data/lexicon';
import { trainingCorpus } from '../../core/experiment/setup';
import { parseVocabTxt } from '../../core/model/vocab-prune';
import { checkFiniteCheckpoint } from '../../core/train/checkpoint';
import { baseModelFiles, baseVocabCorpus, newBaseEncoder, pretrainLineage } from '../../core/train/base-recipe';
import { runPretraining, type PretrainConfig, type PretrainEvent } from '../../core/train/pretrain';
import { resolvePretrainConfig } from '../../core/train/pretrain-config';
import { cliBackend } from '../backend';
import { boolFlag, flag, intFlag, listFlag, parseArgs, refuseIgnored, UsageError } from '../args';
import { CliError, RunFailedError } from '../errors';
import { lockRunFolder } from '../run-lock';
import { ensureFolder } from '../run-folder';
import { loadDataset, readInput, resolveDataPath } from '../data-io';
import { writeModelFolder } from '../model-io';
import { fmt, ProgressBar } from '../progress';

export const PRETRAIN_USAGE =
  'npm run cli -- pretrain --lexicon <tsv>... [--bitext <file>...] --out <dir> [--overwrite] [--vocab-from <data|demo>...] [--vocab-file <vocab.txt> [--lowercase]] [--config <pretrain.json>] [--steps N] [--seed S] [--backend ...] [--quiet]';

/** What pretrain writes into --out: a base it would replace. */
const BASE_FILES = [
  'pretrain.json',
  'events.jsonl',
  'results.json',
  'config.json',
  'model.safetensors',
  'tokenizer.json',
  'tokenizer_config.json',
  'vocab.txt',
  'lineage.json',
];

export function loadTranslationPairs(lexicons: string[], bitexts: string[], maxConcepts?: number): TranslationPairs {
  const parts: TranslationPairs[] = [];
  if (lexicons.length) parts.push(importLexicon(lexicons.map(readInput), { maxConcepts }));
  if (bitexts.length) parts.push(importBitext(bitexts.map(readInput)));
  if (!parts.length) throw new UsageError(`pretrain needs at least one --lexicon or --bitext\n  ${PRETRAIN_USAGE}`);
  return parts.length === 1 ? parts[0] : mergeTranslationPairs(parts);
}

export async function pretrainCommand(argv: string[]): Promise<void> {
  const a = parseArgs(
    argv,
    {
      lexicon: 'list',
      bitext: 'list',
      out: 'value',
      overwrite: 'bool',
      'vocab-from': 'list',
      'vocab-file': 'value',
      lowercase: 'bool',
      config: 'value',
      steps: 'value',
      seed: 'value',
      backend: 'value',
      quiet: 'bool',
    },
    'pretrain',
  );
  const out = flag(a, 'out');
  if (!out) throw new UsageError(`pretrain needs --out. Usage: ${PRETRAIN_USAGE}`);
  if (!flag(a, 'vocab-file')) refuseIgnored(a, ['lowercase'], 'without --vocab-file (a learned vocabulary is always lowercased)');
  const cfgPath = flag(a, 'config');
  let raw: Record<string, unknown> = {};
  if (cfgPath) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(cfgPath, 'utf8'));
    } catch (e) {
      throw new CliError(
        `--config ${cfgPath}: ${(e as Error).message}. Fix: give the path of a pre-training config (a JSON object)`,
      );
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new CliError(`--config ${cfgPath}: expected a JSON object. Fix: write the config as {"steps": 600, ...}`);
    raw = parsed as Record<string, unknown>;
  }
  const steps = intFlag(a, 'steps'),
    seed = intFlag(a, 'seed');
  if (steps !== undefined) raw.steps = steps;
  if (seed !== undefined) raw.seed = seed;
  const cfg: PretrainConfig = resolvePretrainConfig(raw); // ConfigError names the field and the fix
  const lexicons = a.flags.get('lexicon') ?? [],
    bitexts = a.flags.get('bitext') ?? [];
  const data = loadTranslationPairs(lexicons, bitexts, cfg.maxConceptsPerLexicon ?? undefined);
  const backend = await cliBackend(flag(a, 'backend'));

  // The vocabulary must cover what the base will later be fine-tuned and evaluated on, so it is learned from
  // the translation pairs plus the training split of any --vocab-from datasets.
  // (core/train/base-recipe.ts: the same recipe as the browser's "Build a base".)
  const vocabFrom = listFlag(a, 'vocab-from') ?? [];
  const extra: string[] = [];
  for (const d of vocabFrom) extra.push(...trainingCorpus(await loadDataset(resolveDataPath(d), { split: 'train' })));
  const vocabFile = flag(a, 'vocab-file');
  if (vocabFile && !existsSync(vocabFile))
    throw new CliError(`--vocab-file ${vocabFile}: no such file. Fix: give a WordPiece vocab.txt (one token per line)`);
  const encoder = newBaseEncoder(
    cfg,
    baseVocabCorpus(data, extra),
    vocabFile
      ? {
          vocab: parseVocabTxt(readFileSync(vocabFile, 'utf8'), vocabFile),
          lowercase: a.flags.has('lowercase'), // mBERT's vocabulary is cased
          onStats: (st) =>
            process.stderr.write(
              `vocabulary ${vocabFile}: ${st.kept} of ${st.original} tokens kept (${st.used} used by the corpus + ${st.singleChars} single characters); ${st.unkWords} of ${st.words} corpus words are [UNK]\n`,
            ),
        }
      : undefined,
  );

  ensureFolder(out);
  const release = lockRunFolder(out);
  try {
    const existing = BASE_FILES.filter((f) => existsSync(join(out, f)));
    if (existing.length && !boolFlag(a, 'overwrite'))
      throw new CliError(
        `${out} already holds a base (${existing.join(', ')}). Fix: choose another --out, or add --overwrite to replace it`,
      );
    for (const f of existing) rmSync(join(out, f), { force: true });
    writeFileSync(
      join(out, 'pretrain.json'),
      JSON.stringify(
        { ...cfg, lexicons, bitexts, vocabFrom, ...(vocabFile ? { vocabFile, lowercase: a.flags.has('lowercase') } : {}) },
        null,
        2,
      ) + '\n',
    );
    const eventsPath = join(out, 'events.jsonl');
    writeFileSync(eventsPath, '');
    const bar = new ProgressBar('pretrain', boolFlag(a, 'quiet'));
    const evals: Array<Extract<PretrainEvent, { type: 'translation-eval' }>> = [];
    let error: string | undefined,
      seconds = 0;
    try {
      for await (const ev of runPretraining({ config: cfg, data, encoder, backend: backend.name })) {
        appendFileSync(eventsPath, JSON.stringify(ev) + '\n');
        if (ev.type === 'step') bar.update(ev.step, cfg.steps, `loss ${ev.loss.toFixed(4)}`);
        if (ev.type === 'translation-eval') {
          evals.push(ev);
          process.stderr.write(
            `translation ranking @${ev.step}: loss ${ev.loss.toFixed(4)}, top-1 ${(ev.accuracy * 100).toFixed(1)}% (${ev.pairs} held-out pairs)\n`,
          );
        }
        if (ev.type === 'error') error = ev.message;
        if (ev.type === 'done') seconds = ev.seconds;
      }
      if (error) throw new RunFailedError(`pre-training ${out} failed: ${error}. No base was written`);
      // A base full of NaN must not be written: the weights are checked like a checkpoint's (core/train/checkpoint.ts).
      await checkFiniteCheckpoint(encoder.allVariables(), { step: cfg.steps, m: {}, v: {} }, cfg.steps).catch((e: Error) => {
        throw new RunFailedError(`pre-training ${out} failed: ${e.message}`);
      });
      const lineage = [pretrainLineage([...lexicons, ...bitexts], cfg)];
      writeModelFolder(out, await baseModelFiles(encoder, lineage));
      writeFileSync(
        join(out, 'results.json'),
        JSON.stringify({ translationRanking: evals, seconds, pairs: data.pairs.length, langs: data.langs, lineage }, null, 2) +
          '\n',
      );
    } finally {
      encoder.dispose();
    }
    process.stderr.write(`base written to ${out} in ${fmt(seconds)}\n`);
  } finally {
    release();
  }
}
