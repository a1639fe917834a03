/* File I/O in a preopened directory: stdio and POSIX calls, seek/tell, stat, append,
 * pread/pwrite, ftruncate, rename, unlink, mkdir/rmdir, and the errors they must report. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(cond) do { if (!(cond)) { printf("FAILED line %d: %s (errno %d %s)\n", __LINE__, #cond, errno, strerror(errno)); return 1; } } while (0)

int main(void) {
  /* Read a file the host put there. */
  FILE *in = fopen("/sandbox/input.txt", "r");
  CHECK(in != NULL);
  char line[128];
  while (fgets(line, sizeof line, in)) printf("input: %s", line);
  fclose(in);

  /* Write, append, read back. */
  FILE *out = fopen("/sandbox/out.txt", "w");
  CHECK(out != NULL);
  for (int i = 0; i < 3; i++) fprintf(out, "line %d\n", i);
  CHECK(fclose(out) == 0);
  out = fopen("/sandbox/out.txt", "a");
  CHECK(out != NULL);
  fputs("appended\n", out);
  CHECK(fclose(out) == 0);

  FILE *back = fopen("/sandbox/out.txt", "r");
  CHECK(back != NULL);
  CHECK(fseek(back, 0, SEEK_END) == 0);
  long size = ftell(back);
  printf("size via ftell: %ld\n", size);
  CHECK(fseek(back, 7, SEEK_SET) == 0);
  CHECK(fgets(line, sizeof line, back) != NULL);
  printf("at 7: %s", line);
  rewind(back);
  size_t n = fread(line, 1, sizeof line - 1, back);
  line[n] = 0;
  printf("whole file (%zu bytes):\n%s", n, line);
  fclose(back);

  struct stat st;
  CHECK(stat("/sandbox/out.txt", &st) == 0);
  printf("stat: size=%lld regular=%d dir=%d\n", (long long)st.st_size, S_ISREG(st.st_mode), S_ISDIR(st.st_mode));

  /* POSIX fds: pwrite/pread at offsets, lseek, ftruncate. */
  int fd = open("/sandbox/raw.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0);
  CHECK(write(fd, "0123456789", 10) == 10);
  CHECK(pwrite(fd, "AB", 2, 4) == 2);
  char buf[16] = {0};
  CHECK(pread(fd, buf, 6, 2) == 6);
  printf("pread: %s\n", buf);
  CHECK(lseek(fd, 0, SEEK_CUR) == 10);
  CHECK(ftruncate(fd, 5) == 0);
  CHECK(lseek(fd, 0, SEEK_END) == 5);
  CHECK(lseek(fd, 0, SEEK_SET) == 0);
  memset(buf, 0, sizeof buf);
  CHECK(read(fd, buf, sizeof buf) == 5);
  printf("after truncate: %s\n", buf);
  CHECK(read(fd, buf, sizeof buf) == 0);
  CHECK(close(fd) == 0);
  CHECK(close(fd) == -1 && errno == EBADF);

  /* Rename, unlink, directories. */
  CHECK(rename("/sandbox/raw.bin", "/sandbox/renamed.bin") == 0);
  CHECK(access("/sandbox/raw.bin", F_OK) == -1 && errno == ENOENT);
  CHECK(unlink("/sandbox/renamed.bin") == 0);
  CHECK(mkdir("/sandbox/sub", 0755) == 0);
  CHECK(mkdir("/sandbox/sub", 0755) == -1 && errno == EEXIST);
  FILE *inner = fopen("/sandbox/sub/inner.txt", "w");
  CHECK(inner != NULL);
  fputs("x", inner);
  fclose(inner);
  CHECK(rmdir("/sandbox/sub") == -1 && errno == ENOTEMPTY);
  CHECK(unlink("/sandbox/sub/inner.txt") == 0);
  CHECK(rmdir("/sandbox/sub") == 0);
  CHECK(fopen("/sandbox/missing.txt", "r") == NULL && errno == ENOENT);
  CHECK(open("/sandbox/input.txt", O_RDONLY | O_DIRECTORY) == -1 && errno == ENOTDIR);
  printf("all file checks passed\n");
  return 0;
}
