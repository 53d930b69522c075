/**
 * Shared plumbing of `npm run bench`: machine/version report, repeat statistics, the Python peer runner,
 * result files (bench/results/<name>.json) and the generated table in bench/README.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import type { BackendPreference } from '../../src/core/util/backend';
import { describeNodeBackend, initNodeBackend, type NodeBackendInfo } from '../../src/node/backend';

export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = resolve(BENCH_DIR, '..');
export const RESULTS_DIR = join(BENCH_DIR, 'results');
/** Scratch files shared with the peers (weights, ids, ONNX, embeddings); git-ignored by bench/.gitignore. */
export const CACHE_DIR = join(BENCH_DIR, '.cache');
export const PYTHON = '/usr/bin/python3';

export interface Stats {
  median: number;
  min: number;
  max: number;
  n: number;
  values: number[];
}

export function stats(values: number[]): Stats {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  const median = n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  return { median, min: s[0], max: s[n - 1], n, values };
}

/** Relative spread (max − min) / median, for the README. */
export const spread = (s: Stats): number => (s.max - s.min) / s.median;

export function log(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

function pkgVersion(name: string): string | null {
  const p = join(REPO_DIR, 'node_modules', name, 'package.json');
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as { version: string }).version : null;
}

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  freeMemoryBytes: number;
  /** 1/5/15-minute load averages when the benchmark started: > cores means other jobs competed for the CPU. */
  loadAvgAtStart: number[];
  /** Filled in by run.ts when the benchmark ends. */
  loadAvgAtEnd?: number[];
  platform: string;
  /** The CPU's vector ISA (the /proc/cpuinfo flags that decide which BLAS kernel can run). */
  isa?: string[];
  /** OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE as OUR process saw them (run.ts removes both for every side). */
  openblasEnv?: Record<string, string | null>;
}

const ISA_FLAGS =
  /^(sse4_2|avx|avx2|fma|f16c|avx512f|avx512dq|avx512bw|avx512vl|avx512_vnni|avx512_bf16|avx512_fp16|avx_vnni|amx_\w+)$/;

/** Vector-ISA flags of this CPU (Linux /proc/cpuinfo); [] elsewhere. */
export function cpuIsa(): string[] {
  try {
    const flags = /^flags\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '';
    return flags.split(/\s+/).filter((f) => ISA_FLAGS.test(f));
  } catch {
    return [];
  }
}

export function machineInfo(): MachineInfo {
  const c = cpus();
  let model = c[0]?.model ?? 'unknown';
  try {
    // os.cpus() reports only the family on some VMs; lscpu may know more.
    const l = execFileSync('lscpu', { encoding: 'utf8' });
    const m = /^Model name:\s*(.+)$/m.exec(l);
    if (m && m[1].trim().length > model.length) model = m[1].trim();
  } catch {
    /* lscpu missing */
  }
  return {
    cpuModel: model,
    cores: c.length,
    memoryBytes: totalmem(),
    freeMemoryBytes: freemem(),
    loadAvgAtStart: loadavg(),
    platform: `${process.platform}-${process.arch}`,
    isa: cpuIsa(),
    openblasEnv: {
      OPENBLAS_CORETYPE: process.env.OPENBLAS_CORETYPE ?? null,
      OPENBLAS_L2_SIZE: process.env.OPENBLAS_L2_SIZE ?? null,
    },
  };
}

export function nodeVersions(): Record<string, string | null> {
  return {
    node: process.version,
    tfjs: tf.version.tfjs,
    tfjsBackendWasm: pkgVersion('@tensorflow/tfjs-backend-wasm'),
    transformersJs: pkgVersion('@huggingface/transformers'),
    onnxruntimeNode: pkgVersion('onnxruntime-node'),
    onnxruntimeWeb: pkgVersion('onnxruntime-web'),
    playwright: pkgVersion('@playwright/test'),
  };
}

