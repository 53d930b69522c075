/** Kernel-time breakdown of one tfjs call (tf.profile): matrix products vs everything else. */
import * as tf from '@tensorflow/tfjs';

export const MATMUL_KERNELS = new Set(['BatchMatMul', '_FusedMatMul', 'MatMul', 'Conv2D']);

const CATEGORY: Array<[RegExp, string]> = [
  [/^(BatchMatMul|_FusedMatMul|MatMul)$/, 'matmul'],
  [/^(Transpose|Reshape|Identity|Cast|Concat|Slice|Pack|Unpack|Tile|Pad)$/, 'layout (transpose/copy/slice)'],
  [/^(Sum|Mean|Max|Min|Prod|ArgMax|All|Any)$/, 'reduction'],
  [/^(Softmax|LogSoftmax)$/, 'softmax'],
  [/^(GatherV2|GatherNd|ScatterNd|OneHot|Range|Fill|ZerosLike|OnesLike)$/, 'gather/scatter/fill'],
];

/**
 * Entries of tf.profile that wrap other kernels (customGrad ops run as one "kernel" around their inner
 * kernels, named 'unnamed scope' or '<op>__op'): listed, but not added to the totals (they would count twice).
 */
export const isWrapper = (name: string): boolean => name === 'unnamed scope' || name.endsWith('__op');

export interface MatmulShape {
  kernel: string;
  a: number[];
  b: number[];
  transposeA?: boolean;
  transposeB?: boolean;
  count: number;
  ms: number;
  gflops: number;
  gflopPerS: number;
}

export interface KernelProfile {
  wallMs: number;
  /** Sum of leaf kernel times (wrappers excluded); wallMs − kernelMs ≈ JS dispatch / tape overhead. */
  kernelMs: number;
  matmulMs: number;
  kernels: number;
  byCategory: Record<string, number>;
  top: Array<{ name: string; ms: number; count: number; wrapper: boolean }>;
  /** Matrix products grouped by operand shapes, slowest total first, with achieved GFLOP/s. */
  matmulShapes: MatmulShape[];
  newTensors: number;
  peakBytes: number;
}

export async function profileKernels(f: () => Promise<unknown>): Promise<KernelProfile> {
  const t0 = performance.now();
  const info = await tf.profile(async () => {
    await f();
  });
  const wallMs = performance.now() - t0;
  const byName = new Map<string, { ms: number; count: number }>();
  const byCategory: Record<string, number> = {};
  const shapes = new Map<string, MatmulShape>();
  let kernelMs = 0,
    matmulMs = 0;
  for (const k of info.kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    const e = byName.get(k.name) ?? { ms: 0, count: 0 };
    e.ms += ms;
    e.count++;
    byName.set(k.name, e);
    if (isWrapper(k.name)) continue;
    kernelMs += ms;
    if (MATMUL_KERNELS.has(k.name)) {
      matmulMs += ms;
      const [a, b] = k.inputShapes as number[][];
      const out = k.outputShapes[0] as number[];
      // FLOPs = 2 · |out| · inner; inner = the dimension of a that is not in out.
      const inner = a.length >= 2 ? (out[out.length - 2] === a[a.length - 2] ? a[a.length - 1] : a[a.length - 2]) : 1;
      const flops = 2 * out.reduce((x, y) => x * y, 1) * inner;
      const key = `${k.name}:${a}:${b}`;
      const m = shapes.get(key) ?? { kernel: k.name, a, b, count: 0, ms: 0, gflops: 0, gflopPerS: 0 };
      m.count++;
      m.ms += ms;
      m.gflops += flops / 1e9;
      shapes.set(key, m);
    }
    const cat = CATEGORY.find(([re]) => re.test(k.name))?.[1] ?? 'elementwise/other';
    byCategory[cat] = (byCategory[cat] ?? 0) + ms;
  }
  const top = [...byName]
    .map(([name, v]) => ({ name, ...v, wrapper: isWrapper(name) }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 25);
  const matmulShapes = [...shapes.values()]
    .map((m) => ({ ...m, gflopPerS: m.gflops / (m.ms / 1000) }))
    .sort((a, b) => b.ms - a.ms);
  return {
    wallMs,
    kernelMs,
    matmulMs,
    kernels: info.kernels.length,
    byCategory,
    top,
    matmulShapes,
    newTensors: info.newTensors,
    peakBytes: info.peakBytes,
  };
}
