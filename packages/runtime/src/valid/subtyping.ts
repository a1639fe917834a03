/**
 * Subtyping over the numeric ValType encoding (Wasm 3.0: function references, GC, exception
 * handling, stack switching), after the reference interpreter's `match.ml`.
 *
 * Heap type hierarchies are disjoint:
 *   none <: i31, struct, array (and defined structs/arrays) <: eq <: any
 *   nofunc <: defined funcs <: func;  noextern <: extern;  noexn <: exn;
 *   nocont <: defined conts <: cont.
 * Defined types compare by canonical id; a defined type is a subtype of another when one of
 * its declared supertypes (transitively) is.
 *
 * The validator also needs a bottom for its algorithmic typing: BOT (an unknown operand on a
 * polymorphic stack) matches every value type, and BOT_HEAP every heap type.
 */
import type { SubType, CompositeType, FieldType } from '../syntax/moduleInfo.ts';
import type { ValType, HeapType as HeapTypeT } from '../syntax/types.ts';
import {
  HeapType,
  I32,
  I64,
  F32,
  F64,
  V128,
  CONCRETE_BASE,
  REF_BASE,
  heapTypeOf,
  isConcreteHeap,
  isNullable,
  isRefType,
  refType,
  valTypeName,
} from '../syntax/types.ts';

/** Unknown operand type (polymorphic stack). */
export const BOT = 0;
/** Unknown heap type (e.g. `ref.as_non_null` of an unknown operand). */
export const BOT_HEAP = 1;
/** `(ref bot)`: a non-null reference of unknown heap type. */
export const BOT_REF = refType(BOT_HEAP, false);

export function isNumOrVec(t: ValType): boolean {
  return t === I32 || t === I64 || t === F32 || t === F64 || t === V128;
}

/** Defaultable types have a zero value: numbers, vectors and nullable references. */
export function isDefaultable(t: ValType): boolean {
  return !isRefType(t) || isNullable(t);
}

export function typeName(t: ValType): string {
  if (t === BOT) return 'bot';
  if (isRefType(t) && heapTypeOf(t) === BOT_HEAP) return isNullable(t) ? '(ref null bot)' : '(ref bot)';
  return valTypeName(t);
}

export function resultTypeName(ts: ArrayLike<number>): string {
  const out: string[] = [];
  for (let i = 0; i < ts.length; i++) out.push(typeName(ts[i]));
  return `[${out.join(' ')}]`;
}

export class Subtyping {
  constructor(
    readonly types: readonly SubType[],
    /** Canonical id per type index (see canonicalTypes.ts). */
    readonly canon: Int32Array,
  ) {}

  isSubtype(a: ValType, b: ValType): boolean {
    if (a === b || a === BOT) return true;
    if (a < REF_BASE || b < REF_BASE) return false;
    if ((a & 1) === 1 && (b & 1) === 0) return false;
    return this.heapSubtype((a - REF_BASE) >> 1, (b - REF_BASE) >> 1);
  }

  /** Type index i <: type index j (defined types). */
  indexSubtype(i: number, j: number): boolean {
    const canon = this.canon;
    const target = canon[j];
    for (;;) {
      if (canon[i] === target) return true;
      const supers = this.types[i].supers;
      if (supers.length === 0) return false;
      i = supers[0];
    }
  }

  heapSubtype(a: HeapTypeT, b: HeapTypeT): boolean {
    if (a === b || a === BOT_HEAP) return true;
    if (a >= CONCRETE_BASE) {
      const ia = a - CONCRETE_BASE;
      if (b >= CONCRETE_BASE) return this.indexSubtype(ia, b - CONCRETE_BASE);
      switch (this.types[ia].composite.kind) {
        case 'struct':
          return b === HeapType.Struct || b === HeapType.Eq || b === HeapType.Any;
        case 'array':
          return b === HeapType.Array || b === HeapType.Eq || b === HeapType.Any;
        case 'func':
          return b === HeapType.Func;
        case 'cont':
          return b === HeapType.Cont;
      }
    }
    switch (a) {
      case HeapType.Eq:
        return b === HeapType.Any;
      case HeapType.I31:
      case HeapType.Struct:
      case HeapType.Array:
        return b === HeapType.Eq || b === HeapType.Any;
      case HeapType.None:
        return this.topOf(b) === HeapType.Any;
      case HeapType.NoFunc:
        return this.topOf(b) === HeapType.Func;
      case HeapType.NoExtern:
        return b === HeapType.Extern;
      case HeapType.NoExn:
        return b === HeapType.Exn;
      case HeapType.NoCont:
        return this.topOf(b) === HeapType.Cont;
    }
    return false;
  }

  /** The top of a heap type's hierarchy: any, func, extern, exn or cont. */
  topOf(h: HeapTypeT): HeapTypeT {
    if (h >= CONCRETE_BASE) {
      switch (this.types[h - CONCRETE_BASE].composite.kind) {
        case 'struct':
        case 'array':
          return HeapType.Any;
        case 'func':
          return HeapType.Func;
        case 'cont':
          return HeapType.Cont;
      }
    }
    switch (h) {
      case HeapType.Any:
      case HeapType.Eq:
      case HeapType.I31:
      case HeapType.Struct:
      case HeapType.Array:
      case HeapType.None:
        return HeapType.Any;
      case HeapType.Func:
      case HeapType.NoFunc:
        return HeapType.Func;
      case HeapType.Extern:
      case HeapType.NoExtern:
        return HeapType.Extern;
      case HeapType.Exn:
      case HeapType.NoExn:
        return HeapType.Exn;
      case HeapType.Cont:
      case HeapType.NoCont:
        return HeapType.Cont;
    }
    return h;
  }

  resultSubtype(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!this.isSubtype(a[i], b[i])) return false;
    return true;
  }

  private storageSubtype(a: number, b: number): boolean {
    if (a === b) return true;
    if (a < REF_BASE || b < REF_BASE) return false; // numbers, vectors and packed types
    return this.isSubtype(a, b);
  }

  fieldSubtype(a: FieldType, b: FieldType): boolean {
    if (a.mutable !== b.mutable) return false;
    if (!this.storageSubtype(a.storage, b.storage)) return false;
    return !a.mutable || this.storageSubtype(b.storage, a.storage);
  }

  /** Structural subtyping of composite types (declared-supertype check). */
  compositeSubtype(a: CompositeType, b: CompositeType): boolean {
    switch (a.kind) {
      case 'func':
        return b.kind === 'func' && this.resultSubtype(b.params, a.params) && this.resultSubtype(a.results, b.results);
      case 'struct': {
        if (b.kind !== 'struct' || a.fields.length < b.fields.length) return false;
        for (let i = 0; i < b.fields.length; i++) if (!this.fieldSubtype(a.fields[i], b.fields[i])) return false;
        return true;
      }
      case 'array':
        return b.kind === 'array' && this.fieldSubtype(a.field, b.field);
      case 'cont':
        return (
          b.kind === 'cont' &&
          a.funcTypeIndex >= 0 &&
          b.funcTypeIndex >= 0 &&
          this.indexSubtype(a.funcTypeIndex, b.funcTypeIndex)
        );
    }
  }
}
