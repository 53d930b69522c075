/**
 * The native kernels' load-time self-test (native-kernels.ts runs it before using a freshly loaded library):
 * each kernel against plain float64 maths on fixed inputs. A library that fails is not used; the reason names the
 * kernel, the input and the value. (Bit-for-bit and tfjs comparisons are tests: tests/node.)
 */
import type { NativeKernels } from './native-kernels';

/** float32 values across GELU's and LayerNorm's ranges (a fixed LCG: the same every load). */
function samples(n: number, scale: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * scale;
  }
  return out;
}

/**
 * Checks against plain float64 maths: GELU within 2.5e-7·(1 + |x|) of x·Φ(x), Softmax within 2e-7 per value and
 * rows summing to 1, LayerNorm within 2e-6, the dense product within k float32 roundings; AdamW bit for bit
 * against float32 operations. (The bit-for-bit matches with kernels.wat and tfjs are tests, tests/node.)
 */
export function selfTest(k: NativeKernels): string | undefined {
  const x = samples(1003, 16, 7),
    y = new Float32Array(x.length);
  k.gelu(x, y, x.length);
  for (let i = 0; i < x.length; i++) {
    const want = x[i] * 0.5 * erfc(-x[i] / Math.SQRT2);
    if (!(Math.abs(y[i] - want) <= 2.5e-7 * (1 + Math.abs(x[i])))) return `gelu(${x[i]}) = ${y[i]}, want ${want}`;
  }
  const rows = 7,
    len = 37,
    s = samples(rows * len, 40, 11),
    p = new Float32Array(s.length);
  k.softmax(s, p, rows, len);
  for (let r = 0; r < rows; r++) {
    const row = Array.from(s.subarray(r * len, (r + 1) * len));
    const m = Math.max(...row);
    const z = row.reduce((a, v) => a + Math.exp(v - m), 0);
    for (let j = 0; j < len; j++) {
      const want = Math.exp(row[j] - m) / z;
      if (!(Math.abs(p[r * len + j] - want) <= 2e-7)) return `softmax row ${r}[${j}] = ${p[r * len + j]}, want ${want}`;
    }
  }
  const h = 12,
    lx = samples(3 * h, 6, 3),
    g = samples(h, 2, 5),
    b = samples(h, 2, 9),
    ly = new Float32Array(lx.length);
  k.layerNorm(lx, g, b, ly, 3, h, 1e-12, null);
  for (let r = 0; r < 3; r++) {
    const row = Array.from(lx.subarray(r * h, (r + 1) * h));
    const mean = row.reduce((a, v) => a + v, 0) / h;
    const rstd = 1 / Math.sqrt(row.reduce((a, v) => a + (v - mean) ** 2, 0) / h + 1e-12);
    for (let j = 0; j < h; j++) {
      const want = (row[j] - mean) * rstd * g[j] + b[j];
      if (!(Math.abs(ly[r * h + j] - want) <= 2e-6)) return `layerNorm row ${r}[${j}] = ${ly[r * h + j]}, want ${want}`;
    }
  }
  return denseSelfTest(k) ?? adamwSelfTest(k);
}

/**
 * AdamW on 37 values (two 16-lane blocks and a tail) against the same float32 operations in JS — Math.fround of
 * each double result is the float32 result for +, −, ×, ÷ and √ — bit for bit.
 */
function adamwSelfTest(k: NativeKernels): string | undefined {
  const n = 37,
    theta = samples(n, 2, 23),
    m = samples(n, 0.02, 29),
    v = samples(n, 1e-4, 31).map(Math.abs),
    g = samples(n, 0.5, 37);
  const out = { theta: new Float32Array(n), m: new Float32Array(n), v: new Float32Array(n) };
  const at = { decay: 1 - 1e-6, beta1: 0.9, oneMinusBeta1: 0.1, beta2: 0.999, oneMinusBeta2: 1 - 0.999 };
  const attrs = { ...at, bc2Sqrt: Math.sqrt(1 - 0.999 ** 3), eps: 1e-8, stepSize: 1e-4 / (1 - 0.9 ** 3) };
  k.adamw(theta, m, v, g, out, attrs);
  const f = Math.fround,
    s = Object.fromEntries(Object.entries(attrs).map(([key, x]) => [key, f(x)])) as typeof attrs;
  for (let i = 0; i < n; i++) {
    const m1 = f(f(m[i] * s.beta1) + f(g[i] * s.oneMinusBeta1));
    const v1 = f(f(v[i] * s.beta2) + f(f(g[i] * g[i]) * s.oneMinusBeta2));
    const den = f(f(f(Math.sqrt(v1)) / s.bc2Sqrt) + s.eps);
    const t1 = f(f(theta[i] * s.decay) - f(f(m1 / den) * s.stepSize));
    if (out.m[i] !== m1 || out.v[i] !== v1 || out.theta[i] !== t1)
      return `adamw [${i}] = (${out.theta[i]}, ${out.m[i]}, ${out.v[i]}), want (${t1}, ${m1}, ${v1})`;
  }
  return undefined;
}

/** A product with partial row tiles and column panels (13 × 37, k = 19): with and without a bias, b and bᵀ. */
function denseSelfTest(k: NativeKernels): string | undefined {
  const [m, n, kk] = [13, 37, 19];
  const a = samples(m * kk, 4, 13),
    b = samples(kk * n, 4, 17),
    bias = samples(n, 4, 19),
    c = new Float32Array(m * n);
  // b read as [kk, n]; bt holds the same matrix as [n, kk] (transB).
  const bt = new Float32Array(n * kk);
  for (let q = 0; q < kk; q++) for (let j = 0; j < n; j++) bt[j * kk + q] = b[q * n + j];
  for (const [withBias, transB] of [
    [true, false],
    [false, false],
    [true, true],
  ]) {
    k.dense.product(a, k.dense.pack(transB ? bt : b, transB, kk, n), withBias ? bias : null, c, m, n, kk);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let want = withBias ? bias[j] : 0,
          mag = Math.abs(want);
        for (let q = 0; q < kk; q++) {
          want += a[i * kk + q] * b[q * n + j];
          mag += Math.abs(a[i * kk + q] * b[q * n + j]);
        }
        // k sequential float32 roundings, each ≤ 2⁻²⁴ of a partial sum ≤ mag.
        if (!(Math.abs(c[i * n + j] - want) <= kk * 2 ** -24 * mag))
          return `dense [${i}, ${j}]${withBias ? '' : ' (no bias)'}${transB ? ' (bᵀ)' : ''} = ${c[i * n + j]}, want ${want}`;
      }
  }
  return undefined;
}

/** erfc for the self-test's reference: Numerical Recipes' erfcc, fractional error < 1.2e-7 everywhere. */
function erfc(z: number): number {
  const t = 1 / (1 + 0.5 * Math.abs(z));
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? r : 2 - r;
}
