/**
 * checkpoint-cost: what a checkpoint costs on the default run (the demo experiment from the shipped base:
 * 300 steps, batch 32), so the default `checkpointEverySeconds` can be judged. Trains the first STEPS steps of
 * the default config with a checkpoint every CKPT_EVERY steps written the CLI's way (trainer state read back,
 * serialised, written beside and swapped in), and reports per checkpoint: milliseconds (from the runner's
 * checkpoint events) and bytes; per step: milliseconds; and the overhead of checkpointing every N seconds
 * (cost ÷ N s). Not a timed test: run `npx tsx bench/checkpoint-cost.ts`; writes bench/results/checkpoint-cost.json.
 * The browser writes the same bytes to IndexedDB; its cost is shown live in the run status ("· 0.12 s").
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG, resolveConfig } from '../src/core/experiment/config';
import { prepareModel } from '../src/core/experiment/setup';
import { checkpointFiles } from '../src/core/train/checkpoint';
import { runTraining } from '../src/core/train/runner';
import { cliBackend } from '../src/cli/backend';
import { loadRef } from '../src/cli/commands/train';
import { readModelFolder, writeModelFolder } from '../src/cli/model-io';
import { RESULTS_DIR, log, machineInfo, nodeVersions, stats } from './lib/common';

const STEPS = Number(process.env.CKPT_BENCH_STEPS ?? 60);
const CKPT_EVERY = 5;

async function main(): Promise<void> {
  const t0 = performance.now();
  const backend = await cliBackend(process.env.CKPT_BENCH_BACKEND);
  // The default experiment; only the evaluation is off (it is not what is measured) and checkpoints are by step.
  const cfg = resolveConfig({ ...DEFAULT_CONFIG, evalEvery: 0, checkpointEvery: CKPT_EVERY, checkpointEverySeconds: 0 });
  const train = await loadRef(cfg.train),
    evalData = await loadRef(cfg.eval);
  const prepared = prepareModel(cfg, train, (p) => readModelFolder(p));
  const dir = join(tmpdir(), `hbw-ckpt-bench-${process.pid}`);
  let bytes = 0;
  const ckptMs: number[] = [],
    stepMs: number[] = [];
  for await (const ev of runTraining({
    config: cfg,
    train,
    eval: evalData,
    encoder: prepared.encoder,
    backend: backend.name,
    runId: 'bench',
    lineage: prepared.lineage,
    stopAtStep: STEPS,
    saveCheckpoint: async (state, encoder) => {
      const files = await checkpointFiles(state, encoder);
      bytes = Object.values(files).reduce((s, f) => s + f.byteLength, 0);
      rmSync(`${dir}.tmp`, { recursive: true, force: true });
      writeModelFolder(`${dir}.tmp`, files);
      rmSync(dir, { recursive: true, force: true });
      renameSync(`${dir}.tmp`, dir);
      return dir;
    },
  })) {
    if (ev.type === 'step') stepMs.push(ev.ms);
    if (ev.type === 'checkpoint' && ev.ms !== undefined) {
      ckptMs.push(ev.ms);
      log(`checkpoint @ ${ev.step}: ${ev.ms.toFixed(1)} ms`);
    }
    if (ev.type === 'error') throw new Error(ev.message);
  }
  rmSync(dir, { recursive: true, force: true });
  prepared.encoder.dispose();
  const ck = stats(ckptMs),
    st = stats(stepMs.slice(3)); // the first steps warm the kernels up
  const every = DEFAULT_CONFIG.checkpointEverySeconds;
  const result = {
    name: 'checkpoint-cost',
    date: new Date().toISOString(),
    command: 'npx tsx bench/checkpoint-cost.ts',
    config: {
      steps: STEPS,
      checkpointEvery: CKPT_EVERY,
      batchSize: cfg.batchSize,
      baseCheckpoint: cfg.baseCheckpoint,
      model: 'demo-base (shipped)',
    },
    backend: backend.name,
    checkpoint: { count: ckptMs.length, bytes, ms: ck },
    step: { count: stepMs.length - 3, ms: st },
    /** Checkpointing every `every` s costs median checkpoint ms ÷ (every × 1000) of the run's time. */
    byTime: {
      checkpointEverySeconds: every,
      overheadFraction: ck.median / (every * 1000),
      stepsPerCheckpoint: (every * 1000) / st.median,
      msPerStep: ck.median / ((every * 1000) / st.median),
    },
    machine: machineInfo(),
    versions: nodeVersions(),
    seconds: (performance.now() - t0) / 1000,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'checkpoint-cost.json'), JSON.stringify(result, null, 2) + '\n');
  log(
    `checkpoint: median ${ck.median.toFixed(1)} ms (${(bytes / 1e6).toFixed(1)} MB), step median ${st.median.toFixed(1)} ms; every ${every} s → ${(100 * result.byTime.overheadFraction).toFixed(2)} % of the run, ${result.byTime.msPerStep.toFixed(3)} ms per step`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
