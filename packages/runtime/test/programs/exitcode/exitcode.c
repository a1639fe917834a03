/* exit(3) from a nested call: output flushed, code 3 returned, the rest never runs. */
#include <stdio.h>
#include <stdlib.h>

static void bail(int code) {
  printf("bailing out with %d\n", code);
  exit(code);
}

int main(void) {
  printf("before exit\n");
  bail(3);
  printf("never printed\n");
  return 0;
}
