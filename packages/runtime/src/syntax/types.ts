/**
 * Value, reference and heap types as plain numbers, so typed arrays can hold them and
 * comparisons are integer compares.
 *
 * ValType encoding:
 *   - numeric types are their binary byte: I32 0x7F, I64 0x7E, F32 0x7D, F64 0x7C, V128 0x7B;
 *   - reference types are REF_BASE + heapType * 2 + (nullable ? 1 : 0), where heapType is
 *     either an abstract heap type's byte (HeapType.*, all < 0x80) or CONCRETE_BASE + typeIndex.
 * Concrete type indices are module-relative; cross-module comparisons go through the
 * module's canonical type ids (see ModuleInfo.types[i].canonicalId).
 */
export type ValType = number;
export type HeapType = number;

export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Abstract heap types, by their binary byte. */
export const HeapType = {
  NoCont: 0x75,
  NoExn: 0x74,
  NoFunc: 0x73,
  NoExtern: 0x72,
  None: 0x71,
  Func: 0x70,
  Extern: 0x6f,
  Any: 0x6e,
  Eq: 0x6d,
  I31: 0x6c,
  Struct: 0x6b,
  Array: 0x6a,
  Exn: 0x69,
  Cont: 0x68,
} as const;

export const CONCRETE_BASE = 0x80;
export const REF_BASE = 0x1000;

export function refType(heap: HeapType, nullable: boolean): ValType {
  return REF_BASE + heap * 2 + (nullable ? 1 : 0);
}
export function isRefType(t: ValType): boolean {
  return t >= REF_BASE;
}
export function isNullable(t: ValType): boolean {
  return (t & 1) === 1;
}
export function heapTypeOf(t: ValType): HeapType {
  return (t - REF_BASE) >> 1;
}
export function concreteHeap(typeIndex: number): HeapType {
  return CONCRETE_BASE + typeIndex;
}
export function isConcreteHeap(h: HeapType): boolean {
  return h >= CONCRETE_BASE;
}
export function typeIndexOfHeap(h: HeapType): number {
  return h - CONCRETE_BASE;
}

export const FUNCREF = refType(HeapType.Func, true);
export const EXTERNREF = refType(HeapType.Extern, true);
export const EXNREF = refType(HeapType.Exn, true);

/**
 * VM stack and global storage: int32 words a value of type `t` occupies — a v128 two 64-bit
 * cells (its four 32-bit lanes in memory order), anything else one cell.
 */
export function slotWidth(t: ValType): number {
  return t === V128 ? 4 : 2;
}

/** The int32 words of `types` laid out one after another. */
export function slotWords(types: readonly ValType[]): number {
  let n = 0;
  for (let i = 0; i < types.length; i++) n += slotWidth(types[i]);
  return n;
}

/** The int32 offset of each value of `types` laid out one after another (and their total at the end). */
export function slotOffsets(types: readonly ValType[]): number[] {
  const out = new Array<number>(types.length + 1);
  let at = 0;
  for (let i = 0; i < types.length; i++) {
    out[i] = at;
    at += slotWidth(types[i]);
  }
  out[types.length] = at;
  return out;
}

export function isNumericType(t: ValType): boolean {
  return t === I32 || t === I64 || t === F32 || t === F64;
}

const HEAP_NAMES: Record<number, string> = {
  [HeapType.NoCont]: 'nocont',
  [HeapType.NoExn]: 'noexn',
  [HeapType.NoFunc]: 'nofunc',
  [HeapType.NoExtern]: 'noextern',
  [HeapType.None]: 'none',
  [HeapType.Func]: 'func',
  [HeapType.Extern]: 'extern',
  [HeapType.Any]: 'any',
  [HeapType.Eq]: 'eq',
  [HeapType.I31]: 'i31',
  [HeapType.Struct]: 'struct',
  [HeapType.Array]: 'array',
  [HeapType.Exn]: 'exn',
  [HeapType.Cont]: 'cont',
};

/** Text-format spelling, for error messages and the disassembler. */
export function valTypeName(t: ValType): string {
  switch (t) {
    case I32: return 'i32';
    case I64: return 'i64';
    case F32: return 'f32';
    case F64: return 'f64';
    case V128: return 'v128';
  }
  if (!isRefType(t)) return `<invalid type 0x${t.toString(16)}>`;
  const heap = heapTypeOf(t);
  const heapName = isConcreteHeap(heap) ? String(typeIndexOfHeap(heap)) : (HEAP_NAMES[heap] ?? '?');
  return isNullable(t) ? `(ref null ${heapName})` : `(ref ${heapName})`;
}

/** Storage types of struct/array fields add the packed i8/i16 (GC). */
export const PACKED_I8 = 0x78;
export const PACKED_I16 = 0x77;
