/**
 * The CLI's backend: core's self-test plus, on wasm, the system BLAS for matrix products (src/node/backend.ts),
 * announced once per process on stderr so every log says what did the arithmetic.
 */
import type { BackendPreference } from '../core/util/backend';
import { describeNodeBackend, initNodeBackend, type NodeBackendInfo } from '../node/backend';

let announced = '';

export async function cliBackend(preferred: string | undefined, opts: { quiet?: boolean } = {}): Promise<NodeBackendInfo> {
  const info = await initNodeBackend((preferred ?? 'auto') as BackendPreference);
  const line = `backend: ${describeNodeBackend(info)}`;
  if (!opts.quiet && line !== announced) process.stderr.write(line + '\n');
  announced = line;
  return info;
}
