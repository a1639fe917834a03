/**
 * DebuggerEvents: the typed event map of `Debugger` (eventemitter3's EventEmitter<DebuggerEvents>).
 *
 * Stopping events (`trap`, `breakpoint`, `step`, `hostcall`, `enter`, `leave`, `memoryGrow`)
 * carry a `PauseContext`: the whole stack (`frames()`), globals, memories, tables, and the
 * execution-control actions (`continue`, `stepInto`/`stepOver`/`stepOut`, `unwind`, `retry`,
 * `resume`, `forceReturn`). The LAST action chosen by any listener wins; with none, a stop
 * continues (a trap unwinds). A listener may return a promise: under an async entry
 * (`Debugger.run`) execution stays paused until every returned promise settles; under a
 * synchronous entry a returned promise is an error reported on `error` (the decision is taken
 * when the listeners return).
 *
 * `paused` / `resumed` bracket every stop that listeners saw (after the specific event's
 * listeners chose, `resumed` tells what was chosen). `log` carries logpoint output.
 */

import type { Breakpoint } from './breakpoints/breakpoint.ts';
import type { WatchHitInfo } from './breakpoints/watchpoint.ts';
import type { EngineStep } from './engine.ts';
import type { PauseContext } from './pauseContext.ts';
import type { ContinuationInfo, ExceptionInfo, HandlerInfo } from './control/controlInfo.ts';
import type { TraceFrame } from './format/stackTrace.ts';

/** 'goto': stopped at the target of a goto (PauseContext.goto). */
export type PauseReason = 'breakpoint' | 'watchpoint' | 'step' | 'trap' | 'hostcall' | 'enter' | 'leave' | 'memoryGrow' | 'pause' | 'exception' | 'control' | 'goto';

/** Into / over / out: the runtime's step kinds (one vocabulary from the interpreter to the clients). */
export type StepKind = EngineStep;
/** 'statement': like 'line', but a new column on the same line is a new statement (DWARF is_stmt rows). */
export type StepGranularity = 'instruction' | 'line' | 'statement';

/** What a handler decided, as reported on `resumed` and in transcripts. */
export type ResumeAction =
  | { readonly kind: 'continue' }
  | { readonly kind: 'step'; readonly step: StepKind; readonly granularity: StepGranularity }
  | { readonly kind: 'unwind' }
  | { readonly kind: 'retry' }
  | { readonly kind: 'resume'; readonly values: readonly unknown[] }
  | { readonly kind: 'forceReturn'; readonly frame: number; readonly values: readonly unknown[] }
  | { readonly kind: 'goto'; readonly offset: number };

export interface TrapEvent {
  readonly reason: 'trap';
  /** The trap's message (the spec's wording) and code. */
  readonly message: string;
  readonly code: number | undefined;
  readonly context: PauseContext;
}

export interface BreakpointEvent {
  readonly reason: 'breakpoint';
  /** The breakpoints at this offset that stopped (conditions true, hit counts reached). */
  readonly breakpoints: readonly Breakpoint[];
  readonly context: PauseContext;
}

/** Data breakpoints touched by the instruction before the one stopped at. */
export interface WatchpointEvent {
  readonly reason: 'watchpoint';
  readonly hits: readonly WatchHitInfo[];
  readonly context: PauseContext;
}

export interface StepEvent {
  readonly reason: 'step' | 'pause';
  readonly step: StepKind | 'pause';
  readonly granularity: StepGranularity;
  readonly context: PauseContext;
}

export interface HostcallEvent {
  readonly reason: 'hostcall';
  /** 'call': about to call the host function (args); 'return': it returned (results). */
  readonly phase: 'call' | 'return';
  readonly importModule: string | undefined;
  readonly importName: string | undefined;
  /** The host function's JS name, when known. */
  readonly name: string | undefined;
  readonly values: readonly unknown[];
  readonly context: PauseContext;
}

export interface EnterLeaveEvent {
  readonly reason: 'enter' | 'leave';
  readonly funcIndex: number;
  readonly function: string;
  readonly context: PauseContext;
}

export interface MemoryGrowEvent {
  readonly reason: 'memoryGrow';
  readonly memory: number;
  /** Pages before the grow, and the requested delta. */
  readonly oldPages: number;
  readonly deltaPages: number;
  readonly context: PauseContext;
}

/**
 * Exception handling and stack switching. These events come from the runtime's control
 * hooks (`thread.hooks`), installed only while a listener, `breakOnExceptions` or a step needs
 * them. They happen in the middle of an instruction, so their contexts are SYNCHRONOUS only (a
 * listener's promise is an error) and their actions are limited: `continue` (the default: let the
 * exception propagate / the transfer happen) and `stepInto`/`stepOver`/`stepOut` (stop at the first
 * instruction executed after the transfer: the handler that catches the exception, the first
 * instruction inside a resumed continuation, the resumer's handler block after a suspend, the
 * switched-to continuation). Other actions are reported on `error` and ignored.
 */