let setupDone = false;
/** bench/setup.sh (apt installs of torch/numpy/OpenBLAS when missing), once per process. */
export function ensurePythonPeers(): void {
  if (setupDone) return;
  execFileSync('bash', [join(BENCH_DIR, 'setup.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  setupDone = true;
}

/**
 * The Chromium the browser benchmarks launch: CHROMIUM_PATH when set (used as given), else /usr/bin/chromium,
 * which scripts/ensure-chromium.sh installs when missing — the same set-up `npm test` does, so a browser benchmark
 * on a fresh machine does not fail on a missing executable. Once per process; its output goes to stderr.
 */
export function benchChromium(): string {
  const given = process.env.CHROMIUM_PATH;
  if (given) return given;
  const path = '/usr/bin/chromium';
  if (!existsSync(path)) execFileSync('bash', [join(REPO_DIR, 'scripts', 'ensure-chromium.sh')], { stdio: ['ignore', 2, 2] });
  return path;
}

/**
 * Runs bench/peers/<script> with /usr/bin/python3 and returns the JSON object it prints last.
 * OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are removed for this command only (they would pin OpenBLAS to a
 * kernel other than the one it detects); thread pools are capped at `threads`.
 */
export async function runPeer<T = Record<string, unknown>>(script: string, args: string[], threads: number): Promise<T> {
  ensurePythonPeers();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OPENBLAS_NUM_THREADS: String(threads),
    OMP_NUM_THREADS: String(threads),
    MKL_NUM_THREADS: String(threads),
  };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const child = spawn(PYTHON, [join(BENCH_DIR, 'peers', script), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '',
    err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number>((res) => child.on('close', (c) => res(c ?? 1)));
  if (code !== 0) throw new Error(`peer ${script} ${args.join(' ')} exited ${code}:\n${err.slice(-3000)}`);
  const last = out.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as T;
  } catch {
    throw new Error(`peer ${script} printed no JSON:\n${out.slice(-2000)}\n${err.slice(-2000)}`);
  }
}

/** A fresh Node process running a bench module's child entry (for peak RSS: a process of its own). */
export async function runNodeChild<T>(entry: string, args: string[]): Promise<T> {
  const tsx = join(REPO_DIR, 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, [join(BENCH_DIR, entry), ...args], { stdio: ['ignore', 'pipe', 'pipe'], cwd: REPO_DIR });
  let out = '',
    err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number>((res) => child.on('close', (c) => res(c ?? 1)));
  if (code !== 0) throw new Error(`node child ${entry} exited ${code}:\n${err.slice(-3000)}`);
  return JSON.parse(out.trim().split('\n').pop() ?? '') as T;
}

export interface Target {
  /** 'max': ours/peer ratio must be ≤ value; 'min': ≥ value; 'eq': an exact requirement (e.g. 0 leaked tensors). */
  kind: 'max' | 'min' | 'eq';
  value: number;
  text: string;
}

/**
 * The fastest Node backend, as the CLI picks it (src/node/backend.ts): the self-test winner and, on wasm, its
 * matrix products in the system BLAS — pinned to 1 BLAS thread, the peers' thread count. bench/setup.sh has
 * installed libopenblas0-pthread for the peers, so the BLAS is the very library torch and numpy call.
 */
export async function benchBackend(name: string, preferred: BackendPreference = 'auto'): Promise<NodeBackendInfo> {
  tf.env().set('PROD', true);
  ensurePythonPeers();
  const info = await initNodeBackend(preferred, { threads: 1 });
  log(
    `${name}: backend ${describeNodeBackend(info)} (self-test ${info.tried.map((t) => `${t.name} ${t.ms?.toFixed(2) ?? t.error} ms`).join(', ')})`,
  );
  return info;
}

/** "wasm+OpenBLAS+AVX-512" (native GELU/Softmax/LayerNorm), "wasm+OpenBLAS" or "wasm" for table cells. */
export const backendLabel = (b: NodeBackendInfo): string =>
  (b.blas ? `${b.name}+OpenBLAS` : b.name) + (b.native ? '+AVX-512' : '');

/** One row of the README table. */
export interface Summary {
  title: string;
  ours: string;
  peer: string;
  ratio: string;
  target: string;
  met: boolean | null;
}

export interface BenchResult {
  name: string;
  title: string;
  date: string;
  machine: MachineInfo;
  backend: string;
  threads: { ours: number; peer: number; note?: string };
  versions: Record<string, unknown>;
  ours: Record<string, unknown>;
  peer: Record<string, unknown>;
  ratio: number | null;
  ratioDefinition: string;
  target: Target;
  met: boolean | null;
  summary: Summary;
  wallSeconds: number;
  [extra: string]: unknown;
}

export function writeResult(r: BenchResult): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${r.name}.json`);
  writeFileSync(path, JSON.stringify(r, null, 2) + '\n');
  return path;
}

export const TABLE_START = '<!-- bench-table:start (generated by `npm run bench`; edit outside the markers) -->';
export const TABLE_END = '<!-- bench-table:end -->';
export const BENCH_ORDER = ['train-step', 'encode', 'eval', 'memory', 'browser', 'browser-encode', 'browser-train'];

/** Rebuilds the table between the markers of bench/README.md from every bench/results/<name>.json we own. */
export function regenerateReadme(): void {
  const rows: string[] = [
    '| benchmark | ours | peer | ratio (ours ÷ peer) | target | met? | BLAS kernel ours / peer · ISA | measured (UTC), load avg |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const name of BENCH_ORDER) {
    const p = join(RESULTS_DIR, `${name}.json`);
    if (!existsSync(p)) {
      rows.push(`| ${name} | — | — | — | — | not run | — | — |`);
      continue;
    }
    const r = JSON.parse(readFileSync(p, 'utf8')) as BenchResult;
    const s = r.summary;
    const met = s.met === null ? 'n/a' : s.met ? '**yes**' : '**no**';
    const cpu = cpuTimeRatio(r);
    const ratio = cpu === null ? s.ratio : `${s.ratio} wall; ${fmt(cpu)}× CPU time`;
    const load = r.machine.loadAvgAtStart
      ? `load ${r.machine.loadAvgAtStart[0].toFixed(1)}${r.machine.loadAvgAtEnd ? `→${r.machine.loadAvgAtEnd[0].toFixed(1)}` : ''}`
      : '';
    rows.push(
      `| ${s.title} | ${s.ours} | ${s.peer} | ${ratio} | ${s.target} | ${met} | ${kernelCell(r)} | ${r.date.slice(0, 16).replace('T', ' ')}, ${load} |`,
    );
  }
  // Named-only rows, shown once they have been run.
  for (const name of ['real-size-peers']) {
    const p = join(RESULTS_DIR, `${name}.json`);
    if (!existsSync(p)) continue;
    const r = JSON.parse(readFileSync(p, 'utf8')) as BenchResult;
    const s = r.summary;
    const load = `load ${r.machine.loadAvgAtStart[0].toFixed(1)}${r.machine.loadAvgAtEnd ? `→${r.machine.loadAvgAtEnd[0].toFixed(1)}` : ''}`;
    rows.push(
      `| ${s.title} | ${s.ours} | ${s.peer} | ${s.ratio} | ${s.target} | n/a | ${kernelCell(r)} | ${r.date.slice(0, 16).replace('T', ' ')} (peer), ${load} |`,
    );
  }
  const extra = readdirSync(RESULTS_DIR).filter((f) => f.endsWith('.json') && !BENCH_ORDER.includes(f.replace(/\.json$/, '')));
  void extra; // other result files (the lead's real-data, BM25) are not ours to tabulate
  const table = rows.join('\n');
  const path = join(BENCH_DIR, 'README.md');
  const body = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n\n' + TABLE_START + '\n' + TABLE_END + '\n';
  const a = body.indexOf(TABLE_START),
    b = body.indexOf(TABLE_END);
  const next =
    a >= 0 && b > a
      ? body.slice(0, a + TABLE_START.length) + '\n' + table + '\n' + body.slice(b)
      : body.trimEnd() + '\n\n' + TABLE_START + '\n' + table + '\n' + TABLE_END + '\n';
  writeFileSync(path, next);
}

/** "Zen / Zen · avx512f avx512_bf16 …": which OpenBLAS kernel each side ran (ours: openblas_get_corename via the
 *  backend's config string; the peer: threadpoolctl's `architecture`) and the CPU's AVX-512 flags. */
export function kernelCell(r: BenchResult): string {
  const text = JSON.stringify(r);
  const ours = /\(kernel (\w+)\)/.exec(text)?.[1] ?? (/"blas":\s*null/.test(text) ? 'no BLAS' : '?');
  // A peer that is not on OpenBLAS names its own GEMM (`peerKernel`: ONNX Runtime's MLAS, native or wasm).
  const peerArch =
    (r.peerKernel as string | undefined) ??
    (r.versions as { blas?: Array<{ internal_api?: string; architecture?: string | null }> }).blas?.find(
      (b) => b.internal_api === 'openblas',
    )?.architecture ??
    '?';
  const avx512 = (r.machine.isa ?? []).filter((f) => f.startsWith('avx512') || f === 'avx_vnni');
  const env = r.machine.openblasEnv;
  const pinned = env && (env.OPENBLAS_CORETYPE || env.OPENBLAS_L2_SIZE) ? ` (ours pinned: ${env.OPENBLAS_CORETYPE ?? ''})` : '';
  return `${ours} / ${peerArch}${pinned}${avx512.length ? ` · ${avx512.join(' ')}` : r.machine.isa ? ' · no AVX-512' : ''}`;
}

/**
 * The same ratio computed on process CPU time instead of wall time (same direction as `ratio`): on a shared
 * machine the wall clock includes time other jobs held the cores, CPU time of a 1-thread run much less so.
 */
export function cpuTimeRatio(r: BenchResult): number | null {
  const med = (x: unknown) => (x as Stats | undefined)?.median;
  const o = r.ours as Record<string, unknown>,
    p = r.peer as Record<string, unknown>;
  let a: number | undefined, b: number | undefined;
  if (r.name === 'train-step' || r.name === 'browser-train') {
    a = med(o.cpuMsPerStep);
    b = med(p.cpuMsPerStep);
  } else if (r.name === 'eval') {
    a = med(o.cpuMs);
    b = med(p.cpuMs);
  } else if (r.name === 'encode' || r.name === 'browser-encode') {
    a = med(p.cpuMsPerPass);
    b = med(o.cpuMsPerPass);
  } // throughput ratio
  return a !== undefined && b !== undefined && b > 0 ? a / b : null;
}

export const fmt = (x: number, digits = 3): string => (Number.isFinite(x) ? Number(x.toPrecision(digits)).toString() : String(x));
export const fmtStats = (s: Stats, unit: string, digits = 3): string =>
  `${fmt(s.median, digits)} ${unit} (${fmt(s.min, digits)}–${fmt(s.max, digits)}, n=${s.n})`;

/** CPU time of this process (user + system), ms: wall ≫ cpu on a single-threaded run means contention. */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
