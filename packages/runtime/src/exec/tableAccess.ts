/**
 * The interpreter's table paths: table.get/set/size/grow/fill/copy/init and the call_indirect
 * lookup. Like memoryAccess.ts: absolute int32 stack indices in, a TrapCode (0 = none) out, all
 * operands read before anything is written, nothing throws. Table indices may be i64 (table64);
 * bounds are checked in full precision before any write ("out of bounds table access").
 */
import { type ExitRecord, TrapCode } from '@lantern/traps';
import type { Instance } from '../instances/instance.ts';
import type { FuncInstance } from '../instances/func.ts';
import { isCanonSubtype } from '../instances/canonicalSubtyping.ts';
import { addrAt } from './memoryAccess.ts';

export const EMPTY_REFS: unknown[] = [];

function writeSize(i32: Int32Array, d: number, is64: boolean, v: number): void {
  if (!is64) {
    i32[d] = v;
    return;
  }
  i32[d] = v < 0 ? -1 : v % 4294967296 | 0;
  i32[d + 1] = v < 0 ? -1 : Math.floor(v / 4294967296);
}

/** call_indirect: the callee, or the trap (whose message names the index: `exit.trapDetail`). */
export function resolveIndirect(inst: Instance, tbl: number, canon: number, i32: Int32Array, idx: number, is64: number, exit: ExitRecord): FuncInstance | TrapCode {
  const table = inst.tables[tbl];
  const i = addrAt(i32, idx, is64 !== 0);
  const els = table.elements;
  if (i >= els.length) {
    exit.trapDetail = i;
    return TrapCode.UndefinedElement;
  }
  const f = els[i] as FuncInstance | null;
  if (f === null) {
    exit.trapDetail = i;
    return TrapCode.UninitializedElement;
  }
  if (f.canonId !== canon && !isCanonSubtype(f.canonId, canon)) return TrapCode.IndirectCallTypeMismatch;
  return f;
}

export function tableGet(inst: Instance, i32: Int32Array, refs: unknown[], d: number, tbl: number, a: number): TrapCode {
  const table = inst.tables[tbl];
  const i = addrAt(i32, a, table.is64);
  if (i >= table.elements.length) return TrapCode.TableOutOfBounds;
  refs[d >> 1] = table.elements[i];
  return TrapCode.None;
}

export function tableSet(inst: Instance, i32: Int32Array, refs: unknown[], tbl: number, a: number, v: number): TrapCode {
  const table = inst.tables[tbl];
  const i = addrAt(i32, a, table.is64);
  if (i >= table.elements.length) return TrapCode.TableOutOfBounds;
  table.elements[i] = refs[v >> 1];
  return TrapCode.None;
}

export function tableSize(inst: Instance, i32: Int32Array, d: number, tbl: number): void {
  const table = inst.tables[tbl];
  writeSize(i32, d, table.is64, table.elements.length);
}

export function tableGrow(inst: Instance, i32: Int32Array, refs: unknown[], d: number, tbl: number, init: number, delta: number): void {
  const table = inst.tables[tbl];
  const n = addrAt(i32, delta, table.is64);
  const v = refs[init >> 1];
  writeSize(i32, d, table.is64, table.grow(n, v));
}

export function tableFill(inst: Instance, i32: Int32Array, refs: unknown[], tbl: number, i: number, val: number, n: number): TrapCode {
  const table = inst.tables[tbl];
  const start = addrAt(i32, i, table.is64), len = addrAt(i32, n, table.is64);
  const v = refs[val >> 1];
  if (start + len > table.elements.length) return TrapCode.TableOutOfBounds;
  table.elements.fill(v, start, start + len);
  return TrapCode.None;
}

export function tableCopy(inst: Instance, i32: Int32Array, dt: number, st: number, d: number, s: number, n: number): TrapCode {
  const dtab = inst.tables[dt], stab = inst.tables[st];
  const dst = addrAt(i32, d, dtab.is64), src = addrAt(i32, s, stab.is64);
  const len = addrAt(i32, n, dtab.is64 && stab.is64);
  if (src + len > stab.elements.length || dst + len > dtab.elements.length) return TrapCode.TableOutOfBounds;
  if (len === 0) return TrapCode.None;
  if (dtab === stab) dtab.elements.copyWithin(dst, src, src + len);
  else for (let k = 0; k < len; k++) dtab.elements[dst + k] = stab.elements[src + k];
  return TrapCode.None;
}

export function tableInit(inst: Instance, i32: Int32Array, tbl: number, seg: number, d: number, s: number, n: number): TrapCode {
  const table = inst.tables[tbl];
  const elems = inst.elems[seg];
  const dst = addrAt(i32, d, table.is64), src = i32[s] >>> 0, len = i32[n] >>> 0;
  if (src + len > elems.length || dst + len > table.elements.length) return TrapCode.TableOutOfBounds;
  for (let k = 0; k < len; k++) table.elements[dst + k] = elems[src + k];
  return TrapCode.None;
}
