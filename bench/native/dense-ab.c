/*
 * Interleaved A/B of dense.c builds in pass-like conditions: the bench model's four layers (distinct weights), six
 * products per layer in encoder order (q, k, v, attention output, up, down; 2048 rows), each library's weights
 * packed once, the variants taking turns layer set by layer set so machine noise hits them alike. Prints the
 * median ms per product kind (summed over the 4 layers) and the GFLOP/s of the sum of medians.
 * Usage (bench/native/ab.sh builds the libraries): REPS=30 ./dense-ab a.so b.so …
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "harness.h"

typedef long (*len_fn)(int K, int N);
typedef int (*pack_fn)(const float *b, int transB, int K, int N, float *dst);
typedef void (*dense_fn)(const float *a, const float *packed, const float *bias, float *c, int M, int N, int K);

enum { M = 2048, H = 256, I = 1024, LAYERS = 4, KINDS = 6, MAX_LIBS = 8 };
static const int Ks[KINDS] = {H, H, H, H, H, I}, Ns[KINDS] = {H, H, H, H, I, H};
static const char *names[KINDS] = {"q", "k", "v", "out", "up", "down"};

int main(int argc, char **argv) {
  int libs = argc - 1, reps = getenv("REPS") ? atoi(getenv("REPS")) : 30;
  if (libs < 1 || libs > MAX_LIBS || reps < 1) {
    fprintf(stderr, "usage: REPS=30 %s lib.so [lib.so …] (at most %d)\n", argv[0], MAX_LIBS);
    return 2;
  }
  float *w[LAYERS][KINDS], *bias[LAYERS][KINDS], *packed[MAX_LIBS][LAYERS][KINDS];
  for (int l = 0; l < LAYERS; l++)
    for (int j = 0; j < KINDS; j++) {
      w[l][j] = randoms((size_t)Ks[j] * Ns[j], 1); /* as stored: [N, K] */
      bias[l][j] = randoms(Ns[j], 1);
    }
  dense_fn dense[MAX_LIBS];
  for (int v = 0; v < libs; v++) {
    void *h = dlopen(argv[v + 1], RTLD_NOW | RTLD_LOCAL);
    if (!h) {
      fprintf(stderr, "%s\n", dlerror());
      return 1;
    }
    len_fn len = (len_fn)dlsym(h, "hbw_dense_pack_len");
    pack_fn pack = (pack_fn)dlsym(h, "hbw_dense_pack");
    dense[v] = (dense_fn)dlsym(h, "hbw_dense_packed");
    for (int l = 0; l < LAYERS; l++)
      for (int j = 0; j < KINDS; j++) {
        float *buf = malloc(len(Ks[j], Ns[j]) * sizeof(float));
        packed[v][l][j] = buf + pack(w[l][j], 1, Ks[j], Ns[j], buf);
      }
  }
  float *x = randoms((size_t)M * H, 1), *q = randoms((size_t)M * H, 1), *k = randoms((size_t)M * H, 1),
        *val = randoms((size_t)M * H, 1), *out = randoms((size_t)M * H, 1), *up = randoms((size_t)M * I, 1),
        *down = randoms((size_t)M * H, 1);
  float *outs[KINDS] = {q, k, val, out, up, down};
  const float *ins[KINDS] = {x, x, x, q, out, up}; /* out reads q as a stand-in for the attention context */
  double *t = calloc((size_t)libs * KINDS * reps, sizeof(double));
  for (int r = 0; r < reps; r++)
    for (int v = 0; v < libs; v++)
      for (int l = 0; l < LAYERS; l++)
        for (int j = 0; j < KINDS; j++) {
          double t0 = now_ms();
          dense[v](ins[j], packed[v][l][j], bias[l][j], outs[j], M, Ns[j], Ks[j]);
          t[((size_t)v * KINDS + j) * reps + r] += now_ms() - t0;
        }
  double flops = 0;
  for (int j = 0; j < KINDS; j++) flops += 2.0 * M * Ks[j] * Ns[j] * LAYERS;
  printf("%-28s", "median ms (4 layers)");
  for (int j = 0; j < KINDS; j++) printf(" %7s", names[j]);
  printf("  |    sum  GFLOP/s\n");
  for (int v = 0; v < libs; v++) {
    double sum = 0;
    printf("%-28s", argv[v + 1]);
    for (int j = 0; j < KINDS; j++) {
      double *s = t + ((size_t)v * KINDS + j) * reps;
      qsort(s, reps, sizeof(double), by_value);
      sum += s[reps / 2];
      printf(" %7.2f", s[reps / 2]);
    }
    printf("  | %6.2f  %6.1f\n", sum, flops / sum / 1e6);
  }
  return 0;
}
