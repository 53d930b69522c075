/** The result JSON and table row of bench/browser-peers.ts (browser-encode, browser-train). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PeersResult } from '../browser/peers-protocol';
import { type BenchResult, CACHE_DIR, type MachineInfo, type Stats, fmt, fmtStats, nodeVersions, stats } from './common';

const DIR = join(CACHE_DIR, 'browser-peers');
const BATCH = 32;
/** Embedding width of the bench model (TRAIN_CONFIG.hidden). */
const HIDDEN = 256;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** What each side ran on, per page: tfjs may be asked for n threads and give fewer (getThreadsCount). */
const threadsOf = (r: PeersResult) => ({
  ...r.threads,
  crossOriginIsolated: r.crossOriginIsolated,
  hardwareConcurrency: r.hardwareConcurrency,
});
const threadNote = (r: PeersResult) =>
  (r.threads.tfjsActual ?? 0) >= r.threads.requested
    ? `${r.threads.requested} thr${r.threads.hardwareConcurrencyShown ? `, tfjs init shown hardwareConcurrency ${r.threads.hardwareConcurrencyShown}` : ''}`
    : `setThreadsCount(${r.threads.requested}) → getThreadsCount() = ${r.threads.tfjsActual}`;

const base = (machine: MachineInfo, chromium: string, results: PeersResult[], t0: number) => ({
  date: new Date().toISOString(),
  machine,
  backend: 'wasm (Chromium)',
  versions: { ...nodeVersions(), chromium, userAgent: results[0]?.userAgent, ortWeb: results[0]?.ortVersion },
  oursKernel: { blas: null, note: 'tfjs-backend-wasm (XNNPACK, WASM SIMD128) + our SIMD GELU/LayerNorm kernels, no BLAS' },
  wallSeconds: (performance.now() - t0) / 1000,
});

