/**
 * The vocabulary of a debug session: what a client (the `lantern debug` CLI, a Debug Adapter
 * Protocol server, a browser UI) launches, sees and asks. Protocol-neutral, but shaped so each
 * DAP request is one call: ids are integers, frames and variables are handles valid until the
 * program runs again, paging is start/count.
 */
import type { FileSystem } from '@lantern/wasi';
import type { TierPolicy } from '@lantern/runtime';
import type { PauseContext } from '../pauseContext.ts';
import type { PauseReason, StepGranularity, StepKind } from '../events.ts';
import type { FrameInfo } from '../frames/frameInfo.ts';
import type { SymbolResolver } from '../source/symbolResolver.ts';
import type { ExceptionInfo } from '../control/controlInfo.ts';
import type { WatchAccess } from '../breakpoints/watchpoint.ts';

// ------------------------------------------------------------------ launching

export interface LaunchOptions {
  /** The module's bytes (a `.wat` text assembled by the caller with @lantern/wat). */
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** The program's name: argv[0] and the label in stack traces (a file path usually). */
  readonly name: string;
  /** Symbols: a resolver the caller set up (source files, WAT text); a fresh one otherwise. */
  readonly symbols?: SymbolResolver;
  /**
   * What runs: a WASI command's `_start` (the default when exported), or a reactor — its
   * `_initialize` when exported, then `invoke` with its arguments (JS values: numbers, bigints).
   */
  readonly invoke?: { readonly name: string; readonly args: readonly unknown[] };
  /** argv after argv[0]. */
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Guest directory → host directory (a path in `fs`). */
  readonly preopens?: Readonly<Record<string, string>>;
  /** WASI's file system (default: the disk in Node, an empty in-memory one elsewhere). */
  readonly fs?: FileSystem;
  /**
   * Where the program's output goes: a callback, 'events' (`output` events with the text), or by
   * default the process's streams in Node (collected by the Wasi host elsewhere).
   */
  readonly stdout?: ((data: Uint8Array) => void) | 'events';
  readonly stderr?: ((data: Uint8Array) => void) | 'events';
  /** Reads up to `maxBytes` of input; null or an empty array = end of file. */
  readonly stdin?: (maxBytes: number) => Uint8Array | null;
  /** More imports beside `wasi_snapshot_preview1` (module name → name → value). */
  readonly imports?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Stop at the first instruction (reason 'entry'). */
  readonly stopOnEntry?: boolean;
  /** Engine: VM stack size in 8-byte cells; tier (the debugger sees compiled code only where the tier supports it). */
  readonly stackCells?: number;
  readonly tier?: TierPolicy;
  /**
   * Compile functions in debug mode (default true): the operand stack is materialized — shown,
   * writable, and read at a stop before a wasm throw. false: faster code, no operand stack.
   */
  readonly debugCompile?: boolean;
  /** Engine: the fuel budget in wasm instructions (the runtime's `fuel`); running out stops with the trap "out of fuel". */
  readonly fuel?: number;
}

/** Why a launch could not run the program (it never started). */
export type LaunchPhase = 'compile' | 'link' | 'instantiate' | 'entry';

// ------------------------------------------------------------------ state and stops

export type SessionState = 'idle' | 'running' | 'paused' | 'ended';

/** Why the program stopped: the debugger's pause reasons, plus 'entry' (stopOnEntry). */
export type StopReason = PauseReason | 'entry';

export interface TrapInfo {
  /** The spec's message ("integer divide by zero"). */
  readonly message: string;
  /** The trap code (@lantern/traps TrapCode), undefined when unknown. */
  readonly code: number | undefined;
  /** Module byte offset of the trapping instruction and its function. */
  readonly offset: number;
  readonly function: string;
  /** What the trapping instruction produces: `resume` must give this many values. */
  readonly resultCount: number;
}

