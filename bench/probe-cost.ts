/**
 * probe-cost: how much the probe set (core/train/probe-set.ts) slows the default run, so the default `probeEvery`
 * can be judged against the ≤ 10 % budget. Trains the first STEPS steps of the default experiment (shipped base,
 * batch 32) with the probe off and on, alternating in ABBA order (off, on, on, off, …) in one process, and measures the training
 * window — everything after the step-0 evaluations, which both runs share: STEPS steps, plus in the probe run its
 * evaluations at every probeEvery-th step; the subset evaluation at step evalEvery, shared too, taken out — in wall time and in this process's CPU time (all threads).
 * Reported: medians per mode, the overhead (on − off) ÷ off, the overhead within each probe run (its probes' time ÷
 * the rest of its window: both parts under the same load, the robust number on a shared machine), the probe evaluation's own cost (the time before each
 * probe event) and the overhead that cost predicts (probe ms ÷ (probeEvery × step ms)). The machine is shared, so
 * the load average is recorded at the start and the end.
 * Not a timed test: `npx tsx bench/probe-cost.ts` (PROBE_BENCH_STEPS, PROBE_BENCH_REPEATS); writes bench/results/probe-cost.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG, resolveConfig } from '../src/core/experiment/config';
import { prepareModel } from '../src/core/experiment/setup';
import { probeSet } from '../src/core/train/probe-set';
import { runTraining } from '../src/core/train/runner';
import { cliBackend } from '../src/cli/backend';
import { loadRef } from '../src/cli/commands/train';
import { readModelFolder } from '../src/cli/model-io';
import { RESULTS_DIR, log, machineInfo, nodeVersions, stats } from './lib/common';

const STEPS = Number(process.env.PROBE_BENCH_STEPS ?? 100);
const REPEATS = Number(process.env.PROBE_BENCH_REPEATS ?? 5);
const sum = (a: number[]) => a.reduce((s, x) => s + x, 0);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The window's totals, and per event the wall and CPU time since the previous event (a step's own, a probe's own). */
interface Window {
  wallMs: number;
  cpuMs: number;
  stepMs: number[];
  stepCpuMs: number[];
  probeMs: number[];
  probeCpuMs: number[];
  probes: number;
}

