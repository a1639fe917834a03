/**
 * WasmValue: a wasm value as the debugger shows it — typed, with its exact bits.
 *
 *   i32 → `value` signed number, `bits` its uint32 pattern
 *   i64 → `value` signed BigInt, `bits` its uint64 pattern
 *   f32 → `value` the float, `bits` its uint32 pattern (NaN payloads survive)
 *   f64 → `value` the float, `bits` its uint64 pattern
 *   v128 → `bits` its uint128 pattern (lane 0 of every shape in the low bits, as in memory);
 *   `v128Lanes` reads it as any lane shape, `withV128Lane` writes one lane
 *   references → a `RefHandle`: an opaque, stable-per-pause wrapper of the engine's reference
 *   (null for a null reference); `describe` tells what it is without exposing engine objects.
 *
 * Conversion from/to the engine's RawValue (instances/values.ts: f32/f64 travel as bit patterns)
 * is done here only, so the rest of the debugger never sees raw cells.
 */

import { F32, F64, FuncInstance, gcObjectView, heapTypeOf, HeapType, I32, I64, isRefType, V128 } from '@lantern/runtime';
import type { GcObjectView, RawValue, ValType } from '@lantern/runtime';
import { fieldLabel, gcLabel, NO_GC_NAMES, type GcNames } from './gcNames.ts';

export type NumType = 'i32' | 'i64' | 'f32' | 'f64';

export interface RefHandle {
  /** The heap type's name (`func`, `extern`, `any`, ... or `$3` for a concrete type index). */
  readonly heapType: string;
  /** A short description (`func[2] $add`, `extern "hello"`, `$node {$key: $str[5], $count: 3}`, `i31 7`). */
  readonly description: string;
  /** The engine's reference itself (for writing it back / comparing identity). */
  readonly ref: unknown;
  /** How its GC type and fields are named (frames/gcValue.ts), for expanding a struct or array. */
  readonly gcNames: GcNames;
}

export type WasmValue =
  | { readonly type: 'i32'; readonly value: number; readonly bits: number }
  | { readonly type: 'i64'; readonly value: bigint; readonly bits: bigint }
  | { readonly type: 'f32'; readonly value: number; readonly bits: number }
  | { readonly type: 'f64'; readonly value: number; readonly bits: bigint }
  | { readonly type: 'v128'; readonly bits: bigint }
  | { readonly type: 'ref'; readonly heapType: string; readonly handle: RefHandle | null };

/** What may be written: a typed value, or a plain number/bigint taken in the slot's own type. */
export type WasmValueInput = WasmValue | number | bigint | null | RefHandle;

const f32buf = new Float32Array(1);
const u32buf = new Uint32Array(f32buf.buffer);
const f64buf = new Float64Array(1);
const u64buf = new BigUint64Array(f64buf.buffer);

export function f32FromBits(bits: number): number {
  u32buf[0] = bits;
  return f32buf[0];
}
export function f32Bits(v: number): number {
  f32buf[0] = v;
  return u32buf[0];
}
export function f64FromBits(bits: bigint): number {
  u64buf[0] = bits;
  return f64buf[0];
}
export function f64Bits(v: number): bigint {
  f64buf[0] = v;
  return u64buf[0];
}

const HEAP_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(HeapType).map(([k, v]) => [v, k.replace(/^No/, 'no').toLowerCase()]),
);

export function heapTypeName(t: ValType): string {
  const h = heapTypeOf(t);
  return HEAP_NAMES[h] ?? `$${h - 0x80}`;
}

export function valTypeName(t: ValType): string {
  switch (t) {
    case I32:
      return 'i32';
    case I64:
      return 'i64';
    case F32:
      return 'f32';
    case F64:
      return 'f64';
    case V128:
      return 'v128';
  }
  return isRefType(t) ? `ref ${heapTypeName(t)}` : `type(${t})`;
}

