import { describe, expect, it } from 'vitest';
import { TrapCode } from '@lantern/traps';
import * as N from './numerics.ts';

const m = new Int32Array(8);
function i64(v: bigint, at: number): number {
  N.i64FromBigInt(m, at, v);
  return at;
}
function read(at: number): bigint {
  return N.i64ToBigInt(m[at], m[at + 1]);
}
const f32 = (bitsOrNumber: number) => Math.fround(bitsOrNumber);

describe('i32', () => {
  it('div/rem traps and edge cases', () => {
    expect(N.i32DivSCheck(1, 0)).toBe(TrapCode.IntegerDivideByZero);
    expect(N.i32DivSCheck(-2147483648, -1)).toBe(TrapCode.IntegerOverflow);
    expect(N.i32DivSCheck(-2147483647, -1)).toBe(TrapCode.None);
    expect(N.i32DivS(-7, 2)).toBe(-3);
    expect(N.i32DivU(-1, 2)).toBe(0x7fffffff);
    expect(N.i32DivUCheck(5, 0)).toBe(TrapCode.IntegerDivideByZero);
    expect(N.i32RemS(-2147483648, -1)).toBe(0);
    expect(Object.is(N.i32RemS(-4, 2), 0)).toBe(true);
    expect(N.i32RemS(-7, 2)).toBe(-1);
    expect(N.i32RemU(-1, 10)).toBe(5);
  });
  it('bit counting and rotations', () => {
    expect(N.i32Ctz(0)).toBe(32);
    expect(N.i32Ctz(-2147483648)).toBe(31);
    expect(N.i32Popcnt(-1)).toBe(32);
    expect(N.i32Popcnt(0x55555555)).toBe(16);
    expect(N.i32Rotl(0x80000001 | 0, 1)).toBe(3);
    expect(N.i32Rotr(1, 1)).toBe(-2147483648);
    expect(N.i32Rotl(0x12345678, 32)).toBe(0x12345678);
  });
});

describe('i64 on halves', () => {
  const cases: bigint[] = [0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 0x123456789abcdefn, -0x8000_0000n, 0xffff_ffffn, 3n, -7n];
  it('mul matches BigInt for all pairs', () => {
    for (const a of cases) for (const b of cases) {
      N.i64Mul(m, 4, i64(a, 0), i64(b, 2));
      expect(read(4)).toBe(BigInt.asIntN(64, a * b));
    }
  });
  it('div/rem (signed, unsigned) match BigInt, fast and slow paths', () => {
    for (const a of cases) for (const b of cases) {
      if (b === 0n) continue;
      const A = i64(a, 0), B = i64(b, 2);
      if (N.i64DivSCheck(m[A], m[A + 1], m[B], m[B + 1]) === TrapCode.None) {
        N.i64DivS(m, 4, A, B);
        expect(read(4)).toBe(a / b);
      }
      N.i64RemS(m, 4, A, B);
      expect(read(4)).toBe(a % b);
      const ua = BigInt.asUintN(64, a), ub = BigInt.asUintN(64, b);
      N.i64DivU(m, 4, A, B);
      expect(read(4)).toBe(BigInt.asIntN(64, ua / ub));
      N.i64RemU(m, 4, A, B);
      expect(read(4)).toBe(BigInt.asIntN(64, ua % ub));
    }
    i64(-(2n ** 63n), 0);
    i64(-1n, 2);
    expect(N.i64DivSCheck(m[0], m[1], m[2], m[3])).toBe(TrapCode.IntegerOverflow);
    i64(0n, 2);
    expect(N.i64DivUCheck(m[0], m[1], m[2], m[3])).toBe(TrapCode.IntegerDivideByZero);
  });
  it('shifts and rotations for every count', () => {
    const a = 0x8123456789abcdefn;
    for (let k = 0; k < 70; k++) {
      const s = BigInt(k & 63);
      N.i64Shl(m, 4, i64(a, 0), k);
      expect(read(4)).toBe(BigInt.asIntN(64, a << s));
      N.i64ShrS(m, 4, i64(a, 0), k);
      expect(read(4)).toBe(BigInt.asIntN(64, BigInt.asIntN(64, a) >> s));
      N.i64ShrU(m, 4, i64(a, 0), k);
      expect(read(4)).toBe(BigInt.asIntN(64, BigInt.asUintN(64, a) >> s));
      N.i64Rotl(m, 4, i64(a, 0), k);
      const u = BigInt.asUintN(64, a);
      expect(read(4)).toBe(BigInt.asIntN(64, (u << s) | (u >> ((64n - s) & 63n))));
      N.i64Rotr(m, 4, i64(a, 0), k);
      expect(read(4)).toBe(BigInt.asIntN(64, (u >> s) | (u << ((64n - s) & 63n))));
    }
  });
  it('clz/ctz/popcnt', () => {
    expect(N.i64Clz(0, 0)).toBe(64);
    expect(N.i64Clz(1, 0)).toBe(63);
    expect(N.i64Ctz(0, 0)).toBe(64);
    expect(N.i64Ctz(0, 1)).toBe(32);
    expect(N.i64Popcnt(-1, -1)).toBe(64);
  });
});