export function encodeResult(o: {
  machine: MachineInfo;
  results: PeersResult[];
  chromium: string;
  onnx: unknown;
  torchEnv: Record<string, unknown>;
  t0: number;
}): BenchResult {
  const torchEmb = new Float32Array(readFileSync(join(DIR, 'torch-embeddings.f32')).buffer.slice(0));
  const texts = (r: PeersResult) => r.oursEmbeddings!.length / HIDDEN;
  const per = o.results.map((r) => {
    const n = texts(r);
    const tput = (ms: number[]) => stats(ms.map((m) => n / (m / 1000)));
    const ours = tput(r.ours!.wallMs),
      ort = tput(r.ortWeb!.wallMs);
    return {
      threads: threadsOf(r),
      ours: { textsPerS: ours, msPerPass: stats(r.ours!.wallMs), cpuMsPerPass: stats(r.ours!.cpuMs) },
      ortWeb: { textsPerS: ort, msPerPass: stats(r.ortWeb!.wallMs), cpuMsPerPass: stats(r.ortWeb!.cpuMs) },
      ratio: ours.median / ort.median,
      perRoundRatio: stats(r.ours!.wallMs.map((w, i) => r.ortWeb!.wallMs[i] / w)),
      cpuRatio: stats(r.ortWeb!.cpuMs).median / stats(r.ours!.cpuMs).median,
      tokenizeMsPerPass: r.tokenizeMsPerPass,
      parity: {
        oursVsOrtWeb: maxAbsDiff(r.oursEmbeddings!, r.ortEmbeddings!),
        oursVsTorch: maxAbsDiff(r.oursEmbeddings!, torchEmb),
      },
      note: threadNote(r),
    };
  });
  const one = per[0];
  const two = per[1];
  const parityMax = Math.max(...per.flatMap((p) => [p.parity.oursVsOrtWeb, p.parity.oursVsTorch]));
  const target = { kind: 'min' as const, value: 1.5, text: '≥ 1.5× ORT-web (wasm) throughput, same page and threads' };
  const met = one.ratio >= target.value && parityMax <= 1e-6;
  const twoText = two ? `; 2 thr: ours ${fmt(two.ours.textsPerS.median)} /s (${two.note})` : '';
  return {
    name: 'browser-encode',
    title: 'browser-encode (Chromium worker, 4L/256, batch 32 × 64 tokens, no grad): ours vs onnxruntime-web',
    ...base(o.machine, o.chromium, o.results, o.t0),
    peerKernel: 'MLAS wasm SIMD (ORT-web)',
    threads: {
      ours: one.threads.tfjsActual ?? 1,
      peer: one.threads.ortNumThreads ?? 1,
      note: 'per page: tfjs setThreadsCount(n) and ort.env.wasm.numThreads = n before either initialises',
    },
    config: {
      texts: texts(o.results[0]),
      batch: BATCH,
      rounds: one.ours.msPerPass.n,
      interleaved: true,
      tokenizationIncluded: true,
    },
    onnx: o.onnx,
    torch: o.torchEnv,
    ours: { ...one.ours, byThreads: per.map((p) => ({ threads: p.threads, ...p.ours, note: p.note })) },
    peer: {
      name: 'onnxruntime-web (wasm EP, the version @huggingface/transformers pins; imported directly, not through a pipeline)',
      ...one.ortWeb,
      byThreads: per.map((p) => ({ threads: p.threads, ...p.ortWeb })),
    },
    ratio: one.ratio,
    ratioDefinition: 'ours median texts/s ÷ ORT-web median texts/s, 1 thread each, same worker; higher is better',
    byThreads: per.map((p) => ({
      threads: p.threads.requested,
      ratio: p.ratio,
      cpuRatio: p.cpuRatio,
      perRoundRatio: p.perRoundRatio,
      note: p.note,
    })),
    target,
    met,
    parity: {
      byThreads: per.map((p) => p.parity),
      max: parityMax,
      limit: 1e-6,
      note: 'max |Δ| of the L2-normalised embeddings (first round), same weights and ids',
    },
    summary: {
      title: 'browser-encode, texts/s (Chromium worker, batch 32 × 64 tok, 1 thread)',
      ours: `${fmtStats(one.ours.textsPerS, '/s')} [tfjs-wasm]${twoText}`,
      peer: `${fmtStats(one.ortWeb.textsPerS, '/s')} [ORT-web wasm]${two ? `; 2 thr ${fmt(two.ortWeb.textsPerS.median)} /s (numThreads ${two.threads.ortNumThreads})` : ''}`,
      ratio: `${fmt(one.ratio)}×${two ? ` (2 thr: ${fmt(two.ratio)}×)` : ''}`,
      target: `${target.text}; embeddings Δ ≤ 1e-6 (Δ = ${parityMax.toExponential(1)})`,
      met,
    },
  };
}

interface PeerTrain {
  msPerStep: number[];
  cpuMsPerStep: number[];
  losses: number[];
  env: Record<string, unknown>;
}