function describeRef(ref: unknown, heap: string, gcNames: GcNames): string {
  const gc = describeGc(ref, gcNames);
  if (gc !== undefined) return gc;
  if (ref instanceof FuncInstance) {
    const name = ref.instance?.info.names?.functions.get(ref.funcIndex) ?? ref.debugName;
    return ref.funcIndex >= 0 ? `func[${ref.funcIndex}]${name ? ` $${name}` : ''}` : `host func${name ? ` ${name}` : ''}`;
  }
  if (typeof ref === 'string') return `${heap} ${JSON.stringify(ref)}`;
  if (typeof ref === 'number' || typeof ref === 'bigint' || typeof ref === 'boolean') return `${heap} ${String(ref)}`;
  const ctor = (ref as { constructor?: { name?: string } } | null)?.constructor?.name;
  return `${heap} <${ctor ?? typeof ref}>`;
}

/** The engine's RawValue of type `t` as a WasmValue; `gcNames` names GC types and fields. */
export function fromRaw(raw: RawValue, t: ValType, gcNames: GcNames = NO_GC_NAMES): WasmValue {
  switch (t) {
    case I32: {
      const v = Number(raw) | 0;
      return { type: 'i32', value: v, bits: v >>> 0 };
    }
    case I64: {
      const b = BigInt.asUintN(64, raw as bigint);
      return { type: 'i64', value: BigInt.asIntN(64, b), bits: b };
    }
    case F32: {
      const bits = Number(raw) >>> 0;
      return { type: 'f32', value: f32FromBits(bits), bits };
    }
    case F64: {
      const bits = BigInt.asUintN(64, raw as bigint);
      return { type: 'f64', value: f64FromBits(bits), bits };
    }
    case V128:
      return { type: 'v128', bits: BigInt.asUintN(128, (raw as bigint) ?? 0n) };
  }
  const heap = heapTypeName(t);
  if (raw === null || raw === undefined) return { type: 'ref', heapType: heap, handle: null };
  return { type: 'ref', heapType: heap, handle: { heapType: heap, description: describeRef(raw, heap, gcNames), ref: raw, gcNames } };
}

/** A value to write into a slot of type `t`, as the engine's RawValue. Throws on a type mismatch. */
export function toRaw(v: WasmValueInput, t: ValType): RawValue {
  if (v !== null && typeof v === 'object' && 'type' in v) {
    const want = isRefType(t) ? 'ref' : valTypeName(t);
    if (v.type !== want) throw new TypeError(`cannot write a ${v.type} into a ${valTypeName(t)} slot`);
    switch (v.type) {
      case 'i32':
        return v.value | 0;
      case 'i64':
        return BigInt.asIntN(64, v.value);
      case 'f32':
        return v.bits >>> 0;
      case 'f64':
        return BigInt.asUintN(64, v.bits);
      case 'v128':
        return v.bits;
      case 'ref':
        return v.handle ? v.handle.ref : null;
    }
  }
  if (v !== null && typeof v === 'object') return (v as RefHandle).ref; // a RefHandle
  switch (t) {
    case I32:
      return Number(v) | 0;
    case I64:
      return BigInt.asIntN(64, BigInt(v as number | bigint));
    case F32:
      return f32Bits(Number(v));
    case F64:
      return f64Bits(Number(v));
    case V128:
      return BigInt.asUintN(128, BigInt(v as number | bigint));
  }
  // A number is not a reference (it would read back as an i31 or a host value): only null is.
  if (isRefType(t) && v === null) return null;
  throw new TypeError(`cannot write ${String(v)} into a ${valTypeName(t)} slot`);
}

/** The lane shapes of a v128, as the text format names them. */
export const V128_SHAPES = ['i8x16', 'i16x8', 'i32x4', 'i64x2', 'f32x4', 'f64x2'] as const;
export type V128Shape = (typeof V128_SHAPES)[number];

const V128_LANE_BYTES: Record<V128Shape, number> = { i8x16: 1, i16x8: 2, i32x4: 4, i64x2: 8, f32x4: 4, f64x2: 8 };

export function isV128Shape(name: string): name is V128Shape {
  return (V128_SHAPES as readonly string[]).includes(name);
}

/** Lanes in a shape: `16 / bytes per lane` of them. */
export function v128LaneCount(shape: V128Shape): number {
  return 16 / V128_LANE_BYTES[shape];
}

