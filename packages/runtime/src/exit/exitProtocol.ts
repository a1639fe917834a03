/**
 * The raise protocol on the runtime side (@lantern/traps exitHandlers.ts): what the driver does
 * when the loop left with a Trap or Break exit. The exit is already recorded (the thread's exit
 * record); here the registered handlers are asked, with every frame alive, and their decision is
 * carried out:
 *
 *   unwind   -> throw the Trap: frames of ALL activations + a V8-format `stack` (exit/v8Stack.ts)
 *   retry    -> re-enter the loop at the trapping instruction (the exit record's resumePc is its pc)
 *   resume   -> write the values into the instruction's result slot(s) (isa/layout.ts resultSlotAt: the
 *               "d first" convention), re-enter just after the instruction
 *   ctx.forceReturn(frame, values) -> (with any decision but unwind) that frame returns the
 *               values, its caller continues after its call (exit/forceReturn.ts)
 *   ctx.goto(offset) -> (with any decision but unwind, at a Break) the frame continues at another
 *               instruction of its function and stops there (exit/gotoTarget.ts)
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

/** Makes the Trap for the exit recorded on the thread: code, message, frames, stack. */
export function makeTrap(store: Store, code: TrapCode = store.thread.exit.trapCode): Trap {
  const named = code === TrapCode.UndefinedElement || code === TrapCode.UninitializedElement;
  const detail = named ? String(store.thread.exit.trapDetail) : undefined;
  const trap = new Trap(code, detail);
  trap.frames = collectFrames(store);
  attachV8Stack(trap, trap.frames);
  return trap;
}

/**
 * Handles a Trap or Break exit. Returns undefined when the loop is to be re-entered (at the exit
 * record's resumePc/fp), a promise (async entries only) to await before re-entering; throws for
 * unwind.
 */
export function settleExit(store: Store, canAwait: boolean): Promise<void> | undefined {
  if (store.thread.exit.kind === ExitKind.Break) {
    const debug = store.debug;
    if (debug === null) throw new Error(`internal: Break at pc ${store.thread.exit.resumePc} without a debugger`);
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
  const f = store.funcs[thread.exit.func];
  thread.sp = Math.max(sp, f === undefined ? sp : thread.exit.fp + f.localsI32 + f.frameI32);
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
  const kind = thread.exit.kind;
  const to = ctx.gotoRequest;
  if (to !== null && d?.action !== 'unwind') {
    // The frame continues at the goto target (exit/gotoTarget.ts), stopping there first.
    thread.exit.resumePc = to;
    store.debug?.stopAtResumePc();
    return;
  }
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
      throw makeTrap(store, kind === ExitKind.Trap ? thread.exit.trapCode : TrapCode.Interrupted);
    case 'retry':
      onContinue(ctx);
      return;
    case 'resume':
      applyResumeValues(store, d.values);
      store.debug?.afterResume(ctx);
      return;
  }
}

/**
 * Runs `f` with the thread's exit record presenting an exit of `kind` at a frame (int32 `fp`, the
 * function's store address, a `sitePc` inside its current instruction), so that frame walks and
 * PauseContexts see the stack from there — for code that shows the stack where the loop did not
 * exit (the debugger inside a control hook). The record is put back afterwards.
 */
export function presentExit<T>(store: Store, kind: ExitKind, fp: number, func: number, sitePc: number, f: () => T): T {
  const exit = store.thread.exit;
  const saved = { kind: exit.kind, fp: exit.fp, func: exit.func, sitePc: exit.sitePc };
  exit.kind = kind;
  exit.fp = fp;
  exit.func = func;
  exit.sitePc = sitePc;
  try {
    return f();
  } finally {
    exit.kind = saved.kind;
    exit.fp = saved.fp;
    exit.func = saved.func;
    exit.sitePc = saved.sitePc;
  }
}
