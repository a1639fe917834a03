// v128 values as the debugger shows and edits them: every lane shape, one lane written at a time.
import { describe, expect, it } from 'vitest';
import { I32, V128 } from '@lantern/runtime';
import { formatV128, formatWasmValue, fromRaw, toRaw, v128Lanes, withV128Lane } from '../src/index.ts';

// lanes of i32x4: 1, -1, 0x3fc00000 (f32 1.5), 0x80000000; as in memory, lane 0 in the low bits
const BITS = 0x80000000_3fc00000_ffffffff_00000001n;

describe('v128 values', () => {
  it('reads every lane shape with lane 0 in the low bits', () => {
    expect(formatV128(BITS, 'i32x4')).toBe('i32x4 1 -1 1069547520 -2147483648');
    expect(formatV128(BITS, 'i8x16')).toBe('i8x16 1 0 0 0 -1 -1 -1 -1 0 0 -64 63 0 0 0 -128');
    expect(formatV128(BITS, 'i16x8')).toBe('i16x8 1 0 -1 -1 0 16320 0 -32768');
    expect(formatV128(BITS, 'i64x2')).toBe('i64x2 -4294967295 -9223372035785228288');
    expect(formatV128(BITS, 'f32x4')).toBe('f32x4 1.401298464324817e-45 nan:0xffffffff 1.5 -0');
    expect(formatV128(BITS, 'f64x2')).toBe('f64x2 nan:0xffffffff00000001 -5.28426686e-315');
  });

  it('shows a v128 in every interpretation, gdb-style', () => {
    const text = formatWasmValue(fromRaw(BITS, V128));
    expect(text).toMatch(/^v128 \{i8x16 = \{1, 0, 0, 0, -1, .*\}, i16x8 = \{.*\}, i32x4 = \{1, -1, 1069547520, -2147483648\}, i64x2 = \{.*\}, f32x4 = \{.*, 1.5, -0\}, f64x2 = \{.*\}\}$/);
  });

  it('writes one lane of any shape, wrapping to the lane width, and refuses lanes out of range', () => {
    expect(formatV128(withV128Lane(BITS, 'i32x4', 2, 7), 'i32x4')).toBe('i32x4 1 -1 7 -2147483648');
    expect(formatV128(withV128Lane(BITS, 'i8x16', 15, 255), 'i8x16')).toBe('i8x16 1 0 0 0 -1 -1 -1 -1 0 0 -64 63 0 0 0 -1');
    expect(formatV128(withV128Lane(0n, 'f32x4', 1, -2.5), 'f32x4')).toBe('f32x4 0 -2.5 0 0');
    expect(formatV128(withV128Lane(0n, 'f64x2', 1, { type: 'f64', value: NaN, bits: 0x7ff0000000000001n }), 'f64x2')).toBe('f64x2 0 nan:0x7ff0000000000001');
    expect(v128Lanes(withV128Lane(0n, 'i64x2', 0, -1n), 'i64x2').map((l) => l.type === 'i64' && l.value)).toEqual([-1n, 0n]);
    expect(() => withV128Lane(0n, 'i16x8', 8, 1)).toThrow(/lanes 0\.\.7/);
  });

  it('takes a whole v128 as its 128-bit pattern and refuses a scalar typed value', () => {
    expect(toRaw(-1n, V128)).toBe((1n << 128n) - 1n);
    expect(toRaw(fromRaw(BITS, V128), V128)).toBe(BITS);
    expect(() => toRaw(fromRaw(1, I32), V128)).toThrow(/cannot write a i32 into a v128 slot/);
  });
});
