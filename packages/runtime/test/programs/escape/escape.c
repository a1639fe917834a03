/* Sandbox escape attempts: every one must fail. The host set up <tmp>/secret.txt next to
 * the preopened <tmp>/sandbox, and symlinks inside the sandbox pointing out of it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int escaped = 0;

static void try_open(const char *path) {
  errno = 0;
  int fd = open(path, O_RDONLY);
  if (fd >= 0) {
    char buf[64] = {0};
    read(fd, buf, sizeof buf - 1);
    printf("ESCAPED: open %s read \"%s\"\n", path, buf);
    escaped = 1;
    close(fd);
  } else {
    printf("open %s: blocked (%s)\n", path, strerror(errno));
  }
}

static void open_inside(const char *path) {
  char buf[64] = {0};
  int fd = open(path, O_RDONLY);
  if (fd >= 0 && read(fd, buf, sizeof buf - 1) > 0) printf("open %s: allowed, read \"%s\"\n", path, buf);
  else printf("open %s: FAILED (%s)\n", path, strerror(errno));
  if (fd >= 0) close(fd);
}

static void try_stat(const char *path) {
  struct stat st;
  errno = 0;
  if (stat(path, &st) == 0) { printf("ESCAPED: stat %s\n", path); escaped = 1; }
  else printf("stat %s: blocked (%s)\n", path, strerror(errno));
}

int main(void) {
  try_open("/sandbox/../secret.txt");
  try_open("/sandbox/sub/../../secret.txt");
  try_open("/secret.txt");
  try_open("/etc/passwd");
  try_open("/sandbox/up/secret.txt");
  try_open("/sandbox/rel-link");
  try_open("/sandbox/abs-link");
  try_open("/sandbox/chain");
  try_stat("/sandbox/up");
  try_stat("/sandbox/abs-link");
  /* A link inside the sandbox to a file inside it is fine. */
  open_inside("/sandbox/ok-link");
  open_inside("/sandbox/sub/../inside.txt");
  /* Creating links that point out must fail too, and so must writing through them. */
  errno = 0;
  printf("symlink to /etc: %s\n", symlink("/etc", "/sandbox/new-abs") == 0 ? "created" : strerror(errno));
  errno = 0;
  printf("symlink to ../..: %s\n", symlink("../..", "/sandbox/new-rel") == 0 ? "created" : strerror(errno));
  errno = 0;
  int fd = open("/sandbox/dangling", O_WRONLY | O_CREAT, 0644);
  printf("create through dangling outward link: %s\n", fd >= 0 ? "created" : strerror(errno));
  errno = 0;
  printf("mkdir ../outside: %s\n", mkdir("/sandbox/../outside", 0755) == 0 ? "created" : strerror(errno));
  errno = 0;
  printf("rename out: %s\n", rename("/sandbox/inside.txt", "/sandbox/../stolen.txt") == 0 ? "renamed" : strerror(errno));
  printf(escaped ? "SANDBOX BROKEN\n" : "sandbox held\n");
  return escaped;
}
