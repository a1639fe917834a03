/**
 * The bench programs (bench/programs, listed in bench/lib/programs.ts) compute the checksum
 * Node's engine computes, at a small size: a program the bench times on Lantern is one Lantern
 * runs correctly. Speed is `pnpm bench`'s business, not this test's.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createWebAssembly } from '../../src/index.ts';
import { PROGRAMS, programPath } from '../../bench/lib/programs.ts';

type Run = (n: number) => unknown;

describe('bench programs', () => {
  it('are the programs in bench/programs, each with a distinct name', () => {
    const dirs = readdirSync(new URL('../../bench/programs/', import.meta.url), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(PROGRAMS.map((p) => p.name).sort()).toEqual(dirs.sort());
    expect(PROGRAMS.filter((p) => !p.tuned)).toHaveLength(11);
  });

  for (const p of PROGRAMS) {
    it(`${p.name} (${p.lang}) gives native's checksum at size ${p.small}`, () => {
      const bytes = new Uint8Array(readFileSync(programPath(p.name)));
      const expected = (new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.run as Run)(p.small);
      const lantern = createWebAssembly();
      const got = ((new lantern.Instance(new lantern.Module(bytes)).exports as { run: Run }).run)(p.small);
      expect(typeof expected).toMatch(/number|bigint/);
      expect(got).toBe(expected);
    }, 60_000);
  }
});
