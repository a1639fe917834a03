/**
 * The shape of internal instructions, for the debugger: how many code words one takes, where
 * control can go after it (breakpoint resume and stepping arm temporary Break opcodes there),
 * and which slot receives its result (a trap handler's resume-with-values writes it there).
 *
 * Regular ops come from opLayout.generated.ts (read off the interpreter by scripts/
 * genOpLayout.ts); ops of irregular shape are described here by hand.
 *
 * NB: the result slot convention of the interpreter ("d" first) makes resume-with-values generic:
 * every trapping op that produces a value names its result slot in word 1 (LoadX: word 2; calls:
 * their results land at the argument base) — no per-instruction side table is needed, and a
 * result the compiler retargeted onto a local (`…; local.set`) is written to that local, which is
 * what the wasm code would have done.
 */
import { Op } from '../exec/interpreter.ts';
import { GENERATED_LAYOUT } from './opLayout.generated.ts';

/** Where control goes after an instruction. */
export const enum Flow {
  /** Falls through to pc + length (possibly also to `target`). */
  Seq,
  /** Never continues (unreachable). */
  None,
  /** Unconditional branch to code[pc + target]. */
  Br,
  /** Conditional branch: code[pc + target] or pc + length. */
  Cond,
  /** br_table: targets code[pc + 3 .. pc + 3 + n]. */
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

export interface OpShape {
  flow: Flow;
  /** Length in words, or -1 when it depends on the code (see lengthAt). */
  length: number;
  /** Word index of the branch target (Br/Cond), of the argument base (calls), else 0. */
  operand: number;
}

const SHAPES: OpShape[] = [];
function set(op: number, flow: Flow, length: number, operand = 0): void {
  SHAPES[op] = { flow, length, operand };
}
for (const [op, length, target] of GENERATED_LAYOUT) {
  set(op, target === 0 ? Flow.Seq : op === Op.Br ? Flow.Br : Flow.Cond, length, target);
}
set(Op.Unreachable, Flow.None, 1);
set(Op.ConstFill, Flow.Seq, -1);
set(Op.BrTable, Flow.Table, -1);
set(Op.BrTableLoad32Shl, Flow.Table, -1);
// Inside a MemMove (its last word), run only by a retry of the move's store: back to the MemMove.
set(Op.MemMoveStoreSite, Flow.Seq, 1);
set(Op.Return, Flow.Return, 2);
set(Op.Call, Flow.Call, 3, 2);
set(Op.CallIndirect, Flow.Call, 6, 3);
set(Op.CallRef, Flow.Call, 3, 1);
set(Op.ReturnCall, Flow.TailCall, 5, 2);
set(Op.ReturnCallIndirect, Flow.TailCall, 8, 3);
set(Op.ReturnCallRef, Flow.TailCall, 5, 1);
set(Op.Throw, Flow.Control, 3);
set(Op.ThrowRef, Flow.Control, 2);
set(Op.ContNew, Flow.Seq, 3);
set(Op.ContBind, Flow.Seq, 5);
set(Op.Suspend, Flow.Control, 3);
set(Op.Resume, Flow.Control, -1);
set(Op.ResumeThrow, Flow.Control, -1);
set(Op.ResumeThrowRef, Flow.Control, -1);
set(Op.Switch, Flow.Control, 5);

/** The shape of `op`, or undefined for an op the table does not know (then the debugger degrades). */
export function shapeOf(op: number): OpShape | undefined {
  return SHAPES[op];
}

/** Length in words of the instruction at `pc` whose opcode is `op` (the original one if patched). */
export function lengthAt(code: Int32Array, pc: number, op: number): number {
  const s = SHAPES[op];
  if (s === undefined) return -1;
  if (s.length >= 0) return s.length;
  switch (op) {
    case Op.ConstFill:
      return code[pc + 2];
    case Op.BrTable:
      return 4 + code[pc + 2];
    case Op.BrTableLoad32Shl:
      return 8 + code[pc + 2];
    default: // Resume, ResumeThrow, ResumeThrowRef: argBase contSlot x nResults CLAUSES
      return 6 + 4 * code[pc + 5];
  }
}

/**
 * The result slot (fp-relative int32 index) of a trapping instruction whose wasm instruction
 * produces values, i.e. where resume-with-values writes them (consecutive cells for several).
 */
export function resultSlotAt(code: Int32Array, pc: number, op: number): number {
  const s = SHAPES[op];
  if (s !== undefined && (s.flow === Flow.Call || s.flow === Flow.TailCall)) return code[pc + s.operand];
  if (op === Op.LoadX) return code[pc + 2];
  return code[pc + 1];
}
