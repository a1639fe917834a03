/**
 * Smoke run of the WASI file-system target (long run: `scripts/fuzz.sh wasi <count>`): random
 * operation sequences on the in-memory and the disk file system give the same results and error
 * codes, step by step.
 */
import { describe, expect, it } from 'vitest';
import { MemoryFileSystem, OpenFlags } from '@lantern/wasi';
import { fsDifference } from '../src/wasi/fsTarget.ts';
import { caseSeed } from '../src/rng.ts';

describe('the in-memory and the disk file systems agree', () => {
  it('300 random sequences of 40 operations', () => {
    const differences: string[] = [];
    for (let i = 0; i < 300; i++) {
      const d = fsDifference(caseSeed(99, i), 40);
      if (d !== null) differences.push(`sequence ${i}: ${d}`);
    }
    expect(differences).toEqual([]);
  });

  it('errors come in the order Linux gives them (cases where the in-memory system once answered otherwise)', () => {
    const fs = new MemoryFileSystem({ '/r/a': 'x', '/r/f': 'y' });
    fs.mkdir('/r/d');
    const code = (f: () => void): string => {
      try {
        f();
        return 'ok';
      } catch (e) {
        return (e as { code: string }).code;
      }
    };
    // A directory as the source of a link: the taken destination name is reported first.
    expect(code(() => fs.link('/r/d', '/r/a'))).toBe('EEXIST');
    expect(code(() => fs.link('/r/d', '/r/new'))).toBe('EPERM');
    // A missing rename source loses to a destination whose parent is a file.
    expect(code(() => fs.rename('/r/missing', '/r/f/x'))).toBe('ENOTDIR');
    // Renaming onto a directory that holds the source.
    fs.writeFile('/r/d/e', 'z');
    expect(code(() => fs.rename('/r/d/e', '/r/d'))).toBe('ENOTEMPTY');
    // A directory opens for reading; the read fails.
    const h = fs.open('/r/d', OpenFlags.READ);
    expect(code(() => fs.read(h, new Uint8Array(4), 0n))).toBe('EISDIR');
    fs.close(h);
  });
});
