/**
 * eval: the full XQuAD-R multilingual pool (13,090 queries × 13,014 candidates) scored from stored embeddings
 * (dim 384, random unit vectors, fixed seed, written once to bench/.cache/eval/*.f32 which both sides read;
 * components rounded to multiples of 2⁻⁹ so that every dot product is EXACT in float32 — whatever the
 * summation order of XNNPACK or OpenBLAS — and both sides see bit-identical scores, including real ties):
 * `evaluate` + DenseRetriever (multilingual setting only: search, mAP, recall, bias) vs numpy
 * (bench/peers/eval_peer.py). The metrics must agree to 1e-6.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { importLareqa } from '../src/core/data/lareqa';
import type { Dataset } from '../src/core/data/types';
import { DenseRetriever, firstWithText } from '../src/core/eval/dense';
import { evaluate } from '../src/core/eval/evaluate';
import type { EvalResult } from '../src/core/eval/types';
import { withBrowserArithmetic } from '../src/node/backend';
import {
  type BenchResult,
  CACHE_DIR,
  REPO_DIR,
  backendLabel,
  benchBackend,
  cpuMs,
  fmt,
  fmtStats,
  log,
  machineInfo,
  nodeVersions,
  runPeer,
  stats,
} from './lib/common';
import { prng } from './lib/fixture';

export const DIM = 384;
export const SEED = 20240601;
/** Components are multiples of 2^-QUANT_BITS: |products| ≥ 2^-18 apart, |dot| ≤ ~1, so partial sums stay exact (< 2^24 units). */
export const QUANT_BITS = 9;
export const REPEATS = 3;
export const DATA_DIR = resolve(REPO_DIR, '../shared/data/xquad-r');

export function loadXquadR(dir = DATA_DIR): Dataset {
  const files = readdirSync(dir)
    .filter((f) => /^[a-z]{2}\.json$/.test(f))
    .sort()
    .map((f) => ({ name: join(dir, f), bytes: new Uint8Array(readFileSync(join(dir, f))) }));
  return importLareqa(files, { name: 'xquad-r' });
}

/** n random unit vectors of `dim` floats (Box–Muller on mulberry32), rounded to multiples of 2^-QUANT_BITS, row-major. */
export function randomUnitRows(n: number, dim: number, seed: number): Float32Array {
  const r = prng(seed);
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    let ss = 0;
    for (let j = 0; j < dim; j += 2) {
      const rad = Math.sqrt(-2 * Math.log(r() + 1e-12)),
        th = 2 * Math.PI * r();
      out[i * dim + j] = rad * Math.cos(th);
      if (j + 1 < dim) out[i * dim + j + 1] = rad * Math.sin(th);
    }
    for (let j = 0; j < dim; j++) ss += out[i * dim + j] ** 2;
    const inv = 1 / Math.sqrt(ss);
    const q = 2 ** QUANT_BITS;
    for (let j = 0; j < dim; j++) out[i * dim + j] = Math.round(out[i * dim + j] * inv * q) / q;
  }
  return out;
}

