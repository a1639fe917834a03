/**
 * The value formatter on hand-built types and bytes, and end to end on the fixture: real DWARF
 * types (struct shape, whose layout is taken from the llvm-dwarfdump oracle) and variables read
 * through DwarfSymbolProvider.readVariable on a fake frame.
 */

import { describe, expect, it } from 'vitest';
import { DwarfSymbolProvider } from '../../src/symbols/dwarfSymbolProvider.ts';
import type { DwarfType } from '../../src/symbols/dwarf/types.ts';
import { typeName } from '../../src/symbols/dwarf/types.ts';
import { formatValue } from '../../src/symbols/dwarf/valueFormatter.ts';
import type { DisplayValue } from '../../src/symbols/dwarf/valueFormatter.ts';
import type { VariableFrame } from '../../src/symbols/symbolProvider.ts';
import { lineOf, shapesWasm } from './fixtures.ts';

const int: DwarfType = { kind: 'base', name: 'int', encoding: 'signed', byteSize: 4 };
const uint: DwarfType = { kind: 'base', name: 'unsigned int', encoding: 'unsigned', byteSize: 4 };
const char: DwarfType = { kind: 'base', name: 'char', encoding: 'signedChar', byteSize: 1 };
const float: DwarfType = { kind: 'base', name: 'float', encoding: 'float', byteSize: 4 };
const double: DwarfType = { kind: 'base', name: 'double', encoding: 'float', byteSize: 8 };
const bool: DwarfType = { kind: 'base', name: '_Bool', encoding: 'boolean', byteSize: 1 };
const i64: DwarfType = { kind: 'base', name: 'long long', encoding: 'signed', byteSize: 8 };

function bytesOf(build: (dv: DataView) => void, size: number): Uint8Array {
  const b = new Uint8Array(size);
  build(new DataView(b.buffer));
  return b;
}

const child = (v: DisplayValue, ...path: string[]): DisplayValue =>
  path.reduce((cur, name) => cur.children!.find((c) => c.name === name)!, v);

