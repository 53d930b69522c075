/*
 * Element-wise kernels for Node on x86-64 with AVX-512F/DQ, built on the user's machine by native-kernels.ts
 * (cc -O2 -shared -fPIC -mavx512f -mavx512dq -ffp-contract=off -fno-math-errno) and called through koffi on tfjs-wasm's heap,
 * as blas.ts calls sgemm. They replace three tfjs-wasm kernels in Node only; the browser keeps kernels.wat.
 *
 * Why: once the products run in OpenBLAS, the no-grad encoder pass spends ~15 % of its time in GELU, Softmax
 * and LayerNorm on WASM SIMD128 (4 lanes). ONNX Runtime runs the same ops with AVX-512 (16 lanes).
 *
 * Bits: `hbw_gelu` does kernels.wat's float32 operations in its order, with no contraction into fused
 * multiply-adds (hence -ffp-contract=off; explicit _fmadd_ intrinsics elsewhere are unaffected), so it gives the
 * browser's bits (tests/node/native-kernels.test.ts). LayerNorm sums in another order than the WAT and Softmax
 * has no WASM twin of ours (tfjs-wasm's is XNNPACK's): both are torch's maths, to float32 rounding.
 */
#include <dlfcn.h>
#include <immintrin.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Bumped whenever a signature changes: the loader refuses a library built from another version. */
int hbw_native_abi(void) { return 7; }

/* 1 when this CPU runs AVX-512F and DQ (the library is built for them; never call a kernel otherwise). */
int hbw_cpu_ok(void) {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
}

/* GELU y = x·Φ(x) without the derivative: kernels.wat `$geluNoGrad`, 16 lanes (Φ within 1.2e-7). */
static inline __m512 gelu16(__m512 v) {
  __m512 a = _mm512_abs_ps(v);
  __m512 a2 = _mm512_mul_ps(a, a);
  __m512 h = _mm512_add_ps(_mm512_set1_ps(0.049867813f), _mm512_mul_ps(_mm512_set1_ps(0.02113733f), a));
  __m512 e1 = _mm512_add_ps(_mm512_set1_ps(0.0032859135f), _mm512_mul_ps(_mm512_set1_ps(3.2149183e-05f), a));
  __m512 e2 = _mm512_add_ps(_mm512_set1_ps(4.742049e-05f), _mm512_mul_ps(_mm512_set1_ps(8.914819e-06f), a));
  __m512 e3 = _mm512_add_ps(_mm512_set1_ps(-1.4457032e-06f), _mm512_mul_ps(_mm512_set1_ps(1.860152e-07f), a));
  h = _mm512_add_ps(h, _mm512_mul_ps(e1, a2));
  e2 = _mm512_add_ps(e2, _mm512_mul_ps(e3, a2));
  a2 = _mm512_mul_ps(a2, a2);
  h = _mm512_mul_ps(_mm512_add_ps(h, _mm512_mul_ps(e2, a2)), a); /* δ */
  const __m512 two = _mm512_set1_ps(2.f);
  for (int s = 0; s < 4; s++) h = _mm512_mul_ps(h, _mm512_add_ps(h, two)); /* 1 + δ → (1 + δ)^16 */
  __m512 q = _mm512_div_ps(_mm512_set1_ps(0.5f), _mm512_add_ps(h, _mm512_set1_ps(1.f))); /* Φ(−|x|) */
  __mmask16 neg = _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_LT_OQ);
  return _mm512_mul_ps(v, _mm512_mask_blend_ps(neg, _mm512_sub_ps(_mm512_set1_ps(1.f), q), q));
}

void hbw_gelu(const float *x, float *y, int n) {
  int i = 0;
  for (; i + 64 <= n; i += 64) { /* four independent chains hide the squarings' and the division's latency */
    __m512 a = _mm512_loadu_ps(x + i), b = _mm512_loadu_ps(x + i + 16);
    __m512 c = _mm512_loadu_ps(x + i + 32), d = _mm512_loadu_ps(x + i + 48);
    _mm512_storeu_ps(y + i, gelu16(a));
    _mm512_storeu_ps(y + i + 16, gelu16(b));
    _mm512_storeu_ps(y + i + 32, gelu16(c));
    _mm512_storeu_ps(y + i + 48, gelu16(d));
  }
  for (; i + 16 <= n; i += 16) _mm512_storeu_ps(y + i, gelu16(_mm512_loadu_ps(x + i)));
  if (i < n) {
    __mmask16 m = (__mmask16)((1u << (n - i)) - 1);
    _mm512_mask_storeu_ps(y + i, m, gelu16(_mm512_maskz_loadu_ps(m, x + i)));
  }
}