describe('floats', () => {
  it('nearest rounds ties to even and keeps signed zeros', () => {
    expect([0.5, 1.5, 2.5, -0.5, -2.5, 3.5, 0.49999999999999994, 4503599627370495.5].map(N.fNearest)).toEqual([
      0, 2, 2, -0, -2, 4, 0, 4503599627370496,
    ]);
    expect(Object.is(N.fNearest(-0.3), -0)).toBe(true);
    expect(Object.is(N.fNearest(-0), -0)).toBe(true);
    expect(N.fNearest(NaN)).toBeNaN();
  });
  it('min/max: NaN wins, -0 < +0', () => {
    expect(Object.is(N.fMin(0, -0), -0)).toBe(true);
    expect(Object.is(N.fMax(-0, 0), 0)).toBe(true);
    expect(N.fMin(NaN, 1)).toBeNaN();
    expect(N.fMax(1, NaN)).toBeNaN();
  });
  it('abs/neg/copysign are pure bit operations (NaN payloads kept)', () => {
    expect(N.f32Abs(0xffa00001 | 0) >>> 0).toBe(0x7fa00001);
    expect(N.f32Neg(0x7fa00001) >>> 0).toBe(0xffa00001);
    expect(N.f32Copysign(0x7fa00001, -1) >>> 0).toBe(0xffa00001);
    expect(N.f64CopysignHi(0x7ff00001, 0) >>> 0).toBe(0x7ff00001);
    expect(N.f64NegHi(0) >>> 0).toBe(0x80000000);
  });
});

describe('conversions', () => {
  it('trunc traps: integer overflow vs invalid conversion', () => {
    expect(N.i32TruncSCheck(NaN)).toBe(TrapCode.InvalidConversionToInteger);
    expect(N.i32TruncSCheck(2147483647.9)).toBe(TrapCode.None);
    expect(N.i32TruncSCheck(2147483648)).toBe(TrapCode.IntegerOverflow);
    expect(N.i32TruncSCheck(-2147483648.9)).toBe(TrapCode.None);
    expect(N.i32TruncSCheck(-2147483649)).toBe(TrapCode.IntegerOverflow);
    expect(N.i32TruncUCheck(-0.9)).toBe(TrapCode.None);
    expect(N.i32TruncUCheck(-1)).toBe(TrapCode.IntegerOverflow);
    expect(N.i32TruncU(4294967295.5)).toBe(-1);
    expect(N.i64TruncSCheck(9223372036854775808)).toBe(TrapCode.IntegerOverflow);
    expect(N.i64TruncSCheck(-9223372036854775808)).toBe(TrapCode.None);
    expect(N.i64TruncUCheck(18446744073709551616)).toBe(TrapCode.IntegerOverflow);
    expect(N.i64TruncUCheck(Infinity)).toBe(TrapCode.IntegerOverflow);
    N.i64Trunc(m, 0, -9223372036854775808);
    expect(read(0)).toBe(-(2n ** 63n));
    N.i64Trunc(m, 0, 18446744073709549568);
    expect(BigInt.asUintN(64, read(0))).toBe(18446744073709549568n);
    N.i64Trunc(m, 0, -1.5);
    expect(read(0)).toBe(-1n);
  });
  it('saturating truncation', () => {
    expect(N.i32TruncSatS(NaN)).toBe(0);
    expect(N.i32TruncSatS(1e10)).toBe(2147483647);
    expect(N.i32TruncSatS(-1e10)).toBe(-2147483648);
    expect(N.i32TruncSatU(-5)).toBe(0);
    expect(N.i32TruncSatU(1e10)).toBe(-1);
    N.i64TruncSatS(m, 0, Infinity);
    expect(read(0)).toBe(2n ** 63n - 1n);
    N.i64TruncSatU(m, 0, -Infinity);
    expect(read(0)).toBe(0n);
    N.i64TruncSatU(m, 0, 1e30);
    expect(read(0)).toBe(-1n);
  });
  it('i64 -> f32 rounds once (no double rounding)', () => {
    // 2^53 + 2^29 + 1: the double conversion alone would round to 2^53 + 2^29 (a tie for f32,
    // then rounded to even = 2^53); correct single rounding goes up to 2^53 + 2^30.
    const v = 2n ** 53n + 2n ** 29n + 1n;
    i64(v, 0);
    expect(N.f32ConvertI64S(m[0], m[1])).toBe(f32(2 ** 53 + 2 ** 30));
    expect(N.f32ConvertI64U(m[0], m[1])).toBe(f32(2 ** 53 + 2 ** 30));
    i64(-v, 0);
    expect(N.f32ConvertI64S(m[0], m[1])).toBe(-f32(2 ** 53 + 2 ** 30));
    i64(-1n, 0);
    expect(N.f32ConvertI64U(m[0], m[1])).toBe(2 ** 64);
    expect(N.f32ConvertI64S(m[0], m[1])).toBe(-1);
    i64(-(2n ** 63n), 0);
    expect(N.f32ConvertI64S(m[0], m[1])).toBe(-(2 ** 63));
    // 0x7fffff4000000001: just above a tie -> rounds up
    i64(0x7fffff4000000001n, 0);
    expect(N.f32ConvertI64S(m[0], m[1])).toBe(f32(0x7fffff8000000000));
  });
  it('i64 -> f64 rounds once', () => {
    i64(2n ** 53n + 1n, 0);
    expect(N.f64ConvertI64S(m[0], m[1])).toBe(2 ** 53);
    i64(2n ** 53n + 3n, 0);
    expect(N.f64ConvertI64S(m[0], m[1])).toBe(2 ** 53 + 4);
    i64(-1n, 0);
    expect(N.f64ConvertI64U(m[0], m[1])).toBe(2 ** 64);
    i64(0x7ffffffffffffdffn, 0); // below the tie: rounds down
    expect(N.f64ConvertI64S(m[0], m[1])).toBe(0x7ffffffffffffc00);
  });
});
