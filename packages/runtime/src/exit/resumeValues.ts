/**
 * Resume-with-values: the instruction at thread.exit.resumePc (trapping, or patched with a Break) is
 * skipped, as if it had produced `values`: they are written into its result slot(s) and the
 * loop continues after it. The result types come from the wasm instruction at the pc's module
 * offset (decoded here), the slot from the internal instruction (isa/layout.ts resultSlotAt).
 */
import type { Store } from '../store/store.ts';
import type { Instance } from '../instances/instance.ts';
import { type RawValue, writeValues } from '../instances/values.ts';
import { ByteReader } from '../binary/reader.ts';
import { funcTypeOf, funcTypeIndex } from '../syntax/moduleInfo.ts';
import { EXTERNREF, F32, F64, I32, I64, V128, concreteHeap, heapTypeOf, isRefType, refType, type ValType } from '../syntax/types.ts';
import { readHeapType, readValType } from '../binary/typeReader.ts';
import { Imm, PREFIX_GC, PREFIX_MISC, PREFIX_SIMD, WasmOpFC, opcodeInfo, type OpRow } from '../binary/opcodes.ts';
import { operandTypeTrace } from '../valid/validator.ts';
import { lengthAt, resultSlotAt } from '../isa/layout.ts';

/** The original opcode at `pc` (a Break's patched-over one, else the code's). */
export function originalOp(store: Store, pc: number): number {
  const e = store.debug?.patches.get(pc);
  return e !== undefined ? e.original : store.code.buf[pc];
}

/**
 * Result types of the wasm instruction at module offset `offset` of `inst`'s module: what
 * resume-with-values must supply (and how plain JS numbers convert: f32/f64 vs i32/i64).
 * Every instruction with a fixed signature (numeric, conversions, loads, SIMD, 0xFC), variables,
 * calls, references, tables, memory.size/grow and select (typed from the validator's operand
 * types). Empty for instructions that produce nothing or are control (block, br, end, ...) and
 * for GC (0xFB) instructions (not typed here yet).
 */
export function resultTypesAt(inst: Instance, offset: number): ValType[] {
  const info = inst.info;
  const r = new ByteReader(info.bytes, offset, info.bytes.length);
  const op = r.u8();
  switch (op) {
    case 0x10: // call
    case 0x12: // return_call
      return [...funcTypeOf(info, funcTypeIndex(info, r.u32())).results];
    case 0x11: // call_indirect
    case 0x13: // return_call_indirect
    case 0x14: // call_ref
    case 0x15: // return_call_ref
      return [...funcTypeOf(info, r.u32()).results];
    case 0x1b: { // select: the type of its first operand
      const st = operandTypesAt(info, offset);
      return st !== undefined && st.length >= 3 ? [st[st.length - 3]] : [];
    }
    case 0x1c: { // select t*
      const n = r.u32();
      return n === 1 ? [readValType(r)] : [];
    }
    case 0x20: // local.get
    case 0x22: { // local.tee
      const t = localTypesAt(info, offset)?.[r.u32()];
      return t === undefined ? [] : [t];
    }
    case 0x23: // global.get
      return [inst.globals[r.u32()].type.valType];
    case 0x25: // table.get
      return [inst.tables[r.u32()].type.elemType];
    case 0x3f: // memory.size
    case 0x40: // memory.grow
      return [inst.memories[r.u32()]?.is64 ? I64 : I32];
    case 0xd0: // ref.null
      return [refType(readHeapType(r), true)];
    case 0xd1: // ref.is_null
    case 0xd3: // ref.eq
      return [I32];
    case 0xd2: // ref.func
      return [refType(concreteHeap(funcTypeIndex(info, r.u32())), false)];
    case 0xd4: { // ref.as_non_null: its operand's type, non-null
      const st = operandTypesAt(info, offset);
      const t = st?.[st.length - 1];
      return [t !== undefined && isRefType(t) ? refType(heapTypeOf(t), false) : EXTERNREF];
    }
    case PREFIX_MISC: {
      const sub = r.u32();
      if (sub === WasmOpFC.tableGrow || sub === WasmOpFC.tableSize) return [inst.tables[r.u32()]?.type.limits.is64 ? I64 : I32];
      return sigResults(opcodeInfo(PREFIX_MISC, sub), inst, r);
    }
    case PREFIX_SIMD:
      return sigResults(opcodeInfo(PREFIX_SIMD, r.u32()), inst, r);
    case PREFIX_GC:
      return [];
  }
  return sigResults(opcodeInfo(0, op), inst, r);
}

/** Results from an opcode row's fixed signature (after '>'); 'a' is the address type of memory 0. */
function sigResults(row: OpRow | undefined, inst: Instance, r: ByteReader): ValType[] {
  const sig = row?.[3];
  if (sig === null || sig === undefined) return [];
  const out = sig.slice(sig.indexOf('>') + 1);
  const types: ValType[] = [];
  for (const c of out) {
    switch (c) {
      case 'i': types.push(I32); break;
      case 'I': types.push(I64); break;
      case 'f': types.push(F32); break;
      case 'F': types.push(F64); break;
      case 'v': types.push(V128); break;
      case 'a': types.push(inst.memories[row![2] === Imm.Memory ? r.u32() : 0]?.is64 ? I64 : I32); break;
    }
  }
  return types;
}

/** The body containing module offset `offset`, and its function index. */
function bodyAt(info: Instance['info'], offset: number): number {
  for (let i = 0; i < info.bodies.length; i++) {
    const b = info.bodies[i];
    if (offset >= b.codeStart && offset < b.codeEnd) return i;
  }
  return -1;
}

function localTypesAt(info: Instance['info'], offset: number): ValType[] | undefined {
  const i = bodyAt(info, offset);
  if (i < 0) return undefined;
  return [...funcTypeOf(info, info.funcTypeIndices[i]).params, ...info.bodies[i].locals];
}

/**
 * The exact operand stack types (bottom first) before the instruction at `offset`, from the
 * validator (see operandTypes.ts); undefined when unknown (module not validated here, or dead code).
 */
export function operandTypesAt(info: Instance['info'], offset: number): ValType[] | undefined {
  const i = bodyAt(info, offset);
  if (i < 0) return undefined;
  let out: ValType[] | undefined;
  try {
    operandTypeTrace(info, info.importedFuncs + i, (o, vals, sp) => {
      if (o === offset && out === undefined) out = Array.from(vals.subarray(0, sp));
    });
  } catch {
    return undefined;
  }
  return out;
}

export function applyResumeValues(store: Store, values: readonly RawValue[]): void {
  const thread = store.thread;
  const pc = thread.exit.resumePc;
  const f = store.funcs[thread.exit.func];
  const op = originalOp(store, pc);
  const code = store.code.buf;
  const len = lengthAt(code, pc, op);
  if (len < 0) throw new Error(`resume: unknown instruction shape at pc ${pc}`);
  const types = resultTypesAt(f.instance as Instance, f.codeMap!.offsetAt(pc));
  if (values.length !== types.length) throw new TypeError(`resume: the instruction produces ${types.length} value(s), got ${values.length}`);
  const slot = resultSlotAt(code, pc, op);
  if (slot < 0 && types.length > 0) throw new Error(`resume: the instruction at pc ${pc} has no result slot (a fused load whose value it only stores)`);
  const d = thread.exit.fp + slot;
  writeValues(thread.i32, thread.refs, d, types, values);
  thread.exit.resumePc = pc + len;
}
