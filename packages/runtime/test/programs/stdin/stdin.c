/* Reads stdin to EOF (fd_read through stdio buffering), numbers and upper-cases each line,
 * and reports the byte count on stderr. */
#include <ctype.h>
#include <stdio.h>

int main(void) {
  char line[256];
  int n = 0;
  long bytes = 0;
  while (fgets(line, sizeof line, stdin)) {
    for (char *p = line; *p; p++) { *p = (char)toupper((unsigned char)*p); bytes++; }
    printf("%d: %s", ++n, line);
  }
  printf("lines=%d eof=%d\n", n, feof(stdin) != 0);
  fprintf(stderr, "read %ld bytes\n", bytes);
  return 0;
}
