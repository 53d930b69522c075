/**
 * AVX-512 element-wise kernels (native/kernels.c) for Node on x86-64: compiled once per source and compiler into
 * node_modules/.cache/hbw-native, loaded through koffi, registered over four tfjs-wasm kernels — GELU without its
 * derivative, Softmax over the last axis, LayerNorm without the backward's statistics, GatherNd of whole rows —
 * working in place on the WASM heap like blas-kernels.ts, plus core's fused inference attention (HEAD_ATTENTION)
 * and AdamW's fused update (ADAMW_KERNEL: the composed ops' bits, one pass instead of 14). Under a gradient
 * tape GELU, LayerNorm and Softmax run tfjs-wasm's / kernels.wat's as before, so training keeps its arithmetic
 * (row gathers are copies either way). The library also holds attention's per-head sgemm loops,
 * which blas-kernels.ts takes (`headLoops`): the same sgemm calls, so the same bits; and dense.c's inference
 * product with packed weights, which blas-kernels.ts sends no-grad dense-layer products to (`dense`).
 *
 * Why native: after the matrix products moved to OpenBLAS, these are WASM SIMD128 (4 lanes) against ONNX Runtime's
 * AVX-512 (16 lanes); bench/README.md has the numbers. GELU keeps kernels.wat's bits; LayerNorm and Softmax are
 * torch's maths to float32 rounding (a self-test against float64 runs at every load).
 *
 * Nothing here is required: no compiler, another CPU or OS, a failed build or self-test → `loadNativeKernels`
 * says why and the caller keeps the WASM kernels. HBW_NATIVE=off skips it; HBW_NATIVE=on makes a miss an error.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import type * as Koffi from 'koffi';
import { HEAD_ATTENTION, type HeadAttrs, headOperandWidth } from '../core/model/head-products';
import { GELU_KERNEL, LAYER_NORM_KERNEL } from '../core/model/kernels/wasm-kernels';
import { recording } from '../core/model/tape';
import { ADAMW_KERNEL, type AdamWKernelAttrs } from '../core/train/adamw';
import { heapOffset, type KernelArgs, type WasmBackendLike } from '../core/util/wasm-heap';
import { selfTest } from './native-self-test';
import { SettingError } from './setting-error';

const ABI = 7;
const FLAGS = ['-O2', '-shared', '-fPIC', '-mavx512f', '-mavx512dq', '-ffp-contract=off', '-fno-math-errno', '-std=gnu11'];
const SOURCES = ['kernels.c', 'dense.c'].map((f) => fileURLToPath(new URL(`./native/${f}`, import.meta.url)));

export interface NativeKernels {
  /** The shared library loaded, and the compiler line that built it. */
  library: string;
  compiler: string;
  gelu(x: Float32Array, y: Float32Array, n: number): void;
  softmax(x: Float32Array, y: Float32Array, rows: number, len: number): void;
  layerNorm(
    x: Float32Array,
    g: Float32Array,
    b: Float32Array,
    y: Float32Array,
    rows: number,
    h: number,
    eps: number,
    res: Float32Array | null,
  ): void;
  /** Fused inference attention, kernels.c `hbw_head_attention`: q, k, v, out [n·L, H], bias [n·L] or null. */
  headAttention(
    q: Float32Array,
    k: Float32Array,
    v: Float32Array,
    bias: Float32Array | null,
    out: Float32Array,
    n: number,
    L: number,
    heads: number,
    H: number,
    alpha: number,
  ): void;
  /** One AdamW update into new buffers, kernels.c `hbw_adamw` (core/train/adamw.ts ADAMW_KERNEL). */
  adamw(
    theta: Float32Array,
    m: Float32Array,
    v: Float32Array,
    g: Float32Array,
    out: { theta: Float32Array; m: Float32Array; v: Float32Array },
    at: AdamWKernelAttrs,
  ): void;
  /**
   * Inference dense products, dense.c: `pack` copies op(b) — b [k, n], or bᵀ with b stored [n, k] when transB —
   * into the kernel's panel layout (a new array, kept by the caller while b lives); `product` computes
   * c[m, n] = a[m, k] · op(b) + bias[n] (bias may be null) from it, all row-major.
   */
  dense: {
    pack(b: Float32Array, transB: boolean, k: number, n: number): Float32Array;
    product(
      a: Float32Array,
      packed: Float32Array,
      bias: Float32Array | null,
      c: Float32Array,
      m: number,
      n: number,
      k: number,
    ): void;
  };
  /** out[k] = table[ids[k]] (rows of h); false, with nothing written, when an id is outside [0, V) (callers check first). */
  gatherRows(table: Float32Array, V: number, h: number, ids: Int32Array, out: Float32Array): boolean;
  /**
   * Attention's per-head products looped in C over the CBLAS `library` (as blas.ts loaded it); undefined when
   * that library has no cblas_sgemm. Same arguments and sgemm calls as blas-kernels.ts's JS loops.
   */
  headLoops(library: string): HeadLoops | undefined;
}

