/**
 * FileSystem metadata → WASI: filetype from a FileKind, the 64-byte filestat struct, and the
 * fstflags rule for *_set_times (explicit time, "now", or unchanged).
 */
import { FileType, FstFlags, Layout } from './abi.ts';
import { Errno, WasiError } from './errno.ts';
import type { FileKind, FileStats } from './fs/fileSystem.ts';
import type { GuestMemory } from './guestMemory.ts';

const FILE_TYPES: Record<FileKind, number> = {
  'file': FileType.REGULAR_FILE,
  'directory': FileType.DIRECTORY,
  'symlink': FileType.SYMBOLIC_LINK,
  'character-device': FileType.CHARACTER_DEVICE,
  'block-device': FileType.BLOCK_DEVICE,
  'socket': FileType.SOCKET_STREAM,
  'unknown': FileType.UNKNOWN,
};

export function fileTypeOf(kind: FileKind): number {
  return FILE_TYPES[kind];
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

export function filestatOf(s: FileStats): Filestat {
  return {
    dev: s.dev, ino: s.ino, filetype: fileTypeOf(s.kind), nlink: s.nlink, size: s.size,
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
 * The (atime, mtime) pair in nanoseconds for utimes, per fstflags. `ATIM` and `ATIM_NOW`
 * together (or the mtim pair) → EINVAL.
 */
export function timesFor(fst: number, atim: bigint, mtim: bigint, current: FileStats): [bigint, bigint] {
  if ((fst & FstFlags.ATIM && fst & FstFlags.ATIM_NOW) || (fst & FstFlags.MTIM && fst & FstFlags.MTIM_NOW)) {
    throw new WasiError(Errno.INVAL);
  }
  const now = BigInt(Date.now()) * 1_000_000n;
  const pick = (explicit: number, nowFlag: number, value: bigint, keep: bigint): bigint =>
    fst & explicit ? BigInt.asUintN(64, value) : fst & nowFlag ? now : keep;
  return [
    pick(FstFlags.ATIM, FstFlags.ATIM_NOW, atim, current.atimeNs),
    pick(FstFlags.MTIM, FstFlags.MTIM_NOW, mtim, current.mtimeNs),
  ];
}
