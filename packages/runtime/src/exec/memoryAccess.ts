/**
 * The slow memory paths of the interpreter: accesses to any memory (multi-memory) and to
 * memory64 (i64 addresses), memory.size/grow, and the bulk operations (memory.fill/copy/init).
 * Memory 0 with 32-bit addresses is handled inline by the interpreter.
 *
 * Each function takes absolute int32 indices into the VM stack (`i32`), reads all operands
 * before writing, and returns a TrapCode (0 = none); nothing throws.
 *
 * Bounds are checked in full precision (spec: effective address + size <= length, computed
 * without wraparound): a 64-bit address whose high half is >= 2^21 is beyond any ArrayBuffer,
 * so it becomes a huge number that fails every check; below that, doubles are exact.
 * Bulk operations check the whole range before writing anything ("out of bounds memory access"
 * even for n = 0 when the start is past the end).
 */
import { TrapCode } from '@lantern/traps';
import type { Instance } from '../instances/instance.ts';
import { Op } from '../isa/op.generated.ts';

const TWO32 = 4294967296;
const HUGE = 2 ** 62;

export const EMPTY_BYTES = new Uint8Array(0);

/** An address operand at `at`: i32 (unsigned) or i64 (when `is64`), as an exact-or-huge number. */
export function addrAt(i32: Int32Array, at: number, is64: boolean): number {
  if (!is64) return i32[at] >>> 0;
  const hi = i32[at + 1];
  if (hi < 0 || hi >= 0x200000) return HUGE;
  return hi * TWO32 + (i32[at] >>> 0);
}

function writeAddr(i32: Int32Array, at: number, is64: boolean, v: number): void {
  if (!is64) {
    i32[at] = v;
    i32[at + 1] = 0;
    return;
  }
  if (v < 0) {
    i32[at] = -1;
    i32[at + 1] = -1;
    return;
  }
  const hi = Math.floor(v / TWO32);
  i32[at] = (v - hi * TWO32) | 0;
  i32[at + 1] = hi;
}

export function loadX(inst: Instance, i32: Int32Array, kind: number, d: number, a: number, memIdx: number, offLo: number, offHi: number): TrapCode {
  const mem = inst.memories[memIdx];
  const ea = addrAt(i32, a, mem.is64) + (offHi >>> 0) * TWO32 + (offLo >>> 0);
  const v = mem.view;
  const len = v.byteLength;
  switch (kind) {
    case Op.Load32:
      if (ea + 4 > len) return TrapCode.MemoryOutOfBounds;
      i32[d] = v.getInt32(ea, true);
      return TrapCode.None;
    case Op.Load64: {
      if (ea + 8 > len) return TrapCode.MemoryOutOfBounds;
      const lo = v.getInt32(ea, true), hi = v.getInt32(ea + 4, true);
      i32[d] = lo;
      i32[d + 1] = hi;
      return TrapCode.None;
    }
  }
  let x: number;
  let hi = 0;
  switch (kind) {
    case Op.Load8S:
    case Op.I64Load8S:
      if (ea + 1 > len) return TrapCode.MemoryOutOfBounds;
      x = v.getInt8(ea);
      hi = x >> 31;
      break;
    case Op.Load8U:
    case Op.I64Load8U:
      if (ea + 1 > len) return TrapCode.MemoryOutOfBounds;
      x = v.getUint8(ea);
      break;
    case Op.Load16S:
    case Op.I64Load16S:
      if (ea + 2 > len) return TrapCode.MemoryOutOfBounds;
      x = v.getInt16(ea, true);
      hi = x >> 31;
      break;
    case Op.Load16U:
    case Op.I64Load16U:
      if (ea + 2 > len) return TrapCode.MemoryOutOfBounds;
      x = v.getUint16(ea, true);
      break;
    case Op.I64Load32S:
      if (ea + 4 > len) return TrapCode.MemoryOutOfBounds;
      x = v.getInt32(ea, true);
      hi = x >> 31;
      break;
    case Op.I64Load32U:
      if (ea + 4 > len) return TrapCode.MemoryOutOfBounds;
      x = v.getInt32(ea, true);
      break;
    default:
      throw new Error(`internal: bad load kind ${kind}`);
  }
  i32[d] = x;
  if (kind >= Op.I64Load8S && kind <= Op.I64Load32U) i32[d + 1] = hi;
  return TrapCode.None;
}

