/**
 * MemoryFileSystem: a FileSystem held entirely in memory, for hosts without `fs` (browsers)
 * and for tests. It is a real tree with POSIX rules as far as a program can observe them:
 * inodes with numbers, link counts and timestamps (from `clock`), hard links sharing one
 * inode, symlinks resolved component by component (ELOOP after 40 hops), open files that
 * outlive their unlinking, and rename/rmdir/link with the errors Linux gives.
 *
 * Populate it with the constructor's map (`{ '/data/in.txt': 'text' }`) or with mkdirp,
 * writeFile and symlink; inspect it with readFile and exists.
 */
import {
  MAX_SYMLINK_HOPS, OpenFlags, FileSystemError, type DirectoryEntry, type FileStats, type FileSystem,
} from './fileSystem.ts';
import { joinPath, parentPath, pathComponents } from './paths.ts';

interface InodeBase {
  readonly ino: bigint;
  atimeNs: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

interface FileNode extends InodeBase {
  readonly kind: 'file';
  /** Capacity ≥ size; bytes past `size` are always zero, so growing reads zeros. */
  data: Uint8Array;
  size: number;
  nlink: number;
}

interface DirNode extends InodeBase {
  readonly kind: 'directory';
  readonly entries: Map<string, Inode>;
}

interface LinkNode extends InodeBase {
  readonly kind: 'symlink';
  readonly target: string;
  nlink: number;
}

type Inode = FileNode | DirNode | LinkNode;

interface Handle {
  /** A directory only when opened without write access, as Linux allows; reading it fails. */
  readonly node: FileNode | DirNode;
  readonly readable: boolean;
  readonly writable: boolean;
}

/** Where a path led. */
interface Lookup {
  /** The directories from the root down to the one holding `name` (the last element). */
  readonly chain: DirNode[];
  /** The names of chain[1..], for realpath. */
  readonly names: string[];
  /** The last component; undefined when the path ends at a directory itself ('/', 'a/..'). */
  readonly name: string | undefined;
  /** What `name` is (the chain's last directory when nameless); undefined if nothing is there. */
  readonly node: Inode | undefined;
  /** The path ended in '/': only a directory may be there. */
  readonly dirOnly: boolean;
}

type Fail = (code: string) => FileSystemError;

/** Beyond this, an in-memory file is surely a runaway program (and near typed-array limits). */
const MAX_FILE_SIZE = 2 ** 32;
const DEV = 1n;

const utf8 = new TextEncoder();

export interface MemoryFileSystemOptions {
  /** The time stamped on changes, in nanoseconds since the epoch. Default: Date.now(). */
  clock?: () => bigint;
}

export class MemoryFileSystem implements FileSystem {
  private readonly clock: () => bigint;
  private nextIno = 1n;
  private nextHandle = 1;
  private readonly handles = new Map<number, Handle>();
  private readonly root: DirNode;

  /** @param files path → contents; missing parent directories are created. */
  constructor(files: Record<string, string | Uint8Array> = {}, options: MemoryFileSystemOptions = {}) {
    this.clock = options.clock ?? (() => BigInt(Date.now()) * 1_000_000n);
    this.root = this.inode({ kind: 'directory', entries: new Map() });
    for (const [path, contents] of Object.entries(files)) this.writeFile(path, contents);
  }

  // --- Helpers for setting up and inspecting a tree ---

  /** mkdir -p: creates every missing directory on the way to `path`. */
  mkdirp(path: string): void {
    let at = '/';
    for (const name of pathComponents(path)) {
      at = joinPath(at, name);
      const found = this.lookup(at, true, 'mkdir');
      if (!found.node) this.mkdir(at);
      else if (found.node.kind !== 'directory') throw new FileSystemError('ENOTDIR', 'mkdir', at);
    }
  }

  /** Creates or replaces the file at `path` (following symlinks), creating missing parents. */
  writeFile(path: string, contents: string | Uint8Array): void {
    this.mkdirp(parentPath(path));
    const found = this.lookup(path, true, 'open');
    const node = this.fileFor(found, OpenFlags.WRITE | OpenFlags.CREATE | OpenFlags.TRUNCATE, this.failing('open', path));
    this.writeAt(node, typeof contents === 'string' ? utf8.encode(contents) : contents, 0);
  }

  /** A copy of the file's bytes, or its text as UTF-8. */
  readFile(path: string): Uint8Array;
  readFile(path: string, encoding: 'utf8'): string;
  readFile(path: string, encoding?: 'utf8'): Uint8Array | string {
    const node = this.existing(path, true, 'open');
    if (node.kind !== 'file') throw new FileSystemError('EISDIR', 'read', path);
    const bytes = node.data.slice(0, node.size);
    return encoding ? new TextDecoder().decode(bytes) : bytes;
  }

