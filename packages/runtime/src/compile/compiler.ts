/**
 * The compiler: one validated function body (wasm bytes) -> internal code appended to the
 * store's CodeBuffer, run lazily on the function's first call. One pass, no IR. This file holds
 * the per-instruction dispatch, the prologue, and the plain instructions (numeric, memory,
 * variables, references, tables, calls); the parts it drives:
 *   - operandStack.ts: the compile-time model of the operand stack (slots, virtual locals,
 *     constants, pending adds) and the frame layout;
 *   - controlStack.ts: open blocks, branches to their labels, the return sequence;
 *   - controlOps.ts: the control instructions (blocks, branches, exceptions, stack switching);
 *   - emitter.ts: code words and the CodeMap (every instruction mapped to the module offset of
 *     the wasm instruction it came from);
 *   - peephole.ts: every fusion (superinstructions over the last emitted instructions);
 *   - definiteAssignment.ts: which locals some path reads before setting (the prologue zeroes
 *     only those);
 *   - opSelection.ts: the internal instruction of each numeric, load, store and truncation.
 * Branch targets are resolved here once (forward ones by patching).
 */
import { FRAME_LAYOUT, handlersFor } from '@lantern/traps';
import { ByteReader } from '../binary/reader.ts';
import { readHeapType, readValType } from '../binary/typeReader.ts';
import { newMemArg, readMemArg, readOpcodeImm, skipImmediates } from '../binary/immediates.ts';
import { Imm, opcodeInfo, PREFIX_GC, PREFIX_MISC, PREFIX_SIMD, WasmOp, WasmOpFB } from '../binary/opcodes.ts';
import { funcTypeIndex, funcTypeOf, type FuncType, type ModuleInfo } from '../syntax/moduleInfo.ts';
import { slotOffsets } from '../syntax/types.ts';
import { Op } from '../isa/op.generated.ts';
import type { Store } from '../store/store.ts';
import type { FuncInstance } from '../instances/func.ts';
import type { Instance } from '../instances/instance.ts';
import type { CodeBuffer } from './codeBuffer.ts';
import { ControlOps } from './controlOps.ts';
import { GcOps } from './gcOps.ts';
import { ControlStack, CtrlKind } from './controlStack.ts';
import { DefiniteAssignment } from './definiteAssignment.ts';
import { Emitter } from './emitter.ts';
import { OperandStack } from './operandStack.ts';
import { LOAD_OF, NUM_OF, type NumRow, SAT_OF, STORE_OF } from './opSelection.ts';
import {
  fuseBinary, fuseF64Store, fuseLoadShl, fuseLoadStore, fuseXorShiftMul, noteCompare, pairWithLast, retargetToLocal, takeAddressAdd,
} from './peephole.ts';
import { C32, C64, C128, categoryOf, CREF } from './valueCategory.ts';
import { BODY, meterCosts } from './meterCosts.ts';
import type { InstructionCounter } from '../exec/sampling.ts';

/** The value category of a signature letter (binary/opcodes.ts). */
const SIG_CAT: Record<string, number> = { i: C32, f: C32, I: C64, F: C64, v: C128 };

/**
 * Constant slots: a constant an instruction must read from a slot (no immediate form) gets a
 * frame cell between the locals and the header, filled once per call by the ConstFill that
 * opens the function, so a loop body does not re-create it on every iteration. Cells are
 * reserved from a count of the body's const instructions (at most this many).
 */
const MAX_CONST_SLOTS = 32;

/** Upper bound on the constant slots a body needs: its number of *.const instructions (capped). */
function countConsts(bytes: Uint8Array, start: number, end: number): number {
  const r = new ByteReader(bytes, start, end);
  let n = 0;
  while (r.pos < end && n < MAX_CONST_SLOTS) {
    const b = bytes[r.pos];
    if (b === WasmOp.i32Const || b === WasmOp.i64Const || b === WasmOp.f32Const || b === WasmOp.f64Const) n++;
    skipImmediates(r, readOpcodeImm(r));
  }
  return n;
}

/**
 * Compiles `f` (a wasm function of an instance) into the store's code buffer: in debug compile
 * mode's materialized layout when the debugger asks for it (with the operand-stack tables) or
 * when the JS tier may run `f` (src/tier/: a compiled frame deoptimizes into that layout).
 */
export function compileFunction(store: Store, f: FuncInstance): void {
  const inst = f.instance as Instance;
  const debug = store.debug;
  const debugCompile = debug !== null && debug.debugCompile;
  const routed = store.tier !== null && store.tier.mayCompile(f);
  // A debugger or a trap handler may read every local of a frame: none may show a stale value.
  const framesRead = debug !== null || handlersFor(store.thread.state) !== null;
  const counter = store.counter;
  const compiler = new FunctionCompiler(store.code, inst, f, debugCompile || routed || counter !== null, framesRead, debugCompile);
  compiler.ticks = store.sampler !== null;
  compiler.counter = counter;
  compiler.compile(store.thread.metered);
}

