/**
 * SourceMapSymbolProvider: a hand-written map with known VLQ segments, and a map generated from
 * the fixture's DWARF line table with source-map-js's generator (what Emscripten's
 * wasm-sourcemap.py does), checked against DwarfSymbolProvider; plus `sourceMappingURL` loading.
 */

import { SourceMapGenerator } from 'source-map-js';
import { describe, expect, it } from 'vitest';
import { DwarfSymbolProvider } from '../../src/symbols/dwarfSymbolProvider.ts';
import { SourceMapSymbolProvider } from '../../src/symbols/sourceMapProvider.ts';
import { customSectionBytes, nameBytes, withCustomSections } from './wasmBuilder.ts';
import { lineOf, shapesWasm } from './fixtures.ts';

describe('hand-written source map', () => {
  // Segments (generated column = module offset): [10,0,0,0] → a.c:1:1; [+5,0,+1,+4] → a.c:2:5;
  // [+5] → unmapped; [+5,+1,+3,-4] → b.c:5:1 (line deltas carry across sources).  VLQ: U=10, K=5, C=1, I=4, G=3, J=-4.
  const map = { version: 3, sources: ['a.c', 'b.c'], names: [], mappings: 'UAAA,KACI,K,KCGJ', sourcesContent: ['int a;\nint b;\n', null] };
  const p = new SourceMapSymbolProvider(JSON.stringify(map));

  it('maps offsets through the greatest mapping at or below them', () => {
    expect(p.sourcePosition(9)).toBeUndefined();
    expect(p.sourcePosition(10)).toEqual({ file: 'a.c', line: 1, column: 1, inlinedChain: [] });
    expect(p.sourcePosition(14)).toMatchObject({ line: 1 });
    expect(p.sourcePosition(15)).toMatchObject({ file: 'a.c', line: 2, column: 5 });
    expect(p.sourcePosition(20)).toBeUndefined(); // 1-field segment: unmapped
    expect(p.sourcePosition(26)).toMatchObject({ file: 'b.c', line: 5, column: 1 });
  });

  it('resolves breakpoints, moving to the next mapped line', () => {
    expect(p.breakpointOffsets('a.c', 2)).toEqual({ line: 2, offsets: [15], files: ['a.c'] });
    expect(p.breakpointOffsets('b.c', 1)).toEqual({ line: 5, offsets: [25], files: ['b.c'] });
    expect(p.breakpointOffsets('a.c', 3)).toBeUndefined();
  });

  it('has sources and content but no functions or variables', () => {
    expect(p.sources()).toEqual(['a.c', 'b.c']);
    expect(p.sourceContent('a.c')).toBe('int a;\nint b;\n');
    expect(p.functionAt(10)).toBeUndefined();
    expect(p.variablesAt(10)).toEqual([]);
    expect(p.inlinedFramesAt(10)).toEqual([]);
  });
});

describe('source map generated from the fixture line table', () => {
  const wasm = shapesWasm('shapes-O0');
  const dwarf = DwarfSymbolProvider.fromModule(wasm)!;
  const gen = new SourceMapGenerator({ file: 'shapes-O0.wasm' });
  const rows = dwarf.dwarf.units().flatMap((u) => dwarf.lineTable(u)!.sequences.flatMap((s) => s.rows));
  for (const seq of dwarf.dwarf.units().flatMap((u) => dwarf.lineTable(u)!.sequences)) {
    for (const r of seq.rows) {
      if (r.endSequence || r.line === 0) gen.addMapping({ generated: { line: 1, column: r.address } });
      else gen.addMapping({ generated: { line: 1, column: r.address }, source: r.file, original: { line: r.line, column: Math.max(0, r.column - 1) } });
    }
  }
  const json = gen.toString();
  // Embed a sourceMappingURL section and load the map through the provider's loader.
  const module = withCustomSections(wasm, customSectionBytes('sourceMappingURL', nameBytes('shapes-O0.wasm.map')));
  const urls: string[] = [];
  const sm = SourceMapSymbolProvider.fromModule(module, (url) => (urls.push(url), json))!;

  it('loads through the sourceMappingURL section', () => {
    expect(urls).toEqual(['shapes-O0.wasm.map']);
    expect(SourceMapSymbolProvider.fromModule(wasm, () => json)).toBeUndefined();
  });

  it('agrees with DWARF on every row address', () => {
    let checked = 0;
    for (const r of rows) {
      if (r.endSequence) continue;
      const a = dwarf.sourcePosition(r.address)!;
      const b = sm.sourcePosition(r.address);
      if (a.line === 0) expect(b).toBeUndefined();
      else {
        expect(b).toMatchObject({ file: a.file, line: a.line, column: Math.max(1, a.column) });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('breakpoint offsets fall on the requested line', () => {
    const line = lineOf('main.c', 'int total = sum_shapes');
    const r = sm.breakpointOffsets('main.c', line)!;
    expect(r.line).toBe(line);
    for (const o of r.offsets) expect(dwarf.sourcePosition(o)!.line).toBe(line);
    expect(r.offsets).toEqual(expect.arrayContaining([...dwarf.breakpointOffsets('main.c', line)!.offsets]));
  });
});
