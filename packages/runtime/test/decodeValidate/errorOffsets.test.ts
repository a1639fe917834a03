/**
 * Every validation error of a module-level definition names the byte offset of that definition
 * (found by the binary fuzzer, packages/fuzz: these came out as CompileErrors without an offset).
 */
import { describe, expect, it } from 'vitest';
import { CompileError, decodeModule, validateModule } from '../../src/index.ts';
import { type Bytes, HEADER, T, body, codeSec, funcSec, funcType, module, section, typeSec, u32, vec } from './wasmBuilder.ts';

function errorOf(bytes: Uint8Array): CompileError {
  try {
    validateModule(decodeModule(bytes));
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
  throw new Error('the module validated');
}

/** Offset of `needle` in `bytes` after `from` (the definition under test). */
function offsetOf(bytes: Uint8Array, needle: Bytes, from = HEADER.length): number {
  outer: for (let i = from; i + needle.length <= bytes.length; i++) {
    for (let k = 0; k < needle.length; k++) if (bytes[i + k] !== needle[k]) continue outer;
    return i;
  }
  throw new Error('needle not found');
}

describe('validation errors name the definition\'s offset', () => {
  it('a function whose type index is out of range', () => {
    const functions = funcSec(0, 7);
    const bytes = module(typeSec(funcType([], [])), functions, codeSec(body([], [0x0b]), body([], [0x0b])));
    const e = errorOf(bytes);
    expect(e.reason).toBe('unknown type 7');
    expect(e.offset).toBe(offsetOf(bytes, functions) + functions.length - 1);
  });

  it('a memory over 2^16 pages', () => {
    const bytes = module(section(5, vec([[0x00, ...u32(0x10001)]])));
    const e = errorOf(bytes);
    expect(e.reason).toMatch(/memory size must be at most 2\^16 pages/);
    expect(e.offset).toBe(offsetOf(bytes, [0x00, ...u32(0x10001)]));
  });

  it('a memory whose minimum is over its maximum', () => {
    const bytes = module(section(5, vec([[0x01, 3, 2]])));
    const e = errorOf(bytes);
    expect(e.reason).toBe('size minimum must not be greater than maximum');
    expect(e.offset).toBe(offsetOf(bytes, [0x01, 3, 2]));
  });

  it('a table without an initializer', () => {
    const bytes = module(section(4, vec([[T.funcref, 0x01, 5, 1]])));
    const e = errorOf(bytes);
    expect(e.reason).toBe('size minimum must not be greater than maximum');
    expect(e.offset).toBe(offsetOf(bytes, [T.funcref, 0x01, 5, 1]));
  });

  it('a type referring to a type past its recursion group', () => {
    // (type (func (param (ref null 5))))
    const bad = funcType([[0x63, 5]], []);
    const bytes = module(typeSec(funcType([], []), bad));
    const e = errorOf(bytes);
    expect(e.reason).toBe('unknown type 5');
    expect(e.offset).toBe(offsetOf(bytes, bad, 11));
  });

  it('a tag whose type index is out of range', () => {
    const bytes = module(typeSec(funcType([], [])), section(13, vec([[0x00, 9]])));
    const e = errorOf(bytes);
    expect(e.reason).toBe('unknown type 9');
    expect(e.offset).toBe(offsetOf(bytes, [0x00, 9], bytes.length - 2));
  });

  it('a start function out of range', () => {
    const bytes = module(section(8, u32(3)));
    const e = errorOf(bytes);
    expect(e.reason).toBe('unknown function 3');
    expect(e.offset).toBe(bytes.length - 1);
  });
});
