/**
 * Smoke run of the WASI file-system target (long run: `scripts/fuzz.sh wasi <count>`): random
 * operation sequences on the in-memory and the disk file system give the same results and error
 * codes, except the listed, open differences (knownFsDifference).
 */
import { describe, expect, it } from 'vitest';
import { fsDifference, knownFsDifference } from '../src/wasi/fsTarget.ts';
import { caseSeed } from '../src/rng.ts';

describe('the in-memory and the disk file systems agree', () => {
  it('300 random sequences of 40 operations', () => {
    const unexpected: string[] = [];
    let known = 0;
    for (let i = 0; i < 300; i++) {
      const d = fsDifference(caseSeed(99, i), 40);
      if (d === null) continue;
      if (knownFsDifference(d)) known++;
      else unexpected.push(`sequence ${i}: ${d}`);
    }
    expect(unexpected).toEqual([]);
    expect(known).toBeLessThan(150); // most sequences agree to the end
  });

  it('tells a difference when there is one (the comparison is not vacuous)', () => {
    expect(knownFsDifference('step 3: memory says "open: EISDIR", disk says "read: EISDIR"')).toBe(true);
    expect(knownFsDifference('step 3: memory says "stat: ENOENT", disk says "stat: ENOTDIR"')).toBe(false);
  });
});