export interface ExceptionThrownEvent {
  readonly reason: 'exception';
  readonly exception: ExceptionInfo;
  /**
   * Whether a wasm handler on the stack (every activation) will catch it, predicted at the throw
   * point. A host function between activations that catches it in JS is invisible to the
   * prediction (it says 'uncaught').
   */
  readonly predicted: 'caught' | 'uncaught';
  /** This throw is a pause (`breakOnExceptions`): `paused` follows, then `resumed`. */
  readonly pausing: boolean;
  /** The stack at the throw point, before any unwinding (newest frame: the throwing instruction). */
  readonly context: PauseContext;
}

export interface ExceptionCaughtEvent {
  readonly reason: 'exceptionCaught';
  readonly exception: ExceptionInfo;
  readonly handler: HandlerInfo;
  /** The stack where the handler continues (newest frame: the handler's frame at its label). */
  readonly context: PauseContext;
}

export interface ExceptionUncaughtEvent {
  readonly reason: 'exceptionUncaught';
  readonly exception: ExceptionInfo;
  /** The stack at the throw point (a snapshot: those frames are gone now). */
  readonly stack: readonly TraceFrame[];
}

export interface SuspendEvent {
  readonly reason: 'suspend';
  /** The continuation just captured (a new one at each suspension: contrefs are one-shot). */
  readonly continuation: ContinuationInfo;
  readonly tag: string;
  /** The stack at the `suspend` (inside the continuation, across into its resumers). */
  readonly context: PauseContext;
}

export interface ResumeEvent {
  readonly reason: 'resume';
  /** The continuation about to run (fresh, or suspended with `continuation.tag`). */
  readonly continuation: ContinuationInfo;
  /** 'resume' or 'resume_throw' (an exception is thrown at its suspension point). */
  readonly op: 'resume' | 'resume_throw';
  /** The stack at the `resume` instruction. */
  readonly context: PauseContext;
}

export interface SwitchEvent {
  readonly reason: 'switch';
  /** The running continuation, captured. */
  readonly from: ContinuationInfo;
  /** The continuation switched to. */
  readonly to: ContinuationInfo;
  readonly tag: string;
  /** The stack at the `switch` instruction. */
  readonly context: PauseContext;
}

/** What a stop's own event said, repeated on `paused` so a listener of `paused` alone has it. */
export interface PauseDetail {
  /** reason 'breakpoint': the breakpoints that stopped (as on `breakpoint`). */
  readonly breakpoints?: readonly Breakpoint[];
  /** reason 'watchpoint': the watchpoints that stopped (as on `watchpoint`). */
  readonly watchpoints?: readonly WatchHitInfo[];
  /** reason 'trap': its message and code (as on `trap`). */
  readonly trap?: { readonly message: string; readonly code: number | undefined };
  /** reason 'exception': the wasm exception thrown (as on `exceptionThrown`). */
  readonly exception?: ExceptionInfo;
  /** reason 'exception': whether a wasm handler will catch it (as on `exceptionThrown`). */
  readonly predicted?: 'caught' | 'uncaught';
}

export interface PausedEvent extends PauseDetail {
  readonly reason: PauseReason;
  /** The reason the last command expected (a step that finished says 'step'). */
  readonly expected: PauseReason | undefined;
  readonly context: PauseContext;
}

export interface ResumedEvent {
  readonly reason: PauseReason;
  readonly action: ResumeAction;
}

export interface LogEvent {
  readonly breakpoint: Breakpoint;
  readonly message: string;
}

/** Listener results: nothing, or a promise that keeps execution paused (async entries only). */
export type ListenerResult = void | Promise<unknown>;

export interface DebuggerEvents {
  trap: (event: TrapEvent) => ListenerResult;
  breakpoint: (event: BreakpointEvent) => ListenerResult;
  watchpoint: (event: WatchpointEvent) => ListenerResult;
  step: (event: StepEvent) => ListenerResult;
  hostcall: (event: HostcallEvent) => ListenerResult;
  enter: (event: EnterLeaveEvent) => ListenerResult;
  leave: (event: EnterLeaveEvent) => ListenerResult;
  memoryGrow: (event: MemoryGrowEvent) => ListenerResult;
  exceptionThrown: (event: ExceptionThrownEvent) => ListenerResult;
  exceptionCaught: (event: ExceptionCaughtEvent) => ListenerResult;
  exceptionUncaught: (event: ExceptionUncaughtEvent) => void;
  suspend: (event: SuspendEvent) => ListenerResult;
  resume: (event: ResumeEvent) => ListenerResult;
  switch: (event: SwitchEvent) => ListenerResult;
  paused: (event: PausedEvent) => ListenerResult;
  resumed: (event: ResumedEvent) => void;
  /** A logpoint's message (execution does not stop). */
  log: (event: LogEvent) => void;
  /** A breakpoint's binding changed (a pending one bound when its module was compiled). */
  breakpointChanged: (breakpoint: Breakpoint) => void;
  /** A listener failed (threw, or returned a promise under a synchronous entry). */
  error: (error: unknown) => void;
}
