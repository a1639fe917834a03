/**
 * The two file systems of @lantern/wasi (in memory, and the disk through node:fs) must agree:
 * random sequences of the FileSystem operations WASI calls are built on (open with each flag
 * combination, read, write, truncate, mkdir, rmdir, unlink, rename, symlink, link, stat, readdir)
 * over a handful of names, run on a MemoryFileSystem and on a NodeFileSystem rooted in a fresh
 * temporary directory, give the same results and the same error codes, step by step.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSystemError, MemoryFileSystem, NodeFileSystem, OpenFlags, type FileSystem } from '@lantern/wasi';
import { caseSeed, Rng } from '../rng.ts';
import type { Tally } from '../findings.ts';

const NAMES = ['a', 'b', 'd', 'd/e', 'd/f', 'l', 'missing/x'];
const FLAGS = [OpenFlags.READ, OpenFlags.WRITE, OpenFlags.READ | OpenFlags.WRITE, OpenFlags.WRITE | OpenFlags.CREATE,
  OpenFlags.WRITE | OpenFlags.CREATE | OpenFlags.EXCLUSIVE, OpenFlags.WRITE | OpenFlags.CREATE | OpenFlags.TRUNCATE, OpenFlags.READ | OpenFlags.TRUNCATE | OpenFlags.WRITE];

/** One random operation as a function of (file system, root): returns what it observed. */
function operation(r: Rng): (fs: FileSystem, root: string) => string {
  const p = (root: string, name: string): string => `${root}/${name}`;
  const name = r.pick(NAMES), other = r.pick(NAMES);
  const data = new Uint8Array(r.int(20)).map(() => r.int(256));
  const position = BigInt(r.int(24));
  switch (r.int(12)) {
    case 0: return (fs, root) => { fs.mkdir(p(root, name)); return `mkdir ${name}`; };
    case 1: return (fs, root) => { fs.rmdir(p(root, name)); return `rmdir ${name}`; };
    case 2: return (fs, root) => { fs.unlink(p(root, name)); return `unlink ${name}`; };
    case 3: return (fs, root) => { fs.rename(p(root, name), p(root, other)); return `rename ${name} ${other}`; };
    case 4: {
      const target = r.oneIn(2) ? other : `../${other}`;
      return (fs, root) => { fs.symlink(target, p(root, name)); return `symlink ${name} -> ${target}`; };
    }
    case 5: return (fs, root) => { fs.link(p(root, name), p(root, other)); return `link ${name} ${other}`; };
    case 6: return (fs, root) => {
      const s = fs.stat(p(root, name));
      return `stat ${name}: ${s.kind} size ${s.kind === 'file' ? s.size : '-'} nlink ${s.kind === 'file' ? s.nlink : '-'}`;
    };
    case 7: return (fs, root) => `readdir ${name}: ${fs.readdir(p(root, name)).map((e) => `${e.name}:${e.kind}`).sort().join(',')}`;
    case 8: {
      const flags = r.pick(FLAGS);
      return (fs, root) => {
        const h = fs.open(p(root, name), flags);
        try {
          const wrote = (flags & OpenFlags.WRITE) !== 0 ? fs.write(h, data, position) : -1;
          const buffer = new Uint8Array(64);
          const n = (flags & OpenFlags.READ) !== 0 ? fs.read(h, buffer, 0n) : -1;
          return `open ${name} ${flags}: wrote ${wrote}, read ${n} [${buffer.subarray(0, Math.max(0, n)).join(' ')}], size ${fs.fstat(h).size}`;
        } finally {
          fs.close(h);
        }
      };
    }
    case 9: return (fs, root) => {
      const h = fs.open(p(root, name), OpenFlags.WRITE);
      try {
        fs.ftruncate(h, position);
        return `truncate ${name} ${position}: size ${fs.fstat(h).size}`;
      } finally {
        fs.close(h);
      }
    };
    case 10: return (fs, root) => `lstat ${name}: ${fs.lstat(p(root, name)).kind}`;
    default: return (fs, root) => `readlink ${name}: ${fs.readlink(p(root, name))}`;
  }
}

function observe(fs: FileSystem, root: string, op: (fs: FileSystem, root: string) => string): string {
  try {
    return op(fs, root);
  } catch (e) {
    // MemoryFileSystem throws FileSystemError, NodeFileSystem node:fs's errors: both carry code and syscall (what the WASI layer maps to an errno).
    const { code, syscall } = e as { code?: unknown; syscall?: unknown };
    if (e instanceof FileSystemError || typeof code === 'string') return `${String(syscall)}: ${String(code)}`;
    return `escaped ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`;
  }
}

/** The first step at which the two file systems disagree, or null. */
export function fsDifference(seed: number, steps: number): string | null {
  const r = new Rng(seed);
  const memory = new MemoryFileSystem();
  memory.mkdir('/root');
  const dir = mkdtempSync(join(tmpdir(), 'lantern-fsfuzz-'));
  const disk = new NodeFileSystem();
  try {
    for (let i = 0; i < steps; i++) {
      const op = operation(r);
      const a = observe(memory, '/root', op);
      const b = observe(disk, dir, op);
      if (a !== b) return `step ${i}: memory says "${a}", disk says "${b}"`;
    }
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function runFsCases(campaignSeed: number, from: number, to: number, tally: Tally): void {
  for (let i = from; i < to; i++) {
    const d = fsDifference(caseSeed(campaignSeed, i), 40);
    tally.count('sequences');
    if (d !== null) tally.find({ target: 'wasi', kind: 'differs', caseIndex: i, detail: d });
  }
}
