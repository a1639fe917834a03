// Interpreted annotations: `@custom` sections and their placement, `@name` names for the name
// section, `@metadata.code.branch_hint` hints, and the malformed/misplaced forms they reject.

import { describe, expect, it } from 'vitest';
import { parseWat, wat2wasm, WatError } from '../src/index.ts';

function err(text: string): WatError {
  try {
    wat2wasm(text);
  } catch (e) {
    if (e instanceof WatError) return e;
    throw e;
  }
  throw new Error('expected a WatError');
}

function u32(b: Uint8Array, p: { o: number }): number {
  let r = 0;
  let s = 0;
  for (;;) {
    const x = b[p.o++]!;
    r += (x & 0x7f) * 2 ** s;
    if (x < 0x80) return r;
    s += 7;
  }
}

/** sections in binary order: standard ones as their id, custom ones as `name=contents` */
function layout(bin: Uint8Array): string[] {
  const out: string[] = [];
  const p = { o: 8 };
  const text = new TextDecoder();
  while (p.o < bin.length) {
    const id = bin[p.o++]!;
    const size = u32(bin, p);
    const end = p.o + size;
    if (id === 0) {
      const n = u32(bin, p);
      const name = text.decode(bin.subarray(p.o, p.o + n));
      out.push(name === 'name' ? 'name' : `${name}=${text.decode(bin.subarray(p.o + n, end))}`);
    } else {
      out.push(String(id));
    }
    p.o = end;
  }
  return out;
}

/** payload of the first custom section called `name` */
function customPayload(bin: Uint8Array, name: string): number[] | undefined {
  const p = { o: 8 };
  const text = new TextDecoder();
  while (p.o < bin.length) {
    const id = bin[p.o++]!;
    const size = u32(bin, p);
    const end = p.o + size;
    if (id === 0) {
      const n = u32(bin, p);
      if (text.decode(bin.subarray(p.o, p.o + n)) === name) return [...bin.subarray(p.o + n, end)];
    }
    p.o = end;
  }
  return undefined;
}

describe('@custom', () => {
  it('places custom sections before/after sections, defaulting to the end, in text order', () => {
    const bin = wat2wasm(
      `(module
        (type $t (func))
        (@custom "a" "1")
        (@custom "b" (before global) "2")
        (@custom "c" (after func) "3" "4")
        (func)
        (@custom "d" (after func) "5")
        (global i32 (i32.const 0))
        (@custom "e" (before first) "6")
        (@custom "f" (after last))
        (@custom "g" (before code) "7"))`,
      { names: false },
    );
    expect(layout(bin)).toEqual(['e=6', '1', '3', 'c=34', 'd=5', 'b=2', '6', 'g=7', '10', 'a=1', 'f=']);
  });
  it('places sections relative to where an absent section would be', () => {
    expect(layout(wat2wasm('(@custom "x" (before data) "") (@custom "y" (after type) "")'))).toEqual(['y=', 'x=']);
    expect(layout(wat2wasm('(memory 1) (@custom "x" (before import) "")'))).toEqual(['x=', '5']);
  });
  it('puts the name section before (after last) customs', () => {
    expect(layout(wat2wasm('(module $m (@custom "x" "y"))'))).toEqual(['name', 'x=y']);
  });
  it('works in bare module fields and in a (module ...)', () => {
    expect(parseWat('(@custom "bla")').customs).toEqual([{ name: 'bla', bytes: new Uint8Array(0), place: 'after', section: 'last' }]);
    expect(parseWat('(module (@custom "bla" (before type) "\\01"))').customs).toEqual([
      { name: 'bla', bytes: new Uint8Array([1]), place: 'before', section: 'type' },
    ]);
  });
  it('rejects malformed names, placements and contents', () => {
    for (const [text, msg] of [
      ['(@custom)', 'missing section name'],
      ['(@custom 4)', 'missing section name'],
      ['(@custom bla)', 'missing section name'],
      ['(@custom "\\df")', 'malformed UTF-8 encoding'],
      ['(@custom "bla" here)', 'unexpected token'],
      ['(@custom "bla" after)', 'unexpected token'],
      ['(@custom "bla" "x" 4)', 'unexpected token'],
      ['(@custom "bla" "x" (after func))', 'unexpected token'],
      ['(@custom "bla" (after))', 'malformed section kind'],
      ['(@custom "bla" (before types))', 'malformed section kind'],
      ['(@custom "bla" (before last))', 'malformed section kind'],
      ['(@custom "bla" (after func func))', 'unexpected token'],
      ['(@custom "bla" (type))', 'malformed placement'],
      ['(@custom "bla" (aft type))', 'malformed placement'],
    ]) {
      expect(err(text!).message, text).toContain(`@custom annotation: ${msg}`);
    }
  });
  it('rejects @custom inside fields and instructions', () => {
    for (const text of [
      '(type (@custom "bla") $t (func))',
      '(func (@custom "bla"))',
      '(func (block (@custom "bla")))',
      '(func (nop (@custom "bla")))',
      '(module (memory 1 (@custom "bla")))',
      '(@custom "bla") (module)',
    ]) {
      expect(err(text).message, text).toContain('misplaced @custom annotation');
    }
  });
  it('keeps other annotations skipped, including ones nested in @custom', () => {
    expect(parseWat('(module (@a (@custom "x")) (func (@name "f") (@b 1)))').customs).toBeUndefined();
    expect(parseWat('(@custom "x" (@y z) "1")').customs![0]!.bytes).toEqual(new Uint8Array([0x31]));
  });
});

