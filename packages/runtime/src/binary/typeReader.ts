/**
 * Readers for the binary encodings of types: value types, reference types, heap types and
 * block types, producing the numeric ValType encoding of syntax/types.ts.
 *
 * Type indices are NOT range-checked here (that is validation: "unknown type"); only the
 * encoding is. Messages follow the reference decoder: a byte that is no value type is
 * "malformed reference type" (the last alternative it tries), a bad heap type is
 * "malformed heap type".
 */
import type { ByteReader } from './reader.ts';
import type { ValType, HeapType as HeapTypeT } from '../syntax/types.ts';
import { CONCRETE_BASE, HeapType, I32, I64, F32, F64, V128, refType } from '../syntax/types.ts';

/** Block type of an instruction without results and parameters (byte 0x40). */
export const BLOCK_EMPTY = 0x40;
/**
 * Block types as one number: BLOCK_EMPTY, a ValType (>= 0x7B), or `-1 - typeIndex` for a type
 * index (so any negative number is a type index).
 */
export type BlockType = number;
export function blockTypeIndex(bt: BlockType): number {
  return -1 - bt;
}

/** True for the single bytes that encode an abstract heap type (0x68..0x75). */
export function isAbstractHeapByte(b: number): boolean {
  return b >= HeapType.Cont && b <= HeapType.NoCont;
}

/** A heap type: an s33 type index (>= 0) or an abstract heap type's byte. */
export function readHeapType(r: ByteReader): HeapTypeT {
  const at = r.pos;
  const b = r.peek();
  if (b >= 0 && (b & 0xc0) === 0x40) {
    // One-byte negative s33: an abstract heap type or garbage.
    r.pos++;
    if (isAbstractHeapByte(b)) return b;
    r.fail('malformed heap type', at);
  }
  const v = r.s33();
  if (v < 0) r.fail('malformed heap type', at);
  return CONCRETE_BASE + v;
}

/** A reference type: a shorthand byte, or 0x64/0x63 followed by a heap type. */
export function readRefType(r: ByteReader): ValType {
  const at = r.pos;
  const b = r.u8();
  if (isAbstractHeapByte(b)) return refType(b, true);
  if (b === 0x64) return refType(readHeapType(r), false);
  if (b === 0x63) return refType(readHeapType(r), true);
  if (b & 0x80) r.fail('integer representation too long', at + 1);
  return r.fail('malformed reference type', at);
}

export function readValType(r: ByteReader): ValType {
  const b = r.peek();
  if (b === I32 || b === I64 || b === F32 || b === F64 || b === V128) {
    r.pos++;
    return b;
  }
  return readRefType(r);
}

/** Storage type of a struct/array field: a value type or packed i8 (0x78) / i16 (0x77). */
export function readStorageType(r: ByteReader): number {
  const b = r.peek();
  if (b === 0x78 || b === 0x77) {
    r.pos++;
    return b;
  }
  return readValType(r);
}

export function readBlockType(r: ByteReader): BlockType {
  const b = r.peek();
  if (b === BLOCK_EMPTY) {
    r.pos++;
    return BLOCK_EMPTY;
  }
  if (b >= 0 && (b & 0xc0) === 0x40) return readValType(r);
  const at = r.pos;
  const v = r.s33();
  if (v < 0) r.fail('malformed reference type', at);
  return -1 - v;
}
