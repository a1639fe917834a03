/**
 * path_*: operations on names relative to a directory fd, every one resolved through the
 * sandbox (sandbox.ts) first, so no guest path reaches the FileSystem unchecked.
 */
import { ALL_RIGHTS, Layout, LookupFlags, OFlags, Rights } from '../abi.ts';
import { Errno, WasiError } from '../errno.ts';
import type { DirEntry } from '../fdTable.ts';
import { OpenFlags, type FileSystem } from '../fs/fileSystem.ts';
import { parentPath } from '../fs/paths.ts';
import { utf8Encoder } from '../guestMemory.ts';
import { filestatOf, timesFor, writeFilestat } from '../hostStat.ts';
import { resolvePath } from '../sandbox.ts';
import type { WasiCalls, WasiContext } from '../context.ts';

const WRITE_RIGHTS = Rights.FD_WRITE | Rights.FD_ALLOCATE | Rights.FD_FILESTAT_SET_SIZE | Rights.FD_DATASYNC;
const READ_RIGHTS = Rights.FD_READ | Rights.FD_READDIR;

function statOrUndefined(fs: FileSystem, host: string, follow: boolean) {
  try {
    return follow ? fs.stat(host) : fs.lstat(host);
  } catch {
    return undefined;
  }
}

export function pathCalls(ctx: WasiContext): WasiCalls {
  const { mem, fds, fs } = ctx;
  const resolve = (dirFd: number, ptr: number, len: number, follow: boolean): { dir: DirEntry; host: string } => {
    const dir = fds.dir(dirFd);
    const path = mem.string(ptr, len);
    return { dir, host: resolvePath(fs, dir, path, follow) };
  };
  return {
    path_open: (
      dirFd: number, dirflags: number, pathPtr: number, pathLen: number, oflags: number,
      rightsBase: bigint, rightsInheriting: bigint, fdflags: number, fdOut: number,
    ) => {
      const follow = (dirflags & LookupFlags.SYMLINK_FOLLOW) !== 0;
      const { dir, host } = resolve(dirFd, pathPtr, pathLen, follow);
      mem.view(fdOut, 4);
      const base = BigInt.asUintN(64, rightsBase);
      const inheriting = BigInt.asUintN(64, rightsInheriting);
      const wantWrite = (base & WRITE_RIGHTS) !== 0n || (oflags & OFlags.TRUNC) !== 0;
      const wantRead = (base & READ_RIGHTS) !== 0n || !wantWrite;
      const existing = statOrUndefined(fs, host, follow);
      if (existing?.kind === 'directory') {
        if (oflags & OFlags.CREAT && oflags & OFlags.EXCL) return Errno.EXIST;
        if (wantWrite) return Errno.ISDIR;
        const fd = fds.add({
          kind: 'dir', hostPath: host.replace(/\/+$/, '') || '/', root: dir.root, preopenName: undefined,
          fdflags: fdflags & 0x1f, rightsBase: base & ALL_RIGHTS, rightsInheriting: inheriting & ALL_RIGHTS,
        });
        mem.setU32(fdOut, fd);
        return 0;
      }
      if (oflags & OFlags.DIRECTORY) return existing ? Errno.NOTDIR : Errno.NOENT;
      let flags = (wantRead ? OpenFlags.READ : 0) | (wantWrite ? OpenFlags.WRITE : 0);
      if (oflags & OFlags.CREAT) flags |= OpenFlags.CREATE;
      if (oflags & OFlags.EXCL) flags |= OpenFlags.EXCLUSIVE;
      if (oflags & OFlags.TRUNC) flags |= OpenFlags.TRUNCATE;
      // The sandbox already followed (or refused) symlinks; FileSystem.open never follows one.
      const handle = fs.open(host, flags);
      const fd = fds.add({
        kind: 'file', handle, position: 0n, readable: wantRead, writable: wantWrite,
        fdflags: fdflags & 0x1f, rightsBase: base & ALL_RIGHTS, rightsInheriting: inheriting & ALL_RIGHTS,
      });
      mem.setU32(fdOut, fd);
      return 0;
    },
    path_create_directory: (dirFd: number, ptr: number, len: number) => {
      fs.mkdir(resolve(dirFd, ptr, len, false).host);
      return 0;
    },
    path_remove_directory: (dirFd: number, ptr: number, len: number) => {
      const { dir, host } = resolve(dirFd, ptr, len, false);
      if (host.replace(/\/+$/, '') === dir.root.hostPath) return Errno.NOTCAPABLE;
      fs.rmdir(host);
      return 0;
    },
    path_unlink_file: (dirFd: number, ptr: number, len: number) => {
      const { host } = resolve(dirFd, ptr, len, false);
      if (host.endsWith('/')) return statOrUndefined(fs, host, true)?.kind === 'directory' ? Errno.ISDIR : Errno.NOTDIR;
      if (fs.lstat(host).kind === 'directory') return Errno.ISDIR;
      fs.unlink(host);
      return 0;
    },
    path_rename: (oldFd: number, oldPtr: number, oldLen: number, newFd: number, newPtr: number, newLen: number) => {
      const from = resolve(oldFd, oldPtr, oldLen, false).host;
      const to = resolve(newFd, newPtr, newLen, false).host;
      fs.rename(from, to);
      return 0;
    },
    path_filestat_get: (dirFd: number, lookupflags: number, ptr: number, len: number, out: number) => {
      const follow = (lookupflags & LookupFlags.SYMLINK_FOLLOW) !== 0;
      const { host } = resolve(dirFd, ptr, len, follow);
      mem.view(out, Layout.FILESTAT_SIZE);
      writeFilestat(mem, out, filestatOf(follow ? fs.stat(host) : fs.lstat(host)));
      return 0;
    },
    path_filestat_set_times: (
      dirFd: number, lookupflags: number, ptr: number, len: number, atim: bigint, mtim: bigint, fst: number,
    ) => {
      const follow = (lookupflags & LookupFlags.SYMLINK_FOLLOW) !== 0;
      const { host } = resolve(dirFd, ptr, len, follow);
      const [a, m] = timesFor(fst, atim, mtim, follow ? fs.stat(host) : fs.lstat(host));
      if (follow) fs.utimes(host, a, m);
      else fs.lutimes(host, a, m);
      return 0;
    },
    path_readlink: (dirFd: number, ptr: number, len: number, buf: number, bufLen: number, bufusedOut: number) => {
      const { host } = resolve(dirFd, ptr, len, false);
      const out = mem.bytes(buf, bufLen);
      mem.view(bufusedOut, 4);
      const target = utf8Encoder.encode(fs.readlink(host));
      const n = Math.min(target.length, out.length);
      out.set(target.subarray(0, n));
      mem.setU32(bufusedOut, n);
      return 0;
    },
    path_symlink: (oldPtr: number, oldLen: number, dirFd: number, newPtr: number, newLen: number) => {
      const target = mem.string(oldPtr, oldLen);
      const { dir, host } = resolve(dirFd, newPtr, newLen, false);
      // A link whose target leaves the sandbox is refused at creation too (absolute, or
      // climbing above the root from where the link lives).
      if (target.startsWith('/') || target.includes('\0')) return Errno.NOTCAPABLE;
      const linkDir = { ...dir, hostPath: parentPath(host) };
      try {
        resolvePath(fs, linkDir, target, false);
      } catch (err) {
        if (err instanceof WasiError && err.errno === Errno.NOTCAPABLE) return Errno.NOTCAPABLE;
      }
      fs.symlink(target, host);
      return 0;
    },
    path_link: (
      oldFd: number, oldFlags: number, oldPtr: number, oldLen: number, newFd: number, newPtr: number, newLen: number,
    ) => {
      const from = resolve(oldFd, oldPtr, oldLen, (oldFlags & LookupFlags.SYMLINK_FOLLOW) !== 0).host;
      const to = resolve(newFd, newPtr, newLen, false).host;
      fs.link(from, to);
      return 0;
    },
  };
}
