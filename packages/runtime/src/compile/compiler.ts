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
 *     only those).
 * Branch targets are resolved here once (forward ones by patching).
 */
import { FRAME_LAYOUT } from '@lantern/traps';
import { ByteReader } from '../binary/reader.ts';
import { readHeapType, readValType } from '../binary/typeReader.ts';
import { newMemArg, readMemArg, readOpcodeImm, skipImmediates } from '../binary/immediates.ts';
import { funcTypeIndex, funcTypeOf, type FuncType, type ModuleInfo } from '../syntax/moduleInfo.ts';
import { Op } from '../isa/op.generated.ts';
import type { Store } from '../store/store.ts';
import type { FuncInstance } from '../instances/func.ts';
import type { Instance } from '../instances/instance.ts';
import type { CodeBuffer } from './codeBuffer.ts';
import { ControlOps } from './controlOps.ts';
import { ControlStack, CtrlKind } from './controlStack.ts';
import { DefiniteAssignment } from './definiteAssignment.ts';
import { Emitter } from './emitter.ts';
import { OperandStack } from './operandStack.ts';
import {
  fuseBinary, fuseF64Store, fuseLoadShl, fuseLoadStore, fuseXorShiftMul, noteCompare, pairWithLast, retargetToLocal, takeAddressAdd,
} from './peephole.ts';
import { C32, C64, categoryOf, CREF } from './valueCategory.ts';

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
    if (b >= 0x41 && b <= 0x44) n++;
    skipImmediates(r, readOpcodeImm(r));
  }
  return n;
}

// Binary/unary numeric ops: wasm opcode -> [op, arity, resultCat, immOp (or -1), commutative].
type NumRow = readonly [op: number, arity: 1 | 2, cat: number, imm: number, comm: boolean];
const NUM: (NumRow | undefined)[] = [];
function bin(code: number, op: number, cat: number, imm = -1, comm = false): void {
  NUM[code] = [op, 2, cat, imm, comm];
}
function un(code: number, op: number, cat: number): void {
  NUM[code] = [op, 1, cat, -1, false];
}
un(0x45, Op.I32Eqz, C32);
bin(0x46, Op.I32Eq, C32, Op.I32EqImm, true);
bin(0x47, Op.I32Ne, C32, Op.I32NeImm, true);
bin(0x48, Op.I32LtS, C32, Op.I32LtSImm);
bin(0x49, Op.I32LtU, C32, Op.I32LtUImm);
bin(0x4a, Op.I32GtS, C32, Op.I32GtSImm);
bin(0x4b, Op.I32GtU, C32, Op.I32GtUImm);
bin(0x4c, Op.I32LeS, C32, Op.I32LeSImm);
bin(0x4d, Op.I32LeU, C32, Op.I32LeUImm);
bin(0x4e, Op.I32GeS, C32, Op.I32GeSImm);
bin(0x4f, Op.I32GeU, C32, Op.I32GeUImm);
un(0x50, Op.I64Eqz, C32);
[Op.I64Eq, Op.I64Ne, Op.I64LtS, Op.I64LtU, Op.I64GtS, Op.I64GtU, Op.I64LeS, Op.I64LeU, Op.I64GeS, Op.I64GeU].forEach((op, i) => bin(0x51 + i, op, C32));
[Op.F32Eq, Op.F32Ne, Op.F32Lt, Op.F32Gt, Op.F32Le, Op.F32Ge].forEach((op, i) => bin(0x5b + i, op, C32));
[Op.F64Eq, Op.F64Ne, Op.F64Lt, Op.F64Gt, Op.F64Le, Op.F64Ge].forEach((op, i) => bin(0x61 + i, op, C32));
un(0x67, Op.I32Clz, C32);
un(0x68, Op.I32Ctz, C32);
un(0x69, Op.I32Popcnt, C32);
bin(0x6a, Op.I32Add, C32, Op.I32AddImm, true);
bin(0x6b, Op.I32Sub, C32, Op.I32AddImm); // imm negated
bin(0x6c, Op.I32Mul, C32, Op.I32MulImm, true);
bin(0x6d, Op.I32DivS, C32);
bin(0x6e, Op.I32DivU, C32);
bin(0x6f, Op.I32RemS, C32);
bin(0x70, Op.I32RemU, C32);
bin(0x71, Op.I32And, C32, Op.I32AndImm, true);
bin(0x72, Op.I32Or, C32, Op.I32OrImm, true);
bin(0x73, Op.I32Xor, C32, Op.I32XorImm, true);
bin(0x74, Op.I32Shl, C32, Op.I32ShlImm);
bin(0x75, Op.I32ShrS, C32, Op.I32ShrSImm);
bin(0x76, Op.I32ShrU, C32, Op.I32ShrUImm);
bin(0x77, Op.I32Rotl, C32);
bin(0x78, Op.I32Rotr, C32);
un(0x79, Op.I64Clz, C64);
un(0x7a, Op.I64Ctz, C64);
un(0x7b, Op.I64Popcnt, C64);
[Op.I64Add, Op.I64Sub, Op.I64Mul, Op.I64DivS, Op.I64DivU, Op.I64RemS, Op.I64RemU, Op.I64And, Op.I64Or, Op.I64Xor,
  Op.I64Shl, Op.I64ShrS, Op.I64ShrU, Op.I64Rotl, Op.I64Rotr].forEach((op, i) => bin(0x7c + i, op, C64));
