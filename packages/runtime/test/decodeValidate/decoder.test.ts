/**
 * decodeModule: every section's encoding, and the malformations the spec suite checks, with
 * their exact message and byte offset.
 */
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../src/binary/decoder.ts';
import { CompileError } from '../../src/errors.ts';
import { CONCRETE_BASE, EXTERNREF, FUNCREF, HeapType, I32, I64, refType } from '../../src/syntax/types.ts';
import {
  HEADER,
  T,
  body,
  codeSec,
  funcSec,
  funcType,
  module,
  section,
  str,
  typeSec,
  u32,
  vec,
} from './wasmBuilder.ts';

function malformed(bytes: Uint8Array): CompileError {
  try {
    decodeModule(bytes);
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
  throw new Error('expected a CompileError');
}

const emptyFunc = funcType([], []);
const endBody = body([], [0x0b]);

describe('header', () => {
  it('accepts the empty module', () => {
    const info = decodeModule(module());
    expect(info.types).toEqual([]);
    expect(info.codeSectionStart).toBe(-1);
  });
  it('rejects truncated, wrong magic and wrong version', () => {
    expect(malformed(Uint8Array.of()).reason).toMatch(/^unexpected end/);
    expect(malformed(Uint8Array.of(0, 0x61, 0x73)).reason).toMatch(/^unexpected end/);
    expect(malformed(Uint8Array.of(0, 0x41, 0x53, 0x4d, 1, 0, 0, 0))).toMatchObject({
      reason: 'magic header not detected',
      offset: 0,
    });
    expect(malformed(Uint8Array.of(0, 0x61, 0x73, 0x6d, 2, 0, 0, 0))).toMatchObject({
      reason: 'unknown binary version',
      offset: 4,
    });
    expect(malformed(Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0)).reason).toMatch(/^unexpected end/);
  });
});

describe('section framing', () => {
  it('rejects unknown section ids at the id byte', () => {
    expect(malformed(module([14, 0]))).toMatchObject({ reason: 'malformed section id', offset: 8 });
  });
  it('rejects sections out of order or repeated', () => {
    const e = malformed(module(section(3, vec([])), section(1, vec([]))));
    expect(e).toMatchObject({ reason: 'unexpected content after last section', offset: 11 });
    expect(malformed(module(section(1, vec([])), section(1, vec([])))).reason).toBe(
      'unexpected content after last section',
    );
    // The tag section sits between memory and global.
    expect(() => decodeModule(module(section(5, vec([])), section(13, vec([])), section(6, vec([]))))).not.toThrow();
    expect(malformed(module(section(6, vec([])), section(13, vec([])))).reason).toBe(
      'unexpected content after last section',
    );
  });
  it('checks section sizes against their contents', () => {
    // Type section claims 5 bytes but its one type takes 4.
    expect(malformed(module([1, 5, 1, 0x60, 0, 0, 0]))).toMatchObject({ reason: 'section size mismatch', offset: 10 });
    expect(malformed(module([1, 9, 1, 0x60, 0, 0])).reason).toBe('length out of bounds');
  });
  it('lets custom sections appear anywhere and records them', () => {
    const info = decodeModule(module(section(0, [...str('a'), 1, 2]), typeSec(emptyFunc), section(0, str('b'))));
    expect(info.customSections.map((c) => c.name)).toEqual(['a', 'b']);
    expect(info.customSections[0]).toMatchObject({ start: 12, end: 14 });
  });
  it('checks function/code and data count agreement', () => {
    expect(malformed(module(typeSec(emptyFunc), funcSec(0, 0), codeSec(endBody))).reason).toBe(
      'function and code section have inconsistent lengths',
    );
    expect(malformed(module(section(12, u32(2)), section(11, vec([])))).reason).toBe(
      'data count and data section have inconsistent lengths',
    );
  });
});

