// Plain C loops that clang -O2 -msimd128 autovectorizes (the test checks the binary holds SIMD
// instructions): an integer dot product, a saturating byte add, a float saxpy and a min/max scan.
#include <stdint.h>
#include <stdio.h>

#define N 4096

static int32_t xs[N], ys[N];
static uint8_t pa[N], pb[N], pc[N];
static float fx[N], fy[N];

static int64_t dot(const int32_t *a, const int32_t *b, int n) {
  int64_t sum = 0;
  for (int i = 0; i < n; i++) sum += (int64_t)a[i] * b[i];
  return sum;
}

static void add_saturate(uint8_t *restrict out, const uint8_t *restrict a, const uint8_t *restrict b, int n) {
  for (int i = 0; i < n; i++) {
    unsigned s = a[i] + b[i];
    out[i] = s > 255 ? 255 : s;
  }
}

static void saxpy(float *restrict y, const float *restrict x, float a, int n) {
  for (int i = 0; i < n; i++) y[i] = a * x[i] + y[i];
}

static void min_max(const int32_t *a, int n, int32_t *lo, int32_t *hi) {
  int32_t mn = a[0], mx = a[0];
  for (int i = 1; i < n; i++) {
    mn = a[i] < mn ? a[i] : mn;
    mx = a[i] > mx ? a[i] : mx;
  }
  *lo = mn;
  *hi = mx;
}

int main(void) {
  uint32_t seed = 12345;
  for (int i = 0; i < N; i++) {
    seed = seed * 1103515245u + 12345u;
    xs[i] = (int32_t)(seed >> 8) - (1 << 23);
    ys[i] = (int32_t)(seed % 2001) - 1000;
    pa[i] = (uint8_t)(seed >> 16);
    pb[i] = (uint8_t)(seed >> 24);
    fx[i] = (float)(int32_t)(seed % 1000) / 8.0f;
    fy[i] = (float)i * 0.5f;
  }
  printf("dot %lld\n", (long long)dot(xs, ys, N));
  add_saturate(pc, pa, pb, N);
  uint32_t bytes = 0, saturated = 0;
  for (int i = 0; i < N; i++) {
    bytes = bytes * 31 + pc[i];
    saturated += pc[i] == 255;
  }
  printf("bytes %u saturated %u\n", bytes, saturated);
  for (int round = 0; round < 4; round++) saxpy(fy, fx, 0.75f, N);
  double total = 0;
  for (int i = 0; i < N; i++) total += fy[i];
  printf("saxpy %.3f first %.4f last %.4f\n", total, fy[0], fy[N - 1]);
  int32_t lo, hi;
  min_max(xs, N, &lo, &hi);
  printf("min %d max %d\n", lo, hi);
  return 0;
}
