/**
 * fd_*: reading, writing, seeking and inspecting open descriptors. Stdio goes to the host's
 * hooks; files use the FileSystem's positional I/O with the position kept in the fd entry (so
 * append mode is "seek to end, then write", emulated here); directories support only metadata
 * and fd_readdir.
 */
import { FdFlags, FileType, Layout, TTY_RIGHTS, Whence } from '../abi.ts';
import { Errno, WasiError } from '../errno.ts';
import type { FdEntry, FileEntry } from '../fdTable.ts';
import { parentPath } from '../fs/paths.ts';
import { utf8Encoder } from '../guestMemory.ts';
import { fileTypeOf, filestatOf, timesFor, writeFilestat } from '../hostStat.ts';
import type { WasiCalls, WasiContext } from '../context.ts';

function file(entry: FdEntry): FileEntry {
  if (entry.kind === 'dir') throw new WasiError(Errno.ISDIR);
  if (entry.kind !== 'file') throw new WasiError(Errno.SPIPE);
  return entry;
}

/** Reads into the iovecs at `position` (or the stdio hook); returns bytes read. */
function readInto(ctx: WasiContext, entry: FdEntry, iovs: Uint8Array[], position: bigint | undefined): number {
  if (entry.kind === 'dir') throw new WasiError(Errno.ISDIR);
  if (entry.kind === 'stdio') {
    if (entry.stream !== 0) throw new WasiError(Errno.BADF);
    let total = 0;
    for (const iov of iovs) {
      if (iov.length === 0) continue;
      const chunk = ctx.stdio.stdin(iov.length);
      if (!chunk || chunk.length === 0) break;
      iov.set(chunk.subarray(0, iov.length));
      total += Math.min(chunk.length, iov.length);
      if (chunk.length < iov.length) break;
    }
    return total;
  }
  if (!entry.readable) throw new WasiError(Errno.BADF);
  let total = 0;
  let at = position ?? entry.position;
  for (const iov of iovs) {
    if (iov.length === 0) continue;
    const n = ctx.fs.read(entry.handle, iov, at);
    total += n;
    at += BigInt(n);
    if (n < iov.length) break;
  }
  return total;
}

/** Writes the iovecs at `position` (or the stdio hook); returns bytes written. */
function writeFrom(ctx: WasiContext, entry: FdEntry, iovs: Uint8Array[], position: bigint | undefined): number {
  if (entry.kind === 'dir') throw new WasiError(Errno.ISDIR);
  if (entry.kind === 'stdio') {
    if (entry.stream === 0) throw new WasiError(Errno.BADF);
    const hook = entry.stream === 1 ? ctx.stdio.stdout : ctx.stdio.stderr;
    let total = 0;
    for (const iov of iovs) {
      if (iov.length === 0) continue;
      hook(iov.slice());
      total += iov.length;
    }
    return total;
  }
  if (!entry.writable) throw new WasiError(Errno.BADF);
  let at = position ?? (entry.fdflags & FdFlags.APPEND ? ctx.fs.fstat(entry.handle).size : entry.position);
  let total = 0;
  for (const iov of iovs) {
    let done = 0;
    while (done < iov.length) {
      const n = ctx.fs.write(entry.handle, iov.subarray(done), at);
      done += n;
      at += BigInt(n);
    }
    total += done;
  }
  if (position === undefined) entry.position = at;
  return total;
}

