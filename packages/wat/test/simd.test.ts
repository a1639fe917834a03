// SIMD text: v128.const in every lane shape, shuffle and lane immediates, the memory-lane
// immediates' memory-index/lane ambiguity, and script values with per-lane NaN patterns.

import { describe, expect, it } from 'vitest';
import { OPS, parseScript, parseWat, wat2wasm, WatError } from '../src/index.ts';
import type { Command } from '../src/index.ts';
import { splitSections } from './wasmSections.ts';

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

/** the encoded instructions of a module's only function (after its locals count 0, before its `end`) */
function body(instrs: string): string {
  const code = splitSections(wat2wasm(`(module (memory 1) (memory $m 1) (func ${instrs}))`)).find((s) => s.id === 10)!;
  return hex(code.items[0]!.subarray(1, -1));
}
function err(text: string): string {
  try {
    parseWat(text);
  } catch (e) {
    if (e instanceof WatError) return e.reason;
    throw e;
  }
  throw new Error('expected a WatError');
}

describe('v128.const', () => {
  it('writes every lane shape little-endian', () => {
    expect(body('(drop (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 -1 255))')).toBe(
      'fd 0c 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d ff ff 1a',
    );
    expect(body('(drop (v128.const i16x8 0x0102 -1 65535 -32768 0 0 0 1))')).toBe(
      'fd 0c 02 01 ff ff ff ff 00 80 00 00 00 00 00 00 01 00 1a',
    );
    expect(body('(drop (v128.const i32x4 0x01020304 -1 0 0x8000_0000))')).toBe(
      'fd 0c 04 03 02 01 ff ff ff ff 00 00 00 00 00 00 00 80 1a',
    );
    expect(body('(drop (v128.const i64x2 -2 0x0102030405060708))')).toBe(
      'fd 0c fe ff ff ff ff ff ff ff 08 07 06 05 04 03 02 01 1a',
    );
    expect(body('(drop (v128.const f32x4 1 -0 inf nan:0x1))')).toBe(
      'fd 0c 00 00 80 3f 00 00 00 80 00 00 80 7f 01 00 80 7f 1a',
    );
    expect(body('(drop (v128.const f64x2 0x1p-1074 -nan))')).toBe(
      'fd 0c 01 00 00 00 00 00 00 00 00 00 00 00 00 00 f8 ff 1a',
    );
  });
  it('rejects a wrong lane count, an unknown shape and out-of-range lanes', () => {
    expect(err('(module (func (drop (v128.const i32x4 1 2 3))))')).toMatch(/wrong number of lane literals: i32x4 takes 4, found 3/);
    expect(err('(module (func (drop (v128.const i32x2 1 2))))')).toMatch(/expected a lane shape/);
    expect(err('(module (func (drop (v128.const i8x16 256 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0))))')).toMatch(/constant out of range: 256/);
    expect(err('(module (func (drop (v128.const i16x8 -32769 0 0 0 0 0 0 0))))')).toMatch(/constant out of range/);
    expect(err('(module (func (drop (v128.const f32x4 1 2 3 x))))')).toMatch(/unexpected token x, expected a f32x4 lane literal/);
  });
});

