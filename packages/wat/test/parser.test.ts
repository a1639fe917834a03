// Parser: abbreviations (inline imports/exports, implicit types, inline elem/data, folded
// instructions), id resolution per index space, and errors with positions.

import { describe, expect, it } from 'vitest';
import { parseWat, wat2wasm, WatError } from '../src/index.ts';

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
function err(text: string): WatError {
  try {
    parseWat(text);
  } catch (e) {
    if (e instanceof WatError) return e;
    throw e;
  }
  throw new Error('expected a WatError');
}

describe('abbreviations', () => {
  it('appends implicit function types after the explicit ones, reusing matches', () => {
    const m = parseWat('(module (func (param i32)) (type $v (func)) (func) (func (result i32)) (func (param i32)))');
    const types = m.types.flatMap((g) => g.types).map((t) => (t.comp.kind === 'func' ? `${t.comp.params}>${t.comp.results}` : ''));
    expect(types).toEqual(['>', '127>', '>127']);
    expect(m.funcs.map((f) => f.type)).toEqual([1, 0, 2, 1]);
  });
  it('checks inline types against an explicit type use', () => {
    expect(parseWat('(module (type $t (func (param i32))) (func (type $t) (param $x i32)))').funcs[0]!.localNames).toEqual(['x']);
    expect(err('(module (type $t (func (param i32))) (func (type $t) (param i64)))').message).toMatch(/inline function type/);
  });
  it('expands inline imports and exports', () => {
    const m = parseWat('(module (func $f (export "a") (export "b") (import "m" "n") (param i32)) (global $g (import "m" "g") i32) (func (export "c")))');
    expect(m.imports.map((i) => `${i.module}.${i.name}:${i.desc.kind}`)).toEqual(['m.n:func', 'm.g:global']);
    expect(m.exports).toEqual([
      { name: 'a', kind: 'func', index: 0 },
      { name: 'b', kind: 'func', index: 0 },
      { name: 'c', kind: 'func', index: 1 },
    ]);
    expect(err('(module (func) (import "m" "n" (func)))').message).toMatch(/import after function/);
    expect(err('(module (global i32 (i32.const 0)) (func (import "m" "n")))').message).toMatch(/import after global/);
  });
  it('expands inline table elements and memory data', () => {
    const m = parseWat('(module (func $a) (table $t i64 funcref (elem $a $a $a)) (memory (data "ab" "c")))');
    expect(m.tables[0]!.type.limits).toEqual({ addr64: true, min: 3n, max: 3n });
    expect(m.elems[0]).toMatchObject({ mode: 'active', table: 0, funcs: [0, 0, 0] });
    expect(m.elems[0]!.offset![0]!.op.name).toBe('i64.const');
    expect(m.memories[0]).toEqual({ addr64: false, min: 1n, max: 1n });
    expect(Array.from(m.datas[0]!.bytes)).toEqual([97, 98, 99]);
  });
  it('gives an inline table segment the table type, with ref.func items for a typed table', () => {
    const m = parseWat('(module (type $t (func)) (func $f) (table $tb (ref null $t) (elem $f $f)))');
    expect(m.elems[0]!.type).toEqual(m.tables[0]!.type.elem);
    expect(m.elems[0]!.funcs).toBeUndefined();
    expect(m.elems[0]!.exprs!.map((e) => `${e[0]!.op.name} ${e[0]!.a}`)).toEqual(['ref.func 0', 'ref.func 0']);
    // (ref func) items in a (ref null $t) table would be invalid (br_table.wast:1019): the
    // segment is encoded with flags 6 (table index, reftype, expressions), not 0 (indices).
    const bin = wat2wasm('(module (type $t (func)) (func $f) (table $tb (ref null $t) (elem $f)))', { names: false });
    expect(hex(bin)).toContain('09 0c 01 06 00 41 00 0b 63 00 01 d2 00 0b');
    expect(parseWat('(module (func $f) (table funcref (elem $f)))').elems[0]!.funcs).toEqual([0]);
  });
  it('parses every element segment form', () => {
    const m = parseWat(`(module (table $t 1 funcref) (func $f)
      (elem (i32.const 0) $f) (elem func $f) (elem declare func $f) (elem (table $t) (offset (i32.const 0)) func $f)
      (elem funcref (ref.func $f) (item ref.null func)) (elem (i32.const 0) funcref (item (ref.func $f)))
      (elem declare funcref) (elem $e (table 0) (i32.const 0) (ref null func) (ref.null func)))`);
    expect(m.elems.map((e) => `${e.mode}:${e.funcs ? 'funcs' : 'exprs'}`)).toEqual([
      'active:funcs', 'passive:funcs', 'declarative:funcs', 'active:funcs',
      'passive:exprs', 'active:exprs', 'declarative:exprs', 'active:exprs',
    ]);
    const bin = wat2wasm('(module (table 1 funcref) (func $f) (elem (i32.const 0) $f) (elem func $f) (elem declare func $f) (elem (table 0) (i32.const 0) externref))', { names: false });
    expect(WebAssembly.validate(bin)).toBe(false); // externref into a funcref table
    expect(WebAssembly.validate(wat2wasm('(module (table 1 funcref) (func $f) (elem (i32.const 0) $f) (elem func $f) (elem declare func $f))'))).toBe(true);
  });
  it('unfolds folded instructions in evaluation order', () => {
    const flat = wat2wasm('(module (func (result i32) i32.const 1 i32.const 2 i32.add if (result i32) i32.const 3 else i32.const 4 end))', { names: false });
    const folded = wat2wasm('(module (func (result i32) (if (result i32) (i32.add (i32.const 1) (i32.const 2)) (then (i32.const 3)) (else (i32.const 4)))))', { names: false });
    expect(hex(folded)).toBe(hex(flat));
  });
  it('encodes typed select, memargs and GC casts', () => {
    const b = (body: string, extra = ''): string => {
      const bin = wat2wasm(`(module ${extra} (func ${body}))`, { names: false });
      const code = bin.indexOf(0x0a, 8);
      return hex(bin.subarray(code + 5, bin.length - 1));
    };
    expect(b('(drop (select (result i32) (i32.const 1) (i32.const 2) (i32.const 0)))')).toBe('41 01 41 02 41 00 1c 01 7f 1a');
    expect(b('(drop (i64.load $m1 offset=8 align=4 (i32.const 0)))', '(memory 1) (memory $m1 1)')).toBe('41 00 29 42 01 08 1a');
    expect(b('(drop (i32.load8_u (i32.const 0)))', '(memory 1)')).toBe('41 00 2d 00 00 1a');
    expect(b('(block $l (result anyref) (br_on_cast $l anyref (ref null i31) (ref.null any))) drop', '')).toContain('fb 18 03 00 6e 6c');
    expect(b('(drop (ref.test (ref null struct) (ref.null any)))')).toBe('d0 6e fb 15 6b 1a');
  });
});

