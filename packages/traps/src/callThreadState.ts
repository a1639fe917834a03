/**
 * CallThreadState: what a thread of execution records every time it leaves wasm, so that a
 * handler can see every frame while they are all still alive (wasmtime's record-then-raise).
 *
 * NB: the interpreter writes exitFp/exitPc/exitKind *before* calling a host function, raising a
 * trap or reporting a break; these are plain number fields so the write stays cheap.
 * NB: exitFp is a CELL index; exitPc an internal code pc INSIDE the exit instruction (its start for
 * a trap or break, inside the call for a host call), so `codeMap.offsetAt(exitPc)` is its offset.
 */
import type { ExitHandler } from './hostcall.ts';

export enum ExitKind {
  None = 0,
  Hostcall,
  Trap,
  Break,
  Suspend,
}

/** One entry from the host into wasm; activations form a chain, newest first. */
export interface Activation {
  /** FP of the first wasm frame of this activation. */
  entryFp: number;
  /** SP at entry; the activation's frames all lie above it. */
  entrySp: number;
  /** Exit state of the enclosing activation, saved while this one runs. */
  savedExitFp: number;
  savedExitPc: number;
  savedExitKind: ExitKind;
  savedExitFunc: number;
  /** The activation this one was entered from (via a host function), or null. */
  prev: Activation | null;
  /**
   * The host function (the runtime's FuncInstance, opaque here) through which wasm was re-entered,
   * i.e. the host function the previous activation called; null for an entry from the embedder.
   * Backtraces show it between this activation's frames and the previous activation's.
   */
  host: unknown;
  /**
   * Seam for stack switching: the stack segment this activation was entered on (null: the main
   * stack). Frame walks follow FP chains, which already cross a running continuation's bottom
   * frame into its resumer (FRAME_LAYOUT header); a walker of suspended continuations starts here.
   */
  segment: unknown;
}

export class CallThreadState {
  exitFp = -1;
  exitPc = -1;
  exitKind: ExitKind = ExitKind.None;
  /**
   * Store-wide address of the function running in the exit frame (-1 if none). The runtime's
   * interpreter writes exitPc as an *internal* code pc; the function's CodeMap turns it into a
   * module byte offset (the walker needs the function to find the frame header, see FRAME_LAYOUT).
   */
  exitFunc = -1;
  /** Newest activation, or null when no wasm is running on this thread. */
  activation: Activation | null = null;
  /** Exit handlers of this thread, newest first (hostcall.ts registerHandler); null = none. */
  handlers: ExitHandler<never>[] | null = null;

  /** Pushes an activation when the host enters wasm; saves the outer exit state. */
  enter(entryFp: number, entrySp: number, host: unknown = null, segment: unknown = null): Activation {
    const activation: Activation = {
      entryFp,
      entrySp,
      savedExitFp: this.exitFp,
      savedExitPc: this.exitPc,
      savedExitKind: this.exitKind,
      savedExitFunc: this.exitFunc,
      prev: this.activation,
      host,
      segment,
    };
    this.activation = activation;
    this.exitKind = ExitKind.None;
    return activation;
  }

  /** Pops the newest activation when wasm returns (or unwinds) to the host. */
  leave(): void {
    const activation = this.activation;
    if (!activation) throw new Error('CallThreadState.leave without an activation');
    this.exitFp = activation.savedExitFp;
    this.exitPc = activation.savedExitPc;
    this.exitKind = activation.savedExitKind;
    this.exitFunc = activation.savedExitFunc;
    this.activation = activation.prev;
  }

  /** Records where wasm was left and why; called before any host code runs. */
  recordExit(kind: ExitKind, fp: number, pc: number, func = -1): void {
    this.exitKind = kind;
    this.exitFp = fp;
    this.exitPc = pc;
    this.exitFunc = func;
  }
}
