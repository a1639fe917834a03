import { describe, expect, it } from 'vitest';
import type { StoreOptions } from '../../src/index.ts';
import { load } from '../exec/helpers.ts';

const u64 = (x: bigint) => BigInt.asUintN(64, x), s64 = (x: bigint) => BigInt.asIntN(64, x);
const rot = (x: bigint, k: bigint) => u64((u64(x) << (k & 63n)) | (u64(x) >> ((64n - (k & 63n)) & 63n)));
/** Each operator's exact value (BigInt), or undefined where it traps. */
const REFERENCE: Record<string, (a: bigint, b: bigint) => bigint | undefined> = {
  mul: (a, b) => a * b,
  div_s: (a, b) => (b === 0n || (a === -(1n << 63n) && b === -1n) ? undefined : a / b),
  div_u: (a, b) => (b === 0n ? undefined : u64(a) / u64(b)),
  rem_s: (a, b) => (b === 0n ? undefined : a % b),
  rem_u: (a, b) => (b === 0n ? undefined : u64(a) % u64(b)),
  shl: (a, b) => a << (u64(b) & 63n),
  shr_s: (a, b) => a >> (u64(b) & 63n),
  shr_u: (a, b) => u64(a) >> (u64(b) & 63n),
  rotl: (a, b) => rot(a, u64(b)),
  rotr: (a, b) => rot(a, (64n - (u64(b) & 63n)) & 63n),
};

/** Edge values of both halves, and pseudo-random ones (a fixed LCG). */
function values(): bigint[] {
  const edges = [0n, 1n, -1n, 2n, 3n, 7n, 31n, 32n, 33n, 63n, 64n, 65n, 1000000000n, -1000000000n, (1n << 31n) - 1n, 1n << 31n, -(1n << 31n),
    (1n << 32n) - 1n, 1n << 32n, (1n << 32n) + 1n, (1n << 53n) + 1n, -(1n << 53n) - 1n, (1n << 63n) - 1n, -(1n << 63n), 0x123456789abcdefn];
  let x = 0x2545f4914f6cdd1dn;
  for (let i = 0; i < 40; i++) {
    x = u64(x * 6364136223846793005n + 1442695040888963407n);
    edges.push(s64(x >> BigInt(i % 64)));
  }
  return edges;
}

describe('i64 operators compiled inline give the exact 64-bit results', () => {
  for (const tier of ['eager', 'interpreter'] as NonNullable<StoreOptions['tier']>[]) {
    it(`${tier}: mul, div, rem, shifts and rotates on edge and random operands`, () => {
      const m = load('../../tier/fixtures/i64ops', () => [], { tier });
      const vs = values();
      for (const [name, ref] of Object.entries(REFERENCE)) {
        for (const a of vs) {
          for (const b of vs) {
            const want = ref(a, b);
            if (want === undefined) continue;
            const [got] = m.call(name, a, b);
            if (s64(got as bigint) !== s64(want)) expect(`${name}(${a}, ${b}) = ${got as bigint}`).toBe(`${name}(${a}, ${b}) = ${s64(want)}`);
          }
        }
      }
      if (tier === 'eager') expect(m.store.tier!.compiled).toBe(Object.keys(REFERENCE).length);
    });
  }
});
