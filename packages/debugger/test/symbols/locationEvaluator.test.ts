/** The location evaluator on hand-built expressions over a fake wasm frame. */

import { describe, expect, it } from 'vitest';
import { evaluateLocation, readLocationBytes } from '../../src/symbols/dwarf/locationEvaluator.ts';
import type { FrameAccess } from '../../src/symbols/dwarf/locationEvaluator.ts';
import { describeExpression } from '../../src/symbols/dwarf/expression.ts';

const e = (...b: number[]) => new Uint8Array(b);
const STACK_VALUE = 0x9f;
const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
};

function frame(extra: Partial<FrameAccess> = {}): FrameAccess & { memory: Uint8Array } {
  const memory = new Uint8Array(0x10000);
  const locals = [5, 0x2000, -7, 0x1234_5678_9abc_def0n, { type: 'f32', value: 1.5 } as const];
  const globals = [0x8000];
  const operands = [11, 22, 33];
  return {
    memory,
    readLocal: (i) => locals[i],
    readGlobal: (i) => globals[i],
    readOperand: (i) => operands[i],
    readMemory: (a, n) => memory.slice(a, a + n),
    ...extra,
  };
}

describe('DW_OP_WASM_location', () => {
  it('alone is the slot itself (a register-like location)', () => {
    expect(evaluateLocation(e(0xed, 0x00, 0x02), frame())).toEqual({ kind: 'wasm', space: 'local', index: 2 });
    expect(evaluateLocation(e(0xed, 0x01, 0x00), frame())).toEqual({ kind: 'wasm', space: 'global', index: 0 });
    expect(evaluateLocation(e(0xed, 0x02, 0x01), frame())).toEqual({ kind: 'wasm', space: 'operand', index: 1 });
    // kind 3: global with a fixed 4-byte index (LLVM's relocatable __stack_pointer form).
    expect(evaluateLocation(e(0xed, 0x03, 0, 0, 0, 0), frame())).toEqual({ kind: 'wasm', space: 'global', index: 0 });
  });

  it('with DW_OP_stack_value is the slot value, typed bytes preserved', () => {
    const f = frame();
    const r = evaluateLocation(e(0xed, 0x00, 0x02, STACK_VALUE), f);
    expect(r).toMatchObject({ kind: 'value', value: BigInt.asUintN(64, -7n) });
    expect(Array.from(readLocationBytes(r, 4, f)!)).toEqual([0xf9, 0xff, 0xff, 0xff]);
    const i64 = evaluateLocation(e(0xed, 0x00, 0x03, STACK_VALUE), f);
    expect(new DataView(readLocationBytes(i64, 8, f)!.buffer).getBigUint64(0, true)).toBe(0x1234_5678_9abc_def0n);
    const f32 = evaluateLocation(e(0xed, 0x00, 0x04, STACK_VALUE), f);
    expect(new DataView(readLocationBytes(f32, 4, f)!.buffer).getFloat32(0, true)).toBe(1.5);
    const op = evaluateLocation(e(0xed, 0x02, 0x02, STACK_VALUE), f);
    expect(op).toMatchObject({ kind: 'value', value: 33n });
  });

  it('reads an object wider than its slot through the address the slot holds (byval structs)', () => {
    const f = frame();
    // local 1 holds 0x2000, where an 8-byte struct {int x; int y} lives (clang -O0 byval param).
    new DataView(f.memory.buffer).setInt32(0x2000, 3, true);
    new DataView(f.memory.buffer).setInt32(0x2004, 2, true);
    const r = evaluateLocation(e(0xed, 0x00, 0x01), f);
    expect(Array.from(readLocationBytes(r, 8, f)!)).toEqual([3, 0, 0, 0, 2, 0, 0, 0]);
    // A scalar that fits its slot is still the slot's own value.
    expect(Array.from(readLocationBytes(r, 4, f)!)).toEqual([0x00, 0x20, 0, 0]);
  });

  it('feeds arithmetic (clang -O2 pointer-alignment pattern)', () => {
    // DW_OP_WASM_location 0x0 0x1, DW_OP_constu 0xfffffffffffffff0, DW_OP_and, DW_OP_stack_value
    const expr = e(0xed, 0x00, 0x01, 0x10, 0xf0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x1a, STACK_VALUE);
    expect(describeExpression(expr)).toBe('DW_OP_WASM_location 0x0 0x1, DW_OP_constu 0xfffffffffffffff0, DW_OP_and, DW_OP_stack_value');
    expect(evaluateLocation(expr, frame({ readLocal: () => 0x2007 }))).toEqual({ kind: 'value', value: 0x2000n });
  });
});

