/**
 * Laziness: constructing a provider on a module with a large .debug_info parses nothing, and a
 * query parses only the unit covering the address. The large module is the fixture with its
 * .debug_info replaced by 300 copies of its units (each copy self-contained: unit-relative
 * references; stmt_list/abbrev/str offsets point into the unchanged sections).
 */

import { describe, expect, it } from 'vitest';
import { DwarfSymbolProvider } from '../../src/symbols/dwarfSymbolProvider.ts';
import { customSection, findWasmSections } from '../../src/symbols/wasmSections.ts';
import { customSectionBytes, withCustomSections } from './wasmBuilder.ts';
import { lineOf, shapesWasm } from './fixtures.ts';

describe('lazy parsing', () => {
  const original = shapesWasm('shapes-O0');
  const info = customSection(findWasmSections(original), '.debug_info')!.data;
  const copies = 300;
  const big = new Uint8Array(info.length * copies);
  for (let i = 0; i < copies; i++) big.set(info, i * info.length);
  // The last .debug_info section wins (tool-conventions).
  const module = withCustomSections(original, customSectionBytes('.debug_info', big));

  it('does no DWARF parsing at construction, even with a large .debug_info', () => {
    expect(big.length).toBeGreaterThan(5_000_000);
    const provider = DwarfSymbolProvider.fromModule(module)!;
    expect(provider.stats).toEqual({ unitHeadersScanned: 0, unitRootsRead: 0, unitsParsed: 0, lineProgramsParsed: 0 });
  });

  it('parses only headers, top DIEs and the one unit a query touches', () => {
    const provider = DwarfSymbolProvider.fromModule(module)!;
    const reference = DwarfSymbolProvider.fromModule(original)!;
    const offset = reference.breakpointOffsets('main.c', lineOf('main.c', 'int total = sum_shapes'))!.offsets[0];
    const f = provider.functionAt(offset)!;
    expect(f.name).toBe('main');
    expect(provider.stats.unitHeadersScanned).toBe(15 * copies);
    expect(provider.stats.unitsParsed).toBe(1);
    expect(provider.stats.unitRootsRead).toBeLessThanOrEqual(15 * copies);
    provider.sourcePosition(offset);
    expect(provider.stats.unitsParsed).toBe(1);
    expect(provider.stats.lineProgramsParsed).toBe(1);
    // Breakpoints need every line program but no DIE tree.
    expect(reference.stats.unitsParsed).toBe(0);
    expect(reference.stats.lineProgramsParsed).toBe(15);
  });
});
