/**
 * The shape of internal instructions, for code walkers (the debugger, the disassembler): how many
 * words one takes, where control can go after it (breakpoint resume and stepping arm temporary
 * Break opcodes there), and which slot receives its result (a trap handler's resume-with-values
 * writes it there). Read from layout.generated.ts, which scripts/genIsa.ts makes from the
 * instruction table (isa/instructions.ts).
 *
 * NB: a result the compiler retargeted onto a local (`…; local.set`) is written to that local by
 * resume-with-values, which is what the wasm code would have done.
 */
import { Flow } from './flow.ts';
import { LAYOUT, LAYOUT_STRIDE } from './layout.generated.ts';

export { Flow };

export interface OpShape {
  flow: Flow;
  /** Length in words, or -1 when it depends on the code (see lengthAt). */
  length: number;
  /** Word index of the branch target (Br/Cond), of the argument base (calls), else 0. */
  operand: number;
}

const SHAPES: OpShape[] = [];
for (let op = 0; op * LAYOUT_STRIDE < LAYOUT.length; op++) {
  const at = op * LAYOUT_STRIDE;
  SHAPES.push({ flow: LAYOUT[at], length: LAYOUT[at + 2] === 0 ? LAYOUT[at + 1] : -1, operand: LAYOUT[at + 4] });
}

/** The shape of `op`, or undefined for a number that is no opcode (then the debugger degrades). */
export function shapeOf(op: number): OpShape | undefined {
  return SHAPES[op];
}

/** Length in words of the instruction at `pc` whose opcode is `op` (the original one if patched), or -1. */
export function lengthAt(code: Int32Array, pc: number, op: number): number {
  if (SHAPES[op] === undefined) return -1;
  const at = op * LAYOUT_STRIDE;
  const word = LAYOUT[at + 2];
  return word === 0 ? LAYOUT[at + 1] : LAYOUT[at + 1] + LAYOUT[at + 3] * code[pc + word];
}

/**
 * The result slot (fp-relative int32 index) of the instruction at `pc`, i.e. where
 * resume-with-values writes its wasm instruction's values (consecutive cells for several; calls:
 * the argument base), or -1 when it has none.
 */
export function resultSlotAt(code: Int32Array, pc: number, op: number): number {
  if (SHAPES[op] === undefined) return -1;
  const word = LAYOUT[op * LAYOUT_STRIDE + 5];
  return word < 0 ? -1 : code[pc + word];
}