bin(0x7c, Op.I64Add, C64, Op.I64AddImm, true);
bin(0x7d, Op.I64Sub, C64, Op.I64AddImm); // imm negated
bin(0x7e, Op.I64Mul, C64, Op.I64MulImm, true);
bin(0x83, Op.I64And, C64, Op.I64AndImm, true);
bin(0x84, Op.I64Or, C64, Op.I64OrImm, true);
bin(0x85, Op.I64Xor, C64, Op.I64XorImm, true);
bin(0x86, Op.I64Shl, C64, Op.I64ShlImm);
bin(0x87, Op.I64ShrS, C64, Op.I64ShrSImm);
bin(0x88, Op.I64ShrU, C64, Op.I64ShrUImm);
[Op.F32Abs, Op.F32Neg, Op.F32Ceil, Op.F32Floor, Op.F32Trunc, Op.F32Nearest, Op.F32Sqrt].forEach((op, i) => un(0x8b + i, op, C32));
[Op.F32Add, Op.F32Sub, Op.F32Mul, Op.F32Div, Op.F32Min, Op.F32Max, Op.F32Copysign].forEach((op, i) => bin(0x92 + i, op, C32));
[Op.F64Abs, Op.F64Neg, Op.F64Ceil, Op.F64Floor, Op.F64Trunc, Op.F64Nearest, Op.F64Sqrt].forEach((op, i) => un(0x99 + i, op, C64));
[Op.F64Add, Op.F64Sub, Op.F64Mul, Op.F64Div, Op.F64Min, Op.F64Max, Op.F64Copysign].forEach((op, i) => bin(0xa0 + i, op, C64));
un(0xa8, Op.I32TruncF32S, C32);
un(0xa9, Op.I32TruncF32U, C32);
un(0xaa, Op.I32TruncF64S, C32);
un(0xab, Op.I32TruncF64U, C32);
un(0xac, Op.I64ExtendI32S, C64);
un(0xad, Op.I64ExtendI32U, C64);
un(0xae, Op.I64TruncF32S, C64);
un(0xaf, Op.I64TruncF32U, C64);
un(0xb0, Op.I64TruncF64S, C64);
un(0xb1, Op.I64TruncF64U, C64);
un(0xb2, Op.F32ConvertI32S, C32);
un(0xb3, Op.F32ConvertI32U, C32);
un(0xb4, Op.F32ConvertI64S, C32);
un(0xb5, Op.F32ConvertI64U, C32);
un(0xb6, Op.F32DemoteF64, C32);
un(0xb7, Op.F64ConvertI32S, C64);
un(0xb8, Op.F64ConvertI32U, C64);
un(0xb9, Op.F64ConvertI64S, C64);
un(0xba, Op.F64ConvertI64U, C64);
un(0xbb, Op.F64PromoteF32, C64);
un(0xc0, Op.I32Extend8S, C32);
un(0xc1, Op.I32Extend16S, C32);
un(0xc2, Op.I64Extend8S, C64);
un(0xc3, Op.I64Extend16S, C64);
un(0xc4, Op.I64Extend32S, C64);
const TRUNC_SAT = [
  Op.I32TruncSatF32S, Op.I32TruncSatF32U, Op.I32TruncSatF64S, Op.I32TruncSatF64U,
  Op.I64TruncSatF32S, Op.I64TruncSatF32U, Op.I64TruncSatF64S, Op.I64TruncSatF64U,
];