describe('type section', () => {
  it('decodes func, struct, array and cont types with rec groups and sub/final', () => {
    const info = decodeModule(
      module(
        section(
          1,
          vec([
            funcType([T.i32, T.i64], [T.f32]),
            [0x4e, ...vec([[0x50, 0x00, 0x5f, ...vec([[0x78, 0x01], [0x63, 0x01, 0x00]])], [0x4f, ...vec([u32(1)]), 0x5e, 0x7f, 0x01]])],
            [0x5d, 0x00],
          ]),
        ),
      ),
    );
    expect(info.types).toHaveLength(4);
    expect(info.types[0]).toMatchObject({
      composite: { kind: 'func', params: [I32, I64], results: [0x7d] },
      final: true,
      supers: [],
      recGroupStart: 0,
      recGroupSize: 1,
    });
    expect(info.types[1]).toMatchObject({
      composite: {
        kind: 'struct',
        fields: [
          { storage: 0x78, mutable: true },
          { storage: refType(CONCRETE_BASE + 1, true), mutable: false },
        ],
      },
      final: false,
      recGroupStart: 1,
      recGroupSize: 2,
    });
    expect(info.types[2]).toMatchObject({ composite: { kind: 'array', field: { storage: I32, mutable: true } }, final: true, supers: [1] });
    expect(info.types[3].composite).toEqual({ kind: 'cont', funcTypeIndex: 0 });
  });
  it('rejects bad type forms and value types', () => {
    expect(malformed(module(typeSec([0x40, 0, 0]))).reason).toBe('malformed definition type');
    expect(malformed(module(typeSec([0x60, 1, 0x40, 0])))).toMatchObject({ reason: 'malformed reference type', offset: 13 });
    expect(malformed(module(typeSec([0x5e, 0x7f, 0x02]))).reason).toBe('malformed mutability');
    expect(malformed(module(typeSec([0x60, 1, 0x63, 0x50, 0]))).reason).toBe('malformed heap type');
  });
});

describe('imports, tables, memories, tags, globals, exports', () => {
  it('decodes the five import kinds and counts them', () => {
    const info = decodeModule(
      module(
        typeSec(emptyFunc),
        section(
          2,
          vec([
            [...str('m'), ...str('f'), 0x00, 0x00],
            [...str('m'), ...str('t'), 0x01, 0x6f, 0x05, 0x01, 0x02], // table64 externref 1..2
            [...str('m'), ...str('mem'), 0x02, 0x03, 0x01, 0x02], // shared memory 1..2
            [...str('m'), ...str('g'), 0x03, 0x7e, 0x01],
            [...str('m'), ...str('e'), 0x04, 0x00, 0x00],
          ]),
        ),
      ),
    );
    expect(info.imports.map((i) => i.desc.kind)).toEqual(['func', 'table', 'memory', 'global', 'tag']);
    expect(info.imports[1].desc).toEqual({
      kind: 'table',
      type: { elemType: EXTERNREF, limits: { min: 1n, max: 2n, is64: true, shared: false } },
    });
    expect(info.imports[2].desc).toMatchObject({ type: { limits: { min: 1n, max: 2n, is64: false, shared: true } } });
    expect(info.imports[3].desc).toEqual({ kind: 'global', type: { valType: I64, mutable: true } });
    expect(info.imports[4].desc).toEqual({ kind: 'tag', type: { attribute: 0, typeIndex: 0 } });
    expect([info.importedFuncs, info.importedTables, info.importedMemories, info.importedGlobals, info.importedTags]).toEqual([1, 1, 1, 1, 1]);
    expect(malformed(module(section(2, vec([[...str('m'), ...str('x'), 0x05, 0]])))).reason).toBe('malformed import kind');
  });
  it('decodes tables with and without initialiser, memory64, tags and globals', () => {
    const info = decodeModule(
      module(
        section(4, vec([[0x70, 0x00, 0x01], [0x40, 0x00, 0x64, 0x70, 0x00, 0x01, 0xd0, 0x70, 0x0b]])),
        section(5, vec([[0x04, 0x02], [0x05, 0x00, 0x80, 0x80, 0x04]])),
        section(13, vec([[0x00, 0x00]])),
        section(6, vec([[0x7f, 0x00, 0x41, 0x05, 0x0b]])),
      ),
    );
    expect(info.tables[0]).toEqual({ type: { elemType: FUNCREF, limits: { min: 1n, max: undefined, is64: false, shared: false } }, init: undefined });
    expect(info.tables[1].type.elemType).toBe(refType(HeapType.Func, false));
    expect(info.tables[1].init).toEqual({ start: 20, end: 23 });
    expect(info.memories[0].limits).toEqual({ min: 2n, max: undefined, is64: true, shared: false });
    expect(info.memories[1].limits).toEqual({ min: 0n, max: 65536n, is64: true, shared: false });
    expect(info.tags).toEqual([{ attribute: 0, typeIndex: 0 }]);
    expect(info.globals[0]).toMatchObject({ type: { valType: I32, mutable: false } });
  });
  it('rejects bad limits flags and tag attributes', () => {
    expect(malformed(module(section(5, vec([[0x08, 0x00]]))))).toMatchObject({ reason: 'malformed limits flags', offset: 11 });
    expect(malformed(module(section(4, vec([[0x70, 0x02, 0x00]])))).reason).toBe('malformed limits flags');
    expect(malformed(module(section(13, vec([[0x01, 0x00]])))).reason).toBe('zero byte expected');
  });
  it('decodes exports and the start function', () => {
    const info = decodeModule(module(typeSec(emptyFunc), funcSec(0), section(7, vec([[...str('run'), 0x00, 0x00]])), section(8, u32(0)), codeSec(endBody)));
    expect(info.exports).toEqual([{ name: 'run', kind: 'func', index: 0, offset: 21 }]);
    expect(info.start).toBe(0);
    expect(malformed(module(section(7, vec([[...str('x'), 0x05, 0x00]])))).reason).toBe('malformed export kind');
  });
});

