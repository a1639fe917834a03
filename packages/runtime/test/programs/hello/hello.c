/* Hello world with argv, environ and both output streams. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv) {
  printf("hello, world\n");
  printf("argc=%d\n", argc);
  for (int i = 0; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
  const char *greeting = getenv("GREETING");
  printf("GREETING=%s\n", greeting ? greeting : "(unset)");
  printf("MISSING=%s\n", getenv("MISSING") ? "set" : "(unset)");
  int n = 0;
  for (char **e = environ; *e; e++) n++;
  printf("environ has %d entries\n", n);
  fprintf(stderr, "this goes to stderr\n");
  printf("utf-8: %s (%zu bytes)\n", argv[argc - 1], strlen(argv[argc - 1]));
  return 0;
}
