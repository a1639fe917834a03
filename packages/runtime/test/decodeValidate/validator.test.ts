/**
 * validateModule: acceptance and the exact reason + offset of representative invalid modules,
 * across MVP, reference types, typed function references, tail calls, bulk memory, memory64,
 * exception handling (new and legacy), stack switching and GC.
 */
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../src/binary/decoder.ts';
import { validateModule } from '../../src/valid/validator.ts';
import { CompileError } from '../../src/errors.ts';
import {
  T,
  body,
  codeSec,
  funcSec,
  funcType,
  module,
  oneFunc,
  section,
  str,
  typeSec,
  u32,
  vec,
} from './wasmBuilder.ts';
import type { Bytes } from './wasmBuilder.ts';

function validate(bytes: Uint8Array) {
  const info = decodeModule(bytes);
  validateModule(info);
  return info;
}

function invalid(bytes: Uint8Array): CompileError {
  try {
    validate(bytes);
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
  throw new Error('expected a CompileError');
}

const V = funcType([], []);
const ref = (typeIndex: number, nullable = false): Bytes => [nullable ? 0x63 : 0x64, ...u32(typeIndex)];
const END = 0x0b;
const i32c = (n: number): Bytes => [0x41, ...u32(n & 0x3f)];
const memSec = (...mems: Bytes[]) => section(5, vec(mems));
const exportSec = (...ex: Bytes[]) => section(7, vec(ex));
const tagSec = (...typeIdx: number[]) => section(13, vec(typeIdx.map((t) => [0x00, ...u32(t)])));

describe('MVP bodies', () => {
  it('accepts a well-typed function and records its max stack height', () => {
    const info = validate(oneFunc(funcType([T.i32, T.i32], [T.i32]), [], [0x20, 0, 0x20, 1, 0x6a, 0x41, 2, 0x6c, END]));
    expect(info.bodies[0].maxStackHeight).toBe(2);
    expect(info.types[0].canonicalId).toBeGreaterThanOrEqual(0);
  });
  it('reports type mismatches in the reference interpreter wording, at the instruction', () => {
    // (func (result i32) (i64.const 0)): checked at the function's `end`, offset 0x19.
    const e = invalid(oneFunc(funcType([], [T.i32]), [], [0x42, 0x00, END]));
    expect(e.reason).toBe('type mismatch: instruction requires [i32] but stack has [i64]');
    expect(e.offset).toBe(0x1a);
    expect(e.message).toBe(
      'type mismatch: instruction requires [i32] but stack has [i64] (in function 0, at byte offset 0x1a)',
    );
    expect(invalid(oneFunc(V, [], [0x41, 0x00, END])).reason).toBe('type mismatch: block requires [] but stack has [i32]');
    expect(invalid(oneFunc(V, [], [0x6a, END])).reason).toBe('type mismatch: instruction requires [i32 i32] but stack has []');
  });
  it('treats the stack after unreachable/br/return as polymorphic', () => {
    validate(oneFunc(funcType([], [T.i32]), [], [0x00, 0x6a, END]));
    validate(oneFunc(funcType([], [T.i32]), [], [0x02, 0x40, 0x0c, 0x00, 0x1a, 0x1a, 0x1b, 0x1a, END, 0x41, 0, END]));
    expect(invalid(oneFunc(V, [], [0x00, 0x42, 0, 0x6a, END])).reason).toMatch(/^type mismatch/);
  });
  it('checks blocks, ifs and multi-value block types', () => {
    const pair = funcType([T.i32], [T.i32, T.i32]);
    // (block (type 1) (param i32) (result i32 i32) (dup)) via local.tee
    validate(
      module(
        typeSec(funcType([], [T.i32, T.i32]), pair),
        funcSec(0),
        codeSec(body([[1, T.i32]], [0x41, 5, 0x02, 0x01, 0x22, 0, 0x20, 0, END, END])),
      ),
    );
    // An if without else must map its params to its results.
    expect(invalid(oneFunc(funcType([], [T.i32]), [], [0x41, 1, 0x04, T.i32, 0x41, 2, END, END])).reason).toBe(
      'type mismatch: instruction requires [i32] but stack has []',
    );
    expect(invalid(oneFunc(V, [], [0x02, 0x05, END, END])).reason).toBe('unknown type 5');
  });
  it('reports unknown indices with the spec messages', () => {
    expect(invalid(oneFunc(V, [], [0x20, 3, 0x1a, END])).reason).toBe('unknown local 3');
    expect(invalid(oneFunc(V, [], [0x23, 1, 0x1a, END])).reason).toBe('unknown global 1');
    expect(invalid(oneFunc(V, [], [0x10, 7, END])).reason).toBe('unknown function 7');
    expect(invalid(oneFunc(V, [], [0x0c, 1, END])).reason).toBe('unknown label 1');
    expect(invalid(oneFunc(V, [], [0x41, 0, 0x28, 2, 0, 0x1a, END])).reason).toBe('unknown memory 0');
    expect(invalid(oneFunc(V, [], [0x41, 0, 0x25, 0, 0x1a, END])).reason).toBe('unknown table 0');
    expect(invalid(oneFunc(V, [], [0xfc, 0x0d, 0, END])).reason).toBe('unknown elem segment 0');
    expect(invalid(oneFunc(V, [], [0x08, 0, END])).reason).toBe('unknown tag 0');
  });
  it('checks alignment, offsets and global mutability', () => {
    const withMem = (code: Bytes) => oneFunc(V, [], code, { before: [memSec([0x00, 0x01])] });
    validate(withMem([0x41, 0, 0x28, 2, 0, 0x1a, END]));
    expect(invalid(withMem([0x41, 0, 0x28, 3, 0, 0x1a, END])).reason).toBe('alignment must not be larger than natural');
    expect(invalid(withMem([0x41, 0, 0x28, 2, 0x80, 0x80, 0x80, 0x80, 0x10, 0x1a, END])).reason).toBe('offset out of range');
    const globals = section(6, vec([[T.i32, 0x00, 0x41, 0, END]]));
    expect(invalid(oneFunc(V, [], [0x41, 0, 0x24, 0, END], { before: [globals] })).reason).toBe('immutable global');
  });
  it('requires a data count section for memory.init / data.drop (malformed)', () => {
    const mem = memSec([0x00, 0x01]);
    const data = section(11, vec([[0x01, ...str('x')]]));
    expect(invalid(oneFunc(V, [], [0xfc, 0x09, 0, END], { before: [mem], after: [data] })).reason).toBe(
      'data count section required',
    );
    validate(module(typeSec(V), funcSec(0), mem, section(12, u32(1)), codeSec(body([], [0xfc, 0x09, 0, END])), data));
    expect(invalid(module(typeSec(V), funcSec(0), mem, section(12, u32(1)), codeSec(body([], [0xfc, 0x09, 1, END])), data)).reason).toBe(
      'unknown data segment 1',
    );
  });
  it('reports a malformed body in preference to an earlier validation error', () => {
    // A mistyped global initialiser (invalid, checked before bodies) and an illegal opcode in
    // the body (malformed): the spec decodes everything first, so the malformation wins.
    const bytes = module(
      typeSec(V),
      funcSec(0),
      section(6, vec([[T.i32, 0x00, 0x42, 0x00, END]])),
      codeSec(body([], [0xff, END])),
    );
    expect(invalid(bytes).reason).toBe('illegal opcode ff');
  });
});

describe('module-level rules', () => {
  it('checks exports, start function and limits', () => {
    expect(invalid(module(typeSec(V), funcSec(0), exportSec([...str('a'), 0, 0], [...str('a'), 0, 0]), codeSec(body([], [END])))).reason).toBe(
      'duplicate export name',
    );
    expect(invalid(module(typeSec(funcType([T.i32], [])), funcSec(0), section(8, u32(0)), codeSec(body([], [END])))).reason).toBe(
      'start function must not have parameters or results',
    );
    expect(invalid(module(memSec([0x01, 0x02, 0x01]))).reason).toBe('size minimum must not be greater than maximum');
    expect(invalid(module(memSec([0x00, 0x81, 0x80, 0x04]))).reason).toMatch(/^memory size must be at most/);
    validate(module(memSec([0x04, 0x81, 0x80, 0x04]))); // memory64 may exceed 65536 pages
    expect(invalid(module(memSec([0x02, 0x00]))).reason).toBe('shared memory must have maximum');
  });
  it('checks constant expressions', () => {
    const global = (t: number, init: Bytes, mutable = 0) => [t, mutable, ...init, END];
    validate(module(section(6, vec([global(T.i32, i32c(1)), global(T.i32, [0x23, 0, 0x41, 2, 0x6a])]))));
    expect(invalid(module(section(6, vec([global(T.i32, [0x01, 0x41, 0])])))).reason).toBe('constant expression required');
    expect(invalid(module(section(6, vec([global(T.i32, i32c(1), 1), global(T.i32, [0x23, 0])])))).reason).toBe(
      'constant expression required',
    );
    expect(invalid(module(section(6, vec([global(T.i32, [0x23, 0])])))).reason).toBe('unknown global 0');
    expect(invalid(module(section(6, vec([global(T.i32, [0x42, 0])])))).reason).toBe(
      'type mismatch: instruction requires [i32] but stack has [i64]',
    );
  });
  it('requires ref.func targets to be declared outside function bodies', () => {
    const code = [0xd2, 0x00, 0x1a, END];
    expect(invalid(oneFunc(V, [], code)).reason).toBe('undeclared function reference 0');
    validate(module(typeSec(V), funcSec(0), exportSec([...str('f'), 0, 0]), codeSec(body([], code))));
    validate(module(typeSec(V), funcSec(0), section(9, vec([[0x03, 0x00, ...vec([u32(0)])]])), codeSec(body([], code))));
  });
  it('checks declared supertypes', () => {
    const sub = (supers: number[], final: boolean, comp: Bytes): Bytes => [final ? 0x4f : 0x50, ...vec(supers.map(u32)), ...comp];
    const structI32 = [0x5f, ...vec([[T.i32, 0x00]])];
    const structI32I64 = [0x5f, ...vec([[T.i32, 0x00], [T.i64, 0x00]])];
    validate(module(typeSec(sub([], false, structI32), sub([0], true, structI32I64))));
    expect(invalid(module(typeSec(sub([], true, structI32), sub([0], true, structI32I64)))).reason).toBe(
      'sub type 1 has final super type 0',
    );
    expect(invalid(module(typeSec(sub([], false, structI32I64), sub([0], true, structI32)))).reason).toBe(
      'sub type 1 does not match super type 0',
    );
  });
});

describe('typed function references and tail calls', () => {
  it('types call_ref, ref.as_non_null, br_on_null and br_on_non_null', () => {
    // type 0: [] -> [i32]; type 1: [(ref null 0)] -> [i32]
    const types = typeSec(funcType([], [T.i32]), funcType([ref(0, true)], [T.i32]));
    validate(module(types, funcSec(1), codeSec(body([], [0x20, 0, 0xd4, 0x14, 0, END]))));
    validate(module(types, funcSec(1), codeSec(body([], [0x02, T.i32, 0x41, 7, 0x20, 0, 0xd5, 0, 0x14, 0, 0x6a, END, END]))));
    validate(
      module(types, funcSec(1), codeSec(body([], [0x02, ...ref(0), 0x20, 0, 0xd6, 0, 0x41, 7, 0x0f, END, 0x14, 0, END]))),
    );
    expect(invalid(module(types, funcSec(1), codeSec(body([], [0x20, 0, 0x14, 1, END])))).reason).toMatch(/^type mismatch/);
  });
  it('tracks initialisation of non-defaultable locals, scoped to blocks', () => {
    const types = typeSec(funcType([], []), funcType([ref(0)], []));
    const fn = (code: Bytes) => module(types, funcSec(1), codeSec(body([[1, ref(0)]], code)));
    validate(fn([0x20, 0, 0x21, 1, 0x20, 1, 0x1a, END]));
    const e = invalid(fn([0x20, 1, 0x1a, END]));
    expect(e.reason).toBe('uninitialized local');
    expect(invalid(fn([0x02, 0x40, 0x20, 0, 0x21, 1, END, 0x20, 1, 0x1a, END])).reason).toBe('uninitialized local');
  });
  it('requires tail-callee results to match the caller results', () => {
    const types = typeSec(funcType([], [T.i32]), funcType([], [T.i64]));
    validate(module(types, funcSec(0, 0), codeSec(body([], [0x12, 1, END]), body([], [0x41, 0, END]))));
    expect(invalid(module(types, funcSec(0, 1), codeSec(body([], [0x12, 1, END]), body([], [0x42, 0, END])))).reason).toBe(
      'type mismatch: current function requires result type [i32] but callee returns [i64]',
    );
  });
});

describe('memory64 and tables', () => {
  it('uses the memory address type for accesses and the minimum for mixed copies', () => {
    const mems = memSec([0x04, 0x01], [0x00, 0x01]);
    const fn = (code: Bytes) => oneFunc(V, [], code, { before: [mems] });
    validate(fn([0x42, 0, 0x28, 2, 0, 0x1a, END]));
    expect(invalid(fn([0x41, 0, 0x28, 2, 0, 0x1a, END])).reason).toBe('type mismatch: instruction requires [i64] but stack has [i32]');
    validate(fn([0x42, 0, 0x41, 0, 0x41, 0, 0xfc, 0x0a, 0, 1, END]));
    validate(fn([0x3f, 0, 0x42, 1, 0x40, 0, 0x1a, 0x1a, END]));
  });
  it('checks table element types in call_indirect and table.copy', () => {
    const tables = section(4, vec([[0x6f, 0x00, 0x01], [0x70, 0x00, 0x01]]));
    const fn = (code: Bytes) => oneFunc(V, [], code, { before: [tables] });
    validate(fn([0x41, 0, 0x11, 0, 1, END]));
    expect(invalid(fn([0x41, 0, 0x11, 0, 0, END])).reason).toMatch(/^type mismatch: instruction requires table of function type/);
    expect(invalid(fn([0x41, 0, 0x41, 0, 0x41, 0, 0xfc, 0x0e, 1, 0, END])).reason).toMatch(/^type mismatch/);
  });
});

describe('exception handling', () => {
  const tagTypes = typeSec(V, funcType([T.i32], []));
  it('types throw and try_table catch clauses against labels outside the try_table', () => {
    const fn = (code: Bytes) => module(tagTypes, funcSec(0), tagSec(1), codeSec(body([], code)));
    // (block (result i32) (try_table (catch 0 0) (throw 0 (i32.const 1))) (i32.const 0)) drop
    validate(fn([0x02, T.i32, 0x1f, 0x40, ...vec([[0x00, 0, 0]]), 0x41, 1, 0x08, 0, END, 0x41, 0, END, 0x1a, END]));
    // catch_all_ref needs a label of type [(ref exn)].
    validate(fn([0x02, 0x64, 0x69, 0x1f, 0x40, ...vec([[0x03, 0]]), END, 0x00, END, 0x1a, END]));
    expect(invalid(fn([0x02, 0x40, 0x1f, 0x40, ...vec([[0x00, 0, 0]]), END, END, END])).reason).toMatch(/^type mismatch/);
    expect(invalid(fn([0x42, 0, 0x08, 0, END])).reason).toBe('type mismatch: instruction requires [i32] but stack has [i64]');
  });
  it('supports the legacy try/catch/catch_all/delegate/rethrow', () => {
    const fn = (code: Bytes) => module(typeSec(V, funcType([T.i32], [])), funcSec(0), tagSec(1), codeSec(body([], code)));
    validate(fn([0x06, 0x40, 0x07, 0, 0x1a, 0x09, 0, 0x19, 0x09, 0, END, END]));
    validate(fn([0x06, 0x40, 0x06, 0x40, 0x18, 0, END, END]));
    expect(invalid(fn([0x06, 0x40, 0x09, 0, END, END])).reason).toBe('invalid rethrow label');
    expect(invalid(fn([0x06, 0x40, 0x19, 0x41, 1, END, END])).reason).toBe('type mismatch: block requires [] but stack has [i32]');
  });
});

describe('stack switching', () => {
  // type 0: [i32] -> [i32]; type 1: cont 0; type 2: [] -> [] ; tag 0: [i32] -> [i32] (type 0)
  const types = typeSec(funcType([T.i32], [T.i32]), [0x5d, 0x00], V, funcType([ref(1, true)], [T.i32]));
  it('types cont.new, resume with an (on tag label) handler, and suspend', () => {
    // func (param (ref null 1)) (result i32):
    //   (block (result i32 (ref 1)) (resume 1 (on 0 0) (i32.const 1) (local.get 0)) (return)) drop drop i32.const 0
    const code = [0x02, 4, 0x41, 1, 0x20, 0, 0xe3, 1, ...vec([[0x00, 0, 0]]), 0x0f, END, 0x1a, 0x1a, 0x41, 0, END];
    const blockType = funcType([], [T.i32, ref(1)]);
    const bytes = module(
      typeSec(funcType([T.i32], [T.i32]), [0x5d, 0x00], V, funcType([ref(1, true)], [T.i32]), blockType),
      funcSec(3),
      tagSec(0),
      codeSec(body([], code)),
    );
    validate(bytes);
    validate(module(types, funcSec(0), tagSec(0), codeSec(body([], [0x20, 0, 0xe2, 0, END]))));
  });
  it('rejects handlers whose label does not take a continuation', () => {
    const code = [0x02, T.i32, 0x41, 1, 0x20, 0, 0xe3, 1, ...vec([[0x00, 0, 0]]), 0x0f, END, END];
    const e = invalid(module(types, funcSec(3), tagSec(0), codeSec(body([], code))));
    expect(e.reason).toBe('type mismatch: instruction requires concrete continuation reference type but label has [i32]');
    expect(invalid(module(types, funcSec(2), codeSec(body([], [0xd0, 0x00, 0xe0, 0, 0x1a, END])))).reason).toBe(
      'non-continuation type 0',
    );
  });
});

describe('GC', () => {
  it('types struct and array instructions', () => {
    const types = typeSec([0x5f, ...vec([[T.i32, 0x01], [0x78, 0x00]])], [0x5e, T.i64, 0x01], V);
    const fn = (code: Bytes) => module(types, funcSec(2), codeSec(body([], code)));
    validate(fn([0x41, 1, 0x41, 2, 0xfb, 0x00, 0, 0xfb, 0x03, 0, 1, 0x1a, END]));
    validate(fn([0x42, 1, 0x41, 3, 0xfb, 0x06, 1, 0x41, 0, 0xfb, 0x0b, 1, 0x1a, END]));
    expect(invalid(fn([0xfb, 0x01, 0, 0xfb, 0x02, 0, 1, 0x1a, END])).reason).toBe('field is packed');
    expect(invalid(fn([0xfb, 0x01, 0, 0x41, 0, 0xfb, 0x05, 0, 1, END])).reason).toBe('immutable field');
    expect(invalid(fn([0xfb, 0x01, 0, 0xfb, 0x02, 0, 5, 0x1a, END])).reason).toBe('unknown field 5');
  });
  it('types casts and i31', () => {
    const fn = (code: Bytes) => oneFunc(funcType([], [T.i32]), [], code);
    validate(fn([0x41, 5, 0xfb, 0x1c, 0xfb, 0x16, 0x6c, 0xfb, 0x1d, END]));
    validate(fn([0xd0, 0x6e, 0xfb, 0x14, 0x6d, END]));
    expect(invalid(fn([0xd0, 0x70, 0xfb, 0x14, 0x6d, END])).reason).toMatch(/^type mismatch/);
  });
});
