/**
 * The raise protocol on the runtime side (@lantern/traps hostcall.ts): what the driver does when
 * the loop returned Trap or Break. The exit state is already recorded (CallThreadState); here the
 * registered handlers are asked, with every frame alive, and their decision is carried out:
 *
 *   unwind   -> throw the Trap: frames of ALL activations + a V8-format `stack` (exit/v8Stack.ts)
 *   retry    -> re-enter the loop at the trapping instruction (thread.pc is its pc)
 *   resume   -> write the values into the instruction's result slot(s) (isa/layout.ts resultSlotAt: the
 *               "d first" convention), re-enter just after the instruction
 *   ctx.forceReturn(frame, values) -> (with any decision but unwind) that frame returns the
 *               values, its caller continues after its call (exit/forceReturn.ts)
 *
 * Breaks (patched Break opcodes) are handled by the store's DebugState (debug/debugState.ts).
 *
 * Sync vs async: in a synchronous entry (invoke) a handler's promise is an error (TypeError);
 * in an async entry (invokeAsync) the promise is returned to the driver, which awaits it with
 * every VM frame kept on the VM stack (thread.sp is raised above them meanwhile, so that JS
 * running in between may call into the store synchronously), then applies the decision.
 *
 * NB: with no handler registered a trap costs exactly what it did before (one null check).
 */
import { ExitKind, type HandlerDecision, Trap, TrapCode, decide, handlersFor } from '@lantern/traps';
import type { Store } from '../store/store.ts';
import { collectFrames } from './frames.ts';
import { attachV8Stack } from './v8Stack.ts';
import { PauseContext, type PauseDetails, type PauseReason } from './pauseContext.ts';
import { applyForceReturn } from './forceReturn.ts';
import { applyResumeValues } from './resumeValues.ts';
import { ExitReason } from '../exec/interpreter.ts';
import { indirectFailure } from '../exec/tableAccess.ts';

/** Makes the Trap for the exit recorded on the thread: code, message, frames, stack. */
export function makeTrap(store: Store, code: TrapCode = store.thread.trapCode): Trap {
  const detail = code === TrapCode.UndefinedElement || code === TrapCode.UninitializedElement ? String(indirectFailure.index) : undefined;
  const trap = new Trap(code, detail);
  trap.frames = collectFrames(store);
  attachV8Stack(trap, trap.frames);
  return trap;
}

/**
 * Handles a Trap or Break exit. Returns undefined when the loop is to be re-entered (thread.pc/fp
 * set), a promise (async entries only) to await before re-entering; throws for unwind.
 */
export function settleExit(store: Store, reason: ExitReason, canAwait: boolean): Promise<void> | undefined {
  if (reason === ExitReason.Break) {
    const debug = store.debug;
    if (debug === null) throw new Error(`internal: Break at pc ${store.thread.pc} without a debugger`);
    return debug.onBreak(canAwait);
  }
  const handlers = handlersFor(store.thread.state);
  if (handlers === null) throw makeTrap(store);
  return pauseAndApply(store, 'trap', canAwait, () => undefined);
}

/**
 * Runs the handlers with a PauseContext for the current exit and applies their decision; `onContinue`
 * (breaks: execute the original instruction, set up stepping) runs for retry / no decision.
 */
export function pauseAndApply(
  store: Store,
  reason: PauseReason,
  canAwait: boolean,
  onContinue: (ctx: PauseContext) => void,
  probe?: string,
  details?: PauseDetails,
): Promise<void> | undefined {
  const thread = store.thread;
  const handlers = handlersFor(thread.state);
  const ctx = new PauseContext(store, reason, canAwait, probe, details);
  if (handlers === null) {
    apply(store, ctx, undefined, onContinue);
    return undefined;
  }
  const release = protectFrames(store);
  let d: ReturnType<typeof decide>;
  try {
    d = decide(handlers, ctx);
  } catch (e) {
    release();
    throw e;
  }
  if (d instanceof Promise) {
    if (!canAwait) {
      release();
      throw new TypeError('a trap/break handler returned a promise in a synchronous entry (use invokeAsync)');
    }
    return awaitDecision(store, ctx, d, onContinue, release);
  }
  release();
  apply(store, ctx, d ?? undefined, onContinue);
  return undefined;
}

async function awaitDecision(
  store: Store,
  ctx: PauseContext,
  p: Promise<HandlerDecision | void | undefined>,
  onContinue: (ctx: PauseContext) => void,
  release: () => void,
): Promise<void> {
  let d: HandlerDecision | void | undefined;
  try {
    d = await p;
  } finally {
    release();
  }
  apply(store, ctx, d ?? undefined, onContinue);
}

/** Stores paused in a handler (a second async entry would interleave stacks: refused). */
export const pausedStores = new WeakSet<Store>();

/**
 * While the running activation waits (handlers run, an async handler's promise settles, an async
 * entry yields at a Tick) its frames are protected: wasm called meanwhile (a handler evaluating an
 * export, a timer) builds its frames above them, and a second async entry is refused. Returns the
 * function that undoes it.
 */
export function protectFrames(store: Store): () => void {
  const thread = store.thread;
  const sp = thread.sp;
  const f = store.funcs[thread.func];
  thread.sp = Math.max(sp, f === undefined ? sp : thread.fp + f.localsI32 + f.frameI32);
  const wasPaused = pausedStores.has(store);
  pausedStores.add(store);
  return () => {
    thread.sp = sp;
    if (!wasPaused) pausedStores.delete(store);
  };
}

function apply(store: Store, ctx: PauseContext, d: HandlerDecision | undefined, onContinue: (ctx: PauseContext) => void): void {
  const thread = store.thread;
  ctx.expire();
  const kind = thread.state.exitKind;
  const fr = ctx.forceReturnRequest;
  if (fr !== null && d?.action !== 'unwind') {
    // Return from a frame with values (exit/forceReturn.ts); the loop continues in its caller.
    const returnPc = applyForceReturn(store, fr.depth, fr.values);
    store.debug?.afterForceReturn(ctx, returnPc);
    return;
  }
  if (d === undefined) {
    if (kind === ExitKind.Trap) throw makeTrap(store);
    onContinue(ctx);
    return;
  }
  switch (d.action) {
    case 'unwind':
      throw makeTrap(store, kind === ExitKind.Trap ? thread.trapCode : TrapCode.Interrupted);
    case 'retry':
      onContinue(ctx);
      return;
    case 'resume':
      applyResumeValues(store, d.values);
      store.debug?.afterResume(ctx);
      return;
  }
}