/*
 * e^x for x ≤ 0 (softmax's x − max): x = n·ln2 + r, |r| ≤ ln2/2, e^r by Cephes expf's degree-7 polynomial
 * (≤ 1 ulp), 2^n by vscalefps. Below −103.9 the result is 0 (e^−103.9 is under float32's smallest subnormal).
 */
static inline __m512 exp16(__m512 x) {
  x = _mm512_max_ps(x, _mm512_set1_ps(-103.9f));
  __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)), _MM_FROUND_TO_NEAREST_INT);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 p = _mm512_set1_ps(1.9875691500e-4f);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
  p = _mm512_fmadd_ps(p, _mm512_mul_ps(r, r), _mm512_add_ps(r, _mm512_set1_ps(1.f)));
  return _mm512_scalef_ps(p, n);
}

/* Softmax of one row of len floats: x to y (y may be x); max-subtracted, exp16, divided by the sum. */
static void softmax_row(const float *x, float *y, int len) {
  const int full = len & ~15;
  const __mmask16 tail = (__mmask16)((1u << (len - full)) - 1);
  const __m512 ninf = _mm512_set1_ps(-__builtin_inff());
  __m512 mv = ninf;
  for (int j = 0; j < full; j += 16) mv = _mm512_max_ps(mv, _mm512_loadu_ps(x + j));
  if (tail) mv = _mm512_max_ps(mv, _mm512_mask_loadu_ps(ninf, tail, x + full));
  const __m512 m = _mm512_set1_ps(_mm512_reduce_max_ps(mv));
  __m512 sv = _mm512_setzero_ps();
  for (int j = 0; j < full; j += 16) {
    __m512 e = exp16(_mm512_sub_ps(_mm512_loadu_ps(x + j), m));
    _mm512_storeu_ps(y + j, e);
    sv = _mm512_add_ps(sv, e);
  }
  if (tail) {
    __m512 e = exp16(_mm512_sub_ps(_mm512_mask_loadu_ps(ninf, tail, x + full), m)); /* −inf → 0 */
    _mm512_mask_storeu_ps(y + full, tail, e);
    sv = _mm512_add_ps(sv, e);
  }
  const __m512 s = _mm512_set1_ps(_mm512_reduce_add_ps(sv));
  for (int j = 0; j < full; j += 16) _mm512_storeu_ps(y + j, _mm512_div_ps(_mm512_loadu_ps(y + j), s));
  if (tail) _mm512_mask_storeu_ps(y + full, tail, _mm512_div_ps(_mm512_maskz_loadu_ps(tail, y + full), s));
}

