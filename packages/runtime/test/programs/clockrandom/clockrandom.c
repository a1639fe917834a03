/* Clocks and randomness, checked for sanity (the values themselves vary run to run). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long ns(clockid_t id) {
  struct timespec ts;
  if (clock_gettime(id, &ts) != 0) return -1;
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void) {
  time_t now = time(NULL);
  printf("realtime after 2020: %s\n", now > 1577836800 ? "yes" : "no");
  struct timespec res;
  printf("monotonic resolution ok: %s\n", clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0 ? "yes" : "no");
  long long a = ns(CLOCK_MONOTONIC), b = ns(CLOCK_MONOTONIC);
  printf("monotonic non-decreasing: %s\n", b >= a ? "yes" : "no");
  struct timespec req = {0, 20 * 1000000};
  long long before = ns(CLOCK_MONOTONIC);
  nanosleep(&req, NULL);
  long long slept = ns(CLOCK_MONOTONIC) - before;
  printf("nanosleep(20ms) slept >= 20ms: %s\n", slept >= 20000000LL ? "yes" : "no");
  printf("nanosleep(20ms) slept < 2s: %s\n", slept < 2000000000LL ? "yes" : "no");
  printf("process cputime readable: %s\n", ns(CLOCK_PROCESS_CPUTIME_ID) >= 0 ? "yes" : "no");

  unsigned char r1[32], r2[32];
  memset(r1, 0, sizeof r1);
  memset(r2, 0, sizeof r2);
  printf("getentropy ok: %s\n", getentropy(r1, sizeof r1) == 0 && getentropy(r2, sizeof r2) == 0 ? "yes" : "no");
  int zero = 1;
  for (int i = 0; i < 32; i++) if (r1[i]) zero = 0;
  printf("random not all zero: %s\n", zero ? "no" : "yes");
  printf("two draws differ: %s\n", memcmp(r1, r2, sizeof r1) ? "yes" : "no");
  return 0;
}
