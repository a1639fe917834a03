/**
 * Value conversion at the JS boundary (JS API "ToWebAssemblyValue" / "ToJSValue") between JS
 * values and the engine's RawValue representation:
 *   i32 ↔ Number (ToInt32), i64 ↔ BigInt (ToBigInt64; a Number is a TypeError),
 *   f32 ↔ Number rounded with Math.fround, stored as the uint32 bit pattern,
 *   f64 ↔ Number, stored as the uint64 bit pattern (a BigInt),
 *   externref ↔ any JS value (null is ref.null), funcref ↔ null or an Exported Function
 *   (typed function references: one whose type matches), anyref and its subtypes ↔ null, an
 *   i31ref as a Number, a struct or array as its Exported GC Object (gcExports.ts: opaque, one
 *   per object, the struct itself again when it comes back), or any other JS value as a host
 *   reference; a value the type does not admit (ref.test) is a TypeError. externref carries the
 *   same values (extern.convert_any is the identity), so it converts the same way.
 * v128 and exnref cannot cross (TypeError), as in the spec.
 *
 * Exported Functions (the JS value of a funcref) are made here too: a plain, non-constructible JS
 * function with `length` = parameter count and `name` = the function's index; calling it
 * converts the arguments (ToWebAssemblyValue), runs the function on the realm's Store and
 * converts the results (none → undefined, one → the value, several → an array). There is one per
 * FuncInstance and realm, so identity holds across exports, tables and funcref globals. An
 * uncaught wasm exception reaches JS as a WebAssembly.Exception (instances/exception.ts,
 * exec/driver.ts).
 */
import {
  CONCRETE_BASE, EXTERNREF, F32, F64, FUNCREF, HeapType, I32, I64, V128, heapTypeOf, isConcreteHeap, isNullable, isRefType,
  refType, valTypeName,
} from '../syntax/types.ts';
import { TypeRegistry } from '../valid/canonicalTypes.ts';
import { isI31 } from '../instances/gcObjects.ts';
import { refTest } from '../instances/gcCasts.ts';
import type { ValType } from '../syntax/types.ts';
import { ExceptionInstance, invoke } from './engine.ts';
import { exportGcObject, gcObjectOf, isGcObject } from './gcExports.ts';
import type { FuncInstance, RawValue } from './engine.ts';
import type { Realm } from './realm.ts';
import { enumValue } from './descriptors.ts';

const scratch = new DataView(new ArrayBuffer(8));

/**
 * The JS value `undefined` as a (non-null) externref. The engine's reference slots use JS
 * undefined as "no value" (it becomes ref.null), so at the boundary we swap it for this
 * private object and back: wasm sees a non-null reference, JS gets `undefined` again.
 */
const UNDEFINED_REF = Object.freeze({ 'lantern.undefined': true });

export function f32ToBits(x: number): number {
  scratch.setFloat32(0, x, true);
  return scratch.getUint32(0, true);
}
export function bitsToF32(bits: number): number {
  scratch.setUint32(0, bits >>> 0, true);
  return scratch.getFloat32(0, true);
}
export function f64ToBits(x: number): bigint {
  scratch.setFloat64(0, x, true);
  return scratch.getBigUint64(0, true);
}
export function bitsToF64(bits: bigint): number {
  scratch.setBigUint64(0, BigInt.asUintN(64, bits), true);
  return scratch.getFloat64(0, true);
}

/**
 * The reference type names Global, Table and Tag accept: the JS API's "externref" and "anyfunc"
 * (funcref; "funcref" itself is the type reflection proposal's, not the JS API's), and the
 * nullable abstract types of Wasm 3.0 by their text-format short names, as engines with GC
 * accept them (the JS API notes its enumerations will grow).
 */
const REF_TYPE_OF = {
  externref: EXTERNREF,
  anyfunc: FUNCREF,
  anyref: refType(HeapType.Any, true),
  eqref: refType(HeapType.Eq, true),
  i31ref: refType(HeapType.I31, true),
  structref: refType(HeapType.Struct, true),
  arrayref: refType(HeapType.Array, true),
  nullref: refType(HeapType.None, true),
  nullexternref: refType(HeapType.NoExtern, true),
  nullfuncref: refType(HeapType.NoFunc, true),
} as const satisfies Record<string, ValType>;
type RefTypeName = keyof typeof REF_TYPE_OF;

