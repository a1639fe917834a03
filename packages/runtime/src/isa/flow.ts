/**
 * Where control goes after an internal instruction: the `flow` column of the instruction table
 * (isa/instructions.ts) and of the layout generated from it (isa/layout.generated.ts). The
 * debugger arms temporary Breaks at an instruction's successors by it (debug/debugState.ts).
 */
export const enum Flow {
  /** Falls through to pc + length. */
  Seq,
  /** Never continues (unreachable; a patched Break exits the loop). */
  None,
  /** Unconditional branch to the target operand. */
  Br,
  /** Conditional branch: the target operand or pc + length. */
  Cond,
  /** br_table: targets code[pc + 3 .. pc + 3 + n], n = code[pc + 2]. */
  Table,
  /** A call: the callee's entry, then pc + length. */
  Call,
  /** Return to the caller's return pc (frame header). */
  Return,
  /** A tail call: the callee's entry (or, for a host callee, pc + length). */
  TailCall,
  /** Exceptions / stack switching: pc + length, or anywhere a handler is. */
  Control,
}

/** The members' names in the enum's order (a const enum has no reverse mapping): for generators. */
export const FLOW_NAMES = ['Seq', 'None', 'Br', 'Cond', 'Table', 'Call', 'Return', 'TailCall', 'Control'] as const;