describe('@name', () => {
  it('names the module, overriding its id', () => {
    expect(parseWat('(module (@name "Modül"))').name).toBe('Modül');
    expect(parseWat('(module $moduel (@name "Modül") (func))').name).toBe('Modül');
  });
  it('names functions, tags, globals and locals', () => {
    const m = parseWat(`(module
      (type $t (func))
      (import "m" "f" (func (@name "imp") (type $t)))
      (func (@name "λ") (type $t) (local (@name "l0") i32) (local $x (@name "l1") i64))
      (func $lambda (@name "μ") (type $t))
      (tag (@name "θ") (type $t))
      (global $g (@name "γ") i32 (i32.const 0)))`);
    expect(m.names.funcs).toEqual(['imp', 'λ', 'μ']);
    expect(m.names.tags).toEqual(['θ']);
    expect(m.names.globals).toEqual(['γ']);
    expect(m.funcs[0]!.localNames).toEqual(['l0', 'l1']);
    const bin = wat2wasm('(module (@name "M") (func (@name "λ")))');
    expect(layout(bin)).toEqual(['1', '3', '10', 'name']);
  });
  it('rejects multiple, misplaced and malformed names', () => {
    expect(err('(module (@name "M1") (@name "M2"))').message).toContain('@name annotation: multiple module');
    expect(err('(module (func) (@name "M"))').message).toContain('misplaced @name annotation');
    expect(err('(module (start $f (@name "M")) (func $f))').message).toContain('misplaced @name annotation');
    expect(err('(module (func (type 0) (@name "f")) (type (func)))').message).toContain('misplaced @name annotation');
    expect(err('(module (func (nop (@name "f"))))').message).toContain('misplaced @name annotation');
    expect(err('(module (func (@name "a") (@name "b")))').message).toContain('@name annotation: multiple');
    expect(err('(module (func (@name)))').message).toContain('@name annotation');
    expect(err('(module (func (@name f)))').message).toContain('@name annotation');
    expect(err('(module (@name "\\ff"))').message).toContain('malformed UTF-8');
  });
});

describe('@metadata.code.branch_hint', () => {
  const HINT = 'metadata.code.branch_hint';
  it('encodes hints on flat and folded if / br_if as offsets into the function body', () => {
    const bin = wat2wasm(`(module
      (func)
      (func (param i32) (local i32)
        local.get 0
        (@${HINT} "\\01") if end
        (block (@${HINT} "\\00") (br_if 0 (local.get 0)))
        (@${HINT} "\\00") (if (local.get 0) (then))))`);
    // func 1: locals 01 01 7f @0 | local.get 0 @3 | if @5 | end @7 | block @8 | local.get 0 @10 |
    // br_if @12 | end @14 | local.get 0 @15 | if @17; entries are (offset, size 1, value)
    expect(customPayload(bin, HINT)).toEqual([1, 1, 3, 5, 1, 1, 12, 1, 0, 17, 1, 0]);
    const l = layout(bin);
    expect(l.indexOf(`${HINT}=${new TextDecoder().decode(new Uint8Array(customPayload(bin, HINT)!))}`)).toBe(l.indexOf('10') - 1);
  });
  it('rejects duplicate, misplaced and invalid hints', () => {
    expect(err(`(func (@${HINT} "\\01") (@${HINT} "\\01") (if (i32.const 0) (then)))`).message).toContain('duplicate annotation');
    expect(err(`(module (@${HINT} "\\01") (func))`).message).toContain('not in a function');
    expect(err(`(func (i32.const 0) (@${HINT} "\\01") i32.eqz drop)`).message).toContain('invalid target');
    expect(err(`(func (@${HINT} "\\01"))`).message).toContain('invalid target');
    expect(err(`(func (@${HINT} "\\01") (local i32))`).message).toContain('invalid target');
    expect(err(`(global i32 (@${HINT} "\\01") (i32.const 0))`).message).toContain('invalid target');
    expect(err(`(func (@${HINT} "\\02") (if (i32.const 0) (then)))`).message).toContain('invalid value');
    expect(err(`(func (@${HINT} 1) (if (i32.const 0) (then)))`).message).toContain('string expected');
  });
});
