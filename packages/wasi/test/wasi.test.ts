/**
 * Unit tests of the WASI host, calling the import functions directly against a plain
 * WebAssembly.Memory: argument/env packing, EFAULT on every kind of bad pointer, the sandbox,
 * fd lifecycle, fd_readdir truncation, poll_oneoff clocks, proc_exit. Everything about paths
 * and fds runs on both FileSystem backends (disk and memory), in a tree holding the preopen
 * `sb/` (with `inner/f.txt`) and, outside it, `secret`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Errno, ExitStatus, MemoryFileSystem, NodeFileSystem, Wasi, abi } from '../src/index.ts';
import { backends, type Backend, type Tree } from './fsTrees.ts';

type Fn = (...args: (number | bigint)[]) => number;

let tree: Tree;
let memory: WebAssembly.Memory;
let wasi: Wasi;
let w: Record<string, Fn>;
let out: string;

function bytes(): Uint8Array {
  return new Uint8Array(memory.buffer);
}
function view(): DataView {
  return new DataView(memory.buffer);
}
function putString(ptr: number, s: string): number {
  const b = new TextEncoder().encode(s);
  bytes().set(b, ptr);
  return b.length;
}
function readString(ptr: number, len: number): string {
  return new TextDecoder().decode(bytes().slice(ptr, ptr + len));
}

function make(options: ConstructorParameters<typeof Wasi>[0] = {}): void {
  out = '';
  wasi = new Wasi({
    args: ['prog', 'ärg'],
    env: { A: '1', LONG: 'value' },
    fs: tree.fs,
    preopens: { '/sb': tree.at('sb') },
    stdout: (d) => { out += new TextDecoder().decode(d); },
    stderr: () => {},
    stdin: () => null,
    ...options,
  });
  w = wasi.wasiImport as unknown as Record<string, Fn>;
  wasi.setMemory(memory);
}

/** path_open relative to the preopen (fd 3); returns [errno, fd]. */
function open(path: string, oflags = 0, rights = abi.Rights.FD_READ, dirflags = 1): [number, number] {
  const len = putString(1000, path);
  const errno = w.path_open(3, dirflags, 1000, len, oflags, rights, 0n, 0, 2000);
  return [errno, view().getUint32(2000, true)];
}

/** A Wasi over a fresh tree on `backend` for each test. */
function useTree(backend: Backend): void {
  beforeEach(() => {
    tree = backend.create('wasi');
    tree.write('sb/inner/f.txt', 'hello file');
    tree.write('secret', 'secret');
    memory = new WebAssembly.Memory({ initial: 1 });
    make();
  });
  afterEach(() => tree.cleanup());
}

