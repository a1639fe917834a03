/**
 * Compiled code observed: with a trap handler or a debugger, compiled frames are materialized
 * into interpreter frames and the interpreter continues (src/tier/tier.ts, deoptimization), so
 * what a handler sees and decides is what it sees and decides on the interpreter alone.
 */
import { describe, expect, it } from 'vitest';
import { RETRY, Trap, TrapCode, resumeWith } from '@lantern/traps';
import {
  DebugHooks, FuncInstance, I32, type PauseContext, type RawValue, Store, type StoreOptions,
} from '../../src/index.ts';
import { type Loaded, load, trapOf } from '../exec/helpers.ts';

type Tier = NonNullable<StoreOptions['tier']>;

function loadObserve(tier: Tier, options: StoreOptions = {}): Loaded & { onLog: { run?: () => void } } {
  const onLog: { run?: () => void } = {};
  const imports = (store: Store) => [
    FuncInstance.host(store, { kind: 'func', params: [I32], results: [I32] }, ([x]) => {
      onLog.run?.();
      return [((x as number) * 2) | 0];
    }, 'log'),
  ];
  return Object.assign(load('../../tier/fixtures/observe', imports, { ...options, tier }), { onLog });
}

/** What a handler sees at a pause: reason, trap code, every frame (function, offset, locals; host frames by name). */
function pauseView(ctx: PauseContext): unknown {
  const frames: unknown[] = [];
  for (const c = ctx.frames(); !c.done; c.moveUp()) {
    frames.push(c.kind === 'wasm' ? [c.funcIndex, c.pc, c.localTypes.map((_, i) => c.local(i))] : ['host', c.funcName]);
  }
  return { reason: ctx.reason, code: ctx.trapCode, frames };
}

function trapView(t: Trap): unknown {
  return { message: t.message, frames: t.frames.map((f) => [f.kind, f.funcIndex, f.offset]) };
}

/**
 * Runs `name(args)` with a handler that records each pause and decides with `decide`; returns the
 * pauses and the outcome (results, or the trap's view). Checks that the eager run's function ran
 * compiled and deoptimized.
 */
function observed(
  tier: Tier,
  name: string,
  args: RawValue[],
  decide: (ctx: PauseContext, n: number) => ReturnType<typeof resumeWith> | undefined = () => undefined,
  options: StoreOptions = {},
): { pauses: unknown[]; outcome: unknown; deopts: number } {
  const m = loadObserve(tier, options);
  const pauses: unknown[] = [];
  const off = DebugHooks.onExit(m.store, (ctx) => {
    pauses.push(pauseView(ctx));
    return decide(ctx, pauses.length);
  });
  let outcome: unknown;
  try {
    outcome = m.call(name, ...args);
  } catch (e) {
    if (!(e instanceof Trap)) throw e;
    outcome = trapView(e);
  } finally {
    off();
  }
  return { pauses, outcome, deopts: m.store.tier?.deopts ?? 0 };
}

const TRAPS: [string, ...RawValue[]][] = [['divide', 5, 0], ['divide', -2147483648, -1], ['sumLoads', 100, 1000], ['deep', 1_000_000]];

