/**
 * WASI preview1 constants and struct layouts (typenames.witx), as numbers. Struct layouts are
 * given as byte offsets; everything is little-endian.
 */
export const Clock = { REALTIME: 0, MONOTONIC: 1, PROCESS_CPUTIME: 2, THREAD_CPUTIME: 3 } as const;
export const Whence = { SET: 0, CUR: 1, END: 2 } as const;

export const FileType = {
  UNKNOWN: 0, BLOCK_DEVICE: 1, CHARACTER_DEVICE: 2, DIRECTORY: 3, REGULAR_FILE: 4,
  SOCKET_DGRAM: 5, SOCKET_STREAM: 6, SYMBOLIC_LINK: 7,
} as const;

export const FdFlags = { APPEND: 0x1, DSYNC: 0x2, NONBLOCK: 0x4, RSYNC: 0x8, SYNC: 0x10 } as const;
export const OFlags = { CREAT: 0x1, DIRECTORY: 0x2, EXCL: 0x4, TRUNC: 0x8 } as const;
export const LookupFlags = { SYMLINK_FOLLOW: 0x1 } as const;
export const FstFlags = { ATIM: 0x1, ATIM_NOW: 0x2, MTIM: 0x4, MTIM_NOW: 0x8 } as const;
export const EventType = { CLOCK: 0, FD_READ: 1, FD_WRITE: 2 } as const;
export const SubclockFlags = { ABSTIME: 0x1 } as const;

/** Rights bits (u64). Lantern does not enforce rights beyond read/write intent at open. */
export const Rights = {
  FD_DATASYNC: 1n << 0n, FD_READ: 1n << 1n, FD_SEEK: 1n << 2n, FD_FDSTAT_SET_FLAGS: 1n << 3n,
  FD_SYNC: 1n << 4n, FD_TELL: 1n << 5n, FD_WRITE: 1n << 6n, FD_ADVISE: 1n << 7n,
  FD_ALLOCATE: 1n << 8n, PATH_CREATE_DIRECTORY: 1n << 9n, PATH_CREATE_FILE: 1n << 10n,
  PATH_LINK_SOURCE: 1n << 11n, PATH_LINK_TARGET: 1n << 12n, PATH_OPEN: 1n << 13n,
  FD_READDIR: 1n << 14n, PATH_READLINK: 1n << 15n, PATH_RENAME_SOURCE: 1n << 16n,
  PATH_RENAME_TARGET: 1n << 17n, PATH_FILESTAT_GET: 1n << 18n, PATH_FILESTAT_SET_SIZE: 1n << 19n,
  PATH_FILESTAT_SET_TIMES: 1n << 20n, FD_FILESTAT_GET: 1n << 21n, FD_FILESTAT_SET_SIZE: 1n << 22n,
  FD_FILESTAT_SET_TIMES: 1n << 23n, PATH_SYMLINK: 1n << 24n, PATH_REMOVE_DIRECTORY: 1n << 25n,
  PATH_UNLINK_FILE: 1n << 26n, POLL_FD_READWRITE: 1n << 27n, SOCK_SHUTDOWN: 1n << 28n,
  SOCK_ACCEPT: 1n << 29n,
} as const;
export const ALL_RIGHTS = (1n << 30n) - 1n;
/**
 * A terminal: no seek/tell, so wasi-libc's isatty() (filetype character device and no
 * FD_SEEK|FD_TELL) reports it as a tty.
 */
export const TTY_RIGHTS = ALL_RIGHTS & ~(Rights.FD_SEEK | Rights.FD_TELL);

/** Struct sizes and field offsets (typenames.witx / preview1 docs). */
export const Layout = {
  IOVEC_SIZE: 8,
  FDSTAT_SIZE: 24,
  FILESTAT_SIZE: 64,
  PRESTAT_SIZE: 8,
  DIRENT_SIZE: 24,
  SUBSCRIPTION_SIZE: 48,
  EVENT_SIZE: 32,
} as const;
