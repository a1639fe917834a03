/**
 * Subtyping over canonical types (the runtime's side of `valid/subtyping.ts`, which works on
 * one module's type indices): defined types by canonical id, following the declared supertypes
 * TypeRegistry.shared recorded; value and heap types in canonical form, as runtime objects
 * carry them (see canonicalTypes.ts).
 */
import type { CompositeType } from '../syntax/moduleInfo.ts';
import type { HeapType, ValType } from '../syntax/types.ts';
import { CONCRETE_BASE, HeapType as H, heapTypeOf, isConcreteHeap, isNullable, isRefType } from '../syntax/types.ts';
import { TypeRegistry } from '../valid/canonicalTypes.ts';

/** Is canonical type `sub` a (declared, transitive) subtype of canonical type `sup`? */
export function isCanonSubtype(sub: number, sup: number): boolean {
  const registry = TypeRegistry.shared;
  for (let t = sub; t >= 0; t = registry.type(t).superId) if (t === sup) return true;
  return false;
}

function kindOf(id: number): CompositeType['kind'] {
  return TypeRegistry.shared.type(id).composite.kind;
}

/** Heap subtyping on canonical heap types. */
export function isHeapSubtype(a: HeapType, b: HeapType): boolean {
  if (a === b) return true;
  const ac = isConcreteHeap(a), bc = isConcreteHeap(b);
  if (ac && bc) return isCanonSubtype(a - CONCRETE_BASE, b - CONCRETE_BASE);
  if (ac) {
    const k = kindOf(a - CONCRETE_BASE);
    if (k === 'func') return b === H.Func;
    if (k === 'cont') return b === H.Cont;
    return b === H.Any || b === H.Eq || (k === 'struct' ? b === H.Struct : b === H.Array);
  }
  if (bc) {
    const k = kindOf(b - CONCRETE_BASE);
    if (k === 'func') return a === H.NoFunc;
    if (k === 'cont') return a === H.NoCont;
    return a === H.None;
  }
  switch (a) {
    case H.None:
      return b === H.Any || b === H.Eq || b === H.I31 || b === H.Struct || b === H.Array;
    case H.I31:
    case H.Struct:
    case H.Array:
      return b === H.Any || b === H.Eq;
    case H.Eq:
      return b === H.Any;
    case H.NoFunc:
      return b === H.Func;
    case H.NoExtern:
      return b === H.Extern;
    case H.NoExn:
      return b === H.Exn;
    case H.NoCont:
      return b === H.Cont;
  }
  return false;
}

/** Value subtyping on canonical value types. */
export function isValSubtype(a: ValType, b: ValType): boolean {
  if (a === b) return true;
  if (!isRefType(a) || !isRefType(b)) return false;
  if (isNullable(a) && !isNullable(b)) return false;
  return isHeapSubtype(heapTypeOf(a), heapTypeOf(b));
}
