/**
 * The driver: entering wasm from the host (`invoke`), running host functions the interpreter
 * asks for, and turning traps into Trap errors. The loop never recurses per wasm call; this
 * driver recurses only when a host function re-enters wasm (a new Activation on the same VM
 * stack, above the calling frame's arguments).
 *
 * Protocol with the loop (interpreter.ts), by the kind in the thread's exit record:
 *   - Hostcall: the callee's arguments are at exit.hostArgs (int32 index); the driver reads
 *     them, calls the host function, writes the results at the same place, re-enters at exit.resumePc.
 *   - Trap, Break: the exit protocol (exit/exitProtocol.ts) asks the exit handlers and carries
 *     out their decision (by default a trap becomes a Trap with the frames, and unwinds).
 *   - Exception: a wasm exception left the activation (frames already unwound by
 *     exceptions.ts); the host gets it as thrown (instances/exception.ts `exceptionToHost`).
 *   - A host function's JS exception is thrown INTO wasm at the call (catchable by catch_all,
 *     by `catch $JSTag`, or by its tag for an ExceptionInstance); uncaught, it reaches the caller
 *     as the same object. Traps (and JS stack overflow) pass through uncatchable.
 *   - Each activation starts a new prompt chain (thread.prompt = null): a `suspend` cannot cross
 *     a host frame ("unhandled tag"); a trap releases the activation's running segments.
 */
import { ExitKind, FRAME_LAYOUT, Trap, TrapCode } from '@lantern/traps';
import type { Store } from '../store/store.ts';
import type { FuncInstance } from '../instances/func.ts';
import { type RawValue, readValues, writeValues } from '../instances/values.ts';
import { slotWords } from '../syntax/types.ts';
import { run } from './interpreter.ts';
import type { Thread } from './thread.ts';
import { throwException } from './exceptions.ts';
import { type ExceptionInstance, exceptionFromHost, exceptionToHost, isCatchableHostError, isJsStackOverflow } from '../instances/exception.ts';
import type { StackSegment } from '../continuations/stackSegment.ts';
import { abandonSegments } from '../continuations/continuation.ts';
import { collectFrames } from '../exit/frames.ts';
import { pausedStores, settleExit } from '../exit/exitProtocol.ts';
import { yieldAtTick } from './tickYield.ts';
import { sampleAtTick } from './sampling.ts';

const HEADER_I32 = FRAME_LAYOUT.HEADER_CELLS * 2;

/** Calls `func` with `args` (RawValues); returns its results. Throws Trap on a trap. */
export function invoke(store: Store, func: FuncInstance, args: RawValue[]): RawValue[] {
  if (func.host !== undefined) return func.host(args);
  const thread = store.thread;
  let saved: ReturnType<typeof enterWasm> | undefined;
  try {
    saved = enterWasm(store, func, args);
    // Synchronous entry: drive() never returns a promise (a handler's promise is an error there).
    return drive(store, saved.base, func, false) as RawValue[];
  } catch (e) {
    throw jsStackOverflowAsTrap(e);
  } finally {
    if (saved !== undefined) leaveWasm(thread, saved);
  }
}

/**
 * The JS stack ran out during a call (the host had used nearly all of it before calling in, or a
 * host function recursed): the host gets the "call stack exhausted" trap, never a RangeError. Where
 * exactly it ran out is lost with the JS frames, so the trap has no frames and no handler saw it.
 */
function jsStackOverflowAsTrap(e: unknown): unknown {
  return isJsStackOverflow(e) ? new Trap(TrapCode.StackExhausted, '(the JS stack ran out)') : e;
}

/**
 * Calls `func` like `invoke`, but trap/break handlers may return promises: the loop exits, the
 * driver awaits the handler with all VM state on the VM stack while the JS event loop runs, then
 * carries out the decision. JS running during the pause may call into the store synchronously;
 * a second async entry while one is paused is refused. Host functions stay synchronous, so
 * activations re-entered from a host function support synchronous handlers only.
 */
