/** The name section: the fixture's (cross-checked with DWARF), every subsection, and malformed input. */

import { describe, expect, it } from 'vitest';
import { nameSectionOf, parseNameSection } from '../../src/symbols/nameSection.ts';
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
    expect(names.problems).toEqual([]);
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
    expect([...names.dataSegments.values()].length).toBeGreaterThan(0);
  });
});

describe('parseNameSection', () => {
  it('reads all twelve subsections', () => {
    const payload = new Uint8Array([
      ...sub(0, nameBytes('mod')),
      ...sub(1, nameMap([[0, 'f0'], [2, 'f2']])),
      ...sub(2, indirect([[0, [[0, 'a'], [1, 'b']]], [2, [[0, 'x']]]])),
      ...sub(3, indirect([[2, [[0, 'loop']]]])),
      ...sub(4, nameMap([[0, 'sig']])),
      ...sub(5, nameMap([[0, 'tbl']])),
      ...sub(6, nameMap([[0, 'mem']])),
      ...sub(7, nameMap([[0, '__stack_pointer']])),
      ...sub(8, nameMap([[0, 'elems']])),
      ...sub(9, nameMap([[0, '.rodata'], [1, '.data']])),
      ...sub(10, indirect([[3, [[0, 'x'], [1, 'y']]]])),
      ...sub(11, nameMap([[0, 'exn']])),
    ]);
    const n = parseNameSection(payload);
    expect(n.problems).toEqual([]);
    expect(n.moduleName).toBe('mod');
    expect([...n.functions]).toEqual([[0, 'f0'], [2, 'f2']]);
    expect(n.locals.get(0)?.get(1)).toBe('b');
    expect(n.locals.get(2)?.get(0)).toBe('x');
    expect(n.labels.get(2)?.get(0)).toBe('loop');
    expect(n.types.get(0)).toBe('sig');
    expect(n.tables.get(0)).toBe('tbl');
    expect(n.memories.get(0)).toBe('mem');
    expect(n.globals.get(0)).toBe('__stack_pointer');
    expect(n.elemSegments.get(0)).toBe('elems');
    expect(n.dataSegments.get(1)).toBe('.data');
    expect(n.fields.get(3)?.get(1)).toBe('y');
    expect(n.tags.get(0)).toBe('exn');
  });

  it('never throws on malformed input: keeps good subsections, reports the rest', () => {
    // Truncated function map (claims 3 entries, has 1), then a good global map.
    const badFunctions = [...uleb(3), ...uleb(0), ...nameBytes('ok')];
    const n = parseNameSection(new Uint8Array([...sub(1, badFunctions), ...sub(7, nameMap([[0, 'sp']]))]));
    expect(n.functions.get(0)).toBe('ok');
    expect(n.globals.get(0)).toBe('sp');
    expect(n.problems.some((p) => p.includes('functions'))).toBe(true);

    const disorder = parseNameSection(new Uint8Array([...sub(7, nameMap([[0, 'g']])), ...sub(1, nameMap([[5, 'b'], [2, 'a']])), ...sub(1, nameMap([]))]));
    expect(disorder.functions.get(2)).toBe('a');
    expect(disorder.problems).toEqual(
      expect.arrayContaining([expect.stringContaining('out of order'), expect.stringContaining('increasing'), expect.stringContaining('duplicate')]),
    );

    const overrun = parseNameSection(new Uint8Array([1, 50, 0]));
    expect(overrun.problems[0]).toContain('past the end');
    const unknown = parseNameSection(new Uint8Array([...sub(42, [1, 2, 3]), ...sub(0, nameBytes('m'))]));
    expect(unknown.moduleName).toBe('m');
    expect(unknown.problems).toEqual(expect.arrayContaining([expect.stringContaining('unknown subsection 42')]));
    expect(parseNameSection(new Uint8Array([0x80])).problems.length).toBe(1);
  });

  it('a module without a name section yields empty maps and a note', () => {
    const n = nameSectionOf(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    expect(n.functions.size).toBe(0);
    expect(n.problems).toEqual(['module has no name section']);
  });
});
