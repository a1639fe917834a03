/**
 * Exact operand types for debug-compiled code. The compiler tracks only value categories
 * (32-bit, 64-bit, reference), enough to move values; a debugger showing an operand must know
 * i32 from f32 and i64 from f64. The validator knows the exact types, so the function body is
 * validated once more with a recorder (FuncValidator.onInstr) and the types before each
 * instruction that starts a CodeMap entry are stored in `CodeMap.stackTypes`.
 *
 * Where the validator's stack does not match the compiled one (it should not happen in reachable
 * code; the compiler skips unreachable code), the category's type stands in: i32, i64, externref.
 */
import type { FuncInstance } from '../instances/func.ts';
import { operandTypeTrace } from '../valid/validator.ts';
import { F32, F64, I32, I64, V128, type ValType } from '../syntax/types.ts';
import { categoryType } from '../exit/frames.ts';

/** Fills `f.codeMap.stackTypes` (debug-compiled functions only; a no-op otherwise). */
export function recordOperandTypes(f: FuncInstance): void {
  const map = f.codeMap;
  const inst = f.instance;
  if (map === null || map.heights === null || map.stackStarts === null || map.stackCats === null || inst === null) return;
  const wanted = new Set<number>(map.offsets);
  const seen = new Map<number, Int32Array>();
  let traced = false;
  try {
    traced = operandTypeTrace(inst.info, f.funcIndex, (offset, vals, sp) => {
      if (wanted.has(offset) && !seen.has(offset)) seen.set(offset, vals.slice(0, sp));
    });
  } catch {
    traced = false; // a module validated with other options: categories only
  }
  const types = new Int32Array(map.stackCats.length);
  for (let i = 0; i < map.heights.length; i++) {
    const start = map.stackStarts[i];
    const h = map.heights[i];
    const exact = traced ? seen.get(map.offsets[i]) : undefined;
    const ok = exact !== undefined && exact.length === h;
    for (let k = 0; k < h; k++) {
      const t = ok ? exact[k] : 0;
      // BOT (0) or a category disagreement: the category's type.
      types[start + k] = t !== 0 && categoryOf(t) === map.stackCats[start + k] ? t : categoryType(map.stackCats[start + k]);
    }
  }
  map.stackTypes = types;
}

function categoryOf(t: ValType): number {
  return t === I64 || t === F64 ? 1 : t === I32 || t === F32 ? 0 : t === V128 ? 3 : 2;
}
