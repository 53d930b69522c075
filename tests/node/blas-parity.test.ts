/**
 * The PyTorch parity suites (forward hidden states and pooled vectors, InfoNCE loss and every parameter
 * gradient, one AdamW step; tests/core/…) re-run with tfjs-wasm's matrix products in the system BLAS, so the
 * CLI's fast path is held to the same 1e-4 / 1e-3 limits as the browser's WASM path.
 */
import { afterAll, expect } from 'vitest';
import { loadBlas } from '../../src/node/blas';
import { blasProductCount, installBlasKernels, uninstallBlasKernels } from '../../src/node/blas-kernels';
import { wasmHooks } from '../core/model/fixtures';

const load = loadBlas();
if (!load.ok && process.env.HBW_REQUIRE_BLAS === '1') throw new Error(load.reason);
if (load.ok) {
  wasmHooks.after = () => installBlasKernels(load.blas);
  afterAll(() => {
    wasmHooks.after = undefined;
    uninstallBlasKernels();
    expect(blasProductCount(), 'the suites ran their products in BLAS').toBeGreaterThan(100);
  });
  await import('../core/model/bert-parity.test');
  await import('../core/model/bert-grad.test');
  await import('../core/train/adamw-parity.test');
}
