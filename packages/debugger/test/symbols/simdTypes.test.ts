// DWARF vector types (`__attribute__((vector_size(16)))`, wasm_simd128.h's v128_t) of the SIMD
// fixture (test/fixtures/simd, clang -msimd128 -g -O0): named as C declares them, read as their lanes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DwarfSymbolProvider } from '../../src/symbols/dwarfSymbolProvider.ts';
import { resolveType, typeName } from '../../src/symbols/dwarf/types.ts';
import type { VariableFrame } from '../../src/symbols/symbolProvider.ts';

const fixture = new URL('../fixtures/simd/', import.meta.url);
const wasm = new Uint8Array(readFileSync(new URL('vectors.wasm', fixture)));
const source = readFileSync(new URL('vectors.c', fixture), 'utf8').split('\n');
const lineOf = (text: string) => source.findIndex((l) => l.includes(text)) + 1;

describe('DWARF vector types', () => {
  const provider = DwarfSymbolProvider.fromModule(wasm)!;
  const offset = provider.breakpointOffsets('vectors.c', lineOf('printf("sum'))!.offsets[0]!;
  const vars = provider.variablesAt(offset);

  it('names vector variables by their C types', () => {
    expect(vars.map((v) => `${v.typeName} ${v.name}`)).toEqual(['v128_t a', 'int4 b', 'float4 f', 'v128_t sum', 'float4 g']);
    const under = (name: string) => typeName(resolveType(vars.find((v) => v.name === name)!.type));
    expect(under('a')).toBe('int32_t __attribute__((vector_size(16)))');
    expect(under('f')).toBe('float __attribute__((vector_size(16)))');
  });

  it('reads a vector in memory as its lanes', () => {
    const fn = provider.functionAt(offset)!;
    const fbLocal = fn.frameBase![2];
    const fp = 0x8000;
    const memory = new Uint8Array(0x10000);
    const frame: VariableFrame = {
      readLocal: (i) => (i === fbLocal ? fp : 0),
      readGlobal: () => 0,
      readOperand: () => 0,
      readMemory: (a, n) => memory.slice(a, a + n),
    };
    const at = (name: string) => {
      const loc = vars.find((v) => v.name === name)!.location as { expression: Uint8Array };
      expect(loc.expression[0]).toBe(0x91); // DW_OP_fbreg, then the offset as a SLEB128
      let offset = 0;
      let shift = 0;
      for (let i = 1; ; i++, shift += 7) {
        const byte = loc.expression[i]!;
        offset |= (byte & 0x7f) << shift;
        if ((byte & 0x80) === 0) return fp + ((byte & 0x40) !== 0 ? offset - (1 << (shift + 7)) : offset);
      }
    };
    const view = new DataView(memory.buffer);
    [11, 22, 33, -44].forEach((x, i) => view.setInt32(at('sum') + 4 * i, x, true));
    [1.5, -2, 0.25, 8].forEach((x, i) => view.setFloat32(at('f') + 4 * i, x, true));
    const read = (name: string) => provider.readVariable(offset, vars.find((v) => v.name === name)!, frame);
    expect(read('sum').children!.map((c) => c.value)).toEqual(['11', '22', '33', '-44']);
    expect(read('f').children!.map((c) => c.value)).toEqual(['1.5', '-2', '0.25', '8']);
    expect(read('f')).toMatchObject({ type: 'float4', address: at('f') });
  });
});
