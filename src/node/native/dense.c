/*
 * The dense layers' inference product, C[M, N] = A[M, K] · B[K, N] + bias[N] (B given as [K, N] or, as a Linear
 * layer's weight is stored, as [N, K]), all row-major float32, in AVX-512
 * (native-kernels.ts `dense`; blas-kernels.ts sends no-grad 2-D products here).
 *
 * Why not the BLAS: OpenBLAS packs both operands on every call and adds the bias as a separate pass over C (C
 * starts as bias rows, β = 1). Here the weight is packed once into 32-column panels (hbw_dense_pack; the caller
 * keeps it for as long as the weight lives: blas-kernels.ts) and A is read in place; the accumulators start at the
 * bias, so C is written once. Packing per call instead was measured no faster than OpenBLAS inside an encoding
 * pass: the transposing copy and the cache it evicts ate the gain (bench/README.md, "A dense kernel of our own").
 *
 * Micro-kernel: 12 rows × 32 columns, 24 zmm accumulators; per k, two panel loads and 12 broadcasts of A. Every
 * output is bias[j] + Σ_k a[i][k]·b[k][j] summed in k order with FMA, one rounding per step, like BLAS kernels.
 * Panels of 8 (256 columns, 256 KB packed at K = 256) are finished for every row before the next, so the packed
 * B being read stays in L2.
 *
 * Prefetch (K ≤ 256 only, where a 12-row tile of A is ≤ 12 KB): while a tile is computed, the next tile's rows of A
 * (during the block's last panel) and the lines of C the next tile will write are requested. The hardware
 * prefetcher follows the packed panel, but not twelve rows of A at a stride, nor C's scattered rows.
 * `bash bench/native/ab.sh` (the bench model's 24 products of a batch, interleaved) measured 6–11 % less time; at
 * K = 1024 the same prefetches evicted the 48 KB tile of A and cost time, so none are made there, and those
 * products run a copy of the tile code without the prefetch tests (bench/README.md, "Prefetching the next tile").
 */
#include <immintrin.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MR 12
#define NR 32
#define PANELS_PER_BLOCK 8
#define PREFETCH_MAX_K 256

/* From B [K, N], or (transB) from Bᵀ stored as [N, K] — a Linear layer's weight in the Hugging Face layout. The
 * transposing copy reads rows of Bᵀ in order and writes into one 32 KB-ish panel at a time (in L1 at K ≤ 256). */
static void pack_b(const float *b, int K, int N, int transB, float *p) {
  for (int n0 = 0; n0 < N; n0 += NR, p += (size_t)K * NR) {
    int w = N - n0 < NR ? N - n0 : NR;
    if (w < NR) memset(p, 0, 4 * (size_t)K * NR);
    if (!transB) {
      for (int k = 0; k < K; k++) memcpy(p + (size_t)k * NR, b + (size_t)k * N + n0, 4 * (size_t)w);
    } else {
      for (int j = 0; j < w; j++) {
        const float *src = b + (size_t)(n0 + j) * K;
        for (int k = 0; k < K; k++) p[(size_t)k * NR + j] = src[k];
      }
    }
  }
}

/* 12 full rows; m0/m1 mask the two 16-column halves of a partial last panel. a_next, c_next: the next tile's A
 * rows and C block to prefetch (NULL: none). */
static inline __attribute__((always_inline)) void tile_full(const float *a, int lda, const float *p, int K,
                                                            const float *bias, float *c, int ldc, __mmask16 m0,
                                                            __mmask16 m1, const float *a_next, const float *c_next) {
  __m512 c0[MR], c1[MR];
  __m512 b0 = bias ? _mm512_maskz_loadu_ps(m0, bias) : _mm512_setzero_ps();
  __m512 b1 = bias ? _mm512_maskz_loadu_ps(m1, bias + 16) : _mm512_setzero_ps();
  const float *row[MR];
  for (int i = 0; i < MR; i++) {
    c0[i] = b0;
    c1[i] = b1;
    row[i] = a + (size_t)i * lda;
  }
  for (int k = 0; k < K; k++) {
    if (a_next && (k & 15) == 0) /* one 64-byte line of each of the 12 rows per 16 k */
      for (int i = 0; i < MR; i++) _mm_prefetch((const char *)(a_next + (size_t)i * lda + k), _MM_HINT_T0);
    if (c_next && (k & 7) == 4 && k < 8 * MR) { /* row k/8 of the next C block: its 32 floats, two lines */
      const float *cr = c_next + (size_t)(k >> 3) * ldc;
      _mm_prefetch((const char *)cr, _MM_HINT_T0);
      _mm_prefetch((const char *)(cr + 16), _MM_HINT_T0);
    }
    __m512 x0 = _mm512_loadu_ps(p + (size_t)k * NR), x1 = _mm512_loadu_ps(p + (size_t)k * NR + 16);
#pragma GCC unroll 12
    for (int i = 0; i < MR; i++) {
      __m512 v = _mm512_set1_ps(row[i][k]);
      c0[i] = _mm512_fmadd_ps(v, x0, c0[i]);
      c1[i] = _mm512_fmadd_ps(v, x1, c1[i]);
    }
  }
  for (int i = 0; i < MR; i++) {
    _mm512_mask_storeu_ps(c + (size_t)i * ldc, m0, c0[i]);
    _mm512_mask_storeu_ps(c + (size_t)i * ldc + 16, m1, c1[i]);
  }
}