  /** Whether `path` names something (following symlinks, like Node's existsSync). */
  exists(path: string): boolean {
    try {
      return this.lookup(path, true, 'access').node !== undefined;
    } catch {
      return false;
    }
  }

  // --- FileSystem ---

  realpath(path: string): string {
    const found = this.lookup(path, true, 'realpath');
    if (!found.node) throw new FileSystemError('ENOENT', 'realpath', path);
    const names = found.name === undefined ? found.names : [...found.names, found.name];
    return joinPath('/', ...names);
  }

  stat(path: string): FileStats {
    return this.statsOf(this.existing(path, true, 'stat'));
  }

  lstat(path: string): FileStats {
    return this.statsOf(this.existing(path, false, 'lstat'));
  }

  readlink(path: string): string {
    const node = this.existing(path, false, 'readlink');
    if (node.kind !== 'symlink') throw new FileSystemError('EINVAL', 'readlink', path);
    return node.target;
  }

  open(path: string, flags: number): number {
    const found = this.lookup(path, false, 'open');
    // Linux opens a directory for reading (the read fails); writing, creating or truncating it fails here.
    const readsDirectory = found.node?.kind === 'directory' && !(flags & (OpenFlags.WRITE | OpenFlags.CREATE | OpenFlags.TRUNCATE));
    const node = readsDirectory ? found.node : this.fileFor(found, flags, this.failing('open', path));
    const handle = this.nextHandle++;
    this.handles.set(handle, { node, readable: (flags & OpenFlags.READ) !== 0, writable: (flags & OpenFlags.WRITE) !== 0 });
    return handle;
  }

  close(handle: number): void {
    this.handle(handle, 'close');
    this.handles.delete(handle);
  }

  read(handle: number, buffer: Uint8Array, position: bigint): number {
    const { node, readable } = this.handle(handle, 'read');
    if (!readable) throw new FileSystemError('EBADF', 'read');
    if (node.kind === 'directory') throw new FileSystemError('EISDIR', 'read');
    const start = Number(position);
    const n = Math.max(0, Math.min(buffer.length, node.size - start));
    buffer.set(node.data.subarray(start, start + n));
    return n;
  }

  write(handle: number, data: Uint8Array, position: bigint): number {
    const { node, writable } = this.handle(handle, 'write');
    if (!writable || node.kind === 'directory') throw new FileSystemError('EBADF', 'write');
    if (Number(position) + data.length > MAX_FILE_SIZE) throw new FileSystemError('EFBIG', 'write');
    this.writeAt(node, data, Number(position));
    return data.length;
  }

  fstat(handle: number): FileStats {
    return this.statsOf(this.handle(handle, 'fstat').node);
  }

  ftruncate(handle: number, size: bigint): void {
    const { node, writable } = this.handle(handle, 'ftruncate');
    // Linux's answer for a descriptor not open for writing.
    if (!writable || node.kind === 'directory' || size < 0n) throw new FileSystemError('EINVAL', 'ftruncate');
    if (size > BigInt(MAX_FILE_SIZE)) throw new FileSystemError('EFBIG', 'ftruncate');
    this.resize(node, Number(size));
    this.modified(node);
  }

  futimes(handle: number, atimeNs: bigint, mtimeNs: bigint): void {
    this.setTimes(this.handle(handle, 'futime').node, atimeNs, mtimeNs);
  }

  fsync(handle: number): void {
    this.handle(handle, 'fsync');
  }

  fdatasync(handle: number): void {
    this.handle(handle, 'fdatasync');
  }

  readdir(path: string): DirectoryEntry[] {
    const dir = this.existing(path, true, 'scandir');
    if (dir.kind !== 'directory') throw new FileSystemError('ENOTDIR', 'scandir', path);
    return [...dir.entries].map(([name, node]) => ({ name, kind: node.kind, ino: node.ino }));
  }

  mkdir(path: string): void {
    const [dir, name] = this.slot(this.lookup(path, false, 'mkdir'), true, this.failing('mkdir', path));
    this.attach(dir, name, this.inode({ kind: 'directory', entries: new Map() }));
  }

  rmdir(path: string): void {
    const fail = this.failing('rmdir', path);
    const [dir, name, node] = this.victim(this.lookup(path, false, 'rmdir'), fail);
    if (node.kind !== 'directory') throw fail('ENOTDIR');
    if (node.entries.size > 0) throw fail('ENOTEMPTY');
    this.detach(dir, name);
  }

