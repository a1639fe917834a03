/**
 * The control instructions, one method each (compiler.ts dispatches to them): blocks, branches
 * and return; exceptions (try_table, throw, throw_ref, and legacy try/catch/delegate/rethrow,
 * compiled to the same handler tables); and stack switching (cont.new, cont.bind, suspend,
 * resume, resume_throw, resume_throw_ref, switch). Each reads its own immediates.
 *
 * Handler tables: compile/handlerTables.ts; the code layouts and semantics of the exception and
 * stack-switching instructions: exec/control.ts.
 */
import { readBlockType, readHeapType, BLOCK_EMPTY } from '../binary/typeReader.ts';
import { Catch, readCatchClause, readOnClause } from '../binary/immediates.ts';
import type { ByteReader } from '../binary/reader.ts';
import { funcTypeOf, type FuncType, type ModuleInfo } from '../syntax/moduleInfo.ts';
import { heapTypeOf, slotWords, typeIndexOfHeap, type ValType } from '../syntax/types.ts';
import { Op } from '../isa/op.generated.ts';
import type { Instance } from '../instances/instance.ts';
import { type ControlStack, type Ctrl, CtrlKind } from './controlStack.ts';
import type { DefiniteAssignment } from './definiteAssignment.ts';
import type { Emitter } from './emitter.ts';
import { CATCH_ALL, type HandlerClause, HandlerTable } from './handlerTables.ts';
import type { OperandStack } from './operandStack.ts';
import { takeLoad32Shl } from './peephole.ts';
import { categoryOf, CREF } from './valueCategory.ts';
import { canonicalHeap } from './gcOps.ts';

/** The VM stack cells values of `types` take (a v128 two): how stack switching counts the values it moves. */
function cells(types: readonly ValType[]): number {
  return slotWords(types) / 2;
}

export class ControlOps {
  /** The function's handler table, made on its first try / try_table. */
  handlers: HandlerTable | null = null;
  /** Catch clauses and resume-handler code positions whose label is the function's own (they continue at a Return stub). */
  private readonly stubClauses: HandlerClause[] = [];
  private readonly stubPatches: number[] = [];
  /** Metered functions (compile/meterCosts.ts): what each loop's Meter charges, by the loop's offset. */
  meterCosts: Map<number, number> | null = null;

  constructor(
    private readonly r: ByteReader,
    private readonly em: Emitter,
    private readonly stack: OperandStack,
    private readonly ctrl: ControlStack,
    private readonly assign: DefiniteAssignment,
    private readonly info: ModuleInfo,
    private readonly inst: Instance,
  ) {}

  // ---------------------------------------------------------------- blocks

  /** A block type's parameter and result categories. */
  private blockSig(bt: number): [number[], number[]] {
    if (bt === BLOCK_EMPTY) return [[], []];
    if (bt >= 0) return [[], [categoryOf(bt)]];
    const ft = funcTypeOf(this.info, -1 - bt);
    return [ft.params.map(categoryOf), ft.results.map(categoryOf)];
  }

  /** block / loop: every label sees one layout (the block entry rule, OperandStack). */
  block(isLoop: boolean): void {
    const [params, results] = this.blockSig(readBlockType(this.r));
    this.stack.materializeLocals();
    this.stack.materializeTop(params.length);
    const c = this.ctrl.push(isLoop ? CtrlKind.Loop : CtrlKind.Block, params, results);
    if (!isLoop) return;
    c.loopPc = this.em.label();
    // Each iteration passes the loop's Meter (exec/meter.ts).
    if (this.meterCosts !== null) this.em.e2(Op.Meter, this.meterCosts.get(this.em.curOffset)!);
  }

  if(): void {
    const [params, results] = this.blockSig(readBlockType(this.r));
    const pos = this.ctrl.emitCondJump(true, () => {
      this.stack.materializeLocals();
      this.stack.materializeTop(params.length);
    });
    const c = this.ctrl.push(CtrlKind.If, params, results);
    c.elsePatch = pos;
  }