function v128View(bits: bigint): DataView {
  const view = new DataView(new ArrayBuffer(16));
  view.setBigUint64(0, BigInt.asUintN(64, bits), true);
  view.setBigUint64(8, BigInt.asUintN(64, bits >> 64n), true);
  return view;
}

function v128FromView(view: DataView): bigint {
  return (view.getBigUint64(8, true) << 64n) | view.getBigUint64(0, true);
}

/** Lane `lane` of a v128 read as `shape`: integer lanes signed (i64x2 as BigInt), float lanes as WasmValues keep their bits. */
function laneValue(view: DataView, shape: V128Shape, lane: number): WasmValue {
  const at = lane * V128_LANE_BYTES[shape];
  switch (shape) {
    case 'i8x16': return fromRaw(view.getInt8(at), I32);
    case 'i16x8': return fromRaw(view.getInt16(at, true), I32);
    case 'i32x4': return fromRaw(view.getInt32(at, true), I32);
    case 'i64x2': return fromRaw(view.getBigInt64(at, true), I64);
    case 'f32x4': return fromRaw(view.getUint32(at, true), F32);
    case 'f64x2': return fromRaw(view.getBigUint64(at, true), F64);
  }
}

/** Every lane of a v128 read as `shape` (i8x16/i16x8 lanes are shown as i32 values). */
export function v128Lanes(bits: bigint, shape: V128Shape): WasmValue[] {
  const view = v128View(bits);
  return Array.from({ length: v128LaneCount(shape) }, (_, lane) => laneValue(view, shape, lane));
}

/** The v128 with lane `lane` of `shape` replaced by `value` (a number, BigInt or typed scalar; wrapped to the lane's width). */
export function withV128Lane(bits: bigint, shape: V128Shape, lane: number, value: WasmValueInput): bigint {
  const count = v128LaneCount(shape);
  if (!Number.isInteger(lane) || lane < 0 || lane >= count) throw new RangeError(`lane ${lane} of ${shape}: a ${shape} has lanes 0..${count - 1}`);
  const view = v128View(bits);
  const at = lane * V128_LANE_BYTES[shape];
  switch (shape) {
    case 'i8x16': view.setInt8(at, ((toRaw(value, I32) as number) << 24) >> 24); break;
    case 'i16x8': view.setInt16(at, ((toRaw(value, I32) as number) << 16) >> 16, true); break;
    case 'i32x4': view.setInt32(at, toRaw(value, I32) as number, true); break;
    case 'i64x2': view.setBigInt64(at, toRaw(value, I64) as bigint, true); break;
    case 'f32x4': view.setUint32(at, toRaw(value, F32) as number, true); break;
    case 'f64x2': view.setBigUint64(at, toRaw(value, F64) as bigint, true); break;
  }
  return v128FromView(view);
}

function laneTexts(bits: bigint, shape: V128Shape): string[] {
  return v128Lanes(bits, shape).map((lane) => formatWasmValue(lane, false));
}

/** A v128 in one shape, as the text format writes it: `i32x4 1 2 3 4`. */
export function formatV128(bits: bigint, shape: V128Shape): string {
  return `${shape} ${laneTexts(bits, shape).join(' ')}`;
}

/** Text of a value for transcripts and logpoints: `i32 42`, `f32 1.5`, `i64 -3n` style without the n. */
export function formatWasmValue(v: WasmValue, withType = true): string {
  let text: string;
  switch (v.type) {
    case 'i32':
    case 'i64':
      text = String(v.value);
      break;
    case 'f32':
    case 'f64':
      text = Number.isNaN(v.value) ? `nan:0x${v.bits.toString(16)}` : Object.is(v.value, -0) ? '-0' : String(v.value);
      break;
    case 'v128':
      // every lane interpretation, gdb-style: {i8x16 = {…}, …, f64x2 = {…}}
      text = `{${V128_SHAPES.map((shape) => `${shape} = {${laneTexts(v.bits, shape).join(', ')}}`).join(', ')}}`;
      break;
    case 'ref':
      text = v.handle ? v.handle.description : `null ${v.heapType}`;
      return withType ? `ref ${text}` : text;
  }
  return withType ? `${v.type} ${text}` : text;
}

