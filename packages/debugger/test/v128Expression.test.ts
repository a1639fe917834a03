// v128 lanes in expressions (`print $v.i32x4`, `set var $v.f32x4[1] = 2.5`), on a frame stub:
// the evaluator reads and writes only through the frame's local accessors.
import { describe, expect, it } from 'vitest';
import { V128 } from '@lantern/runtime';
import { assign, evaluate, fromRaw, render, toRaw, typeOfValue } from '../src/index.ts';
import type { EvalEnv, WasmFrameInfo, WasmValue } from '../src/index.ts';

function env(bits: bigint): { env: EvalEnv; bits: () => bigint } {
  let local: WasmValue = fromRaw(bits, V128);
  const frame = {
    function: 'f',
    locals: [{ index: 0, name: 'v', value: local }],
    operands: [],
    variable: () => undefined,
    local: (i: number) => (i === 0 ? local : undefined),
    setLocal: (i: number, value: number | bigint) => {
      if (i === 0) local = fromRaw(toRaw(value, V128), V128);
    },
  } as unknown as WasmFrameInfo;
  return { env: { frame, readMemory: () => new Uint8Array(0), global: () => undefined }, bits: () => (local as { bits: bigint }).bits };
}

// i32x4 lanes 1, -1, 0x3fc00000 (f32 1.5), 7
const BITS = 0x00000007_3fc00000_ffffffff_00000001n;

describe('v128 lanes in expressions', () => {
  it('prints a v128 as the lanes of a shape, and one lane', () => {
    const { env: e } = env(BITS);
    expect(render(evaluate('$v.i32x4', e))).toBe('{1, -1, 1069547520, 7}');
    expect(render(evaluate('$v.i16x8', e), 'x')).toBe('{0x1, 0x0, 0xffff, 0xffff, 0x0, 0x3fc0, 0x7, 0x0}');
    expect(render(evaluate('$local0.f32x4[2]', e))).toBe('1.5');
    expect(typeOfValue(evaluate('$v.f64x2', e))).toBe('f64x2');
    expect(render(evaluate('$v', e))).toMatch(/^\{i8x16 = \{1, 0, 0, 0, -1, -1, -1, -1, .*\}, f64x2 = \{.*\}\}$/);
    expect(() => evaluate('$v.i32x8', e)).toThrow(/no member named i32x8: a v128 has i8x16, i16x8, i32x4, i64x2, f32x4, f64x2/);
    expect(() => evaluate('$v.i64x2[2]', e)).toThrow(/outside the i64x2 lanes \(0\.\.1\)/);
  });

  it('writes one lane back into the local, the others unchanged, and a whole v128', () => {
    const { env: e, bits } = env(BITS);
    expect(render(assign('$v.f32x4[1]', '2.5', e))).toBe('2.5');
    expect(render(evaluate('$v.i32x4', e))).toBe(`{1, ${0x40200000}, 1069547520, 7}`);
    assign('$v.i8x16[15]', '-1', e);
    expect(bits() >> 120n).toBe(0xffn);
    assign('$v', '0x0102', e);
    expect(bits()).toBe(0x0102n);
  });
});