describe('formatValue on hand-built types', () => {
  it('base types', () => {
    expect(formatValue(bytesOf((d) => d.setInt32(0, -5, true), 4), int).value).toBe('-5');
    expect(formatValue(bytesOf((d) => d.setInt32(0, -5, true), 4), uint).value).toBe('4294967291');
    expect(formatValue(new Uint8Array([65]), char).value).toBe("65 'A'");
    expect(formatValue(new Uint8Array([10]), char).value).toBe("10 '\\n'");
    expect(formatValue(bytesOf((d) => d.setFloat32(0, 1.5, true), 4), float).value).toBe('1.5');
    expect(formatValue(bytesOf((d) => d.setFloat64(0, -0.25, true), 8), double).value).toBe('-0.25');
    expect(formatValue(new Uint8Array([1]), bool).value).toBe('true');
    expect(formatValue(bytesOf((d) => d.setBigInt64(0, -10000000000n, true), 8), i64).value).toBe('-10000000000');
  });

  it('enums by name, numeric when no enumerator matches; typedef and const keep their spelling', () => {
    const color: DwarfType = { kind: 'enum', name: 'color', byteSize: 4, signed: false, enumerators: [{ name: 'RED', value: 0n }, { name: 'GREEN', value: 5n }] };
    const colorT: DwarfType = { kind: 'typedef', name: 'color_t', target: color };
    expect(formatValue(new Uint8Array([5, 0, 0, 0]), colorT)).toMatchObject({ type: 'color_t', value: 'GREEN' });
    expect(formatValue(new Uint8Array([9, 0, 0, 0]), colorT).value).toBe('9');
    const constInt: DwarfType = { kind: 'qualified', qualifier: 'const', target: int };
    expect(formatValue(new Uint8Array([7, 0, 0, 0]), constInt)).toMatchObject({ type: 'const int', value: '7' });
  });

  it('pointers: hex address, pointee kept; char pointers read the string when memory is given', () => {
    const constChar: DwarfType = { kind: 'qualified', qualifier: 'const', target: char };
    const p: DwarfType = { kind: 'pointer', flavor: 'pointer', pointee: constChar, byteSize: 4 };
    const mem = new Uint8Array(0x200);
    mem.set(new TextEncoder().encode('hi there\0'), 0x100);
    const v = formatValue(new Uint8Array([0, 1, 0, 0]), p, { readMemory: (a, n) => mem.slice(a, a + n) });
    expect(v).toMatchObject({ type: 'const char *', value: '0x00000100 "hi there"', pointer: { address: 0x100, pointee: constChar } });
    expect(formatValue(new Uint8Array(4), { kind: 'pointer', flavor: 'pointer', pointee: int, byteSize: 4 }).value).toBe('0x00000000');
  });

  it('arrays: char arrays as strings, multi-dimensional arrays nest one dimension per level', () => {
    const name: DwarfType = { kind: 'array', element: char, counts: [8], byteSize: 8 };
    expect(formatValue(new TextEncoder().encode('abc\0defg'), name).value).toBe('"abc"');
    const grid: DwarfType = { kind: 'array', element: int, counts: [2, 3], byteSize: 24 };
    const v = formatValue(bytesOf((d) => [1, 2, 3, 4, 5, 6].forEach((x, i) => d.setInt32(i * 4, x, true)), 24), grid, { address: 0x1000 });
    expect(v.type).toBe('int[2][3]');
    expect(v.children!.map((c) => c.type)).toEqual(['int[3]', 'int[3]']);
    expect(child(v, '[1]', '[2]')).toMatchObject({ value: '6', address: 0x1014 });
    expect(v.value).toBe('{{...}, {...}}');
  });

  it('structs with members, bit-fields and unions; short input is <unavailable>', () => {
    const point: DwarfType = {
      kind: 'struct',
      name: 'point',
      byteSize: 12,
      declaration: false,
      members: [
        { name: 'x', type: int, offset: 0 },
        { name: 'y', type: int, offset: 4 },
        { name: 'lo', type: uint, offset: 8, bitSize: 3, bitOffset: 64 },
        { name: 'hi', type: uint, offset: 8, bitSize: 5, bitOffset: 67 },
      ],
    };
    const v = formatValue(bytesOf((d) => { d.setInt32(0, 3, true); d.setInt32(4, -4, true); d.setUint8(8, (17 << 3) | 5); }, 12), point);
    expect(v.value).toBe('{x = 3, y = -4, lo = 5, hi = 17}');
    const num: DwarfType = { kind: 'union', name: 'number', byteSize: 4, declaration: false, members: [{ name: 'i', type: int, offset: 0 }, { name: 'f', type: float, offset: 0 }] };
    const u = formatValue(bytesOf((d) => d.setFloat32(0, 2, true), 4), num);
    expect(child(u, 'f').value).toBe('2');
    expect(child(u, 'i').value).toBe(String(0x40000000));
    expect(formatValue(new Uint8Array(2), point).value).toBe('<unavailable>');
  });

  it('self-referential types terminate', () => {
    const node = { kind: 'struct', name: 'node', byteSize: 8, declaration: false, members: [] } as DwarfType & { members: unknown[] };
    const ptr: DwarfType = { kind: 'pointer', flavor: 'pointer', pointee: node, byteSize: 4 };
    node.members.push({ name: 'v', type: int, offset: 0 }, { name: 'next', type: ptr, offset: 4 });
    expect(typeName(ptr)).toBe('node *');
    expect(formatValue(new Uint8Array([1, 0, 0, 0, 0x10, 0, 0, 0]), node).value).toBe('{v = 1, next = 0x00000010}');
  });
});

