/**
 * What the validator accepts but the engine cannot run yet: GC instructions (0xFB). The compiler
 * translates function bodies lazily, at their first call, so without this check such a module
 * would compile and then fail in the middle of a run. Checked once per module, after validation,
 * it is a CompileError at compile time whose reason starts with "unsupported" (how the spec
 * runner tells a missing feature from a bug).
 */
import { CompileError } from '../errors.ts';
import { readOpcodeImm, skipImmediates } from '../binary/immediates.ts';
import { PREFIX_GC, opcodeInfo } from '../binary/opcodes.ts';
import { ByteReader } from '../binary/reader.ts';
import type { ConstExpr, ModuleInfo } from '../syntax/moduleInfo.ts';

function unsupported(what: string, where: string, offset: number): never {
  throw new CompileError(`unsupported ${what} in ${where}: Lantern does not execute it yet`, offset);
}

/** Fails on the first 0xFB instruction in [start, end). */
function scanInstructions(bytes: Uint8Array, start: number, end: number, where: string): void {
  const r = new ByteReader(bytes, start, end);
  while (r.pos < end) {
    const at = r.pos;
    const prefix = r.peek();
    const imm = readOpcodeImm(r);
    if (prefix === PREFIX_GC) {
      const sub = new ByteReader(bytes, at + 1, end).u32();
      unsupported(`GC instruction ${opcodeInfo(prefix, sub)?.[1] ?? ''}`.trimEnd(), where, at);
    }
    skipImmediates(r, imm);
  }
}

function checkConstExpr(bytes: Uint8Array, expr: ConstExpr | undefined, where: string): void {
  if (expr !== undefined) scanInstructions(bytes, expr.start, expr.end, where);
}

/** Throws an "unsupported …" CompileError if the (valid) module needs GC execution. */
export function assertExecutable(info: ModuleInfo): void {
  const { bytes } = info;
  info.globals.forEach((g, i) => {
    checkConstExpr(bytes, g.init, `global ${info.importedGlobals + i}`);
  });
  info.tables.forEach((t, i) => checkConstExpr(bytes, t.init, `table ${info.importedTables + i}`));
  info.elems.forEach((e, i) => {
    checkConstExpr(bytes, e.offset, `element segment ${i}`);
    for (const item of e.exprs ?? []) checkConstExpr(bytes, item, `element segment ${i}`);
  });
  info.datas.forEach((d, i) => checkConstExpr(bytes, d.offset, `data segment ${i}`));
  info.bodies.forEach((body, i) => {
    scanInstructions(bytes, body.codeStart, body.codeEnd, `function ${info.importedFuncs + i}`);
  });
}
