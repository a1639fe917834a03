/**
 * The control stack of the function being compiled (one Ctrl per open block, the function's own
 * label at the bottom) and the branches to its labels: moving the label's values into the
 * target's slots, jumping (a loop's start is known; forward targets are patched at the block's
 * end), conditional branches, the return sequence, and code after an unconditional transfer.
 */
import { Op } from '../isa/op.generated.ts';
import type { HandlerClause } from './handlerTables.ts';
import type { DefiniteAssignment, LabelAssignments } from './definiteAssignment.ts';
import type { Emitter } from './emitter.ts';
import type { OperandStack } from './operandStack.ts';
import { fuseAddBranch, fuseCompareBranch } from './peephole.ts';

export const enum CtrlKind { Block, Loop, If, Else, Func, TryTable, Try, Catch }

export interface Ctrl extends LabelAssignments {
  kind: CtrlKind;
  /** Stack height below the block's parameters. */
  base: number;
  params: number[];
  results: number[];
  /** Loop: the start pc. */
  loopPc: number;
  /** Code positions to patch with the end pc (forward branches). */
  patches: number[];
  /** If: code position of the branch to the else label, -1 once bound. */
  elsePatch: number;
  unreachable: boolean;
  /**
   * Exceptions: the handler-table entry in effect for code directly inside (its own for Try and
   * TryTable, the enclosing one otherwise; -1 none), its own entry (Try/TryTable, else -1), a
   * legacy catch body's hidden exnref slot (for rethrow), and catch clauses to patch with the end pc.
   */
  handler: number;
  entry: number;
  exnSlot: number;
  hpatches: HandlerClause[];
}

export class ControlStack {
  private readonly frames: Ctrl[] = [];

  constructor(
    private readonly em: Emitter,
    private readonly stack: OperandStack,
    private readonly assign: DefiniteAssignment,
    /** The function's result categories: the return sequence moves them to slots 0... */
    readonly resultCats: number[],
    /** Their slots (and the end of the last). */
    private readonly resultSlots: readonly number[],
  ) {}

  get depth(): number {
    return this.frames.length;
  }
  /** The innermost block. */
  top(): Ctrl {
    return this.frames[this.frames.length - 1];
  }
  /** The block of label index `depth` (0 = innermost). */
  label(depth: number): Ctrl {
    return this.frames[this.frames.length - 1 - depth];
  }
  push(kind: CtrlKind, params: number[], results: number[]): Ctrl {
    const c: Ctrl = {
      kind, base: this.stack.h - params.length, params, results, loopPc: -1, patches: [], elsePatch: -1, unreachable: false,
      handler: this.frames.length > 0 ? this.top().handler : -1, entry: -1, exnSlot: -1, hpatches: [],
      setAtEntry: this.assign.atEntry(), setAtBranches: null,
    };
    this.frames.push(c);
    return c;
  }
  pop(): Ctrl {
    return this.frames.pop()!;
  }

  private labelCats(c: Ctrl): number[] {
    return c.kind === CtrlKind.Loop ? c.params : c.results;
  }
  /** Do the top values (under `extra` entries) need moving to branch to `c`? (the function label always needs a return) */
  needsMoves(c: Ctrl, extra = 0): boolean {
    if (c.kind === CtrlKind.Func) return true;
    const cats = this.labelCats(c);
    const n = cats.length;
    const top = this.stack.h - extra;
    for (let j = 0; j < n; j++) {
      const i = top - n + j;
      if (!this.stack.inSlot(i, this.stack.labelSlot(c.base, cats, j))) return true;
    }
    return false;
  }
  /** Emits the moves of the label values (top `n` entries, below `extra` entries). */
  emitMoves(c: Ctrl, extra = 0): void {
    const cats = this.labelCats(c);
    const n = cats.length;
    const top = this.stack.h - extra;
    for (let j = 0; j < n; j++) this.stack.moveTo(top - n + j, this.stack.labelSlot(c.base, cats, j));
  }
  /** Moves a block's results into its slots (its end reached by falling through). */
  emitResultMoves(c: Ctrl): void {
    const stack = this.stack;
    for (let j = 0; j < c.results.length; j++) stack.moveTo(stack.h - c.results.length + j, stack.labelSlot(c.base, c.results, j));
  }
  /**
   * A metered function (exec/meter.ts): its branches to a loop's header, where the loop's Meter is,
   * are BrBack / BrIfBack, which run that Meter in their own dispatch.
   */
  metered = false;