class FunctionCompiler {
  private readonly info: ModuleInfo;
  private readonly r: ByteReader;
  private readonly type: FuncType;
  private readonly numLocals: number;
  private readonly localCats: number[] = [];
  /** Per local its slot (int32 offset from FP); at numLocals the end of the locals. */
  private readonly localSlot: number[];
  /** Constant slots reserved after the locals. */
  private readonly constCap: number;
  private readonly em: Emitter;
  private readonly stack: OperandStack;
  private readonly assign: DefiniteAssignment;
  private readonly ctrl: ControlStack;
  private readonly control: ControlOps;
  private readonly gc: GcOps;
  private readonly memArg = newMemArg();

  constructor(
    private readonly code: CodeBuffer,
    private readonly inst: Instance,
    private readonly func: FuncInstance,
    /**
     * Debug compile mode (src/debug/, per Store): no register shortcuts — every operand is
     * materialized in its own slot after each wasm instruction, no peephole fuses or retargets,
     * and every wasm instruction starts an internal instruction of its own (a jump-to-next when it
     * has no code), so a debugger can stop at, and show/write the operand stack of, any of them.
     * The CodeMap records the operand stack height (and value categories) per instruction
     * (`recordStacks`). The JS tier's functions get this layout too: a compiled frame continues
     * in it at any wasm instruction (src/tier/tier.ts, deoptimization).
     */
    private readonly debugMode = false,
    /**
     * A debugger is attached or a trap handler registered: zero every declared local at entry, so
     * that a local not set yet shows 0 (without either, only the locals some path reads before
     * setting are zeroed).
     */
    private readonly zeroEveryLocal = debugMode,
    /** Record the operand stack per instruction in the CodeMap (debug compile mode proper). */
    recordStacks = debugMode,
  ) {
    this.info = inst.info;
    const bodyIndex = func.funcIndex - this.info.importedFuncs;
    const body = this.info.bodies[bodyIndex];
    this.r = new ByteReader(this.info.bytes, body.codeStart, body.codeEnd);
    this.type = funcTypeOf(this.info, this.info.funcTypeIndices[bodyIndex]);
    for (const t of this.type.params) this.localCats.push(categoryOf(t));
    for (const t of body.locals) this.localCats.push(categoryOf(t));
    this.numLocals = this.localCats.length;
    this.localSlot = slotOffsets([...this.type.params, ...body.locals]);
    const resultCats = this.type.results.map(categoryOf);
    const resultSlots = slotOffsets(this.type.results);
    // Results are returned at slots 0..: the header sits above max(locals, results) so the
    // return sequence never overwrites it.
    this.constCap = countConsts(this.info.bytes, body.codeStart, body.codeEnd);
    const localsEnd = this.localSlot[this.numLocals];
    const hdr = Math.max(localsEnd + 2 * this.constCap, resultSlots[resultCats.length]);
    this.em = new Emitter(code, body.codeStart, recordStacks);
    this.stack = new OperandStack(this.em, hdr, hdr + 2 * FRAME_LAYOUT.HEADER_CELLS, localsEnd, this.constCap);
    this.assign = new DefiniteAssignment(this.localCats, this.type.params.length, CREF);
    this.ctrl = new ControlStack(this.em, this.stack, this.assign, resultCats, resultSlots);
    this.control = new ControlOps(this.r, this.em, this.stack, this.ctrl, this.assign, this.info, inst);
    this.gc = new GcOps(this.r, this.em, this.stack, inst);
  }

  // ---------------------------------------------------------------- the function

