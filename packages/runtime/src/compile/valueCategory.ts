/**
 * Value categories: how the compiled code moves a value — 32 bits (i32, f32), 64 bits (i64, f64,
 * as two int32 halves) or a reference (in the frame's parallel reference array). The compiler
 * tracks categories, not types: they are all that picks a move, a select or a global access, and
 * debug-compiled code records them per operand (CodeMap.stackCats).
 */
import { F32, F64, I32, I64, isRefType, V128, type ValType } from '../syntax/types.ts';

export const C32 = 0, C64 = 1, CREF = 2;

export function categoryOf(t: ValType): number {
  if (t === I32 || t === F32) return C32;
  if (t === I64 || t === F64) return C64;
  if (isRefType(t)) return CREF;
  if (t === V128) throw new Error('v128 is not supported yet');
  throw new Error(`unknown value type ${t}`);
}
