/**
 * DebugHooks: what a debugger (packages/debugger) may do to a Store — the runtime side of
 * breakpoints, stepping and probes. Everything here is opt-in: a Store has no DebugState until `attach`, and then costs
 * nothing until a breakpoint, probe or debug-compiled function exists.
 *
 *   attach / detach              create / drop the Store's DebugState (detach restores all code)
 *   onExit                       register a handler (traps, breakpoints, steps, probes) on the Store's thread
 *   setBreakpoint / removeBreakpoint / breakpoints / patchTable
 *                                breakpoints by module byte offset, patched Break opcodes; pending
 *                                until the function compiles (lazy compilation never misses one)
 *   setWatchpoint / removeWatchpoint / watchpoints
 *                                data breakpoints on memory ranges and globals (patched accesses)
 *   setDebugCompile              debug compile mode for functions compiled from now on; with
 *                                `recompile`, compiled functions not on the stack are reset to
 *                                be compiled again (in the new mode) on their next call
 *   setProbes                    enter / leave / memoryGrow / hostcall probe points
 *   addOnceProbes / onOnceProbe  one-shot probes at internal pcs (coverage), gone once reached
 *   requestPause                 stop code running in an async entry at its next instruction
 *   frames / captureBacktrace    the stack now (from a handler or a host function)
 *   invokeAsync                  the async entry in which handlers may return promises
 *
 * Handler decisions (traps package): unwind | retry | resume(values); at a break, retry (or no
 * decision) runs the instruction, `ctx.step(kind)` first asks for a stop after one step.
 */
import { type ExitHandler, registerHandler } from '@lantern/traps';
import type { Store } from '../store/store.ts';
import type { FuncInstance } from '../instances/func.ts';
import type { Instance } from '../instances/instance.ts';
import type { ModuleInfo } from '../syntax/moduleInfo.ts';
import type { RawValue } from '../instances/values.ts';
import { invokeAsync } from '../exec/driver.ts';
import { type Breakpoint, DebugState, type PatchEntry, type ProbeSettings } from './debugState.ts';
import { StoreFrameCursor, captureBacktrace } from '../exit/frames.ts';
import type { PauseContext } from '../exit/pauseContext.ts';
import type { WatchAccess, WatchTarget, Watchpoint } from './watchpoints.ts';

function stateOf(store: Store): DebugState {
  // Compiled code (src/tier/) keeps running: what the debugger looks at is materialized first.
  if (store.debug === null) store.debug = new DebugState(store);
  return store.debug;
}

/** Is compiled function `f` running (in some frame of the thread)? */
function onStack(store: Store, f: FuncInstance): boolean {
  const c = new StoreFrameCursor(store);
  for (; !c.done; c.moveUp()) if (c.func === f) return true;
  return false;
}

export const DebugHooks = {
  attach(store: Store): DebugState {
    return stateOf(store);
  },

  /** Removes every breakpoint, probe and temporary patch (the code is the unpatched code again). */
  detach(store: Store): void {
    const d = store.debug;
    if (d === null) return;
    for (const bp of [...d.breakpoints.values()]) d.removeBreakpoint(bp);
    for (const w of [...d.watchpoints.values()]) d.removeWatchpoint(w);
    d.setProbes({ enter: false, leave: false, memoryGrow: false, hostcall: false });
    for (const [pc, e] of d.patches) store.code.buf[pc] = e.original;
    d.patches.clear();
    store.debug = null;
    store.tier?.releaseAll();
  },

  /** Registers an exit handler on the store's thread (newest first); returns the remover. */
  onExit(store: Store, handler: ExitHandler<PauseContext>): () => void {
    return registerHandler(store.thread.state, handler);
  },

  setBreakpoint(store: Store, target: Instance | ModuleInfo, offset: number): Breakpoint {
    return stateOf(store).setBreakpoint(target, offset);
  },
  removeBreakpoint(store: Store, bp: Breakpoint | number): boolean {
    return store.debug?.removeBreakpoint(bp) ?? false;
  },
  breakpoints(store: Store): readonly Breakpoint[] {
    return [...(store.debug?.breakpoints.values() ?? [])];
  },
  /**
   * A data breakpoint on a memory range or a global (see DebugState.setWatchpoint); the first
   * turns debug compile mode on (watches read the operand stack).
   */
  setWatchpoint(store: Store, access: WatchAccess, target: WatchTarget): Watchpoint {
    if (!stateOf(store).debugCompile) DebugHooks.setDebugCompile(store, true, { recompile: true });
    return stateOf(store).setWatchpoint(access, target);
  },
  removeWatchpoint(store: Store, w: Watchpoint | number): boolean {
    return store.debug?.removeWatchpoint(w) ?? false;
  },
  watchpoints(store: Store): readonly Watchpoint[] {
    return [...(store.debug?.watchpoints.values() ?? [])];
  },
  /** The patch table: pc -> original opcode and why it is patched (empty when nothing is). */
  patchTable(store: Store): ReadonlyMap<number, PatchEntry> {
    return store.debug?.patches ?? new Map();
  },

  /**
   * Debug compile mode for the store's functions compiled from now on. `recompile`: compiled
   * functions that are not on the stack are reset and compile again (in this mode) on their next
   * call; returns the functions that could not be reset (running now).
   */
  setDebugCompile(store: Store, on: boolean, options: { recompile?: boolean } = {}): FuncInstance[] {
    const d = stateOf(store);
    d.debugCompile = on;
    const busy: FuncInstance[] = [];
    if (options.recompile) {
      for (const f of store.funcs) {
        if (f.codeMap === null || f.host !== undefined) continue;
        if (onStack(store, f)) busy.push(f);
        else d.resetFunction(f);
      }
    }
    return busy;
  },

  /**
   * One-shot probes (coverage) at internal pcs of compiled function `f`: `listener` (one per
   * store; null removes it and every probe not reached) hears of each the first time control
   * reaches it, then the probe is gone.
   */
  addOnceProbes(store: Store, f: FuncInstance, pcs: readonly number[]): void {
    stateOf(store).addOnceProbes(f, pcs);
  },
  onOnceProbe(store: Store, listener: ((f: FuncInstance, pc: number) => void) | null): void {
    const d = stateOf(store);
    d.onceListener = listener;
    if (listener === null) d.clearOnceProbes();
  },

  setProbes(store: Store, settings: ProbeSettings): void {
    stateOf(store).setProbes(settings);
  },

  /**
   * Breaks into code running in an async entry (debug-compiled code yields to the event loop at
   * Ticks): true when it will stop at its next instruction, false when no wasm is running so.
   */
  requestPause(store: Store): boolean {
    return stateOf(store).requestPause();
  },

  frames(store: Store): StoreFrameCursor {
    return new StoreFrameCursor(store);
  },
  captureBacktrace,
  invokeAsync(store: Store, func: FuncInstance, args: RawValue[]): Promise<RawValue[]> {
    return invokeAsync(store, func, args);
  },
};