const f32 = (a: Float32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
export function readF32(path: string): Float32Array {
  const b = readFileSync(path);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/**
 * 'structured' queries (an extra measurement, not the headline): each query = its relevant candidates' mean
 * plus noise, renormalised and quantised — relevant items then rank high, as with a trained encoder.
 */
function structuredQueries(d: Dataset, cand: Float32Array, seed: number): Float32Array {
  const noise = randomUnitRows(d.queries.length, DIM, seed);
  const uidToIdx = new Map(d.candidates.map((c, i) => [c.uid, i]));
  const out = new Float32Array(d.queries.length * DIM);
  const q = 2 ** QUANT_BITS;
  d.queries.forEach((qq, i) => {
    const rel = [...(d.relevant.get(qq.xlingId) ?? [])].map((u) => uidToIdx.get(u)!).filter((x) => x !== undefined);
    const v = new Float64Array(DIM);
    for (const ci of rel) for (let j = 0; j < DIM; j++) v[j] += cand[ci * DIM + j] / rel.length;
    let ss = 0;
    for (let j = 0; j < DIM; j++) {
      v[j] = v[j] + 0.35 * noise[i * DIM + j];
      ss += v[j] ** 2;
    }
    for (let j = 0; j < DIM; j++) out[i * DIM + j] = Math.round((v[j] / Math.sqrt(ss)) * q) / q;
  });
  return out;
}

/** Writes the embeddings (once; same seed → same files) and the metadata numpy needs. */
export function prepareFiles(d: Dataset, dir: string, kind: 'random' | 'structured' = 'random'): void {
  mkdirSync(dir, { recursive: true });
  const qPath = join(dir, 'queries.f32'),
    cPath = join(dir, 'candidates.f32');
  const tag = `${kind}:${SEED}:${DIM}:q${QUANT_BITS}:${d.queries.length}:${d.candidates.length}:same-text-same-row`;
  const tagPath = join(dir, 'embeddings.tag');
  if (!existsSync(tagPath) || readFileSync(tagPath, 'utf8') !== tag) {
    const cand = randomUnitRows(d.candidates.length, DIM, SEED + 1);
    // An encoder embeds identical texts identically (and the evaluator scores a repeated text with its first
    // occurrence's column), so a repeated candidate text repeats its first occurrence's row.
    firstWithText(d.candidates.map((c) => c.text)).forEach((f, ci) => {
      if (f !== ci) cand.copyWithin(ci * DIM, f * DIM, (f + 1) * DIM);
    });
    writeFileSync(
      qPath,
      f32(kind === 'random' ? randomUnitRows(d.queries.length, DIM, SEED) : structuredQueries(d, cand, SEED + 2)),
    );
    writeFileSync(cPath, f32(cand));
    writeFileSync(tagPath, tag);
  }
  const uidToIdx = new Map(d.candidates.map((c, i) => [c.uid, i]));
  const meta = {
    dim: DIM,
    candUid: d.candidates.map((c) => c.uid),
    candLang: d.candidates.map((c) => c.lang),
    queryLang: d.queries.map((q) => q.lang),
    relevant: d.queries.map((q) =>
      [...(d.relevant.get(q.xlingId) ?? [])].map((u) => uidToIdx.get(u)!).filter((i) => i !== undefined),
    ),
  };
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
}

interface PeerEval {
  msPerRun: number[];
  cpuMsPerRun: number[];
  result: {
    queriesWithTiedRelevant: number;
    multilingual: Record<string, unknown> & { byQueryLang: Record<string, Record<string, number>> };
    languageBias: { meanMaxRankDistance: number; sameLanguageTop10: number; byQueryLang: Record<string, number> };
  };
  env: Record<string, unknown>;
}

const METRICS = ['map', 'recall@1', 'recall@5', 'recall@10', 'recall@100', 'mrr@10', 'ndcg@10'] as const;

/** Every compared number with its absolute difference; the largest must be ≤ 1e-6. */
function compare(ours: EvalResult, peer: PeerEval['result']): { maxAbsDiff: number; worst: string; compared: number } {
  let maxAbsDiff = 0,
    worst = '',
    compared = 0;
  const cmp = (what: string, a: number | undefined, b: number | undefined) => {
    const d = a === undefined || b === undefined ? Infinity : Math.abs(a - b);
    compared++;
    if (d > maxAbsDiff || !Number.isFinite(d)) {
      maxAbsDiff = d;
      worst = `${what}: ours ${a} vs numpy ${b}`;
    }
  };
  const m = ours.settings.multilingual!;
  for (const k of METRICS) cmp(`multilingual.${k}`, m[k], peer.multilingual[k] as number);
  for (const [l, v] of Object.entries(m.byQueryLang))
    for (const k of METRICS) cmp(`multilingual.byQueryLang.${l}.${k}`, v[k], peer.multilingual.byQueryLang[l]?.[k]);
  cmp('languageBias.meanMaxRankDistance', ours.languageBias!.meanMaxRankDistance, peer.languageBias.meanMaxRankDistance);
  cmp('languageBias.sameLanguageTop10', ours.languageBias!.sameLanguageTop10, peer.languageBias.sameLanguageTop10);
  for (const [l, v] of Object.entries(ours.languageBias!.byQueryLang))
    cmp(`languageBias.byQueryLang.${l}`, v, peer.languageBias.byQueryLang[l]);
  return { maxAbsDiff, worst, compared };
}

/** One multilingual evaluation from stored embeddings: wall and CPU ms, and the ms spent inside retriever.score (product + read-back). */
async function timedEvaluate(
  d: Dataset,
  q: Float32Array,
  c: Float32Array,
): Promise<{ result: EvalResult; ms: number; cpuMs: number; scoreMs: number }> {
  const retriever = new DenseRetriever(q, c, DIM);
  let scoreMs = 0;
  const score = retriever.score.bind(retriever);
  retriever.score = async (qi, pool) => {
    const s = performance.now();
    try {
      return await score(qi, pool);
    } finally {
      scoreMs += performance.now() - s;
    }
  };
  try {
    const w0 = performance.now(),
      c0 = cpuMs();
    const result = await evaluate(d, retriever, { settings: ['multilingual'] });
    return { result, ms: performance.now() - w0, cpuMs: cpuMs() - c0, scoreMs };
  } finally {
    retriever.dispose();
  }
}

export async function run(): Promise<BenchResult> {
  const t0 = performance.now();
  const machine = machineInfo();
  const backend = await benchBackend('eval');
  if (!existsSync(DATA_DIR)) throw new Error(`XQuAD-R not found at ${DATA_DIR}`);
  log('eval: importing XQuAD-R');
  const d = loadXquadR();
  const dir = join(CACHE_DIR, 'eval');
  prepareFiles(d, dir);
  const qEmb = readF32(join(dir, 'queries.f32')),
    cEmb = readF32(join(dir, 'candidates.f32'));

  log(`eval: numpy peer, 1 thread, ${REPEATS} runs`);
  const peer1 = await runPeer<PeerEval>('eval_peer.py', ['--dir', dir, '--repeats', String(REPEATS), '--threads', '1'], 1);

  log(`eval: ours (${backendLabel(backend)}), 1 warm-up + ${REPEATS} runs of ${d.queries.length} × ${d.candidates.length}`);
  const wall: number[] = [],
    cpu: number[] = [];
  let last: EvalResult | null = null;
  const phases: Array<{ scoreMs: number; restMs: number }> = [];
  for (let i = 0; i < REPEATS + 1; i++) {
    // Time inside retriever.score (matrix product + read-back) vs the rest (ranking, metrics), per run.
    const { result, ms: dw, cpuMs: dc, scoreMs } = await timedEvaluate(d, qEmb, cEmb);
    last = result;
    log(
      `  run ${i}: ${dw.toFixed(0)} ms wall (${scoreMs.toFixed(0)} ms in score), ${dc.toFixed(0)} ms cpu${i === 0 ? ' (warm-up)' : ''}`,
    );
    if (i > 0) {
      wall.push(dw);
      cpu.push(dc);
      phases.push({ scoreMs, restMs: dw - scoreMs });
    }
  }
  const agreement = compare(last!, peer1.result);

  // The browser's arithmetic (tfjs-wasm's own matrix product), one run, extra information.
  let wasmOnly: { ms: number; scoreMs: number; agreement: ReturnType<typeof compare> } | undefined;
  if (backend.blas) {
    const t = await withBrowserArithmetic(() => timedEvaluate(d, qEmb, cEmb));
    wasmOnly = { ms: t.ms, scoreMs: t.scoreMs, agreement: compare(t.result, peer1.result) };
    log(`  plain wasm (no BLAS): ${wasmOnly.ms.toFixed(0)} ms (${t.scoreMs.toFixed(0)} ms in score)`);
  }

  log('eval: numpy peer, 2 threads (extra info)');
  const peer2 = await runPeer<PeerEval>('eval_peer.py', ['--dir', dir, '--repeats', String(REPEATS), '--threads', '2'], 2);

  log('eval: extra — structured embeddings (relevant items rank high, as with a trained encoder), 1 run each side');
  const sdir = join(CACHE_DIR, 'eval-structured');
  prepareFiles(d, sdir, 'structured');
  const sq = readF32(join(sdir, 'queries.f32')),
    sc = readF32(join(sdir, 'candidates.f32'));
  const sPeer = await runPeer<PeerEval>('eval_peer.py', ['--dir', sdir, '--repeats', '2', '--threads', '1'], 1);
  const sWall: number[] = [];
  let sLast: EvalResult | null = null,
    sScore = 0;
  for (let i = 0; i < 2; i++) {
    const t = await timedEvaluate(d, sq, sc);
    sLast = t.result;
    sWall.push(t.ms);
    sScore = t.scoreMs;
  }
  const sAgree = compare(sLast!, sPeer.result);
  const structured = {
    note: 'extra: queries = mean of their relevant candidates + noise (σ 0.35 per unit vector), renormalised and quantised; min of 2 runs each side',
    oursMs: Math.min(...sWall),
    oursScoreMs: sScore,
    oursRankingMs: Math.min(...sWall) - sScore,
    numpyMs: Math.min(...sPeer.msPerRun),
    ratio: Math.min(...sWall) / Math.min(...sPeer.msPerRun),
    agreement: sAgree,
    multilingualMap: sLast!.settings.multilingual!.map,
    meanMaxRankDistance: sLast!.languageBias!.meanMaxRankDistance,
  };
  log(
    `  structured: ours ${fmt(structured.oursMs / 1000)} s (score ${fmt(sScore / 1000)} s), numpy ${fmt(structured.numpyMs / 1000)} s, mAP ${fmt(structured.multilingualMap)}, Δ ${sAgree.maxAbsDiff.toExponential(1)}`,
  );

  const ours = stats(wall),
    p1 = stats(peer1.msPerRun),
    p2 = stats(peer2.msPerRun);
  const ratio = ours.median / p1.median;
  const target = { kind: 'max' as const, value: 0.8, text: '≤ 0.8× numpy time; metrics equal to 1e-6' };
  const agree = agreement.maxAbsDiff <= 1e-6;
  const met = ratio <= target.value && agree;
  return {
    name: 'eval',
    title: 'eval (XQuAD-R multilingual pool, stored 384-d embeddings)',
    date: new Date().toISOString(),
    machine,
    backend: backendLabel(backend),
    threads: {
      ours: 1,
      peer: 1,
      note: 'numpy matmul on OpenBLAS limited to 1 thread (threadpoolctl); ours: the product in the same OpenBLAS pinned to 1 thread; ranking/metrics are single-threaded on both sides',
    },
    versions: { ...nodeVersions(), ...peer1.env, backendSelection: backend },
    config: {
      queries: d.queries.length,
      candidates: d.candidates.length,
      dim: DIM,
      seed: SEED,
      quantisedTo: `2^-${QUANT_BITS}`,
      settings: ['multilingual'],
      chunk: 256,
      repeats: REPEATS,
      queriesWithTiedRelevant: peer1.result.queriesWithTiedRelevant,
    },
    ours: {
      ms: ours,
      cpuMs: stats(cpu),
      scoreMs: stats(phases.map((p) => p.scoreMs)),
      rankingAndMetricsMs: stats(phases.map((p) => p.restMs)),
      wasmOnly,
      multilingual: last!.settings.multilingual,
      languageBias: last!.languageBias,
    },
    peer: {
      name: 'numpy (chunked sgemm + vectorised rank counting)',
      ms: p1,
      cpuMs: stats(peer1.cpuMsPerRun),
      twoThreads: { ms: p2 },
      result: peer1.result,
    },
    ratio,
    ratioDefinition: 'ours median wall ms ÷ numpy (1 thread) median wall ms; lower is better',
    target,
    met,
    agreement: { ...agreement, tolerance: 1e-6, ok: agree },
    structured,
    summary: {
      title: 'eval, XQuAD-R multilingual 13,090×13,014 (s)',
      ours:
        `${fmtStats(stats(wall.map((x) => x / 1000)), 's')} [${backendLabel(backend)}; score ${fmt(stats(phases.map((p) => p.scoreMs)).median / 1000)} s + ranking/metrics ${fmt(stats(phases.map((p) => p.restMs)).median / 1000)} s]` +
        (wasmOnly ? `; plain wasm ${fmt(wasmOnly.ms / 1000)} s` : ''),
      peer: `${fmtStats(stats(peer1.msPerRun.map((x) => x / 1000)), 's')} [numpy ${peer1.env.numpy as string}]; 2 threads ${fmt(p2.median / 1000)} s`,
      ratio: `${fmt(ratio)}×`,
      target: `≤ 0.8×, metrics Δ ≤ 1e-6 (Δ = ${agreement.maxAbsDiff.toExponential(1)})`,
      met,
    },
    wallSeconds: (performance.now() - t0) / 1000,
  };
}
