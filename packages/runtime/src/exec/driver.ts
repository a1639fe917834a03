/**
 * The driver: entering wasm from the host (`invoke`), running host functions the interpreter
 * asks for, and turning traps into Trap errors. The loop never recurses per wasm call; this
 * driver recurses only when a host function re-enters wasm (a new Activation on the same VM
 * stack, above the calling frame's arguments).
 *
 * Protocol with the loop (interpreter.ts):
 *   - Hostcall: the callee's arguments are at thread.hostArgs (int32 index); the driver reads
 *     them, calls the host function, writes the results at the same place, re-enters at thread.pc.
 *   - Trap: thread.trapCode, thread.pc (the trapping instruction), thread.fp / thread.func; the
 *     driver records the frames (walking the header chain) into the Trap and unwinds.
 *   - Exception: a wasm exception left the activation (frames already unwound by
 *     exceptions.ts); the host gets it as thrown (instances/exception.ts `exceptionToHost`).
 *   - A host function's JS exception is thrown INTO wasm at the call (catchable by catch_all,
 *     by `catch $JSTag`, or by its tag for an ExceptionInstance); uncaught, it reaches the caller
 *     as the same object. Traps (and JS stack overflow) pass through uncatchable.
 *   - Each activation starts a new prompt chain (thread.prompt = null): a `suspend` cannot cross
 *     a host frame ("unhandled tag"); a trap releases the activation's running segments.
 */
import { FRAME_LAYOUT, Trap, TrapCode, type RawFrame } from '@lantern/traps';
import type { Store } from '../store/store.ts';
import type { FuncInstance } from '../instances/func.ts';
import { type RawValue, readRaw, writeRaw } from '../instances/values.ts';
import { ExitReason, run } from './interpreter.ts';
import type { Thread } from './thread.ts';
import { indirectFailure } from './tableAccess.ts';
import { throwException } from './exceptions.ts';
import { type ExceptionInstance, exceptionFromHost, exceptionToHost, isCatchableHostError } from '../instances/exception.ts';
import { SEGMENT_BOTTOM, type StackSegment } from '../continuations/stackSegment.ts';
import { abandonSegments, type ContRef, type Continuation } from '../continuations/continuation.ts';
import { collectFrames } from '../exit/frames.ts';
import { pausedStores, settleExit } from '../exit/exitProtocol.ts';
import { yieldAtTick } from './tickYield.ts';

const HEADER_I32 = FRAME_LAYOUT.HEADER_CELLS * 2;

/** Calls `func` with `args` (RawValues); returns its results. Throws Trap on a trap. */
export function invoke(store: Store, func: FuncInstance, args: RawValue[]): RawValue[] {
  if (func.host !== undefined) return func.host(args);
  const thread = store.thread;
  const saved = enterWasm(store, func, args);
  try {
    // Synchronous entry: drive() never returns a promise (a handler's promise is an error there).
    return drive(store, saved.base, func, false) as RawValue[];
  } finally {
    leaveWasm(thread, saved);
  }
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
  try {
    for (;;) {
      const r = drive(store, saved.base, func, true);
      if (!(r instanceof Promise)) return r;
      await r;
    }
  } finally {
    leaveWasm(thread, saved);
  }
}

/** The host function whose call re-enters wasm now (callHost sets it), per thread. */
let viaHost: FuncInstance | null = null;
let viaHostThread: Thread | null = null;