describe('DW_OP_fbreg and the frame base', () => {
  it('-O0: frame base = local N (stack_value), variable in linear memory at base + offset', () => {
    const f = frame({ frameBase: e(0xed, 0x00, 0x01, STACK_VALUE) });
    new DataView(f.memory.buffer).setInt32(0x2000 + 12, -42, true);
    const r = evaluateLocation(e(0x91, ...sleb(12)), f);
    expect(r).toEqual({ kind: 'memory', address: 0x200c });
    expect(new DataView(readLocationBytes(r, 4, f)!.buffer).getInt32(0, true)).toBe(-42);
    expect(evaluateLocation(e(0x91, ...sleb(-16)), f)).toEqual({ kind: 'memory', address: 0x1ff0 });
  });

  it('-O2: frame base = global 0 (__stack_pointer, fixed-u32 form)', () => {
    const f = frame({ frameBase: e(0xed, 0x03, 0, 0, 0, 0, STACK_VALUE) });
    expect(evaluateLocation(e(0x91, ...sleb(8)), f)).toEqual({ kind: 'memory', address: 0x8008 });
  });

  it('a register-like frame base (no stack_value) reads the slot too; a numeric base is used as is', () => {
    expect(evaluateLocation(e(0x91, 4), frame({ frameBase: e(0xed, 0x00, 0x01) }))).toEqual({ kind: 'memory', address: 0x2004 });
    expect(evaluateLocation(e(0x91, 4), frame({ frameBase: 0x100 }))).toEqual({ kind: 'memory', address: 0x104 });
  });

  it('without a frame base is an error, not a throw', () => {
    expect(evaluateLocation(e(0x91, 4), frame())).toMatchObject({ kind: 'error' });
  });
});