  /** `metered`: with Meter instructions (exec/meter.ts) ending the prologue and at loop headers. */
  compile(metered: boolean): void {
    const f = this.func;
    const code = this.code;
    const em = this.em;
    const start = code.pos;
    // Prologue: the constant slots' ConstFill (room reserved now, written at the end), then
    // zero the declared locals and null the reference locals.
    const fillLen = this.constCap > 0 ? 3 + 3 * this.constCap : 0;
    if (fillLen > 0) {
      em.begin(fillLen);
      for (let k = 0; k < fillLen; k++) em.w(0);
    }
    const np = this.type.params.length;
    if (this.numLocals > np) {
      em.e3(Op.ZeroRange, this.localSlot[np], this.localSlot[this.numLocals]);
      let i = np;
      while (i < this.numLocals) {
        if (this.localCats[i] !== CREF) { i++; continue; }
        let j = i;
        while (j < this.numLocals && this.localCats[j] === CREF) j++;
        em.e3(Op.NullRefs, this.localSlot[i], this.localSlot[j]);
        i = j;
      }
    }
    if (metered) {
      // Ends the prologue (part of its code-map entry): every call charges the body, and a retry
      // after "out of fuel" starts the body afresh, before any of its instructions ran.
      const body = this.info.bodies[f.funcIndex - this.info.importedFuncs];
      const costs = meterCosts(this.info.bytes, body.codeStart, body.codeEnd);
      em.e2(Op.Meter, costs.get(BODY)!);
      this.control.meterCosts = costs;
      this.ctrl.metered = true;
    }
    em.bodyPc = code.pos;
    if (this.ticks && !this.debugMode) em.returnOp = Op.TickReturn;
    this.ctrl.push(CtrlKind.Func, [], this.ctrl.resultCats);
    this.body();
    this.control.emitReturnStub();
    const end = code.pos;
    f.handlers = this.control.handlers;
    f.localsI32 = this.stack.hdr;
    f.frameI32 = 2 * (FRAME_LAYOUT.HEADER_CELLS + 1) + this.stack.maxWords;
    f.codeMap = em.codeMap(start, end);
    f.entryPc = start;
    const zeroAt = start + fillLen;
    if (this.numLocals > np) this.narrowZeroing(zeroAt, np);
    if (fillLen > 0) {
      const buf = code.buf;
      buf[start] = Op.ConstFill;
      buf[start + 1] = this.stack.constSlots.size;
      buf[start + 2] = fillLen;
      let q = start + 3;
      for (const [key, slot] of this.stack.constSlots) {
        const comma = key.indexOf(',');
        buf[q] = slot;
        buf[q + 1] = Number(key.slice(comma + 1));
        buf[q + 2] = Number(key.slice(0, comma));
        q += 3;
      }
      // No constant needed a slot: calls skip the (empty) ConstFill.
      if (this.stack.constSlots.size === 0) f.entryPc = start + fillLen;
    }
    // No local to zero (and no reference local to null): calls skip the zeroing too.
    if (this.numLocals > np && code.buf[zeroAt + 1] === code.buf[zeroAt + 2] && code.buf[zeroAt + 3] !== Op.NullRefs) {
      if (f.entryPc === zeroAt) f.entryPc = zeroAt + 3;
      else code.buf[start + 2] = fillLen + 3; // the ConstFill jumps over it
    }
  }

  /**
   * Shrinks the prologue's ZeroRange at `at` to the declared numeric locals some path reads before
   * setting (an empty range when none: the caller skips it). With a debugger attached all are
   * zeroed: it shows every local from the function's first instruction on.
   */
  private narrowZeroing(at: number, np: number): void {
    if (this.zeroEveryLocal) return;
    const [from, to] = this.assign.zeroRange(np, this.numLocals);
    const buf = this.code.buf;
    buf[at + 1] = this.localSlot[from];
    buf[at + 2] = this.localSlot[to];
  }

  private body(): void {
    const r = this.r;
    let dead = 0; // nesting depth inside unreachable code
    while (this.ctrl.depth > 0) {
      this.em.curOffset = r.pos;
      const c = this.ctrl.top();
      if (c.unreachable) {
        const op = r.bytes[r.pos];
        // else / legacy catch, catch_all, delegate close an unreachable body at dead === 0
        const closes = op === WasmOp.else || op === WasmOp.catch || op === WasmOp.catchAll || op === WasmOp.delegate;
        if (op === WasmOp.end || (closes && dead === 0)) {
          if (dead > 0) {
            dead--;
            r.pos++;
            continue;
          }
        } else {
          if (op === WasmOp.delegate) dead--; // a dead try ended by delegate
          else if (op === WasmOp.block || op === WasmOp.loop || op === WasmOp.if || op === WasmOp.try || op === WasmOp.tryTable) dead++;
          skipImmediates(r, readOpcodeImm(r));
          continue;
        }
      }
      if (this.debugMode) this.debugInstr();
      else if (this.ticks) this.tickedInstr();
      else this.instr();
    }
  }

  /**
   * Ticks in code that is not debug-compiled (a sampling profiler: exec/sampling.ts): at loop
   * headers, and its returns are TickReturns — a Tick per call without a dispatch of its own.
   */
  ticks = false;
  /** An exact profile's counter: a CountExec before each wasm instruction (debug layout; exec/sampling.ts). */
  counter: InstructionCounter | null = null;

  /** One wasm instruction with the loop headers' Ticks of debug mode (`debugInstr`) but the normal code otherwise. */
  private tickedInstr(): void {
    const em = this.em;
    const isLoop = this.r.bytes[this.r.pos] === WasmOp.loop;
    this.instr();
    if (!isLoop || this.ctrl.depth === 0) return;
    em.e1(Op.Tick);
    em.forgetLast();
  }

