/**
 * v128 values in compiled code (tier/emitSimd.ts): functions holding them are compiled, and every
 * deoptimization — deopt torture, a host call observed by a trap handler, a trap — hands the
 * interpreter exactly its lanes: the loop's results, locals and operands are the interpreter's.
 * The operations themselves are checked against V8 on both tiers in test/exec/simd.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { DebugHooks, FuncInstance, MemoryInstance, type PauseContext, type RawValue, type StoreOptions } from '../../src/index.ts';
import { load } from '../exec/helpers.ts';

/** simdDeopt.wat's functions by index (the import is 0). */
const STEP = 1, STEP2 = 2, LOOP = 3;

function loadSimd(options: StoreOptions) {
  let ticks = 0;
  const tick = (store: Parameters<typeof FuncInstance.host>[0]) => [
    FuncInstance.host(store, { kind: 'func', params: [], results: [] }, () => (ticks++, []), 'tick'),
  ];
  const m = load('../../tier/fixtures/simdDeopt', tick, options);
  return { ...m, ticks: () => ticks };
}

/** What the loop computes over a few runs (each enters it compiled again): its results and the global it accumulates into. */
function outcome(options: StoreOptions, n: number) {
  const m = loadSimd(options);
  return { m, values: [m.call('run', n), m.call('run', n + 3), m.call('run', 1), m.call('global')] };
}

/**
 * Every frame's locals and operands at the trap `trapAt(n)` ends in, as a handler sees them (debug
 * compile mode, as under a debugger: the interpreter keeps every operand in its slot).
 */
function trapView(options: StoreOptions, n: number) {
  const m = loadSimd(options);
  DebugHooks.setDebugCompile(m.store, true);
  const frames: { func: number; locals: RawValue[]; operands: RawValue[] }[] = [];
  const off = DebugHooks.onExit(m.store, (ctx: PauseContext) => {
    const f = ctx.frames();
    do {
      if (f.kind !== 'wasm') continue;
      frames.push({
        func: f.funcIndex,
        locals: f.localTypes.map((_, i) => f.local(i)),
        operands: Array.from({ length: f.operandCount }, (_, i) => f.operand(i)),
      });
    } while (f.moveUp());
    return undefined; // the trap unwinds
  });
  expect(() => m.call('trapAt', n)).toThrow('out of bounds');
  off();
  return { m, frames };
}

describe('v128 values in the JS-compiling tier', () => {
  it('compiles the functions holding v128 values (direct and indirect calls, a global, locals, operands)', () => {
    const { m } = outcome({ tier: 'eager' }, 6);
    const tier = m.store.tier!;
    for (const i of [STEP, STEP2, LOOP]) expect(m.inst.funcs[i].jit?.fn, `function ${i}`).toBeTypeOf('function');
    expect(tier.unsupported.size).toBe(0);
    expect(tier.deopts).toBe(0);
  });

  it('computes the interpreter\'s lanes, compiled and under deopt torture', () => {
    const expected = outcome({ tier: 'interpreter' }, 40).values;
    expect(outcome({ tier: 'eager' }, 40).values).toEqual(expected);
    expect(outcome({ tier: 'auto' }, 40).values).toEqual(expected);
    for (const torture of [1, 2, 3, 7]) {
      const { m, values } = outcome({ tier: 'eager', deoptTorture: torture }, 40);
      expect(values, `torture ${torture}`).toEqual(expected);
      expect(m.store.tier!.deopts).toBeGreaterThanOrEqual(3);
    }
  });

  it('a deoptimization in the middle of the v128 loop continues with the interpreter\'s lanes', () => {
    const m = loadSimd({ tier: 'eager' });
    m.call('run', 3); // compiles the loop and its callees, nothing observing
    const tier = m.store.tier!;
    expect(tier.deopts).toBe(0);
    // A handler makes host calls observed: the compiled loop materializes its frame at its first tick.
    const off = DebugHooks.onExit(m.store, () => undefined);
    const fresh = loadSimd({ tier: 'interpreter' }); // the same calls, interpreted (the global accumulates)
    fresh.call('run', 3);
    expect(m.call('run', 25)).toEqual(fresh.call('run', 25));
    expect(m.call('global')).toEqual(fresh.call('global'));
    expect(tier.deopts).toBeGreaterThan(0);
    off();
  });

  it.each([0, 1, 5])('a trap in the v128 loop (iteration %i) shows the interpreter\'s frames, locals and operands', (n) => {
    const expected = trapView({ tier: 'interpreter' }, n).frames;
    expect(expected[0].func).toBe(LOOP);
    expect(expected[0].operands.length).toBeGreaterThan(0);
    const compiled = trapView({ tier: 'eager' }, n);
    expect(compiled.m.inst.funcs[LOOP].jit?.fn).toBeTypeOf('function');
    expect(compiled.m.store.tier!.deopts).toBeGreaterThan(0);
    expect(compiled.frames).toEqual(expected);
    expect(trapView({ tier: 'eager', deoptTorture: 2 }, n).frames).toEqual(expected);
  });

  it.each([1, 2, 3])('a deoptimization passing a call into another instance returns to the caller\'s instance (torture %i)', (torture) => {
    const expected = loadSimd({ tier: 'interpreter' }).call('run', 6)[0] as bigint;
    const m = loadSimd({ tier: 'eager', deoptTorture: torture });
    // Compiled, the wrapper calls "run" through X.call; a deoptimization starting in "run" passes
    // that call's header, and the interpreter, returning through it, must switch back to the
    // wrapper's instance (its memory), not store into simdDeopt's.
    const wrapper = load('../../tier/fixtures/simdWrapper', () => [m.func('run')], undefined, m.store);
    wrapper.call('run', 6);
    const bytes = new DataView((wrapper.inst.exports.get('memory') as MemoryInstance).u8.buffer, 0, 16);
    expect(bytes.getBigUint64(0, true) | (bytes.getBigUint64(8, true) << 64n)).toBe(expected);
    expect(m.store.tier!.deopts).toBeGreaterThan(0);
  });

  it('leaves a function with a SIMD access to a second memory interpreted, saying why', () => {
    const m = load('../../tier/fixtures/simdMemory1', () => [], { tier: 'eager' });
    expect(m.call('load1', 16)).toEqual([42]);
    expect(m.func('load1').jit).toBeNull();
    expect(m.store.tier!.unsupported.get('a second memory')).toBe(1);
  });
});