export async function invokeAsync(store: Store, func: FuncInstance, args: RawValue[]): Promise<RawValue[]> {
  if (func.host !== undefined) return func.host(args);
  if (pausedStores.has(store)) throw new Error('invokeAsync: the store is paused in an async handler');
  const thread = store.thread;
  const saved = enterWasm(store, func, args);
  // Compiled loops poll while it runs (a pause() or its yield reaches them: src/tier/tier.ts).
  store.tier?.asyncEntry(1);
  try {
    for (;;) {
      const r = drive(store, saved.base, func, true);
      if (!(r instanceof Promise)) return r;
      await r;
    }
  } catch (e) {
    throw jsStackOverflowAsTrap(e);
  } finally {
    store.tier?.asyncEntry(-1);
    leaveWasm(thread, saved);
  }
}

/** The host function whose call re-enters wasm now (callHost sets it), per thread. */
let viaHost: FuncInstance | null = null;
let viaHostThread: Thread | null = null;

/** Pushes the entry frame and an Activation; returns what leaveWasm restores. */
function enterWasm(store: Store, func: FuncInstance, args: RawValue[]): SavedState & { base: number } {
  const thread = store.thread;
  const exit = thread.exit;
  const saved = saveState(thread);
  const base = thread.sp;
  if (func.entryPc < 0 && !store.compileFunc(func)) throw exit.error;
  const type = func.type;
  if (base + func.localsI32 + func.frameI32 > saved.limit || exit.depth >= thread.maxDepth) {
    const trap = new Trap(TrapCode.StackExhausted);
    trap.frames = collectFrames(store);
    throw trap;
  }
  const i32 = thread.i32, refs = thread.refs;
  writeValues(i32, refs, base, type.params, args);
  const h = base + func.localsI32;
  i32[h] = FRAME_LAYOUT.ENTRY_FP;
  i32[h + 1] = FRAME_LAYOUT.ENTRY_FP;
  i32[h + 2] = -1;
  i32[h + 3] = 0;
  i32[h + 4] = func.addr;
  // The activation saves the outer exit position first; then the record is positioned at the entry.
  thread.state.enter(base >> 1, base >> 1, viaHostThread === thread ? viaHost : null);
  exit.fp = base;
  exit.resumePc = func.entryPc;
  exit.func = func.addr;
  exit.depth = saved.depth + 1;
  thread.prompt = null;
  return Object.assign(saved, { base });
}

function leaveWasm(thread: Thread, saved: SavedState): void {
  abandonSegments(thread, null);
  thread.state.leave();
  restoreState(thread, saved);
}

/**
 * Runs the loop until the entry frame returns (the results) or, in an async entry, a handler's
 * promise must be awaited (returned; call drive again once it settles). Throws Trap, a host
 * function's exception, or an internal error.
 */
function drive(store: Store, base: number, func: FuncInstance, canAwait: boolean): RawValue[] | Promise<void> {
  const thread = store.thread;
  const exit = thread.exit;
  const type = func.type;
  const i32 = thread.i32, refs = thread.refs;
  for (;;) {
    run(store);
    let kind = exit.kind;
    if (kind === ExitKind.Compiled) {
      // Compiled code (src/tier/) runs the frame; Compiled again means: back to the loop.
      kind = store.tier!.enter(store, false, canAwait);
      if (kind === ExitKind.Compiled) continue;
    }
    const debug = store.debug;
    if (debug !== null) debug.afterExit();
    if (kind === ExitKind.Tick) {
      if (store.sampler !== null) sampleAtTick(store, store.sampler);
      const wait = yieldAtTick(store, canAwait);
      if (wait !== undefined) {
        // After the yield, the next Tick (this loop's head again) may hand the frame back to JS.
        if (store.tier !== null) thread.ticks = 1;
        return wait;
      }
      if (store.tier === null) continue;
      // A loop's head in a function with JS code: its frame may continue there as JS (on-stack replacement).
      kind = store.tier.enterAtLoop(store, canAwait);
      if (kind === ExitKind.Tick || kind === ExitKind.Compiled) continue;
    }
    if (kind === ExitKind.Done) {
      return readValues(i32, refs, base, type.results);
    }
    if (kind === ExitKind.Hostcall) {
      const wait = callHost(store, thread, canAwait);
      if (wait !== undefined) return wait;
      continue;
    }
    if (kind === ExitKind.Exception) throw exceptionToHost(exit.exception as ExceptionInstance);
    if (kind === ExitKind.Trap || kind === ExitKind.Break) {
      // Record first (done by the loop), raise second: handlers may retry, resume or unwind.
      const wait = settleExit(store, canAwait);
      if (wait !== undefined) return wait;
      continue;
    }
    throw exit.error;
  }
}

