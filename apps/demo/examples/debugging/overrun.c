/* A buffer overrun: copy_name has no bound, so a long name runs past `name` into `guard`. */
#include <stdio.h>

static void copy_name(char *dst, const char *src) {
  while (*src)
    *dst++ = *src++;
  *dst = 0;
}

int main(int argc, char **argv) {
  int guard = 7;
  char name[8];
  copy_name(name, argc > 1 ? argv[1] : "lantern!overrun");
  printf("name = %s, guard = %d\n", name, guard);
  return guard == 7 ? 0 : 1;
}
