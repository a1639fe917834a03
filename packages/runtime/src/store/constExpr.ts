/**
 * Constant expressions (spec "constant expressions", extended-const): evaluated at
 * instantiation for global initializers, table initializers, segment offsets and element items.
 * A tiny stack machine over RawValues (see values.ts): i64 as bigint, floats and v128 as bits.
 * The GC instructions that may appear (allocations, ref.i31, the extern conversions): gcConst.ts.
 */
import { ByteReader } from '../binary/reader.ts';
import { readHeapType } from '../binary/typeReader.ts';
import { PREFIX_GC, PREFIX_SIMD, WasmOp } from '../binary/opcodes.ts';
import type { ConstExpr } from '../syntax/moduleInfo.ts';
import type { Instance } from '../instances/instance.ts';
import type { RawValue } from '../instances/values.ts';
import { gcConst } from './gcConst.ts';

export function evalConstExpr(inst: Instance, expr: ConstExpr): RawValue {
  const r = new ByteReader(inst.info.bytes, expr.start, expr.end);
  const stack: RawValue[] = [];
  for (;;) {
    const op = r.u8();
    switch (op) {
      case 0x0b: // end
        return stack.pop();
      case 0x41: // i32.const
        stack.push(r.s32());
        break;
      case 0x42: // i64.const
        stack.push(r.s64());
        break;
      case 0x43: // f32.const
        stack.push(r.u32Fixed());
        break;
      case 0x44: { // f64.const
        const lo = BigInt(r.u32Fixed());
        stack.push((BigInt(r.u32Fixed()) << 32n) | lo);
        break;
      }
      case 0x23: // global.get
        stack.push(inst.globals[r.u32()].value);
        break;
      case 0xd0: // ref.null
        readHeapType(r);
        stack.push(null);
        break;
      case 0xd2: // ref.func
        stack.push(inst.funcs[r.u32()]);
        break;
      case 0x6a: // i32.add
      case 0x6b: // i32.sub
      case 0x6c: { // i32.mul
        const b = stack.pop() as number, a = stack.pop() as number;
        stack.push(op === WasmOp.i32Add ? (a + b) | 0 : op === WasmOp.i32Sub ? (a - b) | 0 : Math.imul(a, b));
        break;
      }
      case 0x7c: // i64.add
      case 0x7d: // i64.sub
      case 0x7e: { // i64.mul
        const b = stack.pop() as bigint, a = stack.pop() as bigint;
        stack.push(BigInt.asIntN(64, op === WasmOp.i64Add ? a + b : op === WasmOp.i64Sub ? a - b : a * b));
        break;
      }
      case PREFIX_GC:
        gcConst(inst, r, stack);
        break;
      case PREFIX_SIMD: { // v128.const: the only constant 0xFD instruction
        r.u32();
        let v = 0n;
        for (let k = 0; k < 4; k++) v |= BigInt(r.u32Fixed()) << BigInt(32 * k);
        stack.push(v);
        break;
      }
      default:
        throw new Error(`unsupported constant expression opcode 0x${op.toString(16)} at ${r.pos - 1}`);
    }
  }
}

/** A constant expression's value as a table/memory address (i32 or i64 value). */
export function constAddr(v: RawValue): number {
  if (typeof v === 'bigint') return Number(BigInt.asUintN(64, v));
  return (v as number) >>> 0;
}
