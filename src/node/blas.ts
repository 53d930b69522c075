/**
 * The system's CBLAS (OpenBLAS on Linux, Accelerate on macOS), reached through koffi's FFI, for Node only.
 *
 * Why: tfjs-node needs libtensorflow from Google's storage (unreachable here, and a 300 MB download anywhere),
 * so in Node our fastest tfjs backend is WASM — SIMD128 without FMA, one thread, and batched products on a
 * scalar path (bench/README.md, "What the profiles say"). The dense products are 86 % of a training step, and
 * PyTorch and numpy — our benchmark peers — run them in this very library. `blas-kernels.ts` hands tfjs-wasm's
 * matrix products to `sgemm` below, operating in place on the WASM heap (koffi passes a typed array's memory
 * by pointer: no copy in either direction).
 *
 * Nothing here is required: when no library loads, `loadBlas` says why and the caller keeps plain WASM.
 */
import { createRequire } from 'node:module';
import type * as Koffi from 'koffi';

/** Row-major CBLAS constants. */
const ROW_MAJOR = 101,
  NO_TRANS = 111,
  TRANS = 112;

export interface Blas {
  /** Where the library was found, e.g. "libopenblas.so.0". */
  library: string;
  /** OpenBLAS's own description (version, kernel, threading), or the library name elsewhere. */
  config: string;
  /**
   * C[m×n] = A·B (row-major), A [m×k] (or [k×m] when transA), B [k×n] (or [n×k] when transB). The arrays are
   * views: only their pointers are passed, the sizes are trusted — callers check shapes first.
   */
  sgemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    beta?: 0 | 1,
  ): void;
  /**
   * C = α·op(A)·op(B) + β·C with explicit row strides (lda, ldb, ldc ≥ the stored row length), so blocks of a
   * wider matrix — one attention head's columns of [n·L, H] — are operands without being copied out.
   */
  sgemmStrided(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: Float32Array,
    lda: number,
    b: Float32Array,
    ldb: number,
    beta: number,
    c: Float32Array,
    ldc: number,
  ): void;
  /** Threads of the library's own pool; `undefined` when the library has no such call. */
  threads(): number | undefined;
  setThreads(n: number): void;
}

/** Tried in order; HBW_BLAS_LIB=<path> puts one first. Reference BLAS (libblas.so.3) is left out on purpose: slower than WASM. */
const CANDIDATES = [
  'libopenblas.so.0',
  'libopenblas.so',
  'libopenblas64_.so.0',
  '/opt/homebrew/opt/openblas/lib/libopenblas.dylib',
  '/usr/local/opt/openblas/lib/libopenblas.dylib',
  '/System/Library/Frameworks/Accelerate.framework/Accelerate',
];

export type BlasLoad = { ok: true; blas: Blas } | { ok: false; reason: string };

let cached: BlasLoad | undefined;

/** Load the first CBLAS that works (cached). Never throws; the reason lists every path tried. */
export function loadBlas(): BlasLoad {
  if (cached) return cached;
  let koffi: typeof Koffi;
  try {
    // Loaded here, not imported: koffi's native part has no prebuilt binary on every platform, and a failed load
    // must leave the CLI on plain wasm rather than crash it.
    koffi = createRequire(import.meta.url)('koffi') as typeof Koffi;
  } catch (e) {
    cached = {
      ok: false,
      reason: `the koffi FFI module did not load (${((e as Error).message ?? String(e)).split('\n')[0]}); run npm install`,
    };
    return cached;
  }
  const custom = process.env.HBW_BLAS_LIB;
  const errors: string[] = [];
  for (const path of custom ? [custom, ...CANDIDATES] : CANDIDATES) {
    try {
      cached = { ok: true, blas: bind(koffi, path) };
      return cached;
    } catch (e) {
      errors.push(`${path}: ${((e as Error).message ?? String(e)).split('\n')[0]}`);
    }
  }
  cached = {
    ok: false,
    reason:
      `no CBLAS library could be loaded (${errors.join('; ')}). On Debian/Ubuntu: apt-get install libopenblas0-pthread; ` +
      'or set HBW_BLAS_LIB to a libopenblas path.',
  };
  return cached;
}

function bind(koffi: typeof Koffi, path: string): Blas {
  const lib = koffi.load(path);
  const gemm = lib.func(
    'void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, ' +
      'float *a, int lda, float *b, int ldb, float beta, float *c, int ldc)',
  );
  const optional = (decl: string) => {
    try {
      return lib.func(decl);
    } catch {
      return undefined;
    }
  };
  const getThreads = optional('int openblas_get_num_threads()');
  const setThreads = optional('void openblas_set_num_threads(int n)');
  const getConfig = optional('const char *openblas_get_config()');
  const corename = optional('const char *openblas_get_corename()');
  const config = getConfig ? `${getConfig()}${corename ? ` (kernel ${corename()})` : ''}` : path;
  return {
    library: path,
    config,
    sgemm(transA, transB, m, n, k, a, b, c, beta = 0) {
      // Leading dimensions of row-major storage: the stored row length of each operand.
      const lda = transA ? m : k,
        ldb = transB ? k : n;
      gemm(
        ROW_MAJOR,
        transA ? TRANS : NO_TRANS,
        transB ? TRANS : NO_TRANS,
        m,
        n,
        k,
        1,
        a,
        Math.max(lda, 1),
        b,
        Math.max(ldb, 1),
        beta,
        c,
        Math.max(n, 1),
      );
    },
    sgemmStrided(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
      gemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    },
    threads: () => getThreads?.(),
    setThreads: (n) => {
      setThreads?.(Math.max(1, Math.floor(n)));
    },
  };
}