  /** One wasm instruction in debug mode (see `debugMode`). */
  private debugInstr(): void {
    const em = this.em;
    em.stackBefore = this.stack.cat.slice(0, this.stack.h);
    const pos = this.code.pos;
    const isLoop = this.r.bytes[this.r.pos] === WasmOp.loop;
    // Ticks at the body's start and at every loop header (after its label: each iteration passes
    // it) bound the time between Tick exits, where an async entry yields to the event loop. (A
    // body starting with a loop has the loop's: the loop's label must own the body's first entry.)
    if (pos === em.bodyPc && !isLoop) em.e1(Op.Tick);
    if (this.counter !== null) em.e2(Op.CountExec, this.counter.slot(this.func.addr, em.curOffset));
    this.instr();
    if (this.ctrl.depth === 0) return;
    this.stack.materializeAll();
    if (isLoop) em.e1(Op.Tick);
    else if (this.code.pos === pos) em.e2(Op.Br, this.code.pos + 2); // a no-op of its own
    em.forgetLast();
  }

  // ---------------------------------------------------------------- the dispatch

  private instr(): void {
    const r = this.r;
    const em = this.em;
    const stack = this.stack;
    const control = this.control;
    const op = r.u8();
    switch (op) {
      case 0x00: // unreachable
        em.e1(Op.Unreachable);
        this.ctrl.setUnreachable();
        return;
      case 0x01: // nop
        return;
      case 0x02: // block
        control.block(false);
        return;
      case 0x03: // loop
        control.block(true);
        return;
      case 0x04: // if
        control.if();
        return;
      case 0x05: // else
        control.else();
        return;
      case 0x06: // try
        control.try();
        return;
      case 0x07: // catch
        control.catch(false);
        return;
      case 0x08: // throw
        control.throw();
        return;
      case 0x09: // rethrow
        control.rethrow();
        return;
      case 0x0a: // throw_ref
        control.throwRef();
        return;
      case 0x0b: // end
        control.end();
        return;
      case 0x0c: // br
        control.br();
        return;
      case 0x0d: // br_if
        control.brIf();
        return;
      case 0x0e: // br_table
        control.brTable();
        return;
      case 0x0f: // return
        control.return();
        return;
      case 0x10: { // call
        const fi = r.u32();
        this.emitCall(Op.Call, funcTypeOf(this.info, funcTypeIndex(this.info, fi)), [this.inst.funcs[fi].addr]);
        return;
      }
      case 0x11: { // call_indirect
        const ti = r.u32();
        const tbl = r.u32();
        const idx = stack.src(stack.h - 1);
        stack.pop();
        const is64 = this.inst.tables[tbl].is64 ? 1 : 0;
        this.emitCall(Op.CallIndirect, funcTypeOf(this.info, ti), [tbl, this.inst.canonIds[ti]], [idx, is64]);
        return;
      }
      case 0x12: { // return_call
        const fi = r.u32();
        this.emitReturnCall(Op.ReturnCall, funcTypeOf(this.info, funcTypeIndex(this.info, fi)), (argBase) => [
          this.inst.funcs[fi].addr, argBase,
        ]);
        return;
      }
      case 0x13: { // return_call_indirect
        const ti = r.u32();
        const tbl = r.u32();
        const idx = stack.src(stack.h - 1);
        stack.pop();
        const is64 = this.inst.tables[tbl].is64 ? 1 : 0;
        this.emitReturnCall(Op.ReturnCallIndirect, funcTypeOf(this.info, ti), (argBase) => [
          tbl, this.inst.canonIds[ti], argBase, idx, is64,
        ]);
        return;
      }
      case 0x14: { // call_ref
        const ti = r.u32();
        const ref = stack.src(stack.h - 1);
        stack.pop();
        this.emitCall(Op.CallRef, funcTypeOf(this.info, ti), [], [ref]);
        return;
      }
      case 0x15: { // return_call_ref
        const ti = r.u32();
        const ref = stack.src(stack.h - 1);
        stack.pop();
        this.emitReturnCall(Op.ReturnCallRef, funcTypeOf(this.info, ti), (argBase) => [argBase, ref]);
        return;
      }
      case 0x18: // delegate
        control.delegate();
        return;
      case 0x19: // catch_all
        control.catch(true);
        return;
      case 0x1a: // drop
        stack.pop();
        return;
      case 0x1b: // select
      case 0x1c: { // select (typed: select t*)
        if (op === WasmOp.selectT) {
          const n = r.u32();
          for (let i = 0; i < n; i++) readValType(r);
        }
        const t = stack.h;
        const cond = stack.src(t - 1);
        const b = stack.src(t - 2);
        const a = stack.src(t - 3);
        const cat = stack.cat[t - 3];
        stack.popN(3);
        const d = stack.pushResult(cat);
        em.eN(cat === C32 ? Op.Select32 : cat === C64 ? Op.Select64 : cat === C128 ? Op.Select128 : Op.SelectRef, d, a, b, cond);
        // Select reads a/b after choosing: no retargeting (d may equal a or b as a local).
        return;
      }
      case 0x1f: // try_table
        control.tryTable();
        return;
      case 0x20: { // local.get
        const x = r.u32();
        this.assign.read(x);
        stack.pushSlot(this.localCats[x], this.localSlot[x]);
        return;
      }
      case 0x21: // local.set
      case 0x22: { // local.tee
        const x = r.u32();
        this.assign.set(x);
        const s = this.localSlot[x];
        const t = stack.h - 1;
        if (!retargetToLocal(em, stack, s)) {
          stack.materializeReaders(s, t);
          stack.moveTo(t, s);
        }
        em.lastDstPos = -1;
        em.lastCmpOp = -1;
        const cat = stack.cat[t];
        stack.pop();
        if (op === WasmOp.localTee) stack.pushSlot(cat, s);
        return;
      }
      case 0x23: { // global.get
        const g = this.inst.globals[r.u32()];
        const cat = categoryOf(g.type.valType);
        const d = stack.pushResult(cat);
        em.e3(cat === C32 ? Op.GlobalGet32 : cat === C64 ? Op.GlobalGet64 : cat === C128 ? Op.GlobalGet128 : Op.GlobalGetRef, d, g.addr);
        em.setLastDst(this.code.pos - 2);
        return;
      }
      case 0x24: { // global.set
        const g = this.inst.globals[r.u32()];
        const cat = categoryOf(g.type.valType);
        const a = stack.src(stack.h - 1);
        stack.pop();
        em.e3(cat === C32 ? Op.GlobalSet32 : cat === C64 ? Op.GlobalSet64 : cat === C128 ? Op.GlobalSet128 : Op.GlobalSetRef, g.addr, a);
        return;
      }
      case 0x25: { // table.get
        const tbl = r.u32();
        const a = stack.src(stack.h - 1);
        stack.pop();
        const d = stack.pushResult(CREF);
        em.e4(Op.TableGet, d, tbl, a);
        return;
      }
      case 0x26: { // table.set
        const tbl = r.u32();
        const v = stack.src(stack.h - 1);
        const a = stack.src(stack.h - 2);
        stack.popN(2);
        em.e4(Op.TableSet, tbl, a, v);
        return;
      }
      case 0x3f: { // memory.size
        const m = r.u32();
        const d = stack.pushResult(this.inst.memories[m].is64 ? C64 : C32);
        em.e3(Op.MemorySize, d, m);
        return;
      }
      case 0x40: { // memory.grow
        const m = r.u32();
        const a = stack.src(stack.h - 1);
        const cat = stack.cat[stack.h - 1];
        stack.pop();
        const d = stack.pushResult(cat);
        em.e4(Op.MemoryGrow, d, m, a);
        return;
      }
      case 0x41: // i32.const
        stack.pushConst(C32, r.s32(), 0);
        return;
      case 0x42: { // i64.const
        const v = BigInt.asUintN(64, r.s64());
        stack.pushConst(C64, Number(v & 0xffffffffn), Number(v >> 32n));
        return;
      }
      case 0x43: // f32.const
        stack.pushConst(C32, r.u32Fixed(), 0);
        return;
      case 0x44: { // f64.const
        const lo = r.u32Fixed();
        stack.pushConst(C64, lo, r.u32Fixed());
        return;
      }
      case 0xa7: // i32.wrap_i64: the low half
      case 0xbc: // i32.reinterpret_f32
      case 0xbe: // f32.reinterpret_i32
        stack.cat[stack.h - 1] = C32;
        return;
      case 0xbd: // i64.reinterpret_f64
      case 0xbf: // f64.reinterpret_i64
        return;
      case 0xd0: { // ref.null
        readHeapType(r);
        const d = stack.pushResult(CREF);
        em.e2(Op.RefNull, d);
        return;
      }
      case 0xd1: { // ref.is_null
        const a = stack.src(stack.h - 1);
        stack.pop();
        const d = stack.pushResult(C32);
        em.e3(Op.RefIsNull, d, a);
        em.setLastDst(this.code.pos - 2);
        return;
      }
      case 0xd2: { // ref.func
        const fi = r.u32();
        const d = stack.pushResult(CREF);
        em.e3(Op.RefFunc, d, this.inst.funcs[fi].addr);
        return;
      }
      case 0xd3: { // ref.eq
        const b = stack.src(stack.h - 1);
        const a = stack.src(stack.h - 2);
        stack.popN(2);
        const d = stack.pushResult(C32);
        em.e4(Op.RefEq, d, a, b);
        return;
      }
      case 0xd4: { // ref.as_non_null
        const a = stack.src(stack.h - 1);
        stack.pop();
        const d = stack.pushResult(CREF);
        em.e3(Op.RefAsNonNull, d, a);
        return;
      }
      case 0xd5: // br_on_null
        control.brOnNull(false);
        return;
      case 0xd6: // br_on_non_null
        control.brOnNull(true);
        return;
      case 0xe0: // cont.new
        control.contNew();
        return;
      case 0xe1: // cont.bind
        control.contBind();
        return;
      case 0xe2: // suspend
        control.suspend();
        return;
      case 0xe3: // resume
        control.resume(false);
        return;
      case 0xe4: // resume_throw
        control.resume(true);
        return;
      case 0xe5: // resume_throw_ref
        control.resumeThrowRef();
        return;
      case 0xe6: // switch
        control.switch();
        return;
      case PREFIX_GC: {
        const sub = r.u32();
        // br_on_cast and br_on_cast_fail are branches; the rest of the group is gcOps.ts's.
        if (sub === WasmOpFB.brOnCast || sub === WasmOpFB.brOnCastFail) control.brOnCast(sub === WasmOpFB.brOnCastFail);
        else this.gc.instr(sub);
        return;
      }
      case PREFIX_MISC:
        this.prefixFC(r.u32());
        return;
      case PREFIX_SIMD:
        this.prefixFD(r.u32());
        return;
    }
    if (LOAD_OF[op] !== undefined || STORE_OF[op] !== undefined) {
      this.memoryOp(op);
      return;
    }
    const row = NUM_OF[op];
    if (row !== undefined) {
      this.numeric(row);
      return;
    }
    throw new Error(`unsupported opcode 0x${op.toString(16)} at offset ${em.curOffset}`);
  }

