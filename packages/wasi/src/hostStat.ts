/**
 * Host file metadata → WASI: filetype from a Stats/Dirent, the 64-byte filestat struct, and
 * the fstflags rule for *_set_times (explicit time, "now", or unchanged).
 */
import type { BigIntStats, Dirent } from 'node:fs';
import { FileType, FstFlags, Layout } from './abi.ts';
import { Errno, WasiError } from './errno.ts';
import type { GuestMemory } from './guestMemory.ts';

type Kind = Pick<Dirent, 'isFile' | 'isDirectory' | 'isSymbolicLink' | 'isCharacterDevice' | 'isBlockDevice' | 'isSocket'>;

export function fileTypeOf(s: Kind): number {
  if (s.isFile()) return FileType.REGULAR_FILE;
  if (s.isDirectory()) return FileType.DIRECTORY;
  if (s.isSymbolicLink()) return FileType.SYMBOLIC_LINK;
  if (s.isCharacterDevice()) return FileType.CHARACTER_DEVICE;
  if (s.isBlockDevice()) return FileType.BLOCK_DEVICE;
  if (s.isSocket()) return FileType.SOCKET_STREAM;
  return FileType.UNKNOWN;
}

export interface Filestat {
  dev: bigint;
  ino: bigint;
  filetype: number;
  nlink: bigint;
  size: bigint;
  atim: bigint;
  mtim: bigint;
  ctim: bigint;
}

export function filestatOf(s: BigIntStats): Filestat {
  return {
    dev: s.dev, ino: s.ino, filetype: fileTypeOf(s), nlink: s.nlink, size: s.size,
    atim: s.atimeNs, mtim: s.mtimeNs, ctim: s.ctimeNs,
  };
}

export function writeFilestat(mem: GuestMemory, ptr: number, st: Filestat): void {
  const v = mem.view(ptr, Layout.FILESTAT_SIZE);
  for (let i = 0; i < Layout.FILESTAT_SIZE; i++) v.setUint8(i, 0);
  v.setBigUint64(0, BigInt.asUintN(64, st.dev), true);
  v.setBigUint64(8, BigInt.asUintN(64, st.ino), true);
  v.setUint8(16, st.filetype);
  v.setBigUint64(24, st.nlink, true);
  v.setBigUint64(32, st.size, true);
  v.setBigUint64(40, BigInt.asUintN(64, st.atim), true);
  v.setBigUint64(48, BigInt.asUintN(64, st.mtim), true);
  v.setBigUint64(56, BigInt.asUintN(64, st.ctim), true);
}

/**
 * The (atime, mtime) pair in seconds for utimes, per fstflags. `ATIM` and `ATIM_NOW` together
 * (or the mtim pair) → EINVAL.
 */
export function timesFor(fst: number, atim: bigint, mtim: bigint, current: BigIntStats): [number, number] {
  if ((fst & FstFlags.ATIM && fst & FstFlags.ATIM_NOW) || (fst & FstFlags.MTIM && fst & FstFlags.MTIM_NOW)) {
    throw new WasiError(Errno.INVAL);
  }
  const now = Date.now() / 1000;
  const pick = (explicit: number, nowFlag: number, value: bigint, keep: bigint): number =>
    fst & explicit ? Number(value) / 1e9 : fst & nowFlag ? now : Number(keep) / 1e9;
  return [
    pick(FstFlags.ATIM, FstFlags.ATIM_NOW, atim, current.atimeNs),
    pick(FstFlags.MTIM, FstFlags.MTIM_NOW, mtim, current.mtimeNs),
  ];
}