/* Rows 0..3 of s [4][Lp] (Lp a multiple of 16; −inf past L) to e^(s − max) in place; inv[rr] = 1 / Σ. */
static inline __attribute__((always_inline)) void softmax4(float *s, int Lp, float *inv) {
  const __m512 ninf = _mm512_set1_ps(-__builtin_inff());
  __m512 m0 = ninf, m1 = ninf, m2 = ninf, m3 = ninf;
  for (int j = 0; j < Lp; j += 16) {
    m0 = _mm512_max_ps(m0, _mm512_loadu_ps(s + j));
    m1 = _mm512_max_ps(m1, _mm512_loadu_ps(s + Lp + j));
    m2 = _mm512_max_ps(m2, _mm512_loadu_ps(s + 2 * Lp + j));
    m3 = _mm512_max_ps(m3, _mm512_loadu_ps(s + 3 * Lp + j));
  }
  m0 = _mm512_set1_ps(_mm512_reduce_max_ps(m0));
  m1 = _mm512_set1_ps(_mm512_reduce_max_ps(m1));
  m2 = _mm512_set1_ps(_mm512_reduce_max_ps(m2));
  m3 = _mm512_set1_ps(_mm512_reduce_max_ps(m3));
  __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
  for (int j = 0; j < Lp; j += 16) {
    __m512 e0 = exp16(_mm512_sub_ps(_mm512_loadu_ps(s + j), m0));
    __m512 e1 = exp16(_mm512_sub_ps(_mm512_loadu_ps(s + Lp + j), m1));
    __m512 e2 = exp16(_mm512_sub_ps(_mm512_loadu_ps(s + 2 * Lp + j), m2));
    __m512 e3 = exp16(_mm512_sub_ps(_mm512_loadu_ps(s + 3 * Lp + j), m3));
    _mm512_storeu_ps(s + j, e0);
    _mm512_storeu_ps(s + Lp + j, e1);
    _mm512_storeu_ps(s + 2 * Lp + j, e2);
    _mm512_storeu_ps(s + 3 * Lp + j, e3);
    s0 = _mm512_add_ps(s0, e0);
    s1 = _mm512_add_ps(s1, e1);
    s2 = _mm512_add_ps(s2, e2);
    s3 = _mm512_add_ps(s3, e3);
  }
  inv[0] = 1.f / _mm512_reduce_add_ps(s0);
  inv[1] = 1.f / _mm512_reduce_add_ps(s1);
  inv[2] = 1.f / _mm512_reduce_add_ps(s2);
  inv[3] = 1.f / _mm512_reduce_add_ps(s3);
}

/* Softmax over the last axis: x, y [rows, len] (y may be x). */
void hbw_softmax(const float *x, float *y, int rows, int len) {
  for (int row = 0; row < rows; row++) softmax_row(x + (long)row * len, y + (long)row * len, len);
}

/*
 * LayerNorm without the backward's statistics: rows of h floats, y = (x + res − mean)·r·γ + β with
 * r = 1/√(var + eps) (biased variance, two passes, as torch.nn.LayerNorm); res may be null. Sixteen lanes and two
 * accumulators per pass: kernels.wat's one 4-lane chain is latency-bound (0.56 ns per element natively), so
 * the sums are in another order than the browser's and the last bit can differ.
 */
void hbw_layer_norm(const float *x, const float *g, const float *b, float *y, int rows, int h, float eps, const float *res) {
  const int full = h & ~15;
  const __mmask16 tail = (__mmask16)((1u << (h - full)) - 1);
  for (int row = 0; row < rows; row++, x += h, y += h) {
    const float *src = x;
    __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps();
    if (res) {
      int j = 0;
      for (; j < full; j += 16) {
        __m512 v = _mm512_add_ps(_mm512_loadu_ps(x + j), _mm512_loadu_ps(res + j));
        _mm512_storeu_ps(y + j, v);
        if (j & 16) a1 = _mm512_add_ps(a1, v);
        else a0 = _mm512_add_ps(a0, v);
      }
      if (tail) {
        __m512 v = _mm512_add_ps(_mm512_maskz_loadu_ps(tail, x + full), _mm512_maskz_loadu_ps(tail, res + full));
        _mm512_mask_storeu_ps(y + full, tail, v);
        a0 = _mm512_add_ps(a0, v);
      }
      res += h;
      src = y;
    } else {
      int j = 0;
      for (; j + 32 <= full; j += 32) {
        a0 = _mm512_add_ps(a0, _mm512_loadu_ps(x + j));
        a1 = _mm512_add_ps(a1, _mm512_loadu_ps(x + j + 16));
      }
      if (j < full) a0 = _mm512_add_ps(a0, _mm512_loadu_ps(x + j));
      if (tail) a1 = _mm512_add_ps(a1, _mm512_maskz_loadu_ps(tail, x + full));
    }
    const float mean = _mm512_reduce_add_ps(_mm512_add_ps(a0, a1)) / (float)h;
    const __m512 mv = _mm512_set1_ps(mean);
    a0 = _mm512_setzero_ps();
    a1 = _mm512_setzero_ps();
    int j = 0;
    for (; j + 32 <= full; j += 32) {
      __m512 d0 = _mm512_sub_ps(_mm512_loadu_ps(src + j), mv), d1 = _mm512_sub_ps(_mm512_loadu_ps(src + j + 16), mv);
      a0 = _mm512_fmadd_ps(d0, d0, a0);
      a1 = _mm512_fmadd_ps(d1, d1, a1);
    }
    if (j < full) {
      __m512 d = _mm512_sub_ps(_mm512_loadu_ps(src + j), mv);
      a0 = _mm512_fmadd_ps(d, d, a0);
    }
    if (tail) {
      __m512 d = _mm512_maskz_sub_ps(tail, _mm512_maskz_loadu_ps(tail, src + full), mv);
      a1 = _mm512_fmadd_ps(d, d, a1);
    }
    const float var = _mm512_reduce_add_ps(_mm512_add_ps(a0, a1)) / (float)h;
    const __m512 rv = _mm512_set1_ps(1.0f / __builtin_sqrtf(var + eps));
    for (j = 0; j < full; j += 16) {
      __m512 xh = _mm512_mul_ps(_mm512_sub_ps(_mm512_loadu_ps(src + j), mv), rv);
      _mm512_storeu_ps(y + j, _mm512_fmadd_ps(xh, _mm512_loadu_ps(g + j), _mm512_loadu_ps(b + j)));
    }
    if (tail) {
      __m512 xh = _mm512_mul_ps(_mm512_sub_ps(_mm512_maskz_loadu_ps(tail, src + full), mv), rv);
      _mm512_mask_storeu_ps(y + full, tail, _mm512_fmadd_ps(xh, _mm512_maskz_loadu_ps(tail, g + full), _mm512_maskz_loadu_ps(tail, b + full)));
    }
  }
}

