/*
 * Interleaved A/B of kernels.c builds' fused attention (hbw_head_attention) on the bench model's shape: 32
 * sequences × 64 tokens, 4 heads of 64, no padding (BIAS=1: the last 13 keys of every sequence padded). Prints the
 * median and minimum ms per call and the largest difference from the first library's output.
 * Usage (bench/native/ab.sh builds the libraries): REPS=300 ./attention-ab a.so b.so …
 */
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "harness.h"

typedef int (*attention_fn)(const float *q, const float *k, const float *v, const float *bias, float *out, int n,
                            int L, int heads, int H, float alpha);
enum { N = 32, L = 64, HEADS = 4, H = 256, MAX_LIBS = 8 };

int main(int argc, char **argv) {
  int libs = argc - 1, reps = getenv("REPS") ? atoi(getenv("REPS")) : 300;
  if (libs < 1 || libs > MAX_LIBS || reps < 1) {
    fprintf(stderr, "usage: REPS=300 [BIAS=1] %s lib.so [lib.so …] (at most %d)\n", argv[0], MAX_LIBS);
    return 2;
  }
  const size_t size = (size_t)N * L * H;
  float *q = randoms(size, 2), *k = randoms(size, 2), *v = randoms(size, 2), *out[MAX_LIBS];
  float *bias = NULL;
  if (getenv("BIAS") && atoi(getenv("BIAS"))) {
    bias = randoms((size_t)N * L, 2);
    for (int i = 0; i < N * L; i++) bias[i] = i % L > 50 ? -1e9f : 0.f;
  }
  attention_fn f[MAX_LIBS];
  for (int i = 0; i < libs; i++) {
    void *h = dlopen(argv[i + 1], RTLD_NOW | RTLD_LOCAL);
    if (!h) {
      fprintf(stderr, "%s\n", dlerror());
      return 1;
    }
    f[i] = (attention_fn)dlsym(h, "hbw_head_attention");
    out[i] = randoms(size, 2);
  }
  double *t = calloc((size_t)libs * reps, sizeof(double));
  for (int r = 0; r < reps; r++)
    for (int i = 0; i < libs; i++) {
      double t0 = now_ms();
      if (f[i](q, k, v, bias, out[i], N, L, HEADS, H, 0.125f) != 0) return 1;
      t[(size_t)i * reps + r] = now_ms() - t0;
    }
  const double flops = 2.0 * 2 * N * HEADS * (double)L * L * (H / HEADS);
  for (int i = 0; i < libs; i++) {
    double *s = t + (size_t)i * reps, diff = 0;
    qsort(s, reps, sizeof(double), by_value);
    for (size_t j = 0; j < size; j++) diff = fmax(diff, fabs((double)out[i][j] - out[0][j]));
    printf("%-28s median %.3f ms (%.1f GFLOP/s), min %.3f ms, max |Δ| from the first %.2e\n", argv[i + 1],
           s[reps / 2], flops / s[reps / 2] / 1e6, s[0], diff);
  }
  return 0;
}
