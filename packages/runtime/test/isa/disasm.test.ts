import { describe, expect, it } from 'vitest';
import { type DisasmContext, disassemble } from '../../src/isa/disasm.ts';
import { Op } from '../../src/isa/op.generated.ts';

/** A context over a code buffer starting at `base`, with one offset per instruction start. */
function context(base: number, offsets: Map<number, number>, patched = new Map<number, number>()): DisasmContext {
  return {
    base,
    offsetAt: (pc) => offsets.get(pc) ?? -1,
    opAt: (pc) => patched.get(pc) ?? code[pc],
    funcName: (addr) => `f${addr}`,
    globalName: (cell) => `g${cell}`,
    typeName: (canon) => `t${canon}`,
  };
}
let code = new Int32Array(0);

describe('the disassembler (isa/disasm.ts)', () => {
  it('prints pcs and targets relative to the base, operands by their kind, variable-length groups', () => {
    const base = 100;
    code = new Int32Array(200);
    code.set([
      Op.I64AddImm, 6, 0, 5, 0, // d a imm64 (small: decimal)
      Op.I64MulImm, 6, 6, 0x1ce4e5b9, -0x40a7b893, // imm64 bit pattern: hex
      Op.BrTable, 2, 1, 110, 119, // a n [t]*n+1
      Op.Load8U, 4, 2, -1, 16, // d a c offset
      Op.Call, 3, 8, // func args
    ], base);
    const lines = disassemble(code, base, base + 22, context(base, new Map([[100, 0x2e], [110, 0x30]])));
    expect(lines).toEqual([
      '  0  0x00002e  I64AddImm r3, r0, 5',
      '  5         -  I64MulImm r3, r3, 0xbf58476d1ce4e5b9',
      ' 10  0x000030  BrTable r1, 1, [-> 10, -> 19]',
      ' 15         -  Load8U r2, r1, -1, +16',
      ' 20         -  Call f3, r4',
    ]);
  });

  it('shows the instruction under a patched Break, marked', () => {
    code = new Int32Array([Op.Break, 2, 7, Op.Return, 4]);
    const lines = disassemble(code, 0, 5, context(0, new Map(), new Map([[0, Op.Const32]])));
    expect(lines).toEqual(['  0         -  Const32* r1, 7', '  3         -  Return r2']);
  });

  it('stops at a word that is no opcode instead of walking garbage', () => {
    code = new Int32Array([99999, 0]);
    expect(disassemble(code, 0, 2, context(0, new Map()))).toEqual(['  0         -  <bad opcode 99999>', '  1  <undecodable from here>']);
  });
});
