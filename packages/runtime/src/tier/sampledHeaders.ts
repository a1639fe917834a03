/**
 * Frame headers for a sampling profiler's walk. A compiled call of a quiet callee (keepsViews.ts)
 * writes no header (codegen.ts `call`): five stores per call were a third of a recursive fib's
 * time. While a profiler samples it writes one word, the callee header's return pc; a sample
 * completes the rest before it walks the VM stack (exec/sampling.ts `sampleStack`).
 *
 * The return pc says it all: internal pcs are store-wide, so the pc after a call names the
 * calling function, and the call's argument base says where the callee's frame sits above the
 * caller's (the callee's FP is the caller's FP plus it, for the interpreter's calls and compiled
 * ones alike). The translator records, per quiet call it compiles, its return pc's caller and
 * argument base (QuietCalls). Headers the interpreter, the driver or a `resume` wrote hold a return
 * pc of no such call (or one whose caller and FP agree with what they hold), so the walk leaves
 * them as they are.
 *
 * Only quiet frames can lack a header, and everything a quiet function reaches is quiet (same
 * instance, direct calls, no host call): the walk goes down from the newest frame and stops at
 * the first frame that is not quiet, whose header, and every header below it, was written whole.
 */
import type { Store } from '../store/store.ts';
import { SEGMENT_BOTTOM } from '../continuations/stackSegment.ts';

/** A quiet call compiled code makes: the calling function (store address), and the callee's FP less the caller's. */
export interface QuietCall {
  readonly caller: number;
  readonly argBase: number;
}

/** Quiet calls of compiled code by return pc (store-wide: the store's code is one buffer). */
export type QuietCalls = Map<number, QuietCall>;

/**
 * Writes the header words compiled calls of quiet callees left unwritten, from the newest frame
 * (fp, func) down to the first frame that is not quiet, as the interpreter's call writes them.
 */
export function completeQuietHeaders(store: Store, fp: number, func: number, calls: QuietCalls, quiet: (func: number) => boolean): void {
  const V = store.thread.i32;
  const funcs = store.funcs;
  for (;;) {
    const f = funcs[func];
    if (f === undefined || !quiet(func)) return;
    const h = fp + f.localsI32;
    const call = calls.get(V[h + 2]);
    let callerFp: number;
    if (call === undefined) {
      // Written whole by the interpreter's call, the driver (ENTRY_FP) or a resume.
      callerFp = V[h] << 1;
      func = V[h + 1];
    } else {
      callerFp = fp - call.argBase;
      func = call.caller;
      V[h] = callerFp >> 1;
      V[h + 1] = func;
      // The flag word a compiled call leaves as it was: only a resume's callee is a segment's bottom.
      if (V[h + 3] === SEGMENT_BOTTOM) V[h + 3] = 0;
      V[h + 4] = f.addr;
    }
    if (callerFp < 0 || callerFp >= fp) return;
    fp = callerFp;
  }
}