  // ---------------------------------------------------------------- numeric

  private numeric(row: NumRow): void {
    const em = this.em;
    const stack = this.stack;
    const [op, arity, cat, immOp, comm] = row;
    const t = stack.h - 1;
    if (arity === 1) {
      const a = stack.src(t);
      stack.pop();
      const d = stack.pushResult(cat);
      em.e3(op, d, a);
      em.setLastDst(this.code.pos - 2);
      noteCompare(em, op);
      return;
    }
    const i64Imm = cat === C64 && immOp >= 0 && stack.cat[t] === C64;
    if (immOp >= 0 && (stack.isImmediate(t, i64Imm) || (comm && stack.isImmediate(t - 1, i64Imm)))) {
      const constFirst = !stack.isImmediate(t, i64Imm);
      if (immOp === Op.I32AddImm && !constFirst && stack.deferAdd(op === Op.I32Sub ? -stack.cv0[t] | 0 : stack.cv0[t])) return;
      const ai = constFirst ? t : t - 1;
      const a = stack.src(ai);
      const ci = constFirst ? t - 1 : t;
      let lo = stack.cv0[ci], hi = stack.cv1[ci];
      if (op === Op.I32Sub) lo = -lo | 0;
      if (op === Op.I64Sub) {
        lo = (~lo + 1) | 0;
        hi = (~hi + (lo === 0 ? 1 : 0)) | 0;
      }
      stack.popN(2);
      const d = stack.pushResult(cat);
      if (i64Imm) {
        if (immOp === Op.I64ShlImm || immOp === Op.I64ShrSImm || immOp === Op.I64ShrUImm) lo &= 63;
        if (immOp === Op.I64MulImm && a === stack.slotOf(ai) && fuseXorShiftMul(em, d, a, lo, hi)) return;
        em.eN(immOp, d, a, lo, hi);
        em.setLastDst(this.code.pos - 4);
      } else {
        if (immOp !== Op.I32AddImm || !pairWithLast(em, Op.I32AddImm, Op.I32AddImm2, d, a, lo)) em.e4(immOp, d, a, lo);
        em.setLastDst(this.code.pos - 3);
        noteCompare(em, immOp);
      }
      return;
    }
    // (x + c) + y: add x and y, keep c pending on the result (it folds into an address).
    const addend = op === Op.I32Add ? stack.takePendingAdds() : 0;
    const b = stack.src(t);
    const a = stack.src(t - 1);
    stack.popN(2);
    const d = stack.pushResult(cat);
    if (!fuseBinary(em, op, d, a, b, stack.slotOf(t - 1), stack.slotOf(t))) {
      if (op !== Op.I32Add || !pairWithLast(em, Op.I32Add, Op.I32Add2, d, a, b)) em.e4(op, d, a, b);
      em.setLastDst(this.code.pos - 3);
      noteCompare(em, op);
    }
    if (addend !== 0) stack.keepPendingAdd(addend);
  }

