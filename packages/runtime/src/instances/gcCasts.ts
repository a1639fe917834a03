/**
 * The run-time type test of ref.test, ref.cast, br_on_cast and br_on_cast_fail (and of the JS
 * API's conversion to a GC reference type): does a reference value (gcObjects.ts's
 * representation) belong to a heap type? Heap types are canonical (a concrete one is
 * CONCRETE_BASE + canonical id). Validation has put the value in the target's hierarchy, so a
 * top type accepts every non-null value.
 */
import { CONCRETE_BASE, HeapType } from '../syntax/types.ts';
import { FuncInstance } from './func.ts';
import { GcArray, GcStruct, isI31, runtimeType } from './gcObjects.ts';

/** Is `v` a value of heap type `heap` (null counts when `nullable`)? Allocates nothing. */
export function refTest(v: unknown, heap: number, nullable: boolean): boolean {
  if (v === null) return nullable;
  if (heap >= CONCRETE_BASE) {
    const target = runtimeType(heap - CONCRETE_BASE);
    if (v instanceof GcStruct || v instanceof GcArray) return v.type === target || v.type.isSubtypeOf(target);
    if (v instanceof FuncInstance) return v.canonId === target.id || runtimeType(v.canonId).isSubtypeOf(target);
    return false;
  }
  switch (heap) {
    case HeapType.Eq: return v instanceof GcStruct || v instanceof GcArray || isI31(v);
    case HeapType.I31: return isI31(v);
    case HeapType.Struct: return v instanceof GcStruct;
    case HeapType.Array: return v instanceof GcArray;
    case HeapType.None:
    case HeapType.NoFunc:
    case HeapType.NoExtern:
    case HeapType.NoExn:
    case HeapType.NoCont:
      return false;
    default: // any, func, extern, exn, cont: the top of the value's hierarchy
      return true;
  }
}
