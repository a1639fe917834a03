/**
 * The debug API the debugger builds on (packages/debugger/src/engineLink.ts): storeOf /
 * funcInstanceOf, module-instantiated and function-compiled listeners, resultTypesAt, exact
 * operand types in debug compile mode, force-return, host results at 'hostreturn', and which
 * breakpoints hit. Offsets: fixtures/debugApi.dump.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RETRY, Trap, UNWIND } from '@lantern/traps';
import {
  DebugHooks, EXTERNREF, F32, F64, FuncInstance, I32, I64, Store, createWebAssembly, decodeModule, funcInstanceOf,
  instantiate, operandTypesAt, resultTypesAt, storeOf, validateModule, type Instance, type PauseContext, type RawValue,
} from '../../src/index.ts';
import { loadFixture, type Loaded } from './helpers.ts';

const bytes = new Uint8Array(readFileSync(fileURLToPath(new URL('./fixtures/debugApi.wasm', import.meta.url))));
const f64Bits = (x: number): bigint => new BigUint64Array(new Float64Array([x]).buffer)[0];
const f32Bits = (x: number): number => new Uint32Array(new Float32Array([x]).buffer)[0];
const fromF64 = (b: RawValue): number => new Float64Array(new BigUint64Array([b as bigint]).buffer)[0];

function hostImports(store: Store, capture: (n: number) => number = () => 0) {
  const t = { kind: 'func' as const, params: [I32], results: [I32] };
  return [
    FuncInstance.host(store, t, function twice(a) { return [(a[0] as number) * 2]; }),
    FuncInstance.host(store, t, (a) => [capture(a[0] as number)]),
  ];
}

function load(store = new Store()): Loaded {
  return loadFixture('debugApi', hostImports, store);
}

describe('storeOf / funcInstanceOf', () => {
  it('finds the Store of a namespace and of everything it made; nothing else', async () => {
    const WA = createWebAssembly();
    const { module, instance } = await WA.instantiate(bytes, {
      env: { twice: (x: number) => 2 * x, capture: () => 0 },
    });
    const store = storeOf(WA)!;
    expect(store).toBeInstanceOf(Store);
    const ex = instance.exports as Record<string, unknown>;
    for (const x of [WA, WA.Instance, module, instance, ex.top, ex.mem, ex.tab, ex.g, new WA.Memory({ initial: 1 }),
      new WA.Global({ value: 'i32', mutable: true }, 1), new WA.Table({ element: 'anyfunc', initial: 1 }), store]) {
      expect(storeOf(x)).toBe(store);
    }
    expect(storeOf(createWebAssembly())).not.toBe(store);
    for (const x of [{}, null, 3, () => 1, globalThis.WebAssembly, new globalThis.WebAssembly.Memory({ initial: 1 })]) {
      expect(storeOf(x)).toBeUndefined();
    }
    const f = funcInstanceOf(ex.top)!;
    expect(f).toBeInstanceOf(FuncInstance);
    expect([f.funcIndex, f.debugName, store.funcs[f.addr] === f]).toEqual([6, 'top', true]);
    expect(funcInstanceOf(() => 1)).toBeUndefined();
  });
});

describe('listeners on the debug state', () => {
  it('module instantiated (before its code runs) and function compiled (once, breakpoints bound)', () => {
    const store = new Store();
    const state = DebugHooks.attach(store);
    const seen: string[] = [];
    const offM = state.onModuleInstantiated((inst: Instance) => {
      seen.push(`instantiated ${inst.info.names?.module} (${inst.funcs.length} funcs)`);
      DebugHooks.setBreakpoint(store, inst, 0xdc); // i32.add in $mid: binds on compile
    });
    const offC = state.onFunctionCompiled((f) => {
      const bound = DebugHooks.breakpoints(store).filter((b) => b.pcs.length > 0).length;
      seen.push(`compiled ${f.debugName} (${f.codeMap !== null ? 'has code' : 'no code'}, bound ${bound})`);
    });
    const m = load(store);
    expect(seen).toEqual(['instantiated dbg (11 funcs)']);
    DebugHooks.onExit(store, () => RETRY);
    expect(m.call('fadd', f32Bits(1.5), f64Bits(2))).toEqual([f64Bits(3.5)]);
    expect(m.call('fadd', f32Bits(1.5), f64Bits(2))).toEqual([f64Bits(3.5)]);
    expect(seen.slice(1)).toEqual(['compiled fadd (has code, bound 0)']);
    offM();
    offC();
    load(store);
    expect(seen.length).toBe(2);
    DebugHooks.detach(store);
  });
});

describe('resultTypesAt / operandTypesAt', () => {
  it('types the result of any instruction at a module offset', () => {
    const m = load();
    const at = (o: number) => resultTypesAt(m.inst, o);
    expect(at(0xae)).toEqual([F32]); // local.get of an f32 parameter
    expect(at(0xb0)).toEqual([I64]);
    expect(at(0xb6)).toEqual([I32]); // ref.is_null
    expect(at(0xbc)).toEqual([F64]); // select (typed from its operands)
    expect(at(0xc7)).toEqual([F64]); // f64.promote_f32
    expect(at(0xca)).toEqual([F64]); // f64.add
    expect(at(0xd2)).toEqual([I32]); // i32.div_s
    expect(at(0xd8)).toEqual([I32]); // call
    expect(at(0xfb)).toEqual([I32]); // call of an import
    expect(at(0xec)).toEqual([F64]); // f64.const
    expect(at(0x11b)).toEqual([EXTERNREF]); // ref.null extern
    expect(at(0x11e)).toEqual([I64]);
    expect(at(0x121)).toEqual([I32]); // memory.size
    expect(at(0x128)).toEqual([I32]); // i32.trunc_f32_s
    expect(at(0xbd)).toEqual([]); // drop
    expect(at(0x106)).toEqual([]); // if
    expect(operandTypesAt(m.info, 0xb6)).toEqual([F32, I64, F64, EXTERNREF]);
  });

  it('resume with values at a breakpoint writes the instruction\'s result type (f64 here)', () => {
    const m = load();
    DebugHooks.setBreakpoint(m.store, m.inst, 0xf5); // f64.mul in $half
    DebugHooks.onExit(m.store, (ctx: PauseContext) => {
      const c = ctx.frames();
      expect(resultTypesAt(c.instance!, c.pc)).toEqual([F64]);
      return { action: 'resume', values: [f64Bits(42.25)] };
    });
    expect(fromF64(m.call('half', f64Bits(3))[0])).toBe(42.25);
  });
});

describe('exact operand types in debug compile mode', () => {
  it('records i32/f32, i64/f64 and reference types per instruction in the CodeMap', () => {
    const m = load();
    DebugHooks.setDebugCompile(m.store, true);
    DebugHooks.setBreakpoint(m.store, m.inst, 0xb6); // ref.is_null: [f32 i64 f64 externref]
    DebugHooks.setBreakpoint(m.store, m.inst, 0xca); // f64.add: [f64 f64]
    const seen: unknown[] = [];
    DebugHooks.onExit(m.store, (ctx: PauseContext) => {
      const c = ctx.frames();
      const n = c.operandCount;
      const types = Array.from({ length: n }, (_, i) => c.operandType(i));
      seen.push(types, types.map((t, i) => c.operand(i, t)));
      return RETRY;
    });
    const ref = { x: 1 };
    expect(m.call('mix', f32Bits(1.25), 9n, f64Bits(-2.5), ref)).toEqual([7]);
    expect(m.call('fadd', f32Bits(0.5), f64Bits(0.25))).toEqual([f64Bits(0.75)]);
    expect(seen).toEqual([
      [F32, I64, F64, EXTERNREF], [f32Bits(1.25), 9n, f64Bits(-2.5), ref],
      [F64, F64], [f64Bits(0.5), f64Bits(0.25)],
    ]);
    const map = m.func('mix').codeMap!;
    expect(map.stackTypes).not.toBeNull();
    expect(map.stackTypes!.length).toBe(map.stackCats!.length);
  });

  it('without a debugger-compiled function: categories only (operandCount -1 outside debug mode)', () => {
    const m = load();
    DebugHooks.setBreakpoint(m.store, m.inst, 0xca);
    let count = 0;
    DebugHooks.onExit(m.store, (ctx: PauseContext) => void (count = ctx.frames().operandCount));
    m.call('fadd', f32Bits(0.5), f64Bits(0.25));
    expect(count).toBe(-1);
    expect(m.func('fadd').codeMap!.stackTypes).toBeNull();
  });
});

describe('forceReturn', () => {
  const trapIn = (m: Loaded, fn: (ctx: PauseContext) => unknown) => DebugHooks.onExit(m.store, fn as never);

  it('the paused (trapping) frame returns a value; its caller continues after the call', () => {
    const m = load();
    trapIn(m, (ctx) => {
      expect(ctx.frames().funcName).toBe('leaf');
      ctx.forceReturn(0, [42]);
      return undefined; // no decision: a trap would unwind, the force-return wins
    });
    expect(m.call('top', 7)).toEqual([430]); // (42 + 1) * 10
  });

  it('any frame: the frames above it are dropped', () => {
    const m = load();
    trapIn(m, (ctx) => {
      const c = ctx.frames();
      c.moveUp(); // mid
      ctx.forceReturn(c, [5]);
      return RETRY;
    });
    expect(m.call('top', 7)).toEqual([50]);
    expect(m.store.thread.exit.depth).toBe(0);
    expect(m.call('top', 7)).toEqual([50]); // the store stays consistent
  });

  it('the entry frame of the activation: the call returns the values', () => {
    const m = load();
    trapIn(m, (ctx) => void ctx.forceReturn(2, [9]));
    expect(m.call('top', 7)).toEqual([9]);
  });

  it('floats as bit patterns; at a breakpoint; with step(): stops in the caller', () => {
    const m = load();
    DebugHooks.setDebugCompile(m.store, true); // every wasm instruction a stop (i32.const 1 included)
    DebugHooks.setBreakpoint(m.store, m.inst, 0xf5); // f64.mul in $half
    DebugHooks.setBreakpoint(m.store, m.inst, 0xd2); // i32.div_s in $leaf
    const stops: string[] = [];
    trapIn(m, (ctx) => {
      const c = ctx.frames();
      stops.push(`${ctx.reason} ${c.funcName}@0x${c.pc.toString(16)}`);
      if (c.funcName === 'half') ctx.forceReturn(0, [f64Bits(1.5)]);
      if (c.funcName === 'leaf') {
        ctx.forceReturn(0, [1]);
        ctx.step('into');
      }
      return undefined;
    });
    expect(fromF64(m.call('half', f64Bits(8))[0])).toBe(1.5);
    expect(m.call('top', 3)).toEqual([20]);
    expect(stops).toEqual(['breakpoint half@0xf5', 'breakpoint leaf@0xd2', 'step mid@0xda']);
  });

  it('unwind still unwinds; bad requests throw at the call', () => {
    const m = load();
    const errors: string[] = [];
    trapIn(m, (ctx) => {
      for (const [frame, values] of [[0, []], [0, [1, 2]], [3, [1]], [-1, [1]]] as const) {
        try {
          ctx.forceReturn(frame, values);
        } catch (e) {
          errors.push((e as Error).message);
        }
      }
      ctx.forceReturn(0, [1]);
      return UNWIND;
    });
    expect(() => m.call('top', 1)).toThrow(Trap);
    expect(errors).toEqual([
      'forceReturn: leaf returns 1 value(s), got 0',
      'forceReturn: leaf returns 1 value(s), got 2',
      'forceReturn: no frame 3',
      'forceReturn: bad frame -1',
    ]);
  });

  it('not across a host frame', () => {
    let err = '';
    const store = new Store();
    const m = loadFixture('debugApi', (s) => {
      const [twice] = hostImports(s);
      const t = { kind: 'func' as const, params: [I32], results: [I32] };
      return [twice, FuncInstance.host(s, t, (a) => m.call('top', a[0] as number))];
    }, store);
    DebugHooks.onExit(store, (ctx: PauseContext) => {
      const frames: string[] = [];
      for (const c = ctx.frames(); !c.done; c.moveUp()) frames.push(c.kind === 'wasm' ? c.funcName! : 'host');
      expect(frames).toEqual(['leaf', 'mid', 'top', 'host', 'deep']);
      try {
        ctx.forceReturn(4, [1]);
      } catch (e) {
        err = (e as Error).message;
      }
      ctx.forceReturn(2, [77]); // the inner activation's entry frame: the host function gets 77
      return undefined;
    });
    expect(m.call('deep', 0)).toEqual([77]);
    expect(err).toBe('forceReturn: frame 3 is a host frame; only frames of the paused activation can return');
  });
});

describe('pause details', () => {
  it('hostcall / hostreturn probes carry the host function, its arguments and its results', () => {
    const m = load();
    DebugHooks.setProbes(m.store, { hostcall: true });
    const seen: unknown[] = [];
    DebugHooks.onExit(m.store, (ctx: PauseContext) => {
      seen.push([ctx.probe, ctx.host?.func.host?.name, ctx.host?.args, ctx.host?.results]);
      return undefined;
    });
    expect(m.call('viaHost', 20)).toEqual([41]);
    expect(seen).toEqual([['hostcall', 'twice', [20], undefined], ['hostreturn', 'twice', [20], [40]]]);
  });

  it('a breakpoint pause lists the breakpoints that hit there; other pauses list none', () => {
    const m = load();
    const a = DebugHooks.setBreakpoint(m.store, m.inst, 0xdc);
    const b = DebugHooks.setBreakpoint(m.store, m.info, 0xdc);
    DebugHooks.setBreakpoint(m.store, m.inst, 0xe6);
    const seen: number[][] = [];
    DebugHooks.onExit(m.store, (ctx: PauseContext) => {
      seen.push(ctx.breakpoints.map((x) => x.id));
      if (ctx.reason === 'trap') ctx.forceReturn(0, [0]);
      return undefined;
    });
    expect(m.call('top', 1)).toEqual([10]);
    expect(seen).toEqual([[], [a.id, b.id], [3]]);
  });
});

describe('a module validated elsewhere', () => {
  it('operand types fall back to categories when the validator context is unknown', () => {
    const info = decodeModule(bytes); // not validated here: no context kept
    expect(operandTypesAt(info, 0xb6)).toBeUndefined();
    validateModule(info);
    const store = new Store();
    const inst = instantiate(store, info, hostImports(store));
    expect(resultTypesAt(inst, 0xbc)).toEqual([F64]);
  });
});