describe('end to end on the fixture', () => {
  it('formats g_shapes[1] with the real DWARF type (layout from the llvm-dwarfdump oracle)', () => {
    for (const build of ['shapes-O0', 'shapes-O2-dwarf5']) {
      const provider = DwarfSymbolProvider.fromModule(shapesWasm(build))!;
      const g = provider.globals().find((x) => x.name === 'g_shapes')!;
      const shape = (g.type as { element: DwarfType }).element;
      expect(typeName(shape)).toBe('shape');
      // init_shape(s, 1): offsets per the dump's DW_AT_data_member_location (size 0x58).
      const b = new Uint8Array(0x58);
      const d = new DataView(b.buffer);
      b.set(new TextEncoder().encode('bcdefgh\0'), 0);
      d.setUint32(0x08, 5, true); // GREEN
      d.setInt32(0x0c, 1, true);
      d.setInt32(0x10, -1, true);
      d.setInt32(0x24, 4, true);
      d.setInt32(0x28, 4, true);
      d.setFloat32(0x2c, 1.5, true);
      d.setUint32(0x30, 0x1000, true);
      d.setUint32(0x34, 0x2000, true);
      d.setUint8(0x38, 1 | (17 << 3)); // flags:3 = 1, kind:5 = 17 (little-endian bit allocation)
      d.setFloat64(0x40, 0.25, true);
      d.setBigInt64(0x48, 10000000001n, true);
      d.setUint8(0x50, 0);
      const mem = new Uint8Array(0x3000);
      mem.set(new TextEncoder().encode('second\0'), 0x2000);
      const v = formatValue(b, shape, { address: 0x1058, readMemory: (a, n) => mem.slice(a, a + n) });
      expect(child(v, 'name').value).toBe('"bcdefgh"');
      expect(child(v, 'color')).toMatchObject({ type: 'color_t', value: 'GREEN' });
      expect(child(v, 'corners').type).toBe('point_t[2][2]');
      expect(child(v, 'corners', '[0]', '[0]').value).toBe('{x = 1, y = -1}');
      expect(child(v, 'corners', '[1]', '[1]', 'y')).toMatchObject({ value: '4', address: 0x1058 + 0x28 });
      expect(child(v, 'weight', 'f').value).toBe('1.5');
      expect(child(v, 'next')).toMatchObject({ type: 'shape *', value: '0x00001000' });
      expect(child(v, 'label')).toMatchObject({ type: 'const char *', value: '0x00002000 "second"' });
      expect(child(v, 'flags').value).toBe('1');
      expect(child(v, 'kind').value).toBe('17');
      expect(child(v, 'scale').value).toBe('0.25');
      expect(child(v, 'id').value).toBe('10000000001');
      expect(child(v, 'visible').value).toBe('false');
    }
  });

  it('-O0: reads main\'s locals through the frame base local (DW_OP_fbreg)', () => {
    const provider = DwarfSymbolProvider.fromModule(shapesWasm('shapes-O0'))!;
    const line = lineOf('main.c', 'g_sink = bounded');
    const offset = provider.breakpointOffsets('main.c', line)!.offsets[0];
    const fn = provider.functionAt(offset)!;
    expect(fn.name).toBe('main');
    const vars = provider.variablesAt(offset);
    expect(vars.map((v) => `${v.scope} ${v.typeName} ${v.name}`)).toEqual([
      'param int argc',
      'param char ** argv',
      'local area_fn fn',
      'local number num',
      'local color_t tint',
      'local int total',
      'local int bounded',
    ]);
    // Frame base = DW_OP_WASM_location 0x0 N: local N holds the frame pointer into linear memory.
    const fbLocal = fn.frameBase![2];
    const memory = new Uint8Array(0x10000);
    const fp = 0x8000;
    const frame: VariableFrame = {
      readLocal: (i) => (i === fbLocal ? fp : 0),
      readGlobal: () => 0,
      readOperand: () => 0,
      readMemory: (a, n) => memory.slice(a, a + n),
    };
    const offsetOf = (name: string) => {
      const loc = vars.find((v) => v.name === name)!.location;
      expect(loc.kind).toBe('expression');
      const expr = (loc as { expression: Uint8Array }).expression;
      expect(expr[0]).toBe(0x91); // DW_OP_fbreg
      return expr[1]; // small positive SLEB
    };
    const dv = new DataView(memory.buffer);
    dv.setInt32(fp + offsetOf('num'), 0x41424344, true);
    dv.setUint32(fp + offsetOf('tint'), 6, true);
    dv.setInt32(fp + offsetOf('bounded'), 1000, true);
    const read = (name: string) => provider.readVariable(offset, vars.find((v) => v.name === name)!, frame);
    expect(read('tint').value).toBe('BLUE');
    expect(read('bounded')).toMatchObject({ value: '1000', address: fp + offsetOf('bounded') });
    expect(child(read('num'), 'i').value).toBe(String(0x41424344));
    expect(child(read('num'), 'bytes').value).toBe('"DCBA"');
  });

  it('-O2: reads a parameter that lives in a wasm local; optimized-out variables say so', () => {
    const provider = DwarfSymbolProvider.fromModule(shapesWasm('shapes-O2'))!;
    const line = lineOf('shapes.c', 'int h = s->corners');
    const offsets = provider.breakpointOffsets('shapes.c', line)!.offsets;
    const inShapeArea = offsets.find((o) => provider.functionAt(o)!.name === 'shape_area')!;
    const vars = provider.variablesAt(inShapeArea);
    const s = vars.find((v) => v.name === 's')!;
    expect(s.typeName).toBe('const shape *');
    const frame: VariableFrame = { readLocal: (i) => (i === 0 ? 0x1234 : 0), readGlobal: () => 0, readOperand: () => 0, readMemory: (a, n) => new Uint8Array(n) };
    expect(provider.readVariable(inShapeArea, s, frame)).toMatchObject({ value: '0x00001234', pointer: { address: 0x1234 } });
    const optimizedOut = vars.filter((v) => v.location.kind === 'optimizedOut');
    for (const v of optimizedOut) expect(provider.readVariable(inShapeArea, v, frame).value).toBe('<optimized out>');
  });
});
