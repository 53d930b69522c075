/**
 * A few-second `train` run for CLI tests: a 1-layer, 16-wide encoder from scratch on 8 + 4 synthetic questions
 * in three languages (JSONL pairs written into the test's temp folder), checkpoints every 2 steps.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = resolve(import.meta.dirname, '../..');
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const CLI_ARGS = ['--import', TSX, join(ROOT, 'src/cli/main.ts')];

export function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [...CLI_ARGS, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
}

export function cliAsync(args: string[]): ChildProcess {
  return spawn(process.execPath, [...CLI_ARGS, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
}

const WORDS: Record<string, string[]> = {
  en: ['red', 'blue', 'green', 'cat', 'dog', 'house', 'tree', 'water', 'sun', 'moon', 'car', 'book'],
  de: ['rot', 'blau', 'gruen', 'katze', 'hund', 'haus', 'baum', 'wasser', 'sonne', 'mond', 'auto', 'buch'],
  es: ['rojo', 'azul', 'verde', 'gato', 'perro', 'casa', 'arbol', 'agua', 'sol', 'luna', 'coche', 'libro'],
};

/** Writes train.jsonl, eval.jsonl and tiny.json into `dir`; returns the config path. */
export function writeTinyExperiment(dir: string, overrides: Record<string, unknown> = {}): string {
  for (const [name, from, to] of [
    ['train', 0, 8],
    ['eval', 8, 12],
  ] as const) {
    const lines: string[] = [];
    for (let i = from; i < to; i++)
      for (const [lang, w] of Object.entries(WORDS))
        lines.push(JSON.stringify({ id: `q${i}`, lang, query: `what about ${w[i]}?`, positive: `the ${w[i]} is here ${w[i]}` }));
    writeFileSync(join(dir, `${name}.jsonl`), lines.join('\n') + '\n');
  }
  const cfg = {
    name: 'tiny',
    train: { source: 'path', path: join(dir, 'train.jsonl') },
    eval: { source: 'path', path: join(dir, 'eval.jsonl') },
    baseCheckpoint: null,
    model: { init: 'scratch', vocabSize: 100, hidden: 16, layers: 1, heads: 2, intermediate: 32 },
    steps: 6,
    batchSize: 4,
    warmupSteps: 2,
    evalEvery: 3,
    evalMaxQueriesPerLang: 3,
    checkpointEvery: 2,
    maxLength: 16,
    ...overrides,
  };
  const path = join(dir, `tiny-${Object.keys(overrides).join('-') || 'base'}.json`);
  writeFileSync(path, JSON.stringify(cfg, null, 2));
  return path;
}

export const readEvents = (dir: string): Array<Record<string, any>> =>
  readFileSync(join(dir, 'events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

/** Drops what legitimately differs between two identical runs: wall-clock times and the run's id. */
export function withoutTiming(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(withoutTiming);
  if (x && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x))
      if (!['ms', 'seconds', 'time', 'timing', 'runId'].includes(k)) out[k] = withoutTiming(v);
    return out;
  }
  return x;
}