describe('element and data segments', () => {
  const offsetExpr = [0x41, 0x00, 0x0b];
  it('decodes all eight element encodings', () => {
    const segs = [
      [0x00, ...offsetExpr, ...vec([u32(0)])],
      [0x01, 0x00, ...vec([u32(0)])],
      [0x02, 0x00, ...offsetExpr, 0x00, ...vec([u32(0)])],
      [0x03, 0x00, ...vec([u32(0)])],
      [0x04, ...offsetExpr, ...vec([[0xd2, 0x00, 0x0b]])],
      [0x05, 0x70, ...vec([[0xd0, 0x70, 0x0b]])],
      [0x06, 0x01, ...offsetExpr, 0x6f, ...vec([[0xd0, 0x6f, 0x0b]])],
      [0x07, 0x70, ...vec([[0xd2, 0x00, 0x0b]])],
    ];
    const info = decodeModule(module(section(9, vec(segs))));
    expect(info.elems.map((e) => e.mode)).toEqual(['active', 'passive', 'active', 'declarative', 'active', 'passive', 'active', 'declarative']);
    expect(info.elems.map((e) => e.funcIndices !== undefined)).toEqual([true, true, true, true, false, false, false, false]);
    expect(info.elems[0].elemType).toBe(refType(HeapType.Func, false));
    expect(info.elems[4].elemType).toBe(FUNCREF);
    expect(info.elems[6]).toMatchObject({ tableIndex: 1, elemType: EXTERNREF });
    expect(malformed(module(section(9, vec([[0x08]])))).reason).toBe('malformed elements segment kind');
    expect(malformed(module(section(9, vec([[0x01, 0x01, 0x00]])))).reason).toBe('malformed element kind');
  });
  it('decodes data segments as views into the module', () => {
    const info = decodeModule(module(section(12, u32(3)), section(11, vec([[0x00, ...offsetExpr, ...str('hi')], [0x01, ...str('x')], [0x02, 0x01, ...offsetExpr, ...str('')]]))));
    expect(info.dataCount).toBe(3);
    expect(info.datas.map((d) => [d.mode, d.memoryIndex, [...d.data]])).toEqual([
      ['active', 0, [0x68, 0x69]],
      ['passive', 0, [0x78]],
      ['active', 1, []],
    ]);
    expect(info.datas[0].data.buffer).toBe(info.bytes.buffer);
    expect(malformed(module(section(11, vec([[0x03]])))).reason).toBe('malformed data segment kind');
  });
  it('reports malformed constant expressions with the decoder message', () => {
    expect(malformed(module(section(9, vec([[0x05, 0x70, ...vec([[0xf3, 0x00, 0x0b]])]])))).reason).toBe('illegal opcode f3');
  });
});

