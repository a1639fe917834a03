/**
 * RawValue: how wasm values cross the engine API, by type —
 *   i32 -> number (signed int32); i64 -> bigint (signed);
 *   f32 -> number holding the UINT32 bit pattern; f64 -> bigint holding the UINT64 bit pattern
 *   (bits, so NaN payloads survive); v128 -> bigint holding the UINT128 bit pattern (lane 0 of
 *   any shape in the low bits, as in memory); references -> the reference value (funcref: a FuncInstance,
 *   externref: any JS value except null), null reference -> JS null.
 * readRaw/writeRaw convert between a RawValue and a 64-bit cell (an Int32Array pair at an even
 * index, `lo` first; a v128 two cells, its four 32-bit lanes in order) plus the parallel
 * reference array (indexed by cell).
 */
import { F32, F64, I32, I64, isRefType, slotWidth, V128, type ValType } from '../syntax/types.ts';

export type RawValue = number | bigint | unknown;

export function readRaw(i32: Int32Array, refs: unknown[], at: number, t: ValType): RawValue {
  switch (t) {
    case I32:
      return i32[at];
    case F32:
      return i32[at] >>> 0;
    case I64:
      return (BigInt(i32[at + 1]) << 32n) | BigInt(i32[at] >>> 0);
    case F64:
      return (BigInt(i32[at + 1] >>> 0) << 32n) | BigInt(i32[at] >>> 0);
    case V128:
      return (BigInt(i32[at + 3] >>> 0) << 96n) | (BigInt(i32[at + 2] >>> 0) << 64n) | (BigInt(i32[at + 1] >>> 0) << 32n) | BigInt(i32[at] >>> 0);
  }
  if (isRefType(t)) return refs[at >> 1];
  throw new TypeError(`unsupported value type ${t}`);
}

export function writeRaw(i32: Int32Array, refs: unknown[], at: number, t: ValType, v: RawValue): void {
  switch (t) {
    case I32:
    case F32:
      i32[at] = Number(v) | 0;
      i32[at + 1] = 0;
      return;
    case I64:
    case F64: {
      const b = BigInt.asUintN(64, v as bigint);
      i32[at] = Number(b & 0xffffffffn) | 0;
      i32[at + 1] = Number(b >> 32n) | 0;
      return;
    }
    case V128: {
      const b = BigInt.asUintN(128, v as bigint);
      for (let k = 0; k < 4; k++) i32[at + k] = Number((b >> BigInt(32 * k)) & 0xffffffffn) | 0;
      return;
    }
  }
  if (isRefType(t)) {
    refs[at >> 1] = v === undefined ? null : v;
    return;
  }
  throw new TypeError(`unsupported value type ${t}`);
}

/** Writes `values` of `types` one after another from int32 index `at` (arguments, results, payloads). */
export function writeValues(i32: Int32Array, refs: unknown[], at: number, types: readonly ValType[], values: readonly RawValue[]): void {
  for (let i = 0; i < types.length; i++) {
    writeRaw(i32, refs, at, types[i], values[i]);
    at += slotWidth(types[i]);
  }
}

/** Reads values of `types` laid out one after another from int32 index `at`. */
export function readValues(i32: Int32Array, refs: unknown[], at: number, types: readonly ValType[]): RawValue[] {
  const out: RawValue[] = new Array(types.length);
  for (let i = 0; i < types.length; i++) {
    out[i] = readRaw(i32, refs, at, types[i]);
    at += slotWidth(types[i]);
  }
  return out;
}
