/**
 * The wat2wasm-built fixtures (fixtures/*.wat, rebuilt by fixtures/rebuild.sh): real toolchain
 * output must decode and validate, with names, exports and stack heights as expected.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../src/binary/decoder.ts';
import { validateModule } from '../../src/valid/validator.ts';
import { CompileError } from '../../src/errors.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}.wasm`, import.meta.url)));

describe('fixtures', () => {
  it('mvp.wasm: decodes imports, segments, exports, start and the name section', () => {
    const info = decodeModule(fixture('mvp'));
    validateModule(info);
    expect(info.imports).toMatchObject([{ module: 'env', name: 'log', desc: { kind: 'func', typeIndex: 1 } }]);
    expect(info.exports.map((e) => e.name)).toEqual(['memory', 'sum', 'dispatch']);
    expect(info.start).toBe(5);
    expect(info.elems[0].funcIndices).toEqual([1, 2]);
    expect(new TextDecoder().decode(info.datas[0].data)).toBe('hello');
    expect(info.names?.module).toBe('mvp');
    expect(info.names?.functions.get(3)).toBe('sum');
    expect(info.names?.locals.get(3)?.get(2)).toBe('acc');
    expect(info.bodies.map((b) => b.maxStackHeight)).toEqual([3, 2, 3, 2, 1]);
  });

  it('features.wasm: post-MVP features validate', () => {
    const info = decodeModule(fixture('features'));
    validateModule(info);
    expect(info.memories).toHaveLength(2);
    expect(info.dataCount).toBe(1);
    expect(info.tags).toHaveLength(1);
    expect(info.elems[0].mode).toBe('declarative');
  });

  it('typeMismatch.wasm: rejected with the spec message and offset', () => {
    const info = decodeModule(fixture('typeMismatch'));
    let error: unknown;
    try {
      validateModule(info);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CompileError);
    expect(error).toMatchObject({
      reason: 'type mismatch: instruction requires [i32] but stack has [i64]',
      offset: 0x1a,
      message: 'type mismatch: instruction requires [i32] but stack has [i64] (in function 0, at byte offset 0x1a)',
    });
  });
});