describe('observed compiled code', { timeout: 120_000 }, () => {
  it('a trap re-runs in the interpreter: the handler sees its frames, offsets and locals, the trap unwinds the same', () => {
    for (const [name, ...args] of TRAPS) {
      const interpreted = observed('interpreter', name, args);
      const compiled = observed('eager', name, args);
      expect(interpreted.pauses, name).toHaveLength(1);
      expect(compiled.deopts, `${name} deoptimized`).toBeGreaterThan(0);
      if (name !== 'deep') expect(compiled.pauses, name).toEqual(interpreted.pauses);
      else expect((compiled.pauses[0] as { frames: unknown[] }).frames.length).toBe((interpreted.pauses[0] as { frames: unknown[] }).frames.length);
      expect(compiled.outcome, name).toEqual(interpreted.outcome);
    }
  });

  it('retry, resume with a value and force return work when the trapping function was compiled', () => {
    const decisions: [string, (ctx: PauseContext) => ReturnType<typeof resumeWith> | undefined][] = [
      ['resume', () => resumeWith(40)],
      ['retry', (ctx) => {
        ctx.memory().grow(1); // the load at 65536.. is in bounds now
        return RETRY;
      }],
      ['force return', (ctx) => {
        ctx.forceReturn(0, [70]); // sumLoads returns 70
        return RETRY;
      }],
    ];
    for (const [what, decide] of decisions) {
      const interpreted = observed('interpreter', 'sumLoads', [20000, 4], decide);
      const compiled = observed('eager', 'sumLoads', [20000, 4], decide);
      expect(compiled.deopts, what).toBeGreaterThan(0);
      expect(compiled.outcome, what).toEqual(interpreted.outcome);
      expect(compiled.pauses, what).toEqual(interpreted.pauses);
    }
    // Resumed and forced returns in a deeper compiled frame, with compiled callers to continue.
    for (const decide of [() => resumeWith(40), (ctx: PauseContext) => (ctx.forceReturn(1, [70]), RETRY)]) {
      const interpreted = observed('interpreter', 'divide', [8, 0], decide);
      expect(observed('eager', 'divide', [8, 0], decide)).toMatchObject({ outcome: interpreted.outcome, pauses: interpreted.pauses });
    }
    expect(observed('eager', 'divide', [8, 0], () => resumeWith(40)).outcome).toEqual([41]);
  });

  it('under deopt torture every frame is materialized again and again, and nothing changes', () => {
    for (const torture of [1, 2, 7]) {
      const plain = loadObserve('interpreter');
      const tortured = loadObserve('eager', { deoptTorture: torture });
      for (const [name, ...args] of [['fib', 18], ['sumLoads', 2000, 4], ['logThenFib', 12], ['divide', 9, 2]] as [string, ...RawValue[]][]) {
        expect(tortured.call(name, ...args), `${name} torture ${torture}`).toEqual(plain.call(name, ...args));
      }
      for (const [name, ...args] of TRAPS) {
        expect(trapView(trapOf(() => tortured.call(name, ...args))), `${name} torture ${torture}`).toEqual(trapView(trapOf(() => plain.call(name, ...args))));
      }
      expect(tortured.store.tier!.deopts).toBeGreaterThan(100);
      expect(tortured.func('fib').jit?.fn).toBeTruthy();
    }
  });

  it('a handler registered by a host function while compiled code runs decides as on the interpreter', () => {
    const run = (tier: Tier) => {
      const m = loadObserve(tier);
      const pauses: unknown[] = [];
      let off: (() => void) | undefined;
      m.onLog.run = () => {
        off ??= DebugHooks.onExit(m.store, (ctx) => {
          pauses.push(pauseView(ctx));
          return resumeWith(99);
        });
      };
      try {
        // log registers the handler; then fib's frames are compiled JS under it
        return { result: m.call('logThenFib', 10), pauses };
      } finally {
        off?.();
      }
    };
    expect(run('eager')).toEqual(run('interpreter'));
  });

  it('with a debugger attached compiled code keeps running', () => {
    const m = loadObserve('eager');
    DebugHooks.attach(m.store);
    try {
      expect(m.call('fib', 20)).toEqual([6765]);
      expect(m.func('fib').jit?.fn).toBeTruthy();
      expect(m.store.tier!.deopts).toBe(0);
    } finally {
      DebugHooks.detach(m.store);
    }
  });

  it("a debugger's recompile in debug compile mode drops the JS code made against the old interpreter code", () => {
    const m = loadObserve('eager');
    expect(m.call('logThenFib', 10)).toEqual([75]);
    const old = m.func('fib').jit?.fn;
    expect(old).toBeTruthy();
    expect(DebugHooks.setDebugCompile(m.store, true, { recompile: true })).toEqual([]);
    try {
      expect(m.call('logThenFib', 11)).toEqual([111]);
      const fib = m.func('fib');
      expect(fib.codeMap?.heights).not.toBeNull(); // debug-compiled
      expect(fib.jit?.fn).toBeTruthy();
      expect(fib.jit?.fn).not.toBe(old);
    } finally {
      DebugHooks.detach(m.store);
    }
  });

  it('a breakpoint in a compiled function is hit at its next call, also when set while a compiled caller runs', () => {
    // fib's `if` (local.get, i32.const and i32.lt_s before it): the interpreter's normal code fuses
    // the compare into the branch, so an earlier breakpoint would bind there, not where it was set.
    const fibStart = (m: Loaded) => m.info.bodies[m.func('fib').funcIndex - m.info.importedFuncs].codeStart + 5;
    const run = (tier: Tier) => {
      const m = loadObserve(tier);
      m.call('fib', 15); // compiled (eager)
      const compiledBefore = m.func('fib').jit?.fn !== null && m.func('fib').jit !== null;
      const hits: unknown[] = [];
      DebugHooks.setBreakpoint(m.store, m.inst, fibStart(m));
      const off = DebugHooks.onExit(m.store, (ctx) => {
        hits.push(pauseView(ctx));
        return undefined;
      });
      try {
        expect(m.call('fib', 4)).toEqual([3]);
        const atNextCall = hits.length;
        hits.length = 0;
        DebugHooks.detach(m.store);
        off();
        m.call('fib', 15); // runs compiled again
        // Set from the host function: logThenFib's frame is compiled JS, nothing observed it yet.
        m.onLog.run = () => {
          DebugHooks.setBreakpoint(m.store, m.inst, fibStart(m));
          DebugHooks.onExit(m.store, (ctx) => {
            hits.push(pauseView(ctx));
            return undefined;
          });
        };
        expect(m.call('logThenFib', 3)).toEqual([8]);
        return { compiledBefore, atNextCall, midRun: hits };
      } finally {
        DebugHooks.detach(m.store);
      }
    };
    const interpreted = run('interpreter');
    const compiled = run('eager');
    expect(compiled.compiledBefore).toBe(true);
    expect(interpreted.atNextCall).toBe(9); // fib(4) makes 9 calls
    expect(compiled).toEqual({ ...interpreted, compiledBefore: true });
    expect(compiled.midRun.length).toBe(5); // fib(3): 5 calls, the first with logThenFib's locals below it
  });

  it('1,000,000-deep recursion with a debugger attached ends in the call stack exhausted trap', () => {
    const end = (tier: Tier) => {
      const m = loadObserve(tier);
      DebugHooks.attach(m.store);
      const t = trapOf(() => m.call('deep', 1_000_000));
      return [t.code, t.frames.length, t.frames[0].offset, t.frames.at(-1)!.offset];
    };
    const interpreted = end('interpreter');
    expect(interpreted[0]).toBe(TrapCode.StackExhausted);
    expect(end('eager')).toEqual(interpreted);
  });

  it('rejects a deopt torture that is not a whole number', () => {
    expect(() => new Store({ tier: 'eager', deoptTorture: -1 })).toThrow(/deoptTorture/);
    expect(() => new Store({ tier: 'eager', deoptTorture: 1.5 })).toThrow(/deoptTorture/);
  });
});