  else(): void {
    const c = this.ctrl.top();
    if (!c.unreachable) {
      this.ctrl.emitMoves(c);
      this.ctrl.emitJump(c);
    }
    this.em.patch(c.elsePatch, this.em.label());
    c.elsePatch = -1;
    c.kind = CtrlKind.Else;
    // The then-branch's fallthrough reaches the end; the else-branch starts as the if did.
    if (!c.unreachable) this.assign.branchTo(c);
    this.assign.atElse(c);
    c.unreachable = false;
    this.stack.popTo(c.base);
    for (let j = 0; j < c.params.length; j++) this.stack.pushSlot(c.params[j], this.stack.slotOf(c.base + j));
  }

  end(): void {
    const c = this.ctrl.top();
    if (c.kind === CtrlKind.Try || c.kind === CtrlKind.TryTable) this.handlers!.entries[c.entry].end = this.em.code.pos;
    if (c.kind === CtrlKind.Func) {
      if (!c.unreachable) this.ctrl.emitReturn();
      this.ctrl.pop();
      return;
    }
    if (!c.unreachable) this.ctrl.emitResultMoves(c);
    this.ctrl.pop();
    this.assign.atEnd(c, c.kind === CtrlKind.Loop, !c.unreachable, c.kind === CtrlKind.If);
    this.ctrl.bindEnd(c);
    this.ctrl.pushResults(c);
  }

  // ---------------------------------------------------------------- branches

  br(): void {
    this.ctrl.emitBranch(this.r.u32());
    this.ctrl.setUnreachable();
  }

  brIf(): void {
    const depth = this.r.u32();
    const c = this.ctrl.label(depth);
    // The condition is still on top while deciding.
    if (!this.ctrl.needsMoves(c, 1)) {
      const pos = this.ctrl.emitCondJump(false);
      this.ctrl.condTarget(c, pos);
    } else {
      const skip = this.ctrl.emitCondJump(true);
      this.ctrl.emitBranch(depth);
      this.em.patch(skip, this.em.label());
    }
  }

  /** br_table: targets that need value moves go through one stub per label. */
  brTable(): void {
    const r = this.r, em = this.em;
    const n = r.u32();
    const depths: number[] = [];
    for (let i = 0; i <= n; i++) depths.push(r.u32());
    const load = takeLoad32Shl(em, this.stack);
    const idx = this.stack.src(this.stack.h - 1);
    this.stack.pop();
    if (load === null) em.begin(4 + n);
    else em.code.reserve(8 + n); // keeps the load's code-map entry: only the load can trap
    const tablePos = em.code.pos + 3;
    em.w(load === null ? Op.BrTable : Op.BrTableLoad32Shl); em.w(idx); em.w(n);
    for (let i = 0; i <= n; i++) em.w(-1);
    if (load !== null) for (const word of load) em.w(word);
    const stubs = new Map<number, number>();
    for (let i = 0; i <= n; i++) {
      const d = depths[i];
      const c = this.ctrl.label(d);
      if (!this.ctrl.needsMoves(c)) {
        this.ctrl.condTarget(c, tablePos + i);
        continue;
      }
      let stub = stubs.get(d);
      if (stub === undefined) {
        stub = em.label();
        stubs.set(d, stub);
        this.ctrl.emitBranch(d);
      }
      em.patch(tablePos + i, stub);
    }
    this.ctrl.setUnreachable();
  }

  return(): void {
    this.ctrl.emitReturn();
    this.ctrl.setUnreachable();
  }

  /** br_on_null (the reference stays when not null) / br_on_non_null (the reference goes with the branch). */
  brOnNull(onNonNull: boolean): void {
    const depth = this.r.u32();
    const c = this.ctrl.label(depth);
    const ref = this.stack.src(this.stack.h - 1);
    // br_on_null's label values are below the reference, br_on_non_null's include it.
    const extra = onNonNull ? 0 : 1;
    const [taken, notTaken] = onNonNull ? [Op.BrIfNonNull, Op.BrIfNull] : [Op.BrIfNull, Op.BrIfNonNull];
    if (!this.ctrl.needsMoves(c, extra)) {
      this.em.e3(taken, ref, -1);
      this.ctrl.condTarget(c, this.em.lastWord);
    } else {
      this.em.e3(notTaken, ref, -1);
      const skip = this.em.lastWord;
      this.ctrl.emitBranch(depth, extra);
      this.em.patch(skip, this.em.label());
    }
    if (onNonNull) this.stack.pop();
  }

