/*
 * A small program with a bug to find: `lantern debug stats.wasm 3 4 5` works, but run it with
 * no arguments and it traps. Each argument is a width; the heights come from fib().
 */
#include <stdio.h>
#include <stdlib.h>

struct point {
  int x;
  int y;
};

struct stats {
  int count;
  int total;
  struct point last;
};

int fib(int n) {
  if (n < 2)
    return n;
  return fib(n - 1) + fib(n - 2);
}

void add_point(struct stats *s, struct point p) {
  s->count += 1;
  s->total += p.x * p.y;
  s->last = p;
}

int average(const struct stats *s) {
  int total = s->total;
  return total / s->count;
}

int main(int argc, char **argv) {
  struct stats s = {0, 0, {0, 0}};
  for (int i = 1; i < argc; i++) {
    struct point p = {atoi(argv[i]), fib(i + 2)};
    add_point(&s, p);
  }
  int avg = average(&s);
  printf("%d points, average area %d\n", s.count, avg);
  return 0;
}
