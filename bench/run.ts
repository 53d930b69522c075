/**
 * `npm run bench` (every benchmark) or `npm run bench -- <name> [<name> …]`. Never part of `npm test`.
 * Each benchmark writes bench/results/<name>.json and the table in bench/README.md is regenerated.
 * Names: train-step, encode, eval, memory, browser, browser-encode, browser-train; `real-size` only when named.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { BENCH_ORDER, log, regenerateReadme, writeResult, type BenchResult } from './lib/common';

const MODULES: Record<string, () => Promise<{ run: () => Promise<BenchResult> }>> = {
  'train-step': () => import('./train-step'),
  encode: () => import('./encode'),
  eval: () => import('./eval'),
  memory: () => import('./memory'),
  browser: () => import('./browser'),
  'browser-encode': async () => ({ run: (await import('./browser-peers')).runEncode }),
  'browser-train': async () => ({ run: (await import('./browser-peers')).runTrain }),
  // Only by name (minutes, ~2 GB): npm run bench -- real-size
  'real-size': () => import('./real-size'),
  // Runs only the PyTorch peer; ours is read from real-size-step.json / real-size-browser.json.
  'real-size-peers': () => import('./real-size-peers'),
};

/**
 * Both sides on the same BLAS kernel: this environment pins OPENBLAS_CORETYPE (and OPENBLAS_L2_SIZE) for old
 * OpenBLAS builds; the peers already run without them, so ours must too — and OpenBLAS reads them when it loads,
 * so the whole benchmark process restarts once without them (tests and CI keep them).
 */
function rerunWithoutPinnedKernel(): Promise<number> | null {
  if (process.env.HBW_BENCH_KERNEL_ENV === 'clean' || (!process.env.OPENBLAS_CORETYPE && !process.env.OPENBLAS_L2_SIZE))
    return null;
  const env: NodeJS.ProcessEnv = { ...process.env, HBW_BENCH_KERNEL_ENV: 'clean' };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  log(
    `removing OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE ?? ''} OPENBLAS_L2_SIZE=${process.env.OPENBLAS_L2_SIZE ?? ''} for every side (restart)`,
  );
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { env, stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

async function main(argv: string[]): Promise<number> {
  const rerun = rerunWithoutPinnedKernel();
  if (rerun) return rerun;
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(
      `usage: npm run bench [-- <name> …]\n  names: ${BENCH_ORDER.join(', ')}\n  --readme  only regenerate the bench/README.md table\n`,
    );
    return 0;
  }
  if (argv.includes('--readme')) {
    regenerateReadme();
    return 0;
  }
  const names = argv.length ? argv : BENCH_ORDER;
  const unknown = names.filter((n) => !MODULES[n]);
  if (unknown.length) {
    process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')} (known: ${Object.keys(MODULES).join(', ')})\n`);
    return 2;
  }
  let failed = 0;
  for (const name of names) {
    try {
      const mod = await MODULES[name]();
      const r = await mod.run();
      r.machine.loadAvgAtEnd = loadavg();
      const path = writeResult(r);
      regenerateReadme();
      log(
        `${name}: ${r.summary.ours} vs ${r.summary.peer} → ${r.summary.ratio} (target ${r.summary.target}: ${r.met === null ? 'n/a' : r.met ? 'met' : 'NOT met'}) → ${path}`,
      );
    } catch (e) {
      failed++;
      log(`${name}: FAILED — ${(e as Error).stack ?? String(e)}`);
    }
  }
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
