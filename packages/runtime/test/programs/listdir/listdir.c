/* Directory listing: opendir/readdir with d_type, sorted output, nested directories,
 * and rewinddir. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *path) {
  DIR *d = opendir(path);
  if (!d) { perror(path); return; }
  char *names[512];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < 512) {
    char type = e->d_type == DT_DIR ? 'd' : e->d_type == DT_REG ? 'f' : e->d_type == DT_LNK ? 'l' : '?';
    char *s = malloc(strlen(e->d_name) + 3);
    sprintf(s, "%c %s", type, e->d_name);
    names[n++] = s;
  }
  rewinddir(d);
  int again = 0;
  while (readdir(d)) again++;
  closedir(d);
  qsort(names, n, sizeof *names, cmp);
  printf("%s: %d entries (again: %d)\n", path, n, again);
  for (int i = 0; i < n; i++) { printf("  %s\n", names[i]); free(names[i]); }
}

int main(void) {
  mkdir("/data/made", 0755);
  for (int i = 0; i < 100; i++) {
    char name[64];
    sprintf(name, "/data/made/file-with-a-longish-name-%03d.txt", i);
    FILE *f = fopen(name, "w");
    if (!f) { perror(name); return 1; }
    fclose(f);
  }
  list("/data");
  list("/data/nested");
  list("/data/made");
  list("/data/nope");
  return 0;
}
