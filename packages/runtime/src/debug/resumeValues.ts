/**
 * Resume-with-values: the instruction at thread.pc (trapping, or patched with a Break) is
 * skipped, as if it had produced `values`: they are written into its result slot(s) and the
 * loop continues after it. The result types come from the wasm instruction at the pc's module
 * offset (decoded here), the slot from the internal instruction (opLayout.ts resultSlotAt).
 */
import type { Store } from '../runtime/store.ts';
import type { Instance } from '../runtime/instance.ts';
import { type RawValue, writeRaw } from '../runtime/values.ts';
import { ByteReader } from '../binary/reader.ts';
import { funcTypeOf, funcTypeIndex } from '../compile/compiler.ts';
import { EXTERNREF, F32, F64, I32, I64, type ValType } from '../syntax/types.ts';
import { lengthAt, resultSlotAt } from './opLayout.ts';

/** The original opcode at `pc` (a Break's patched-over one, else the code's). */
export function originalOp(store: Store, pc: number): number {
  const e = store.debug?.patches.get(pc);
  return e !== undefined ? e.original : store.code.buf[pc];
}

/** Result types of the wasm instruction at module offset `offset` of `inst`'s module. */
export function resultTypesAt(inst: Instance, offset: number): ValType[] {
  const info = inst.info;
  const r = new ByteReader(info.bytes, offset, info.bytes.length);
  const op = r.u8();
  if (op >= 0x28 && op <= 0x35) return [[I32, I64, F32, F64][op - 0x28] ?? (op <= 0x2f ? I32 : I64)];
  if (op === 0x10) return [...funcTypeOf(info, funcTypeIndex(info, r.u32())).results];
  if (op === 0x11 || op === 0x14 || op === 0x13 || op === 0x15) return [...funcTypeOf(info, r.u32()).results];
  if (op === 0x25) {
    const t = inst.tables[r.u32()];
    return [t.type.elemType];
  }
  if (op === 0xd4) return [EXTERNREF];
  if ((op >= 0x6d && op <= 0x70) || (op >= 0xa8 && op <= 0xab) || op === 0x45 || op === 0x40) return [I32];
  if ((op >= 0x7f && op <= 0x82) || (op >= 0xae && op <= 0xb1)) return [I64];
  return [];
}

export function applyResumeValues(store: Store, values: readonly RawValue[]): void {
  const thread = store.thread;
  const pc = thread.pc;
  const f = store.funcs[thread.func];
  const op = originalOp(store, pc);
  const code = store.code.buf;
  const len = lengthAt(code, pc, op);
  if (len < 0) throw new Error(`resume: unknown instruction shape at pc ${pc}`);
  const types = resultTypesAt(f.instance as Instance, f.codeMap!.offsetAt(pc));
  if (values.length !== types.length) throw new TypeError(`resume: the instruction produces ${types.length} value(s), got ${values.length}`);
  const d = thread.fp + resultSlotAt(code, pc, op);
  for (let i = 0; i < types.length; i++) writeRaw(thread.i32, thread.refs, d + 2 * i, types[i], values[i]);
  thread.pc = pc + len;
}