async function trainWindow(
  probeEvery: number,
  steps: number,
  train: Awaited<ReturnType<typeof loadRef>>,
  evalData: Awaited<ReturnType<typeof loadRef>>,
  backend: string,
): Promise<Window> {
  // The default experiment; no checkpoints (not what is measured), the probe as asked.
  const cfg = resolveConfig({ ...DEFAULT_CONFIG, probeEvery, checkpointEverySeconds: 0 });
  const prepared = prepareModel(cfg, train, (p) => readModelFolder(p));
  const out: Window = { wallMs: 0, cpuMs: 0, stepMs: [], stepCpuMs: [], probeMs: [], probeCpuMs: [], probes: 0 };
  let wall0 = 0,
    cpu0 = 0,
    last = performance.now(),
    lastCpu = cpuMs(),
    started = false,
    subsetMs = 0,
    subsetCpuMs = 0;
  for await (const ev of runTraining({
    config: cfg,
    train,
    eval: evalData,
    encoder: prepared.encoder,
    backend,
    runId: 'bench',
    lineage: prepared.lineage,
    stopAtStep: steps,
  })) {
    const now = performance.now(),
      cpuNow = cpuMs();
    if (ev.type === 'error') throw new Error(ev.message);
    // The window opens with the first batch (after the step-0 evaluations both modes share).
    if (!started && ev.type === 'composition') {
      started = true;
      wall0 = last;
      cpu0 = lastCpu;
    }
    // A step's time: from the previous event to its composition event (the batch's forward and backward pass).
    if (started && ev.type === 'composition') {
      out.stepMs.push(now - last);
      out.stepCpuMs.push(cpuNow - lastCpu);
    }
    if (started && ev.type === 'eval' && ev.querySet?.name === 'probe') {
      out.probes++;
      out.probeMs.push(now - last);
      out.probeCpuMs.push(cpuNow - lastCpu);
    }
    // The subset evaluation at step evalEvery falls in both modes' windows: taken out, it only adds noise.
    if (started && ev.type === 'eval' && ev.querySet?.name !== 'probe') {
      subsetMs += now - last;
      subsetCpuMs += cpuNow - lastCpu;
    }
    last = now;
    lastCpu = cpuNow;
  }
  out.wallMs = performance.now() - wall0 - subsetMs;
  out.cpuMs = cpuMs() - cpu0 - subsetCpuMs;
  prepared.encoder.dispose();
  return out;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const load0 = loadavg();
  const backend = await cliBackend(process.env.PROBE_BENCH_BACKEND);
  const train = await loadRef(DEFAULT_CONFIG.train),
    evalData = await loadRef(DEFAULT_CONFIG.eval);
  const every = DEFAULT_CONFIG.probeEvery;
  const probe = probeSet(evalData, DEFAULT_CONFIG.probeQueriesPerLang, DEFAULT_CONFIG.seed)!;
  const off: Window[] = [],
    on: Window[] = [];
  await trainWindow(every, every, train, evalData, backend.name); // warm-up (kernels, caches), not counted
  for (let r = 0; r < REPEATS; r++) {
    // ABBA order (off, on, on, off, …): a load that drifts during the benchmark does not favour one mode.
    const pair = [
      ['off', off, 0],
      ['on', on, every],
    ] as const;
    for (const [mode, list, pe] of r % 2 ? [pair[1], pair[0]] : pair) {
      const w = await trainWindow(pe, STEPS, train, evalData, backend.name);
      list.push(w);
      log(
        `${mode} #${r + 1}: ${STEPS} steps in ${(w.wallMs / 1000).toFixed(1)} s wall, ${(w.cpuMs / 1000).toFixed(1)} s CPU, ${w.probes} probes${w.probes ? ` (${w.probeMs.map((m) => m.toFixed(0)).join(', ')} ms)` : ''}; load ${loadavg()[0].toFixed(1)}`,
      );
    }
  }
  const wall = { off: stats(off.map((w) => w.wallMs)), on: stats(on.map((w) => w.wallMs)) };
  const cpu = { off: stats(off.map((w) => w.cpuMs)), on: stats(on.map((w) => w.cpuMs)) };
  const probeMs = stats(on.flatMap((w) => w.probeMs)),
    probeCpuMs = stats(on.flatMap((w) => w.probeCpuMs));
  const stepMs = stats([...off, ...on].flatMap((w) => w.stepMs)),
    stepCpuMs = stats([...off, ...on].flatMap((w) => w.stepCpuMs));
  const result = {
    name: 'probe-cost',
    date: new Date().toISOString(),
    command: 'npx tsx bench/probe-cost.ts',
    config: {
      steps: STEPS,
      repeats: REPEATS,
      probeEvery: every,
      probeQueriesPerLang: DEFAULT_CONFIG.probeQueriesPerLang,
      batchSize: DEFAULT_CONFIG.batchSize,
      baseCheckpoint: DEFAULT_CONFIG.baseCheckpoint,
    },
    probeSet: {
      queries: probe.data.queries.length,
      candidates: probe.data.candidates.length,
      evalQueries: evalData.queries.length,
      evalCandidates: evalData.candidates.length,
    },
    backend: backend.name,
    wallMs: wall,
    cpuMs: cpu,
    /** Across runs: median on-window ÷ median off-window − 1. On a loaded shared machine windows of the same 100 steps vary several-fold, so this is noise-dominated. */
    overhead: { wall: wall.on.median / wall.off.median - 1, cpu: cpu.on.median / cpu.off.median - 1 },
    /** Within each probe run (same load for both parts): its probes' time ÷ the rest of its window; median over runs. The number to judge by. */
    withinRunOverhead: {
      wall: stats(on.map((w) => sum(w.probeMs) / (w.wallMs - sum(w.probeMs)))),
      cpu: stats(on.map((w) => sum(w.probeCpuMs) / (w.cpuMs - sum(w.probeCpuMs)))),
    },
    probeEvalMs: probeMs,
    probeEvalCpuMs: probeCpuMs,
    stepMs,
    stepCpuMs,
    /** Median step per mode: a probe that slowed the steps after it (caches, garbage) would show here, beyond its own time. */
    stepMsByMode: { off: stats(off.flatMap((w) => w.stepMs)).median, on: stats(on.flatMap((w) => w.stepMs)).median },
    stepCpuMsByMode: { off: stats(off.flatMap((w) => w.stepCpuMs)).median, on: stats(on.flatMap((w) => w.stepCpuMs)).median },
    /** What one probe every probeEvery steps costs, from the probe's own time and the median step (less sensitive to the shared machine's load than whole windows). */
    predictedOverhead: { wall: probeMs.median / (every * stepMs.median), cpu: probeCpuMs.median / (every * stepCpuMs.median) },
    loadAvg: { start: load0, end: loadavg() },
    machine: machineInfo(),
    versions: nodeVersions(),
    seconds: (performance.now() - t0) / 1000,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'probe-cost.json'), JSON.stringify(result, null, 2) + '\n');
  log(
    `within runs: wall +${(100 * result.withinRunOverhead.wall.median).toFixed(1)} %, CPU +${(100 * result.withinRunOverhead.cpu.median).toFixed(1)} % (medians of ${REPEATS})`,
  );
  log(
    `probe every ${every} steps, across runs: wall +${(100 * result.overhead.wall).toFixed(1)} %, CPU +${(100 * result.overhead.cpu).toFixed(1)} % (medians of ${REPEATS}); one probe ${probeMs.median.toFixed(0)} ms (CPU ${probeCpuMs.median.toFixed(0)}), step ${stepMs.median.toFixed(0)} ms (CPU ${stepCpuMs.median.toFixed(0)}) → predicted wall +${(100 * result.predictedOverhead.wall).toFixed(1)} %, CPU +${(100 * result.predictedOverhead.cpu).toFixed(1)} %; load ${load0[0].toFixed(1)} → ${loadavg()[0].toFixed(1)}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
