/**
 * Value categories: how the compiled code moves a value — 32 bits (i32, f32), 64 bits (i64, f64,
 * as two int32 halves), a reference (in the frame's parallel reference array) or 128 bits (v128,
 * four int32 lanes over two cells). The compiler
 * tracks categories, not types: they are all that picks a move, a select or a global access, and
 * debug-compiled code records them per operand (CodeMap.stackCats).
 */
import { F32, F64, I32, I64, isRefType, V128, type ValType } from '../syntax/types.ts';

export const C32 = 0, C64 = 1, CREF = 2, C128 = 3;

export function categoryOf(t: ValType): number {
  if (t === I32 || t === F32) return C32;
  if (t === I64 || t === F64) return C64;
  if (isRefType(t)) return CREF;
  if (t === V128) return C128;
  throw new Error(`unknown value type ${t}`);
}

/** int32 words a value of category `cat` occupies in a frame (see slotWidth). */
export function catWidth(cat: number): number {
  return cat === C128 ? 4 : 2;
}