/** Calls the host function; a promise when a debugger waits at its exception (then the loop goes on). */
function callHost(store: Store, thread: Thread, canAwait: boolean): Promise<void> | undefined {
  const exn = hostCall(store, thread);
  if (exn === null) return undefined;
  const debug = store.debug;
  const wait = debug !== null && debug.pauseOnHostThrow ? debug.onHostThrow(exn, canAwait) : undefined;
  if (wait !== undefined) return wait.then(() => throwFromHost(store, exn));
  throwFromHost(store, exn);
  return undefined;
}

/** Throws a host function's exception into wasm at the call instruction (its site pc). */
function throwFromHost(store: Store, exn: ExceptionInstance): void {
  const exit = store.thread.exit;
  if (throwException(store, exn, exit.fp, exit.func, exit.sitePc, exit.depth)) return;
  throw exceptionToHost(exn);
}

/**
 * Calls the host function the loop (or compiled code) asked for: arguments from and results to
 * the VM stack at exit.hostArgs; the exit record's position and thread.sp are as before on
 * return. A host function's catchable JS exception is returned, to be thrown into wasm at the
 * call; anything else (a trap of a nested activation, a JS stack overflow) propagates.
 */
export function hostCall(store: Store, thread: Thread): ExceptionInstance | null {
  const exit = thread.exit;
  const hf = store.funcs[exit.hostFunc];
  const at = exit.hostArgs;
  const { params, results } = hf.type;
  const i32 = thread.i32, refs = thread.refs;
  const args = readValues(i32, refs, at, params);
  if (thread.hostDepth >= thread.maxHostDepth) {
    // Each nested host call holds JS frames: trapping here keeps the JS stack from overflowing.
    const trap = new Trap(TrapCode.StackExhausted, `(host calls nested ${thread.hostDepth} deep: the store's limit hostCallDepth)`);
    trap.frames = collectFrames(store);
    throw trap;
  }
  // A re-entrant invoke builds its frames above this call's arguments and results, and moves the
  // exit record; the loop's registers are put back before re-entering.
  const fp = exit.fp, pc = exit.resumePc, site = exit.sitePc, depth = exit.depth, cur = exit.func, sp = thread.sp;
  thread.sp = at + Math.max(slotWords(params), slotWords(results)) + HEADER_I32;
  let out: RawValue[] = [];
  let failed = false;
  let failure: unknown;
  const debug = store.debug;
  // Watchpoints see what the host writes (their values before, compared when it returns) and what it declares reading.
  const watch = debug !== null ? debug.watchHostCall(hf) : null;
  try {
    if (debug !== null && debug.probes.hostcall) debug.hostcallProbe('hostcall', hf, args);
    const outerVia = viaHost, outerThread = viaHostThread;
    viaHost = hf;
    viaHostThread = thread;
    thread.hostDepth++;
    try {
      out = hf.host!(args);
    } finally {
      thread.hostDepth--;
      viaHost = outerVia;
      viaHostThread = outerThread;
    }
    if (debug !== null && debug.probes.hostcall) debug.hostcallProbe('hostreturn', hf, args, out);
  } catch (error) {
    failed = true;
    failure = error;
  } finally {
    exit.fp = fp;
    exit.resumePc = pc;
    exit.sitePc = site;
    exit.depth = depth;
    exit.func = cur;
    thread.sp = sp;
  }
  if (watch !== null) debug!.afterHostCall(watch, !failed);
  if (failed) {
    // A real trap (from a nested activation) stays a trap; a RuntimeError made by JS is a JS value.
    if (!isCatchableHostError(failure, (e) => e instanceof Trap && e.code !== undefined)) throw failure;
    return exceptionFromHost(failure);
  }
  writeValues(i32, refs, at, results, out);
  return null;
}

interface SavedState {
  pc: number;
  sp: number;
  depth: number;
  limit: number;
  prompt: StackSegment | null;
}
/** What an entry changes besides the exit position, which the Activation saves (CallThreadState). */
function saveState(t: Thread): SavedState {
  return { pc: t.exit.resumePc, sp: t.sp, depth: t.exit.depth, limit: t.limit, prompt: t.prompt };
}
function restoreState(t: Thread, s: SavedState): void {
  t.exit.resumePc = s.pc;
  t.sp = s.sp;
  t.exit.depth = s.depth;
  t.limit = s.limit;
  t.prompt = s.prompt;
}