/* The last rows (fewer than 12): the same sums, one row at a time. */
static void tile_rows(const float *a, int lda, const float *p, int K, const float *bias, float *c, int ldc, int rows,
                      __mmask16 m0, __mmask16 m1) {
  for (int i = 0; i < rows; i++) {
    __m512 c0 = bias ? _mm512_maskz_loadu_ps(m0, bias) : _mm512_setzero_ps();
    __m512 c1 = bias ? _mm512_maskz_loadu_ps(m1, bias + 16) : _mm512_setzero_ps();
    const float *r = a + (size_t)i * lda;
    for (int k = 0; k < K; k++) {
      __m512 v = _mm512_set1_ps(r[k]);
      c0 = _mm512_fmadd_ps(v, _mm512_loadu_ps(p + (size_t)k * NR), c0);
      c1 = _mm512_fmadd_ps(v, _mm512_loadu_ps(p + (size_t)k * NR + 16), c1);
    }
    _mm512_mask_storeu_ps(c + (size_t)i * ldc, m0, c0);
    _mm512_mask_storeu_ps(c + (size_t)i * ldc + 16, m1, c1);
  }
}

/* Floats a packed B of K × N takes, with room to start it on a 64-byte boundary. */
long hbw_dense_pack_len(int K, int N) { return (long)((N + NR - 1) / NR) * (K > 0 ? K : 1) * NR + 16; }

/* Packs op(B) into dst (hbw_dense_pack_len floats): P[p][k][32] for panel p (columns 32p..32p+31), zero past N,
 * from a 64-byte boundary. Returns that start's offset in floats, which hbw_dense_packed is given. */
int hbw_dense_pack(const float *b, int transB, int K, int N, float *dst) {
  int off = (int)((64 - ((uintptr_t)dst & 63)) & 63) / 4;
  pack_b(b, K, N, transB, dst + off);
  return off;
}

/* C = A · op(B) (+ bias) with op(B) packed by hbw_dense_pack (its start: 64-byte aligned). bias may be NULL. */
void hbw_dense_packed(const float *a, const float *packed, const float *bias, float *c, int M, int N, int K) {
  if (M <= 0 || N <= 0) return;
  int panels = (N + NR - 1) / NR;
  const int prefetch = K <= PREFETCH_MAX_K;
  for (int p0 = 0; p0 < panels; p0 += PANELS_PER_BLOCK) {
    int p1 = p0 + PANELS_PER_BLOCK < panels ? p0 + PANELS_PER_BLOCK : panels;
    for (int i0 = 0; i0 < M; i0 += MR) {
      int rows = M - i0 < MR ? M - i0 : MR;
      for (int p = p0; p < p1; p++) {
        int n0 = p * NR, w = N - n0 < NR ? N - n0 : NR;
        __mmask16 m0 = w >= 16 ? 0xffff : (__mmask16)((1u << w) - 1);
        __mmask16 m1 = w >= 32 ? 0xffff : (w > 16 ? (__mmask16)((1u << (w - 16)) - 1) : 0);
        const float *pp = packed + (size_t)p * K * NR, *bb = bias ? bias + n0 : NULL;
        float *cc = c + (size_t)i0 * N + n0;
        const int next_full = prefetch && i0 + 2 * MR <= M; /* the next row tile exists and is a full one */
        const float *a_next = next_full && p == p1 - 1 ? a + (size_t)(i0 + MR) * K : NULL;
        const float *c_next =
            !prefetch ? NULL : p + 1 < p1 ? cc + NR : next_full ? c + (size_t)(i0 + MR) * N + (size_t)p0 * NR : NULL;
        if (rows == MR && prefetch)
          tile_full(a + (size_t)i0 * K, K, pp, K, bb, cc, N, m0, m1, a_next, c_next);
        else if (rows == MR) /* a copy without the prefetch tests in its k loop (tile_full is inlined) */
          tile_full(a + (size_t)i0 * K, K, pp, K, bb, cc, N, m0, m1, NULL, NULL);
        else
          tile_rows(a + (size_t)i0 * K, K, pp, K, bb, cc, N, rows, m0, m1);
      }
    }
  }
}
