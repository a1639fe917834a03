import { describe, expect, it } from 'vitest';
import { Trap, resumeWith } from '@lantern/traps';
import {
  DebugHooks, FuncInstance, I32, type RawValue, Store, type StoreOptions, captureBacktrace, decodeModule, instantiate, invoke,
  validateModule,
} from '../../src/index.ts';
import { type Loaded, load, trapOf } from '../exec/helpers.ts';
import { T, funcType, oneFunc, section, str, vec } from '../decodeValidate/wasmBuilder.ts';

type Tier = NonNullable<StoreOptions['tier']>;
const TIERS: Tier[] = ['interpreter', 'eager', 'auto'];

/** tier.wasm with its host functions; `seen` collects what the host saw (backtraces at its calls). */
function loadTier(tier: Tier, stackCells?: number): Loaded & { seen: unknown[] } {
  const seen: unknown[] = [];
  let self: Loaded | undefined;
  const sig = (params: number[], results: number[]) => ({ kind: 'func' as const, params, results });
  const imports = (store: Store) => [
    FuncInstance.host(store, sig([I32], [I32]), ([x]) => {
      seen.push(captureBacktrace(store).map((f) => [f.kind, f.funcIndex, f.offset]));
      return [((x as number) + 1000) | 0];
    }, 'log'),
    FuncInstance.host(store, sig([I32], [I32]), ([x]) => invoke(store, self!.func('divide'), [x, 0]), 'callback'),
    FuncInstance.host(store, sig([I32], []), () => {
      throw new Error('host failure');
    }, 'fail'),
  ];
  self = load('../../tier/fixtures/tier', imports, { tier, stackCells });
  return Object.assign(self, { seen });
}

/** What a trap shows: message, code, frames, and the wasm lines of its V8-format stack. */
function trapView(t: Trap): unknown {
  return {
    message: t.message,
    code: t.code,
    frames: t.frames.map((f) => [f.kind, f.funcIndex, f.offset]),
    stack: (t.stack ?? '').split('\n').filter((l) => l.includes('wasm://')),
  };
}

function each<T>(fn: (m: ReturnType<typeof loadTier>) => T): Record<Tier, T> {
  return Object.fromEntries(TIERS.map((tier) => [tier, fn(loadTier(tier))])) as Record<Tier, T>;
}