/** The JS API's ValueType enumeration (TableKind is its reference part). */
const VAL_TYPE_OF = { i32: I32, i64: I64, f32: F32, f64: F64, v128: V128, ...REF_TYPE_OF } as const satisfies Record<string, ValType>;
const VALUE_TYPES = Object.keys(VAL_TYPE_OF) as (keyof typeof VAL_TYPE_OF)[];
const TABLE_KINDS = Object.keys(REF_TYPE_OF) as RefTypeName[];

/** ToValueType of a ValueType enumeration value ("anyfunc" is funcref; anything else a TypeError). */
export function valTypeFromString(s: unknown, what: string, member: string): ValType {
  return VAL_TYPE_OF[enumValue(s, VALUE_TYPES, what, member)];
}

/** ToValueType of a TableKind enumeration value. */
export function tableKindFromString(s: unknown, what: string, member: string): ValType {
  return REF_TYPE_OF[enumValue(s, TABLE_KINDS, what, member)];
}

/** ValType → JS API string (for type reflection and messages). */
export function valTypeToString(t: ValType): string {
  if (t === FUNCREF) return 'anyfunc';
  if (t === EXTERNREF) return 'externref';
  return valTypeName(t);
}

/** Which hierarchy a (canonical) reference type belongs to; a concrete type by its composite kind. */
function heapFamily(t: ValType): 'func' | 'extern' | 'any' | 'other' {
  const h = heapTypeOf(t);
  if (isConcreteHeap(h)) {
    const kind = TypeRegistry.shared.type(h - CONCRETE_BASE).composite.kind;
    return kind === 'func' ? 'func' : kind === 'cont' ? 'other' : 'any';
  }
  switch (h) {
    case HeapType.Func: case HeapType.NoFunc: return 'func';
    case HeapType.Extern: case HeapType.NoExtern: return 'extern';
    case HeapType.Any: case HeapType.Eq: case HeapType.I31: case HeapType.Struct: case HeapType.Array: case HeapType.None:
      return 'any';
  }
  return 'other';
}

/** A value of type `t` can never cross between JS and wasm (v128, exnref). */
function neverCrosses(t: ValType): boolean {
  return t === V128 || (isRefType(t) && (heapTypeOf(t) === HeapType.Exn || heapTypeOf(t) === HeapType.NoExn));
}

/**
 * The JS API's first step of calling an exported function and of running a host function: a
 * v128 or exnref parameter or result is a TypeError before anything runs (not after the call,
 * once its side effects are done). The message of that TypeError, or null when the type crosses.
 */
export function boundaryTypeError(params: readonly ValType[], results: readonly ValType[]): string | null {
  const t = params.find(neverCrosses) ?? results.find(neverCrosses);
  return t === undefined ? null : `type incompatibility when transforming from/to JS: ${valTypeName(t)}`;
}

/**
 * A JS value as a reference of the any (or extern) hierarchy, as the JS API's
 * ToWebAssemblyValue(v, anyref) makes it: an integer Number in the i31 range is an i31ref, an
 * Exported GC Object its struct or array, anything else a host value (instances/gcObjects.ts).
 */
function anyRef(v: unknown): RawValue {
  if (v === undefined) return UNDEFINED_REF;
  if (typeof v === 'object' && v !== null) return gcObjectOf(v) ?? v;
  return isI31(v) ? v | 0 : v;
}