export interface HeadLoops {
  scores(a: Float32Array, b: Float32Array, c: Float32Array, n: number, L: number, heads: number, H: number, alpha: number): void;
  context(
    p: Float32Array,
    v: Float32Array,
    c: Float32Array,
    n: number,
    L: number,
    heads: number,
    H: number,
    alpha: number,
    transP: boolean,
  ): void;
}

export type NativeLoad = { ok: true; kernels: NativeKernels } | { ok: false; reason: string };

export type NativeMode = 'auto' | 'on' | 'off';

export function nativeModeFromEnv(env: NodeJS.ProcessEnv = process.env): NativeMode {
  const v = (env.HBW_NATIVE ?? 'auto').toLowerCase();
  if (v === 'auto' || v === 'on' || v === 'off') return v;
  throw new SettingError(`HBW_NATIVE=${env.HBW_NATIVE} is not one of auto, on, off. Fix: set one of them, or unset HBW_NATIVE`);
}

let cached: NativeLoad | undefined;

/** Build (when needed), load and check the kernels; cached. Never throws: the reason says what was missing. */
export function loadNativeKernels(): NativeLoad {
  cached ??= tryLoad();
  return cached;
}

function fail(reason: string): NativeLoad {
  return { ok: false, reason };
}

function cpuHasAvx512(): boolean {
  try {
    const flags = /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1].split(/\s+/) ?? [];
    return flags.includes('avx512f') && flags.includes('avx512dq');
  } catch {
    return false;
  }
}

/** The package root (where node_modules lives), from this file's place in src/node. */
const packageRoot = (): string => resolve(dirname(SOURCES[0]), '..', '..', '..');

function build(cc: string, out: string): string | undefined {
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    execFileSync(cc, [...FLAGS, ...SOURCES, '-o', tmp], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
    renameSync(tmp, out); // atomic: a concurrent process loads either nothing or a whole library
    return undefined;
  } catch (e) {
    rmSync(tmp, { force: true });
    const err = e as { stderr?: Buffer; message?: string };
    return (err.stderr?.toString() || err.message || String(e)).trim().split('\n').slice(0, 3).join(' | ');
  }
}