describe('code section', () => {
  it('expands locals and records body ranges', () => {
    const info = decodeModule(module(typeSec(emptyFunc), funcSec(0), codeSec(body([[2, T.i32], [1, T.f64]], [0x01, 0x0b]))));
    const b = info.bodies[0];
    expect(b.locals).toEqual([I32, I32, 0x7c]);
    expect(info.codeSectionStart).toBe(20);
    expect(b.entryOffset).toBe(21);
    expect(b.codeStart).toBe(27);
    expect(b.codeEnd).toBe(29);
    expect(b.maxStackHeight).toBe(-1);
  });
  it('rejects too many locals', () => {
    const e = malformed(module(typeSec(emptyFunc), funcSec(0), codeSec(body([[0xffffffff, T.i32]], [0x0b]))));
    expect(e).toMatchObject({ reason: 'too many locals', offset: 22 });
    // 0x1_0000_0000 does not even fit a u32.
    expect(malformed(Uint8Array.from([...HEADER, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, 12, 1, 10, 2, 0x80, 0x80, 0x80, 0x80, 0x10, 0x7f, 2, 0x7e, 0x0b])).reason).toBe('integer too large');
  });
  it('reports a body error before a later section error (as the reference decoder does)', () => {
    // The body's declared size is too small: its memarg offset LEB (11 bytes) runs past it, so
    // the bytes after the code section are not a section ("malformed section id"), but the
    // reference decoder reports the body first (binary-leb128.wast).
    const bytes = Uint8Array.from([
      ...HEADER, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 5, 3, 1, 0, 1, 10, 0x11, 1, 0x0f, 1, 1, 0x7f, 0x41, 0, 0x28, 2,
      0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x1a, 0x0b,
    ]);
    expect(malformed(bytes)).toMatchObject({ reason: 'integer representation too long', offset: 44 });
  });
});

describe('name section', () => {
  it('parses module, function and local names', () => {
    const names = section(0, [
      ...str('name'),
      ...section(0, str('mod')),
      ...section(1, vec([[...u32(0), ...str('main')]])),
      ...section(2, vec([[...u32(0), ...vec([[...u32(0), ...str('x')]])]])),
    ]);
    const info = decodeModule(module(typeSec(emptyFunc), funcSec(0), codeSec(endBody), names));
    expect(info.names?.module).toBe('mod');
    expect(info.names?.functions.get(0)).toBe('main');
    expect(info.names?.locals.get(0)?.get(0)).toBe('x');
  });
  it('parses the extended subsections: labels, types, tables, memories, globals, segments, fields, tags', () => {
    const map = (index: number, name: string) => vec([[...u32(index), ...str(name)]]);
    const indirect = (outer: number, index: number, name: string) => vec([[...u32(outer), ...map(index, name)]]);
    const names = section(0, [
      ...str('name'),
      ...section(3, indirect(0, 1, 'loop')),
      ...section(4, map(0, 'sig')),
      ...section(5, map(0, 'tbl')),
      ...section(6, map(0, 'mem')),
      ...section(7, map(2, 'g')),
      ...section(8, map(0, 'e')),
      ...section(9, map(1, 'd')),
      ...section(10, indirect(3, 0, 'field')),
      ...section(11, map(0, 'tag')),
    ]);
    const n = decodeModule(module(names)).names!;
    expect([n.labels.get(0)?.get(1), n.types.get(0), n.tables.get(0), n.memories.get(0), n.globals.get(2)]).toEqual(['loop', 'sig', 'tbl', 'mem', 'g']);
    expect([n.elems.get(0), n.datas.get(1), n.fields.get(3)?.get(0), n.tags.get(0)]).toEqual(['e', 'd', 'field', 'tag']);
  });
  it('drops a malformed extended subsection alone, keeping the function names', () => {
    const names = section(0, [...str('name'), ...section(1, vec([[...u32(0), ...str('main')]])), ...section(4, [0x05, 0x00]), ...section(7, vec([[...u32(0), ...str('g')]]))]);
    const n = decodeModule(module(names)).names!;
    expect([n.functions.get(0), n.types.size, n.globals.get(0)]).toEqual(['main', 0, 'g']);
  });
  it('drops a malformed name section instead of failing the module', () => {
    const bad = section(0, [...str('name'), ...section(1, [0x05, 0x00])]);
    const info = decodeModule(module(bad));
    expect(info.names).toBeUndefined();
    expect(info.customSections[0].name).toBe('name');
  });
});