  unlink(path: string): void {
    const fail = this.failing('unlink', path);
    const [dir, name, node] = this.victim(this.lookup(path, false, 'unlink'), fail);
    if (node.kind === 'directory') throw fail('EISDIR');
    this.detach(dir, name);
  }

  rename(from: string, to: string): void {
    const fail = this.failing('rename', from);
    // Linux walks both paths before it looks at either last component, so an error on the
    // way to the destination wins over a missing source.
    const src = this.lookup(from, false, 'rename');
    const dst = this.lookup(to, false, 'rename');
    const [srcDir, srcName, node] = this.victim(src, fail);
    if (dst.name === undefined) throw fail('EBUSY');
    if (node.kind !== 'directory' && (src.dirOnly || dst.dirOnly)) throw fail('ENOTDIR');
    if (node.kind === 'directory' && dst.chain.includes(node)) throw fail('EINVAL');
    // The destination is a directory holding the source: it cannot be empty.
    if (dst.node?.kind === 'directory' && src.chain.includes(dst.node)) throw fail('ENOTEMPTY');
    // Two names of one inode (or the same name twice): POSIX says do nothing.
    if (dst.node === node) return;
    if (node.kind === 'directory') {
      if (dst.node && dst.node.kind !== 'directory') throw fail('ENOTDIR');
      if (dst.node?.kind === 'directory' && dst.node.entries.size > 0) throw fail('ENOTEMPTY');
    } else if (dst.node?.kind === 'directory') {
      throw fail('EISDIR');
    }
    const dstDir = dst.chain[dst.chain.length - 1];
    if (dst.node) this.detach(dstDir, dst.name);
    srcDir.entries.delete(srcName);
    this.modified(srcDir);
    this.attach(dstDir, dst.name, node);
    node.ctimeNs = this.clock();
  }

  symlink(target: string, path: string): void {
    const fail = this.failing('symlink', path);
    const [dir, name] = this.slot(this.lookup(path, false, 'symlink'), false, fail);
    if (target === '') throw fail('ENOENT');
    this.attach(dir, name, this.inode({ kind: 'symlink', target, nlink: 1 }));
  }

  link(existing: string, path: string): void {
    const fail = this.failing('link', existing);
    const node = this.existing(existing, false, 'link');
    // Linux makes room for the new name before it refuses a directory.
    const [dir, name] = this.slot(this.lookup(path, false, 'link'), false, this.failing('link', path));
    if (node.kind === 'directory') throw fail('EPERM');
    node.nlink++;
    node.ctimeNs = this.clock();
    this.attach(dir, name, node);
  }

  utimes(path: string, atimeNs: bigint, mtimeNs: bigint): void {
    this.setTimes(this.existing(path, true, 'utime'), atimeNs, mtimeNs);
  }

  lutimes(path: string, atimeNs: bigint, mtimeNs: bigint): void {
    this.setTimes(this.existing(path, false, 'lutime'), atimeNs, mtimeNs);
  }

  // --- Internals ---

  /**
   * Walks `path` from the root: `..` pops (the root is its own parent), symlinks met on the
   * way (and the last one when `followFinal`, or when a trailing '/' asks for a directory)
   * are spliced into the remaining components, an absolute target restarting at the root.
   */
  private lookup(path: string, followFinal: boolean, syscall: string): Lookup {
    const fail = this.failing(syscall, path);
    const chain = [this.root];
    const names: string[] = [];
    const dirOnly = path.endsWith('/');
    // Components still to walk, next one at the end (so pop() takes it).
    const pending = pathComponents(path).reverse();
    let hops = 0;
    while (pending.length > 0) {
      const name = pending.pop()!;
      if (name === '..') {
        if (chain.length > 1) {
          chain.pop();
          names.pop();
        }
        continue;
      }
      const node = chain[chain.length - 1].entries.get(name);
      const isLast = pending.length === 0;
      if (node?.kind === 'symlink' && (!isLast || followFinal || dirOnly)) {
        if (++hops > MAX_SYMLINK_HOPS) throw fail('ELOOP');
        if (node.target.startsWith('/')) {
          chain.length = 1;
          names.length = 0;
        }
        pending.push(...pathComponents(node.target).reverse());
        continue;
      }
      if (isLast) {
        if (dirOnly && node && node.kind !== 'directory') throw fail('ENOTDIR');
        return { chain, names, name, node, dirOnly };
      }
      if (!node) throw fail('ENOENT');
      if (node.kind !== 'directory') throw fail('ENOTDIR');
      chain.push(node);
      names.push(name);
    }
    return { chain, names, name: undefined, node: chain[chain.length - 1], dirOnly };
  }

  /** What `path` names, or ENOENT. */
  private existing(path: string, follow: boolean, syscall: string): Inode {
    const { node } = this.lookup(path, follow, syscall);
    if (!node) throw new FileSystemError('ENOENT', syscall, path);
    return node;
  }

