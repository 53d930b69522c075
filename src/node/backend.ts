/**
 * Backend selection for Node (CLI, benchmarks): core's self-test (`initBackend`), then — when the winner is
 * wasm — its matrix products handed to the system BLAS (`blas-kernels.ts`) and GELU, Softmax and LayerNorm to
 * AVX-512 kernels built on this machine (`native-kernels.ts`). The browser never comes here.
 *
 * HBW_BLAS=auto (default) uses a BLAS when one loads and says so; HBW_BLAS=off keeps tfjs-wasm's own kernels
 * (bit-for-bit the browser's WASM arithmetic); HBW_BLAS=on fails when none loads. HBW_BLAS_THREADS=n sets the
 * BLAS thread count (default: the library's own, i.e. every core). HBW_NATIVE=auto|on|off does the same for the
 * native kernels (off also when HBW_BLAS=off: that mode promises the browser's arithmetic).
 */
import { initBackend, type BackendInfo, type BackendPreference } from '../core/util/backend';
import { loadBlas } from './blas';
import { SettingError } from './setting-error';
import { blasKernelsInstalled, installBlasKernels, setDenseKernel, setHeadLoops, uninstallBlasKernels } from './blas-kernels';
import {
  installNativeKernels,
  loadNativeKernels,
  nativeKernelsInstalled,
  nativeModeFromEnv,
  type NativeMode,
  uninstallNativeKernels,
} from './native-kernels';

export type BlasMode = 'auto' | 'on' | 'off';

export interface NodeBackendInfo extends BackendInfo {
  /** Set when the matrix products run in a system BLAS. */
  blas?: { library: string; config: string; threads?: number };
  /** Why no BLAS is used (mode off, another backend won, or the library did not load). */
  blasSkipped?: string;
  /** Set when GELU, Softmax and LayerNorm run in the native AVX-512 kernels. */
  native?: { library: string; compiler: string };
  /** Why they do not (mode off, another backend won, no compiler or CPU support, a failed self-test). */
  nativeSkipped?: string;
}

export function blasModeFromEnv(env: NodeJS.ProcessEnv = process.env): BlasMode {
  const v = (env.HBW_BLAS ?? 'auto').toLowerCase();
  if (v === 'auto' || v === 'on' || v === 'off') return v;
  throw new SettingError(`HBW_BLAS=${env.HBW_BLAS} is not one of auto, on, off. Fix: set one of them, or unset HBW_BLAS`);
}

export async function initNodeBackend(
  preferred: BackendPreference = 'auto',
  opts: { blas?: BlasMode; threads?: number; native?: NativeMode } = {},
): Promise<NodeBackendInfo> {
  const mode = opts.blas ?? blasModeFromEnv();
  const nativeMode = opts.native ?? nativeModeFromEnv();
  const info: NodeBackendInfo = await initBackend(preferred);
  if (info.name !== 'wasm' || mode === 'off') {
    uninstallBlasKernels();
    uninstallNativeKernels();
    if (mode === 'on')
      throw new SettingError(
        `HBW_BLAS=on needs the wasm backend, but ${info.name} was selected. Fix: --backend wasm, or unset HBW_BLAS`,
      );
    if (nativeMode === 'on')
      throw new SettingError(
        `HBW_NATIVE=on needs the wasm backend with a BLAS (backend ${info.name}, HBW_BLAS=${mode}). Fix: unset HBW_NATIVE`,
      );
    const why = mode === 'off' ? 'HBW_BLAS=off' : `backend ${info.name}`;
    return { ...info, blasSkipped: why, nativeSkipped: why };
  }
  const native = withNativeKernels(info, nativeMode);
  const load = loadBlas();
  if (!load.ok) {
    if (mode === 'on') throw new SettingError(`HBW_BLAS=on: ${load.reason}`);
    return { ...native, blasSkipped: load.reason };
  }
  const threads = opts.threads ?? (process.env.HBW_BLAS_THREADS ? Number(process.env.HBW_BLAS_THREADS) : undefined);
  if (threads !== undefined) {
    if (!Number.isInteger(threads) || threads < 1)
      throw new SettingError(
        `BLAS thread count (HBW_BLAS_THREADS) must be a positive integer, got ${threads}. Fix: e.g. HBW_BLAS_THREADS=1`,
      );
    load.blas.setThreads(threads);
  }
  installBlasKernels(load.blas);
  const loops = native.native ? loadNativeKernels() : undefined;
  setHeadLoops(loops?.ok ? loops.kernels.headLoops(load.blas.library) : undefined);
  setDenseKernel(loops?.ok ? loops.kernels.dense : undefined);
  return { ...native, blas: { library: load.blas.library, config: load.blas.config, threads: load.blas.threads() } };
}

function withNativeKernels(info: NodeBackendInfo, mode: NativeMode): NodeBackendInfo {
  if (mode === 'off') {
    uninstallNativeKernels();
    return { ...info, nativeSkipped: 'HBW_NATIVE=off' };
  }
  const load = loadNativeKernels();
  if (!load.ok) {
    uninstallNativeKernels();
    if (mode === 'on') throw new SettingError(`HBW_NATIVE=on: ${load.reason}. Fix: unset HBW_NATIVE to run without them`);
    return { ...info, nativeSkipped: load.reason };
  }
  installNativeKernels(load.kernels);
  return { ...info, native: { library: load.kernels.library, compiler: load.kernels.compiler } };
}

/**
 * Runs `fn` on tfjs-wasm's and kernels.wat's own kernels — the browser's arithmetic — then puts back the BLAS and
 * native kernels that were installed.
 */
export async function withBrowserArithmetic<T>(fn: () => Promise<T>): Promise<T> {
  const native = nativeKernelsInstalled() ? loadNativeKernels() : undefined;
  const blas = blasKernelsInstalled() ? loadBlas() : undefined;
  uninstallNativeKernels();
  uninstallBlasKernels();
  try {
    return await fn();
  } finally {
    if (blas?.ok) installBlasKernels(blas.blas);
    if (native?.ok) installNativeKernels(native.kernels);
    if (blas?.ok && native?.ok) {
      setHeadLoops(native.kernels.headLoops(blas.blas.library));
      setDenseKernel(native.kernels.dense);
    }
  }
}

/** One line for logs: "wasm + OpenBLAS 0.3.21 … (2 threads) for matrix products" or "wasm (no BLAS: …)". */
export function describeNodeBackend(info: NodeBackendInfo): string {
  const native = info.native ? '; AVX-512 native GELU/Softmax/LayerNorm' : '';
  if (info.blas)
    return `${info.name} + ${info.blas.config}${info.blas.threads ? `, ${info.blas.threads} thread(s)` : ''} for matrix products${native}`;
  return info.name === 'wasm' ? `wasm (no BLAS: ${info.blasSkipped})` : info.name;
}
