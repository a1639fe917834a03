/**
 * What the tier compiles beyond the basics: shapes real programs have (an interpreter loop's
 * dispatch, hundreds of blocks deep), checked against the interpreter on the same inputs.
 */
import { describe, expect, it } from 'vitest';
import { FuncInstance, Store, decodeModule, instantiate, invoke, validateModule, type RawValue } from '../../src/index.ts';
import { T, body, codeSec, funcSec, funcType, module, s32, section, str, typeSec, u32, vec } from '../decodeValidate/wasmBuilder.ts';

type Policy = 'interpreter' | 'eager';

/** A module exporting one function `f` of type (param i32) (result i32) with body `code`. */
function oneExport(code: number[]): Uint8Array {
  return module(typeSec(funcType([T.i32], [T.i32])), funcSec(0), section(7, vec([[...str('f'), 0, ...u32(0)]])), codeSec(body([], code)));
}

/**
 * `depth` nested blocks and a br_table from the innermost to each of them (the shape of a C
 * `switch` in a loop, as Emscripten emits it); leaving block k returns 7k + 3.
 */
function dispatch(depth: number): Uint8Array {
  const code: number[] = [];
  for (let i = 0; i < depth; i++) code.push(0x02, 0x40); // block
  code.push(0x20, 0); // local.get 0
  code.push(0x0e, ...u32(depth - 1));
  for (let k = 0; k < depth; k++) code.push(...u32(k)); // targets and default: depth - 1
  for (let k = 0; k < depth; k++) code.push(0x0b, 0x41, ...s32(7 * k + 3), 0x0f);
  code.push(0x0b);
  return oneExport(code);
}

function run(bytes: Uint8Array, tier: Policy, inputs: number[]): { results: RawValue[][]; store: Store; f: FuncInstance } {
  const store = new Store({ tier });
  const info = decodeModule(bytes);
  validateModule(info);
  const inst = instantiate(store, info, []);
  const f = inst.exports.get('f') as FuncInstance;
  return { results: inputs.map((x) => invoke(store, f, [x])), store, f };
}

describe('the tier on real programs\' shapes', () => {
  const inputs = [0, 1, 2, 150, 298, 299, 300, 5000, -1];

  it('compiles a dispatch 300 blocks deep and computes what the interpreter does', () => {
    const bytes = dispatch(300);
    const interp = run(bytes, 'interpreter', inputs);
    const eager = run(bytes, 'eager', inputs);
    expect(eager.f.jit?.fn).toBeTypeOf('function');
    expect(eager.store.tier!.unsupported.size).toBe(0);
    expect(eager.results).toEqual(interp.results);
    expect(interp.results[3]).toEqual([7 * 150 + 3]);
  });

  it('keeps a function nested beyond the translator\'s limit interpreted, counted as too large', () => {
    const bytes = dispatch(1200);
    const interp = run(bytes, 'interpreter', inputs);
    const eager = run(bytes, 'eager', inputs);
    expect(eager.f.jit).toBeNull();
    expect(eager.store.tier!.unsupported.get('too large')).toBe(1);
    expect(eager.results).toEqual(interp.results);
  });
});
