/**
 * Handler tables: per compiled function, where an exception thrown (or arriving from a callee)
 * at an internal pc is caught. Built by the compiler, read by the unwinder (exec/exceptions.ts).
 *
 * One entry per `try_table` and per legacy `try`, numbered in the order their blocks START
 * (preorder). An entry protects the internal pc range [start, end) of its body (a legacy try's
 * catch bodies are not part of it). Because protected ranges nest and inner blocks get higher
 * numbers, the innermost entry protecting a pc is the highest-numbered one whose range holds it.
 *
 * When no clause of an entry matches, the search continues at `parent`: the entry in effect
 * around the construct (-1: none in this function, the exception leaves the frame). A legacy
 * `delegate $l` is an entry without clauses whose `parent` is the entry in effect at label $l —
 * so delegation needs no special case in the unwinder.
 *
 * A clause says where the exception's values go in the frame — the catch label's slots, which
 * the compiler knows statically (register-style code: a branch is "write the label's slots,
 * jump") — and where execution continues: the label's pc (a block's end, a loop's start), or a
 * `Return` the compiler emits after the body when the label is the function's own.
 *
 * Alternatives: per-try landing pads in the code (each clause a stub that moves values and
 * jumps) cost code and a jump per catch; a runtime handler stack costs a push/pop per `try`
 * even when nothing is thrown. A side table costs nothing until an exception is thrown.
 *
 * NB: pcs are internal code pcs; the site of a caller frame is its return pc - 1 (inside its
 * call instruction), of the throwing frame the throw instruction's pc.
 */

/** Matches an exception whatever its tag. */
export const CATCH_ALL = -1;

export interface HandlerClause {
  /** Tag index in the function's instance, or CATCH_ALL. */
  tag: number;
  /** Frame slot (fp-relative int32 index) of the first payload value; ignored for catch-all. */
  payloadDst: number;
  /** Frame slot of the exnref (catch_ref, catch_all_ref, a legacy catch's hidden slot), or -1. */
  exnDst: number;
  /** Where execution continues (internal pc); patched when the target label is bound. */
  target: number;
}

export interface HandlerEntry {
  /** Protected internal pc range [start, end). */
  start: number;
  end: number;
  /** The entry to search when no clause matches, -1 for none. */
  parent: number;
  clauses: HandlerClause[];
}

export class HandlerTable {
  readonly entries: HandlerEntry[] = [];

  /** Starts an entry at `start` (its end is set when the body ends); returns its index. */
  open(start: number, parent: number): number {
    this.entries.push({ start, end: start, parent, clauses: [] });
    return this.entries.length - 1;
  }

  /** The innermost entry protecting `site`, or -1. */
  innermost(site: number): number {
    const entries = this.entries;
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i];
      if (e.start <= site && site < e.end) return i;
    }
    return -1;
  }
}
