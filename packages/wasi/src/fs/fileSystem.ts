/**
 * FileSystem: the synchronous, path-based storage a Wasi object works on — exactly the
 * operations the WASI calls need, so the same calls (and the same sandbox) run over the host's
 * disk (NodeFileSystem) or an in-memory tree (MemoryFileSystem).
 *
 * Paths are '/'-separated and absolute (relative ones start at the backend's own origin). A
 * failure throws an error whose `code` is a POSIX name ('ENOENT', 'EEXIST', ...), like Node's
 * fs errors, which the WASI call boundary turns into an errno.
 */

export type FileKind = 'file' | 'directory' | 'symlink' | 'character-device' | 'block-device' | 'socket' | 'unknown';

export interface FileStats {
  dev: bigint;
  ino: bigint;
  kind: FileKind;
  nlink: bigint;
  size: bigint;
  /** Timestamps in nanoseconds since the Unix epoch. */
  atimeNs: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

export interface DirectoryEntry {
  name: string;
  kind: FileKind;
  /** The entry's inode number (0 if it vanished while listing). */
  ino: bigint;
}

/** Flags for `open`, combined with `|`. */
export const OpenFlags = { READ: 0x1, WRITE: 0x2, CREATE: 0x4, EXCLUSIVE: 0x8, TRUNCATE: 0x10 } as const;

export interface FileSystem {
  /** The absolute path with every symlink, `.` and `..` resolved. */
  realpath(path: string): string;
  /** Metadata, following symlinks. */
  stat(path: string): FileStats;
  /** Metadata of the link itself when `path` names a symlink. */
  lstat(path: string): FileStats;
  readlink(path: string): string;
  /**
   * Opens a regular file and returns a handle for the other calls. A symlink as the last
   * component is never followed (ELOOP, like O_NOFOLLOW): callers resolve links themselves.
   * A directory opens only for reading, as on Linux, and reading it fails with EISDIR.
   */
  open(path: string, flags: number): number;
  close(handle: number): void;
  /** Reads into `buffer` at byte `position`; returns the count (0 at end of file). */
  read(handle: number, buffer: Uint8Array, position: bigint): number;
  /** Writes `data` at byte `position`; returns the count, which may be short. */
  write(handle: number, data: Uint8Array, position: bigint): number;
  fstat(handle: number): FileStats;
  ftruncate(handle: number, size: bigint): void;
  futimes(handle: number, atimeNs: bigint, mtimeNs: bigint): void;
  fsync(handle: number): void;
  fdatasync(handle: number): void;
  /** The entries of a directory (without `.` and `..`), in no particular order. */
  readdir(path: string): DirectoryEntry[];
  mkdir(path: string): void;
  rmdir(path: string): void;
  unlink(path: string): void;
  rename(from: string, to: string): void;
  symlink(target: string, path: string): void;
  /** A hard link `path` to `existing` (a symlink there is linked itself, not followed). */
  link(existing: string, path: string): void;
  utimes(path: string, atimeNs: bigint, mtimeNs: bigint): void;
  /** utimes on the link itself when `path` names a symlink. */
  lutimes(path: string, atimeNs: bigint, mtimeNs: bigint): void;
}

/** Path resolution gives up with ELOOP after this many symlinks (Linux's limit). */
export const MAX_SYMLINK_HOPS = 40;

/** A failed FileSystem call, shaped like Node's fs errors. */
export class FileSystemError extends Error {
  constructor(readonly code: string, readonly syscall: string, readonly path?: string) {
    super(path === undefined ? `${code}: ${syscall}` : `${code}: ${syscall} '${path}'`);
  }

  static {
    Object.defineProperty(this.prototype, 'name', { value: 'FileSystemError', writable: true, configurable: true });
  }
}
