/**
 * Types as text: value, reference, heap, storage and block types, and type definitions'
 * composite types, with type indices written as their `$id` when the module names them.
 */
import type { CompositeType, FieldType, FuncType } from '../syntax/moduleInfo.ts';
import {
  F32, F64, HeapType, I32, I64, PACKED_I16, PACKED_I8, V128, heapTypeOf, isConcreteHeap, isNullable, isRefType, typeIndexOfHeap,
} from '../syntax/types.ts';
import type { ValType } from '../syntax/types.ts';
import { BLOCK_EMPTY, blockTypeIndex, type BlockType } from '../binary/typeReader.ts';
import type { ModuleNames } from './names.ts';

const ABSTRACT_HEAP: Record<number, [name: string, nullableShorthand: string]> = {
  [HeapType.Func]: ['func', 'funcref'],
  [HeapType.Extern]: ['extern', 'externref'],
  [HeapType.Any]: ['any', 'anyref'],
  [HeapType.Eq]: ['eq', 'eqref'],
  [HeapType.I31]: ['i31', 'i31ref'],
  [HeapType.Struct]: ['struct', 'structref'],
  [HeapType.Array]: ['array', 'arrayref'],
  [HeapType.Exn]: ['exn', 'exnref'],
  [HeapType.Cont]: ['cont', 'contref'],
  [HeapType.None]: ['none', 'nullref'],
  [HeapType.NoFunc]: ['nofunc', 'nullfuncref'],
  [HeapType.NoExtern]: ['noextern', 'nullexternref'],
  [HeapType.NoExn]: ['noexn', 'nullexnref'],
  [HeapType.NoCont]: ['nocont', 'nullcontref'],
};

const NUMERIC: Record<number, string> = { [I32]: 'i32', [I64]: 'i64', [F32]: 'f32', [F64]: 'f64', [V128]: 'v128' };

export class TypeText {
  constructor(private readonly names: ModuleNames) {}

  /** A type index: `$id` or the number. */
  typeRef(index: number): string {
    return this.names.types.ref(index);
  }

  /** A heap type as the decoder gives it (abstract byte or concrete base + index). */
  heap(h: number): string {
    if (isConcreteHeap(h)) return this.typeRef(typeIndexOfHeap(h));
    return ABSTRACT_HEAP[h]?.[0] ?? `<heap type 0x${h.toString(16)}>`;
  }

  /** `(ref null? ht)`, always the long form (ref.test / ref.cast / br_on_cast spell it so). */
  refLong(heap: number, nullable: boolean): string {
    return `(ref ${nullable ? 'null ' : ''}${this.heap(heap)})`;
  }

  valType(t: ValType): string {
    const numeric = NUMERIC[t];
    if (numeric !== undefined) return numeric;
    if (!isRefType(t)) return `<invalid type 0x${t.toString(16)}>`;
    const heap = heapTypeOf(t);
    // A nullable abstract reference has a one-byte shorthand (the only encoding our text's encoder writes).
    if (isNullable(t) && !isConcreteHeap(heap)) {
      const shorthand = ABSTRACT_HEAP[heap]?.[1];
      if (shorthand !== undefined) return shorthand;
    }
    return this.refLong(heap, isNullable(t));
  }

  valTypes(ts: readonly ValType[]): string {
    return ts.map((t) => this.valType(t)).join(' ');
  }

  storage(s: number): string {
    return s === PACKED_I8 ? 'i8' : s === PACKED_I16 ? 'i16' : this.valType(s);
  }

  field(f: FieldType): string {
    const t = this.storage(f.storage);
    return f.mutable ? `(mut ${t})` : t;
  }

  /** ` (param …) (result …)` of a function type (empty parts left out). */
  signature(ft: FuncType): string {
    let out = '';
    if (ft.params.length > 0) out += ` (param ${this.valTypes(ft.params)})`;
    if (ft.results.length > 0) out += ` (result ${this.valTypes(ft.results)})`;
    return out;
  }

  /** A block type: nothing, `(result t)`, or `(type $t)`. */
  blockType(bt: BlockType): string {
    if (bt === BLOCK_EMPTY) return '';
    return bt < 0 ? ` (type ${this.typeRef(blockTypeIndex(bt))})` : ` (result ${this.valType(bt)})`;
  }

  /** The composite type of type `typeIndex`: `(func …)`, `(struct …)`, `(array …)`, `(cont …)`. */
  composite(typeIndex: number, c: CompositeType): string {
    switch (c.kind) {
      case 'func':
        return `(func${this.signature(c)})`;
      case 'struct': {
        const fields = this.names.fields(typeIndex);
        return `(struct${c.fields.map((f, i) => ` (field${fields.decl(i, false, false)} ${this.field(f)})`).join('')})`;
      }
      case 'array':
        return `(array ${this.field(c.field)})`;
      case 'cont':
        return `(cont ${c.funcTypeIndex >= 0 ? this.typeRef(c.funcTypeIndex) : this.heap(-c.funcTypeIndex)})`;
    }
  }
}
