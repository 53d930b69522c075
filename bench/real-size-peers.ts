/**
 * real-size-peers (issue 19 item 4): the real-size row of the table. Ours is read from the results of
 * bench/real-size-step.ts (Node) and bench/real-size-browser.ts (Chromium) — not re-run here (minutes, ~2 GB, and
 * their model folder lives in bench/tmp); the peer, PyTorch CPU at 1 thread on a random-weight model of the same
 * shape and batch (bench/peers/real_size_peer.py), is run now. Same shape, not the same weights: no loss parity.
 * What the JSONs hold: load (download + build) time and peak memory in Chromium, step time, peak RSS and embedding
 * throughput (64 texts of 128 tokens at batch 32, after the step) in both; the peer measures the same throughput
 * on random ids of the same length.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BenchResult, RESULTS_DIR, fmt, machineInfo, nodeVersions, runPeer } from './lib/common';

interface Case {
  batch: number;
  seq: number;
  recompute?: boolean;
  full?: boolean;
  date?: string;
  [k: string]: unknown;
}
interface PeerOut {
  msPerStep: number[];
  cpuMsPerStep: number[];
  losses: number[];
  peakRssBytes: number;
  rssBeforeModelBytes: number;
  trainedParams: number;
  embed: { texts: number; batch: number; seconds: number; cpuSeconds: number; textsPerSecond: number };
  env: Record<string, unknown>;
}

/** The latest recomputed-layers, batch 32 × 128 case of a real-size result file, trimmed model (or the full one). */
function latest(file: string, full = false): Case | undefined {
  const r = JSON.parse(readFileSync(join(RESULTS_DIR, file), 'utf8')) as { results: Case[] };
  const c = r.results.filter((x) => x.batch === 32 && x.seq === 128 && x.recompute && !!x.full === full && !x.error);
  return c.sort((a, b) => String(a.date).localeCompare(String(b.date))).at(-1);
}

function latestTrimmed(file: string): Case {
  const pick = latest(file);
  if (!pick) throw new Error(`${file}: no recomputed 32 × 128 trimmed case`);
  return pick;
}

export async function run(): Promise<BenchResult> {
  const t0 = performance.now();
  const machine = machineInfo();
  const node = latestTrimmed('real-size-step.json');
  const web = latestTrimmed('real-size-browser.json');
  // The untrimmed model (250,037 rows) in Node, when measured: what trimming saves.
  const nodeFull = latest('real-size-step.json', true);
  const peer = await runPeer<PeerOut>('real_size_peer.py', ['--threads', '1', '--steps', '3'], 1);
  const first = peer.msPerStep[0] / 1000;
  const webStep = web.stepSeconds as number,
    nodeStep = node.seconds as number;
  const ratio = webStep / first;
  const mb = (b: number) => Math.round(b / 2 ** 20);
  // Embedding throughput, texts/s (cases measured before it was added have none: "not measured").
  const webEmbed = web.embedTextsPerSecond as number | undefined,
    nodeEmbed = node.embedTextsPerSecond as number | undefined,
    peerEmbed = peer.embed.textsPerSecond;
  const perS = (v: number | undefined, cpuS?: number, n?: number) =>
    v === undefined ? 'not measured' : `${fmt(v)} texts/s${cpuS && n ? ` (${fmt(n / cpuS)} by CPU time)` : ''}`;
  const vsPeer = (v: number | undefined) => (v === undefined ? 'n/a' : `${fmt(v / peerEmbed)}×`);
  return {
    name: 'real-size-peers',
    title:
      'real-size step (MiniLM-L12 shape trimmed to 70,022 rows, batch 32 × 128, recomputed layers): Node and Chromium vs PyTorch CPU',
    date: new Date().toISOString(),
    machine,
    backend: 'Node: wasm+OpenBLAS; Chromium: wasm',
    threads: { ours: 1, peer: 1, note: 'torch.set_num_threads(1) + OpenBLAS pool 1 (threadpoolctl)' },
    versions: { ...nodeVersions(), chromium: web.chromium, ...(peer.env as object) },
    ours: {
      node: { ...node, measuredAt: node.date },
      nodeFullModel: nodeFull ?? null,
      chromium: { ...web, measuredAt: web.date },
      note: 'read from bench/results/real-size-step.json and real-size-browser.json (not re-run); ours recomputes layers in the backward pass (one more forward), the peer does not',
    },
    peer: { name: 'PyTorch CPU, random weights of the same shape (bench/peers/real_size_peer.py)', ...peer },
    ratio,
    ratioDefinition: "Chromium step seconds ÷ PyTorch's first step seconds (ours is one fresh step); lower is better",
    nodeRatio: nodeStep / first,
    embedRatio: {
      chromium: webEmbed === undefined ? null : webEmbed / peerEmbed,
      node: nodeEmbed === undefined ? null : nodeEmbed / peerEmbed,
      definition: 'our embedding texts/s ÷ PyTorch texts/s (higher is better)',
    },
    target: { kind: 'max', value: Number.NaN, text: 'measured (issue 19 item 4); no ratio target' },
    met: null,
    summary: {
      title: 'real-size step, batch 32 × 128 (MiniLM-L12 shape, 70k rows, recomputed layers; 1 thread)',
      ours: `Chromium ${fmt(webStep)} s, tab peak ${web.tabPeakRssMb} MB, load ${fmt((web.downloadSeconds as number) + (web.buildSeconds as number))} s (download + build), embed ${perS(webEmbed)}; Node ${fmt(nodeStep)} s${node.cpuSeconds ? ` (CPU ${fmt(node.cpuSeconds as number)} s)` : ''}, peak RSS ${node.peakRssMb} MB, embed ${perS(nodeEmbed, node.embedCpuSeconds as number | undefined, node.embedTexts as number | undefined)}${
        nodeFull
          ? `; full model (${nodeFull.rows} rows), Node: step ${fmt(nodeFull.seconds as number)} s, peak RSS ${nodeFull.peakRssMb} MB, embed ${perS(nodeFull.embedTextsPerSecond as number | undefined, nodeFull.embedCpuSeconds as number | undefined, nodeFull.embedTexts as number | undefined)}`
          : ''
      } [${String(web.date).slice(0, 16)} / ${String(node.date).slice(0, 16)}]`,
      peer: `torch ${fmt(first)} s (CPU ${fmt(peer.cpuMsPerStep[0] / 1000)} s; next steps ${peer.msPerStep
        .slice(1)
        .map((m) => fmt(m / 1000))
        .join(', ')} s), peak RSS ${mb(peer.peakRssBytes)} MB, embed ${perS(peerEmbed, peer.embed.cpuSeconds, peer.embed.texts)}`,
      ratio: `step: Chromium ${fmt(ratio)}×, Node ${fmt(nodeStep / first)}× (first step); embed throughput: Chromium ${vsPeer(webEmbed)}, Node ${vsPeer(nodeEmbed)}`,
      target: 'measured, no target',
      met: null,
    },
    wallSeconds: (performance.now() - t0) / 1000,
  };
}
