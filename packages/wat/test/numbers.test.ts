// Literal parsing: integer ranges, underscores, exactly rounded f32/f64 (decimal and hex),
// NaN payloads, and string escapes.

import { describe, expect, it } from 'vitest';
import { parseF32, parseF64, parseI32, parseI64, parseU32, decodeStringLiteral, WatError } from '../src/index.ts';

describe('integers', () => {
  it('accepts the i32 signed and unsigned ranges', () => {
    expect(parseI32('0')).toBe(0);
    expect(parseI32('4294967295')).toBe(-1);
    expect(parseI32('0xffff_ffff')).toBe(-1);
    expect(parseI32('-2147483648')).toBe(-2147483648);
    expect(parseI32('+1_000')).toBe(1000);
    expect(parseI32('-0x8000_0000')).toBe(-2147483648);
    expect(parseI32('4294967296')).toBe('range');
    expect(parseI32('0x1_0000_0000')).toBe('range');
    expect(parseI32('-2147483649')).toBe('range');
  });
  it('checks the i64 range exactly', () => {
    expect(parseI64('18446744073709551615')).toBe(-1n);
    expect(parseI64('0x7fff_ffff_ffff_ffff')).toBe(0x7fffffffffffffffn);
    expect(parseI64('-9223372036854775808')).toBe(-0x8000000000000000n);
    expect(parseI64('18446744073709551616')).toBe('range');
    expect(parseI64('-9223372036854775809')).toBe('range');
    expect(parseI64('-0x8000000000000001')).toBe('range');
  });
  it('rejects misplaced underscores and signs where not allowed', () => {
    for (const bad of ['_1', '1_', '1__0', '0x_1', '0x', '1x', '', '--1', '0x1_']) expect(parseI32(bad)).toBeNull();
    expect(parseU32('+1')).toBeNull();
    expect(parseU32('-1')).toBeNull();
    expect(parseU32('4294967296')).toBe('range');
  });
});

describe('floats', () => {
  it('rounds f32 decimals correctly (no double rounding)', () => {
    // halfway between 1 and 1+2^-23 is 1.000000059604644775390625
    expect(parseF32('1.000000059604644775390625')).toBe(0x3f800000); // tie -> even
    expect(parseF32('1.000000059604644775390626')).toBe(0x3f800001); // a double rounds this to the tie
    expect(parseF32('1.000000059604644775390624')).toBe(0x3f800000);
    expect(parseF32('1.0000000596046447753906250000000001')).toBe(0x3f800001);
    expect(parseF32('0.1')).toBe(0x3dcccccd);
    expect(parseF32('-0')).toBe(0x80000000);
    expect(parseF32('1e-45')).toBe(1); // rounds to the smallest subnormal
    expect(parseF32('7e-46')).toBe(0); // below half of it
    expect(parseF32('3.4028234663852886e38')).toBe(0x7f7fffff);
    expect(parseF32('340282356779733661637539395458142568448')).toBe('range'); // the tie with 2^128 rounds to infinity
    expect(parseF32('3.4028235677973366e38')).toBe(0x7f7fffff);
    expect(parseF32('3.40282356779733661637539395458142568447e38')).toBe(0x7f7fffff); // just below the tie
    expect(parseF32('1e39')).toBe('range');
  });
  it('rounds hex floats exactly', () => {
    expect(parseF32('0x1.8p3')).toBe(0x41400000);
    expect(parseF64('0x1.8p3')).toBe(0x4028000000000000n);
    expect(parseF32('0x1.000001p0')).toBe(0x3f800000); // tie -> even
    expect(parseF32('0x1.000003p0')).toBe(0x3f800002); // tie -> even (up)
    expect(parseF32('0x1.0000010000000000001p0')).toBe(0x3f800001);
    expect(parseF32('0x1.fffffep127')).toBe(0x7f7fffff);
    expect(parseF32('0x1.ffffffp127')).toBe('range');
    expect(parseF32('0x1p-149')).toBe(1);
    expect(parseF32('0x1p-150')).toBe(0);
    expect(parseF32('0x1.0000000001p-150')).toBe(1);
    expect(parseF64('0x1p-1074')).toBe(1n);
    expect(parseF64('0x1.fffffffffffff8p1023')).toBe('range');
    expect(parseF64('0x1.fffffffffffff7ffffp1023')).toBe(0x7fefffffffffffffn);
    expect(parseF64('0x.8p1')).toBeNull();
    expect(parseF64('0x1P+2')).toBe(0x4010000000000000n);
  });
  it('parses inf and nan payloads', () => {
    expect(parseF32('inf')).toBe(0x7f800000);
    expect(parseF32('-inf')).toBe(0xff800000);
    expect(parseF32('nan')).toBe(0x7fc00000);
    expect(parseF32('-nan')).toBe(0xffc00000);
    expect(parseF32('nan:0x200000')).toBe(0x7fa00000);
    expect(parseF32('+nan:0x1')).toBe(0x7f800001);
    expect(parseF32('nan:0x0')).toBe('range');
    expect(parseF32('nan:0x800000')).toBe('range');
    expect(parseF64('nan:0x4000000000000')).toBe(0x7ff4000000000000n);
    expect(parseF64('-nan:0xf_ffff_ffff_ffff')).toBe(0xffffffffffffffffn);
    expect(parseF64('nan:0x10000000000000')).toBe('range');
  });
  it('parses f64 decimals with underscores and exponents', () => {
    const bits = (x: number): bigint => new BigUint64Array(new Float64Array([x]).buffer)[0]!;
    expect(parseF64('1_000.000_1e-0_1')).toBe(bits(100.00001));
    expect(parseF64('1.')).toBe(bits(1));
    expect(parseF64('1.e2')).toBe(bits(100));
    expect(parseF64('4.9e-324')).toBe(1n);
    expect(parseF64('1e309')).toBe('range');
    expect(parseF64('.5')).toBeNull();
    expect(parseF64('1e')).toBeNull();
    expect(parseF64('1_.5')).toBeNull();
  });
});

describe('strings', () => {
  const dec = (s: string): number[] => Array.from(decodeStringLiteral(s, 0, s.length, 1, 1));
  it('decodes every escape to bytes', () => {
    expect(dec(String.raw`"\t\n\r\"\'\\"`)).toEqual([9, 10, 13, 34, 39, 92]);
    expect(dec(String.raw`"\00\ff\7F"`)).toEqual([0, 255, 127]);
    expect(dec(String.raw`"\u{48}\u{e9}\u{20AC}\u{1F600}\u{1_0FFFF}"`)).toEqual([
      0x48, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xf4, 0x8f, 0xbf, 0xbf,
    ]);
    expect(dec('"é€"')).toEqual([0xc3, 0xa9, 0xe2, 0x82, 0xac]);
    expect(dec('""')).toEqual([]);
  });
  it('rejects bad escapes with a position', () => {
    for (const bad of [String.raw`"\q"`, String.raw`"\u{D800}"`, String.raw`"\u{110000}"`, String.raw`"\u{}"`, String.raw`"\f"`, String.raw`"\u48"`]) {
      expect(() => dec(bad)).toThrow(WatError);
    }
  });
});
