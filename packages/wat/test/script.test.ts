// Script reader: every command kind as data, exact value representations, deferred module errors.

import { describe, expect, it } from 'vitest';
import { parseScript, WatError } from '../src/index.ts';

const script = `
(module $M1 (func (export "f") (param i64) (result f32) (f32.const -0)))
(module binary "\\00asm" "\\01\\00\\00\\00")
(module $Q quote "(func" " (nop))")
(module definition $D (memory 1))
(module instance $I $D)
(register "m1" $M1)
(invoke $M1 "f" (i64.const -1))
(get "g")
(assert_return (invoke "f" (i64.const 18446744073709551615) (f32.const nan:0x200000) (f64.const -0x0p+0))
  (f32.const nan:canonical) (f64.const nan:arithmetic) (i32.const 0xffffffff)
  (ref.null func) (ref.null) (ref.extern 3) (ref.extern) (ref.func) (ref.i31) (either (i32.const 1) (ref.host 2)))
(assert_trap (invoke "t") "unreachable")
(assert_trap (module (start 0) (func unreachable)) "unreachable")
(assert_exhaustion (invoke "r") "call stack exhausted")
(assert_invalid (module (func (result i32))) "type mismatch")
(assert_malformed (module quote "(func (i32.const 0x1_0000_0000))") "constant out of range")
(assert_unlinkable (module (import "x" "y" (func))) "unknown import")
(assert_exception (invoke "throw"))
(assert_suspension (invoke "suspend") "unhandled tag")
(func (export "inline"))
(memory 0)
`;

describe('script reader', () => {
  const cmds = parseScript(script);
  it('returns every command with its line', () => {
    expect(cmds.map((c) => `${c.type}@${c.line}`)).toEqual([
      'module@2', 'module@3', 'module@4', 'module@5', 'instance@6', 'register@7', 'action@8', 'action@9',
      'assert_return@10', 'assert_trap@13', 'assert_trap@14', 'assert_exhaustion@15', 'assert_invalid@16',
      'assert_malformed@17', 'assert_unlinkable@18', 'assert_exception@19', 'assert_suspension@20', 'module@21',
    ]);
  });
  it('describes modules of every form', () => {
    const [text, bin, quote, def] = cmds as Extract<(typeof cmds)[number], { type: 'module' }>[];
    expect(text!.module).toMatchObject({ form: 'text', id: 'M1', definition: false });
    expect(text!.module.compile().ok).toBe(true);
    expect(bin!.module.form).toBe('binary');
    expect(Array.from(bin!.module.bytes!)).toEqual([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    expect(quote!.module).toMatchObject({ form: 'quote', id: 'Q', quote: '(func (nop))' });
    expect(quote!.module.compile().ok).toBe(true);
    expect(def!.module).toMatchObject({ definition: true, id: 'D' });
    expect(def!.module.compile().ok).toBe(true);
    const inline = cmds[17] as Extract<(typeof cmds)[number], { type: 'module' }>;
    const r = inline.module.compile();
    expect(r.ok && r.module!.funcs.length === 1 && r.module!.memories.length === 1).toBe(true);
  });
  it('keeps values exact (i64 as bigint, floats as bit patterns)', () => {
    const ar = cmds[8]!;
    if (ar.type !== 'assert_return' || ar.action.type !== 'invoke') throw new Error('shape');
    expect(ar.action.args).toEqual([
      { type: 'i64', value: -1n },
      { type: 'f32', bits: 0x7fa00000 },
      { type: 'f64', bits: 0x8000000000000000n },
    ]);
    expect(ar.expected).toEqual([
      { type: 'f32', nan: 'canonical' },
      { type: 'f64', nan: 'arithmetic' },
      { type: 'i32', value: -1 },
      { type: 'ref.null', heap: 'func' },
      { type: 'ref.null' },
      { type: 'ref.extern', value: 3 },
      { type: 'ref.extern' },
      { type: 'ref.func' },
      { type: 'ref.i31' },
      { type: 'either', alternatives: [{ type: 'i32', value: 1 }, { type: 'ref.host', value: 2 }] },
    ]);
    expect(cmds[6]).toMatchObject({ action: { type: 'invoke', module: 'M1', field: 'f', args: [{ type: 'i64', value: -1n }] } });
  });
  it('stores module errors instead of throwing', () => {
    const mal = cmds[13]!;
    if (mal.type !== 'assert_malformed') throw new Error('shape');
    const r = mal.module.compile();
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toBeInstanceOf(WatError);
      expect(r.error.message).toMatch(/constant out of range/);
    }
    const bad = parseScript('(module (func (call $nope)))\n(assert_return (invoke "x"))');
    expect(bad.length).toBe(2);
    const m = bad[0]!;
    expect(m.type === 'module' && !m.module.compile().ok).toBe(true);
  });
  it('throws WatError for malformed script structure', () => {
    expect(() => parseScript('(frobnicate)')).toThrow(WatError);
    expect(() => parseScript('(assert_return (invoke "f" (i32.const 1))')).toThrow(WatError);
  });
});