/** The plain JS value of a WasmValue (numbers, BigInt, the reference) for conditions and templates. */
export function plainValue(v: WasmValue): number | bigint | unknown {
  switch (v.type) {
    case 'ref':
      return v.handle ? v.handle.ref : null;
    case 'v128':
      return v.bits;
    default:
      return v.value;
  }
}

// ---------------------------------------------------------------- GC values (names: gcNames.ts)

/** How many elements an array's one-line preview shows. */
const PREVIEW_ELEMENTS = 8;

/** A field or element of a GC object as a WasmValue. */
function childValue(ref: unknown, k: number, names: GcNames): WasmValue {
  const view = gcObjectView(ref)!;
  return fromRaw(view.read(k), view.typeOf(k), names);
}

/**
 * A field or element in its parent's description: a number, or a reference by its label only —
 * never its own description, so a cycle or a long chain costs one level.
 */
function childText(view: GcObjectView, k: number, names: GcNames): string {
  const t = view.typeOf(k);
  const raw = view.read(k);
  if (!isRefType(t)) return formatWasmValue(fromRaw(raw, t), false);
  if (raw === null || raw === undefined) return 'null';
  return gcLabel(raw, names) ?? describeRef(raw, heapTypeName(t), names);
}

/**
 * The description of a GC reference: a struct with its fields one level deep
 * (`$node {$key: $str[5], $count: 3, $left: null}`), an array with its first elements
 * (`$str[5] {104, 101, 108, 108, 111}`), an i31 as `i31 7`; undefined if not a GC value.
 */
export function describeGc(ref: unknown, names: GcNames): string | undefined {
  const label = gcLabel(ref, names);
  const view = gcObjectView(ref);
  if (!view || label === undefined) return label;
  const shown = view.kind === 'array' ? Math.min(view.length, PREVIEW_ELEMENTS) : view.length;
  const parts: string[] = [];
  for (let k = 0; k < shown; k++) {
    const text = childText(view, k, names);
    parts.push(view.kind === 'struct' ? `${fieldLabel(view.typeId, k, names)}: ${text}` : text);
  }
  if (shown < view.length) parts.push('…');
  return `${label} {${parts.join(', ')}}`;
}

export interface GcChild {
  /** `$name` / `field<k>` of a struct field, `[k]` of an array element. */
  readonly name: string;
  /** The field or element index. */
  readonly index: number;
  readonly value: WasmValue;
  readonly mutable: boolean;
}

/** Fields (or elements [start, start + count)) of a struct or array; empty for any other value. */
export function gcChildren(ref: unknown, names: GcNames, start = 0, count = 0): GcChild[] {
  const view = gcObjectView(ref);
  if (!view) return [];
  const end = count > 0 ? Math.min(view.length, start + count) : view.length;
  const out: GcChild[] = [];
  for (let k = start; k < end; k++) {
    const name = view.kind === 'struct' ? fieldLabel(view.typeId, k, names) : `[${k}]`;
    out.push({ name, index: k, value: childValue(ref, k, names), mutable: view.mutable(k) });
  }
  return out;
}

/** How many children a GC reference has (fields or elements) and which kind; undefined if not a struct or array. */
export function gcShape(ref: unknown): { readonly kind: 'struct' | 'array'; readonly length: number } | undefined {
  const view = gcObjectView(ref);
  return view ? { kind: view.kind, length: view.length } : undefined;
}

/** Writes field or element `k` of a struct or array (a mutable one); returns it as it reads now. */
export function writeGcChild(ref: unknown, k: number, value: WasmValueInput, names: GcNames): WasmValue {
  const view = gcObjectView(ref);
  if (!view) throw new TypeError('not a struct or array');
  if (!view.mutable(k)) throw new TypeError(`${view.kind === 'struct' ? fieldLabel(view.typeId, k, names) : `[${k}]`} is immutable`);
  view.write(k, toRaw(value, view.typeOf(k)));
  return childValue(ref, k, names);
}