describe('lane immediates', () => {
  it('encodes shuffle lanes, extract/replace lanes and the SIMD opcodes as u32 LEBs', () => {
    const v = '(v128.const i64x2 0 0)';
    const zero = 'fd 0c 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00';
    expect(body(`(drop (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31 ${v} ${v}))`)).toBe(
      `${zero} ${zero} fd 0d 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 1f 1a`,
    );
    expect(body(`(drop (i64x2.extract_lane 1 ${v}))`)).toBe(`${zero} fd 1d 01 1a`);
    // 0x80 and up take two LEB bytes; relaxed SIMD starts at 0x100
    expect(body(`(drop (i16x8.abs ${v}))`)).toBe(`${zero} fd 80 01 1a`);
    expect(body(`(drop (i32x4.relaxed_dot_i8x16_i7x16_add_s ${v} ${v} ${v}))`)).toBe(`${zero} ${zero} ${zero} fd 93 02 1a`);
  });
  it('rejects signed, fractional and too large lane indices', () => {
    expect(err('(module (func (result i32) (i8x16.extract_lane_s -1 (v128.const i64x2 0 0))))')).toMatch(/unexpected token -1/);
    expect(err('(module (func (result i32) (i8x16.extract_lane_s 1.5 (v128.const i64x2 0 0))))')).toMatch(/unexpected token 1.5/);
    expect(err('(module (func (result i32) (i8x16.extract_lane_s 256 (v128.const i64x2 0 0))))')).toMatch(/i8 constant out of range/);
    expect(err('(module (func (i8x16.shuffle 0 1 2)))')).toMatch(/expected lane index/);
  });
  it('reads a lone number after a memory-lane instruction as the lane, two as memory and lane', () => {
    const args = '(i32.const 0) (v128.const i64x2 0 0)';
    const pre = '41 00 fd 0c 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00';
    expect(body(`(drop (v128.load8_lane 1 ${args}))`)).toBe(`${pre} fd 54 00 00 01 1a`);
    expect(body(`(drop (v128.load8_lane 1 1 ${args}))`)).toBe(`${pre} fd 54 40 01 00 01 1a`);
    expect(body(`(drop (v128.load8_lane $m offset=3 1 ${args}))`)).toBe(`${pre} fd 54 40 01 03 01 1a`);
    expect(body(`(drop (v128.load8_lane 1 align=1 7 ${args}))`)).toBe(`${pre} fd 54 40 01 00 07 1a`);
    expect(body(`(v128.store64_lane offset=8 align=4 1 ${args})`)).toBe(`${pre} fd 5b 02 08 01`);
  });
  it('gives every memory instruction its natural alignment by default', () => {
    expect(body('(drop (v128.load (i32.const 0)))')).toBe('41 00 fd 00 04 00 1a');
    expect(body('(drop (v128.load16_splat (i32.const 0)))')).toBe('41 00 fd 08 01 00 1a');
    expect(body('(drop (v128.load64_zero (i32.const 0)))')).toBe('41 00 fd 5d 03 00 1a');
  });
  it('names 236 fixed-width and 20 relaxed SIMD instructions', () => {
    const simd = [...OPS.values()].filter((d) => d.prefix === 0xfd);
    expect(simd.filter((d) => d.code < 0x100)).toHaveLength(236);
    expect(simd.filter((d) => d.code >= 0x100)).toHaveLength(20);
  });
});

describe('v128 values in scripts', () => {
  const cmds = parseScript(`
    (assert_return (invoke "f" (v128.const i16x8 1 2 3 4 5 6 7 -1))
      (v128.const f32x4 nan:canonical 1 nan:arithmetic -0)
      (v128.const f64x2 1 2)
      (either (v128.const i32x4 1 2 3 4) (v128.const i64x2 0 -1)))
  `);
  const [cmd] = cmds as [Extract<Command, { type: 'assert_return' }>];
  it('reads an argument as its bytes and shape', () => {
    const [arg] = cmd.action.type === 'invoke' ? cmd.action.args : [];
    expect(arg).toMatchObject({ type: 'v128', shape: 'i16x8' });
    expect(hex((arg as { bytes: Uint8Array }).bytes)).toBe('01 00 02 00 03 00 04 00 05 00 06 00 07 00 ff ff');
  });
  it('keeps NaN patterns per lane, and plain values without them', () => {
    const [nans, plain, either] = cmd.expected;
    expect(nans).toMatchObject({ type: 'v128', shape: 'f32x4', lanes: ['canonical', undefined, 'arithmetic', undefined] });
    expect(hex((nans as { bytes: Uint8Array }).bytes).slice(12 * 3)).toBe('00 00 00 80');
    expect(plain).toEqual({ type: 'v128', shape: 'f64x2', bytes: expect.any(Uint8Array) });
    expect(either).toMatchObject({ type: 'either', alternatives: [{ shape: 'i32x4' }, { shape: 'i64x2' }] });
  });
  it('refuses a NaN pattern as an argument or in an integer lane', () => {
    expect(() => parseScript('(invoke "f" (v128.const f32x4 nan:canonical 0 0 0))')).toThrow(/concrete value/);
    expect(() => parseScript('(assert_return (invoke "f") (v128.const i32x4 nan:canonical 0 0 0))')).toThrow(/i32x4 lane literal/);
  });
});
