import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkInterpreter, outputs, paths, rows } from '../../scripts/genIsa.ts';
import { OPS, OPS_FB, OPS_FC, OPS_FD } from '../../src/binary/opcodes.ts';
import { Ctl } from '../../src/exec/control.ts';
import { Op } from '../../src/isa/op.generated.ts';
import { lengthAt, resultSlotAt, shapeOf } from '../../src/isa/layout.ts';

const interpreter = () => readFileSync(fileURLToPath(new URL(`../../${paths.interpreter}`, import.meta.url)), 'utf8');

describe('the instruction table (src/isa/instructions.ts)', () => {
  it('generated outputs are current (regenerate: pnpm --filter @lantern/runtime gen:isa)', () => {
    for (const [path, current, generated] of outputs()) expect(current, path).toBe(generated);
  });

  it('agrees with every interpreter case: length, branch target, traps', () => {
    expect(checkInterpreter(interpreter())).toEqual([]);
  });

  it('the check catches a case whose length, target or traps drift from the table', () => {
    const src = interpreter();
    const add = src.indexOf('case Op.I32Add:');
    const wrongLength = src.slice(0, add) + src.slice(add).replace('pc += 4;', 'pc += 5;');
    expect(checkInterpreter(wrongLength)).toContain('Op.I32Add: the case advances pc by 5, the table says 4');
    const brIf = src.indexOf('case Op.BrIf:');
    const wrongTarget = src.slice(0, brIf) + src.slice(brIf).replace('? code[pc + 2] : pc + 3', '? code[pc + 1] : pc + 3');
    expect(checkInterpreter(wrongTarget).some((p) => p.startsWith('Op.BrIf: the case branches to word 1'))).toBe(true);
    const sub = src.indexOf('case Op.I32Sub:');
    const newTrap = src.slice(0, sub) + src.slice(sub).replace('pc += 4;', 'if (pc < 0) { trap = TrapCode.Unreachable; break run; }\n        pc += 4;');
    expect(checkInterpreter(newTrap)).toContain('case Op.I32Sub: the case can trap but the table lists no traps');
    const missing = src.replace('case Op.RefEq:', 'case Op.RefIsNull:');
    expect(checkInterpreter(missing)).toContain('Op.RefEq: no case in the interpreter');
  });

  it('names only wasm instructions of the opcode table (binary/opcodes.ts)', () => {
    const mnemonics = new Set<string>([...Object.values(OPS), ...Object.values(OPS_FB), ...Object.values(OPS_FC), ...Object.values(OPS_FD)].map((row) => row[1]));
    for (const r of rows()) {
      for (const name of [...(r.def.wasm ?? []), ...(r.def.fuses ?? [])]) expect(mnemonics.has(name), `${r.def.name}: ${name}`).toBe(true);
    }
  });

  it('numbers Op in row order and gives every opcode a layout', () => {
    const all = rows();
    expect(Op.Count).toBe(all.length);
    expect(all[Op.I32Add].def.name).toBe('I32Add');
    // exec/control.ts receives `op - Op.Throw` as its Ctl.
    const ctl: [Ctl, string][] = [[Ctl.Throw, 'Throw'], [Ctl.ContBind, 'ContBind'], [Ctl.Resume, 'Resume'], [Ctl.Switch, 'Switch']];
    for (const [c, name] of ctl) expect(all[Op.Throw + c].def.name).toBe(name);
    for (let op = 0; op < Op.Count; op++) expect(shapeOf(op), all[op].def.name).toBeDefined();
    expect(shapeOf(Op.Count)).toBeUndefined();
  });

  it('computes variable lengths and result slots from the code', () => {
    const code = new Int32Array(32);
    code.set([Op.BrTable, 10, 3, 100, 101, 102, 103]);
    expect(lengthAt(code, 0, Op.BrTable)).toBe(7);
    code.set([Op.ConstFill, 1, 9, 6, 1, 0]);
    expect(lengthAt(code, 0, Op.ConstFill)).toBe(9); // its len word, padding included
    code.set([Op.Resume, 8, 10, 0, 1, 2]);
    expect(lengthAt(code, 0, Op.Resume)).toBe(6 + 2 * 4);
    code.set([Op.LoadX, Op.Load32, 12, 14, 0, 0, 0]);
    expect(resultSlotAt(code, 0, Op.LoadX)).toBe(12);
    code.set([Op.CallIndirect, 0, 5, 20, 4, 0]);
    expect(resultSlotAt(code, 0, Op.CallIndirect)).toBe(20);
    code.set([Op.MemMove8, 2, 0, 0, 4, 0, 0, Op.MemMoveStoreSite]);
    expect(resultSlotAt(code, 0, Op.MemMove8)).toBe(-1);
  });
});