/** Fast memory-0 load ops by wasm opcode (0x28..0x35) and their result category. */
const LOADS: readonly (readonly [number, number, number])[] = [
  [0x28, Op.Load32, C32], [0x29, Op.Load64, C64], [0x2a, Op.Load32, C32], [0x2b, Op.Load64, C64],
  [0x2c, Op.Load8S, C32], [0x2d, Op.Load8U, C32], [0x2e, Op.Load16S, C32], [0x2f, Op.Load16U, C32],
  [0x30, Op.I64Load8S, C64], [0x31, Op.I64Load8U, C64], [0x32, Op.I64Load16S, C64], [0x33, Op.I64Load16U, C64],
  [0x34, Op.I64Load32S, C64], [0x35, Op.I64Load32U, C64],
];
const STORES: readonly (readonly [number, number])[] = [
  [0x36, Op.Store32], [0x37, Op.Store64], [0x38, Op.Store32], [0x39, Op.Store64],
  [0x3a, Op.Store8], [0x3b, Op.Store16], [0x3c, Op.Store8], [0x3d, Op.Store16], [0x3e, Op.Store32],
];
const LOAD_OF: (readonly [number, number] | undefined)[] = [];
for (const [c, op, cat] of LOADS) LOAD_OF[c] = [op, cat];
const STORE_OF: (number | undefined)[] = [];
for (const [c, op] of STORES) STORE_OF[c] = op;

/** Compiles `f` (a wasm function of an instance) into the store's code buffer. */
export function compileFunction(store: Store, f: FuncInstance): void {
  const inst = f.instance as Instance;
  const debug = store.debug;
  new FunctionCompiler(store.code, inst, f, debug !== null && debug.debugCompile, debug !== null).compile();
}

