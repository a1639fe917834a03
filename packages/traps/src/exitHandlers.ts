/**
 * The exit-handler registry: who decides what happens after wasm has been left by a trap or a
 * break, while every frame is still alive (wasmtime's record-then-raise).
 *
 *   1. The interpreter writes the thread's exit record (exitRecord.ts: kind, position, trap code)
 *      and returns to the driver — exactly as it does for a host call.
 *   2. The runtime asks the handlers registered here, newest first, with a context that can walk
 *      every frame (all activations) and read/write state. The first handler returning a
 *      decision wins.
 *   3. The runtime obeys the decision:
 *        - `unwind`  (the default for traps): the trap becomes a RuntimeError (Trap) with frames;
 *        - `retry`   run the instruction at the exit pc again (after the handler grew memory, fixed a
 *                    table, ...). For a breakpoint this is "continue": the original instruction runs;
 *        - `resume`  the instruction produces `values` (its results, in order) and execution continues
 *                    after it (a trapping divide returns a chosen value, a breakpoint skips).
 *
 * Handlers live on a CallThreadState (one per runtime thread/Store: what a debugger attaches to)
 * or in the global list (used for every thread that has none of its own).
 * NB: zero cost when none is registered: the runtime looks at the list only on traps and breaks,
 * never on the hot paths; with no handler a trap unwinds exactly as before.
 */
import type { CallThreadState } from './callThreadState.ts';
import type { ExitKind } from './exitRecord.ts';
import type { FrameCursor } from './frameCursor.ts';
import type { TrapCode } from './trapCode.ts';

export type HandlerDecision =
  | { readonly action: 'unwind' }
  | { readonly action: 'retry' }
  | { readonly action: 'resume'; readonly values: readonly unknown[] };

export const UNWIND: HandlerDecision = Object.freeze({ action: 'unwind' });
export const RETRY: HandlerDecision = Object.freeze({ action: 'retry' });
/** `resume` with the instruction's results (RawValues in the runtime: i32 number, i64 bigint, ...). */
export function resumeWith(...values: unknown[]): HandlerDecision {
  return { action: 'resume', values };
}

/**
 * What every handler receives. The runtime passes a richer context (locals, operands, globals,
 * memory; see the runtime's DebugHooks), which extends this one.
 */
export interface ExitContext {
  /** Why wasm was left: Trap, Break (breakpoint, step, probe), ... */
  readonly kind: ExitKind;
  /** The trap condition (TrapCode.None unless kind is Trap). */
  readonly trapCode: TrapCode;
  /** The thread whose frames are alive. */
  readonly state: CallThreadState;
  /** A cursor on the newest frame; moveUp() walks every frame of every activation. */
  frames(): FrameCursor;
  /**
   * Whether a promise returned by the handler is awaited (async entry, e.g. invokeAsync). In a
   * synchronous entry a handler must decide synchronously; a returned promise is an error.
   */
  readonly canAwait: boolean;
}

/** A handler: a decision, nothing (let older handlers / the default decide), or a promise of either. */
export type ExitHandler<C extends ExitContext = ExitContext> = (
  ctx: C,
) => HandlerDecision | void | undefined | Promise<HandlerDecision | void | undefined>;

const globalHandlers: ExitHandler<never>[] = [];

/** Where a handler is registered: one thread (a Store's CallThreadState) or every thread. */
export type HandlerTarget = CallThreadState | 'global';

/**
 * Registers `handler` (newest first) for a thread or globally; returns the function that removes
 * it. A thread with handlers of its own does not consult the global ones.
 */
export function registerHandler<C extends ExitContext = ExitContext>(target: HandlerTarget, handler: ExitHandler<C>): () => void {
  const list: ExitHandler<never>[] =
    target === 'global' ? globalHandlers : (target.handlers ??= []);
  list.unshift(handler as ExitHandler<never>);
  return () => {
    const i = list.indexOf(handler as ExitHandler<never>);
    if (i >= 0) list.splice(i, 1);
    if (target !== 'global' && list.length === 0) target.handlers = null;
  };
}

/** The handlers consulted for `state`, newest first; null when there are none (the fast check). */
export function handlersFor(state: CallThreadState): readonly ExitHandler<never>[] | null {
  const own = state.handlers;
  if (own !== null) return own;
  return globalHandlers.length > 0 ? globalHandlers : null;
}

/**
 * Runs the handlers synchronously until one decides. A promise from a handler is returned as
 * such (the caller awaits it in an async entry, or rejects it in a sync one) — later handlers are
 * then not consulted.
 */
export function decide<C extends ExitContext>(
  handlers: readonly ExitHandler<never>[],
  ctx: C,
): HandlerDecision | undefined | Promise<HandlerDecision | void | undefined> {
  for (const h of handlers) {
    const d = (h as unknown as ExitHandler<C>)(ctx);
    if (d === undefined || d === null) continue;
    return d as HandlerDecision | Promise<HandlerDecision | void | undefined>;
  }
  return undefined;
}