export function storeX(inst: Instance, i32: Int32Array, kind: number, a: number, val: number, memIdx: number, offLo: number, offHi: number): TrapCode {
  const mem = inst.memories[memIdx];
  const ea = addrAt(i32, a, mem.is64) + (offHi >>> 0) * TWO32 + (offLo >>> 0);
  const v = mem.view;
  const len = v.byteLength;
  switch (kind) {
    case Op.Store32:
      if (ea + 4 > len) return TrapCode.MemoryOutOfBounds;
      v.setInt32(ea, i32[val], true);
      return TrapCode.None;
    case Op.Store64:
      if (ea + 8 > len) return TrapCode.MemoryOutOfBounds;
      v.setInt32(ea, i32[val], true);
      v.setInt32(ea + 4, i32[val + 1], true);
      return TrapCode.None;
    case Op.Store8:
      if (ea + 1 > len) return TrapCode.MemoryOutOfBounds;
      v.setInt8(ea, i32[val]);
      return TrapCode.None;
    case Op.Store16:
      if (ea + 2 > len) return TrapCode.MemoryOutOfBounds;
      v.setInt16(ea, i32[val], true);
      return TrapCode.None;
  }
  throw new Error(`internal: bad store kind ${kind}`);
}

export function memorySize(inst: Instance, i32: Int32Array, d: number, memIdx: number): void {
  const mem = inst.memories[memIdx];
  writeAddr(i32, d, mem.is64, mem.pages);
}

export function memoryGrow(inst: Instance, i32: Int32Array, d: number, memIdx: number, a: number): void {
  const mem = inst.memories[memIdx];
  const delta = addrAt(i32, a, mem.is64);
  const old = delta >= HUGE ? -1 : mem.grow(delta);
  if (!mem.is64) i32[d] = old;
  else writeAddr(i32, d, true, old);
}

export function memoryFill(inst: Instance, i32: Int32Array, memIdx: number, d: number, val: number, n: number): TrapCode {
  const mem = inst.memories[memIdx];
  const dst = addrAt(i32, d, mem.is64), len = addrAt(i32, n, mem.is64);
  const v = i32[val] & 0xff;
  if (dst + len > mem.u8.length) return TrapCode.MemoryOutOfBounds;
  if (len > 0) mem.u8.fill(v, dst, dst + len);
  return TrapCode.None;
}

export function memoryCopy(inst: Instance, i32: Int32Array, dm: number, sm: number, d: number, s: number, n: number): TrapCode {
  const dmem = inst.memories[dm], smem = inst.memories[sm];
  const dst = addrAt(i32, d, dmem.is64), src = addrAt(i32, s, smem.is64);
  const len = addrAt(i32, n, dmem.is64 && smem.is64);
  if (src + len > smem.u8.length || dst + len > dmem.u8.length) return TrapCode.MemoryOutOfBounds;
  if (len === 0) return TrapCode.None;
  if (dmem === smem) dmem.u8.copyWithin(dst, src, src + len);
  else dmem.u8.set(smem.u8.subarray(src, src + len), dst);
  return TrapCode.None;
}

export function memoryInit(inst: Instance, i32: Int32Array, memIdx: number, seg: number, d: number, s: number, n: number): TrapCode {
  const mem = inst.memories[memIdx];
  const data = inst.datas[seg];
  const dst = addrAt(i32, d, mem.is64), src = i32[s] >>> 0, len = i32[n] >>> 0;
  if (src + len > data.length || dst + len > mem.u8.length) return TrapCode.MemoryOutOfBounds;
  if (len > 0) mem.u8.set(data.subarray(src, src + len), dst);
  return TrapCode.None;
}