function tryLoad(): NativeLoad {
  if (platform() !== 'linux' || arch() !== 'x64')
    return fail(`native kernels are built for Linux x86-64 with AVX-512 (this is ${platform()} ${arch()})`);
  if (!cpuHasAvx512()) return fail('this CPU has no AVX-512F/DQ (/proc/cpuinfo)');
  const cc = process.env.CC || 'cc';
  let version: string;
  try {
    version = execFileSync(cc, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0];
  } catch {
    return fail(`no C compiler (${cc}) to build src/node/native/*.c: install gcc, or set CC`);
  }
  const hash = createHash('sha256');
  for (const f of SOURCES) hash.update(readFileSync(f));
  const key = hash.update(FLAGS.join(' ')).update(version).digest('hex').slice(0, 16);
  const dir = join(packageRoot(), 'node_modules', '.cache', 'hbw-native');
  const library = join(dir, `kernels-${key}.so`);
  if (!existsSync(library)) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      return fail(`cannot create ${dir}: ${(e as Error).message}`);
    }
    const err = build(cc, library);
    if (err) return fail(`building src/node/native/{kernels,dense}.c with ${cc} failed: ${err}`);
  }
  let koffi: typeof Koffi;
  try {
    koffi = createRequire(import.meta.url)('koffi') as typeof Koffi;
  } catch (e) {
    return fail(`the koffi FFI module did not load (${(e as Error).message.split('\n')[0]})`);
  }
  let kernels: NativeKernels;
  try {
    const lib = koffi.load(library);
    const abi = lib.func('int hbw_native_abi()')() as number;
    if (abi !== ABI) return fail(`${library} has ABI ${abi}, expected ${ABI}: delete it to rebuild`);
    if (!(lib.func('int hbw_cpu_ok()')() as number)) return fail('this CPU has no AVX-512F/DQ (cpuid)');
    const gelu = lib.func('void hbw_gelu(float *x, float *y, int n)');
    const softmax = lib.func('void hbw_softmax(float *x, float *y, int rows, int len)');
    const layerNorm = lib.func(
      'void hbw_layer_norm(float *x, float *g, float *b, float *y, int rows, int h, float eps, float *res)',
    );
    const attention = lib.func(
      'int hbw_head_attention(float *q, float *k, float *v, float *bias, float *out, int n, int L, int heads, int H, float alpha)',
    );
    const gatherRows = lib.func('int hbw_gather_rows(float *table, int V, int H, int *ids, int n, float *out)');
    const adamw = lib.func(
      'void hbw_adamw(float *theta, float *m, float *v, float *g, float *theta1, float *m1, float *v1, long n, float decay, float b1, float omb1, float b2, float omb2, float bc2, float eps, float step)',
    );
    const packLen = lib.func('long hbw_dense_pack_len(int K, int N)');
    const pack = lib.func('int hbw_dense_pack(float *b, int transB, int K, int N, float *dst)');
    const packed = lib.func('void hbw_dense_packed(float *a, float *packed, float *bias, float *c, int M, int N, int K)');
    const bindSgemm = lib.func('int hbw_bind_sgemm(const char *library)');
    const scores = lib.func('void hbw_head_scores(float *a, float *b, float *c, int n, int L, int heads, int H, float alpha)');
    const context = lib.func(
      'void hbw_head_context(float *p, float *v, float *c, int n, int L, int heads, int H, float alpha, int transP)',
    );
    // The library holds one sgemm pointer: the CBLAS it is bound to (rebound only when another is asked for).
    let boundTo: string | undefined;
    let bindOk = false;
    kernels = {
      library,
      compiler: `${version} (${FLAGS.join(' ')})`,
      gelu: (x, y, n) => gelu(x, y, n),
      softmax: (x, y, rows, len) => softmax(x, y, rows, len),
      layerNorm: (x, g, b, y, rows, h, eps, res) => layerNorm(x, g, b, y, rows, h, eps, res),
      headAttention(q, k, v, bias, out, n, L, heads, H, alpha) {
        if ((attention(q, k, v, bias, out, n, L, heads, H, alpha) as number) !== 0)
          throw new Error(`${HEAD_ATTENTION}: out of memory for its scratch (L = ${L}, H = ${H})`);
      },
      gatherRows: (table, V, h, ids, out) => gatherRows(table, V, h, ids, ids.length, out) === 0,
      adamw: (theta, m, v, g, out, at) =>
        adamw(
          theta,
          m,
          v,
          g,
          out.theta,
          out.m,
          out.v,
          theta.length,
          at.decay,
          at.beta1,
          at.oneMinusBeta1,
          at.beta2,
          at.oneMinusBeta2,
          at.bc2Sqrt,
          at.eps,
          at.stepSize,
        ),
      dense: {
        pack(b, transB, k, n) {
          const dst = new Float32Array(packLen(k, n) as number);
          return dst.subarray(pack(b, transB ? 1 : 0, k, n, dst) as number); // from a 64-byte boundary
        },
        product: (a, p, bias, c, m, n, k) => packed(a, p, bias, c, m, n, k),
      },
      headLoops(blasLibrary) {
        if (boundTo !== blasLibrary) {
          boundTo = blasLibrary;
          bindOk = (bindSgemm(blasLibrary) as number) === 1;
        }
        if (!bindOk) return undefined;
        return {
          scores: (a, b, c, n, L, heads, H, alpha) => scores(a, b, c, n, L, heads, H, alpha),
          context: (p, v, c, n, L, heads, H, alpha, transP) => context(p, v, c, n, L, heads, H, alpha, transP ? 1 : 0),
        };
      },
    };
  } catch (e) {
    return fail(`loading ${library} failed: ${(e as Error).message.split('\n')[0]}`);
  }
  const wrong = selfTest(kernels);
  return wrong ? fail(`self-test failed: ${wrong}`) : { ok: true, kernels };
}

