/**
 * CallThreadState: what frame walkers, exit handlers and the debugger know of one thread of
 * execution — its exit record (exitRecord.ts: why and where wasm was last left, written by the
 * interpreter before it returns; referenced here, never copied), the chain of activations
 * (host → wasm entries) and the exit handlers registered on it (exitHandlers.ts).
 *
 * A host function called by wasm may enter wasm again: the new activation saves the outer
 * activation's exit position, so that a walk can go on into it once the newer one is done.
 */
import type { ExitHandler } from './exitHandlers.ts';
import { ExitKind, ExitRecord } from './exitRecord.ts';

/** One entry from the host into wasm; activations form a chain, newest first. */
export interface Activation {
  /** FP of the first wasm frame of this activation (cell index). */
  entryFp: number;
  /** SP at entry (cell index); the activation's frames all lie above it. */
  entrySp: number;
  /** The enclosing activation's exit position, saved while this one runs (ExitRecord fields). */
  savedKind: ExitKind;
  savedFp: number;
  savedSitePc: number;
  savedFunc: number;
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
   * frame into its resumer (FRAME_LAYOUT header).
   */
  segment: unknown;
}

export class CallThreadState {
  /** Newest activation, or null when no wasm is running on this thread. */
  activation: Activation | null = null;
  /** Exit handlers of this thread, newest first (exitHandlers.ts registerHandler); null = none. */
  handlers: ExitHandler<never>[] | null = null;

  /** `exit`: the thread's own record (the runtime's Thread owns it and the interpreter writes it). */
  constructor(readonly exit: ExitRecord = new ExitRecord()) {}

  /** Pushes an activation when the host enters wasm; saves the outer exit position. */
  enter(entryFp: number, entrySp: number, host: unknown = null, segment: unknown = null): Activation {
    const exit = this.exit;
    const activation: Activation = {
      entryFp,
      entrySp,
      savedKind: exit.kind,
      savedFp: exit.fp,
      savedSitePc: exit.sitePc,
      savedFunc: exit.func,
      prev: this.activation,
      host,
      segment,
    };
    this.activation = activation;
    exit.kind = ExitKind.None;
    return activation;
  }

  /** Pops the newest activation when wasm returns (or unwinds) to the host. */
  leave(): void {
    const activation = this.activation;
    if (!activation) throw new Error('CallThreadState.leave without an activation');
    const exit = this.exit;
    exit.kind = activation.savedKind;
    exit.fp = activation.savedFp;
    exit.sitePc = activation.savedSitePc;
    exit.func = activation.savedFunc;
    this.activation = activation.prev;
  }
}