  /** Where a new entry goes: its directory and name; EEXIST if the name is taken. */
  private slot(found: Lookup, isDirectory: boolean, fail: Fail): [DirNode, string] {
    if (found.node || found.name === undefined) throw fail('EEXIST');
    if (found.dirOnly && !isDirectory) throw fail('ENOTDIR');
    return [found.chain[found.chain.length - 1], found.name];
  }

  /** The entry a removal (or rename source) takes away: its directory, name and inode. */
  private victim(found: Lookup, fail: Fail): [DirNode, string, Inode] {
    if (!found.node) throw fail('ENOENT');
    // The root, or a path ending in '..' or '.': not something to remove or move.
    if (found.name === undefined) throw fail('EBUSY');
    return [found.chain[found.chain.length - 1], found.name, found.node];
  }

  /** The regular file an open finds, or creates, per `flags`. */
  private fileFor(found: Lookup, flags: number, fail: Fail): FileNode {
    const { node } = found;
    if (!node) {
      if (!(flags & OpenFlags.CREATE)) throw fail('ENOENT');
      if (found.dirOnly) throw fail('EISDIR');
      const [dir, name] = this.slot(found, false, fail);
      const file = this.inode({ kind: 'file', data: new Uint8Array(0), size: 0, nlink: 1 });
      this.attach(dir, name, file);
      return file;
    }
    if (flags & OpenFlags.CREATE && flags & OpenFlags.EXCLUSIVE) throw fail('EEXIST');
    if (node.kind === 'symlink') throw fail('ELOOP');
    if (node.kind === 'directory') throw fail('EISDIR');
    if (flags & OpenFlags.TRUNCATE) {
      this.resize(node, 0);
      this.modified(node);
    }
    return node;
  }

  private handle(handle: number, syscall: string): Handle {
    const open = this.handles.get(handle);
    if (!open) throw new FileSystemError('EBADF', syscall);
    return open;
  }

  private inode<T extends Omit<Inode, keyof InodeBase>>(fields: T): T & InodeBase {
    const now = this.clock();
    return { ...fields, ino: this.nextIno++, atimeNs: now, mtimeNs: now, ctimeNs: now };
  }

  private attach(dir: DirNode, name: string, node: Inode): void {
    dir.entries.set(name, node);
    this.modified(dir);
  }

  /** Removes a name; the inode lives on while other names or open handles hold it. */
  private detach(dir: DirNode, name: string): void {
    const node = dir.entries.get(name)!;
    dir.entries.delete(name);
    this.modified(dir);
    if (node.kind !== 'directory') {
      node.nlink--;
      node.ctimeNs = this.clock();
    }
  }

  private writeAt(node: FileNode, data: Uint8Array, start: number): void {
    if (data.length === 0) return;
    if (start + data.length > node.size) this.resize(node, start + data.length);
    node.data.set(data, start);
    this.modified(node);
  }

  private resize(node: FileNode, size: number): void {
    if (size > node.data.length) {
      // Doubling keeps a stream of small appends linear.
      const grown = new Uint8Array(Math.max(size, Math.min(node.data.length * 2, MAX_FILE_SIZE)));
      grown.set(node.data.subarray(0, node.size));
      node.data = grown;
    } else if (size < node.size) {
      node.data.fill(0, size, node.size);
    }
    node.size = size;
  }

  private modified(node: Inode): void {
    node.mtimeNs = node.ctimeNs = this.clock();
  }

  private setTimes(node: Inode, atimeNs: bigint, mtimeNs: bigint): void {
    node.atimeNs = atimeNs;
    node.mtimeNs = mtimeNs;
    node.ctimeNs = this.clock();
  }

  private statsOf(node: Inode): FileStats {
    let nlink: number;
    let size: number;
    switch (node.kind) {
      case 'file':
        nlink = node.nlink;
        size = node.size;
        break;
      case 'symlink':
        nlink = node.nlink;
        size = utf8.encode(node.target).length;
        break;
      case 'directory': {
        // Its name in the parent, its own '.', and each subdirectory's '..'.
        nlink = 2;
        for (const child of node.entries.values()) if (child.kind === 'directory') nlink++;
        size = 0;
        break;
      }
    }
    return {
      dev: DEV, ino: node.ino, kind: node.kind, nlink: BigInt(nlink), size: BigInt(size),
      atimeNs: node.atimeNs, mtimeNs: node.mtimeNs, ctimeNs: node.ctimeNs,
    };
  }

  private failing(syscall: string, path: string): Fail {
    return (code) => new FileSystemError(code, syscall, path);
  }
}
