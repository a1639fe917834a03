/* memset / memcpy / memmove over a 1 MiB buffer (wasi-libc's implementations, which
 * compile to word-sized loops without bulk-memory), then a checksum. run(rounds). */
#include <string.h>
#define SIZE (1024 * 1024)
static unsigned char a[SIZE], b[SIZE];

__attribute__((export_name("run"))) int run(int rounds) {
  unsigned int sum = 0;
  for (int r = 0; r < rounds; r++) {
    memset(a, r & 0xff, SIZE);
    for (int i = 0; i < SIZE; i += 4096) a[i] = (unsigned char)(i >> 12);
    memcpy(b, a, SIZE);
    memmove(b + 3, b, SIZE - 3);
    for (int i = 0; i < SIZE; i += 61) sum = sum * 33u + b[i];
  }
  return (int)sum;
}
