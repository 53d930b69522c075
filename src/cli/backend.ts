/**
 * The CLI's backend: core's self-test plus, on wasm, the system BLAS for matrix products (src/node/backend.ts),
 * announced once per process on stderr so every log says what did the arithmetic.
 */
import type { BackendPreference } from '../core/util/backend';
import { describeNodeBackend, initNodeBackend, type NodeBackendInfo } from '../node/backend';
import { SettingError } from '../node/setting-error';
import { debugRequested, takeOverProcessHandlers, UsageError } from './errors';

const BACKENDS = ['auto', 'wasm', 'cpu', 'webgpu'];

let announced = '';

export async function cliBackend(preferred: string | undefined, opts: { quiet?: boolean } = {}): Promise<NodeBackendInfo> {
  if (preferred !== undefined && !BACKENDS.includes(preferred))
    throw new UsageError(`--backend ${preferred}: unknown backend. Fix: use one of ${BACKENDS.join(', ')}`);
  let info: NodeBackendInfo;
  try {
    info = await initNodeBackend((preferred ?? 'auto') as BackendPreference);
  } catch (e) {
    if (e instanceof SettingError) throw new UsageError(e.message); // HBW_BLAS / HBW_NATIVE / HBW_BLAS_THREADS: exit 2
    throw e;
  }
  // tfjs-wasm's Emscripten module registers re-throwing process handlers on load: take them back (errors.ts).
  takeOverProcessHandlers(debugRequested(process.argv));
  const line = `backend: ${describeNodeBackend(info)}`;
  if (!opts.quiet && line !== announced) process.stderr.write(line + '\n');
  announced = line;
  return info;
}
