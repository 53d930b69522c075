/**
 * `npx tsx bench/gemm.ts`: GFLOP/s of our WASM SIMD GEMM (kernels.wat `gemm`, called on the tensors' heap
 * offsets) vs tfjs-backend-wasm's own product (XNNPACK for plain 2-D, its scalar fallback for batched or
 * transposed operands) on the bench model's shapes: hidden 256, intermediate 1024, 32 × 64 tokens, 4 heads.
 * Not part of `npm run bench` (no README row): it sizes routing decisions in kernels/wasm-gemm.ts.
 * Wall and CPU time per product (the machine is shared: CPU time is the steadier one). Ours is the relaxed-SIMD
 * build (fused multiply-adds) where the engine has it: `node --experimental-wasm-relaxed-simd --import tsx
 * bench/gemm.ts` in Node 20 (Chromium's default), plain `npx tsx bench/gemm.ts` for the SIMD128 build.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { WASM_GEMM_FLAG } from '../src/core/model/kernels/wasm-gemm';
import { kernelsFor } from '../src/core/model/kernels/wasm-kernels';
import { activeWasmBackend, heapOffset } from '../src/core/util/wasm-heap';

interface Shape {
  name: string;
  batch: number;
  m: number;
  n: number;
  k: number;
  tA: boolean;
  tB: boolean;
}
const T = 32 * 64;
const SHAPES: Shape[] = [
  { name: 'dense fwd x·W [2048×256]·[256×256]', batch: 1, m: T, n: 256, k: 256, tA: false, tB: false },
  { name: 'FFN up [2048×256]·[256×1024]', batch: 1, m: T, n: 1024, k: 256, tA: false, tB: false },
  { name: 'FFN down [2048×1024]·[1024×256]', batch: 1, m: T, n: 256, k: 1024, tA: false, tB: false },
  { name: 'db = Σ rows [1×2048]·[2048×1024]', batch: 1, m: 1, n: 1024, k: T, tA: false, tB: false },
  { name: 'small [32×256]·[256×256]', batch: 1, m: 32, n: 256, k: 256, tA: false, tB: false },
  { name: 'x·Wᵀ [2048×256]·[256×1024]ᵀ', batch: 1, m: T, n: 1024, k: 256, tA: false, tB: true },
  { name: 'dW = xᵀ·dy [256×2048]·[2048×1024]', batch: 1, m: 256, n: 1024, k: T, tA: true, tB: false },
  { name: 'scores Q·Kᵀ [128: 64×64]·[64×64]ᵀ', batch: 128, m: 64, n: 64, k: 64, tA: false, tB: true },
  { name: 'context P·V [128: 64×64]·[64×64]', batch: 128, m: 64, n: 64, k: 64, tA: false, tB: false },
  { name: 'dV = Pᵀ·dC [128: 64×64]ᵀ·[64×64]', batch: 128, m: 64, n: 64, k: 64, tA: true, tB: false },
];

function time(fn: () => void, minMs = 400): { wall: number; cpu: number } {
  fn(); // warm-up (and V8 tier-up of the module)
  let reps = 0;
  const w0 = performance.now(),
    c0 = process.cpuUsage();
  while (performance.now() - w0 < minMs || reps < 3) {
    fn();
    reps++;
  }
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - w0) / reps, cpu: (c.user + c.system) / 1000 / reps };
}

async function main(): Promise<void> {
  await tf.setBackend('wasm');
  const backend = activeWasmBackend()!;
  const kern = kernelsFor(backend)!;
  process.stderr.write(`ours: ${kern.relaxed ? 'relaxed SIMD (fused multiply-add)' : 'SIMD128'} build\n`);
  const rows: string[] = [];
  for (const s of SHAPES) {
    const { batch, m, n, k, tA, tB } = s;
    const a = tf.randomUniform(tA ? [batch, k, m] : [batch, m, k]),
      b = tf.randomUniform(tB ? [batch, n, k] : [batch, k, n]);
    const c = tf.zeros([batch, m, n]);
    const flops = 2 * batch * m * n * k;
    const ours = time(() => {
      const [ao, bo, co] = [a, b, c].map((t) => heapOffset(backend, t));
      for (let i = 0; i < batch; i++) {
        const [ars, acs] = tA ? [1, m] : [k, 1];
        const [brs, bcs] = tB ? [1, k] : [n, 1];
        kern.gemm(
          m,
          n,
          k,
          ao + i * m * k * 4,
          ars,
          acs,
          bo + i * k * n * 4,
          brs,
          bcs,
          co + i * m * n * 4,
          n,
          1,
          0,
          kern.gemmScratch,
          0,
        );
      }
    });
    tf.env().set(WASM_GEMM_FLAG, false);
    const tfjs = time(() => tf.dispose(tf.matMul(a, b, tA, tB)), 300);
    tf.env().set(WASM_GEMM_FLAG, true);
    const g = (ms: number) => (flops / ms / 1e6).toFixed(1);
    const path = batch === 1 && !tA && !tB ? 'XNNPACK' : 'scalar fallback';
    rows.push(
      `| ${s.name} | ${g(ours.wall)} (${g(ours.cpu)} cpu) | ${g(tfjs.wall)} (${g(tfjs.cpu)} cpu) ${path} | ${(tfjs.cpu / ours.cpu).toFixed(2)}× |`,
    );
    process.stderr.write(`${rows.at(-1)}\n`);
    tf.dispose([a, b, c]);
  }
  process.stdout.write(
    `| product | ours GFLOP/s wall (cpu) | tfjs-wasm GFLOP/s wall (cpu) | ours/tfjs (cpu) |\n|---|---|---|---|\n${rows.join('\n')}\n`,
  );
}

await main();
