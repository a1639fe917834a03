/**
 * ByteReader: LEB128 edge cases with the reference decoder's exact malformation rules, floats,
 * UTF-8 names.
 */
import { describe, expect, it } from 'vitest';
import { ByteReader } from '../../src/binary/reader.ts';
import { CompileError } from '../../src/errors.ts';

const rd = (...b: number[]) => new ByteReader(Uint8Array.from(b));

function errorOf(f: () => unknown): CompileError {
  try {
    f();
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
  throw new Error('expected a CompileError');
}

describe('u32', () => {
  it('reads minimal and padded encodings', () => {
    expect(rd(0x00).u32()).toBe(0);
    expect(rd(0x7f).u32()).toBe(127);
    expect(rd(0x80, 0x01).u32()).toBe(128);
    expect(rd(0x80, 0x80, 0x80, 0x80, 0x00).u32()).toBe(0); // padded to 5 bytes
    expect(rd(0xff, 0xff, 0xff, 0xff, 0x0f).u32()).toBe(0xffffffff);
  });
  it('rejects unused bits in the 5th byte as "integer too large" at that byte', () => {
    const e = errorOf(() => rd(0xff, 0xff, 0xff, 0xff, 0x1f).u32());
    expect(e.reason).toBe('integer too large');
    expect(e.offset).toBe(4);
  });
  it('rejects a 6th byte as "integer representation too long" at that byte', () => {
    const e = errorOf(() => rd(0x80, 0x80, 0x80, 0x80, 0x80, 0x00).u32());
    expect(e.reason).toBe('integer representation too long');
    expect(e.offset).toBe(5);
  });
  it('reports running out of input as unexpected end', () => {
    expect(errorOf(() => rd(0x80).u32()).reason).toMatch(/^unexpected end/);
  });
});

describe('signed', () => {
  it('s32 sign-extends and checks the sign bits of the last byte', () => {
    expect(rd(0x7f).s32()).toBe(-1);
    expect(rd(0x80, 0x80, 0x80, 0x80, 0x78).s32()).toBe(-2147483648);
    expect(rd(0xff, 0xff, 0xff, 0xff, 0x07).s32()).toBe(2147483647);
    expect(errorOf(() => rd(0xff, 0xff, 0xff, 0xff, 0x4f).s32()).reason).toBe('integer too large');
    expect(errorOf(() => rd(0x80, 0x80, 0x80, 0x80, 0x70).s32()).reason).toBe('integer too large');
  });
  it('s33 covers the u32 range of type indices', () => {
    expect(rd(0xff, 0xff, 0xff, 0xff, 0x0f).s33()).toBe(0xffffffff);
    expect(rd(0x40).s33()).toBe(-64);
  });
  it('s64 and u64 read bigints and check the 10th byte', () => {
    expect(rd(0x7f).s64()).toBe(-1n);
    expect(rd(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f).s64()).toBe(-(1n << 63n));
    expect(rd(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).u64()).toBe(0xffff_ffff_ffff_ffffn);
    expect(errorOf(() => rd(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02).u64()).reason).toBe(
      'integer too large',
    );
    expect(errorOf(() => rd(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x70).s64()).reason).toBe(
      'integer too large',
    );
    const r = rd(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00);
    expect(errorOf(() => r.skipS64()).reason).toBe('integer representation too long');
  });
  it('u64AsNumber is exact below 2^49 without bigints and falls back above', () => {
    expect(rd(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f).u64AsNumber()).toBe(2 ** 49 - 1);
    expect(rd(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01).u64AsNumber()).toBe(2 ** 49);
  });
});

describe('floats and names', () => {
  it('reads little-endian IEEE floats', () => {
    expect(rd(0x00, 0x00, 0x80, 0x3f).f32()).toBe(1);
    expect(rd(0, 0, 0, 0, 0, 0, 0xf0, 0xbf).f64()).toBe(-1);
  });
  it('decodes UTF-8 names (BOM kept) and rejects malformed ones at the length field', () => {
    expect(rd(0x03, 0x61, 0x62, 0x63).name()).toBe('abc');
    expect(rd(0x03, 0xef, 0xbb, 0xbf).name()).toBe('\ufeff');
    expect(rd(0x02, 0xc3, 0xa9).name()).toBe('é');
    for (const bad of [
      [0x02, 0xc0, 0x80], // overlong
      [0x03, 0xed, 0xa0, 0x80], // surrogate
      [0x01, 0x80], // stray continuation
      [0x04, 0xf4, 0x90, 0x80, 0x80], // > U+10FFFF
    ]) {
      const e = errorOf(() => rd(0x00, ...bad).name() + new ByteReader(Uint8Array.from([0x00, ...bad]), 1).name());
      expect(e.reason).toBe('malformed UTF-8 encoding');
      expect(e.offset).toBe(1);
    }
  });
  it('rejects lengths beyond the input as "length out of bounds"', () => {
    expect(errorOf(() => rd(0x05, 0x61).name()).reason).toBe('length out of bounds');
  });
});
