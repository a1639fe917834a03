/**
 * dbg.pause() reaches code the JS tier compiled: a compiled loop polls, and in an async entry it
 * leaves for the interpreter when the event loop is due a turn (runtime src/tier/tier.ts `poll`);
 * the pause then stops it at its next instruction, with the whole stack.
 */
import { describe, expect, it } from 'vitest';
import { createWebAssembly } from '@lantern/runtime';
import { Debugger, SymbolResolver, type PauseContext } from '../src/index.ts';

const WAT = `(module
  (global $iterations (mut i32) (i32.const 0))
  (func $spin (export "spin") (param $k i32) (result i32)
    (loop $forever
      (global.set $iterations (i32.add (global.get $iterations) (i32.const 1)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $forever (i32.ne (local.get $k) (i32.const -1)))) ;; ~4 billion iterations
    (local.get $k))
  (func (export "iterations") (result i32) (global.get $iterations))
)`;

describe('pause() and compiled code', () => {
  it('stops a compiled endless loop; forceReturn ends it', async () => {
    const symbols = new SymbolResolver();
    const WebAssembly = createWebAssembly({ tier: 'eager' });
    const { instance } = await WebAssembly.instantiate(symbols.addWat(WAT, 'spin.wat'), {});
    const exports = instance.exports as Record<string, (...a: number[]) => number>;
    const dbg = Debugger.attach(instance, { symbols });
    let seen: { function: string; line: number | undefined; k: unknown } | undefined;
    dbg.on('paused', ({ reason, context }: { reason: string; context: PauseContext }) => {
      expect(reason).toBe('pause');
      const top = context.wasmFrames()[0];
      const k = top.local('k');
      seen = { function: top.function, line: top.source?.line, k: k?.type === 'i32' ? k.value : undefined };
      context.forceReturn(0, 42);
    });
    let paused = false;
    const pauseOnceRunning = () => {
      // More iterations than the interpreter could have run before the loop compiled: it runs as JS.
      if (exports.iterations() <= 1_000_000) return void setTimeout(pauseOnceRunning, 10);
      paused = true;
      dbg.pause();
    };
    setTimeout(pauseOnceRunning, 10);
    expect(await dbg.run(exports.spin, 0)).toBe(42);
    expect(paused).toBe(true);
    expect(seen?.function).toBe('spin');
    expect([5, 6, 7]).toContain(seen?.line); // inside the loop body (lines 5-7)
    expect(Number(seen?.k)).toBeGreaterThan(1_000_000);
    const tier = dbg.store.tier!;
    expect(tier.compiled).toBeGreaterThan(0);
    expect(tier.deopts).toBeGreaterThan(0);
  });

  it('reaches a loop compiled during a synchronous call: its polls switch on for the async run, off after it', async () => {
    const symbols = new SymbolResolver();
    const WebAssembly = createWebAssembly({ tier: 'eager' });
    const { instance } = await WebAssembly.instantiate(symbols.addWat(WAT, 'spin.wat'), {});
    const exports = instance.exports as Record<string, (...a: number[]) => number>;
    // A synchronous call compiles spin (eager) while no async entry runs: its loop does not poll.
    expect(exports.spin(-100_000)).toBe(-1);
    const dbg = Debugger.attach(instance, { symbols });
    const tier = dbg.store.tier!;
    expect(tier.compiled).toBeGreaterThan(0);
    expect(tier.polling).toBe(false);
    const before = exports.iterations();
    let pollingWhileRunning: boolean | undefined;
    dbg.on('paused', ({ context }: { context: PauseContext }) => {
      pollingWhileRunning = tier.polling;
      context.forceReturn(0, 7);
    });
    const pauseOnceRunning = () => {
      if (exports.iterations() - before <= 1_000_000) return void setTimeout(pauseOnceRunning, 10);
      dbg.pause();
    };
    setTimeout(pauseOnceRunning, 10);
    expect(await dbg.run(exports.spin, 0)).toBe(7);
    expect(pollingWhileRunning).toBe(true);
    expect(tier.polling).toBe(false);
    expect(tier.deopts).toBeGreaterThan(0);
  });
});
