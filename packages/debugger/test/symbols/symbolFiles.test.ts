/** Choosing a provider for a .wasm on disk: embedded DWARF, external_debug_info, sourceMappingURL, <wasm>.map. */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSourceMapFile, loadSymbolsForFile } from '../../src/symbols/symbolFiles.ts';
import { findWasmSections } from '../../src/symbols/wasmSections.ts';
import { customSectionBytes, moduleWith, nameBytes, withCustomSections } from './wasmBuilder.ts';
import { shapesWasm } from './fixtures.ts';

/** The fixture without its custom sections (code kept, so DWARF addresses still apply). */
function stripped(bytes: Uint8Array): Uint8Array {
  const index = findWasmSections(bytes);
  const drop = index.customSections.map((s) => {
    // Walk back from the payload to the section header: id 0, size LEB, name.
    let start = s.start - (new TextEncoder().encode(s.name).length + 1);
    start -= 1;
    while (bytes[start - 1] & 0x80) start--;
    return [start - 1, s.end] as const;
  });
  const parts: number[] = [];
  let at = 0;
  for (const [a, b] of drop) {
    for (let i = at; i < a; i++) parts.push(bytes[i]);
    at = b;
  }
  for (let i = at; i < bytes.length; i++) parts.push(bytes[i]);
  return new Uint8Array(parts);
}

describe('loadSymbolsForFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-symbols-'));
  const full = shapesWasm('shapes-O0');
  const bare = stripped(full);

  it('strips cleanly (sanity)', () => {
    const index = findWasmSections(bare);
    expect(index.problems).toEqual([]);
    expect(index.customSections).toEqual([]);
    expect(index.codePayloadStart).toBe(findWasmSections(full).codePayloadStart);
  });

  it('uses embedded DWARF first', () => {
    const p = join(dir, 'embedded.wasm');
    writeFileSync(p, full);
    expect(loadSymbolsForFile(p)?.kind).toBe('dwarf');
  });

  it('follows external_debug_info to a DWARF-only wasm beside the module', () => {
    writeFileSync(join(dir, 'shapes.debug.wasm'), full);
    const p = join(dir, 'external.wasm');
    writeFileSync(p, withCustomSections(bare, customSectionBytes('external_debug_info', nameBytes('shapes.debug.wasm'))));
    const provider = loadSymbolsForFile(p)!;
    expect(provider.kind).toBe('dwarf');
    expect(provider.sources()).toContain('/fixtures/shapes/main.c');
  });

  it('falls back to sourceMappingURL, then to <wasm>.map', () => {
    const map = JSON.stringify({ version: 3, sources: ['x.c'], names: [], mappings: 'UAAA' });
    writeFileSync(join(dir, 'm.map'), map);
    const p = join(dir, 'mapped.wasm');
    writeFileSync(p, withCustomSections(bare, customSectionBytes('sourceMappingURL', nameBytes('m.map'))));
    expect(loadSymbolsForFile(p)?.sourcePosition(10)).toMatchObject({ file: 'x.c', line: 1 });
    const q = join(dir, 'beside.wasm');
    writeFileSync(q, bare);
    expect(loadSymbolsForFile(q)).toBeUndefined();
    writeFileSync(`${q}.map`, map);
    expect(loadSymbolsForFile(q)?.kind).toBe('sourceMap');
    expect(loadSourceMapFile(join(dir, 'm.map')).sources()).toEqual(['x.c']);
    expect(loadSymbolsForFile(join(dir, 'none.wasm'), moduleWith())).toBeUndefined();
  });
});
