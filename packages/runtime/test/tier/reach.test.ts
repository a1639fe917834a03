/**
 * What the tier compiles beyond the basics: shapes real programs have (an interpreter loop's
 * dispatch, hundreds of blocks deep), checked against the interpreter on the same inputs.
 */
import { describe, expect, it } from 'vitest';
import { Trap, resumeWith } from '@lantern/traps';
import { DebugHooks, FuncInstance, Store, decodeModule, instantiate, invoke, validateModule, type RawValue } from '../../src/index.ts';
import { translate } from '../../src/tier/codegen.ts';
import { outlineRegions } from '../../src/tier/outline.ts';
import { T, body, codeSec, funcSec, funcType, module, s32, section, str, typeSec, u32, vec } from '../decodeValidate/wasmBuilder.ts';
import { trapOf } from '../exec/helpers.ts';

type Policy = 'interpreter' | 'eager' | 'auto';

/** A module exporting one function `f` (param i32) (result i32 or `result`) with body `code`, and one page of memory. */
function oneExport(code: number[], locals: [number, number][] = [], result = T.i32): Uint8Array {
  const memory = section(5, vec([[0x00, 1]]));
  return module(typeSec(funcType([T.i32], [result])), funcSec(0), memory, section(7, vec([[...str('f'), 0, ...u32(0)]])), codeSec(body(locals, code)));
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

/**
 * A bytecode-interpreter-shaped function (param $n i32) (result i64), big enough to be outlined:
 * `loop $top { block $step { K blocks; br_table on $i % K } case code... } $i++ ... }` with
 * locals $i (1), $acc i64 (2), $x f64 (3). The cases branch out in every way an outlined region
 * must take back to the function: to $step, to $top, out of the function (an i64 result), from
 * a br_table, from a block with a result; some load from memory (a trap once $i * $n is past it).
 * With `innerLoops`, cases 6 and 13 first run a loop of their own (local $j (4), 20,000
 * iterations): loops inside outlined regions.
 */
function interpreterLoop(cases: number, innerLoops = false): Uint8Array {
  const c: number[] = [];
  const i64Const = (v: number) => [0x42, ...s32(v)];
  c.push(0x03, 0x40); // loop $top
  c.push(0x02, 0x40); // block $step
  for (let k = 0; k < cases; k++) c.push(0x02, 0x40);
  c.push(0x20, 1, 0x41, ...s32(cases), 0x70); // $i % K
  c.push(0x0e, ...u32(cases - 1));
  for (let k = 0; k < cases; k++) c.push(...u32(k));
  for (let k = 0; k < cases; k++) {
    c.push(0x0b); // end of block k: case k, inside blocks k+1.. (depth of $step: K-1-k, of $top: K-k)
    const step = cases - 1 - k, top = cases - k;
    if (innerLoops && (k === 6 || k === 13)) { // j = 0; loop { acc = acc * 3 + u64(j); j++; br_if j < 20000 }
      c.push(0x41, 0, 0x21, 4, 0x03, 0x40);
      c.push(0x20, 2, ...i64Const(3), 0x7e, 0x20, 4, 0xad, 0x7c, 0x21, 2);
      c.push(0x20, 4, 0x41, 1, 0x6a, 0x22, 4, 0x41, ...s32(20_000), 0x49, 0x0d, 0, 0x0b);
    }
    c.push(0x20, 2, ...i64Const(k + 3), 0x7e, 0x20, 1, 0xad, 0x7c, 0x21, 2); // acc = acc * (k+3) + u64(i)
    c.push(0x20, 3, 0x41, ...s32(k), 0xb7, 0xa0, 0x21, 3); // x += k
    for (let p = 0; p < 16; p++) c.push(0x20, 2, 0x20, 2, ...i64Const(7 + (p % 5)), 0x88, 0x85, 0x21, 2); // acc ^= acc >> (7..11)
    switch (k % 5) {
      case 0: // br_table to an inner block or (odd $i) out to $step
        c.push(0x02, 0x40, 0x20, 1, 0x41, 1, 0x71, 0x0e, 1, 0, ...u32(step + 1), 0x0b);
        c.push(0x20, 2, ...i64Const(k), 0x7c, 0x21, 2);
        break;
      case 1: // return from the function when $i = 41 (case 41)
        c.push(0x20, 1, 0x41, 41, 0x46, 0x04, 0x40, 0x20, 2, ...i64Const(k), 0x85, 0x0f, 0x0b);
        break;
      case 2: // $i++ and straight to $top while $i < $n
        c.push(0x20, 1, 0x41, 1, 0x6a, 0x21, 1, 0x20, 1, 0x20, 0, 0x49, 0x0d, ...u32(top));
        break;
      case 3: // a block with an i64 result, left early when $i & 3
        c.push(0x02, T.i64, 0x20, 2, ...i64Const(1), 0x7c, 0x20, 1, 0x41, 3, 0x71, 0x0d, 0, ...i64Const(5), 0x7e, 0x0b, 0x21, 2);
        break;
      default: // acc += mem[$i * $n]: a trap for $n = 3000 at $i = 24
        c.push(0x20, 2, 0x20, 1, 0x20, 0, 0x6c, 0x28, 2, 0, 0xad, 0x7c, 0x21, 2);
    }
    c.push(0x0c, ...u32(step)); // br $step
  }
  c.push(0x0b); // end $step
  c.push(0x20, 1, 0x41, 1, 0x6a, 0x22, 1, 0x20, 0, 0x49, 0x0d, 0); // $i++; br_if $top
  c.push(0x0b); // end $top
  c.push(0x20, 2, 0x20, 3, 0xb0, 0x7c, 0x0b); // acc + i64(x)
  return oneExport(c, [[1, T.i32], [1, T.i64], [1, T.f64], ...(innerLoops ? [[1, T.i32] as [number, number]] : [])], T.i64);
}

function run(bytes: Uint8Array, tier: Policy, inputs: number[], deoptTorture = 0): { results: RawValue[][]; store: Store; f: FuncInstance; trap(x: number): unknown } {
  const store = new Store({ tier, deoptTorture });
  const info = decodeModule(bytes);
  validateModule(info);
  const inst = instantiate(store, info, []);
  const f = inst.exports.get('f') as FuncInstance;
  const trap = (x: number) => {
    const t: Trap = trapOf(() => invoke(store, f, [x]));
    return { message: t.message, code: t.code, frames: t.frames.map((fr) => [fr.kind, fr.funcIndex, fr.offset]) };
  };
  return { results: inputs.map((x) => invoke(store, f, [x])), store, f, trap };
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

  it('outlines a huge interpreter loop into closures and computes, returns and traps as the interpreter does', () => {
    const bytes = interpreterLoop(200);
    const loopInputs = [0, 1, 2, 36, 41, 42, 300, 1000];
    const interp = run(bytes, 'interpreter', loopInputs);
    const eager = run(bytes, 'eager', loopInputs);
    expect(eager.f.jit?.fn).toBeTypeOf('function');
    expect(translate(eager.store, eager.f).source).toContain('function r0()');
    expect(eager.results).toEqual(interp.results);
    const [, , , , at41, at42, at300, at1000] = interp.results;
    expect([at300, at1000]).toEqual([at42, at42]); // each returns at $i = 41
    expect(at41).not.toEqual(at42);
    expect(eager.trap(3000)).toEqual(interp.trap(3000));
    expect(interp.trap(3000)).toMatchObject({ message: 'out of bounds memory access' });
  });

  it('a trap inside an outlined closure, resumed by a handler, goes on from the closure\'s own values', () => {
    const bytes = interpreterLoop(200);
    // $n = 3000: the load of case 24 traps, the handler makes it read 7, and the loop goes on to return at $i = 41.
    const resumed = (tier: Policy) => {
      const m = run(bytes, tier, []);
      let traps = 0;
      DebugHooks.onExit(m.store, () => (traps++, resumeWith(7)));
      return { result: invoke(m.store, m.f, [3000]), traps, deopts: m.store.tier?.deopts ?? 0 };
    };
    const interp = resumed('interpreter'), eager = resumed('eager');
    expect(interp.traps).toBeGreaterThan(0);
    expect(eager).toEqual({ ...interp, deopts: 1 }); // deoptimized at the first trap, interpreted from there
  });

  it('enters an outlined body at any of its loops (on-stack replacement), one inside a closure among them', () => {
    const bytes = interpreterLoop(200, true);
    const { codeStart, codeEnd } = decodeModule(bytes).bodies[0];
    const regions = [...outlineRegions(bytes, codeStart, codeEnd)];
    const loopInputs = [0, 2, 41, 300];
    const interp = run(bytes, 'interpreter', loopInputs);
    for (const torture of [1, 3, 7]) {
      const tortured = run(bytes, 'eager', loopInputs, torture);
      expect(tortured.results, `torture ${torture}`).toEqual(interp.results);
      expect(tortured.trap(3000), `torture ${torture}`).toEqual(interp.trap(3000));
      const tier = tortured.store.tier!;
      expect(tier.osrEntries, `torture ${torture}`).toBeGreaterThan(0);
      expect([...tier.unsupported], `torture ${torture}`).toEqual([]);
      // Entered at several loops, among them one inside an outlined run (its entry keeps that run
      // inline); an entry's translation still outlines the body's other runs.
      const loops = [...tortured.f.jit!.osr.keys()];
      expect(loops.length).toBeGreaterThan(1);
      expect(loops.some((loop) => regions.some(([start, end]) => start <= loop && loop < end))).toBe(true);
      for (const loop of loops.slice(0, 3)) {
        const source = translate(tortured.store, tortured.f, loop).source;
        expect(source).toContain('osr$ = true');
        expect(source).toContain('function r0()');
      }
    }
    expect(interp.results[3]).not.toEqual(interp.results[1]);
  });

  it('auto: a huge function with a loop compiles at its first call, once, and runs as JS from its start', () => {
    const bytes = interpreterLoop(200, true);
    const interp = run(bytes, 'interpreter', [1, 300]);
    const auto = run(bytes, 'auto', []);
    const tier = auto.store.tier!;
    // $n = 1: its loops barely run, and it is compiled all the same (no second translation later
    // for a loop found hot in a frame still interpreted: on-stack replacement).
    expect(invoke(auto.store, auto.f, [1])).toEqual(interp.results[0]);
    expect(auto.f.jit?.fn).toBeTypeOf('function');
    expect(invoke(auto.store, auto.f, [300])).toEqual(interp.results[1]);
    expect(tier.compiled).toBe(1);
    expect(tier.osrEntries).toBe(0);
    expect(auto.f.jit?.osr.size).toBe(0);
    expect([...tier.unsupported]).toEqual([]);
  });

  it('keeps an interpreter loop\'s dispatch (its br_table and the blocks it leaves) in the function, each case\'s code outlined', () => {
    const bytes = interpreterLoop(200);
    const info = decodeModule(bytes);
    const { codeStart, codeEnd } = info.bodies[0];
    const brTable = codeStart + bytes.subarray(codeStart).indexOf(0x0e); // the first 0x0e: the opcode, after the blocks
    const regions = [...outlineRegions(bytes, codeStart, codeEnd)];
    expect(regions.length).toBeGreaterThanOrEqual(200);
    expect(regions.filter(([start, end]) => start <= brTable && brTable < end)).toEqual([]);
  });
});