const REPLACED = [GELU_KERNEL, 'Softmax', LAYER_NORM_KERNEL, 'GatherNd'] as const;
let originals: Map<string, tf.KernelConfig> | undefined;
let active: NativeKernels | undefined;
let calls = 0;

/** Native kernel invocations since the process started (tests and benchmarks check the path ran). */
export function nativeKernelCalls(): number {
  return calls;
}

export function nativeKernelsInstalled(): boolean {
  return originals !== undefined;
}

/** Register the native kernels over tfjs-wasm's (and ours from kernels.wat). Idempotent. */
export function installNativeKernels(k: NativeKernels): void {
  active = k;
  if (originals) return;
  tf.registerKernel({ kernelName: HEAD_ATTENTION, backendName: 'wasm', kernelFunc: headAttention as unknown as tf.KernelFunc });
  tf.registerKernel({ kernelName: ADAMW_KERNEL, backendName: 'wasm', kernelFunc: adamwUpdate as unknown as tf.KernelFunc });
  const kept = new Map<string, tf.KernelConfig>();
  for (const name of REPLACED) {
    const config = tf.getKernel(name, 'wasm');
    if (!config) throw new Error(`no wasm ${name} kernel to replace: import the wasm backend and core/model first`);
    kept.set(name, config);
  }
  originals = kept;
  const fns: Record<(typeof REPLACED)[number], (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[]> = {
    [GELU_KERNEL]: gelu,
    Softmax: softmax,
    [LAYER_NORM_KERNEL]: layerNorm,
    GatherNd: gatherRows,
  };
  for (const name of REPLACED) {
    tf.unregisterKernel(name, 'wasm');
    // The original setupFunc stays: it binds the WASM export the fallback calls (see blas-kernels.ts).
    tf.registerKernel({ ...kept.get(name)!, kernelFunc: fns[name] as unknown as tf.KernelFunc });
  }
}

export function uninstallNativeKernels(): void {
  if (!originals) return;
  tf.unregisterKernel(HEAD_ATTENTION, 'wasm');
  tf.unregisterKernel(ADAMW_KERNEL, 'wasm');
  for (const [name, config] of originals) {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(config);
  }
  originals = undefined;
  active = undefined;
}

const fallback = (name: string, args: KernelArgs) =>
  (originals!.get(name)!.kernelFunc as unknown as (a: KernelArgs) => tf.TensorInfo | tf.TensorInfo[])(args);

const size = (t: tf.TensorInfo): number => t.shape.reduce((p, s) => p * s, 1);
const view = (b: WasmBackendLike, t: tf.TensorInfo, n = size(t)): Float32Array =>
  new Float32Array(b.wasm.HEAPU8.buffer, heapOffset(b, t), n);

function gelu(args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const x = args.inputs.x!;
  if (args.attrs?.withGrad || x.dtype !== 'float32') return fallback(GELU_KERNEL, args);
  const b = args.backend as WasmBackendLike;
  const y = b.makeOutput([...x.shape], 'float32');
  calls++;
  active!.gelu(view(b, x), view(b, y), size(x)); // views after makeOutput: its malloc may replace the heap buffer
  return y;
}

function softmax(args: KernelArgs): tf.TensorInfo {
  const logits = args.inputs.logits!;
  const rank = logits.shape.length;
  const dim = Number(args.attrs?.dim ?? -1);
  // Under a gradient tape tfjs-wasm's (XNNPACK) Softmax stays: training keeps its arithmetic, inference gains.
  if (recording() || logits.dtype !== 'float32' || rank === 0 || (dim !== -1 && dim !== rank - 1))
    return fallback('Softmax', args) as tf.TensorInfo;
  const b = args.backend as WasmBackendLike;
  const y = b.makeOutput([...logits.shape], 'float32');
  const len = logits.shape[rank - 1];
  if (size(logits) === 0) return y;
  calls++;
  active!.softmax(view(b, logits), view(b, y), size(logits) / len, len);
  return y;
}

function layerNorm(args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const { x, gamma, beta, residual } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  if (args.attrs?.withGrad || !x || !gamma || !beta) return fallback(LAYER_NORM_KERNEL, args);
  for (const t of [x, gamma, beta, residual])
    if (t && t.dtype !== 'float32') throw new Error(`${LAYER_NORM_KERNEL} takes float32, got ${t.dtype}`);
  const [rows, h] = x.shape;
  if (residual && residual.shape.join() !== x.shape.join())
    throw new Error(`${LAYER_NORM_KERNEL}: residual [${residual.shape}] is not the shape of x [${x.shape}]`);
  const b = args.backend as WasmBackendLike;
  const y = b.makeOutput([rows, h], 'float32');
  calls++;
  active!.layerNorm(
    view(b, x),
    view(b, gamma),
    view(b, beta),
    view(b, y),
    rows,
    h,
    Number(args.attrs?.eps),
    residual ? view(b, residual) : null,
  );
  return y;
}

/** GatherNd of whole rows — params float32 [V, h], indices int32 [n, 1] — as embedding lookups call it; else tfjs's. */
function gatherRows(args: KernelArgs): tf.TensorInfo {
  const { params, indices } = args.inputs as Record<string, tf.TensorInfo>;
  const whole = params.shape.length === 2 && indices.shape.length === 2 && indices.shape[1] === 1;
  if (!whole || params.dtype !== 'float32' || indices.dtype !== 'int32') return fallback('GatherNd', args) as tf.TensorInfo;
  const [V, h] = params.shape,
    n = indices.shape[0];
  const b = args.backend as WasmBackendLike;
  const idsAt = heapOffset(b, indices);
  const ids = new Int32Array(b.wasm.HEAPU8.buffer, idsAt, n);
  for (let k = 0; k < n; k++) if (!(ids[k] >= 0 && ids[k] < V)) return fallback('GatherNd', args) as tf.TensorInfo; // tfjs's handling
  const out = b.makeOutput([n, h], 'float32');
  if (n * h === 0) return out;
  calls++;
  // Views after makeOutput (its malloc may replace the heap's buffer); the C side checks the ids again.
  active!.gatherRows(view(b, params), V, h, new Int32Array(b.wasm.HEAPU8.buffer, idsAt, n), view(b, out));
  return out;
}

/** HEAD_ATTENTION (core/model/head-products.ts): q, k, v [n·L, H], bias? [n, 1, 1, L] → [n·L, H]. */
function headAttention(args: KernelArgs): tf.TensorInfo {
  const { q, k, v, bias } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const at = args.attrs as unknown as HeadAttrs;
  const H = headOperandWidth(q!, at, HEAD_ATTENTION);
  headOperandWidth(k!, at, HEAD_ATTENTION);
  headOperandWidth(v!, at, HEAD_ATTENTION);
  const { n, L, heads } = at;
  if (bias && (bias.shape.join() !== [n, 1, 1, L].join() || bias.dtype !== 'float32'))
    throw new Error(`${HEAD_ATTENTION}: expected float32 bias [${n}, 1, 1, ${L}], got ${bias.dtype} [${bias.shape}]`);
  const b = args.backend as WasmBackendLike;
  const out = b.makeOutput([n * L, H], 'float32');
  calls++;
  active!.headAttention(
    view(b, q!),
    view(b, k!),
    view(b, v!),
    bias ? view(b, bias) : null,
    view(b, out),
    n,
    L,
    heads,
    H,
    at.alpha,
  );
  return out;
}

/** ADAMW_KERNEL (core/train/adamw.ts): theta, m, v, g of one shape, float32 → [θ1, m1, v1]. */
function adamwUpdate(args: KernelArgs): tf.TensorInfo[] {
  const { theta, m, v, g } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const shape = theta!.shape.join();
  for (const [what, t] of [
    ['m', m],
    ['v', v],
    ['g', g],
  ] as const)
    if (!t || t.shape.join() !== shape || t.dtype !== 'float32' || theta!.dtype !== 'float32')
      throw new Error(`${ADAMW_KERNEL}: ${what} must be float32 of theta's shape [${shape}], got ${t?.dtype} [${t?.shape}]`);
  const b = args.backend as WasmBackendLike;
  const outs = [0, 1, 2].map(() => b.makeOutput([...theta!.shape], 'float32'));
  calls++;
  // Views after every makeOutput: its malloc may replace the heap's buffer.
  active!.adamw(
    view(b, theta!),
    view(b, m!),
    view(b, v!),
    view(b, g!),
    {
      theta: view(b, outs[0]),
      m: view(b, outs[1]),
      v: view(b, outs[2]),
    },
    args.attrs as unknown as AdamWKernelAttrs,
  );
  return outs;
}