describe('independent of the file system', () => {
  useTree(backends[0]);

  describe('args and environ', () => {
    it('reports sizes counting NULs and UTF-8 bytes', () => {
      expect(w.args_sizes_get(0, 4)).toBe(0);
      expect(view().getUint32(0, true)).toBe(2);
      expect(view().getUint32(4, true)).toBe(5 + 5);
      expect(w.environ_sizes_get(0, 4)).toBe(0);
      expect(view().getUint32(0, true)).toBe(2);
      expect(view().getUint32(4, true)).toBe(4 + 11);
    });
    it('writes pointers and NUL-terminated strings', () => {
      expect(w.args_get(100, 200)).toBe(0);
      expect(view().getUint32(100, true)).toBe(200);
      expect(view().getUint32(104, true)).toBe(205);
      expect(readString(200, 10)).toBe('prog\0ärg\0');
      expect(w.environ_get(100, 300)).toBe(0);
      expect(readString(300, 15)).toBe('A=1\0LONG=value\0');
    });
  });

  describe('the fs option', () => {
    it('files default to the disk under Node; preopens must exist in the chosen fs', () => {
      expect(new Wasi({}).fs).toBeInstanceOf(NodeFileSystem);
      const fs = new MemoryFileSystem({ '/data/in.txt': 'x' });
      expect(new Wasi({ fs, preopens: { '/data': '/data' } }).fs).toBe(fs);
      expect(() => new Wasi({ fs, preopens: { '/data': '/nope' } })).toThrow(/ENOENT/);
    });
  });

  describe('clocks, poll, random, proc', () => {
    it('clock_time_get: realtime near Date.now, bad id EINVAL', () => {
      const before = Date.now();
      expect(w.clock_time_get(abi.Clock.REALTIME, 0n, 0)).toBe(0);
      const after = Date.now();
      const ms = Number(view().getBigUint64(0, true) / 1_000_000n);
      // Bracketed by Date.now (however long the call took), within the drift between Node's
      // clocks (realtime is performance.timeOrigin + performance.now()).
      expect(ms).toBeGreaterThan(before - 1000);
      expect(ms).toBeLessThan(after + 1000);
      expect(w.clock_time_get(9, 0n, 0)).toBe(Errno.INVAL);
    });
    it('poll_oneoff with a relative clock sleeps and reports the event', () => {
      const v = view();
      for (let i = 0; i < 96; i++) v.setUint8(i, 0);
      v.setBigUint64(0, 77n, true); v.setUint8(8, abi.EventType.CLOCK);
      v.setUint32(16, abi.Clock.MONOTONIC, true); v.setBigUint64(24, 15_000_000n, true);
      v.setBigUint64(48, 88n, true); v.setUint8(56, abi.EventType.CLOCK);
      v.setUint32(64, abi.Clock.MONOTONIC, true); v.setBigUint64(72, 3_600_000_000_000n, true); // an hour
      const start = performance.now();
      expect(w.poll_oneoff(0, 200, 2, 400)).toBe(0);
      const slept = performance.now() - start;
      expect(slept).toBeGreaterThanOrEqual(14);
      expect(slept).toBeLessThan(3_600_000); // woken by the first clock, not the second
      expect(v.getUint32(400, true)).toBe(1);
      expect(v.getBigUint64(200, true)).toBe(77n);
      expect(v.getUint8(210)).toBe(abi.EventType.CLOCK);
      expect(w.poll_oneoff(0, 200, 0, 400)).toBe(Errno.INVAL);
    });
    it('random_get fills the buffer', () => {
      expect(w.random_get(100, 64)).toBe(0);
      expect(bytes().slice(100, 164).some((b) => b !== 0)).toBe(true);
    });
    it('proc_exit throws ExitStatus, which start() turns into the exit code', () => {
      expect(() => w.proc_exit(7)).toThrow(ExitStatus);
      const instance = { exports: { memory, _start: () => { w.proc_exit(5); } } };
      expect(wasi.start(instance)).toBe(5);
      make();
      expect(wasi.start({ exports: { memory, _start: () => {} } })).toBe(0);
      expect(() => wasi.start({ exports: { memory, _start: () => {} } })).toThrow(/already started/);
    });
    it('start() lets traps and other errors through', () => {
      expect(() => wasi.start({ exports: { memory, _start: () => { throw new RangeError('boom'); } } })).toThrow(RangeError);
    });
    it('start() needs memory and _start; initialize() calls _initialize', () => {
      const fresh = new Wasi({});
      expect(() => fresh.start({ exports: { _start: () => {} } })).toThrow(TypeError);
      let called = 0;
      new Wasi({}).initialize({ exports: { memory, _initialize: () => { called++; } } });
      expect(called).toBe(1);
    });
    it('unsupported calls say so', () => {
      expect(w.proc_raise(2)).toBe(Errno.NOSYS);
      expect(w.sock_recv(1, 0, 0, 0, 0, 0)).toBe(Errno.NOTSOCK);
      expect(w.sock_accept(99, 0, 0)).toBe(Errno.BADF);
      expect(w.sched_yield()).toBe(0);
    });
    it('host errors map to errno, unexpected ones to EIO', () => {
      let seen: unknown;
      make({ stdout: () => { throw new Error('hook failed'); }, onUnexpectedError: (e) => { seen = e; } });
      view().setUint32(0, 100, true); view().setUint32(4, 1, true);
      expect(w.fd_write(1, 0, 1, 16)).toBe(Errno.IO);
      expect((seen as Error).message).toBe('hook failed');
    });
    it('works as imports for a real module on native WebAssembly', async () => {
      // (module (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
      //   (memory (export "memory") 1) (data (i32.const 8) "\10\00\00\00\03\00\00\00hi\n")
      //   (func (export "_start") (drop (call 0 (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 0)))))
      const hex =
        '0061736d01000000010c0260047f7f7f7f017f60000002230116776173695f736e617073686f745f70726576696577310866645f7772697465' +
        '0000030201010503010001071302066d656d6f72790200065f737461727400010a0f010d00410141084101410010001a0b0b11010041080b0b100000000300000068690a';
      const wat = new Uint8Array(hex.match(/../g)!.map((h) => parseInt(h, 16)));
      make();
      const { instance } = await WebAssembly.instantiate(wat, wasi.getImportObject());
      expect(wasi.start(instance)).toBe(0);
      expect(out).toBe('hi\n');
    });
  });
});

