// The first program a newcomer runs: arguments, environment, a little arithmetic, stdout.
#include <stdio.h>
#include <stdlib.h>

static unsigned long long factorial(unsigned n) {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

int main(int argc, char **argv) {
  const char *who = argc > 1 ? argv[1] : "world";
  printf("Hello, %s, from Lantern!\n", who);
  for (unsigned i = 5; i <= 20; i += 5) printf("  %2u! = %llu\n", i, factorial(i));
  const char *shell = getenv("LANTERN_GREETING");
  if (shell) printf("LANTERN_GREETING=%s\n", shell);
  return 0;
}
