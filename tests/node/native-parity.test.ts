/**
 * The PyTorch parity suites (forward hidden states and pooled vectors; InfoNCE loss and every parameter gradient;
 * tests/core/…) re-run on the CLI's full Node path: products in the system BLAS plus the AVX-512 kernels
 * (native-kernels.ts: GELU, Softmax, LayerNorm, row gathers, fused inference attention, per-head sgemm loops in C),
 * held to the same limits as the browser's WASM path. Skipped where the native kernels cannot be built (the
 * reason is printed); tests/node/native-kernels.test.ts requires them wherever the CPU and a compiler allow.
 */
import { afterAll, expect, it } from 'vitest';
import { loadBlas } from '../../src/node/blas';
import { installBlasKernels, setDenseKernel, setHeadLoops, uninstallBlasKernels } from '../../src/node/blas-kernels';
import {
  installNativeKernels,
  loadNativeKernels,
  nativeKernelCalls,
  uninstallNativeKernels,
} from '../../src/node/native-kernels';
import { wasmHooks } from '../core/model/fixtures';

const blas = loadBlas();
const native = loadNativeKernels();
if (!blas.ok && process.env.HBW_REQUIRE_BLAS === '1') throw new Error(blas.reason);
if (!native.ok) console.log(`native parity suites skipped: ${native.reason}`);
if (blas.ok && native.ok) {
  const before = nativeKernelCalls();
  wasmHooks.after = () => {
    installBlasKernels(blas.blas);
    installNativeKernels(native.kernels);
    setHeadLoops(native.kernels.headLoops(blas.blas.library));
    setDenseKernel(native.kernels.dense);
  };
  afterAll(() => {
    wasmHooks.after = undefined;
    uninstallNativeKernels();
    uninstallBlasKernels();
    expect(nativeKernelCalls() - before, 'the suites ran the native kernels').toBeGreaterThan(20);
  });
  await import('../core/model/bert-parity.test');
  await import('../core/model/bert-grad.test');
} else it.skip(`PyTorch parity on the native path (${native.ok ? 'no BLAS' : native.reason})`, () => {});