class FunctionCompiler {
  private readonly info: ModuleInfo;
  private readonly r: ByteReader;
  private readonly type: FuncType;
  private readonly numLocals: number;
  private readonly localCats: number[] = [];
  /** Constant slots reserved after the locals. */
  private readonly constCap: number;
  private readonly em: Emitter;
  private readonly stack: OperandStack;
  private readonly assign: DefiniteAssignment;
  private readonly ctrl: ControlStack;
  private readonly control: ControlOps;
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
     * The CodeMap records the operand stack height (and value categories) per instruction.
     */
    private readonly debugMode = false,
    /**
     * A debugger is attached: zero every declared local at entry, so that a local not set yet
     * shows 0 (without one, only the locals some path reads before setting are zeroed).
     */
    private readonly zeroEveryLocal = debugMode,
  ) {
    this.info = inst.info;
    const bodyIndex = func.funcIndex - this.info.importedFuncs;
    const body = this.info.bodies[bodyIndex];
    this.r = new ByteReader(this.info.bytes, body.codeStart, body.codeEnd);
    this.type = funcTypeOf(this.info, this.info.funcTypeIndices[bodyIndex]);
    for (const t of this.type.params) this.localCats.push(categoryOf(t));
    for (const t of body.locals) this.localCats.push(categoryOf(t));
    this.numLocals = this.localCats.length;
    const resultCats = this.type.results.map(categoryOf);
    // Results are returned at slots 0..: the header sits above max(locals, results) cells so the
    // return sequence never overwrites it.
    this.constCap = countConsts(this.info.bytes, body.codeStart, body.codeEnd);
    const hdr = 2 * Math.max(this.numLocals + this.constCap, resultCats.length);
    this.em = new Emitter(code, body.codeStart, debugMode);
    this.stack = new OperandStack(this.em, hdr, hdr + 2 * FRAME_LAYOUT.HEADER_CELLS, this.numLocals, this.constCap);
    this.assign = new DefiniteAssignment(this.localCats, this.type.params.length, CREF);
    this.ctrl = new ControlStack(this.em, this.stack, this.assign, resultCats);
    this.control = new ControlOps(this.r, this.em, this.stack, this.ctrl, this.assign, this.info, inst);
  }

  // ---------------------------------------------------------------- the function

  compile(): void {
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
      em.e3(Op.ZeroRange, 2 * np, 2 * this.numLocals);
      let i = np;
      while (i < this.numLocals) {
        if (this.localCats[i] !== CREF) { i++; continue; }
        let j = i;
        while (j < this.numLocals && this.localCats[j] === CREF) j++;
        em.e3(Op.NullRefs, 2 * i, 2 * j);
        i = j;
      }
    }
    em.bodyPc = code.pos;
    this.ctrl.push(CtrlKind.Func, [], this.ctrl.resultCats);
    this.body();
    this.control.emitReturnStub();
    const end = code.pos;
    f.handlers = this.control.handlers;
    f.localsI32 = this.stack.hdr;
    f.frameI32 = 2 * (FRAME_LAYOUT.HEADER_CELLS + this.stack.maxH + 1);
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
    buf[at + 1] = 2 * from;
    buf[at + 2] = 2 * to;
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
        if (op === 0x0b || ((op === 0x05 || op === 0x07 || op === 0x19 || op === 0x18) && dead === 0)) {
          if (dead > 0) {
            dead--;
            r.pos++;
            continue;
          }
        } else {
          if (op === 0x18) dead--; // a dead try ended by delegate
          else if (op === 0x02 || op === 0x03 || op === 0x04 || op === 0x06 || op === 0x1f) dead++;
          skipImmediates(r, readOpcodeImm(r));
          continue;
        }
      }
      if (this.debugMode) this.debugInstr();
      else this.instr();
    }
  }

  /** One wasm instruction in debug mode (see `debugMode`). */
  private debugInstr(): void {
    const em = this.em;
    em.stackBefore = this.stack.cat.slice(0, this.stack.h);
    const pos = this.code.pos;
    const isLoop = this.r.bytes[this.r.pos] === 0x03;
    // Ticks at the body's start and at every loop header (after its label: each iteration passes
    // it) bound the time between Tick exits, where an async entry yields to the event loop. (A
    // body starting with a loop has the loop's: the loop's label must own the body's first entry.)
    if (pos === em.bodyPc && !isLoop) em.e1(Op.Tick);
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
      case 0x1c: { // select t
        if (op === 0x1c) {
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
        em.eN(cat === C32 ? Op.Select32 : cat === C64 ? Op.Select64 : Op.SelectRef, d, a, b, cond);
        // Select reads a/b after choosing: no retargeting (d may equal a or b as a local).
        return;
      }
      case 0x1f: // try_table
        control.tryTable();
        return;
      case 0x20: { // local.get
        const x = r.u32();
        this.assign.read(x);
        stack.pushSlot(this.localCats[x], 2 * x);
        return;
      }
      case 0x21: // local.set
      case 0x22: { // local.tee
        const x = r.u32();
        this.assign.set(x);
        const s = 2 * x;
        const t = stack.h - 1;
        if (!retargetToLocal(em, stack, s)) {
          stack.materializeReaders(s, t);
          stack.moveTo(t, s);
        }
        em.lastDstPos = -1;
        em.lastCmpOp = -1;
        const cat = stack.cat[t];
        stack.pop();
        if (op === 0x22) stack.pushSlot(cat, s);
        return;
      }
      case 0x23: { // global.get
        const g = this.inst.globals[r.u32()];
        const cat = categoryOf(g.type.valType);
        const d = stack.pushResult(cat);
        em.e3(cat === C32 ? Op.GlobalGet32 : cat === C64 ? Op.GlobalGet64 : Op.GlobalGetRef, d, g.addr);
        em.setLastDst(this.code.pos - 2);
        return;
      }
      case 0x24: { // global.set
        const g = this.inst.globals[r.u32()];
        const cat = categoryOf(g.type.valType);
        const a = stack.src(stack.h - 1);
        stack.pop();
        em.e3(cat === C32 ? Op.GlobalSet32 : cat === C64 ? Op.GlobalSet64 : Op.GlobalSetRef, g.addr, a);
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
      case 0xfc:
        this.prefixFC(r.u32());
        return;
    }
    if (op >= 0x28 && op <= 0x3e) {
      this.memoryOp(op);
      return;
    }
    const row = NUM[op];
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
    if (sub <= 7) {
      const a = stack.src(stack.h - 1);
      stack.pop();
      const d = stack.pushResult(sub < 4 ? C32 : C64);
      em.e3(TRUNC_SAT[sub], d, a);
      em.setLastDst(this.code.pos - 2);
      return;
    }
    switch (sub) {
      case 8: { // memory.init seg mem
        const seg = r.u32();
        const mem = r.u32();
        const [d, s, n] = stack.pop3();
        em.eN(Op.MemoryInit, mem, seg, d, s, n);
        return;
      }
      case 9: // data.drop
        em.e2(Op.DataDrop, r.u32());
        return;
      case 10: { // memory.copy dst src
        const dm = r.u32();
        const sm = r.u32();
        const [d, s, n] = stack.pop3();
        em.eN(Op.MemoryCopy, dm, sm, d, s, n);
        return;
      }
      case 11: { // memory.fill
        const mem = r.u32();
        const [d, v, n] = stack.pop3();
        em.eN(Op.MemoryFill, mem, d, v, n);
        return;
      }
      case 12: { // table.init seg table
        const seg = r.u32();
        const tbl = r.u32();
        const [d, s, n] = stack.pop3();
        em.eN(Op.TableInit, tbl, seg, d, s, n);
        return;
      }
      case 13: // elem.drop
        em.e2(Op.ElemDrop, r.u32());
        return;
      case 14: { // table.copy dst src
        const dt = r.u32();
        const st = r.u32();
        const [d, s, n] = stack.pop3();
        em.eN(Op.TableCopy, dt, st, d, s, n);
        return;
      }
      case 15: { // table.grow
        const tbl = r.u32();
        const delta = stack.src(stack.h - 1);
        const init = stack.src(stack.h - 2);
        const cat = stack.cat[stack.h - 1];
        stack.popN(2);
        const d = stack.pushResult(cat);
        em.eN(Op.TableGrow, d, tbl, init, delta);
        return;
      }
      case 16: { // table.size
        const tbl = r.u32();
        const d = stack.pushResult(this.inst.tables[tbl].is64 ? C64 : C32);
        em.e3(Op.TableSize, d, tbl);
        return;
      }
      case 17: { // table.fill
        const tbl = r.u32();
        const [i, v, n] = stack.pop3();
        em.eN(Op.TableFill, tbl, i, v, n);
        return;
      }
    }
    throw new Error(`unsupported opcode 0xfc ${sub} at offset ${em.curOffset}`);
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
    this.em.eN(op, ...imms(argBase), 2 * ft.params.length, this.stack.hdr);
    // Fallback for a host callee: it returns here like a call; then return its results.
    this.stack.finishCall(ft);
    this.ctrl.emitReturn();
    this.ctrl.setUnreachable();
  }
}
