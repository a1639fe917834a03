/* Sorting a pseudo-random int array of n elements three ways — quicksort (Hoare partition,
 * median of three, insertion sort below 16), top-down mergesort with a scratch buffer, and a
 * heap sort — and checking that all three agree and are ordered. Returns a position-weighted
 * checksum of the sorted array (or -1 if the sorts disagree). */
#include <stdint.h>

#define MAX_N (1 << 20)
static int32_t original[MAX_N], a[MAX_N], b[MAX_N], c[MAX_N], scratch[MAX_N];

static void insertion(int32_t *v, int lo, int hi) {
  for (int i = lo + 1; i <= hi; i++) {
    int32_t x = v[i];
    int j = i - 1;
    while (j >= lo && v[j] > x) { v[j + 1] = v[j]; j--; }
    v[j + 1] = x;
  }
}

static void quicksort(int32_t *v, int lo, int hi) {
  while (hi - lo > 16) {
    int mid = lo + (hi - lo) / 2;
    int32_t x = v[lo], y = v[mid], z = v[hi];
    int32_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
    int i = lo - 1, j = hi + 1;
    for (;;) {
      do i++; while (v[i] < pivot);
      do j--; while (v[j] > pivot);
      if (i >= j) break;
      int32_t t = v[i]; v[i] = v[j]; v[j] = t;
    }
    if (j - lo < hi - j) { quicksort(v, lo, j); lo = j + 1; }
    else { quicksort(v, j + 1, hi); hi = j; }
  }
  insertion(v, lo, hi);
}

static void mergesort(int32_t *v, int32_t *tmp, int lo, int hi) {
  if (hi - lo < 1) return;
  int mid = lo + (hi - lo) / 2;
  mergesort(v, tmp, lo, mid);
  mergesort(v, tmp, mid + 1, hi);
  int i = lo, j = mid + 1, k = lo;
  while (i <= mid && j <= hi) tmp[k++] = v[i] <= v[j] ? v[i++] : v[j++];
  while (i <= mid) tmp[k++] = v[i++];
  while (j <= hi) tmp[k++] = v[j++];
  for (k = lo; k <= hi; k++) v[k] = tmp[k];
}

static void sift(int32_t *v, int root, int n) {
  for (;;) {
    int child = 2 * root + 1;
    if (child >= n) return;
    if (child + 1 < n && v[child + 1] > v[child]) child++;
    if (v[root] >= v[child]) return;
    int32_t t = v[root]; v[root] = v[child]; v[child] = t;
    root = child;
  }
}

static void heapsort(int32_t *v, int n) {
  for (int i = n / 2 - 1; i >= 0; i--) sift(v, i, n);
  for (int end = n - 1; end > 0; end--) {
    int32_t t = v[0]; v[0] = v[end]; v[end] = t;
    sift(v, 0, end);
  }
}

__attribute__((export_name("run"))) int run(int n) {
  if (n > MAX_N) n = MAX_N;
  uint64_t s = 0x853c49e6748fea9bull;
  for (int i = 0; i < n; i++) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    original[i] = (int32_t)(s >> 33) % (n * 4) - n;  /* duplicates and negatives */
  }
  for (int i = 0; i < n; i++) a[i] = b[i] = c[i] = original[i];
  quicksort(a, 0, n - 1);
  mergesort(b, scratch, 0, n - 1);
  heapsort(c, n);
  uint32_t sum = 0;
  for (int i = 0; i < n; i++) {
    if (a[i] != b[i] || a[i] != c[i] || (i > 0 && a[i - 1] > a[i])) return -1;
    sum = sum * 31u + (uint32_t)a[i] * (uint32_t)(i + 1);
  }
  return (int)sum;
}