export interface Stop {
  readonly reason: StopReason;
  /** The user breakpoints (BreakpointManager ids) that stopped here. */
  readonly breakpointIds: readonly number[];
  /** reason 'watchpoint': the watchpoints hit by the instruction before this one. */
  readonly watchpoints: readonly WatchHitReport[];
  /** reason 'trap': what trapped. */
  readonly trap: TrapInfo | undefined;
  /**
   * reason 'exception': the wasm exception thrown (a stop before the `throw` / `throw_ref`, so
   * before unwinding). Throws without such an instruction (a legacy `rethrow`, `resume_throw`, a
   * host function's throw) are reported from inside the runtime, synchronously: `nested`.
   */
  readonly exception: ExceptionInfo | undefined;
  /** reason 'exception': whether a wasm handler on the stack will catch it. */
  readonly predicted: 'caught' | 'uncaught' | undefined;
  /** One line for a UI ("Paused on breakpoint", "Paused on trap: integer divide by zero"). */
  readonly description: string;
  /** The whole stack, newest first (wasm and host frames). */
  readonly frames: readonly FrameInfo[];
  /** The live pause (valid until the program runs again). */
  readonly context: PauseContext;
  /**
   * A stop inside a synchronous nested activation (a host function called back into wasm)
   * cannot wait: it is reported, then the session continues at once.
   */
  readonly nested: boolean;
}

/** How a run ended. */
export type RunEnd =
  /** `_start` returned (code 0), `proc_exit(code)`, or the invoked export returned `result`. */
  | { readonly kind: 'exited'; readonly exitCode: number; readonly result?: unknown }
  /** A trap unwound out of wasm (the RuntimeError, with its wasm stack). */
  | { readonly kind: 'trapped'; readonly error: Error }
  /** A host error escaped (not a trap, not an exit), or a wasm exception (UncaughtWasmException). */
  | { readonly kind: 'failed'; readonly error: unknown }
  /** `terminate()` or `restart()` ended it. */
  | { readonly kind: 'terminated' };

/** What a resuming call resolves with: the next stop, or the end of the run. */
export type Outcome = { readonly kind: 'stopped'; readonly stop: Stop } | { readonly kind: 'ended'; readonly end: RunEnd };

export interface StepRequest {
  readonly kind: StepKind;
  /** 'line' (default where there is line info), 'statement' (a column change counts), 'instruction'. */
  readonly granularity?: StepGranularity;
}

/** Which exceptional events stop (DAP setExceptionBreakpoints). */
export interface ExceptionFilters {
  /** A trap stops before unwinding (default true); false: it unwinds and ends the run. */
  readonly traps: boolean;
  /** Wasm exceptions: stop at every throw, at throws no wasm handler will catch, or never (default). */
  readonly exceptions: 'none' | 'uncaught' | 'all';
}

// ------------------------------------------------------------------ inspection

export interface ThreadInfo {
  readonly id: number;
  readonly name: string;
}

export interface StackFrameHandle {
  /** Stable for this stop; invalid once the program runs. */
  readonly id: number;
  readonly frame: FrameInfo;
  /** Function name (source level when known); host frames: `<host> module.name`. */
  readonly name: string;
  /** Inlined source frames get their own handle (`inlined` = depth inside `frame`, 0 = outermost call site). */
  readonly inlined: number;
  readonly source: { readonly file: string; readonly line: number; readonly column: number } | undefined;
  /** Module byte offset (the instruction about to run, or a caller's call). */
  readonly pc: number | undefined;
}

export type ScopeKind = 'locals' | 'parameters' | 'wasmLocals' | 'operands' | 'globals' | 'memory';

export interface ScopeInfo {
  readonly kind: ScopeKind;
  readonly name: string;
  /** Pass to `variables`. */
  readonly variablesReference: number;
  readonly namedVariables?: number;
  readonly indexedVariables?: number;
  /** Globals and memory are large and shared: a UI may fold them. */
  readonly expensive: boolean;
}

export interface VariableInfo {
  readonly name: string;
  readonly value: string;
  readonly type: string | undefined;
  /** > 0: expandable (struct, array, pointer), pass to `variables`. */
  readonly variablesReference: number;
  readonly namedVariables?: number;
  readonly indexedVariables?: number;
  /** A linear-memory address for readMemory (pointers, objects in memory, memories). */
  readonly memoryReference?: string;
  /** An expression that names it (for setExpression, watch, "copy as expression"). */
  readonly evaluateName?: string;
}

export type EvaluateContext = 'watch' | 'repl' | 'hover' | 'clipboard' | 'variables';

export interface EvaluateResult {
  readonly result: string;
  readonly type: string | undefined;
  readonly variablesReference: number;
  readonly namedVariables?: number;
  readonly indexedVariables?: number;
  readonly memoryReference?: string;
}

// ------------------------------------------------------------------ breakpoints

export type BreakpointTarget =
  | { readonly kind: 'source'; readonly file: string; readonly line: number }
  | { readonly kind: 'function'; readonly name: string }
  | { readonly kind: 'instruction'; readonly offset: number };

