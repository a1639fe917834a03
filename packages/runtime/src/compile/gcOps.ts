/**
 * The 0xFB group (GC) for the compiler: structs, arrays, i31 and casts (br_on_cast and
 * br_on_cast_fail are branches: controlOps.ts). Types become canonical ids here — the
 * interpreter finds an object's runtime type (instances/gcObjects.ts) by the id its code
 * carries — and field accesses become one internal instruction per storage kind with the
 * field's offset in the object resolved now. any.convert_extern and extern.convert_any emit
 * nothing: both hierarchies hold the same JS value (gcObjects.ts).
 */
import { readHeapType } from '../binary/typeReader.ts';
import type { ByteReader } from '../binary/reader.ts';
import { CONCRETE_BASE } from '../syntax/types.ts';
import { Op } from '../isa/op.generated.ts';
import type { Instance } from '../instances/instance.ts';
import { FieldKind, runtimeType, type RuntimeType } from '../instances/gcObjects.ts';
import type { Emitter } from './emitter.ts';
import type { OperandStack } from './operandStack.ts';
import { C32, C64, C128, CREF } from './valueCategory.ts';

/** A module's heap type with a concrete type index as CONCRETE_BASE + its canonical id. */
export function canonicalHeap(heap: number, canonIds: readonly number[]): number {
  return heap >= CONCRETE_BASE ? CONCRETE_BASE + canonIds[heap - CONCRETE_BASE] : heap;
}

/** The value category of each field kind (FieldKind order). */
const CAT_OF_KIND = [C32, C64, C128, CREF, C32, C32];
/** struct.get / array.get per field kind; get_s and get_u of packed kinds. */
const STRUCT_GET = [Op.StructGet32, Op.StructGet64, Op.StructGet128, Op.StructGetRef];
const STRUCT_SET = [Op.StructSet32, Op.StructSet64, Op.StructSet128, Op.StructSetRef, Op.StructSet8, Op.StructSet16];
const ARRAY_GET = [Op.ArrayGet32, Op.ArrayGet64, Op.ArrayGet128, Op.ArrayGetRef];
const ARRAY_SET = [Op.ArraySet32, Op.ArraySet64, Op.ArraySet128, Op.ArraySetRef, Op.ArraySet8, Op.ArraySet16];

/** A packed field holds its bits zero-extended: its unsigned read is the plain 32-bit one. */
function getOp(kind: FieldKind, signed: boolean, plain: readonly number[], s8: number, s16: number): number {
  if (kind === FieldKind.I8) return signed ? s8 : plain[FieldKind.W32];
  if (kind === FieldKind.I16) return signed ? s16 : plain[FieldKind.W32];
  return plain[kind];
}

export class GcOps {
  constructor(
    private readonly r: ByteReader,
    private readonly em: Emitter,
    private readonly stack: OperandStack,
    private readonly inst: Instance,
  ) {}

  /** The canonical id and runtime type of type index `x`. */
  private type(x: number): [number, RuntimeType] {
    const id = this.inst.canonIds[x];
    return [id, runtimeType(id)];
  }

  /** Pops `n` values into consecutive slots (as call arguments); returns the first slot. */
  private operands(n: number): number {
    const stack = this.stack;
    stack.materializeTop(n);
    const base = stack.slotOf(stack.h - n);
    stack.popN(n);
    return base;
  }

  /** The top `n` operands' slots, bottom first, popped. */
  private pop(n: number): number[] {
    const stack = this.stack;
    const out = new Array<number>(n);
    for (let k = n - 1; k >= 0; k--) out[k] = stack.src(stack.h - n + k);
    stack.popN(n);
    return out;
  }

