/**
 * The GC instructions of constant expressions (constExpr.ts): struct.new, struct.new_default,
 * array.new, array.new_default, array.new_fixed, ref.i31, any.convert_extern and
 * extern.convert_any. Allocations run the interpreter's own paths (exec/gcAccess.ts): the
 * operands are written as frame cells into a scratch area first, so a constant struct is
 * built exactly as struct.new builds one.
 */
import { TrapCode, Trap } from '@lantern/traps';
import type { ByteReader } from '../binary/reader.ts';
import { WasmOpFB } from '../binary/opcodes.ts';
import { I32, PACKED_I16, PACKED_I8, slotWords, type ValType } from '../syntax/types.ts';
import type { FieldType } from '../syntax/moduleInfo.ts';
import type { Instance } from '../instances/instance.ts';
import { GcStruct, i31Of, runtimeType } from '../instances/gcObjects.ts';
import { type RawValue, writeValues } from '../instances/values.ts';
import { arrayNew, arrayNewDefault, arrayNewFixed, structNew } from '../exec/gcAccess.ts';

/** The value type a field's storage holds on the stack (packed fields as i32). */
function unpacked(f: FieldType): ValType {
  return f.storage === PACKED_I8 || f.storage === PACKED_I16 ? I32 : f.storage;
}

/**
 * Runs `fill` with `values` of `types` written as frame cells from word 0 of a scratch area
 * (the result cell is word 0 too), and returns the reference it leaves there.
 */
function viaCells(types: ValType[], values: RawValue[], fill: (i32: Int32Array, refs: unknown[]) => TrapCode | void): RawValue {
  const words = Math.max(slotWords(types), 2);
  const i32 = new Int32Array(words);
  const refs = new Array<unknown>(words >> 1).fill(null);
  writeValues(i32, refs, 0, types, values);
  const trap = fill(i32, refs);
  if (trap) throw new Trap(trap);
  return refs[0];
}

/** One 0xFB instruction of a constant expression (its sub-opcode next in `r`), on `stack`. */
export function gcConst(inst: Instance, r: ByteReader, stack: RawValue[]): void {
  const sub = r.u32();
  const popN = (n: number) => stack.splice(stack.length - n, n);
  switch (sub) {
    case WasmOpFB.structNew:
    case WasmOpFB.structNewDefault: {
      const t = runtimeType(inst.canonIds[r.u32()]);
      if (sub === WasmOpFB.structNewDefault) {
        stack.push(GcStruct.withDefaults(t));
        return;
      }
      if (t.composite.kind !== 'struct') throw new Error('struct.new of a non-struct type');
      const types = t.composite.fields.map(unpacked);
      stack.push(viaCells(types, popN(types.length), (i32, refs) => structNew(t, i32, refs, 0, 0)));
      return;
    }
    case WasmOpFB.arrayNew:
    case WasmOpFB.arrayNewDefault:
    case WasmOpFB.arrayNewFixed: {
      const t = runtimeType(inst.canonIds[r.u32()]);
      if (t.composite.kind !== 'array') throw new Error('array.new of a non-array type');
      const elem = unpacked(t.composite.field);
      if (sub === WasmOpFB.arrayNewFixed) {
        const n = r.u32();
        const types = new Array<ValType>(n).fill(elem);
        stack.push(viaCells(types, popN(n), (i32, refs) => arrayNewFixed(t, i32, refs, 0, 0, n)));
      } else if (sub === WasmOpFB.arrayNew) {
        const [v, n] = popN(2);
        const w = slotWords([elem]);
        stack.push(viaCells([elem, I32], [v, n], (i32, refs) => arrayNew(t, i32, refs, 0, 0, w)));
      } else {
        stack.push(viaCells([I32], popN(1), (i32, refs) => arrayNewDefault(t, i32, refs, 0, 0)));
      }
      return;
    }
    case WasmOpFB.refI31:
      stack.push(i31Of(stack.pop() as number));
      return;
    case WasmOpFB.anyConvertExtern:
    case WasmOpFB.externConvertAny:
      return; // the same value in both hierarchies (instances/gcObjects.ts)
  }
  throw new Error(`unsupported constant expression opcode 0xfb ${sub} at ${r.pos}`);
}
