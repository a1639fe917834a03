/* An Emscripten program exercising what the generated glue touches: printf through the JS
 * runtime, malloc with memory growth (the glue re-creates its HEAP views after the buffer is
 * detached), function pointers (call_indirect), i64 and f64 math, and exported functions
 * called from JS, one of them through a function pointer made by the glue's addFunction
 * (which builds a tiny wasm module at runtime with new WebAssembly.Module/Instance). */
#include <emscripten.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_value(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

EMSCRIPTEN_KEEPALIVE int64_t mul64(int64_t a, int64_t b) { return a * b + 1; }

EMSCRIPTEN_KEEPALIVE int apply(int (*fn)(int, int), int a, int b) { return fn(a, b) * 10; }

EMSCRIPTEN_KEEPALIVE double hypot2(double x, double y) { return x * x + y * y; }

int main(int argc, char **argv) {
  printf("hello from emscripten, argc=%d\n", argc);
  int values[] = {42, 7, 19, 3, 88, 1};
  qsort(values, 6, sizeof values[0], by_value);
  printf("sorted:");
  for (int i = 0; i < 6; i++) printf(" %d", values[i]);
  printf("\n");

  /* 64 MiB of allocations: forces memory.grow well past the initial 16 MiB. */
  size_t total = 0;
  unsigned char *blocks[16];
  for (int i = 0; i < 16; i++) {
    blocks[i] = malloc(4 << 20);
    memset(blocks[i], i + 1, 4 << 20);
    total += 4 << 20;
  }
  unsigned long sum = 0;
  for (int i = 0; i < 16; i++) sum += blocks[i][i * 1000];
  printf("allocated %zu MiB, checksum %lu\n", total >> 20, sum);
  for (int i = 0; i < 16; i++) free(blocks[i]);

  uint64_t h = 1469598103934665603ULL;
  for (int i = 0; i < 1000; i++) h = (h ^ (uint64_t)i) * 1099511628211ULL;
  printf("fnv64: %016llx\n", (unsigned long long)h);
  printf("pi-ish: %.6f\n", 4.0 * (1.0 - 1.0 / 3 + 1.0 / 5 - 1.0 / 7 + 1.0 / 9));
  fprintf(stderr, "a line on stderr\n");
  return 0;
}