describe('identifiers', () => {
  it('resolves each index space separately', () => {
    const m = parseWat(`(module (type $x (func)) (func $x (type $x)) (global $x i32 (i32.const 0)) (table $x 1 funcref)
      (memory $x 1) (tag $x) (elem $x func $x) (data $x "")
      (func (local $x i32) (call $x) (global.get $x) (local.set $x) (table.size $x) (drop) (memory.size $x) (drop) (elem.drop $x) (data.drop $x)))`);
    const body = m.funcs[1]!.body.map((i) => `${i.op.name}:${i.a ?? ''}`);
    expect(body).toContain('call:0');
    expect(body).toContain('data.drop:0');
    expect(m.usesDataIndex).toBe(true);
  });
  it('resolves labels by depth with shadowing and checks end labels', () => {
    const m = parseWat('(module (func (block $a (block $b (block $a (br $a) (br $b) (br 2))))))');
    expect(m.funcs[0]!.body.filter((i) => i.op.name === 'br').map((i) => i.a)).toEqual([0, 1, 2]);
    expect(err('(module (func block $a end $b))').message).toMatch(/mismatching label/);
    expect(err('(module (func (br $nope)))').message).toMatch(/unknown label/);
  });
  it('resolves struct field names per type', () => {
    const m = parseWat(`(module (type $p (struct (field $x i32) (field $y (mut i64))))
      (type $q (struct (field $y f32)))
      (func (param (ref $p)) (result i64) (struct.get $p $y (local.get 0))))`);
    expect(m.funcs[0]!.body.find((i) => i.op.name === 'struct.get')).toMatchObject({ a: 0, b: 1 });
    expect(err('(module (type $p (struct (field $x i32) (field $x i32))))').message).toMatch(/duplicate field/);
  });
  it('rejects duplicate and unknown ids with their position', () => {
    const e = err('(module\n  (func $f)\n  (func $f))');
    expect(e.message).toMatch(/duplicate function \$f/);
    expect([e.line, e.column]).toEqual([3, 9]);
    const u = err('(module (func (call $missing)))');
    expect(u.message).toMatch(/unknown function \$missing/);
    expect([u.line, u.column]).toEqual([1, 21]);
    expect(err('(module (func (local $a i32) (local $a i32)))').message).toMatch(/duplicate local/);
    expect(err('(module (func (param $a i32) (local $a i32)))').message).toMatch(/duplicate local/);
    expect(err('(module (func i32.frob))').message).toMatch(/unknown operator i32.frob/);
    expect(err('(module (func (result i32) (param i32)))').message).toMatch(/param/);
    expect(err('(module (func (i32.const 0x1_0000_0000)))').message).toMatch(/constant out of range/);
    expect(err('(module (memory 1) (func (drop (i32.load align=3 (i32.const 0)))))').message).toMatch(/power of two/);
    expect(err('(module (func (v128.const i32x4 0 0 0)))').message).toMatch(/wrong number of lane literals/);
  });
  it('supports ids in quoted form', () => {
    const m = parseWat('(module (func $"a b\\u{1F600}" (result i32) (i32.const 1)) (func (drop (call $"a b😀"))))');
    expect(m.names.funcs[0]).toBe('a b😀');
  });
});

describe('module kinds', () => {
  it('accepts bare module fields as an inline module', () => {
    const m = parseWat('(func (export "f")) (memory 1)');
    expect(m.funcs.length).toBe(1);
    expect(m.memories.length).toBe(1);
  });
  it('parses stack switching and exception handling syntax', () => {
    const m = parseWat(`(module (type $ft (func)) (type $ct (cont $ft)) (tag $t) (tag $e (param i32))
      (func $f) (elem declare func $f)
      (func (param (ref null $ct))
        (block $h (result (ref $ct))
          (resume $ct (on $t $h) (on $e switch) (local.get 0)) (return))
        (drop)
        (drop (cont.new $ct (ref.func $f)))
        (block $c (result exnref) (try_table (catch_all_ref $c) (throw $e (i32.const 1)))) (throw_ref)))`);
    const resume = m.funcs[1]!.body.find((i) => i.op.name === 'resume')!;
    expect(resume.handlers).toEqual([{ tag: 0, label: 0 }, { tag: 1, label: -1 }]);
    expect(WebAssembly.validate(wat2wasm('(module (tag $e) (func try (throw $e) catch $e catch_all end))'))).toBe(true);
  });
});