  /**
   * br_on_cast / br_on_cast_fail flags l ht1 ht2: the reference stays on the stack either way
   * (the label's last value), like br_on_non_null's; only ht2 (and its nullability, flag bit 1)
   * is tested.
   */
  brOnCast(onFail: boolean): void {
    const r = this.r;
    const flags = r.u8();
    const depth = r.u32();
    readHeapType(r);
    const heap = canonicalHeap(readHeapType(r), this.inst.canonIds);
    const nullable = (flags & 2) !== 0 ? 1 : 0;
    const c = this.ctrl.label(depth);
    const ref = this.stack.src(this.stack.h - 1);
    const [taken, notTaken] = onFail ? [Op.BrOnCastFail, Op.BrOnCast] : [Op.BrOnCast, Op.BrOnCastFail];
    if (!this.ctrl.needsMoves(c)) {
      this.em.eN(taken, ref, heap, nullable, -1);
      this.ctrl.condTarget(c, this.em.lastWord);
    } else {
      this.em.eN(notTaken, ref, heap, nullable, -1);
      const skip = this.em.lastWord;
      this.ctrl.emitBranch(depth);
      this.em.patch(skip, this.em.label());
    }
  }

  // ---------------------------------------------------------------- exceptions

  /** try_table bt catch*: clause labels count from OUTSIDE the try_table. */
  tryTable(): void {
    const r = this.r;
    const [params, results] = this.blockSig(readBlockType(r));
    const n = r.u32();
    const clauses: HandlerClause[] = [];
    const clause = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      readCatchClause(r, clause);
      const [kind, tag, depth] = clause;
      const all = kind === Catch.CatchAll || kind === Catch.CatchAllRef;
      const withRef = kind === Catch.CatchRef || kind === Catch.CatchAllRef;
      clauses.push(this.catchClause(all ? CATCH_ALL : tag, depth, all ? 0 : slotWords(this.inst.tags[tag].type.params), withRef));
    }
    this.stack.materializeLocals();
    this.stack.materializeTop(params.length);
    const c = this.ctrl.push(CtrlKind.TryTable, params, results);
    this.openEntry(c);
    this.handlers!.entries[c.entry].clauses = clauses;
  }

  /** try bt (legacy). */
  try(): void {
    const [params, results] = this.blockSig(readBlockType(this.r));
    this.stack.materializeLocals();
    this.stack.materializeTop(params.length);
    this.assign.giveUp(); // legacy catch bodies are entered from anywhere in the try
    this.openEntry(this.ctrl.push(CtrlKind.Try, params, results));
  }

  /** catch $x / catch_all (legacy): ends the try body (or the previous catch body), starts a catch body. */
  catch(all: boolean): void {
    const tag = all ? CATCH_ALL : this.r.u32();
    const c = this.ctrl.top();
    const entry = this.handlers!.entries[c.entry];
    if (c.kind === CtrlKind.Try) entry.end = this.em.code.pos;
    if (!c.unreachable) {
      this.ctrl.emitMoves(c);
      this.ctrl.emitJump(c);
    }
    // The catch body: a hidden exnref slot (for rethrow) at the block base, then the payload.
    const exnSlot = this.stack.slotOf(c.base);
    entry.clauses.push({ tag, payloadDst: exnSlot + 2, exnDst: exnSlot, target: this.em.label() });
    c.kind = CtrlKind.Catch;
    c.unreachable = false;
    c.exnSlot = exnSlot;
    c.handler = entry.parent;
    this.stack.popTo(c.base);
    this.stack.pushSlot(CREF, exnSlot);
    if (tag !== CATCH_ALL) for (const t of this.inst.tags[tag].type.params) this.stack.pushResult(categoryOf(t));
  }

  /** delegate $l (legacy): ends the try; its exceptions go to the handler at label $l. */
  delegate(): void {
    const depth = this.r.u32();
    const c = this.ctrl.top();
    const entry = this.handlers!.entries[c.entry];
    entry.end = this.em.code.pos;
    const target = this.ctrl.label(depth + 1);
    entry.parent = target.kind === CtrlKind.Func ? -1 : target.handler;
    // Then exactly the `end` of a block (whose branches include clauses of try_tables inside).
    c.kind = CtrlKind.Block;
    this.end();
  }

  /** throw $x. */
  throw(): void {
    const x = this.r.u32();
    const ft = this.inst.tags[x].type;
    const argBase = this.stack.prepareArgs(ft);
    this.em.e3(Op.Throw, x, argBase);
    this.stack.popN(ft.params.length);
    this.ctrl.setUnreachable();
  }

  /** rethrow $l (legacy): the exception caught by that catch body. */
  rethrow(): void {
    const c = this.ctrl.label(this.r.u32());
    this.em.e2(Op.ThrowRef, c.exnSlot);
    this.ctrl.setUnreachable();
  }

  throwRef(): void {
    const a = this.stack.src(this.stack.h - 1);
    this.stack.pop();
    this.em.e2(Op.ThrowRef, a);
    this.ctrl.setUnreachable();
  }

  /** Starts the handler-table entry of a Try/TryTable block (protecting code from here). */
  private openEntry(c: Ctrl): void {
    this.handlers ??= new HandlerTable();
    c.entry = c.handler = this.handlers.open(this.em.label(), c.handler);
  }

  /** A catch clause for label `depth` (counted from the current control stack). */
  /** `payloadWords`: the int32 words of the tag's payload (the exnref follows it). */
  private catchClause(tag: number, depth: number, payloadWords: number, withRef: boolean): HandlerClause {
    this.assign.giveUp(); // a handler is entered from anywhere in its try: not tracked
    const c = this.ctrl.label(depth);
    const base = c.kind === CtrlKind.Func ? 0 : this.stack.slotOf(c.base);
    const clause: HandlerClause = { tag, payloadDst: base, exnDst: withRef ? base + payloadWords : -1, target: -1 };
    if (c.kind === CtrlKind.Func) this.stubClauses.push(clause);
    else if (c.kind === CtrlKind.Loop) clause.target = c.loopPc;
    else c.hpatches.push(clause);
    return clause;
  }

  // ---------------------------------------------------------------- stack switching

  /** cont.new $ct. */
  contNew(): void {
    this.r.u32();
    const a = this.stack.src(this.stack.h - 1);
    this.stack.pop();
    const d = this.stack.pushResult(CREF);
    this.em.e3(Op.ContNew, d, a);
  }

  /** cont.bind $ct $ct'. */
  contBind(): void {
    const params = this.contFuncType(this.r.u32()).params;
    const n = params.length - this.contFuncType(this.r.u32()).params.length;
    const [argBase, contSlot] = this.contOperands(n);
    this.stack.popN(n + 1);
    const d = this.stack.pushResult(CREF);
    this.em.eN(Op.ContBind, d, contSlot, argBase, cells(params.slice(0, n)));
  }

  /** suspend $e: the values it is resumed with land where its arguments were. */
  suspend(): void {
    const x = this.r.u32();
    const ft = this.inst.tags[x].type;
    const argBase = this.stack.prepareArgs(ft);
    this.em.e3(Op.Suspend, x, argBase);
    this.stack.finishCall(ft);
  }

  /** resume $ct hdl* / resume_throw $ct $x hdl*. */
  resume(isThrow: boolean): void {
    const ft = this.contFuncType(this.r.u32());
    const x = isThrow ? this.r.u32() : -1;
    const handlers = this.readOnClauses();
    const n = isThrow ? this.inst.tags[x].type.params.length : ft.params.length;
    const [argBase, contSlot] = this.contOperands(n);
    this.emitResume(isThrow ? Op.ResumeThrow : Op.Resume, argBase, contSlot, isThrow ? x : cells(ft.params), cells(ft.results), handlers);
    this.stack.popN(n + 1);
    for (const t of ft.results) this.stack.pushResult(categoryOf(t));
  }

  /** resume_throw_ref $ct hdl*. */
  resumeThrowRef(): void {
    const ft = this.contFuncType(this.r.u32());
    const handlers = this.readOnClauses();
    const [exnSlot, contSlot] = this.contOperands(1);
    this.emitResume(Op.ResumeThrowRef, exnSlot, contSlot, 0, cells(ft.results), handlers);
    this.stack.popN(2);
    for (const t of ft.results) this.stack.pushResult(categoryOf(t));
  }

  /** switch $ct1 $e: [t1* (ref $ct1)] -> t2* where $ct1 = cont [t1* (ref $ct2)] -> ..., $ct2 = cont [t2*] -> ... */
  switch(): void {
    const ft1 = this.contFuncType(this.r.u32());
    const tag = this.r.u32();
    const n = ft1.params.length - 1;
    const ft2 = this.contFuncType(typeIndexOfHeap(heapTypeOf(ft1.params[n])));
    const [argBase, contSlot] = this.contOperands(n);
    this.em.eN(Op.Switch, argBase, contSlot, cells(ft1.params.slice(0, n)), tag);
    this.stack.popN(n + 1);
    for (const t of ft2.params) this.stack.pushResult(categoryOf(t));
  }

  /** The function type of continuation type `typeIndex` (module index space). */
  private contFuncType(typeIndex: number): FuncType {
    const c = this.info.types[typeIndex].composite;
    if (c.kind !== 'cont') throw new Error(`type ${typeIndex} is not a continuation type`);
    return funcTypeOf(this.info, c.funcTypeIndex);
  }

  /** `n` values under a contref on top: materializes the values; returns [their base slot, the contref's slot]. */
  private contOperands(n: number): [number, number] {
    const t = this.stack.h - 1;
    const contSlot = this.stack.src(t);
    for (let i = t - n; i < t; i++) this.stack.materialize(i);
    return [this.stack.slotOf(t - n), contSlot];
  }

  /** Resume handler clauses as [kind, tag, label depth] triples. */
  private readOnClauses(): number[][] {
    const n = this.r.u32();
    const out: number[][] = [];
    for (let i = 0; i < n; i++) {
      const c = [0, 0, 0];
      readOnClause(this.r, c);
      out.push(c);
    }
    return out;
  }

  /** Emits a resume-family instruction with its clause list (label targets patched like branches). */
  private emitResume(op: number, a: number, contSlot: number, imm: number, nResults: number, clauses: number[][]): void {
    const em = this.em;
    em.begin(6 + 4 * clauses.length);
    em.w(op); em.w(a); em.w(contSlot); em.w(imm); em.w(nResults); em.w(clauses.length);
    for (const [kind, tag, depth] of clauses) {
      em.w(kind); em.w(tag);
      if (kind !== 0) {
        em.w(-1); em.w(-1);
        continue;
      }
      const c = this.ctrl.label(depth);
      em.w(c.kind === CtrlKind.Func ? 0 : this.stack.slotOf(c.base));
      em.w(-1);
      const pos = em.lastWord;
      if (c.kind === CtrlKind.Func) this.stubPatches.push(pos);
      else this.ctrl.condTarget(c, pos);
    }
  }

  /** After the body: the `Return` that handlers targeting the function's own label continue at. */
  emitReturnStub(): void {
    if (this.stubClauses.length === 0 && this.stubPatches.length === 0) return;
    const here = this.em.label();
    this.em.e2(this.em.returnOp, this.stack.hdr);
    for (const c of this.stubClauses) c.target = here;
    for (const p of this.stubPatches) this.em.patch(p, here);
  }
}