  // ---------------------------------------------------------------- memory

  private memoryOp(op: number): void {
    const em = this.em;
    const stack = this.stack;
    const m = readMemArg(this.r, this.memArg);
    const mem = this.inst.memories[m.memIndex];
    const fast = m.memIndex === 0 && !mem.is64 && m.offset <= 0xffffffff;
    const offLo = m.offset % 4294967296;
    const offHi = Math.floor(m.offset / 4294967296);
    const load = LOAD_OF[op];
    const addrAt = load !== undefined ? stack.h - 1 : stack.h - 2;
    // Fold a pending or just emitted `i32.add (x, const)` into the access: address = (x + c) mod 2^32 + offset.
    let addr = -1;
    let addend = 0;
    if (fast && stack.isPendingAdd(addrAt)) {
      addr = stack.loc[addrAt];
      addend = stack.cv0[addrAt];
    } else if (fast) {
      const add = takeAddressAdd(em, stack, addrAt);
      if (add !== null) [addr, addend] = add;
    }
    if (load !== undefined) {
      if (fast && load[0] === Op.Load32 && fuseLoadShl(em, stack, addrAt, addr >= 0, addend, offLo)) return;
      const a = addr >= 0 ? addr : stack.src(stack.h - 1);
      stack.pop();
      const d = stack.pushResult(load[1]);
      if (fast) {
        em.eN(load[0], d, a, addend, offLo);
        em.setLastDst(this.code.pos - 4);
      } else {
        em.eN(Op.LoadX, load[0], d, a, m.memIndex, offLo, offHi);
        em.setLastDst(this.code.pos - 5);
      }
      return;
    }
    const sop = STORE_OF[op]!;
    const a = addr >= 0 ? addr : stack.src(stack.h - 2);
    if (fast && fuseLoadStore(em, stack, sop, a, addend, offLo)) return;
    if (fast && sop === Op.Store64 && fuseF64Store(em, stack, a, addend, offLo)) return;
    const v = stack.src(stack.h - 1);
    stack.popN(2);
    if (fast) em.eN(sop, a, v, addend, offLo);
    else em.eN(Op.StoreX, sop, a, v, m.memIndex, offLo, offHi);
  }