/** Pushes the entry frame and an Activation; returns what leaveWasm restores. */
function enterWasm(store: Store, func: FuncInstance, args: RawValue[]): SavedState & { base: number } {
  const thread = store.thread;
  const saved = saveState(thread);
  const base = thread.sp;
  if (func.entryPc < 0 && !store.compileFunc(func)) throw thread.error;
  const type = func.type;
  if (base + func.localsI32 + func.frameI32 > saved.limit || thread.depth >= thread.maxDepth) {
    const trap = new Trap(TrapCode.StackExhausted);
    trap.frames = collectFrames(store);
    throw trap;
  }
  const i32 = thread.i32, refs = thread.refs;
  for (let i = 0; i < type.params.length; i++) writeRaw(i32, refs, base + 2 * i, type.params[i], args[i]);
  const h = base + func.localsI32;
  i32[h] = FRAME_LAYOUT.ENTRY_FP;
  i32[h + 1] = FRAME_LAYOUT.ENTRY_FP;
  i32[h + 2] = -1;
  i32[h + 3] = 0;
  i32[h + 4] = func.addr;
  thread.fp = base;
  thread.pc = func.entryPc;
  thread.func = func.addr;
  thread.depth = saved.depth + 1;
  thread.prompt = null;
  thread.state.enter(base >> 1, base >> 1, viaHostThread === thread ? viaHost : null);
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
  const type = func.type;
  const i32 = thread.i32, refs = thread.refs;
  for (;;) {
    let reason = run(store);
    if (reason === ExitReason.Compiled) {
      // Compiled code (src/tier/) runs the frame; Compiled again means: back to the loop.
      reason = store.tier!.enter(store, false);
      if (reason === ExitReason.Compiled) continue;
    }
    const debug = store.debug;
    if (debug !== null) debug.afterExit();
    if (reason === ExitReason.Done) {
      const results: RawValue[] = [];
      for (let i = 0; i < type.results.length; i++) results.push(readRaw(i32, refs, base + 2 * i, type.results[i]));
      return results;
    }
    if (reason === ExitReason.Hostcall) {
      callHost(store, thread);
      continue;
    }
    if (reason === ExitReason.Exception) throw exceptionToHost(thread.exception as ExceptionInstance);
    if (reason === ExitReason.Tick) {
      const wait = yieldAtTick(store, canAwait);
      if (wait !== undefined) return wait;
      continue;
    }
    if (reason === ExitReason.Trap || reason === ExitReason.Break) {
      // Record first (done by the loop), raise second: handlers may retry, resume or unwind.
      const wait = settleExit(store, reason, canAwait);
      if (wait !== undefined) return wait;
      continue;
    }
    throw thread.error;
  }
}

function callHost(store: Store, thread: Thread): void {
  const exn = hostCall(store, thread);
  if (exn === null) return;
  // Thrown into wasm at the call instruction (pc - 1 lies inside it).
  if (throwException(store, exn, thread.fp, thread.func, thread.pc - 1, thread.depth)) return;
  throw exceptionToHost(exn);
}

/**
 * Calls the host function the loop (or compiled code) asked for: arguments from and results to
 * the VM stack at thread.hostArgs; thread.fp/pc/depth/func/sp are as before on return. A host
 * function's catchable JS exception is returned, to be thrown into wasm at the call; anything
 * else (a trap of a nested activation, a JS stack overflow) propagates.
 */
export function hostCall(store: Store, thread: Thread): ExceptionInstance | null {
  const hf = store.funcs[thread.hostFunc];
  const at = thread.hostArgs;
  const { params, results } = hf.type;
  const i32 = thread.i32, refs = thread.refs;
  const args: RawValue[] = [];
  for (let i = 0; i < params.length; i++) args.push(readRaw(i32, refs, at + 2 * i, params[i]));
  // A re-entrant invoke builds its frames above this call's arguments and results.
  const fp = thread.fp, pc = thread.pc, depth = thread.depth, cur = thread.func, sp = thread.sp;
  thread.sp = at + 2 * Math.max(params.length, results.length) + HEADER_I32;
  let out: RawValue[] = [];
  let failed = false;
  let failure: unknown;
  try {
    const debug = store.debug;
    if (debug !== null && debug.probes.hostcall) debug.hostcallProbe('hostcall', hf, args);
    const outerVia = viaHost, outerThread = viaHostThread;
    viaHost = hf;
    viaHostThread = thread;
    try {
      out = hf.host!(args);
    } finally {
      viaHost = outerVia;
      viaHostThread = outerThread;
    }
    if (debug !== null && debug.probes.hostcall) debug.hostcallProbe('hostreturn', hf, args, out);
  } catch (error) {
    failed = true;
    failure = error;
  } finally {
    thread.fp = fp;
    thread.pc = pc;
    thread.depth = depth;
    thread.func = cur;
    thread.sp = sp;
  }
  if (failed) {
    // A real trap (from a nested activation) stays a trap; a RuntimeError made by JS is a JS value.
    if (!isCatchableHostError(failure, (e) => e instanceof Trap && e.code !== undefined)) throw failure;
    return exceptionFromHost(failure);
  }
  for (let i = 0; i < results.length; i++) writeRaw(i32, refs, at + 2 * i, results[i], out[i]);
  return null;
}

