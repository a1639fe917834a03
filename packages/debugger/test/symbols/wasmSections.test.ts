/** The section walker: offsets on the fixture, robustness on malformed modules. */

import { describe, expect, it } from 'vitest';
import { customSection, dwarfSections, findWasmSections, functionBodies, urlSection } from '../../src/symbols/wasmSections.ts';
import { customSectionBytes, moduleWith, nameBytes, uleb } from './wasmBuilder.ts';
import { shapesWasm } from './fixtures.ts';

describe('findWasmSections', () => {
  it('finds the DWARF sections and the code payload of the fixture', () => {
    const bytes = shapesWasm('shapes-O2-dwarf5');
    const index = findWasmSections(bytes);
    expect(index.problems).toEqual([]);
    const names = index.customSections.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['.debug_info', '.debug_abbrev', '.debug_line', '.debug_str', '.debug_line_str', '.debug_str_offsets', '.debug_addr', '.debug_rnglists', '.debug_loclists', 'name']));
    const d = dwarfSections(index);
    expect(d.info![0] + (d.info![1] << 8)).toBe(customSection(index, '.debug_info')!.data[0] + (customSection(index, '.debug_info')!.data[1] << 8));
    // The payload starts right after the code section's id (0x0a) and size LEB.
    const start = index.codePayloadStart!;
    const leb = uleb(index.codePayloadEnd! - start);
    expect(Array.from(bytes.subarray(start - leb.length - 1, start))).toEqual([0x0a, ...leb]);
    const bodies = functionBodies(index);
    expect(bodies.length).toBeGreaterThan(20);
    expect(bodies[bodies.length - 1].end).toBe(index.codePayloadEnd);
  });

  it('reports instead of throwing on malformed modules', () => {
    expect(findWasmSections(new Uint8Array([1, 2, 3])).problems).toEqual(['not a wasm module (bad magic)']);
    const truncated = moduleWith(new Uint8Array([10, 0x20, 0]));
    expect(findWasmSections(truncated).problems[0]).toContain('runs past the end');
    const badName = moduleWith(new Uint8Array([0, 2, 9, 1]));
    expect(findWasmSections(badName).problems[0]).toContain('bad section header');
    expect(functionBodies(findWasmSections(truncated))).toEqual([]);
  });

  it('reads URL sections; the last one wins', () => {
    const m = moduleWith(customSectionBytes('sourceMappingURL', nameBytes('a.map')), customSectionBytes('sourceMappingURL', nameBytes('b.map')), customSectionBytes('external_debug_info', nameBytes('x.debug.wasm')));
    const index = findWasmSections(m);
    expect(urlSection(index, 'sourceMappingURL')).toBe('b.map');
    expect(urlSection(index, 'external_debug_info')).toBe('x.debug.wasm');
  });
});
