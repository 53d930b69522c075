/**
 * `node --experimental-wasm-relaxed-simd --import tsx bench/gemm-ab.ts <shapes|all> <a.wat> [relaxed:<b.wat>] …`:
 * kernels.wat variants' `gemm` alone, interleaved (7 rounds of ≥ 150 ms per variant per shape, CPU time, 1 thread),
 * each on its own module over one memory. `relaxed:` compiles the file as the relaxed-SIMD build does. Prints the
 * median and best GFLOP/s per variant and its largest error against a float64 reference (every output of the
 * small shapes, every 997th of the large ones; Infinity when it wrote past C). For trying micro-kernel changes:
 * copy kernels.wat, edit, compare (git show <rev>:src/core/model/kernels/kernels.wat gives an older one).
 */
import { readFileSync } from 'node:fs';
import wabtInit from 'wabt';
import { interleave2, relaxedMadd } from '../scripts/build-wasm-kernels';

const [filter, ...wats] = process.argv.slice(2);
const T = 2048;
// name, m, n, k, transposeA, transposeB, calls per run
const SHAPES: Array<[string, number, number, number, boolean, boolean, number]> = [
  ['xW', T, 256, 256, false, false, 1],
  ['up', T, 1024, 256, false, false, 1],
  ['down', T, 256, 1024, false, false, 1],
  ['xWt', T, 1024, 256, false, true, 1],
  ['dW', 256, 1024, T, true, false, 1],
  ['att', 64, 64, 64, false, true, 128],
  ['attN', 64, 64, 64, false, false, 128],
  ['attT', 64, 64, 64, true, false, 128],
  ['odd', 301, 203, 157, false, false, 8],
];
const MB = 1 << 20;
const [A, B, C, WS] = [0, 16 * MB, 32 * MB, 48 * MB]; // byte offsets

const wabt = await wabtInit();
const memory = new WebAssembly.Memory({ initial: 2048 });
const f = new Float32Array(memory.buffer);
const gemms = wats.map((arg) => {
  const relaxed = arg.startsWith('relaxed:');
  const wat = relaxedMadd(interleave2(readFileSync(arg.replace(/^relaxed:/, ''), 'utf8')), relaxed)
    .replaceAll('@@MAX@@', '')
    .replaceAll('@@SHARED@@', '');
  const mod = wabt.parseWat('k.wat', wat, { simd: true, relaxed_simd: relaxed });
  const bytes = Uint8Array.from(mod.toBinary({}).buffer);
  mod.destroy();
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports.gemm as (...a: number[]) => void;
});
let s = 1;
for (let i = 0; i < C / 4; i++) {
  s = (s * 1103515245 + 12345) >>> 0;
  f[i] = s / 2 ** 32 - 0.5;
}

for (const [name, m, n, k, tA, tB, reps] of SHAPES) {
  if (filter !== 'all' && !filter.split(',').includes(name)) continue;
  const [ars, acs] = tA ? [1, m] : [k, 1];
  const [brs, bcs] = tB ? [1, k] : [n, 1];
  const runs = gemms.map((g) => () => {
    for (let r = 0; r < reps; r++) g(m, n, k, A, ars, acs, B, brs, bcs, C, n, 1, 0, WS);
  });
  const errs = runs.map((run) => {
    f.fill(7, C / 4, C / 4 + m * n + 64);
    run();
    if (f[C / 4 + m * n] !== 7) return Number.POSITIVE_INFINITY;
    let e = 0;
    for (let q = 0; q < m * n; q += m * n > 200_000 ? 997 : 1) {
      const i = Math.floor(q / n),
        j = q % n;
      let ref = 0;
      for (let p = 0; p < k; p++) ref += f[A / 4 + i * ars + p * acs] * f[B / 4 + p * brs + j * bcs];
      e = Math.max(e, Math.abs(ref - f[C / 4 + q]));
    }
    return e;
  });
  const gflops: number[][] = runs.map(() => []);
  for (let round = 0; round < 7; round++)
    runs.forEach((run, v) => {
      let it = 0;
      const c0 = process.cpuUsage(),
        w0 = performance.now();
      while (performance.now() - w0 < 150 || it < 2) {
        run();
        it++;
      }
      const c = process.cpuUsage(c0);
      gflops[v].push((2 * m * n * k * reps * it) / ((c.user + c.system) * 1e3));
    });
  const cells = gflops.map((g, v) => {
    g.sort((x, y) => x - y);
    return `v${v} ${g[3].toFixed(1)} (best ${g[6].toFixed(1)}) err ${errs[v].toExponential(1)}`;
  });
  process.stdout.write(`${name.padEnd(5)} ${cells.join(' | ')}\n`);
}
