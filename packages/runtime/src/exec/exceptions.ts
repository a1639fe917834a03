/**
 * The unwinder: delivers a thrown exception to the innermost handler that matches, walking the
 * frames of the current activation through the FRAME_LAYOUT header chain — no JS exception is
 * thrown for control flow. Frame by frame, the function's handler table (compile/handlerTables.ts)
 * names the innermost `try_table`/`try` protecting the frame's site and, through `parent` links,
 * the ones around it; the first matching clause wins: its payload (and exnref) are written into
 * the label's slots of that frame and execution continues at the clause's target.
 *
 * Crossing a continuation boundary (a frame whose header carries SEGMENT_BOTTOM): the exception
 * leaves the continuation, whose segment is released, and continues in the resumer's frame at its
 * `resume` instruction — `resume` handlers (prompts) are transparent to exceptions.
 *
 * When the walk reaches the activation's entry frame the exception leaves wasm: the caller
 * (the interpreter, with an Exception exit, or the host-call driver) hands it to the host.
 *
 * NB: traps never come here: they are not catchable.
 */
import type { Instance } from '../instances/instance.ts';
import type { ExceptionInstance } from '../instances/exception.ts';
import type { Store } from '../store/store.ts';
import { type RawValue, readValues, writeValues } from '../instances/values.ts';
import { CATCH_ALL } from '../compile/handlerTables.ts';
import { SEGMENT_BOTTOM } from '../continuations/stackSegment.ts';
import { RETURNS_TO_COMPILED } from './thread.ts';

/**
 * Throws `exn` at `site` (an internal pc inside the throwing instruction) in frame `fp` of
 * function `func` at call depth `depth`. Returns true when a handler caught it (the exit record's
 * fp/resumePc/func/depth and the thread's limit/prompt say where to continue), false when it
 * left the activation (then `exit.exception` holds it).
 */
export function throwException(store: Store, exn: ExceptionInstance, fp: number, func: number, site: number, depth: number): boolean {
  const thread = store.thread;
  const i32 = thread.i32;
  const funcs = store.funcs;
  const hooks = thread.hooks;
  // A breakpoint disarmed to run this throw is armed again now: where the exception lands is not
  // one of its rearm temps (debug/debugState.ts), and the handler may loop back to the throw.
  if (store.debug !== null) store.debug.afterExit();
  if (hooks !== null) hooks.thrown?.(exn, fp, func, site);
  for (;;) {
    const f = funcs[func];
    const table = f.handlers;
    if (table !== null) {
      const inst = f.instance as Instance;
      let e = table.innermost(site);
      while (e >= 0) {
        const entry = table.entries[e];
        for (const clause of entry.clauses) {
          if (clause.tag !== CATCH_ALL && inst.tags[clause.tag] !== exn.tag) continue;
          if (clause.tag !== CATCH_ALL) {
            writeValues(i32, thread.refs, fp + clause.payloadDst, exn.tag.type.params, exn.payload);
          }
          if (clause.exnDst >= 0) thread.refs[(fp + clause.exnDst) >> 1] = exn;
          thread.exit.fp = fp;
          thread.exit.resumePc = clause.target;
          thread.exit.func = func;
          thread.exit.depth = depth;
          thread.limit = thread.limitAt(fp);
          if (hooks !== null) hooks.caught?.(exn, fp, func, clause.target, clause);
          return true;
        }
        e = entry.parent;
      }
    }
    // Leave the frame.
    const h = fp + f.localsI32;
    const callerFp = i32[h];
    // The entry frame, or a frame whose caller is compiled JS (src/tier/ carries it on).
    if (callerFp < 0 || i32[h + 3] === RETURNS_TO_COMPILED) {
      thread.exit.exception = exn;
      if (hooks !== null) hooks.uncaught?.(exn);
      return false;
    }
    if (i32[h + 3] === SEGMENT_BOTTOM) {
      const seg = thread.prompt!;
      thread.prompt = seg.prev;
      thread.pool.release(seg);
    }
    func = i32[h + 1];
    site = i32[h + 2] - 1;
    fp = callerFp << 1;
    depth--;
  }
}

/** Reads `types.length` values laid out one after another from int32 index `at` (a tag's payload). */
export function readPayload(store: Store, at: number, types: readonly number[]): RawValue[] {
  const { i32, refs } = store.thread;
  return readValues(i32, refs, at, types);
}

/** Copies `n` cells (both halves and the reference) from int32 index `src` to `dst`. */
export function copyCells(i32: Int32Array, refs: unknown[], dst: number, src: number, n: number): void {
  for (let c = 0; c < n; c++) {
    const d = dst + 2 * c, s = src + 2 * c;
    i32[d] = i32[s];
    i32[d + 1] = i32[s + 1];
    refs[d >> 1] = refs[s >> 1];
  }
}
