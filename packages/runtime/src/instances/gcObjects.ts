/**
 * GC objects (Wasm 3.0 GC): structs and arrays as plain JS objects, owned by the JS garbage
 * collector (wasm dropping its last reference frees them; nothing is counted), and the runtime
 * type each one carries.
 *
 * Representation of the `any` hierarchy in reference cells (the interpreter's `refs`, tables,
 * globals, fields):
 *   - null: JS null;
 *   - i31ref: a JS number, the signed 31-bit value itself (a V8 small integer: no allocation);
 *   - struct / array: a GcStruct / GcArray;
 *   - anything else: a host value that came in as an externref (any.convert_extern keeps it
 *     as it is). A host value may be a JS number too; only an integer in the i31 range is an
 *     i31 (as the JS API converts a Number to anyref), so `isI31` checks the range.
 * extern.convert_any / any.convert_extern are the identity on this representation, so
 * externref round trips keep identity.
 *
 * Layout: numeric fields (or elements) live in one Int32Array (`words`), reference ones in one
 * JS array (`refs`), each field at an offset fixed by its runtime type (RuntimeType.fieldAt):
 * an i32/f32/i8/i16 one word (packed values stored masked), an i64/f64 two (low first, as in
 * frame slots), a v128 four. A subtype's fields extend its supertype's (same storage kinds for
 * the shared prefix), so a field's offset is the same for every subtype and struct.get needs
 * no type check. Array element k sits at k * elemWords (k for references).
 *
 * The runtime type of a canonical type id (valid/canonicalTypes.ts: equal ids <=> equal types,
 * across modules) is made once per id and kept in RUNTIME_TYPES, where the interpreter finds it
 * by the id its code carries. `supers` lists the declared supertype chain root first, so a
 * subtype test is one array read (`supers[depth of target] === target.id`).
 */
import type { CompositeType } from '../syntax/moduleInfo.ts';
import { F32, F64, I32, I64, PACKED_I16, PACKED_I8, V128 } from '../syntax/types.ts';
import { TypeRegistry } from '../valid/canonicalTypes.ts';

/** How a field or element is stored. */
export const enum FieldKind {
  /** i32, f32: one word. */
  W32 = 0,
  /** i64, f64: two words. */
  W64 = 1,
  /** v128: four words. */
  W128 = 2,
  /** A reference: one cell of `refs`. */
  Ref = 3,
  /** Packed i8: one word holding the value & 0xff. */
  I8 = 4,
  /** Packed i16: one word holding the value & 0xffff. */
  I16 = 5,
}

/** Int32 words a field of each kind takes in `words` (0 for references). */
export const KIND_WORDS: readonly number[] = [1, 2, 4, 0, 1, 1];

export function fieldKindOf(storage: number): FieldKind {
  switch (storage) {
    case I32: case F32: return FieldKind.W32;
    case I64: case F64: return FieldKind.W64;
    case V128: return FieldKind.W128;
    case PACKED_I8: return FieldKind.I8;
    case PACKED_I16: return FieldKind.I16;
    default: return FieldKind.Ref;
  }
}

export class RuntimeType {
  /** Struct: per field its kind and its offset in `words` (or in `refs` for a reference). Array: one entry, the element. */
  readonly fieldKinds: FieldKind[] = [];
  readonly fieldAt: number[] = [];
  /** Struct: the sizes of `words` and `refs`. */
  words = 0;
  refCount = 0;
  /** Array: words per element (0 for references). */
  elemWords = 0;

  constructor(
    /** Canonical type id. */
    readonly id: number,
    readonly composite: CompositeType,
    /** The declared supertype chain, root first, ending with `id`. */
    readonly supers: readonly number[],
  ) {
    if (composite.kind === 'struct') {
      for (const f of composite.fields) {
        const kind = fieldKindOf(f.storage);
        this.fieldKinds.push(kind);
        if (kind === FieldKind.Ref) this.fieldAt.push(this.refCount++);
        else {
          this.fieldAt.push(this.words);
          this.words += KIND_WORDS[kind];
        }
      }
    } else if (composite.kind === 'array') {
      const kind = fieldKindOf(composite.field.storage);
      this.fieldKinds.push(kind);
      this.fieldAt.push(0);
      this.elemWords = KIND_WORDS[kind];
    }
  }

  /** Is this type a (declared, transitive) subtype of `target`? */
  isSubtypeOf(target: RuntimeType): boolean {
    return this.supers[target.supers.length - 1] === target.id;
  }

  get elemKind(): FieldKind {
    return this.fieldKinds[0];
  }
}

/** Per canonical id, its runtime type once made (runtimeType). */
export const RUNTIME_TYPES: RuntimeType[] = [];

/** The runtime type of canonical type id `id` (made on first use). */
export function runtimeType(id: number): RuntimeType {
  let t = RUNTIME_TYPES[id];
  if (t === undefined) {
    const canonical = TypeRegistry.shared.type(id);
    const supers = canonical.superId >= 0 ? [...runtimeType(canonical.superId).supers, id] : [id];
    t = new RuntimeType(id, canonical.composite, supers);
    RUNTIME_TYPES[id] = t;
  }
  return t;
}

/** The storage of every object without numeric (reference) fields: shared, as it holds nothing. */
export const NO_WORDS = new Int32Array(0);
export const NO_REFS: unknown[] = [];

export class GcStruct {
  constructor(
    readonly type: RuntimeType,
    readonly words: Int32Array,
    readonly refs: unknown[],
  ) {}

  /** A struct of `type` with every field at its default (0, null). */
  static withDefaults(type: RuntimeType): GcStruct {
    return new GcStruct(
      type,
      type.words === 0 ? NO_WORDS : new Int32Array(type.words),
      type.refCount === 0 ? NO_REFS : new Array<unknown>(type.refCount).fill(null),
    );
  }
}

export class GcArray {
  constructor(
    readonly type: RuntimeType,
    readonly length: number,
    readonly words: Int32Array,
    readonly refs: unknown[],
  ) {}

  /** An array of `type` with `length` elements at their default (0, null). */
  static withDefaults(type: RuntimeType, length: number): GcArray {
    if (type.elemWords === 0) return new GcArray(type, length, NO_WORDS, new Array<unknown>(length).fill(null));
    return new GcArray(type, length, new Int32Array(length * type.elemWords), NO_REFS);
  }
}

/**
 * The most elements an array may have: every element's storage must exist (a typed array of
 * words or a JS array of cells), and JS caps both; beyond it allocation traps as out of bounds,
 * like a length the engine cannot represent.
 */
export const MAX_ARRAY_WORDS = 1 << 27;

/** Can an array of `type` with `length` elements be allocated? */
export function arrayFits(type: RuntimeType, length: number): boolean {
  return length * Math.max(type.elemWords, 1) <= MAX_ARRAY_WORDS;
}

const I31_MIN = -0x40000000;
const I31_MAX = 0x3fffffff;

/** Is `v` an i31ref (an integer Number in the signed 31-bit range)? */
export function isI31(v: unknown): v is number {
  return typeof v === 'number' && v >= I31_MIN && v <= I31_MAX && Math.trunc(v) === v;
}

/** ref.i31: the low 31 bits of an i32, sign-extended. */
export function i31Of(x: number): number {
  return (x << 1) >> 1;
}
