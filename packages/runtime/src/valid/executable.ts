/**
 * What the validator accepts but the engine cannot run yet: SIMD (0xFD instructions, v128
 * values) and GC instructions (0xFB). The compiler translates function bodies lazily, at their
 * first call, so without this check such a module would compile and then fail in the middle of
 * a run. Checked once per module, after validation, it is a CompileError at compile time whose
 * reason starts with "unsupported" (how the spec runner tells a missing feature from a bug).
 */
import { CompileError } from '../errors.ts';
import { readOpcodeImm, skipImmediates } from '../binary/immediates.ts';
import { PREFIX_GC, PREFIX_SIMD, opcodeInfo } from '../binary/opcodes.ts';
import { ByteReader } from '../binary/reader.ts';
import { type ConstExpr, type ModuleInfo, funcTypeOf } from '../syntax/moduleInfo.ts';
import { V128 } from '../syntax/types.ts';
import type { ValType } from '../syntax/types.ts';

const FEATURE: Record<number, string> = { [PREFIX_GC]: 'GC', [PREFIX_SIMD]: 'SIMD' };

function unsupported(what: string, where: string, offset: number): never {
  throw new CompileError(`unsupported ${what} in ${where}: Lantern does not execute it yet`, offset);
}

/** Fails on the first 0xFB/0xFD instruction in [start, end). */
function scanInstructions(bytes: Uint8Array, start: number, end: number, where: string): void {
  const r = new ByteReader(bytes, start, end);
  while (r.pos < end) {
    const at = r.pos;
    const prefix = r.peek();
    const imm = readOpcodeImm(r);
    if (prefix === PREFIX_GC || prefix === PREFIX_SIMD) {
      const sub = new ByteReader(bytes, at + 1, end).u32();
      unsupported(`${FEATURE[prefix]} instruction ${opcodeInfo(prefix, sub)?.[1] ?? ''}`.trimEnd(), where, at);
    }
    skipImmediates(r, imm);
  }
}

function checkValTypes(types: readonly ValType[], where: string, offset: number): void {
  if (types.includes(V128)) unsupported('SIMD value type v128', where, offset);
}

function checkConstExpr(bytes: Uint8Array, expr: ConstExpr | undefined, where: string): void {
  if (expr !== undefined) scanInstructions(bytes, expr.start, expr.end, where);
}

/** Throws an "unsupported …" CompileError if the (valid) module needs SIMD or GC execution. */
export function assertExecutable(info: ModuleInfo): void {
  const { bytes } = info;
  info.globals.forEach((g, i) => {
    const where = `global ${info.importedGlobals + i}`;
    if (g.type.valType === V128) unsupported('SIMD value type v128', where, g.init.start);
    checkConstExpr(bytes, g.init, where);
  });
  info.tables.forEach((t, i) => checkConstExpr(bytes, t.init, `table ${info.importedTables + i}`));
  info.elems.forEach((e, i) => {
    checkConstExpr(bytes, e.offset, `element segment ${i}`);
    for (const item of e.exprs ?? []) checkConstExpr(bytes, item, `element segment ${i}`);
  });
  info.datas.forEach((d, i) => checkConstExpr(bytes, d.offset, `data segment ${i}`));
  info.bodies.forEach((body, i) => {
    const where = `function ${info.importedFuncs + i}`;
    const type = funcTypeOf(info, info.funcTypeIndices[i]);
    checkValTypes(type.params, where, body.entryOffset);
    checkValTypes(type.results, where, body.entryOffset);
    checkValTypes(body.locals, where, body.entryOffset);
    scanInstructions(bytes, body.codeStart, body.codeEnd, where);
  });
}
