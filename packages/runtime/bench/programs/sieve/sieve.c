/* Sieve of Eratosthenes over a byte array: tight loads/stores and branches.
 * run(n) sieves [0, n) (n <= 4,000,000) and returns the number of primes. */
#define MAX 4000000
static unsigned char composite[MAX];

__attribute__((export_name("run"))) int run(int n) {
  if (n > MAX) n = MAX;
  for (int i = 0; i < n; i++) composite[i] = 0;
  int count = 0;
  for (int i = 2; i < n; i++) {
    if (composite[i]) continue;
    count++;
    for (long long j = (long long)i * i; j < n; j += i) composite[j] = 1;
  }
  return count;
}