export function toWebAssemblyValue(v: unknown, t: ValType): RawValue {
  switch (t) {
    case I32: return (+(v as number)) | 0;
    case I64: return BigInt.asIntN(64, v as bigint); // ToBigInt64: BigInt.asIntN applies ToBigInt (a Number is a TypeError)
    case F32: return f32ToBits(Math.fround(+(v as number)));
    case F64: return f64ToBits(+(v as number));
    case V128: throw new TypeError('type incompatibility when transforming from/to JS: v128');
  }
  if (!isRefType(t)) throw new TypeError(`cannot convert to ${valTypeName(t)}`);
  if (v === null) {
    if (!isNullable(t)) throw new TypeError(`null is not a valid value of non-nullable type ${valTypeName(t)}`);
    return null;
  }
  switch (heapFamily(t)) {
    case 'extern':
      if (heapTypeOf(t) === HeapType.NoExtern) throw new TypeError('only null is a valid nullexternref');
      return anyRef(v);
    case 'func': {
      const target = typeof v === 'function' ? exportedFunctionTarget(v) : undefined;
      if (!target) throw new TypeError('type incompatibility when transforming from/to JS: value is not an exported WebAssembly function');
      if (!refTest(target.func, heapTypeOf(t), false)) {
        throw new TypeError(`type incompatibility when transforming from/to JS: the function is not a ${valTypeName(t)}`);
      }
      return target.func as RawValue;
    }
    case 'any': {
      const ref = anyRef(v);
      if (!refTest(ref, heapTypeOf(t), false)) throw new TypeError(`type incompatibility when transforming from/to JS: the value is not a ${valTypeName(t)}`);
      return ref;
    }
    default:
      throw new TypeError(`type incompatibility when transforming from/to JS: ${valTypeName(t)} is not supported at the JS boundary yet`);
  }
}

export function toJSValue(raw: RawValue, t: ValType, realm: Realm): unknown {
  switch (t) {
    case I32: return raw as number;
    case I64: return raw as bigint;
    case F32: return bitsToF32(raw as number);
    case F64: return bitsToF64(raw as bigint);
    case V128: throw new TypeError('type incompatibility when transforming from/to JS: v128');
  }
  if (raw === null || raw === undefined) return null;
  switch (heapFamily(t)) {
    case 'extern':
    case 'any':
      // i31 as its Number, structs and arrays as their Exported GC Objects, host values as they came.
      if (raw === UNDEFINED_REF) return undefined;
      return isGcObject(raw) ? exportGcObject(raw) : raw;
    case 'func': return exportedFunction(realm, raw as FuncInstance);
    default:
      throw new TypeError(`type incompatibility when transforming from/to JS: ${valTypeName(t)} is not supported at the JS boundary yet`);
  }
}

/** DefaultValue(valtype): what a missing `value` argument means for Global/Table. */
export function defaultJSValue(t: ValType): unknown {
  switch (t) {
    case I32: case F32: case F64: return 0;
    case I64: return 0n;
  }
  return t === EXTERNREF ? undefined : null;
}

interface Target {
  func: FuncInstance;
  realm: Realm;
}

/** Exported Function object → what it calls. Shared by all realms (a brand check). */
const targets = new WeakMap<object, Target>();

export function exportedFunctionTarget(fn: unknown): Target | undefined {
  return typeof fn === 'function' ? targets.get(fn) : undefined;
}

/**
 * The function's index for `name`: its index in its defining instance; a host function (index
 * -1) takes the index under which it is being exported, as in V8.
 */
function indexOf(func: FuncInstance, fallback: number | undefined): string {
  return String(func.funcIndex >= 0 ? func.funcIndex : (fallback ?? 0));
}

export function exportedFunction(realm: Realm, func: FuncInstance, index?: number): (...args: unknown[]) => unknown {
  const cached = realm.functions.get(func);
  if (cached) return cached;
  const type = func.type;
  const params = type.params;
  const results = type.results;
  const uncallable = boundaryTypeError(params, results);
  // An arrow function: not a constructor and no `prototype`, like a built-in function.
  const fn = (...args: unknown[]): unknown => {
    if (uncallable !== null) throw new TypeError(uncallable);
    const raw: RawValue[] = new Array(params.length);
    for (let i = 0; i < params.length; i++) raw[i] = toWebAssemblyValue(args[i], params[i]);
    let out: RawValue[];
    try {
      out = invoke(realm.store, func, raw);
    } catch (error) {
      throw error instanceof ExceptionInstance ? realm.wrapException(error) : error;
    }
    if (results.length === 0) return undefined;
    if (results.length === 1) return toJSValue(out[0], results[0], realm);
    return results.map((t, i) => toJSValue(out[i], t, realm));
  };
  Object.defineProperty(fn, 'length', { value: params.length });
  Object.defineProperty(fn, 'name', { value: indexOf(func, index) });
  realm.functions.set(func, fn);
  targets.set(fn, { func, realm });
  return fn;
}
