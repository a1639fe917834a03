// Source map: every instruction's byte offset in the binary maps back to its line:column.

import { describe, expect, it } from 'vitest';
import { watToWasm, lookupSourcePosition, offsetsForLine } from '../src/index.ts';

const text = `(module
  (global i32 (i32.const 7))
  (func $f (param i32) (result i32)
    local.get 0
    (i32.add
      (i32.const 40)
      (i32.const 2))
    i32.mul)
  (func (result i32)
    (call $f (i32.const 1))))`;

describe('source map', () => {
  const { binary, sourceMap } = watToWasm(text);
  const at = (line: number, col: number): number => {
    for (let i = 0; i < sourceMap.offsets.length; i++) if (sourceMap.lines[i] === line && sourceMap.columns[i] === col) return sourceMap.offsets[i]!;
    throw new Error(`no instruction at ${line}:${col}`);
  };
  it('is sorted by offset', () => {
    for (let i = 1; i < sourceMap.offsets.length; i++) expect(sourceMap.offsets[i]!).toBeGreaterThan(sourceMap.offsets[i - 1]!);
  });
  it('maps each instruction to the byte holding its opcode', () => {
    expect(binary[at(4, 5)]).toBe(0x20); // local.get
    expect(binary[at(5, 6)]).toBe(0x6a); // i32.add (folded: position of its keyword)
    expect(binary[at(6, 8)]).toBe(0x41); // i32.const 40
    expect(binary[at(6, 8) + 1]).toBe(40);
    expect(binary[at(7, 8) + 1]).toBe(2);
    expect(binary[at(8, 5)]).toBe(0x6c); // i32.mul
    expect(binary[at(10, 6)]).toBe(0x10); // call
    expect(binary[at(2, 16)]).toBe(0x41); // constant expression of the global
  });
  it('orders folded operands before their operator', () => {
    expect(at(6, 8)).toBeLessThan(at(7, 8));
    expect(at(7, 8)).toBeLessThan(at(5, 6));
  });
  it('looks up any offset inside an instruction', () => {
    const c = at(6, 8);
    expect(lookupSourcePosition(sourceMap, c + 1)).toEqual({ line: 6, column: 8, offset: c });
    expect(lookupSourcePosition(sourceMap, 0)).toBeUndefined();
    expect(offsetsForLine(sourceMap, 7)).toEqual([at(7, 8)]);
  });
  it('maps the implicit end of a function to the function', () => {
    const ends = offsetsForLine(sourceMap, 3).filter((o) => binary[o] === 0x0b);
    expect(ends.length).toBe(1);
  });
});