// Generous timeout: each case runs its program on three engines, 1,000,000-deep recursion among them.
describe('the JS-compiling tier', { timeout: 120_000 }, () => {
  it('compiles what it supports and keeps the rest interpreted, saying why', () => {
    const m = loadTier('eager');
    m.call('fib', 10);
    m.call('catches', 0, 0);
    const tier = m.store.tier!;
    expect(m.func('fib').jit?.fn).not.toBeNull();
    expect(tier.compiled).toBe(2); // fib, passes
    expect(tier.unsupported.get('exceptions')).toBe(2); // catches (try), thrower (throw)
    expect(m.func('catches').jit).toBeNull();
  });

  it('computes what the interpreter computes (i64, f32, f64, memory, globals, br_table, calls)', () => {
    const results = each((m) => [m.call('fib', 20), m.call('mix', 300), m.call('mix', 7), m.call('indirect', 1, 9), m.call('indirect', 3, 5)]);
    expect(results.interpreter[0]).toEqual([6765]);
    expect(results.eager).toEqual(results.interpreter);
    expect(results.auto).toEqual(results.interpreter);
  });

  it('keeps f32 NaN payloads through locals, memory and select', () => {
    const signalling = 0x7fa00001;
    for (const tier of TIERS) expect(loadTier(tier).call('nanbits', signalling)).toEqual([(signalling ^ 0x80000000) | 0]);
  });

  it('host calls from compiled code see the same frames', () => {
    const seen = each((m) => (m.call('indirect', 3, 5), m.seen));
    expect(seen.interpreter).toHaveLength(1);
    expect(seen.eager).toEqual(seen.interpreter);
  });

  it('traps in compiled code: same message, code, frames and stack', () => {
    const cases: [string, ...RawValue[]][] = [
      ['divide', 1, 0], ['divide', -2147483648, -1], ['load', 65535], ['indirect', 2, 5], ['indirect', 7, 5], ['unreachable'], ['viaHost', 3],
    ];
    for (const [name, ...args] of cases) {
      // eager only: `auto` compiles a loop-free function after many calls, so one trapping call
      // would compare the interpreter with itself.
      const eager = loadTier('eager');
      const compiled = trapView(trapOf(() => eager.call(name, ...args)));
      expect(eager.func(name).jit?.fn, `${name} ran compiled`).toBeTruthy();
      expect(compiled, name).toEqual(trapView(trapOf(() => loadTier('interpreter').call(name, ...args))));
    }
  });

  it('1,000,000-deep recursion ends in the call stack exhausted trap, with the same frames', () => {
    const deep = each((m) => {
      expect(m.call('deep', 50_000)).toEqual([50_000]);
      const t = trapOf(() => m.call('deep', 1_000_000));
      return [t.message, t.frames.length, t.frames[0].offset, t.frames.at(-1)!.offset];
    });
    expect(deep.interpreter[0]).toBe('call stack exhausted');
    expect(deep.eager).toEqual(deep.interpreter);
    expect(deep.auto).toEqual(deep.interpreter);
  });

  it('a first call into a callee not compiled yet checks the stack and writes its frame as the interpreter does', () => {
    const small = Object.fromEntries(TIERS.map((tier) => [tier, trapView(trapOf(() => loadTier(tier, 2048).call('callsBig', 5)))]));
    expect((small.interpreter as { message: string }).message).toBe('call stack exhausted');
    expect(small.eager).toEqual(small.interpreter);
    expect(small.auto).toEqual(small.interpreter);
    const roomy = each((m) => [m.call('callsBig', 5), m.call('callsBig', 6), m.seen]);
    expect(roomy.interpreter.slice(0, 2)).toEqual([[1006], [1007]]);
    expect(roomy.eager).toEqual(roomy.interpreter);
    expect(roomy.auto).toEqual(roomy.interpreter);
  });

  it('exceptions cross compiled frames to the interpreted handler', () => {
    const caught = each((m) => [m.call('catches', 0, 0), m.call('catches', 5, 0), m.call('catches', 5, 1)]);
    expect(caught.interpreter).toEqual([[42], [6], [-2]]);
    expect(caught.eager).toEqual(caught.interpreter);
  });

  it('a registered trap handler sees interpreted frames: resume with a value works', () => {
    const m = loadTier('eager');
    expect(m.call('divide', 6, 3)).toEqual([3]);
    const off = DebugHooks.onExit(m.store, () => resumeWith(40));
    try {
      expect(m.call('divide', 1, 0)).toEqual([41]);
    } finally {
      off();
    }
  });

  it("auto leaves a body too large for it interpreted, in the interpreter's own (fused) layout", () => {
    const n = 22_000; // (i32.const 1, i32.add): 3 bytes each, a body past auto's 64 KiB
    const code = [0x20, 0x00, ...Array.from({ length: n }, () => [0x41, 0x01, 0x6a]).flat(), 0x0b];
    const bytes = oneFunc(funcType([T.i32], [T.i32]), [], code, { before: [section(7, vec([[...str('f'), 0x00, 0x00]]))] });
    const run = (tier: Tier) => {
      const store = new Store({ tier });
      const info = decodeModule(bytes);
      validateModule(info);
      const f = instantiate(store, info, []).exports.get('f') as FuncInstance;
      expect(invoke(store, f, [5])).toEqual([5 + n]);
      return { codeSize: f.codeMap!.end - f.codeMap!.start, jit: f.jit, why: store.tier?.unsupported.get('too large for auto') };
    };
    const interpreted = run('interpreter'), auto = run('auto');
    expect(auto.why).toBe(1);
    expect(auto.jit).toBeNull();
    expect(auto.codeSize).toBe(interpreted.codeSize);
  });

  it('rejects an unknown tier', () => {
    expect(() => new Store({ tier: 'fast' as Tier })).toThrow(/tier/);
  });
});
