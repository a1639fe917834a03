/** The name section as the debugger reads it: the fixture's (cross-checked with DWARF), and modules without a usable one. */

import { describe, expect, it } from 'vitest';
import { nameSectionOf } from '../../src/symbols/nameSection.ts';
import { DwarfSymbolProvider } from '../../src/symbols/dwarfSymbolProvider.ts';
import { findWasmSections, functionBodies } from '../../src/symbols/wasmSections.ts';
import { nameBytes, uleb } from './wasmBuilder.ts';
import { shapesWasm } from './fixtures.ts';

const sub = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const nameMap = (entries: [number, string][]) => [...uleb(entries.length), ...entries.flatMap(([i, n]) => [...uleb(i), ...nameBytes(n)])];
const indirect = (entries: [number, [number, string][]][]) => [...uleb(entries.length), ...entries.flatMap(([i, m]) => [...uleb(i), ...nameMap(m)])];

describe('name section of the fixture', () => {
  it('names every DWARF function with the same name, and __stack_pointer as global 0', () => {
    const bytes = shapesWasm('shapes-O0');
    const names = nameSectionOf(bytes);
    expect(names.globals.get(0)).toBe('__stack_pointer');
    const index = findWasmSections(bytes);
    const provider = DwarfSymbolProvider.fromModule(bytes)!;
    let checked = 0;
    for (const body of functionBodies(index)) {
      const f = provider.functionAt(body.start);
      if (!f || f.lowPc !== body.start) continue;
      expect(names.functions.get(index.importedFunctionCount + body.definedIndex)).toBe(f.name);
      // Clang gives a two-argument main the linkage name __main_argc_argv; the name section says main.
      if (f.name === 'main' && f.declFile?.endsWith('/main.c')) expect(f.linkageName).toBe('__main_argc_argv');
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
    expect([...names.functions.values()]).toEqual(expect.arrayContaining(['main', 'shape_area', 'sum_shapes', 'init_shape']));
    expect([...names.datas.values()].length).toBeGreaterThan(0);
  });
});

describe('nameSectionOf', () => {
  const header = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
  const nameSection = (payload: number[]) => {
    const body = [...nameBytes('name'), ...payload];
    return [0, ...uleb(body.length), ...body];
  };

  it('reads the subsections of a module\'s name section', () => {
    const n = nameSectionOf(new Uint8Array([...header, ...nameSection([...sub(0, nameBytes('mod')), ...sub(1, nameMap([[0, 'f0'], [2, 'f2']])), ...sub(10, indirect([[3, [[1, 'y']]]]))])]));
    expect(n.module).toBe('mod');
    expect([...n.functions]).toEqual([[0, 'f0'], [2, 'f2']]);
    expect(n.fields.get(3)?.get(1)).toBe('y');
  });

  it('names nothing for a module without a name section or with a malformed one', () => {
    for (const bytes of [header, [...header, ...nameSection([...sub(1, [...uleb(3), ...uleb(0), ...nameBytes('ok')])])]]) {
      const n = nameSectionOf(new Uint8Array(bytes));
      expect(n.module).toBeUndefined();
      expect(n.functions.size).toBe(0);
    }
  });
});
