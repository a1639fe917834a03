/**
 * NodeFileSystem: the FileSystem interface over the host's node:fs (see nodeFs.ts for how
 * that is found without a static import). Handles are the host's file descriptors.
 */
import type { BigIntStats, Dirent } from 'node:fs';
import { nodeFs } from './nodeFs.ts';
import { OpenFlags, type DirectoryEntry, type FileKind, type FileStats, type FileSystem } from './fileSystem.ts';
import { joinPath } from './paths.ts';

type KindSource = Pick<Dirent, 'isFile' | 'isDirectory' | 'isSymbolicLink' | 'isCharacterDevice' | 'isBlockDevice' | 'isSocket'>;

function kindOf(s: KindSource): FileKind {
  if (s.isFile()) return 'file';
  if (s.isDirectory()) return 'directory';
  if (s.isSymbolicLink()) return 'symlink';
  if (s.isCharacterDevice()) return 'character-device';
  if (s.isBlockDevice()) return 'block-device';
  if (s.isSocket()) return 'socket';
  return 'unknown';
}

function statsOf(s: BigIntStats): FileStats {
  return {
    dev: s.dev, ino: s.ino, kind: kindOf(s), nlink: s.nlink, size: s.size,
    atimeNs: s.atimeNs, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs,
  };
}

/** Node's utimes takes seconds as a Number. */
const seconds = (ns: bigint): number => Number(ns) / 1e9;

export class NodeFileSystem implements FileSystem {
  private readonly fs: NonNullable<typeof nodeFs>;

  constructor() {
    if (!nodeFs) throw new Error('NodeFileSystem needs node:fs, which this host does not have; use MemoryFileSystem');
    this.fs = nodeFs;
  }

  realpath(path: string): string {
    return this.fs.realpathSync(path);
  }

  stat(path: string): FileStats {
    return statsOf(this.fs.statSync(path, { bigint: true }));
  }

  lstat(path: string): FileStats {
    return statsOf(this.fs.lstatSync(path, { bigint: true }));
  }

  readlink(path: string): string {
    return this.fs.readlinkSync(path, 'utf8');
  }

  open(path: string, flags: number): number {
    const { constants } = this.fs;
    const read = (flags & OpenFlags.READ) !== 0;
    const write = (flags & OpenFlags.WRITE) !== 0;
    let hostFlags = read && write ? constants.O_RDWR : write ? constants.O_WRONLY : constants.O_RDONLY;
    if (flags & OpenFlags.CREATE) hostFlags |= constants.O_CREAT;
    if (flags & OpenFlags.EXCLUSIVE) hostFlags |= constants.O_EXCL;
    if (flags & OpenFlags.TRUNCATE) hostFlags |= constants.O_TRUNC;
    return this.fs.openSync(path, hostFlags | constants.O_NOFOLLOW, 0o666);
  }

  close(handle: number): void {
    this.fs.closeSync(handle);
  }

  read(handle: number, buffer: Uint8Array, position: bigint): number {
    return this.fs.readSync(handle, buffer, 0, buffer.length, position);
  }

  write(handle: number, data: Uint8Array, position: bigint): number {
    return this.fs.writeSync(handle, data, 0, data.length, Number(position));
  }

  fstat(handle: number): FileStats {
    return statsOf(this.fs.fstatSync(handle, { bigint: true }));
  }

  ftruncate(handle: number, size: bigint): void {
    this.fs.ftruncateSync(handle, Number(size));
  }

  futimes(handle: number, atimeNs: bigint, mtimeNs: bigint): void {
    this.fs.futimesSync(handle, seconds(atimeNs), seconds(mtimeNs));
  }

  fsync(handle: number): void {
    this.fs.fsyncSync(handle);
  }

  fdatasync(handle: number): void {
    this.fs.fdatasyncSync(handle);
  }

  readdir(path: string): DirectoryEntry[] {
    return this.fs.readdirSync(path, { withFileTypes: true }).map((d) => {
      // Dirents carry no inode number: lstat each entry for it.
      let ino = 0n;
      try {
        ino = this.fs.lstatSync(joinPath(path, d.name), { bigint: true }).ino;
      } catch {
        // Vanished meanwhile: inode 0.
      }
      return { name: d.name, kind: kindOf(d), ino };
    });
  }

  mkdir(path: string): void {
    this.fs.mkdirSync(path);
  }

  rmdir(path: string): void {
    this.fs.rmdirSync(path);
  }

  unlink(path: string): void {
    this.fs.unlinkSync(path);
  }

  rename(from: string, to: string): void {
    this.fs.renameSync(from, to);
  }

  symlink(target: string, path: string): void {
    this.fs.symlinkSync(target, path);
  }

  link(existing: string, path: string): void {
    this.fs.linkSync(existing, path);
  }

  utimes(path: string, atimeNs: bigint, mtimeNs: bigint): void {
    this.fs.utimesSync(path, seconds(atimeNs), seconds(mtimeNs));
  }

  lutimes(path: string, atimeNs: bigint, mtimeNs: bigint): void {
    this.fs.lutimesSync(path, seconds(atimeNs), seconds(mtimeNs));
  }
}
