/**
 * dbg.pause() from outside running wasm: debug-compiled code exits at Ticks (function bodies and
 * loop headers) and an async entry (`dbg.run`) yields to the event loop every ~4 ms, so a timer
 * (or a UI event, a SIGINT handler) can ask for a pause; the program stops at its next instruction
 * with the whole stack, and can be inspected, resumed, or made to return. Code the JS tier compiled
 * polls in its loops and, in an async entry, leaves for the interpreter when the event loop is due
 * a turn (runtime src/tier/tier.ts `poll`).
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
  (func $fib (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1))) (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func (export "deep") (result i32) (call $fib (i32.const 60)))
  (func (export "iterations") (result i32) (global.get $iterations))
)`;

/** Debug-compiled interpreter code (Ticks), or code the JS tier compiled (its loops poll). */
type Mode = 'debugCompile' | 'tier';

async function setup(mode: Mode = 'debugCompile') {
  const symbols = new SymbolResolver();
  const bytes = symbols.addWat(WAT, 'spin.wat');
  const WebAssembly = createWebAssembly(mode === 'tier' ? { tier: 'eager' } : {});
  const { instance } = await WebAssembly.instantiate(bytes, {});
  const dbg = Debugger.attach(instance, { symbols, debugCompile: mode === 'debugCompile' });
  return { dbg, exports: instance.exports as Record<string, (...a: number[]) => number> };
}

describe('pause() interrupts running code', () => {
  // On the tier, the loop runs as JavaScript (more iterations than the interpreter could have run
  // before it compiled): the pause materializes its frame and stops it at its next instruction.
  it.each([
    ['debugCompile', 1000],
    ['tier', 1_000_000],
  ] as const)('stops an endless loop at its next instruction; forceReturn ends it (%s)', async (mode, minimum) => {
    const { dbg, exports } = await setup(mode);
    let seen: { function: string; line: number | undefined; k: unknown } | undefined;
    dbg.on('paused', ({ reason, context }: { reason: string; context: PauseContext }) => {
      expect(reason).toBe('pause');
      const top = context.wasmFrames()[0];
      const k = top.local('k');
      seen = { function: top.function, line: top.source?.line, k: k?.type === 'i32' ? k.value : undefined };
      context.forceReturn(0, 42);
    });
    // The timer fires while the loop runs (it yields to the event loop); it asks for the pause
    // once the loop has really run a while, however slowly the machine runs it.
    let paused = false;
    const pauseOnceRunning = () => {
      if (exports.iterations() <= minimum) return void setTimeout(pauseOnceRunning, 10);
      paused = true;
      dbg.pause();
    };
    setTimeout(pauseOnceRunning, 10);
    const result = await dbg.run(exports.spin, 0);
    expect(paused).toBe(true);
    expect(result).toBe(42);
    expect(seen?.function).toBe('spin');
    expect([5, 6, 7]).toContain(seen?.line); // inside the loop body (lines 5-7)
    expect(Number(seen?.k)).toBeGreaterThan(minimum); // it ran on to the pause
    expect(exports.iterations()).toBeGreaterThanOrEqual(Number(seen?.k)); // the store is usable again
    if (mode === 'tier') {
      const tier = dbg.store.tier!;
      expect(tier.compiled).toBeGreaterThan(0);
      expect(tier.deopts).toBeGreaterThan(0);
    }
  });

  it('reaches a loop the tier compiled during a synchronous call: its polls switch on for the async run, off after it', async () => {
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

  it.each(['debugCompile', 'tier'] as const)('stops deep recursion without loops (Ticks at function bodies; compiled calls poll) and resumes it (%s)', async (mode) => {
    const { dbg, exports } = await setup(mode);
    const pauses: string[] = [];
    dbg.on('paused', ({ reason, context }: { reason: string; context: PauseContext }) => {
      pauses.push(`${reason} ${context.wasmFrames()[0].function} depth ${context.wasmFrames().length}`);
      if (pauses.length === 1) {
        setTimeout(() => dbg.pause(), 30); // pause again after resuming
        return;
      }
      context.forceReturn(context.wasmFrames().length - 1, 7); // the export returns 7 at once
    });
    setTimeout(() => dbg.pause(), 30);
    expect(await dbg.run(exports.deep)).toBe(7);
    expect(pauses).toHaveLength(2);
    for (const p of pauses) expect(p).toMatch(/^pause fib depth \d+$/);
    // On the tier, fib ran compiled (it has no loop: its calls count down to the poll that yields).
    if (mode === 'tier') expect(dbg.store.tier!.compiled).toBeGreaterThan(0);
  });

  it('costs nothing outside debug compile mode: no Tick is emitted there', async () => {
    const symbols = new SymbolResolver();
    const WebAssembly = createWebAssembly();
    const { instance } = await WebAssembly.instantiate(symbols.addWat(WAT, 'spin.wat'), {});
    const dbg = Debugger.attach(instance, { symbols });
    (instance.exports as Record<string, () => number>).iterations();
    expect(dbg.store.thread.ticks).toBe(10_000); // never decremented
  });
});
