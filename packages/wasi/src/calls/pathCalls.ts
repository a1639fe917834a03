/**
 * path_*: operations on names relative to a directory fd, every one resolved through the
 * sandbox (sandbox.ts) first, so no guest path reaches the host unchecked.
 */
import {
  constants, linkSync, lstatSync, lutimesSync, mkdirSync, openSync, readlinkSync, renameSync, rmdirSync,
  statSync, symlinkSync, unlinkSync, utimesSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { ALL_RIGHTS, Layout, LookupFlags, OFlags, Rights } from '../abi.ts';
import { Errno, WasiError } from '../errno.ts';
import type { DirEntry } from '../fdTable.ts';
import { filestatOf, timesFor, writeFilestat } from '../hostStat.ts';
import { resolvePath } from '../sandbox.ts';
import type { WasiCalls, WasiContext } from '../context.ts';

const WRITE_RIGHTS = Rights.FD_WRITE | Rights.FD_ALLOCATE | Rights.FD_FILESTAT_SET_SIZE | Rights.FD_DATASYNC;
const READ_RIGHTS = Rights.FD_READ | Rights.FD_READDIR;

function statOrUndefined(host: string, follow: boolean) {
  try {
    return follow ? statSync(host) : lstatSync(host);
  } catch {
    return undefined;
  }
}

export function pathCalls(ctx: WasiContext): WasiCalls {
  const { mem, fds } = ctx;
  const resolve = (dirFd: number, ptr: number, len: number, follow: boolean): { dir: DirEntry; host: string } => {
    const dir = fds.dir(dirFd);
    const path = mem.string(ptr, len);
    return { dir, host: resolvePath(dir, path, follow) };
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
      const existing = statOrUndefined(host, follow);
      if (existing?.isDirectory()) {
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
      let flags = wantRead && wantWrite ? constants.O_RDWR : wantWrite ? constants.O_WRONLY : constants.O_RDONLY;
      if (oflags & OFlags.CREAT) flags |= constants.O_CREAT;
      if (oflags & OFlags.EXCL) flags |= constants.O_EXCL;
      if (oflags & OFlags.TRUNC) flags |= constants.O_TRUNC;
      // The sandbox already followed (or refused) symlinks: never let the host follow one.
      flags |= constants.O_NOFOLLOW;
      const hostFd = openSync(host, flags, 0o666);
      const fd = fds.add({
        kind: 'file', hostFd, hostPath: host, position: 0n, readable: wantRead, writable: wantWrite,
        fdflags: fdflags & 0x1f, rightsBase: base & ALL_RIGHTS, rightsInheriting: inheriting & ALL_RIGHTS,
      });
      mem.setU32(fdOut, fd);
      return 0;
    },
    path_create_directory: (dirFd: number, ptr: number, len: number) => {
      mkdirSync(resolve(dirFd, ptr, len, false).host);
      return 0;
    },
    path_remove_directory: (dirFd: number, ptr: number, len: number) => {
      const { dir, host } = resolve(dirFd, ptr, len, false);
      if (host.replace(/\/+$/, '') === dir.root.hostPath) return Errno.NOTCAPABLE;
      rmdirSync(host);
      return 0;
    },
    path_unlink_file: (dirFd: number, ptr: number, len: number) => {
      const { host } = resolve(dirFd, ptr, len, false);
      if (host.endsWith('/')) return statOrUndefined(host, true)?.isDirectory() ? Errno.ISDIR : Errno.NOTDIR;
      if (lstatSync(host).isDirectory()) return Errno.ISDIR;
      unlinkSync(host);
      return 0;
    },
    path_rename: (oldFd: number, oldPtr: number, oldLen: number, newFd: number, newPtr: number, newLen: number) => {
      const from = resolve(oldFd, oldPtr, oldLen, false).host;
      const to = resolve(newFd, newPtr, newLen, false).host;
      renameSync(from, to);
      return 0;
    },
    path_filestat_get: (dirFd: number, lookupflags: number, ptr: number, len: number, out: number) => {
      const follow = (lookupflags & LookupFlags.SYMLINK_FOLLOW) !== 0;
      const { host } = resolve(dirFd, ptr, len, follow);
      mem.view(out, Layout.FILESTAT_SIZE);
      const st = follow ? statSync(host, { bigint: true }) : lstatSync(host, { bigint: true });
      writeFilestat(mem, out, filestatOf(st));
      return 0;
    },
    path_filestat_set_times: (
      dirFd: number, lookupflags: number, ptr: number, len: number, atim: bigint, mtim: bigint, fst: number,
    ) => {
      const follow = (lookupflags & LookupFlags.SYMLINK_FOLLOW) !== 0;
      const { host } = resolve(dirFd, ptr, len, follow);
      const current = follow ? statSync(host, { bigint: true }) : lstatSync(host, { bigint: true });
      const [a, m] = timesFor(fst, atim, mtim, current);
      if (follow) utimesSync(host, a, m);
      else lutimesSync(host, a, m);
      return 0;
    },
    path_readlink: (dirFd: number, ptr: number, len: number, buf: number, bufLen: number, bufusedOut: number) => {
      const { host } = resolve(dirFd, ptr, len, false);
      const out = mem.bytes(buf, bufLen);
      mem.view(bufusedOut, 4);
      const target = readlinkSync(host, { encoding: 'buffer' });
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
      const linkDir = { ...dir, hostPath: dirname(host) };
      try {
        resolvePath(linkDir, target, false);
      } catch (err) {
        if (err instanceof WasiError && err.errno === Errno.NOTCAPABLE) return Errno.NOTCAPABLE;
      }
      symlinkSync(target, host);
      return 0;
    },
    path_link: (
      oldFd: number, oldFlags: number, oldPtr: number, oldLen: number, newFd: number, newPtr: number, newLen: number,
    ) => {
      const from = resolve(oldFd, oldPtr, oldLen, (oldFlags & LookupFlags.SYMLINK_FOLLOW) !== 0).host;
      const to = resolve(newFd, newPtr, newLen, false).host;
      linkSync(from, to);
      return 0;
    },
  };
}
