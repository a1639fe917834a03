/**
 * PauseContext: what a handler (a debugger) gets while wasm is stopped — at a trap, a breakpoint,
 * a step or a probe. It extends the traps package's ExitContext with the runtime's state:
 * a frame cursor over every activation with locals/operands read and write, globals, memories
 * and tables, and `step()` to ask for a break at the next instruction (see debugState.ts).
 *
 * A context is valid only until the handler's decision is applied (`expire`); afterwards its
 * cursors would describe frames that have moved on.
 */
import { type ExitContext, ExitKind, type TrapCode } from '@lantern/traps';
import type { Store } from '../store/store.ts';
import type { Instance } from '../instances/instance.ts';
import type { MemoryInstance } from '../instances/memory.ts';
import type { GlobalInstance } from '../instances/global.ts';
import type { TableInstance } from '../instances/table.ts';
import type { FuncInstance } from '../instances/func.ts';
import type { ExceptionInstance } from '../instances/exception.ts';
import type { RawValue } from '../instances/values.ts';
import { StoreFrameCursor, frameRecords } from './frames.ts';
import type { Breakpoint } from '../debug/debugState.ts';
import type { WatchHit } from '../debug/watchpoints.ts';
import { checkForceReturn } from './forceReturn.ts';
import { gotoTarget } from './gotoTarget.ts';

/** Why execution is paused (vscode-js-debug style string union). */
/** 'hostThrow': a host function called from wasm threw; the exception is not thrown into wasm yet. */
export type PauseReason = 'trap' | 'breakpoint' | 'step' | 'probe' | 'watchpoint' | 'hostThrow';
/** Probe points (opt-in, DebugHooks.setProbes). */
export type ProbeKind = 'enter' | 'leave' | 'memoryGrow' | 'hostcall' | 'hostreturn';
export type StepKind = 'into' | 'over' | 'out';

/** What the pause site knows beyond the thread's state (pauseAndApply passes it on). */
export interface PauseDetails {
  /** reason 'breakpoint': the breakpoints patched at the pc. */
  breakpoints?: readonly Breakpoint[];
  /** probes 'hostcall' / 'hostreturn': the host function, its arguments and (at 'hostreturn') its results. */
  host?: HostCallInfo;
  /** reason 'watchpoint': the watchpoints the previous instruction touched. */
  watchHits?: readonly WatchHit[];
  /** reason 'hostThrow': the host function's exception, about to be thrown into wasm at the call. */
  thrown?: ExceptionInstance;
}

export interface HostCallInfo {
  readonly func: FuncInstance;
  readonly args: readonly RawValue[];
  /** At 'hostreturn' only. */
  readonly results: readonly RawValue[] | undefined;
}

export class PauseContext implements ExitContext {
  readonly kind: ExitKind;
  readonly trapCode: TrapCode;
  private live = true;
  /** Set by step(): applied when execution continues (retry / no decision). */
  stepRequest: StepKind | null = null;
  /** Set by forceReturn(): carried out instead of the decision (unless it is unwind). */
  forceReturnRequest: { readonly depth: number; readonly values: readonly RawValue[] } | null = null;
  /** Set by goto(): the internal pc the paused frame continues at (then it stops there again). */
  gotoRequest: number | null = null;
  /**
   * Which breakpoints hit (reason 'breakpoint': every breakpoint patched at this instruction,
   * conditions being the debugger's business); empty otherwise.
   */
  readonly breakpoints: readonly Breakpoint[];
  /** Probes 'hostcall' / 'hostreturn': the host function, its arguments and (hostreturn) results. */
  readonly host: HostCallInfo | undefined;
  /** Reason 'watchpoint': the watchpoints touched, with old and new values. */
  readonly watchHits: readonly WatchHit[];
  /** Reason 'hostThrow': the exception the host function threw. */
  readonly thrown: ExceptionInstance | undefined;

  constructor(
    readonly store: Store,
    readonly reason: PauseReason,
    readonly canAwait: boolean,
    /** For reason 'probe': which probe. */
    readonly probe?: string,
    details?: PauseDetails,
  ) {
    const exit = store.thread.exit;
    this.kind = exit.kind;
    this.trapCode = this.kind === ExitKind.Trap ? exit.trapCode : (0 as TrapCode);
    this.breakpoints = details?.breakpoints ?? [];
    this.host = details?.host;
    this.watchHits = details?.watchHits ?? [];
    this.thrown = details?.thrown;
  }

  get state() {
    return this.store.thread.state;
  }

  /** A cursor on the newest frame; moveUp() walks every frame of every activation. */
  frames(): StoreFrameCursor {
    this.check();
    return new StoreFrameCursor(this.store, frameRecords(this.store));
  }

  /** The instance running in the newest frame. */
  get instance(): Instance {
    return this.store.funcs[this.store.thread.exit.func].instance as Instance;
  }
  memory(index = 0, instance: Instance = this.instance): MemoryInstance {
    return instance.memories[index];
  }
  global(index: number, instance: Instance = this.instance): GlobalInstance {
    return instance.globals[index];
  }
  table(index: number, instance: Instance = this.instance): TableInstance {
    return instance.tables[index];
  }

  /**
   * Stop again after one step when execution continues (decision retry / none): 'into' at the
   * next wasm instruction (entering calls), 'over' at the next one in this frame or a caller,
   * 'out' when this frame has returned.
   */
  step(kind: StepKind): void {
    this.check();
    this.stepRequest = kind;
  }

  /**
   * Return from a frame with `values` (its result types; f32/f64 as bit patterns): `frame` is a
   * cursor depth (0 = the paused frame, host frames counted) or a cursor on it. The frames above
   * it are dropped and its caller continues after its call. Carried out when the handler's
   * decision is applied, whatever it is, except unwind (a trap does not unwind then); with
   * step(), execution stops again at the caller's next instruction. Checked now: throws for a
   * frame beyond a host frame or a continuation boundary, or a wrong number of values
   * (exit/forceReturn.ts). Not at hostcall/hostreturn probes.
   */
  forceReturn(frame: number | StoreFrameCursor = 0, values: readonly RawValue[] = []): void {
    this.check();
    if (this.probe === 'hostcall' || this.probe === 'hostreturn' || this.reason === 'hostThrow') throw new Error('forceReturn: not at a host call');
    const depth = typeof frame === 'number' ? frame : frame.depth;
    checkForceReturn(this.store, depth, values);
    this.forceReturnRequest = { depth, values: [...values] };
  }

  /**
   * Continue the paused frame at module offset `offset` of its function instead, and stop there
   * again (a 'step' pause) — skipping or re-running code. Carried out with any decision but
   * unwind. Throws, saying why, where that is not safe (exit/gotoTarget.ts).
   */
  goto(offset: number): void {
    this.check();
    this.gotoRequest = gotoTarget(this.store, offset);
  }

  /** Why goto(offset) is refused, or undefined when it is allowed. */
  gotoProblem(offset: number): string | undefined {
    this.check();
    try {
      gotoTarget(this.store, offset);
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  }

  /** @internal the decision is being applied: the context's view is over. */
  expire(): void {
    this.live = false;
  }
  private check(): void {
    if (!this.live) throw new Error('PauseContext used after the handler returned its decision');
  }
}
