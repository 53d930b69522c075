/**
 * Backend selection for Node (CLI, benchmarks): core's self-test (`initBackend`), then — when the winner is
 * wasm — its matrix products handed to the system BLAS (`blas-kernels.ts`). The browser never comes here.
 *
 * HBW_BLAS=auto (default) uses a BLAS when one loads and says so; HBW_BLAS=off keeps tfjs-wasm's own kernels
 * (bit-for-bit the browser's WASM arithmetic); HBW_BLAS=on fails when none loads. HBW_BLAS_THREADS=n sets the
 * BLAS thread count (default: the library's own, i.e. every core).
 */
import { initBackend, type BackendInfo, type BackendPreference } from '../core/util/backend';
import { loadBlas } from './blas';
import { installBlasKernels, uninstallBlasKernels } from './blas-kernels';

export type BlasMode = 'auto' | 'on' | 'off';

export interface NodeBackendInfo extends BackendInfo {
  /** Set when the matrix products run in a system BLAS. */
  blas?: { library: string; config: string; threads?: number };
  /** Why no BLAS is used (mode off, another backend won, or the library did not load). */
  blasSkipped?: string;
}

export function blasModeFromEnv(env: NodeJS.ProcessEnv = process.env): BlasMode {
  const v = (env.HBW_BLAS ?? 'auto').toLowerCase();
  if (v === 'auto' || v === 'on' || v === 'off') return v;
  throw new Error(`HBW_BLAS=${env.HBW_BLAS} is not one of auto, on, off`);
}

export async function initNodeBackend(
  preferred: BackendPreference = 'auto',
  opts: { blas?: BlasMode; threads?: number } = {},
): Promise<NodeBackendInfo> {
  const mode = opts.blas ?? blasModeFromEnv();
  const info: NodeBackendInfo = await initBackend(preferred);
  if (info.name !== 'wasm' || mode === 'off') {
    uninstallBlasKernels();
    if (mode === 'on') throw new Error(`HBW_BLAS=on needs the wasm backend, but ${info.name} was selected`);
    return { ...info, blasSkipped: mode === 'off' ? 'HBW_BLAS=off' : `backend ${info.name}` };
  }
  const load = loadBlas();
  if (!load.ok) {
    if (mode === 'on') throw new Error(load.reason);
    return { ...info, blasSkipped: load.reason };
  }
  const threads = opts.threads ?? (process.env.HBW_BLAS_THREADS ? Number(process.env.HBW_BLAS_THREADS) : undefined);
  if (threads !== undefined) {
    if (!Number.isInteger(threads) || threads < 1)
      throw new Error(`BLAS thread count must be a positive integer, got ${threads}`);
    load.blas.setThreads(threads);
  }
  installBlasKernels(load.blas);
  return { ...info, blas: { library: load.blas.library, config: load.blas.config, threads: load.blas.threads() } };
}

/** One line for logs: "wasm + OpenBLAS 0.3.21 … (2 threads) for matrix products" or "wasm (no BLAS: …)". */
export function describeNodeBackend(info: NodeBackendInfo): string {
  if (info.blas)
    return `${info.name} + ${info.blas.config}${info.blas.threads ? `, ${info.blas.threads} thread(s)` : ''} for matrix products`;
  return info.name === 'wasm' ? `wasm (no BLAS: ${info.blasSkipped})` : info.name;
}