/*
 * Embedding rows: out[k] = table[ids[k]] for table [V, H], ids [n] (GatherNd with [n, 1] indices: tfjs-wasm copies
 * element by element, ~0.9 ms for 2,048 rows of 256; memcpy 0.1). Returns 0, or −1 without writing when an
 * id is outside [0, V) — the caller then keeps tfjs's kernel and its handling of such ids.
 */
int hbw_gather_rows(const float *table, int V, int H, const int *ids, int n, float *out) {
  for (int k = 0; k < n; k++)
    if (ids[k] < 0 || ids[k] >= V) return -1;
  for (int k = 0; k < n; k++) memcpy(out + (long)k * H, table + (long)ids[k] * H, (size_t)H * sizeof(float));
  return 0;
}

/*
 * Attention's per-head products (src/core/model/head-products.ts) as loops here, calling the CBLAS that
 * blas.ts loaded: n·h sgemm calls per product, each ~2 µs cheaper than a call from JS through koffi (~8,000
 * calls per 256 texts of the bench model). `hbw_bind_sgemm` takes the library's name or path as blas.ts opened
 * it; dlopen then returns that same, already loaded library (its thread setting included).
 */
typedef void (*sgemm_fn)(int order, int ta, int tb, int m, int n, int k, float alpha, const float *a, int lda,
                         const float *b, int ldb, float beta, float *c, int ldc);
static sgemm_fn sgemm;
enum { ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112 };

int hbw_bind_sgemm(const char *library) {
  void *h = dlopen(library, RTLD_NOW | RTLD_LOCAL);
  sgemm = h ? (sgemm_fn)dlsym(h, "cblas_sgemm") : 0;
  return sgemm != 0;
}

/* c [n, h, L, L], block (i, j) = α · A_ij · B_ijᵀ; A_ij, B_ij = head j's d = H/h columns of sequence i's rows of a, b [n·L, H]. */
void hbw_head_scores(const float *a, const float *b, float *c, int n, int L, int heads, int H, float alpha) {
  const int d = H / heads;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < heads; j++) {
      const long from = (long)i * L * H + (long)j * d;
      sgemm(ROW_MAJOR, NO_TRANS, TRANS, L, L, d, alpha, a + from, H, b + from, H, 0.f, c + ((long)i * heads + j) * L * L, L);
    }
}