export function trainResult(o: {
  machine: MachineInfo;
  results: PeersResult[];
  chromium: string;
  torch: Record<number, PeerTrain>;
  /** The same steps in float64 (bert_peer.py --float64): how far each float32 side is from exact arithmetic. */
  reference?: PeerTrain;
  t0: number;
}): BenchResult {
  const fromReference = (losses: number[]) =>
    o.reference ? Math.max(...losses.map((l, i) => Math.abs(l - o.reference!.losses[i]))) : undefined;
  const per = o.results.map((r) => {
    const t = o.torch[r.threads.requested];
    const ours: Stats = stats(r.ours!.wallMs),
      peer = stats(t.msPerStep);
    const lossDiff = r.ours!.losses!.map((l, i) => Math.abs(l - t.losses[i]));
    return {
      threads: threadsOf(r),
      ours: { msPerStep: ours, cpuMsPerStep: stats(r.ours!.cpuMs), losses: r.ours!.losses, gradNorms: r.ours!.gradNorms },
      peer: {
        msPerStep: peer,
        cpuMsPerStep: stats(t.cpuMsPerStep),
        losses: t.losses,
        torchThreads: t.env.torchThreads,
        blas: t.env.blas,
      },
      ratio: ours.median / peer.median,
      cpuRatio: stats(r.ours!.cpuMs).median / stats(t.cpuMsPerStep).median,
      maxAbsLossDiff: Math.max(...lossDiff),
      oursFromFloat64: fromReference(r.ours!.losses!),
      peerFromFloat64: fromReference(t.losses),
      note: threadNote(r),
    };
  });
  const one = per[0];
  const two = per[1];
  const lossMax = Math.max(...per.map((p) => p.maxAbsLossDiff));
  const target = { kind: 'max' as const, value: 3, text: '≤ 3× PyTorch CPU time, same threads' };
  const met = one.ratio <= target.value && lossMax <= 2e-6;
  return {
    name: 'browser-train',
    title: 'browser-train (Chromium worker, 4L/256, 3×32×64 tok, fwd+InfoNCE+bwd+AdamW): ours vs PyTorch CPU',
    ...base(o.machine, o.chromium, o.results, o.t0),
    versions: { ...base(o.machine, o.chromium, o.results, o.t0).versions, ...(o.torch[1].env as object) },
    threads: {
      ours: one.threads.tfjsActual ?? 1,
      peer: 1,
      note: 'torch.set_num_threads(n) + OpenBLAS pool limited (threadpoolctl, OPENBLAS_NUM_THREADS=n); ours: setThreadsCount(n) before the wasm backend initialises',
    },
    config: { warmup: o.torch[1].losses.length - one.ours.msPerStep.n, repeats: one.ours.msPerStep.n },
    ours: { ...one.ours, byThreads: per.map((p) => ({ threads: p.threads, ...p.ours, note: p.note })) },
    peer: {
      name: 'PyTorch CPU (plain torch BERT, torch.optim.AdamW; bench/peers/bert_peer.py)',
      ...one.peer,
      byThreads: per.map((p) => ({ threads: p.threads.requested, ...p.peer })),
    },
    ratio: one.ratio,
    ratioDefinition:
      'ours median ms/step in Chromium ÷ PyTorch median ms/step, 1 thread each; lower is better. CPU: all Chromium processes (CDP) vs the torch process',
    byThreads: per.map((p) => ({
      threads: p.threads.requested,
      ratio: p.ratio,
      cpuRatio: p.cpuRatio,
      maxAbsLossDiff: p.maxAbsLossDiff,
      oursFromFloat64: p.oursFromFloat64,
      peerFromFloat64: p.peerFromFloat64,
      note: p.note,
    })),
    target,
    met,
    parity: {
      maxAbsLossDiff: lossMax,
      limit: 2e-6,
      byThreads: per.map((p) => p.maxAbsLossDiff),
      note: 'loss sequences, same weights, ids and batch every step',
      float64Reference: o.reference
        ? {
            losses: o.reference.losses,
            oursMaxAbsDiff: per.map((p) => p.oursFromFloat64),
            peerMaxAbsDiff: per.map((p) => p.peerFromFloat64),
            note: "max |loss − float64 loss| per thread count: each float32 side's own rounding; information, not the criterion (the criterion is ours vs PyTorch, ≤ 2e-6)",
          }
        : undefined,
    },
    summary: {
      title: 'browser-train, ms/step (Chromium worker, 1 thread)',
      ours: `${fmtStats(one.ours.msPerStep, 'ms')} [tfjs-wasm]${two ? `; 2 thr ${fmt(two.ours.msPerStep.median)} ms (${two.note})` : ''}`,
      peer: `${fmtStats(one.peer.msPerStep, 'ms')} [torch ${String(o.torch[1].env.torch)}]${two ? `; 2 thr ${fmt(two.peer.msPerStep.median)} ms` : ''}`,
      ratio: `${fmt(one.ratio)}×${two ? ` (2 thr: ${fmt(two.ratio)}×)` : ''}`,
      target: `${target.text}; losses Δ ≤ 2e-6 (Δ = ${lossMax.toExponential(1)}${
        o.reference
          ? `; from float64: ours ${per.map((p) => p.oursFromFloat64!.toExponential(1)).join(' / ')}, torch ${per
              .map((p) => p.peerFromFloat64!.toExponential(1))
              .join(' / ')} at ${per.map((p) => p.threads.requested).join(' / ')} thr`
          : ''
      })`,
      met,
    },
  };
}