  /** Emits the jump itself to `c` (Br to a known pc or a patched one). */
  emitJump(c: Ctrl): void {
    if (c.kind === CtrlKind.Loop) {
      this.em.e2(this.metered ? Op.BrBack : Op.Br, c.loopPc);
    } else {
      this.em.e2(Op.Br, -1);
      c.patches.push(this.em.lastWord);
      this.assign.branchTo(c);
    }
  }
  /** Unconditional branch to label depth `depth`, values on top (under `extra` entries). */
  emitBranch(depth: number, extra = 0): void {
    const c = this.label(depth);
    if (c.kind === CtrlKind.Func) {
      this.emitReturn(extra);
      return;
    }
    this.emitMoves(c, extra);
    this.emitJump(c);
  }
  /** Makes the target operand at code position `pos` a branch to `c` without moves. */
  condTarget(c: Ctrl, pos: number): void {
    if (c.kind === CtrlKind.Loop) {
      this.em.patch(pos, c.loopPc);
      // A plain BrIf just emitted (its target word is `pos`) becomes the metered back edge.
      const at = this.em.lastStart;
      if (this.metered && at >= 0 && at + 2 === pos && this.em.code.buf[at] === Op.BrIf) this.em.code.buf[at] = Op.BrIfBack;
    } else {
      c.patches.push(pos);
      this.assign.branchTo(c);
    }
  }
  /** At a block's end: patches the forward branches to it (and an if's else branch, catch clauses) to here. */
  bindEnd(c: Ctrl): void {
    if (c.patches.length === 0 && c.elsePatch < 0 && c.hpatches.length === 0) return;
    const here = this.em.label();
    for (const p of c.patches) this.em.patch(p, here);
    if (c.elsePatch >= 0) this.em.patch(c.elsePatch, here);
    for (const h of c.hpatches) h.target = here;
  }
  /** After a block's end: its results, each in its own slot, replace its operands. */
  pushResults(c: Ctrl): void {
    this.stack.popTo(c.base);
    for (let j = 0; j < c.results.length; j++) this.stack.pushSlot(c.results[j], this.stack.slotOf(c.base + j));
  }

  /**
   * Emits a conditional branch on the top entry (popped): jumps to `target` when the condition
   * is true (`negate` false) or false (`negate` true). Fuses a preceding compare. Returns
   * the code position of the target operand.
   */
  emitCondJump(negate: boolean, beforeJump?: () => void): number {
    const em = this.em;
    const fused = fuseCompareBranch(em, this.stack, negate, beforeJump);
    if (fused >= 0) return fused;
    const s = this.stack.src(this.stack.h - 1);
    this.stack.pop();
    beforeJump?.();
    const withAdd = fuseAddBranch(em, s, negate);
    if (withAdd >= 0) return withAdd;
    em.e3(negate ? Op.BrUnless : Op.BrIf, s, -1);
    return em.lastWord;
  }

  /** The return sequence: results (top, under `extra`) to slots 0.., then Return. */
  emitReturn(extra = 0): void {
    const stack = this.stack;
    const cats = this.resultCats;
    const k = cats.length;
    const top = stack.h - extra;
    const at = this.resultSlots;
    // Sources inside the destination range (slots 0..at[k]) must be saved first. This code may sit
    // on a conditional path (br_if, br_table stubs), so the saved locations are not kept.
    const saved = stack.saveLocations();
    for (let j = 0; j < k; j++) {
      const i = top - k + j;
      if (stack.readsSlotBelow(i, at[k], at[j])) stack.materialize(i);
    }
    for (let j = 0; j < k; j++) stack.moveTo(top - k + j, at[j]);
    this.em.e2(this.em.returnOp, stack.hdr);
    stack.restoreLocations(saved);
  }

  /** After an unconditional transfer: the rest of the block is dead until else/end. */
  setUnreachable(): void {
    const c = this.top();
    c.unreachable = true;
    this.stack.popTo(c.base);
  }
}
