/**
 * One registry of canonical types: the ids the validator writes into SubType.canonicalId are
 * the ids the runtime compares (host function types, canonical composite types, declared
 * supertypes), across modules.
 */
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../src/binary/decoder.ts';
import { validateModule } from '../../src/valid/validator.ts';
import { canonicalFuncType, canonicalFuncTypeId, canonicalTypeIds } from '../../src/valid/canonicalTypes.ts';
import { isCanonSubtype, isValSubtype } from '../../src/instances/canonicalSubtyping.ts';
import { CONCRETE_BASE, HeapType, I32, I64, refType } from '../../src/syntax/types.ts';
import { T, funcType, module, typeSec, u32, vec } from './wasmBuilder.ts';
import type { Bytes } from './wasmBuilder.ts';

const ref = (typeIndex: number, nullable = false): Bytes => [nullable ? 0x63 : 0x64, ...u32(typeIndex)];
const sub = (supers: number[], final: boolean, comp: Bytes): Bytes => [final ? 0x4f : 0x50, ...vec(supers.map(u32)), ...comp];
const rec = (...types: Bytes[]): Bytes => [0x4e, ...vec(types)];

function validated(...types: Bytes[]) {
  const info = decodeModule(module(typeSec(...types)));
  validateModule(info);
  return info;
}

describe('canonical types', () => {
  it('gives the runtime the ids the validator wrote', () => {
    const info = validated(funcType([T.i32], [T.i64]), rec(funcType([ref(2)], []), funcType([ref(1, true)], [])));
    const ids = canonicalTypeIds(info);
    expect(ids).toEqual(info.types.map((t) => t.canonicalId));
    expect(ids[2]).toBe(ids[1] + 1);
    // The same types in another module: the same ids.
    const other = validated(rec(funcType([ref(1)], []), funcType([ref(0, true)], [])), funcType([T.i32], [T.i64]));
    expect(canonicalTypeIds(other)).toEqual([ids[1], ids[2], ids[0]]);
    // Canonical composite types: concrete heap types by canonical id.
    expect(canonicalFuncType(ids[1]).params).toEqual([refType(CONCRETE_BASE + ids[2], false)]);
    expect(canonicalFuncType(ids[2]).params).toEqual([refType(CONCRETE_BASE + ids[1], true)]);
  });

  it('interns host function types with the keys of module types', () => {
    const info = validated(funcType([T.i32], [T.i64]), funcType([ref(0), T.funcref], []));
    const [a, b] = canonicalTypeIds(info);
    expect(canonicalFuncTypeId({ kind: 'func', params: [I32], results: [I64] })).toBe(a);
    const params = [refType(CONCRETE_BASE + a, false), refType(HeapType.Func, true)];
    expect(canonicalFuncTypeId({ kind: 'func', params, results: [] })).toBe(b);
    // A type that no module declared yet, then a module declaring it.
    const id = canonicalFuncTypeId({ kind: 'func', params: [I64, I64, I32, I64], results: [I32, I32, I64] });
    expect(canonicalFuncType(id)).toEqual({ kind: 'func', params: [I64, I64, I32, I64], results: [I32, I32, I64] });
    expect(validated(funcType([T.i64, T.i64, T.i32, T.i64], [T.i32, T.i32, T.i64])).types[0].canonicalId).toBe(id);
  });

  it('follows declared supertypes', () => {
    const info = validated(sub([], false, funcType([], [])), sub([0], false, funcType([], [])), sub([1], true, funcType([], [])));
    const [a, b, c] = canonicalTypeIds(info);
    expect(new Set([a, b, c]).size).toBe(3);
    expect(isCanonSubtype(c, a)).toBe(true);
    expect(isCanonSubtype(b, a)).toBe(true);
    expect(isCanonSubtype(a, b)).toBe(false);
    // A final type without supertypes, like a host function's, is a different type.
    expect(canonicalFuncTypeId({ kind: 'func', params: [], results: [] })).not.toBe(a);
    expect(isValSubtype(refType(CONCRETE_BASE + c, false), refType(CONCRETE_BASE + a, true))).toBe(true);
    expect(isValSubtype(refType(CONCRETE_BASE + c, false), refType(HeapType.Func, false))).toBe(true);
    expect(isValSubtype(refType(CONCRETE_BASE + a, true), refType(CONCRETE_BASE + c, true))).toBe(false);
  });

  it('refuses a module that has not been validated', () => {
    expect(() => canonicalTypeIds(decodeModule(module(typeSec(funcType([], [])))))).toThrow(/not been validated/);
  });
});
