/**
 * MemoryFileSystem on its own: the POSIX rules a program can observe (inodes and link counts,
 * timestamps, open flags, positional I/O, rename/rmdir/unlink/link and their errors, symlink
 * resolution), checked call by call, with a controllable clock.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { FileSystemError, MemoryFileSystem, OpenFlags } from '../src/index.ts';

const { READ, WRITE, CREATE, EXCLUSIVE, TRUNCATE } = OpenFlags;

/** The error code `fn` throws ('none' if it returns). */
function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as { code: string }).code;
  }
  return 'none';
}

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

let now: bigint;
let fs: MemoryFileSystem;

beforeEach(() => {
  now = 1_000n;
  fs = new MemoryFileSystem({ '/d/f.txt': 'hello', '/d/sub/deep.bin': new Uint8Array([1, 2, 3]) }, { clock: () => now });
});

describe('populating and inspecting', () => {
  it('the constructor map creates parents; readFile gives bytes or text; exists follows links', () => {
    expect(fs.readFile('/d/f.txt', 'utf8')).toBe('hello');
    expect(fs.readFile('/d/sub/deep.bin')).toEqual(new Uint8Array([1, 2, 3]));
    expect(fs.stat('/d/sub').kind).toBe('directory');
    fs.symlink('f.txt', '/d/good');
    fs.symlink('missing', '/d/dangling');
    expect([fs.exists('/d/good'), fs.exists('/d/dangling'), fs.exists('/nope')]).toEqual([true, false, false]);
  });
  it('writeFile replaces contents; mkdirp creates a chain and refuses to pass through a file', () => {
    fs.writeFile('/d/f.txt', 'hi');
    expect(fs.readFile('/d/f.txt', 'utf8')).toBe('hi');
    expect(fs.stat('/d/f.txt').size).toBe(2n);
    fs.mkdirp('/a/b/c');
    fs.mkdirp('/a/b/c');
    expect(fs.readdir('/a/b').map((e) => e.name)).toEqual(['c']);
    expect(codeOf(() => fs.mkdirp('/d/f.txt/x'))).toBe('ENOTDIR');
  });
  it('reading a directory as a file is EISDIR', () => {
    expect(codeOf(() => fs.readFile('/d'))).toBe('EISDIR');
  });
  it('errors are FileSystemErrors naming the call and the path, like Node\'s', () => {
    let caught: unknown;
    try {
      fs.stat('/d/none');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(FileSystemError);
    expect(caught).toMatchObject({ code: 'ENOENT', syscall: 'stat', path: '/d/none' });
    expect((caught as Error).message).toBe("ENOENT: stat '/d/none'");
  });
});

describe('inodes', () => {
  it('every node has its own inode number; directory link counts count subdirectories', () => {
    const inos = ['/', '/d', '/d/f.txt', '/d/sub', '/d/sub/deep.bin'].map((p) => fs.stat(p).ino);
    expect(new Set(inos).size).toBe(5);
    expect(fs.stat('/d').nlink).toBe(3n);
    expect(fs.stat('/d/sub').nlink).toBe(2n);
    expect(fs.stat('/d/f.txt')).toMatchObject({ kind: 'file', nlink: 1n, size: 5n });
  });
  it('a symlink is its own inode, sized by its target', () => {
    fs.symlink('f.txt', '/d/l');
    expect(fs.lstat('/d/l')).toMatchObject({ kind: 'symlink', size: 5n });
    expect(fs.lstat('/d/l').ino).not.toBe(fs.stat('/d/l').ino);
  });
  it('hard links share the inode and its data; unlink drops the count', () => {
    fs.link('/d/f.txt', '/d/g.txt');
    expect(fs.stat('/d/g.txt').ino).toBe(fs.stat('/d/f.txt').ino);
    expect(fs.stat('/d/f.txt').nlink).toBe(2n);
    fs.writeFile('/d/g.txt', 'changed');
    expect(fs.readFile('/d/f.txt', 'utf8')).toBe('changed');
    fs.unlink('/d/f.txt');
    expect(fs.stat('/d/g.txt').nlink).toBe(1n);
    expect(fs.readFile('/d/g.txt', 'utf8')).toBe('changed');
  });
  it('link: a directory is EPERM, a taken name EEXIST, a symlink is linked itself', () => {
    expect(codeOf(() => fs.link('/d/sub', '/d/sub2'))).toBe('EPERM');
    expect(codeOf(() => fs.link('/d/f.txt', '/d/sub/deep.bin'))).toBe('EEXIST');
    expect(codeOf(() => fs.link('/d/none', '/d/x'))).toBe('ENOENT');
    fs.symlink('f.txt', '/d/l');
    fs.link('/d/l', '/d/l2');
    expect(fs.lstat('/d/l2')).toMatchObject({ kind: 'symlink', ino: fs.lstat('/d/l').ino, nlink: 2n });
  });
  it('an unlinked file lives on through its open handle', () => {
    const h = fs.open('/d/f.txt', READ | WRITE);
    fs.unlink('/d/f.txt');
    expect(fs.exists('/d/f.txt')).toBe(false);
    expect(fs.write(h, bytes('!'), 5n)).toBe(1);
    const buf = new Uint8Array(10);
    expect(fs.read(h, buf, 0n)).toBe(6);
    expect(new TextDecoder().decode(buf.subarray(0, 6))).toBe('hello!');
    expect(fs.fstat(h).nlink).toBe(0n);
    fs.close(h);
  });
});

describe('open flags and handles', () => {
  it('ENOENT without CREATE; CREATE makes an empty file; CREATE|EXCLUSIVE refuses an existing one', () => {
    expect(codeOf(() => fs.open('/d/new', READ))).toBe('ENOENT');
    fs.close(fs.open('/d/new', WRITE | CREATE));
    expect(fs.stat('/d/new')).toMatchObject({ kind: 'file', size: 0n });
    expect(codeOf(() => fs.open('/d/new', WRITE | CREATE | EXCLUSIVE))).toBe('EEXIST');
    expect(codeOf(() => fs.open('/d/other', WRITE | CREATE | EXCLUSIVE))).toBe('none');
  });
  it('TRUNCATE empties an existing file', () => {
    fs.close(fs.open('/d/f.txt', WRITE | TRUNCATE));
    expect(fs.readFile('/d/f.txt', 'utf8')).toBe('');
  });
  it('directories open only for reading and then fail to read (as on Linux), a final symlink ELOOP (never followed), trailing slashes want directories', () => {
    expect(codeOf(() => fs.open('/d/sub', WRITE))).toBe('EISDIR');
    expect(codeOf(() => fs.open('/d/sub', READ | CREATE))).toBe('EISDIR');
    const dir = fs.open('/d/sub', READ);
    expect(codeOf(() => fs.read(dir, new Uint8Array(1), 0n))).toBe('EISDIR');
    expect(fs.fstat(dir).kind).toBe('directory');
    fs.close(dir);
    fs.symlink('f.txt', '/d/l');
    expect(codeOf(() => fs.open('/d/l', READ))).toBe('ELOOP');
    expect(codeOf(() => fs.open('/d/f.txt/', READ))).toBe('ENOTDIR');
    expect(codeOf(() => fs.open('/d/new/', WRITE | CREATE))).toBe('EISDIR');
    expect(codeOf(() => fs.open('/d/f.txt/x', READ))).toBe('ENOTDIR');
    fs.symlink('sub', '/d/s');
    expect(codeOf(() => fs.open('/d/s/deep.bin', READ))).toBe('none');
  });
  it('reads and writes need the matching access; closed handles are EBADF', () => {
    const r = fs.open('/d/f.txt', READ);
    const w = fs.open('/d/f.txt', WRITE);
    expect(codeOf(() => fs.write(r, bytes('x'), 0n))).toBe('EBADF');
    expect(codeOf(() => fs.read(w, new Uint8Array(1), 0n))).toBe('EBADF');
    expect(codeOf(() => fs.ftruncate(r, 0n))).toBe('EINVAL');
    fs.close(r);
    expect(codeOf(() => fs.read(r, new Uint8Array(1), 0n))).toBe('EBADF');
    expect(codeOf(() => fs.close(r))).toBe('EBADF');
    expect(codeOf(() => fs.fsync(r))).toBe('EBADF');
    expect(codeOf(() => fs.fsync(w))).toBe('none');
  });
});

describe('positional I/O and size', () => {
  it('a write past the end leaves a zero-filled gap; a read past the end reads nothing', () => {
    const h = fs.open('/d/f.txt', READ | WRITE);
    expect(fs.write(h, bytes('X'), 8n)).toBe(1);
    const buf = new Uint8Array(16);
    expect(fs.read(h, buf, 0n)).toBe(9);
    expect([...buf.subarray(0, 9)]).toEqual([...bytes('hello'), 0, 0, 0, ...bytes('X')]);
    expect(fs.read(h, buf, 9n)).toBe(0);
    expect(fs.read(h, buf, 100n)).toBe(0);
    expect(fs.write(h, new Uint8Array(0), 50n)).toBe(0);
    expect(fs.fstat(h).size).toBe(9n);
  });
  it('truncating then growing again reads zeros, not the old bytes', () => {
    const h = fs.open('/d/f.txt', READ | WRITE);
    fs.ftruncate(h, 2n);
    expect(fs.readFile('/d/f.txt', 'utf8')).toBe('he');
    fs.ftruncate(h, 5n);
    expect([...fs.readFile('/d/f.txt')]).toEqual([...bytes('he'), 0, 0, 0]);
  });
  it('many small appends keep every byte', () => {
    const h = fs.open('/d/log', WRITE | CREATE);
    for (let i = 0; i < 1000; i++) fs.write(h, bytes(`${i % 10}`), BigInt(i));
    const text = fs.readFile('/d/log', 'utf8');
    expect(text.length).toBe(1000);
    expect(text.slice(0, 12)).toBe('012345678901');
    expect(text.slice(-3)).toBe('789');
  });
});

describe('timestamps', () => {
  it('creation stamps all three; a write moves mtime and ctime, not atime', () => {
    expect(fs.stat('/d/f.txt')).toMatchObject({ atimeNs: 1_000n, mtimeNs: 1_000n, ctimeNs: 1_000n });
    now = 2_000n;
    const h = fs.open('/d/f.txt', WRITE);
    fs.write(h, bytes('J'), 0n);
    expect(fs.fstat(h)).toMatchObject({ atimeNs: 1_000n, mtimeNs: 2_000n, ctimeNs: 2_000n });
  });
  it('adding or removing a name changes the directory; a link changes the inode\'s ctime only', () => {
    now = 3_000n;
    fs.link('/d/f.txt', '/d/sub/again');
    expect(fs.stat('/d/sub')).toMatchObject({ mtimeNs: 3_000n, ctimeNs: 3_000n });
    expect(fs.stat('/d/f.txt')).toMatchObject({ mtimeNs: 1_000n, ctimeNs: 3_000n });
    now = 4_000n;
    fs.unlink('/d/sub/again');
    expect(fs.stat('/d/sub').mtimeNs).toBe(4_000n);
    expect(fs.stat('/d').mtimeNs).toBe(1_000n);
  });
  it('utimes, lutimes and futimes set exact times and stamp ctime', () => {
    fs.symlink('f.txt', '/d/l');
    now = 5_000n;
    fs.utimes('/d/l', 11n, 22n);
    expect(fs.stat('/d/f.txt')).toMatchObject({ atimeNs: 11n, mtimeNs: 22n, ctimeNs: 5_000n });
    expect(fs.lstat('/d/l')).toMatchObject({ atimeNs: 1_000n, mtimeNs: 1_000n });
    fs.lutimes('/d/l', 33n, 44n);
    expect(fs.lstat('/d/l')).toMatchObject({ atimeNs: 33n, mtimeNs: 44n });
    const h = fs.open('/d/f.txt', READ);
    fs.futimes(h, 55n, 66n);
    expect(fs.stat('/d/f.txt')).toMatchObject({ atimeNs: 55n, mtimeNs: 66n });
  });
});

describe('directories', () => {
  it('mkdir: EEXIST (even over a dangling symlink), ENOENT without a parent, ENOTDIR under a file', () => {
    expect(codeOf(() => fs.mkdir('/d/sub'))).toBe('EEXIST');
    fs.symlink('nowhere', '/d/dangling');
    expect(codeOf(() => fs.mkdir('/d/dangling'))).toBe('EEXIST');
    expect(codeOf(() => fs.mkdir('/x/y'))).toBe('ENOENT');
    expect(codeOf(() => fs.mkdir('/d/f.txt/y'))).toBe('ENOTDIR');
    expect(codeOf(() => fs.mkdir('/'))).toBe('EEXIST');
    fs.mkdir('/d/new/');
    expect(fs.stat('/d/new').kind).toBe('directory');
  });
  it('rmdir: ENOTEMPTY, ENOTDIR, ENOENT, EBUSY for the root; unlink of a directory is EISDIR', () => {
    expect(codeOf(() => fs.rmdir('/d'))).toBe('ENOTEMPTY');
    expect(codeOf(() => fs.rmdir('/d/f.txt'))).toBe('ENOTDIR');
    expect(codeOf(() => fs.rmdir('/d/none'))).toBe('ENOENT');
    expect(codeOf(() => fs.rmdir('/'))).toBe('EBUSY');
    expect(codeOf(() => fs.unlink('/d/sub'))).toBe('EISDIR');
    fs.unlink('/d/sub/deep.bin');
    fs.rmdir('/d/sub');
    expect(fs.exists('/d/sub')).toBe(false);
    expect(fs.stat('/d').nlink).toBe(2n);
  });
  it('readdir lists names, kinds and inode numbers, through a symlinked directory too', () => {
    fs.symlink('sub', '/d/s');
    const list = fs.readdir('/d').sort((a, b) => a.name.localeCompare(b.name));
    expect(list).toEqual([
      { name: 'f.txt', kind: 'file', ino: fs.stat('/d/f.txt').ino },
      { name: 's', kind: 'symlink', ino: fs.lstat('/d/s').ino },
      { name: 'sub', kind: 'directory', ino: fs.stat('/d/sub').ino },
    ]);
    expect(fs.readdir('/d/s').map((e) => e.name)).toEqual(['deep.bin']);
    expect(codeOf(() => fs.readdir('/d/f.txt'))).toBe('ENOTDIR');
  });
});

describe('rename', () => {
  it('moves a file, replacing an existing one (whose other names live on)', () => {
    fs.writeFile('/d/old', 'old');
    fs.link('/d/old', '/keep');
    fs.rename('/d/f.txt', '/d/old');
    expect(fs.readFile('/d/old', 'utf8')).toBe('hello');
    expect(fs.exists('/d/f.txt')).toBe(false);
    expect(fs.stat('/keep')).toMatchObject({ nlink: 1n });
    expect(fs.readFile('/keep', 'utf8')).toBe('old');
  });
  it('moves a directory with its contents, replacing an empty directory', () => {
    fs.mkdir('/empty');
    const ino = fs.stat('/d/sub').ino;
    fs.rename('/d/sub', '/empty');
    expect(fs.stat('/empty').ino).toBe(ino);
    expect(fs.readFile('/empty/deep.bin')).toEqual(new Uint8Array([1, 2, 3]));
    expect(fs.stat('/d').nlink).toBe(2n);
  });
  it('refuses: a non-empty target directory, a directory over a file, a file over a directory', () => {
    fs.mkdirp('/full/x');
    expect(codeOf(() => fs.rename('/d/sub', '/full'))).toBe('ENOTEMPTY');
    expect(codeOf(() => fs.rename('/d/sub', '/d/f.txt'))).toBe('ENOTDIR');
    expect(codeOf(() => fs.rename('/d/f.txt', '/d/sub'))).toBe('EISDIR');
    expect(codeOf(() => fs.rename('/d/none', '/d/x'))).toBe('ENOENT');
    expect(codeOf(() => fs.rename('/', '/x'))).toBe('EBUSY');
  });
  it('moving a directory into itself or below itself is EINVAL', () => {
    expect(codeOf(() => fs.rename('/d', '/d/sub/d'))).toBe('EINVAL');
    expect(codeOf(() => fs.rename('/d', '/d/inside'))).toBe('EINVAL');
    expect(fs.stat('/d/sub').kind).toBe('directory');
  });
  it('between two names of one inode, or a name and itself, does nothing', () => {
    fs.link('/d/f.txt', '/d/g.txt');
    fs.rename('/d/f.txt', '/d/g.txt');
    fs.rename('/d/sub', '/d/sub');
    expect(fs.stat('/d/f.txt').nlink).toBe(2n);
    expect(fs.exists('/d/g.txt')).toBe(true);
    expect(fs.exists('/d/sub/deep.bin')).toBe(true);
  });
  it('stamps the moved inode\'s ctime and both directories\' mtime', () => {
    now = 7_000n;
    fs.rename('/d/f.txt', '/d/sub/f.txt');
    expect(fs.stat('/d/sub/f.txt')).toMatchObject({ mtimeNs: 1_000n, ctimeNs: 7_000n });
    expect(fs.stat('/d').mtimeNs).toBe(7_000n);
    expect(fs.stat('/d/sub').mtimeNs).toBe(7_000n);
  });
});

describe('symlinks and path resolution', () => {
  it('stat follows, lstat and readlink do not; readlink of a non-link is EINVAL', () => {
    fs.symlink('f.txt', '/d/l');
    expect(fs.stat('/d/l').kind).toBe('file');
    expect(fs.lstat('/d/l').kind).toBe('symlink');
    expect(fs.readlink('/d/l')).toBe('f.txt');
    expect(codeOf(() => fs.readlink('/d/f.txt'))).toBe('EINVAL');
    expect(codeOf(() => fs.symlink('', '/d/empty'))).toBe('ENOENT');
    expect(codeOf(() => fs.symlink('x', '/d/l'))).toBe('EEXIST');
  });
  it('relative targets start at the link\'s directory, absolute ones at the root', () => {
    fs.symlink('../f.txt', '/d/sub/rel');
    fs.symlink('/d/sub', '/abs');
    expect(fs.readFile('/d/sub/rel', 'utf8')).toBe('hello');
    expect(fs.readFile('/abs/deep.bin')).toEqual(new Uint8Array([1, 2, 3]));
  });
  it('.. after a symlink leaves the target, not the link (physical resolution)', () => {
    fs.mkdirp('/far/away');
    fs.writeFile('/far/marker', 'far');
    fs.symlink('/far/away', '/d/jump');
    expect(fs.readFile('/d/jump/../marker', 'utf8')).toBe('far');
    expect(fs.realpath('/d/jump/..')).toBe('/far');
    expect(fs.realpath('/../../d/./sub/..')).toBe('/d');
  });
  it('40 symlinks in a chain resolve; the 41st is ELOOP, and so is a loop', () => {
    fs.symlink('d/f.txt', '/l40');
    for (let i = 39; i >= 0; i--) fs.symlink(`l${i + 1}`, `/l${i}`);
    expect(fs.readFile('/l1', 'utf8')).toBe('hello');
    expect(codeOf(() => fs.stat('/l0'))).toBe('ELOOP');
    fs.symlink('b', '/a');
    fs.symlink('a', '/b');
    expect(codeOf(() => fs.stat('/a'))).toBe('ELOOP');
    expect(fs.lstat('/a').kind).toBe('symlink');
  });
  it('a dangling link: stat ENOENT, lstat fine; a file in the middle of a path is ENOTDIR', () => {
    fs.symlink('none', '/d/dangling');
    expect(codeOf(() => fs.stat('/d/dangling'))).toBe('ENOENT');
    expect(fs.lstat('/d/dangling').kind).toBe('symlink');
    expect(codeOf(() => fs.stat('/d/f.txt/x'))).toBe('ENOTDIR');
    expect(codeOf(() => fs.realpath('/d/none'))).toBe('ENOENT');
  });
});
