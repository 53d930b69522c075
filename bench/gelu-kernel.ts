/**
 * `npx tsx bench/gelu-kernel.ts`: ns per element of kernels.wat `gelu` on the FFN activation of the bench model,
 * x [2048 × 1024] (32 texts × 64 tokens, intermediate 1024), without (inference) and with the derivative
 * (training). The module is instantiated on its own memory, so this times the kernel alone — no tfjs dispatch.
 * Not part of `npm run bench` (no README row). Wall and CPU time (the machine is shared: CPU is the steadier one).
 */
import { KERNELS_WASM } from '../src/core/model/kernels/kernels-wasm';

const N = 2048 * 1024;
const memory = new WebAssembly.Memory({ initial: Math.ceil((3 * N * 4) / 65536) + 1 });
const inst = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(KERNELS_WASM, 'base64')), { env: { memory } });
const gelu = inst.exports.gelu as (x: number, y: number, d: number, n: number) => void;

const x = new Float32Array(memory.buffer, 0, N);
let s = 1;
for (let i = 0; i < N; i++) {
  s = (s * 1103515245 + 12345) >>> 0;
  x[i] = (s / 2 ** 32 - 0.5) * 8; // pre-activations of a trained FFN lie mostly in ±4
}

function nsPerElement(d: number): { wall: number; cpu: number } {
  for (let i = 0; i < 5; i++) gelu(0, N * 4, d, N); // warm-up, V8 tier-up
  let reps = 0;
  const w0 = performance.now(),
    c0 = process.cpuUsage();
  while (performance.now() - w0 < 1500 || reps < 10) {
    gelu(0, N * 4, d, N);
    reps++;
  }
  const c = process.cpuUsage(c0);
  return { wall: ((performance.now() - w0) * 1e6) / reps / N, cpu: ((c.user + c.system) * 1e3) / reps / N };
}

for (const [name, d] of [
  ['inference (y)', 0],
  ['training (y, dy/dx)', 2 * N * 4],
] as const) {
  const t = nsPerElement(d);
  process.stdout.write(`gelu ${name} [2048×1024]: ${t.wall.toFixed(2)} ns/element wall, ${t.cpu.toFixed(2)} cpu\n`);
}