/* c [n·L, H], head j's columns of sequence i's rows = α · op(P_ij) · V_ij; p [n, h, L, L], v [n·L, H]. */
void hbw_head_context(const float *p, const float *v, float *c, int n, int L, int heads, int H, float alpha, int transP) {
  const int d = H / heads;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < heads; j++) {
      const long from = (long)i * L * H + (long)j * d;
      sgemm(ROW_MAJOR, transP ? TRANS : NO_TRANS, NO_TRANS, L, d, L, alpha, p + ((long)i * heads + j) * L * L, L, v + from, H,
            0.f, c + from, H);
    }
}

/* 16 accumulators: 4 rows × 4 chunks of 16 columns, as named registers (arrays indexed in loops get spilled). */
#define ACC_DECL                                                                                                 \
  __m512 a00 = _mm512_setzero_ps(), a01 = a00, a02 = a00, a03 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00, \
         a20 = a00, a21 = a00, a22 = a00, a23 = a00, a30 = a00, a31 = a00, a32 = a00, a33 = a00
#define ACC_ROW(r, x, b0, b1, b2, b3)        \
  do {                                      \
    const __m512 bx = _mm512_set1_ps(x);    \
    a##r##0 = _mm512_fmadd_ps(bx, b0, a##r##0); \
    a##r##1 = _mm512_fmadd_ps(bx, b1, a##r##1); \
    a##r##2 = _mm512_fmadd_ps(bx, b2, a##r##2); \
    a##r##3 = _mm512_fmadd_ps(bx, b3, a##r##3); \
  } while (0)

/*
 * s[rr][c0 .. c0+64) = α·Σ_kk q_rr[kk]·kt[kk][c] + bias[c] for the 4 rows q_rr (row pointers; a short last block
 * repeats its last row) and one 64-column group of kt [d][Lp] (Lp a multiple of 64); columns ≥ L get −inf.
 */
static void scores_group(const float *const *qr, const float *kt, int d, int Lp, int c0, float alpha, const float *bias,
                         int L, float *s) {
  ACC_DECL;
  for (int kk = 0; kk < d; kk++) {
    const float *kr = kt + (long)kk * Lp + c0;
    const __m512 k0 = _mm512_loadu_ps(kr), k1 = _mm512_loadu_ps(kr + 16), k2 = _mm512_loadu_ps(kr + 32),
                 k3 = _mm512_loadu_ps(kr + 48);
    ACC_ROW(0, qr[0][kk], k0, k1, k2, k3);
    ACC_ROW(1, qr[1][kk], k0, k1, k2, k3);
    ACC_ROW(2, qr[2][kk], k0, k1, k2, k3);
    ACC_ROW(3, qr[3][kk], k0, k1, k2, k3);
  }
  const __m512 al = _mm512_set1_ps(alpha), ninf = _mm512_set1_ps(-__builtin_inff());
  __m512 acc[4][4] = {{a00, a01, a02, a03}, {a10, a11, a12, a13}, {a20, a21, a22, a23}, {a30, a31, a32, a33}};
  for (int cc = 0; cc < 4; cc++) {
    const int c = c0 + cc * 16;
    const __mmask16 valid = c + 16 <= L ? 0xFFFF : (c >= L ? 0 : (__mmask16)((1u << (L - c)) - 1));
    const __m512 b = bias ? _mm512_maskz_loadu_ps(valid, bias + c) : _mm512_setzero_ps();
    for (int rr = 0; rr < 4; rr++)
      _mm512_storeu_ps(s + (long)rr * Lp + c, _mm512_mask_blend_ps(valid, ninf, _mm512_add_ps(_mm512_mul_ps(acc[rr][cc], al), b)));
  }
}

