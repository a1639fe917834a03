/**
 * The runtime's debug hooks as the debugger uses them — one file, so the seam between
 * @lantern/debugger and @lantern/runtime (src/debug/: DebugState; src/exit/: PauseContext, StoreFrameCursor)
 * is in one place. The shapes are structural: what this package relies on, no more.
 *
 * NB: values cross as the runtime's RawValues (f32/f64 as bit patterns); frames/wasmValue.ts
 * converts them.
 */

import type {
  Breakpoint as RuntimeBreakpoint,
  ExceptionInstance,
  FuncInstance,
  Instance,
  PauseReason as RuntimePauseReason,
  RawValue,
  StepKind,
  Store,
  ValType,
  WatchHit as RuntimeWatchHit,
  Watchpoint as RuntimeWatchpoint,
} from '@lantern/runtime';

/** The runtime's pause reasons, plus the debugger's own stops inside control hooks. */
export type EngineReason = RuntimePauseReason | 'control';
export type EngineStep = StepKind;

/** The runtime's StoreFrameCursor: FrameCursor + locals/operands. */
export interface EngineCursor {
  readonly done: boolean;
  readonly kind: 'wasm' | 'host';
  readonly funcIndex: number;
  readonly funcName: string | undefined;
  readonly moduleName: string | undefined;
  readonly importName: string | undefined;
  readonly func: FuncInstance | null;
  readonly instance: Instance | null;
  /** Module byte offset (the PC rule). */
  readonly pc: number;
  readonly internalPc: number;
  readonly fp: number;
  readonly depth: number;
  /** The runtime's FrameRecord: `boundary` marks a running continuation's bottom frame; `pc` is internal. */
  readonly record: { readonly boundary?: { readonly continuation: unknown; readonly tag: unknown }; readonly func: FuncInstance | null; readonly pc: number };
  moveUp(): boolean;
  readonly localTypes: readonly ValType[];
  local(i: number): RawValue;
  setLocal(i: number, v: RawValue): void;
  /** -1 when the operand stack is not materialized for this frame. */
  readonly operandCount: number;
  /** 0: 32-bit, 1: 64-bit, 2: reference. */
  operandCategory(i: number): number;
  /** The exact type of operand i (i32/i64/f32/f64 or the reference type), debug compile mode. */
  operandType(i: number): ValType;
  operand(i: number, type?: ValType): RawValue;
  setOperand(i: number, v: RawValue, type?: ValType): void;
}

/** The runtime's PauseContext (an ExitContext of @lantern/traps). */
export interface EnginePause {
  readonly store: Store;
  readonly reason: EngineReason;
  readonly probe?: string;
  readonly trapCode: number;
  readonly canAwait: boolean;
  /** reason 'breakpoint': every breakpoint patched at the paused instruction. */
  readonly breakpoints?: readonly EngineBreakpoint[];
  /** reason 'watchpoint': the watchpoints the previous instruction touched, old and new values. */
  readonly watchHits?: readonly EngineWatchHit[];
  /** reason 'hostThrow': the host function's exception (the runtime's ExceptionInstance). */
  readonly thrown?: ExceptionInstance;
  frames(): EngineCursor;
  step(kind: EngineStep): void;
  /** Continue the paused frame at module offset `offset` of its function (throws why not: runtime exit/gotoTarget.ts). */
  goto?(offset: number): void;
  /** Why goto(offset) is refused here, or undefined. */
  gotoProblem?(offset: number): string | undefined;
  /** Return from wasm frame `frame` (0 = newest) with `values`; absent at control events. */
  forceReturn?(frame: number, values: readonly RawValue[]): void;
}

/** What the runtime keeps per breakpoint (DebugState). */
export type EngineBreakpoint = RuntimeBreakpoint;

/** What the runtime keeps per watchpoint (DebugState), and reports per hit. */
export type EngineWatchpoint = RuntimeWatchpoint;
export type EngineWatchHit = RuntimeWatchHit;
