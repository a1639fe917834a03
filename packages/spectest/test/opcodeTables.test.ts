// The two opcode tables agree: @lantern/wat's (packages/wat/src/opcodes.ts, text -> encoding) and
// the runtime's (packages/runtime/src/binary/opcodes.ts, encoding -> decoding and validation)
// stand alone by design, so this package, which depends on both, checks every shared mnemonic:
// same prefix and code, immediates of corresponding kinds, same natural alignment.
import { describe, expect, it } from 'vitest';
import { Imm as RtImm, OPS as RT_SINGLE, OPS_FB, OPS_FC, OPS_FD, PREFIX_GC, PREFIX_MISC, PREFIX_SIMD, type OpRow } from '@lantern/runtime';
import { Imm as WatImm, OPS as WAT_OPS } from '@lantern/wat';

const RUNTIME_GROUPS: [prefix: number, rows: Record<string, OpRow>][] = [
  [0, RT_SINGLE], [PREFIX_MISC, OPS_FC], [PREFIX_GC, OPS_FB], [PREFIX_SIMD, OPS_FD],
];

/** The runtime's immediate kinds that each text-format immediate kind encodes to. */
const IMMEDIATES: Record<WatImm, readonly number[]> = {
  [WatImm.None]: [RtImm.None],
  [WatImm.Block]: [RtImm.BlockType],
  [WatImm.TryTable]: [RtImm.TryTable],
  [WatImm.Else]: [RtImm.None],
  [WatImm.End]: [RtImm.None],
  [WatImm.Catch]: [RtImm.Tag],
  [WatImm.CatchAll]: [RtImm.None],
  [WatImm.Delegate]: [RtImm.Label],
  [WatImm.Label]: [RtImm.Label],
  [WatImm.BrTable]: [RtImm.BrTable],
  [WatImm.Func]: [RtImm.Func],
  [WatImm.Type]: [RtImm.Type],
  [WatImm.TypeType]: [RtImm.TypeType],
  [WatImm.TypeField]: [RtImm.TypeField],
  [WatImm.TypeU32]: [RtImm.TypeCount],
  [WatImm.TypeData]: [RtImm.TypeData],
  [WatImm.TypeElem]: [RtImm.TypeElem],
  [WatImm.CallIndirect]: [RtImm.CallIndirect],
  [WatImm.Local]: [RtImm.Local],
  [WatImm.Global]: [RtImm.Global],
  [WatImm.Table]: [RtImm.Table],
  [WatImm.TableTable]: [RtImm.TableCopy],
  [WatImm.TableElem]: [RtImm.TableInit],
  [WatImm.Elem]: [RtImm.Elem],
  [WatImm.Data]: [RtImm.Data],
  [WatImm.Mem]: [RtImm.Memory],
  [WatImm.MemMem]: [RtImm.MemoryCopy],
  [WatImm.MemData]: [RtImm.MemoryInit],
  [WatImm.MemArg]: [RtImm.MemArg],
  [WatImm.I32]: [RtImm.I32],
  [WatImm.I64]: [RtImm.I64],
  [WatImm.F32]: [RtImm.F32],
  [WatImm.F64]: [RtImm.F64],
  [WatImm.Select]: [RtImm.None, RtImm.SelectT], // `select` and `select (result t)*`
  [WatImm.HeapType]: [RtImm.HeapType],
  [WatImm.RefCast]: [RtImm.HeapType],
  [WatImm.BrOnCast]: [RtImm.BrOnCast],
  [WatImm.Tag]: [RtImm.Tag],
  [WatImm.TypeTag]: [RtImm.Switch],
  [WatImm.Resume]: [RtImm.Resume],
  [WatImm.ResumeThrow]: [RtImm.ResumeThrow],
  [WatImm.ResumeThrowRef]: [RtImm.Resume],
  [WatImm.V128]: [RtImm.V128],
  [WatImm.Shuffle]: [RtImm.Shuffle],
  [WatImm.Lane]: [RtImm.Lane],
  [WatImm.MemArgLane]: [RtImm.MemArgLane],
};

describe('the text format and the runtime share one opcode vocabulary', () => {
  it('every mnemonic of @lantern/wat has the runtime\'s encoding, immediates and alignment', () => {
    const disagreements: string[] = [];
    for (const def of WAT_OPS.values()) {
      const group = RUNTIME_GROUPS.find(([prefix]) => prefix === def.prefix);
      const rows = group === undefined ? [] : Object.values(group[1]).filter((r) => r[1] === def.name);
      const row = rows.find((r) => r[0] === def.code);
      if (row === undefined) {
        disagreements.push(`${def.name}: wat encodes ${def.prefix.toString(16)}:${def.code.toString(16)}, the runtime has ${rows.map((r) => r[0].toString(16)).join(', ') || 'no such instruction'}`);
        continue;
      }
      const allowed = rows.map((r) => r[2]);
      if (!allowed.some((imm) => IMMEDIATES[def.imm].includes(imm))) disagreements.push(`${def.name}: immediates wat kind ${def.imm}, runtime ${allowed.join(', ')}`);
      if ((def.imm === WatImm.MemArg || def.imm === WatImm.MemArgLane) && row[4] !== def.natAlign) disagreements.push(`${def.name}: natural alignment wat ${def.natAlign}, runtime ${row[4]}`);
    }
    expect(disagreements).toEqual([]);
    expect(WAT_OPS.size).toBeGreaterThan(250);
  });

  it('the text format names every instruction the runtime decodes', () => {
    const missing = RUNTIME_GROUPS.flatMap(([, rows]) => Object.values(rows).map((r) => r[1])).filter((name) => !WAT_OPS.has(name));
    expect(missing).toEqual([]);
  });

  it('both have the 236 fixed-width and 20 relaxed SIMD instructions', () => {
    const simd = Object.values(OPS_FD);
    expect(simd.filter((r) => r[0] < 0x100)).toHaveLength(236);
    expect(simd.filter((r) => r[0] >= 0x100)).toHaveLength(20);
    expect([...WAT_OPS.values()].filter((d) => d.prefix === PREFIX_SIMD)).toHaveLength(simd.length);
  });
});
