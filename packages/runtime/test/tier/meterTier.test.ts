/**
 * Fuel and interruption in compiled code (tier/codegen.ts `meterCharge`, exec/meter.ts): the JS
 * tier runs out of fuel at exactly the interpreter's point (same fuel left, same backtrace), a
 * handler that adds fuel resumes it, and a deadline or another worker stops a compiled loop. The
 * programs are bench programs (recursion, nested loops, memory), at small sizes.
 */
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { RETRY, TrapCode, registerHandler } from '@lantern/traps';
import { createWebAssembly, funcInstanceOf, invokeAsync, setSampler, storeOf, type TierPolicy } from '../../src/index.ts';
import { programPath } from '../../bench/lib/programs.ts';

type Run = (n: number) => unknown;
const SIZES: Record<string, number> = { fib: 12, sort: 200, matmul: 6 };

function load(program: string, tier: TierPolicy, options: { fuel?: number; interruptible?: boolean | Int32Array; deoptTorture?: number }) {
  const W = createWebAssembly({ tier, ...options });
  const store = storeOf(W)!;
  const run = (new W.Instance(new W.Module(new Uint8Array(readFileSync(programPath(program)))), {}).exports as { run: Run }).run;
  return { W, store, run };
}

/** Runs with `budget` fuel: the result, or where it ran out (the frames' function and module offset) and the fuel left. */
function outcome(program: string, tier: TierPolicy, budget: number, deoptTorture = 0) {
  const { store, run } = load(program, tier, { fuel: budget, deoptTorture });
  try {
    return { result: run(SIZES[program]!), fuel: store.fuel, compiled: store.tier?.compiled ?? 0, deopts: store.tier?.deopts ?? 0 };
  } catch (e) {
    const t = e as Error & { code?: TrapCode; frames: { funcIndex: number; offset: number }[] };
    return {
      trap: t.code,
      frames: t.frames.map((f) => `${f.funcIndex}@${f.offset}`),
      fuel: store.fuel,
      compiled: store.tier?.compiled ?? 0,
      deopts: store.tier?.deopts ?? 0,
    };
  }
}