  instr(sub: number): void {
    const r = this.r;
    const em = this.em;
    const stack = this.stack;
    switch (sub) {
      case 0x00: { // struct.new
        const [id, t] = this.type(r.u32());
        const base = this.operands(t.fieldKinds.length);
        em.e4(Op.StructNew, stack.pushResult(CREF), id, base);
        return;
      }
      case 0x01: { // struct.new_default
        const [id] = this.type(r.u32());
        em.e3(Op.StructNewDefault, stack.pushResult(CREF), id);
        return;
      }
      case 0x02: // struct.get
      case 0x03: // struct.get_s
      case 0x04: { // struct.get_u
        const [, t] = this.type(r.u32());
        const f = r.u32();
        const kind = t.fieldKinds[f];
        const [a] = this.pop(1);
        const op = getOp(kind, sub === 0x03, STRUCT_GET, Op.StructGet8S, Op.StructGet16S);
        em.e4(op, stack.pushResult(CAT_OF_KIND[kind]), a, t.fieldAt[f]);
        return;
      }
      case 0x05: { // struct.set
        const [, t] = this.type(r.u32());
        const f = r.u32();
        const [a, v] = this.pop(2);
        em.e4(STRUCT_SET[t.fieldKinds[f]], a, v, t.fieldAt[f]);
        return;
      }
      case 0x06: { // array.new
        const [id] = this.type(r.u32());
        const [v, n] = this.pop(2);
        em.eN(Op.ArrayNew, stack.pushResult(CREF), id, v, n);
        return;
      }
      case 0x07: { // array.new_default
        const [id] = this.type(r.u32());
        const [n] = this.pop(1);
        em.e4(Op.ArrayNewDefault, stack.pushResult(CREF), id, n);
        return;
      }
      case 0x08: { // array.new_fixed
        const [id] = this.type(r.u32());
        const n = r.u32();
        const base = this.operands(n);
        em.eN(Op.ArrayNewFixed, stack.pushResult(CREF), id, base, n);
        return;
      }
      case 0x09: // array.new_data
      case 0x0a: { // array.new_elem
        const [id] = this.type(r.u32());
        const seg = r.u32();
        const [s, n] = this.pop(2);
        em.eN(sub === 0x09 ? Op.ArrayNewData : Op.ArrayNewElem, stack.pushResult(CREF), id, seg, s, n);
        return;
      }
      case 0x0b: // array.get
      case 0x0c: // array.get_s
      case 0x0d: { // array.get_u
        const [, t] = this.type(r.u32());
        const kind = t.elemKind;
        const [a, i] = this.pop(2);
        const op = getOp(kind, sub === 0x0c, ARRAY_GET, Op.ArrayGet8S, Op.ArrayGet16S);
        em.e4(op, stack.pushResult(CAT_OF_KIND[kind]), a, i);
        return;
      }
      case 0x0e: { // array.set
        const [, t] = this.type(r.u32());
        const [a, i, v] = this.pop(3);
        em.e4(ARRAY_SET[t.elemKind], a, i, v);
        return;
      }
      case 0x0f: { // array.len
        const [a] = this.pop(1);
        em.e3(Op.ArrayLen, stack.pushResult(C32), a);
        return;
      }
      case 0x10: { // array.fill
        r.u32();
        const [a, i, v, n] = this.pop(4);
        em.eN(Op.ArrayFill, a, i, v, n);
        return;
      }
      case 0x11: { // array.copy
        r.u32();
        r.u32();
        const [a, i, b, j, n] = this.pop(5);
        em.eN(Op.ArrayCopy, a, i, b, j, n);
        return;
      }
      case 0x12: // array.init_data
      case 0x13: { // array.init_elem
        r.u32();
        const seg = r.u32();
        const [a, i, s, n] = this.pop(4);
        em.eN(sub === 0x12 ? Op.ArrayInitData : Op.ArrayInitElem, a, i, s, n, seg);
        return;
      }
      case 0x14: // ref.test
      case 0x15: // ref.test
      case 0x16: // ref.cast
      case 0x17: { // ref.cast
        const heap = canonicalHeap(readHeapType(r), this.inst.canonIds);
        const nullable = sub === 0x15 || sub === 0x17 ? 1 : 0;
        const [a] = this.pop(1);
        const test = sub === 0x14 || sub === 0x15;
        em.eN(test ? Op.RefTest : Op.RefCast, stack.pushResult(test ? C32 : CREF), a, heap, nullable);
        return;
      }
      case 0x1a: // any.convert_extern
      case 0x1b: // extern.convert_any
        return;
      case 0x1c: { // ref.i31
        const [a] = this.pop(1);
        em.e3(Op.RefI31, stack.pushResult(CREF), a);
        return;
      }
      case 0x1d: // i31.get_s
      case 0x1e: { // i31.get_u
        const [a] = this.pop(1);
        em.e3(sub === 0x1d ? Op.I31GetS : Op.I31GetU, stack.pushResult(C32), a);
        return;
      }
    }
    throw new Error(`unsupported opcode 0xfb ${sub} at offset ${em.curOffset}`);
  }
}