/* out_rr[c0 .. c0+64) (masked to d) = inv[rr]·Σ_c p[rr][c]·v[c][c0 ..] over the L keys; rows ≥ `rows` are not stored. */
static void context_group(const float *p, int Lp, int rows, const float *v, int H, int L, int d, int c0, float *out,
                          const float *inv) {
  __mmask16 m[4];
  for (int cc = 0; cc < 4; cc++) {
    const int w = d - c0 - cc * 16;
    m[cc] = w >= 16 ? 0xFFFF : (w <= 0 ? 0 : (__mmask16)((1u << w) - 1));
  }
  ACC_DECL;
  for (int c = 0; c < L; c++) {
    const float *vr = v + (long)c * H + c0;
    const __m512 v0 = _mm512_maskz_loadu_ps(m[0], vr), v1 = _mm512_maskz_loadu_ps(m[1], vr + 16),
                 v2 = _mm512_maskz_loadu_ps(m[2], vr + 32), v3 = _mm512_maskz_loadu_ps(m[3], vr + 48);
    ACC_ROW(0, p[c], v0, v1, v2, v3);
    ACC_ROW(1, p[Lp + c], v0, v1, v2, v3);
    ACC_ROW(2, p[2 * Lp + c], v0, v1, v2, v3);
    ACC_ROW(3, p[3 * Lp + c], v0, v1, v2, v3);
  }
  __m512 acc[4][4] = {{a00, a01, a02, a03}, {a10, a11, a12, a13}, {a20, a21, a22, a23}, {a30, a31, a32, a33}};
  for (int rr = 0; rr < rows; rr++) {
    const __m512 sc = _mm512_set1_ps(inv[rr]);
    for (int cc = 0; cc < 4; cc++)
      _mm512_mask_storeu_ps(out + (long)rr * H + c0 + cc * 16, m[cc], _mm512_mul_ps(acc[rr][cc], sc));
  }
}

/*
 * Inference attention per sequence i and head j, fused: out_ij = softmax(α·Q_ij·K_ijᵀ + bias_i)·V_ij, where Q_ij,
 * K_ij, V_ij are head j's d = H/h columns of sequence i's L rows of q, k, v [n·L, H], bias [n·L] (0 or −1e9 per
 * key; null: none) and out [n·L, H] takes the same place. The [n, h, L, L] scores never leave L1/L2, and no sgemm
 * call is made per head (OpenBLAS spends ~2 µs on each: 8,000 calls per 256 texts of the bench model).
 * Register blocks: 4 query rows × 64 score columns (K transposed first), then 4 rows × 64 output columns;
 * in between, softmax4 leaves the 4 rows unnormalised and the context's stores multiply by 1/Σ instead (one
 * multiply per output instead of a division per score, and the 4 rows' reductions overlap: 6 % less time per
 * call in an interleaved A/B; Σ_c (e_c/Σ)·v_c and (Σ_c e_c·v_c)/Σ differ by float32 rounding only).
 * Returns 0, or −1 when its scratch (K_ij transposed and 4 score rows,
 * (d + 4)·Lp floats, Lp = L rounded up to 64) cannot be allocated.
 */
int hbw_head_attention(const float *q, const float *k, const float *v, const float *bias, float *out, int n, int L,
                       int heads, int H, float alpha) {
  const int d = H / heads, Lp = (L + 63) & ~63;
  float *scratch = malloc(((size_t)d * Lp + 4 * (size_t)Lp) * sizeof(float));
  if (!scratch) return -1;
  float *kt = scratch, *s = scratch + (long)d * Lp;
  for (int i = 0; i < n; i++) {
    const long base = (long)i * L * H;
    const float *bi = bias ? bias + (long)i * L : 0;
    for (int j = 0; j < heads; j++) {
      const long col = base + (long)j * d;
      /* K_ij transposed into kt [d][Lp] (4 × 4 blocks in registers where both sides allow), zero past L */
      int c = 0;
      for (; c + 4 <= L; c += 4) {
        const float *k0 = k + col + (long)c * H;
        int kk = 0;
        for (; kk + 4 <= d; kk += 4) {
          __m128 r0 = _mm_loadu_ps(k0 + kk), r1 = _mm_loadu_ps(k0 + H + kk), r2 = _mm_loadu_ps(k0 + 2 * H + kk),
                 r3 = _mm_loadu_ps(k0 + 3 * H + kk);
          _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
          _mm_storeu_ps(kt + (long)kk * Lp + c, r0);
          _mm_storeu_ps(kt + (long)(kk + 1) * Lp + c, r1);
          _mm_storeu_ps(kt + (long)(kk + 2) * Lp + c, r2);
          _mm_storeu_ps(kt + (long)(kk + 3) * Lp + c, r3);
        }
        for (; kk < d; kk++)
          for (int e = 0; e < 4; e++) kt[(long)kk * Lp + c + e] = k0[(long)e * H + kk];
      }
      for (; c < L; c++)
        for (int kk = 0; kk < d; kk++) kt[(long)kk * Lp + c] = k[col + (long)c * H + kk];
      for (int kk = 0; kk < d; kk++)
        for (int z = L; z < Lp; z++) kt[(long)kk * Lp + z] = 0.f;
      for (int r0 = 0; r0 < L; r0 += 4) {
        const int rows = L - r0 < 4 ? L - r0 : 4;
        const float *qr[4];
        for (int rr = 0; rr < 4; rr++) qr[rr] = q + col + (long)(r0 + (rr < rows ? rr : rows - 1)) * H;
        for (int c0 = 0; c0 < Lp; c0 += 64) scores_group(qr, kt, d, Lp, c0, alpha, bi, L, s);
        float inv[4];
        softmax4(s, Lp, inv);
        for (int c0 = 0; c0 < d; c0 += 64) context_group(s, Lp, rows, v + col, H, L, d, c0, out + col + (long)r0 * H, inv);
      }
    }
  }
  free(scratch);
  return 0;
}