  /** The 0xFC group: saturating truncations, bulk memory and table instructions. */
  private prefixFC(sub: number): void {
    const r = this.r;
    const em = this.em;
    const stack = this.stack;
    const sat = SAT_OF[sub];
    if (sat !== undefined) {
      const a = stack.src(stack.h - 1);
      stack.pop();
      const d = stack.pushResult(sat[1]);
      em.e3(sat[0], d, a);
      em.setLastDst(this.code.pos - 2);
      return;
    }
    switch (sub) {
      case 0x08: { // memory.init seg mem
        const seg = r.u32();
        const mem = r.u32();
        const [d, s, n] = stack.pop3();
        em.eN(Op.MemoryInit, mem, seg, d, s, n);
        return;
      }
      case 0x09: // data.drop
        em.e2(Op.DataDrop, r.u32());
        return;
      case 0x0a: { // memory.copy dst src
        const dm = r.u32();
        const sm = r.u32();
        const [d, s, n] = stack.pop3();
        em.eN(Op.MemoryCopy, dm, sm, d, s, n);
        return;
      }
      case 0x0b: { // memory.fill
        const mem = r.u32();
        const [d, v, n] = stack.pop3();
        em.eN(Op.MemoryFill, mem, d, v, n);
        return;
      }
      case 0x0c: { // table.init seg table
        const seg = r.u32();
        const tbl = r.u32();
        const [d, s, n] = stack.pop3();
        em.eN(Op.TableInit, tbl, seg, d, s, n);
        return;
      }
      case 0x0d: // elem.drop
        em.e2(Op.ElemDrop, r.u32());
        return;
      case 0x0e: { // table.copy dst src
        const dt = r.u32();
        const st = r.u32();
        const [d, s, n] = stack.pop3();
        em.eN(Op.TableCopy, dt, st, d, s, n);
        return;
      }
      case 0x0f: { // table.grow
        const tbl = r.u32();
        const delta = stack.src(stack.h - 1);
        const init = stack.src(stack.h - 2);
        const cat = stack.cat[stack.h - 1];
        stack.popN(2);
        const d = stack.pushResult(cat);
        em.eN(Op.TableGrow, d, tbl, init, delta);
        return;
      }
      case 0x10: { // table.size
        const tbl = r.u32();
        const d = stack.pushResult(this.inst.tables[tbl].is64 ? C64 : C32);
        em.e3(Op.TableSize, d, tbl);
        return;
      }
      case 0x11: { // table.fill
        const tbl = r.u32();
        const [i, v, n] = stack.pop3();
        em.eN(Op.TableFill, tbl, i, v, n);
        return;
      }
    }
    throw new Error(`unsupported opcode 0xfc ${sub} at offset ${em.curOffset}`);
  }

