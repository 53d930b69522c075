/**
 * Peak memory of the importers and of pre-training's data path on large synthetic inputs (generated here,
 * deterministic), each case in a fresh Node process so one case's garbage does not count for the next:
 *   jsonl        10⁶-record JSONL pairs file → loadDataset (the CLI's path: read, decode, importJsonlPairs)
 *   lexicon      10⁶-pair MUSE-style en-de.tsv → importLexicon
 *   pretrain     the same lexicon → `cli pretrain --steps 1` (import, vocabulary, model, one step, save)
 * Peak = process.resourceUsage().maxRSS of the child (whole process: V8 heap, buffers, WASM). Target (#15):
 * each under 1 GB. Run: `npx tsx bench/import-memory.ts` → bench/results/import-memory.json.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const REPO = resolve(SELF, '../..');
const RECORDS = Number(process.env.HBW_BENCH_RECORDS ?? 1_000_000);

/** xorshift32: the same files on every run. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

const SYL = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'te', 'vo', 'zu', 'ba', 'de', 'fi', 'go', 'hu', 'ji', 'pe'];
function word(r: () => number): string {
  const n = 2 + Math.floor(r() * 3);
  let w = '';
  for (let i = 0; i < n; i++) w += SYL[Math.floor(r() * SYL.length)];
  return w;
}
const sentence = (r: () => number, n: number) => Array.from({ length: n }, () => word(r)).join(' ');

async function writeLines(path: string, n: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < n; i++) {
    if (!out.write(line(i) + '\n')) await new Promise<void>((ok) => out.once('drain', () => ok()));
  }
  await new Promise<void>((ok, bad) => out.end((e?: Error | null) => (e ? bad(e) : ok())));
}

/** 10⁶ pair lines; every 4 lines share an id (translations: en, de, es, fr), as parallel data does. */
async function makeJsonl(path: string): Promise<void> {
  const r = rng(1);
  const langs = ['en', 'de', 'es', 'fr'];
  await writeLines(path, RECORDS, (i) =>
    JSON.stringify({ id: `q${Math.floor(i / 4)}`, lang: langs[i % 4], query: sentence(r, 6), positive: sentence(r, 14) }),
  );
}

/** 10⁶ `source<TAB>target` lines, ~4 targets per source word (MUSE's shape), sorted by source. */
async function makeLexicon(path: string): Promise<void> {
  const r = rng(2);
  let src = word(r);
  await writeLines(path, RECORDS, (i) => {
    if (i % 4 === 0) src = `${word(r)}${i}`;
    return `${src}\t${word(r)}${i}`;
  });
}

interface Measured {
  case: string;
  input: string;
  inputBytes: number;
  peakRssBytes: number;
  seconds: number;
  detail: string;
}

function child(kase: string, args: string[], input: string): Measured {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', SELF, '--child', kase, ...args], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`${kase} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const m = JSON.parse(r.stdout.trim().split('\n').pop()!) as { peakRssBytes: number; detail: string };
  return {
    case: kase,
    input,
    inputBytes: statSync(input).size,
    peakRssBytes: m.peakRssBytes,
    seconds: (performance.now() - t0) / 1000,
    detail: m.detail,
  };
}

async function runChild(kase: string, args: string[]): Promise<void> {
  let detail = '';
  if (kase === 'jsonl') {
    const { loadDataset } = await import('../src/cli/data-io');
    const d = await loadDataset(args[0]);
    detail = `${d.queries.length} queries, ${d.candidates.length} candidates`;
  } else if (kase === 'lexicon') {
    const { readInput } = await import('../src/cli/data-io');
    const { importLexicon } = await import('../src/core/data/lexicon');
    const p = importLexicon([readInput(args[0])]);
    detail = `${p.pairs.length} pairs`;
  } else if (kase === 'pretrain') {
    const { pretrainCommand } = await import('../src/cli/commands/pretrain');
    await pretrainCommand(['--lexicon', args[0], '--out', args[1], '--steps', '1', '--backend', 'wasm']);
    if (process.exitCode) throw new Error('pretrain failed');
    detail = 'pretrain --steps 1 finished';
  }
  process.stdout.write(JSON.stringify({ peakRssBytes: process.resourceUsage().maxRSS * 1024, detail }) + '\n');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') return runChild(argv[1], argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'hbw-import-mem-'));
  try {
    const jsonl = join(dir, 'pairs.jsonl'),
      lexicon = join(dir, 'en-de.tsv');
    await makeJsonl(jsonl);
    await makeLexicon(lexicon);
    const only = process.env.HBW_BENCH_CASES?.split(',');
    const results: Measured[] = [];
    for (const [kase, args, input] of [
      ['jsonl', [jsonl], jsonl],
      ['lexicon', [lexicon], lexicon],
      ['pretrain', [lexicon, join(dir, 'base')], lexicon],
    ] as const) {
      if (only && !only.includes(kase)) continue;
      const m = child(kase, [...args], input);
      process.stderr.write(
        `${m.case}: ${(m.inputBytes / 1e6).toFixed(1)} MB input → peak RSS ${(m.peakRssBytes / 1e6).toFixed(0)} MB in ${m.seconds.toFixed(1)} s (${m.detail})\n`,
      );
      results.push(m);
    }
    const out = join(REPO, 'bench', 'results', 'import-memory.json');
    mkdirSync(join(REPO, 'bench', 'results'), { recursive: true });
    writeFileSync(
      out,
      JSON.stringify(
        { date: new Date().toISOString(), node: process.version, records: RECORDS, targetBytes: 1e9, results },
        null,
        2,
      ) + '\n',
    );
    process.stderr.write(`→ ${out}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
