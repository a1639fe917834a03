/* i64-heavy pseudo-random generation: splitmix64 seeding a xorshift128+ generator, with
 * 64-bit adds, shifts, xors, multiplies and a 64-bit modulo. run(n) returns the i64 sum. */
static unsigned long long splitmix64(unsigned long long *state) {
  unsigned long long z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

__attribute__((export_name("run"))) long long run(int n) {
  unsigned long long sm = 42, s0 = splitmix64(&sm), s1 = splitmix64(&sm), sum = 0;
  for (int i = 0; i < n; i++) {
    unsigned long long x = s0, y = s1;
    s0 = y;
    x ^= x << 23;
    s1 = x ^ y ^ (x >> 17) ^ (y >> 26);
    unsigned long long r = s1 + y;
    sum += (r % 1000003ull) ^ splitmix64(&sm);
  }
  return (long long)sum;
}