describe('stack operations', () => {
  const value = (...b: number[]) => evaluateLocation(e(...b, STACK_VALUE), frame());
  it('constants', () => {
    expect(value(0x30 + 7)).toEqual({ kind: 'value', value: 7n }); // lit7
    expect(value(0x10, ...uleb(300))).toEqual({ kind: 'value', value: 300n }); // constu
    expect(value(0x11, ...sleb(-3))).toEqual({ kind: 'value', value: BigInt.asUintN(64, -3n) }); // consts
    expect(value(0x08, 0xff)).toEqual({ kind: 'value', value: 255n }); // const1u
    expect(value(0x09, 0xff)).toEqual({ kind: 'value', value: BigInt.asUintN(64, -1n) }); // const1s
    expect(value(0x0c, 0x78, 0x56, 0x34, 0x12)).toEqual({ kind: 'value', value: 0x12345678n }); // const4u
  });
  it('arithmetic and logic', () => {
    expect(value(0x35, 0x33, 0x22)).toEqual({ kind: 'value', value: 8n }); // lit5 lit3 plus
    expect(value(0x35, 0x33, 0x1c)).toEqual({ kind: 'value', value: 2n }); // minus
    expect(value(0x35, 0x23, ...uleb(10))).toEqual({ kind: 'value', value: 15n }); // plus_uconst
    expect(value(0x3c, 0x36, 0x1a)).toEqual({ kind: 'value', value: 4n }); // 12 & 6
    expect(value(0x3c, 0x33, 0x21)).toEqual({ kind: 'value', value: 15n }); // 12 | 3
    expect(value(0x33, 0x32, 0x24)).toEqual({ kind: 'value', value: 12n }); // 3 << 2
    expect(value(0x3c, 0x32, 0x25)).toEqual({ kind: 'value', value: 3n }); // 12 >> 2
  });
  it('dup / drop / swap / over / pick', () => {
    expect(value(0x33, 0x12, 0x22)).toEqual({ kind: 'value', value: 6n }); // 3 dup plus
    expect(value(0x33, 0x34, 0x13)).toEqual({ kind: 'value', value: 3n }); // 3 4 drop
    expect(value(0x3a, 0x33, 0x16, 0x1c)).toEqual({ kind: 'value', value: BigInt.asUintN(64, -7n) }); // 10 3 swap minus = 3-10
    expect(value(0x3a, 0x33, 0x14)).toEqual({ kind: 'value', value: 10n }); // 10 3 over
    expect(value(0x3a, 0x33, 0x34, 0x15, 2)).toEqual({ kind: 'value', value: 10n }); // pick 2
  });
  it('deref reads linear memory (address-sized and deref_size)', () => {
    const f = frame();
    new DataView(f.memory.buffer).setUint32(0x100, 0x4000, true);
    f.memory[0x4000] = 0xab;
    expect(evaluateLocation(e(0x0a, 0x00, 0x01, 0x06), f)).toEqual({ kind: 'memory', address: 0x4000 }); // const2u 0x100 deref
    expect(evaluateLocation(e(0x0a, 0x00, 0x40, 0x94, 1, STACK_VALUE), f)).toEqual({ kind: 'value', value: 0xabn });
  });
  it('DW_OP_addr is a linear-memory address', () => {
    expect(evaluateLocation(e(0x03, 0x00, 0x04, 0x00, 0x00), frame())).toEqual({ kind: 'memory', address: 0x400 });
  });
  it('branches', () => {
    // lit1 bra +1 (skip lit5) lit7 stack_value → 7; lit0 bra → falls through to lit5
    expect(evaluateLocation(e(0x31, 0x28, 1, 0, 0x35, 0x37, STACK_VALUE), frame())).toEqual({ kind: 'value', value: 7n });
    expect(evaluateLocation(e(0x30, 0x28, 1, 0, 0x35, STACK_VALUE), frame())).toEqual({ kind: 'value', value: 5n });
  });
});

describe('pieces, implicit values and failures', () => {
  it('DW_OP_piece composes a value from parts (clang -O2 char-splitting pattern)', () => {
    // WASM_location 0 0, stack_value, piece 1, WASM_location 0 0, lit8, shr, stack_value, piece 3
    const f = frame({ readLocal: () => 0x11223344 });
    const r = evaluateLocation(e(0xed, 0, 0, STACK_VALUE, 0x93, 1, 0xed, 0, 0, 0x38, 0x25, STACK_VALUE, 0x93, 3), f);
    expect(r.kind).toBe('pieces');
    expect(Array.from(readLocationBytes(r, 4, f)!)).toEqual([0x44, 0x33, 0x22, 0x11]);
  });
  it('an empty piece is optimized out; an empty expression too', () => {
    const r = evaluateLocation(e(0x93, 4), frame());
    expect(r).toEqual({ kind: 'pieces', pieces: [{ size: 4, location: { kind: 'optimizedOut' } }] });
    expect(readLocationBytes(r, 4, frame())).toBeUndefined();
    expect(evaluateLocation(e(), frame())).toEqual({ kind: 'optimizedOut' });
  });
  it('DW_OP_implicit_value carries its bytes', () => {
    const f = frame();
    const r = evaluateLocation(e(0x9e, 2, 0x34, 0x12), f);
    expect(Array.from(readLocationBytes(r, 2, f)!)).toEqual([0x34, 0x12]);
  });
  it('DW_OP_regN, underflow and unknown ops are errors, never throws', () => {
    expect(evaluateLocation(e(0x50), frame())).toMatchObject({ kind: 'error' });
    expect(evaluateLocation(e(0x22), frame())).toMatchObject({ kind: 'error', message: expect.stringContaining('underflow') });
    expect(evaluateLocation(e(0x9c), frame())).toMatchObject({ kind: 'error' }); // call_frame_cfa
    expect(evaluateLocation(e(0xed, 9, 0), frame())).toMatchObject({ kind: 'error' });
    expect(evaluateLocation(e(0x10), frame())).toMatchObject({ kind: 'error' }); // truncated operand
  });
});