export function fdCalls(ctx: WasiContext): WasiCalls {
  const { mem, fds, fs } = ctx;
  return {
    fd_write: (fd: number, iovs: number, iovsLen: number, nwrittenOut: number) => {
      const entry = fds.get(fd);
      const views = mem.ciovecs(iovs, iovsLen);
      mem.view(nwrittenOut, 4);
      mem.setU32(nwrittenOut, writeFrom(ctx, entry, views, undefined));
      return 0;
    },
    fd_read: (fd: number, iovs: number, iovsLen: number, nreadOut: number) => {
      const entry = fds.get(fd);
      const views = mem.iovecs(iovs, iovsLen);
      mem.view(nreadOut, 4);
      const n = readInto(ctx, entry, views, undefined);
      if (entry.kind === 'file') entry.position += BigInt(n);
      mem.setU32(nreadOut, n);
      return 0;
    },
    fd_pread: (fd: number, iovs: number, iovsLen: number, offset: bigint, nreadOut: number) => {
      const entry = file(fds.get(fd));
      const views = mem.iovecs(iovs, iovsLen);
      mem.view(nreadOut, 4);
      if (offset < 0n) return Errno.INVAL;
      mem.setU32(nreadOut, readInto(ctx, entry, views, BigInt.asUintN(64, offset)));
      return 0;
    },
    fd_pwrite: (fd: number, iovs: number, iovsLen: number, offset: bigint, nwrittenOut: number) => {
      const entry = file(fds.get(fd));
      const views = mem.ciovecs(iovs, iovsLen);
      mem.view(nwrittenOut, 4);
      if (offset < 0n) return Errno.INVAL;
      mem.setU32(nwrittenOut, writeFrom(ctx, entry, views, offset));
      return 0;
    },
    fd_close: (fd: number) => {
      fds.close(fd);
      return 0;
    },
    fd_renumber: (from: number, to: number) => {
      fds.renumber(from, to);
      return 0;
    },
    fd_seek: (fd: number, offset: bigint, whence: number, newOffsetOut: number) => {
      const entry = file(fds.get(fd));
      mem.view(newOffsetOut, 8);
      let base: bigint;
      switch (whence) {
        case Whence.SET: base = 0n; break;
        case Whence.CUR: base = entry.position; break;
        case Whence.END: base = fs.fstat(entry.handle).size; break;
        default: return Errno.INVAL;
      }
      const next = base + BigInt.asIntN(64, offset);
      if (next < 0n) return Errno.INVAL;
      entry.position = next;
      mem.setU64(newOffsetOut, next);
      return 0;
    },
    fd_tell: (fd: number, offsetOut: number) => {
      const entry = file(fds.get(fd));
      mem.setU64(offsetOut, entry.position);
      return 0;
    },
    fd_fdstat_get: (fd: number, out: number) => {
      const entry = fds.get(fd);
      const v = mem.view(out, Layout.FDSTAT_SIZE);
      let filetype: number;
      if (entry.kind === 'stdio') filetype = FileType.CHARACTER_DEVICE;
      else if (entry.kind === 'dir') filetype = FileType.DIRECTORY;
      else filetype = fileTypeOf(fs.fstat(entry.handle).kind);
      for (let i = 0; i < Layout.FDSTAT_SIZE; i++) v.setUint8(i, 0);
      v.setUint8(0, filetype);
      v.setUint16(2, entry.fdflags, true);
      v.setBigUint64(8, entry.kind === 'stdio' ? TTY_RIGHTS & entry.rightsBase : entry.rightsBase, true);
      v.setBigUint64(16, entry.rightsInheriting, true);
      return 0;
    },
    fd_fdstat_set_flags: (fd: number, flags: number) => {
      const entry = fds.get(fd);
      if (flags & ~0x1f) return Errno.INVAL;
      entry.fdflags = flags;
      return 0;
    },
    fd_fdstat_set_rights: (fd: number, base: bigint, inheriting: bigint) => {
      const entry = fds.get(fd);
      const b = BigInt.asUintN(64, base);
      const i = BigInt.asUintN(64, inheriting);
      // Rights may only shrink.
      if ((b & ~entry.rightsBase) !== 0n || (i & ~entry.rightsInheriting) !== 0n) return Errno.NOTCAPABLE;
      entry.rightsBase = b;
      entry.rightsInheriting = i;
      return 0;
    },
    fd_prestat_get: (fd: number, out: number) => {
      const entry = fds.get(fd);
      if (entry.kind !== 'dir' || entry.preopenName === undefined) return Errno.BADF;
      const v = mem.view(out, Layout.PRESTAT_SIZE);
      v.setUint32(0, 0, true); // tag dir, padding
      v.setUint32(4, utf8Encoder.encode(entry.preopenName).length, true);
      return 0;
    },
    fd_prestat_dir_name: (fd: number, path: number, pathLen: number) => {
      const entry = fds.get(fd);
      if (entry.kind !== 'dir' || entry.preopenName === undefined) return Errno.BADF;
      const name = utf8Encoder.encode(entry.preopenName);
      if ((pathLen >>> 0) < name.length) return Errno.NAMETOOLONG;
      mem.write(path, name);
      return 0;
    },
    fd_filestat_get: (fd: number, out: number) => {
      const entry = fds.get(fd);
      mem.view(out, Layout.FILESTAT_SIZE);
      if (entry.kind === 'stdio') {
        writeFilestat(mem, out, { dev: 0n, ino: 0n, filetype: FileType.CHARACTER_DEVICE, nlink: 1n, size: 0n, atim: 0n, mtim: 0n, ctim: 0n });
      } else {
        writeFilestat(mem, out, filestatOf(entry.kind === 'file' ? fs.fstat(entry.handle) : fs.stat(entry.hostPath)));
      }
      return 0;
    },
    fd_filestat_set_size: (fd: number, size: bigint) => {
      const entry = file(fds.get(fd));
      if (!entry.writable) return Errno.BADF;
      if (size < 0n) return Errno.INVAL;
      fs.ftruncate(entry.handle, size);
      return 0;
    },
    fd_filestat_set_times: (fd: number, atim: bigint, mtim: bigint, fst: number) => {
      const entry = fds.get(fd);
      if (entry.kind === 'stdio') return Errno.BADF;
      if (entry.kind === 'file') {
        const [a, m] = timesFor(fst, atim, mtim, fs.fstat(entry.handle));
        fs.futimes(entry.handle, a, m);
      } else {
        const [a, m] = timesFor(fst, atim, mtim, fs.stat(entry.hostPath));
        fs.utimes(entry.hostPath, a, m);
      }
      return 0;
    },
    fd_readdir: (fd: number, buf: number, bufLen: number, cookie: bigint, bufusedOut: number) => {
      const entry = fds.get(fd);
      if (entry.kind !== 'dir') return Errno.NOTDIR;
      const out = mem.bytes(buf, bufLen);
      mem.view(bufusedOut, 4);
      // "." and ".." first (like other runtimes), then the entries sorted by name so listings
      // are reproducible; the cookie is the index of the next entry.
      const here = fs.lstat(entry.hostPath);
      const parentIno = entry.hostPath === entry.root.hostPath ? here.ino : fs.lstat(parentPath(entry.hostPath)).ino;
      const list: { name: string; ino: bigint; type: number }[] = [
        { name: '.', ino: here.ino, type: FileType.DIRECTORY },
        { name: '..', ino: parentIno, type: FileType.DIRECTORY },
      ];
      const dirents = fs.readdir(entry.hostPath).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const d of dirents) list.push({ name: d.name, ino: d.ino, type: fileTypeOf(d.kind) });
      const start = BigInt.asUintN(64, cookie);
      const chunks: Uint8Array[] = [];
      let size = 0;
      for (let i = Number(start > BigInt(list.length) ? BigInt(list.length) : start); i < list.length && size < out.length; i++) {
        const name = utf8Encoder.encode(list[i].name);
        const rec = new Uint8Array(Layout.DIRENT_SIZE + name.length);
        const v = new DataView(rec.buffer);
        v.setBigUint64(0, BigInt(i + 1), true);
        v.setBigUint64(8, list[i].ino, true);
        v.setUint32(16, name.length, true);
        v.setUint8(20, list[i].type);
        rec.set(name, Layout.DIRENT_SIZE);
        chunks.push(rec);
        size += rec.length;
      }
      // The last record may be cut short: bufused == buf_len tells the caller to retry.
      let used = 0;
      for (const rec of chunks) {
        const n = Math.min(rec.length, out.length - used);
        out.set(rec.subarray(0, n), used);
        used += n;
      }
      mem.setU32(bufusedOut, used);
      return 0;
    },
    fd_sync: (fd: number) => {
      const entry = fds.get(fd);
      if (entry.kind === 'file') fs.fsync(entry.handle);
      return 0;
    },
    fd_datasync: (fd: number) => {
      const entry = fds.get(fd);
      if (entry.kind === 'file') fs.fdatasync(entry.handle);
      return 0;
    },
    fd_advise: (fd: number, offset: bigint, len: bigint, advice: number) => {
      file(fds.get(fd));
      if (advice < 0 || advice > 5 || offset < 0n || len < 0n) return Errno.INVAL;
      return 0;
    },
    fd_allocate: (fd: number, offset: bigint, len: bigint) => {
      const entry = file(fds.get(fd));
      if (!entry.writable) return Errno.BADF;
      if (offset < 0n || len <= 0n) return Errno.INVAL;
      // No fallocate in the FileSystem: extending the file with zeros has the same visible effect.
      const end = offset + len;
      if (fs.fstat(entry.handle).size < end) fs.ftruncate(entry.handle, end);
      return 0;
    },
  };
}