  /**
   * The 0xFD group (SIMD): one internal instruction per operand shape, carrying the sub-opcode
   * for exec/simd.ts (see the SIMD rows of isa/instructions.ts). v128 constants are emitted where
   * they stand (no constant slots: they would take two cells each).
   */
  private prefixFD(sub: number): void {
    const r = this.r;
    const em = this.em;
    const stack = this.stack;
    const [, , imm, sig] = opcodeInfo(PREFIX_SIMD, sub)!;
    const ins = sig!.indexOf('>');
    const outCat = ins + 1 < sig!.length ? SIG_CAT[sig![ins + 1]] : -1;
    const top = stack.h - 1;
    switch (imm) {
      case Imm.V128: {
        const d = stack.pushResult(C128);
        em.eN(Op.V128Const, d, r.u32Fixed() | 0, r.u32Fixed() | 0, r.u32Fixed() | 0, r.u32Fixed() | 0);
        return;
      }
      case Imm.Shuffle: {
        const lanes = [0, 0, 0, 0];
        for (let i = 0; i < 16; i++) lanes[i >> 2] |= r.u8() << (8 * (i & 3));
        const b = stack.src(top);
        const a = stack.src(top - 1);
        stack.popN(2);
        em.eN(Op.SimdShuffle, stack.pushResult(C128), a, b, ...lanes);
        return;
      }
      case Imm.Lane: {
        const lane = r.u8();
        if (ins === 1) {
          const a = stack.src(top);
          stack.pop();
          em.eN(Op.SimdExtractLane, stack.pushResult(outCat), a, lane, sub);
        } else {
          const b = stack.src(top);
          const a = stack.src(top - 1);
          stack.popN(2);
          em.eN(Op.SimdReplaceLane, stack.pushResult(C128), a, b, lane, sub);
        }
        return;
      }
      case Imm.MemArg:
      case Imm.MemArgLane: {
        const m = readMemArg(r, this.memArg);
        const offLo = m.offset % 4294967296;
        const offHi = Math.floor(m.offset / 4294967296);
        const lane = imm === Imm.MemArgLane ? r.u8() : -1;
        if (ins === 1) {
          const a = stack.src(top);
          stack.pop();
          em.eN(Op.SimdLoad, stack.pushResult(C128), a, m.memIndex, offLo, offHi, sub);
          return;
        }
        const v = stack.src(top);
        const a = stack.src(top - 1);
        stack.popN(2);
        if (imm === Imm.MemArg) em.eN(Op.SimdStore, a, v, m.memIndex, offLo, offHi);
        else if (outCat < 0) em.eN(Op.SimdStoreLane, a, v, m.memIndex, offLo, offHi, lane, sub);
        else em.eN(Op.SimdLoadLane, stack.pushResult(C128), a, v, m.memIndex, offLo, offHi, lane, sub);
        return;
      }
    }
    if (ins === 1) {
      const a = stack.src(top);
      stack.pop();
      em.eN(Op.SimdUnary, stack.pushResult(outCat), a, sub);
    } else if (ins === 2) {
      const b = stack.src(top);
      const a = stack.src(top - 1);
      stack.popN(2);
      em.eN(Op.SimdBinary, stack.pushResult(outCat), a, b, sub);
    } else {
      const [a, b, c] = stack.pop3();
      em.eN(Op.SimdTernary, stack.pushResult(outCat), a, b, c, sub);
    }
  }

  // ---------------------------------------------------------------- calls

  /** A call: `op`, then `before` immediates, the arguments' base slot, `after` immediates; the results replace the arguments. */
  private emitCall(op: number, ft: FuncType, before: number[], after: number[] = []): void {
    const argBase = this.stack.prepareArgs(ft);
    this.em.eN(op, ...before, argBase, ...after);
    this.stack.finishCall(ft);
  }
  private emitReturnCall(op: number, ft: FuncType, imms: (argBase: number) => number[]): void {
    const argBase = this.stack.prepareArgs(ft);
    this.em.eN(op, ...imms(argBase), this.stack.wordsOfTop(ft.params.length), this.stack.hdr);
    // Fallback for a host callee: it returns here like a call; then return its results.
    this.stack.finishCall(ft);
    this.ctrl.emitReturn();
    this.ctrl.setUnreachable();
  }
}