export interface BreakpointRequest {
  /** `expr` or `expr OP expr` (OP: == != < <= > >=), evaluated in the stopped frame. */
  readonly condition?: string;
  /** `N` / `>= N`, `== N`, `% N` over the hits whose condition held. */
  readonly hitCondition?: string;
  /** A logpoint: `{expr}` parts are evaluated and printed; it never stops. */
  readonly logMessage?: string;
  /** A logpoint whose text the client formats itself (the CLI's dprintf); throws a UserError to report. */
  readonly log?: (evaluate: (expression: string) => import('../expression/evaluator.ts').Evaluated, readMemory: (address: number, length: number) => Uint8Array) => string;
  readonly enabled?: boolean;
}

export interface BreakpointState {
  readonly id: number;
  readonly target: BreakpointTarget;
  /** Resolved to code in the program (and bound in the running module, while a run is live). */
  readonly verified: boolean;
  /** Why it is not verified. */
  readonly message: string | undefined;
  /** Module byte offsets it binds at. */
  readonly offsets: readonly number[];
  /** The source position it binds at (the next line with code when the requested one has none). */
  readonly file: string | undefined;
  readonly line: number | undefined;
  /** Function breakpoints: the function's name. */
  readonly function: string | undefined;
  readonly enabled: boolean;
  readonly condition: string | undefined;
  readonly hitCondition: string | undefined;
  readonly logMessage: string | undefined;
  /** Hits whose condition held, over every run. */
  readonly hits: number;
}

// ------------------------------------------------------------------ watchpoints

/** What a watchpoint watches, resolved when it was set (`expression`: as the user wrote it). */
export type WatchTargetSpec =
  /** `length` bytes at `address` of memory `memory`, watched as C type `type` (when known). */
  | { readonly kind: 'memory'; readonly expression: string; readonly memory: number; readonly address: number; readonly length: number; readonly type: string | undefined }
  | { readonly kind: 'global'; readonly expression: string; readonly index: number };

export interface WatchpointRequest {
  readonly access: WatchAccess;
  /** As for breakpoints: evaluated where it stops (after the access: it sees the new value). */
  readonly condition?: string;
  readonly hitCondition?: string;
}

export interface WatchpointState {
  readonly id: number;
  readonly target: WatchTargetSpec;
  readonly access: WatchAccess;
  readonly condition: string | undefined;
  readonly hitCondition: string | undefined;
  readonly hits: number;
  /** Bound in the running program. */
  readonly verified: boolean;
}

/** One watchpoint hit of a stop. */
export interface WatchHitReport {
  readonly id: number;
  readonly expression: string;
  /** What the instruction did, and how the watchpoint watches. */
  readonly access: 'read' | 'write';
  readonly watched: WatchAccess;
  /** The instruction that touched the data (the stop is at the next one). */
  readonly function: string;
  readonly offset: number;
  readonly oldValue: string;
  readonly newValue: string;
  /** Written or read (`access`) by this host function (the instruction is its call). */
  readonly host?: string;
}

// ------------------------------------------------------------------ events

export interface OutputEvent {
  readonly category: 'stdout' | 'stderr' | 'console';
  readonly text: string;
  /** stdout/stderr: the bytes as written. */
  readonly data?: Uint8Array;
}

export interface BreakpointErrorEvent {
  readonly breakpoint: BreakpointState;
  /** 'condition': it is treated as true (the program stops); 'log': nothing is printed. */
  readonly during: 'condition' | 'log';
  readonly error: unknown;
}

export interface DebugSessionEvents {
  /** The program is instantiated and its entry about to run (DAP `process`). */
  process: (event: { readonly name: string; readonly invoke: string | undefined; readonly args: readonly string[] }) => void;
  stopped: (stop: Stop) => void;
  /** It runs again after a stop (DAP `continued`). */
  continued: () => void;
  output: (event: OutputEvent) => void;
  /** The run ended (DAP `exited` for kind 'exited', with the code). */
  ended: (end: RunEnd) => void;
  /** A breakpoint's state changed (bound when its module was compiled, hits, removed: `removed`). */
  breakpoint: (event: { readonly reason: 'changed' | 'removed'; readonly breakpoint: BreakpointState }) => void;
  breakpointError: (event: BreakpointErrorEvent) => void;
  /** A listener or the debugger failed in a way the user should see (one line). */
  warning: (message: string) => void;
}

export type { PauseReason, StepKind, StepGranularity };
