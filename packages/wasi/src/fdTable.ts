/**
 * The file descriptor table: what each guest fd stands for. Fds 0-2 are the stdio streams
 * (routed to the host's hooks), then one directory entry per preopen, then whatever the
 * guest opens. Files keep their own position (the FileSystem's reads and writes are all
 * positional), which also lets the append flag be emulated and toggled by
 * fd_fdstat_set_flags.
 *
 * "Host path" means a path in the Wasi's FileSystem (the disk, or a MemoryFileSystem). A
 * directory entry's `root` is the real (symlink-free) host path of the preopen it was reached
 * through; the sandbox never lets a path resolve outside it.
 */
import { Errno, WasiError } from './errno.ts';
import type { FileSystem } from './fs/fileSystem.ts';

export interface Root {
  /** Absolute, symlink-free host path of the preopened directory. */
  readonly hostPath: string;
}

interface EntryBase {
  fdflags: number;
  rightsBase: bigint;
  rightsInheriting: bigint;
}

export interface StdioEntry extends EntryBase {
  kind: 'stdio';
  stream: 0 | 1 | 2;
}

export interface FileEntry extends EntryBase {
  kind: 'file';
  /** The FileSystem's handle. */
  handle: number;
  position: bigint;
  readable: boolean;
  writable: boolean;
}

export interface DirEntry extends EntryBase {
  kind: 'dir';
  /** Absolute host path, inside `root.hostPath`, free of symlinks. */
  hostPath: string;
  root: Root;
  /** The guest-visible name when this is a preopen (fd_prestat_get), else undefined. */
  preopenName: string | undefined;
}

export type FdEntry = StdioEntry | FileEntry | DirEntry;

export class FdTable {
  private readonly entries = new Map<number, FdEntry>();

  constructor(private readonly fs: FileSystem) {}

  /** The entry for `fd`, or EBADF. */
  get(fd: number): FdEntry {
    const entry = this.entries.get(fd >>> 0);
    if (!entry) throw new WasiError(Errno.BADF);
    return entry;
  }

  /** A directory fd, for path_* calls: EBADF if closed, ENOTDIR if not a directory. */
  dir(fd: number): DirEntry {
    const entry = this.get(fd);
    if (entry.kind !== 'dir') throw new WasiError(Errno.NOTDIR);
    return entry;
  }

  /** Puts `entry` at the lowest free fd (POSIX rule) and returns it. */
  add(entry: FdEntry): number {
    let fd = 0;
    while (this.entries.has(fd)) fd++;
    this.entries.set(fd, entry);
    return fd;
  }

  set(fd: number, entry: FdEntry): void {
    this.entries.set(fd >>> 0, entry);
  }

  /** Removes `fd` and releases its host resources. */
  close(fd: number): void {
    const entry = this.get(fd);
    this.entries.delete(fd >>> 0);
    if (entry.kind === 'file') this.fs.close(entry.handle);
  }

  /** dup2-like move; `to` must be open already (WASI fd_renumber). */
  renumber(from: number, to: number): void {
    const entry = this.get(from);
    this.get(to);
    if ((from >>> 0) === (to >>> 0)) return;
    this.close(to);
    this.entries.delete(from >>> 0);
    this.entries.set(to >>> 0, entry);
  }

  /** Closes every handle (the instance is done). */
  closeAll(): void {
    for (const fd of [...this.entries.keys()]) {
      try {
        this.close(fd);
      } catch {
        // Already gone: nothing to release.
      }
    }
  }
}