interface SavedState {
  fp: number;
  pc: number;
  sp: number;
  depth: number;
  func: number;
  limit: number;
  prompt: StackSegment | null;
}
function saveState(t: Thread): SavedState {
  return { fp: t.fp, pc: t.pc, sp: t.sp, depth: t.depth, func: t.func, limit: t.limit, prompt: t.prompt };
}
function restoreState(t: Thread, s: SavedState): void {
  t.fp = s.fp;
  t.pc = s.pc;
  t.sp = s.sp;
  t.depth = s.depth;
  t.func = s.func;
  t.limit = s.limit;
  t.prompt = s.prompt;
}

/**
 * The frames of the current activation, newest first, from a frame (int32 FP), its function's
 * address and its internal pc. The newest frame's offset is its instruction's; callers' are
 * their call instructions' (return pc - 1 lies inside the call).
 *
 * Continuations: the bottom frame of a running continuation's segment links to the frame that
 * resumed it (stackSegment.ts), so the walk goes on into the resumer (at its `resume`); that
 * bottom frame carries `boundary` = the continuation and the tag it was last suspended with.
 * `stopFp`: stop after the frame at this FP (a suspended continuation's bottom frame, whose link
 * is stale until it is resumed again; see continuationFrames).
 */
export function walkFrames(store: Store, fp: number, func: number, pc: number, stopFp = -1): RawFrame[] {
  const i32 = store.thread.i32;
  const frames: RawFrame[] = [];
  let first = true;
  for (;;) {
    const f = store.funcs[func];
    if (f === undefined || f.codeMap === null) break;
    const h = fp + f.localsI32;
    const offset = f.codeMap.offsetAt(first ? pc : pc - 1);
    if (i32[h + 3] === SEGMENT_BOTTOM) {
      const owner = store.thread.pool.segmentAt(fp)?.owner as Continuation | null | undefined;
      const boundary = { continuation: owner ?? null, tag: owner?.tag ?? null };
      frames.push({ kind: 'wasm', funcIndex: f.funcIndex, offset, instance: f.instance, boundary });
    } else {
      frames.push({ kind: 'wasm', funcIndex: f.funcIndex, offset, instance: f.instance });
    }
    if (fp === stopFp) break;
    const callerFp = i32[h];
    if (callerFp < 0) break;
    func = i32[h + 1];
    pc = i32[h + 2];
    fp = callerFp << 1;
    first = false;
  }
  return frames;
}

/**
 * The frames of a suspended continuation (without resuming it), newest first: from its
 * suspension point down to the bottom frame of its outermost segment. Empty when it is fresh
 * (not started) or consumed. The newest frame's offset is its `suspend`/`switch`'s.
 */
export function continuationFrames(store: Store, ref: ContRef): RawFrame[] {
  const cont = ref.cont;
  if (cont === null || cont.fresh !== null) return [];
  // cont.pc is where it will continue; pc - 1 lies inside its suspend/switch instruction.
  return walkFrames(store, cont.fp, cont.func, cont.pc - 1, cont.bottom.base);
}
