/**
 * JS for memory 0 (32-bit addresses): loads, stores, memory.size/grow and the bulk operations.
 * The views `M` (DataView), `U` (Uint8Array) and the byte length `ML` are JS locals of the
 * compiled function, reloaded after anything that can grow or replace memory (calls,
 * memory.grow). Every access tests its bounds first and traps before any effect; byte loads and
 * stores go through `U` (cheaper than the DataView), wider ones through `M`, unaligned allowed.
 */
import type { MemArg } from '../binary/immediates.ts';
import type { Cat, JsEmitter } from './codegen.ts';

/** [result category, bytes, DataView getter or '' for U, sign-extend the i64 high half]. */
const LOADS: Record<number, [Cat, number, string, boolean]> = {
  0x28: ['i', 4, 'getInt32', false], 0x29: ['l', 8, '', false], 0x2a: ['f', 4, 'getFloat32', false], 0x2b: ['d', 8, 'getFloat64', false],
  0x2c: ['i', 1, 'i8', false], 0x2d: ['i', 1, '', false], 0x2e: ['i', 2, 'getInt16', false], 0x2f: ['i', 2, 'getUint16', false],
  0x30: ['l', 1, 'i8', true], 0x31: ['l', 1, '', false], 0x32: ['l', 2, 'getInt16', true], 0x33: ['l', 2, 'getUint16', false],
  0x34: ['l', 4, 'getInt32', true], 0x35: ['l', 4, 'getInt32', false],
};
/** [value category, bytes, DataView setter or '' for U]. */
const STORES: Record<number, [Cat, number, string]> = {
  0x36: ['i', 4, 'setInt32'], 0x37: ['l', 8, ''], 0x38: ['f', 4, 'setFloat32'], 0x39: ['d', 8, 'setFloat64'],
  0x3a: ['i', 1, ''], 0x3b: ['i', 2, 'setInt16'], 0x3c: ['l', 1, ''], 0x3d: ['l', 2, 'setInt16'], 0x3e: ['l', 4, 'setInt32'],
};

/**
 * `ea$` = operand `a`'s effective address; the access of `bytes` bytes there traps if out of
 * bounds. A constant address (a C global's) wholly inside the memory's floor needs no test.
 */
export function address(e: JsEmitter, a: number, offset: number, bytes: number): void {
  const base = e.constAt(a);
  if (base !== undefined && (base >>> 0) + offset + bytes <= e.memFloor) {
    e.out(`ea$ = ${(base >>> 0) + offset};`);
    return;
  }
  e.out(`ea$ = (${e.s(a)} >>> 0) + ${offset};`);
  e.trapIf(`ea$ > ML - ${bytes}`, 'TRAP_OOB');
}

export function emitLoad(e: JsEmitter, op: number, m: MemArg): boolean {
  const row = LOADS[op];
  if (row === undefined) return false;
  const [cat, bytes, getter, signed] = row;
  const a = e.pop();
  address(e, a, m.offset, bytes);
  const read = getter === '' ? 'U[ea$]' : getter === 'i8' ? '(U[ea$] << 24 >> 24)' : `M.${getter}(ea$, true)`;
  const d = e.push(cat);
  if (cat === 'l') {
    if (bytes === 8) e.out(`${e.s(d)} = M.getInt32(ea$, true); ${e.t(d)} = M.getInt32(ea$ + 4, true);`);
    else e.out(`${e.s(d)} = ${read}; ${e.t(d)} = ${signed ? `${e.s(d)} >> 31` : '0'};`);
  } else if (cat === 'f') { // a NaN read again as bits (getFloat32 may quiet it)
    e.out(`${e.x(d)} = ${read}; if (${e.x(d)} !== ${e.x(d)}) ${e.x(d)} = N.f32FromBits(M.getInt32(ea$, true));`);
  } else {
    e.out(`${cat === 'd' ? e.x(d) : e.s(d)} = ${read};`);
  }
  return true;
}

export function emitStore(e: JsEmitter, op: number, m: MemArg): boolean {
  const row = STORES[op];
  if (row === undefined) return false;
  const [cat, bytes, setter] = row;
  const v = e.pop(), a = e.pop();
  address(e, a, m.offset, bytes);
  if (cat === 'l' && bytes === 8) e.out(`M.setInt32(ea$, ${e.s(v)}, true); M.setInt32(ea$ + 4, ${e.t(v)}, true);`);
  else if (setter === '') e.out(`U[ea$] = ${e.s(v)};`);
  else if (cat === 'f') e.out(`if ((fv$ = ${e.x(v)}) === fv$) M.setFloat32(ea$, fv$, true); else M.setInt32(ea$, N.f32ToBits(fv$), true);`);
  else e.out(`M.${setter}(ea$, ${cat === 'd' ? e.x(v) : e.s(v)}, true);`);
  return true;
}

/** memory.size, memory.grow (through the interpreter's helpers on the scratch array). */
export function emitMemorySize(e: JsEmitter): void {
  e.out('N.memorySize(inst, S, 0, 0);');
  e.out(`${e.push('i')} = S[0];`);
}
export function emitMemoryGrow(e: JsEmitter): void {
  const a = e.pop();
  e.out(`S[2] = ${e.s(a)}; N.memoryGrow(inst, S, 0, 0, 2);`);
  e.out(`${e.push('i')} = S[0];`);
  e.reloadMemory();
}

/** memory.init/copy/fill (0xfc 8, 10, 11); operands to the scratch array, the helper checks the whole range first. */
export function emitBulk(e: JsEmitter, sub: number, seg: number): void {
  const n = e.pop(), s = e.pop(), d = e.pop();
  e.out(`S[2] = ${e.s(d)}; S[3] = ${e.s(s)}; S[4] = ${e.s(n)};`);
  const call = sub === 8 ? `N.memoryInit(inst, S, 0, ${seg}, 2, 3, 4)` : sub === 10 ? 'N.memoryCopy(inst, S, 0, 0, 2, 3, 4)' : 'N.memoryFill(inst, S, 0, 2, 3, 4)';
  e.trapIf(`(e$ = ${call}) !== 0`, 'e$');
}
