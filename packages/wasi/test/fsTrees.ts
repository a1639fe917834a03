/**
 * A scratch directory tree on each FileSystem backend, for tests that must hold on both: on
 * disk a fresh temp directory seen through NodeFileSystem, in memory a fresh MemoryFileSystem
 * whose root plays the temp directory's part. Set-up and checks go through each backend's own
 * tools (node:fs, the MemoryFileSystem helpers), not through the code under test's calls.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { MemoryFileSystem, NodeFileSystem, type FileSystem } from '../src/index.ts';
import { joinPath, parentPath, pathComponents } from '../src/fs/paths.ts';

export interface Tree {
  readonly fs: FileSystem;
  /** `rel` under the tree's root, as a path in `fs` (`at('.')` is the root). */
  at(rel: string): string;
  /** Writes a file, creating missing parent directories. */
  write(rel: string, contents: string): void;
  /** mkdir -p. */
  mkdir(rel: string): void;
  /** Creates a symlink, creating missing parent directories. */
  symlink(target: string, rel: string): void;
  read(rel: string): string;
  /** Whether `rel` names something, following symlinks. */
  exists(rel: string): boolean;
  cleanup(): void;
}

export interface Backend {
  readonly name: string;
  create(label: string): Tree;
}

const onDisk: Backend = {
  name: 'disk',
  create(label) {
    const root = mkdtempSync(join(tmpdir(), `lantern-${label}-`));
    const at = (rel: string): string => join(root, rel);
    return {
      fs: new NodeFileSystem(),
      at,
      write: (rel, contents) => {
        mkdirSync(dirname(at(rel)), { recursive: true });
        writeFileSync(at(rel), contents);
      },
      mkdir: (rel) => { mkdirSync(at(rel), { recursive: true }); },
      symlink: (target, rel) => {
        mkdirSync(dirname(at(rel)), { recursive: true });
        symlinkSync(target, at(rel));
      },
      read: (rel) => readFileSync(at(rel), 'utf8'),
      exists: (rel) => existsSync(at(rel)),
      cleanup: () => { rmSync(root, { recursive: true, force: true }); },
    };
  },
};

const inMemory: Backend = {
  name: 'memory',
  create() {
    const fs = new MemoryFileSystem();
    const at = (rel: string): string => joinPath('/', ...pathComponents(rel));
    return {
      fs,
      at,
      write: (rel, contents) => { fs.writeFile(at(rel), contents); },
      mkdir: (rel) => { fs.mkdirp(at(rel)); },
      symlink: (target, rel) => {
        fs.mkdirp(parentPath(at(rel)));
        fs.symlink(target, at(rel));
      },
      read: (rel) => fs.readFile(at(rel), 'utf8'),
      exists: (rel) => fs.exists(at(rel)),
      cleanup: () => {},
    };
  },
};

export const backends: readonly Backend[] = [onDisk, inMemory];
