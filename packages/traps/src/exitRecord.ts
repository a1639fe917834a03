/**
 * The exit record: why and where the interpreter last left its loop, written in place by the
 * interpreter (record first, return second) and read by the driver, the exit protocol and the
 * frame walker. One per thread, preallocated: leaving wasm for a host call allocates nothing.
 *
 * Every field but `error` and `exception` is a number, so the object keeps one shape and every
 * write is a plain store. Positions are the interpreter's own units: `fp` an int32 index into
 * the VM stack (2 * cell), pcs internal code pcs (the function's CodeMap turns them into module
 * offsets).
 *
 * The same fields carry the loop's registers whenever the loop hands off to other code: the
 * driver positions the thread here before entering (`fp`, `resumePc`, `func`, `depth`), the
 * control instructions (exceptions, stack switching) read and rewrite them, and the debugger
 * moves `resumePc` to retry or skip an instruction.
 */
import { TrapCode } from './trapCode.ts';

/** Why the loop returned. */
export enum ExitKind {
  /** Nothing recorded: wasm is running, or was never entered. */
  None = 0,
  /** The activation's entry frame returned; its results are at its FP. */
  Done,
  /** Call the host function `hostFunc` with its arguments at `hostArgs`, then resume. */
  Hostcall,
  /** A trap (`trapCode`) at `sitePc`. */
  Trap,
  /** A patched Break opcode (breakpoint, step, probe) at `sitePc`. */
  Break,
  /** An exception left the activation uncaught (`exception`); its frames are already unwound. */
  Exception,
  /** Debug-compiled code counted its Ticks down: resume (an async entry may yield first). */
  Tick,
  /** Compiling a function failed (`error`). */
  InternalError,
  /** The frame at `fp` (function `func`, pushed as for any call) runs compiled code (the runtime's src/tier/). */
  Compiled,
}

/** Whether the frames of an exit of this kind are still on the stack at its position. */
export function framesAlive(kind: ExitKind): boolean {
  return kind === ExitKind.Hostcall || kind === ExitKind.Trap || kind === ExitKind.Break || kind === ExitKind.Tick;
}

export class ExitRecord {
  kind: ExitKind = ExitKind.None;
  trapCode: TrapCode = TrapCode.None;
  /** A number the trap message names (the table index of a failed call_indirect), else -1. */
  trapDetail = -1;
  /** The exit frame's FP (int32 index). */
  fp = -1;
  /** A pc INSIDE the exit instruction: its start for a trap or break, inside the call for a host call. */
  sitePc = -1;
  /** Where the loop continues: after the call for a host call; the instruction itself for a trap or break. */
  resumePc = -1;
  /** Store address of the function running in the exit frame (-1 if none). */
  func = -1;
  /** Call depth of the exit frame. */
  depth = 0;
  /** Hostcall: the host function's store address and the int32 index of its arguments (results go there too). */
  hostFunc = -1;
  hostArgs = 0;
  /** InternalError: what went wrong. */
  error: unknown = undefined;
  /** Exception: the exception that left the activation. */
  exception: unknown = undefined;
}
