/**
 * A read/write view of a GC object for tools (the debugger): its kind, canonical type id,
 * length, and each field or element as a RawValue of its (unpacked, canonical) value type —
 * i64 as a signed bigint, f32/f64 as bits, v128 as a bigint, packed i8/i16 as the stored
 * unsigned value. Nothing here runs on wasm's own paths.
 */
import { F32, I32, I64, PACKED_I16, PACKED_I8, type ValType } from '../syntax/types.ts';
import { FieldKind, GcArray, GcStruct, isI31 } from './gcObjects.ts';
import type { RawValue } from './values.ts';

export interface GcObjectView {
  readonly kind: 'struct' | 'array';
  /** Canonical type id (valid/canonicalTypes.ts). */
  readonly typeId: number;
  /** Fields of a struct, elements of an array. */
  readonly length: number;
  /** The value type of field / element k (packed ones as i32). */
  typeOf(k: number): ValType;
  /** Is field k mutable (every element of a mutable array)? */
  mutable(k: number): boolean;
  read(k: number): RawValue;
  write(k: number, v: RawValue): void;
}

export { isI31 };

function storageOf(o: GcStruct | GcArray, k: number): { storage: number; mutable: boolean } {
  const c = o.type.composite;
  if (c.kind === 'struct') return c.fields[k];
  if (c.kind === 'array') return c.field;
  throw new Error('not a struct or array type');
}

/** The view of a struct or array; null for any other value. */
export function gcObjectView(ref: unknown): GcObjectView | null {
  if (!(ref instanceof GcStruct) && !(ref instanceof GcArray)) return null;
  const o = ref;
  const isArray = o instanceof GcArray;
  const place = (k: number): [FieldKind, number] => {
    const kind = o.type.fieldKinds[isArray ? 0 : k];
    return [kind, isArray ? (kind === FieldKind.Ref ? k : k * o.type.elemWords) : o.type.fieldAt[k]];
  };
  const checked = (k: number): number => {
    const length = isArray ? o.length : o.type.fieldKinds.length;
    if (!Number.isInteger(k) || k < 0 || k >= length) throw new RangeError(`no ${isArray ? 'element' : 'field'} ${k} (length ${length})`);
    return k;
  };
  return {
    kind: isArray ? 'array' : 'struct',
    typeId: o.type.id,
    length: isArray ? o.length : o.type.fieldKinds.length,
    typeOf(k) {
      const s = storageOf(o, checked(k)).storage;
      return s === PACKED_I8 || s === PACKED_I16 ? I32 : s;
    },
    mutable: (k) => storageOf(o, checked(k)).mutable,
    read(k) {
      const [kind, at] = place(checked(k));
      const w = o.words;
      switch (kind) {
        case FieldKind.Ref: return o.refs[at];
        case FieldKind.W32: return this.typeOf(k) === F32 ? w[at] >>> 0 : w[at];
        case FieldKind.W64: {
          const bits = (BigInt(w[at + 1] >>> 0) << 32n) | BigInt(w[at] >>> 0);
          return this.typeOf(k) === I64 ? BigInt.asIntN(64, bits) : bits;
        }
        case FieldKind.W128:
          return (BigInt(w[at + 3] >>> 0) << 96n) | (BigInt(w[at + 2] >>> 0) << 64n) | (BigInt(w[at + 1] >>> 0) << 32n) | BigInt(w[at] >>> 0);
        default: return w[at];
      }
    },
    write(k, v) {
      const [kind, at] = place(checked(k));
      const w = o.words;
      switch (kind) {
        case FieldKind.Ref: o.refs[at] = v === undefined ? null : v; return;
        case FieldKind.W32: w[at] = Number(v) | 0; return;
        case FieldKind.I8: w[at] = Number(v) & 0xff; return;
        case FieldKind.I16: w[at] = Number(v) & 0xffff; return;
        case FieldKind.W64: {
          const b = BigInt.asUintN(64, v as bigint);
          w[at] = Number(b & 0xffffffffn) | 0;
          w[at + 1] = Number(b >> 32n) | 0;
          return;
        }
        case FieldKind.W128: {
          const b = BigInt.asUintN(128, v as bigint);
          for (let q = 0; q < 4; q++) w[at + q] = Number((b >> BigInt(32 * q)) & 0xffffffffn) | 0;
          return;
        }
      }
    },
  };
}
