/* FNV-1a (32-bit) and a 64-bit murmur-style mixer over a pseudo-random buffer: byte loads,
 * i32 multiplies, i64 multiplies and shifts. run(rounds) returns the folded hashes. */
#define SIZE (64 * 1024)
static unsigned char buf[SIZE];

__attribute__((export_name("run"))) int run(int rounds) {
  unsigned int seed = 12345u;
  for (int i = 0; i < SIZE; i++) { seed = seed * 1103515245u + 12345u; buf[i] = (unsigned char)(seed >> 16); }
  unsigned int acc = 0;
  for (int r = 0; r < rounds; r++) {
    unsigned int h = 2166136261u ^ (unsigned int)r;
    for (int i = 0; i < SIZE; i++) { h ^= buf[i]; h *= 16777619u; }
    unsigned long long k = 0x9E3779B97F4A7C15ull ^ (unsigned long long)r;
    const unsigned long long *w = (const unsigned long long *)buf;
    for (int i = 0; i < SIZE / 8; i++) {
      k ^= w[i];
      k *= 0xff51afd7ed558ccdull;
      k ^= k >> 33;
    }
    acc = (acc * 31u) ^ h ^ (unsigned int)(k ^ (k >> 32));
  }
  return (int)acc;
}