describe.each(backends)('files on $name', (backend) => {
  useTree(backend);

  describe('bad pointers are EFAULT, never a throw', () => {
    const end = 65536;
    it.each([
      ['args_sizes_get', () => w.args_sizes_get(end - 2, 0)],
      ['args_get', () => w.args_get(0, end - 3)],
      ['environ_get', () => w.environ_get(end, 0)],
      ['clock_time_get', () => w.clock_time_get(0, 0n, end - 4)],
      ['clock_res_get', () => w.clock_res_get(1, -1)],
      ['random_get', () => w.random_get(end - 10, 11)],
      ['fd_write iovec table', () => w.fd_write(1, end - 4, 1, 0)],
      ['fd_write iovec buffer', () => { view().setUint32(0, end - 2, true); view().setUint32(4, 8, true); return w.fd_write(1, 0, 1, 16); }],
      ['fd_write nwritten', () => { view().setUint32(0, 100, true); view().setUint32(4, 1, true); return w.fd_write(1, 0, 1, end); }],
      ['fd_fdstat_get', () => w.fd_fdstat_get(1, end - 8)],
      ['fd_prestat_get', () => w.fd_prestat_get(3, end - 4)],
      ['fd_prestat_dir_name', () => w.fd_prestat_dir_name(3, end - 1, 3)],
      ['fd_filestat_get', () => w.fd_filestat_get(3, end - 63)],
      ['path_open path', () => w.path_open(3, 0, end - 2, 10, 0, 0n, 0n, 0, 0)],
      ['path_open fd out', () => w.path_open(3, 0, 1000, putString(1000, 'inner'), 0, 0n, 0n, 0, -4)],
      ['path_filestat_get', () => w.path_filestat_get(3, 0, 1000, putString(1000, 'inner'), end - 10)],
      ['fd_readdir', () => w.fd_readdir(3, end - 10, 100, 0n, 0)],
      ['poll_oneoff', () => w.poll_oneoff(end - 47, 0, 1, 100)],
      ['path_readlink', () => w.path_readlink(3, 1000, putString(1000, 'inner'), end - 1, 100, 0)],
    ])('%s', (_name, call) => {
      expect(call()).toBe(Errno.FAULT);
    });
    it('writes nothing when the output pointer is bad', () => {
      const before = out;
      view().setUint32(0, 100, true);
      view().setUint32(4, 3, true);
      putString(100, 'abc');
      expect(w.fd_write(1, 0, 1, end)).toBe(Errno.FAULT);
      expect(out).toBe(before);
    });
    it('follows a grown memory', () => {
      memory.grow(1);
      expect(w.clock_time_get(1, 0n, 65536 + 8)).toBe(0);
      expect(view().getBigUint64(65536 + 8, true)).toBeGreaterThan(0n);
    });
    it('without any memory every pointer faults', () => {
      const lone = new Wasi({});
      expect((lone.wasiImport.args_sizes_get as unknown as Fn)(0, 4)).toBe(Errno.FAULT);
    });
  });

  describe('stdio and fds', () => {
    it('fd_write gathers iovecs to the stdout hook', () => {
      const a = putString(100, 'Hello, ');
      const b = putString(200, 'world');
      view().setUint32(0, 100, true); view().setUint32(4, a, true);
      view().setUint32(8, 200, true); view().setUint32(12, b, true);
      expect(w.fd_write(1, 0, 2, 16)).toBe(0);
      expect(view().getUint32(16, true)).toBe(12);
      expect(out).toBe('Hello, world');
    });
    it('onMemoryRead is told each range a call reads before it reads it: iovec tables, the bytes written out, paths', () => {
      const reads: [number, number][] = [];
      make({ onMemoryRead: (m, address, length) => { expect(m).toBe(memory); reads.push([address, length]); } });
      const a = putString(100, 'Hello, ');
      const b = putString(200, 'world');
      view().setUint32(0, 100, true); view().setUint32(4, a, true);
      view().setUint32(8, 200, true); view().setUint32(12, b, true);
      expect(w.fd_write(1, 0, 2, 16)).toBe(0);
      expect(reads).toEqual([[0, 16], [100, a], [200, b]]);
      // fd_read reads its iovec table, not the buffers it fills.
      reads.length = 0;
      expect(w.fd_read(0, 0, 1, 16)).toBe(0);
      expect(reads).toEqual([[0, 8]]);
      reads.length = 0;
      expect(open('inner/f.txt')[0]).toBe(0);
      expect(reads).toEqual([[1000, 'inner/f.txt'.length]]);
    });
    it('stdio looks like a tty: character device without seek/tell rights', () => {
      expect(w.fd_fdstat_get(1, 0)).toBe(0);
      expect(view().getUint8(0)).toBe(abi.FileType.CHARACTER_DEVICE);
      const rights = view().getBigUint64(8, true);
      expect(rights & (abi.Rights.FD_SEEK | abi.Rights.FD_TELL)).toBe(0n);
      expect(w.fd_seek(1, 0n, 0, 0)).toBe(Errno.SPIPE);
    });
    it('reading stdin at EOF gives 0 bytes', () => {
      view().setUint32(0, 100, true); view().setUint32(4, 10, true);
      expect(w.fd_read(0, 0, 1, 16)).toBe(0);
      expect(view().getUint32(16, true)).toBe(0);
    });
    it('preopens are discoverable, then EBADF ends the scan', () => {
      expect(w.fd_prestat_get(3, 0)).toBe(0);
      expect(view().getUint8(0)).toBe(0);
      expect(view().getUint32(4, true)).toBe(3);
      expect(w.fd_prestat_dir_name(3, 100, 3)).toBe(0);
      expect(readString(100, 3)).toBe('/sb');
      expect(w.fd_prestat_dir_name(3, 100, 2)).toBe(Errno.NAMETOOLONG);
      expect(w.fd_prestat_get(4, 0)).toBe(Errno.BADF);
      expect(w.fd_prestat_get(1, 0)).toBe(Errno.BADF);
    });
    it('open, read, seek, tell, close, and EBADF after close', () => {
      const [errno, fd] = open('inner/f.txt');
      expect(errno).toBe(0);
      expect(fd).toBe(4);
      view().setUint32(0, 100, true); view().setUint32(4, 5, true);
      expect(w.fd_read(fd, 0, 1, 16)).toBe(0);
      expect(readString(100, 5)).toBe('hello');
      expect(w.fd_tell(fd, 24)).toBe(0);
      expect(view().getBigUint64(24, true)).toBe(5n);
      expect(w.fd_seek(fd, -4n, abi.Whence.END, 24)).toBe(0);
      expect(view().getBigUint64(24, true)).toBe(6n);
      expect(w.fd_seek(fd, -100n, abi.Whence.CUR, 24)).toBe(Errno.INVAL);
      expect(w.fd_write(fd, 0, 1, 16)).toBe(Errno.BADF); // opened read-only
      expect(w.fd_close(fd)).toBe(0);
      expect(w.fd_close(fd)).toBe(Errno.BADF);
      expect(w.fd_read(fd, 0, 1, 16)).toBe(Errno.BADF);
    });
    it('the lowest free fd is reused and fd_renumber moves an fd', () => {
      const [, a] = open('inner/f.txt');
      const [, b] = open('inner/f.txt');
      expect([a, b]).toEqual([4, 5]);
      expect(w.fd_close(a)).toBe(0);
      expect(open('inner')[1]).toBe(4);
      expect(w.fd_renumber(5, 4)).toBe(0);
      expect(w.fd_fdstat_get(4, 0)).toBe(0);
      expect(view().getUint8(0)).toBe(abi.FileType.REGULAR_FILE);
      expect(w.fd_close(5)).toBe(Errno.BADF);
      expect(w.fd_renumber(9, 4)).toBe(Errno.BADF);
    });
    it('write + append flag + pwrite + filestat size', () => {
      const [errno, fd] = open('new.txt', abi.OFlags.CREAT | abi.OFlags.TRUNC, abi.Rights.FD_WRITE | abi.Rights.FD_READ);
      expect(errno).toBe(0);
      const n = putString(100, 'abcdef');
      view().setUint32(0, 100, true); view().setUint32(4, n, true);
      expect(w.fd_write(fd, 0, 1, 16)).toBe(0);
      expect(w.fd_seek(fd, 0n, abi.Whence.SET, 24)).toBe(0);
      expect(w.fd_fdstat_set_flags(fd, abi.FdFlags.APPEND)).toBe(0);
      expect(w.fd_write(fd, 0, 1, 16)).toBe(0);
      expect(w.fd_pwrite(fd, 0, 1, 2n, 16)).toBe(0);
      expect(tree.read('sb/new.txt')).toBe('ababcdefcdef');
      expect(w.fd_filestat_get(fd, 0)).toBe(0);
      expect(view().getUint8(16)).toBe(abi.FileType.REGULAR_FILE);
      expect(view().getBigUint64(32, true)).toBe(12n);
      expect(w.fd_filestat_set_size(fd, 3n)).toBe(0);
      expect(tree.read('sb/new.txt')).toBe('aba');
      expect(w.fd_allocate(fd, 0n, 10n)).toBe(0);
      expect(tree.read('sb/new.txt')).toBe('aba\0\0\0\0\0\0\0');
    });
    it('EEXIST, ENOENT, ENOTDIR, EISDIR from path_open', () => {
      expect(open('inner/f.txt', abi.OFlags.CREAT | abi.OFlags.EXCL)[0]).toBe(Errno.EXIST);
      expect(open('nope.txt')[0]).toBe(Errno.NOENT);
      expect(open('inner/f.txt', abi.OFlags.DIRECTORY)[0]).toBe(Errno.NOTDIR);
      expect(open('inner', 0, abi.Rights.FD_WRITE)[0]).toBe(Errno.ISDIR);
      expect(open('inner/f.txt/x')[0]).toBe(Errno.NOTDIR);
    });
  });

  describe('sandbox', () => {
    it('rejects .., absolute paths and escaping symlinks with ENOTCAPABLE', () => {
      tree.symlink('..', 'sb/up');
      tree.symlink(tree.at('secret'), 'sb/abs');
      tree.symlink('inner/../..', 'sb/sneaky');
      expect(open('../secret')[0]).toBe(Errno.NOTCAPABLE);
      expect(open('inner/../../x')[0]).toBe(Errno.NOTCAPABLE);
      expect(open('/etc/passwd')[0]).toBe(Errno.NOTCAPABLE);
      expect(open('up/x')[0]).toBe(Errno.NOTCAPABLE);
      expect(open('abs')[0]).toBe(Errno.NOTCAPABLE);
      expect(open('sneaky')[0]).toBe(Errno.NOTCAPABLE);
      expect(open('inner/./../inner/f.txt')[0]).toBe(0);
    });
    it('does not follow a final symlink without symlink_follow (O_NOFOLLOW → ELOOP)', () => {
      tree.symlink('inner/f.txt', 'sb/ok');
      expect(open('ok', 0, abi.Rights.FD_READ, 1)[0]).toBe(0);
      expect(open('ok', 0, abi.Rights.FD_READ, 0)[0]).toBe(Errno.LOOP);
    });
    it('a symlink loop is ELOOP', () => {
      tree.symlink('b', 'sb/a');
      tree.symlink('a', 'sb/b');
      expect(open('a')[0]).toBe(Errno.LOOP);
    });
    it('relative fds opened inside the sandbox are still confined', () => {
      const [errno, dirFd] = open('inner', abi.OFlags.DIRECTORY);
      expect(errno).toBe(0);
      const len = putString(1000, '../../x');
      expect(w.path_open(dirFd, 0, 1000, len, 0, abi.Rights.FD_READ, 0n, 0, 2000)).toBe(Errno.NOTCAPABLE);
      const ok = putString(1000, '../inner/f.txt');
      expect(w.path_open(dirFd, 0, 1000, ok, 0, abi.Rights.FD_READ, 0n, 0, 2000)).toBe(0);
    });
    it('symlink creation pointing out, rename out, mkdir out, rmdir of the root all fail', () => {
      const t = putString(1000, '/etc');
      const l = putString(1100, 'lnk');
      expect(w.path_symlink(1000, t, 3, 1100, l)).toBe(Errno.NOTCAPABLE);
      const t2 = putString(1000, 'inner/../../..');
      expect(w.path_symlink(1000, t2, 3, 1100, l)).toBe(Errno.NOTCAPABLE);
      const t3 = putString(1000, 'inner/f.txt');
      expect(w.path_symlink(1000, t3, 3, 1100, l)).toBe(0);
      const r = putString(1200, '../stolen');
      const f = putString(1300, 'inner/f.txt');
      expect(w.path_rename(3, 1300, f, 3, 1200, r)).toBe(Errno.NOTCAPABLE);
      expect(w.path_create_directory(3, 1200, r)).toBe(Errno.NOTCAPABLE);
      const dot = putString(1200, '.');
      expect(w.path_remove_directory(3, 1200, dot)).toBe(Errno.NOTCAPABLE);
      expect(tree.exists('stolen')).toBe(false);
    });
    it('path_* on a non-directory fd is ENOTDIR, on a closed one EBADF', () => {
      const len = putString(1000, 'x');
      expect(w.path_create_directory(1, 1000, len)).toBe(Errno.NOTDIR);
      expect(w.path_create_directory(42, 1000, len)).toBe(Errno.BADF);
    });
  });

  describe('directories', () => {
    it('fd_readdir packs dirents and truncates the last one', () => {
      tree.write('sb/zz', '');
      expect(w.fd_readdir(3, 100, 4096, 0n, 0)).toBe(0);
      const used = view().getUint32(0, true);
      const names: string[] = [];
      let at = 100;
      while (at < 100 + used) {
        const next = view().getBigUint64(at, true);
        const len = view().getUint32(at + 16, true);
        names.push(`${view().getUint8(at + 20)}:${readString(at + 24, len)}:${next}`);
        at += 24 + len;
      }
      expect(names).toEqual(['3:.:1', '3:..:2', '3:inner:3', '4:zz:4']);
      // Cookie 2 skips "." and ".."; a 30-byte buffer holds one record and part of the next.
      expect(w.fd_readdir(3, 100, 30, 2n, 0)).toBe(0);
      expect(view().getUint32(0, true)).toBe(30);
      expect(readString(124, 5)).toBe('inner');
      expect(w.fd_readdir(3, 100, 100, 10n, 0)).toBe(0);
      expect(view().getUint32(0, true)).toBe(0);
    });
    it('mkdir, rmdir ENOTEMPTY, unlink of a dir EISDIR, filestat', () => {
      const p = putString(1000, 'inner');
      expect(w.path_remove_directory(3, 1000, p)).toBe(Errno.NOTEMPTY);
      expect(w.path_unlink_file(3, 1000, p)).toBe(Errno.ISDIR);
      expect(w.path_filestat_get(3, 1, 1000, p, 0)).toBe(0);
      expect(view().getUint8(16)).toBe(abi.FileType.DIRECTORY);
      const d = putString(1000, 'newdir');
      expect(w.path_create_directory(3, 1000, d)).toBe(0);
      expect(w.path_create_directory(3, 1000, d)).toBe(Errno.EXIST);
      expect(w.path_remove_directory(3, 1000, d)).toBe(0);
    });
    it('readlink returns the target bytes', () => {
      tree.symlink('inner/f.txt', 'sb/l');
      const p = putString(1000, 'l');
      expect(w.path_readlink(3, 1000, p, 100, 64, 0)).toBe(0);
      expect(readString(100, view().getUint32(0, true))).toBe('inner/f.txt');
      expect(w.path_filestat_get(3, 0, 1000, p, 200)).toBe(0);
      expect(view().getUint8(216)).toBe(abi.FileType.SYMBOLIC_LINK);
    });
    it('path_link names the same inode twice; path_rename replaces a file', () => {
      const f = putString(1000, 'inner/f.txt');
      const h = putString(1100, 'hard');
      expect(w.path_link(3, 0, 1000, f, 3, 1100, h)).toBe(0);
      expect(w.path_link(3, 0, 1000, f, 3, 1100, h)).toBe(Errno.EXIST);
      expect(w.path_filestat_get(3, 0, 1000, f, 0)).toBe(0);
      expect(w.path_filestat_get(3, 0, 1100, h, 64)).toBe(0);
      expect(view().getBigUint64(72, true)).toBe(view().getBigUint64(8, true));
      expect(view().getBigUint64(24, true)).toBe(2n);
      tree.write('sb/other', 'other');
      const o = putString(1200, 'other');
      expect(w.path_rename(3, 1200, o, 3, 1100, h)).toBe(0);
      expect(tree.read('sb/hard')).toBe('other');
      expect(tree.exists('sb/other')).toBe(false);
      expect(w.path_filestat_get(3, 0, 1000, f, 0)).toBe(0);
      expect(view().getBigUint64(24, true)).toBe(1n);
      expect(tree.read('sb/inner/f.txt')).toBe('hello file');
    });
    it('path_filestat_set_times sets an explicit time and keeps the other', () => {
      const f = putString(1000, 'inner/f.txt');
      expect(w.path_filestat_get(3, 0, 1000, f, 0)).toBe(0);
      const mtime = view().getBigUint64(48, true);
      const atime = 1_600_000_000_000_000_000n;
      expect(w.path_filestat_set_times(3, 0, 1000, f, atime, 0n, abi.FstFlags.ATIM)).toBe(0);
      expect(w.path_filestat_get(3, 0, 1000, f, 0)).toBe(0);
      expect(view().getBigUint64(40, true)).toBe(atime);
      // The disk takes times as floating-point seconds: sub-microsecond digits may change.
      expect(Math.abs(Number(view().getBigUint64(48, true) - mtime))).toBeLessThan(1000);
      expect(w.path_filestat_set_times(3, 0, 1000, f, 0n, 0n, abi.FstFlags.MTIM | abi.FstFlags.MTIM_NOW)).toBe(Errno.INVAL);
    });
  });
});