/*
 * One AdamW update of n parameters (core/train/adamw.ts), into new buffers: per element, in this order and with
 * one float32 rounding per operation (no contraction: -ffp-contract=off), exactly the composition of tfjs ops it
 * replaces — so the same bits as tfjs-wasm's Mul/Add/Square/Sqrt/Div/Sub:
 *   m1 = m·β1 + g·(1−β1);  v1 = v·β2 + (g·g)·(1−β2);  den = √v1 / bc2 + eps;  θ1 = θ·decay − (m1 / den)·step
 * (decay = 1 − lr·wd, or 1 where the variable is not decayed: θ·1 = θ). Why: in tfjs that is 14 passes over every
 * parameter and 11 temporaries per variable; here one pass reads θ, m, v, g and writes θ1, m1, v1.
 */
void hbw_adamw(const float *theta, const float *m, const float *v, const float *g, float *theta1, float *m1, float *v1,
               long n, float decay, float b1, float omb1, float b2, float omb2, float bc2, float eps, float step) {
  const __m512 vdecay = _mm512_set1_ps(decay), vb1 = _mm512_set1_ps(b1), vomb1 = _mm512_set1_ps(omb1),
               vb2 = _mm512_set1_ps(b2), vomb2 = _mm512_set1_ps(omb2), vbc2 = _mm512_set1_ps(bc2),
               veps = _mm512_set1_ps(eps), vstep = _mm512_set1_ps(step);
  for (long i = 0; i < n; i += 16) {
    const __mmask16 k = n - i >= 16 ? 0xFFFF : (__mmask16)((1u << (n - i)) - 1);
    const __m512 th = _mm512_maskz_loadu_ps(k, theta + i), mm = _mm512_maskz_loadu_ps(k, m + i),
                 vv = _mm512_maskz_loadu_ps(k, v + i), gg = _mm512_maskz_loadu_ps(k, g + i);
    const __m512 mn = _mm512_add_ps(_mm512_mul_ps(mm, vb1), _mm512_mul_ps(gg, vomb1));
    const __m512 vn = _mm512_add_ps(_mm512_mul_ps(vv, vb2), _mm512_mul_ps(_mm512_mul_ps(gg, gg), vomb2));
    const __m512 den = _mm512_add_ps(_mm512_div_ps(_mm512_sqrt_ps(vn), vbc2), veps);
    const __m512 tn = _mm512_sub_ps(_mm512_mul_ps(th, vdecay), _mm512_mul_ps(_mm512_div_ps(mn, den), vstep));
    _mm512_mask_storeu_ps(m1 + i, k, mn);
    _mm512_mask_storeu_ps(v1 + i, k, vn);
    _mm512_mask_storeu_ps(theta1 + i, k, tn);
  }
}