describe('fuel and interruption in compiled code', () => {
  for (const program of Object.keys(SIZES)) {
    it(`${program}: out of fuel at the interpreter's point (fuel left, backtrace) for budgets across the run`, () => {
      const whole = outcome(program, 'interpreter', 1e12);
      const used = 1e12 - whole.fuel;
      expect(used).toBeGreaterThan(100);
      const budgets = [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144].concat([0.1, 0.25, 0.5, 0.75, 0.9, 0.99].map((f) => Math.floor(used * f)), [used - 1, used]);
      let exhausted = 0;
      for (const budget of budgets) {
        const interp = outcome(program, 'interpreter', budget);
        const tier = outcome(program, 'eager', budget);
        expect(tier.compiled).toBeGreaterThan(0);
        const { compiled: _c, deopts: tierDeopts, ...tierSeen } = tier;
        const { compiled: _i, deopts: _d, ...interpSeen } = interp;
        expect(tierSeen, `budget ${budget}`).toEqual(interpSeen);
        if (budget < used) {
          expect(interp.trap, `budget ${budget}`).toBe(TrapCode.OutOfFuel);
          // Compiled code ran out (the function is compiled before its first call): it deoptimized at the Meter.
          if (tierDeopts > 0) exhausted++;
        } else {
          expect(interp).toMatchObject({ result: whole.result, fuel: budget - used });
        }
      }
      expect(exhausted).toBeGreaterThan(budgets.length / 2);
    }, 60_000);
  }

  it("metered code's charge is its poll: deoptimized at every 1st or 3rd charge (torture), it still runs out at the interpreter's point", () => {
    for (const program of Object.keys(SIZES)) {
      const used = 1e12 - outcome(program, 'interpreter', 1e12).fuel;
      for (const budget of [Math.floor(used / 3), used]) {
        const interp = outcome(program, 'interpreter', budget);
        for (const torture of [1, 3]) {
          const { compiled, deopts, ...seen } = outcome(program, 'eager', budget, torture);
          const { compiled: _c, deopts: _d, ...interpSeen } = interp;
          expect(seen, `${program}, budget ${budget}, torture ${torture}`).toEqual(interpSeen);
          expect(compiled).toBeGreaterThan(0);
          expect(deopts, `${program}, torture ${torture}`).toBeGreaterThan(0);
        }
      }
      // The deoptimizations came from the charges' polls (tier.ts meterPoll), not only from elsewhere.
      const { store, run } = load(program, 'eager', { fuel: 1e12, deoptTorture: 1 });
      const tier = store.tier!;
      const meterPoll = tier.meterPoll.bind(tier);
      let polledOut = 0;
      tier.meterPoll = (...args) => {
        const deoptimized = meterPoll(...args);
        if (deoptimized) polledOut++;
        return deoptimized;
      };
      run(SIZES[program]!);
      expect(polledOut, program).toBeGreaterThan(0);
    }
  }, 60_000);

  it('an async entry into metered compiled code yields to the event loop (its charge polls) and counts the fuel the interpreter counts', async () => {
    // A clock a millisecond further at each read: the entry is due to yield at its second poll.
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => ++clock);
    const runAsync = async (tier: TierPolicy) => {
      const { store, run } = load('sieve', tier, { fuel: 1e12 });
      let turned = false;
      setImmediate(() => { turned = true; });
      const result = await invokeAsync(store, funcInstanceOf(run)!, [20_000]);
      return { result, fuel: store.fuel, turned, deopts: store.tier?.deopts ?? 0 };
    };
    try {
      const interp = await runAsync('interpreter');
      const tier = await runAsync('eager');
      expect(tier.result).toEqual(interp.result);
      expect(tier.fuel).toBe(interp.fuel);
      // The event loop had a turn before the call ended: compiled code left at a charge for the interpreter's Tick.
      expect(tier.turned).toBe(true);
      expect(tier.deopts).toBeGreaterThan(0);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it("a loop's charge that runs low refills at the loop around it and goes on, counting the interpreter's fuel", () => {
    // A clock 10 ms further at each read: the watched meter's slice stays at its least, so the
    // charges of the loops (nested in sieve and matmul) take their slow path thousands of times.
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (clock += 10));
    const refilled = (program: string, size: number, tier: TierPolicy) => {
      const { store, run } = load(program, tier, { fuel: 1e12, interruptible: true });
      store.setTimeout(1e15);
      const slow: number[] = [];
      if (store.tier !== null) {
        const t = store.tier;
        const meterPoll = t.meterPoll.bind(t);
        t.meterPoll = (cost, fp, pc, func, dk) => {
          slow.push(pc);
          return meterPoll(cost, fp, pc, func, dk);
        };
      }
      return { result: run(size), fuel: store.fuel, slow: new Set(slow).size, deopts: store.tier?.deopts ?? 0 };
    };
    try {
      for (const [program, size] of [['sieve', 300_000], ['matmul', 24]] as const) {
        const interp = refilled(program, size, 'interpreter');
        const tier = refilled(program, size, 'eager');
        expect(tier.result, program).toBe(interp.result);
        expect(tier.fuel, program).toBe(interp.fuel);
        // The slow paths ran in compiled code, at several loops, and never left it.
        expect(tier.slow, program).toBeGreaterThan(1);
        expect(tier.deopts, program).toBe(0);
      }
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('with a sampling profiler, metered compiled code samples and charges in the same loop heads and runs out at the interpreter\'s point', () => {
    // A profiler's loops poll from the loop around each loop, where a metered loop's slow path is too (codegen.ts).
    const sampled = (program: string, tier: TierPolicy, budget: number) => {
      const { store, run } = load(program, tier, { fuel: budget });
      let samples = 0;
      setSampler(store, { onTick: () => (samples++, 7) });
      try {
        return { result: run(SIZES[program]!), fuel: store.fuel, samples: samples > 0 };
      } catch (e) {
        const t = e as Error & { code?: TrapCode; frames: { funcIndex: number; offset: number }[] };
        return { trap: t.code, frames: t.frames.map((f) => `${f.funcIndex}@${f.offset}`), fuel: store.fuel, samples: samples > 0 };
      }
    };
    for (const program of ['sort', 'matmul']) {
      const used = 1e12 - sampled(program, 'interpreter', 1e12).fuel;
      for (const budget of [Math.floor(used / 3), Math.floor(used * 0.8), used]) {
        const interp = sampled(program, 'interpreter', budget);
        expect(sampled(program, 'eager', budget), `${program}, budget ${budget}`).toEqual(interp);
        expect(interp.samples).toBe(true);
        if (budget < used) expect(interp.trap).toBe(TrapCode.OutOfFuel);
      }
    }
  });

  it('a handler adding fuel resumes compiled code, as often and with the same result as the interpreter', () => {
    const resumed = (tier: TierPolicy) => {
      const { store, run } = load('sort', tier, { fuel: 500 });
      let refills = 0;
      const off = registerHandler(store.thread.state, (ctx) => {
        if (ctx.trapCode !== TrapCode.OutOfFuel) return undefined;
        refills++;
        store.addFuel(500);
        return RETRY;
      });
      try {
        return { result: run(SIZES.sort!), refills, fuel: store.fuel, deopts: store.tier?.deopts ?? 0 };
      } finally {
        off();
      }
    };
    const interp = resumed('interpreter');
    const tier = resumed('eager');
    expect(interp.refills).toBeGreaterThan(10);
    expect(tier.result).toBe(interp.result);
    expect(tier.refills).toBe(interp.refills);
    expect(tier.fuel).toBe(interp.fuel);
    // After a refill the call goes on and later calls re-enter compiled code, which runs out again there.
    expect(tier.deopts).toBeGreaterThan(1);
    const { run } = load('sort', 'eager', {});
    expect(run(SIZES.sort!)).toBe(interp.result);
  });

  it('a deadline stops a compiled loop; so does another worker writing the shared flag', async () => {
    const forever = 60; // fib(60): ~10^12 calls, 60 deep: only the deadline stops it
    const timed = load('fib', 'eager', { interruptible: true });
    timed.store.setTimeout(30);
    const e = (() => {
      try {
        timed.run(forever);
      } catch (err) {
        return err as Error & { code?: TrapCode; frames: unknown[] };
      }
      throw new Error('expected "interrupted"');
    })();
    expect(e.code).toBe(TrapCode.Interrupted);
    expect(e.frames.length).toBeGreaterThan(1);
    expect(timed.store.tier!.deopts).toBeGreaterThan(0);

    const flag = new Int32Array(new SharedArrayBuffer(4));
    const other = load('fib', 'eager', { interruptible: flag });
    const worker = new Worker(
      'const { workerData } = require("node:worker_threads"); setTimeout(() => Atomics.store(workerData, 0, 3), 30);',
      { eval: true, workerData: flag },
    );
    other.store.setTimeout(120_000); // a backstop: a failed worker must not hang the test
    try {
      expect(() => other.run(forever)).toThrow('interrupted');
    } finally {
      await worker.terminate();
    }
    expect(flag[0]).toBe(3);
    expect(other.store.tier!.deopts).toBeGreaterThan(0);
  });
});
