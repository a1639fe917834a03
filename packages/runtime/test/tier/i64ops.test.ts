import { describe, expect, it } from 'vitest';
import { createWebAssembly, storeOf, type StoreOptions } from '../../src/index.ts';
import { load } from '../exec/helpers.ts';
import { body, codeSec, funcSec, funcType, module, section, str, T, typeSec, u32, vec, type Bytes } from '../decodeValidate/wasmBuilder.ts';

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

/** Signed LEB128 of an i64 constant. */
function sleb64(v: bigint): Bytes {
  const out: Bytes = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

/**
 * Constant divisors take their own path (emitNumeric.ts constDivU: multiplications by the
 * reciprocal, corrected by the exact remainder): both sides of 2^13 and 2^30 where one guess
 * replaces two digits, large ones up to 2^32 - 1, and constants with a high half (the helper's
 * path).
 */
const DIVISORS = [1n, 2n, 3n, 7n, 10n, 641n, 2000n, 7695n, 8191n, 8192n, 8193n, 10007n, 1000003n, 1909275n, (1n << 21n) + 1n, 999999937n,
  1000000000n, (1n << 30n) - 1n, 1n << 30n, (1n << 30n) + 1n, (1n << 31n) - 1n, 1n << 31n, (1n << 32n) - 1n, (1n << 32n) + 5n, -7n, 1n << 63n];
/**
 * Dividends whose first quotient guess is one too big or one too small, found by search (one
 * guess: by 8192, 8193, 1000003, 999999937, 10^9, 2^30 - 1; a second digit: by 7695), and two a
 * single guess would miss: by two (by 2000), or leaving a remainder beyond int32 (by 2^31 - 1).
 */
const OFF_BY_ONE = [14816632086413376816n, 12748731994453742003n, 4611774763404031350n, 865277259129989917n,
  13775536006141176937n, 1687609110680619329n, 17082622773999999999n, 11159721278754181748n, 15600206323214695413n,
  2542945573902015855n, 16265503043654001741n, 6123412251334052352n];

describe('i64 unsigned division by a constant compiled inline gives the exact 64-bit results', () => {
  const ops = DIVISORS.flatMap((d) => [['div_u', 0x80, d], ['rem_u', 0x82, d]] as const);
  const type = funcType([T.i64], [T.i64]);
  const bytes = module(
    typeSec(type),
    funcSec(...ops.map(() => 0)),
    section(7, vec(ops.map(([name, , d], i) => [...str(`${name}_${d}`), 0, ...u32(i)]))),
    codeSec(...ops.map(([, op, d]) => body([], [0x20, 0, 0x42, ...sleb64(s64(d)), op, 0x0b]))),
  ) as Uint8Array<ArrayBuffer>;

  it('eager: on edge and random dividends, and dividends next to multiples of the divisor', () => {
    const Lantern = createWebAssembly({ tier: 'eager' });
    const exports = new Lantern.Instance(new Lantern.Module(bytes)).exports as Record<string, (x: bigint) => bigint>;
    for (const d of DIVISORS) {
      const ud = u64(d);
      const near = values().flatMap((q) => [-1n, 0n, 1n, ud - 1n].map((r) => u64(u64(q) / ud * ud + r)));
      const below = values().map((lo) => u64(((ud - 1n) << 32n) | (u64(lo) & 0xffffffffn))); // just below d * 2^32
      for (const x of [...values(), ...near, ...below, ...OFF_BY_ONE]) {
        const ux = u64(x);
        for (const [name, want] of [['div_u', ux / ud], ['rem_u', ux % ud]] as const) {
          const got = u64(exports[`${name}_${d}`](s64(ux)));
          if (got !== want) expect(`${name}(${ux}, ${ud}) = ${got}`).toBe(`${name}(${ux}, ${ud}) = ${want}`);
        }
      }
    }
    expect(storeOf(Lantern)!.tier!.compiled).toBe(ops.length);
  });
});
