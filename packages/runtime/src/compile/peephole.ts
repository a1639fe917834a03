/**
 * Every fusion of the compiler: superinstructions made by rewriting the last one or two emitted
 * instructions (Emitter.lastStart / prevStart / lastDstPos / lastCmpOp), in straight-line code
 * only (a label forgets them). Each function here either fuses and returns true (or a code
 * position), or leaves the code untouched and returns false (-1, null) for the caller to emit
 * the plain instruction.
 *
 * The rule that keeps traps exact: a fused instruction keeps the code-map entry of the only part
 * that can trap (a load's, a store's; `dropFrom(start, true)` + `beginKeepingEntry`). MemMove (a
 * load and a store) has two: it starts at the load's entry and ends with a MemMoveStoreSite word
 * carrying the store's. test/exec/fusion.test.ts and test/exec/fusionFuzz.test.ts check the
 * fusions against V8: results, memory and trap offsets.
 */
import { Op } from '../isa/op.generated.ts';
import type { Emitter } from './emitter.ts';
import type { OperandStack } from './operandStack.ts';
import { C32, C64, C128 } from './valueCategory.ts';

/** i32/i64 compares that fuse into branches: compare op -> [branch op, negated branch op]. */
const CMP_BRANCH = new Map<number, readonly [number, number]>([
  [Op.I32Eq, [Op.BrIfEq, Op.BrIfNe]],
  [Op.I32Ne, [Op.BrIfNe, Op.BrIfEq]],
  [Op.I32LtS, [Op.BrIfLtS, Op.BrIfGeS]],
  [Op.I32LtU, [Op.BrIfLtU, Op.BrIfGeU]],
  [Op.I32GtS, [Op.BrIfGtS, Op.BrIfLeS]],
  [Op.I32GtU, [Op.BrIfGtU, Op.BrIfLeU]],
  [Op.I32LeS, [Op.BrIfLeS, Op.BrIfGtS]],
  [Op.I32LeU, [Op.BrIfLeU, Op.BrIfGtU]],
  [Op.I32GeS, [Op.BrIfGeS, Op.BrIfLtS]],
  [Op.I32GeU, [Op.BrIfGeU, Op.BrIfLtU]],
  [Op.I32EqImm, [Op.BrIfEqImm, Op.BrIfNeImm]],
  [Op.I32NeImm, [Op.BrIfNeImm, Op.BrIfEqImm]],
  [Op.I32LtSImm, [Op.BrIfLtSImm, Op.BrIfGeSImm]],
  [Op.I32LtUImm, [Op.BrIfLtUImm, Op.BrIfGeUImm]],
  [Op.I32GtSImm, [Op.BrIfGtSImm, Op.BrIfLeSImm]],
  [Op.I32GtUImm, [Op.BrIfGtUImm, Op.BrIfLeUImm]],
  [Op.I32LeSImm, [Op.BrIfLeSImm, Op.BrIfGtSImm]],
  [Op.I32LeUImm, [Op.BrIfLeUImm, Op.BrIfGtUImm]],
  [Op.I32GeSImm, [Op.BrIfGeSImm, Op.BrIfLtSImm]],
  [Op.I32GeUImm, [Op.BrIfGeUImm, Op.BrIfLtUImm]],
  [Op.I32Eqz, [Op.BrUnless, Op.BrIf]],
  [Op.I64Eq, [Op.BrIfI64Eq, Op.BrIfI64Ne]],
  [Op.I64Ne, [Op.BrIfI64Ne, Op.BrIfI64Eq]],
  [Op.I64LtS, [Op.BrIfI64LtS, Op.BrIfI64GeS]],
  [Op.I64LtU, [Op.BrIfI64LtU, Op.BrIfI64GeU]],
  [Op.I64GtS, [Op.BrIfI64GtS, Op.BrIfI64LeS]],
  [Op.I64GtU, [Op.BrIfI64GtU, Op.BrIfI64LeU]],
  [Op.I64LeS, [Op.BrIfI64LeS, Op.BrIfI64GtS]],
  [Op.I64LeU, [Op.BrIfI64LeU, Op.BrIfI64GtU]],
  [Op.I64GeS, [Op.BrIfI64GeS, Op.BrIfI64LtS]],
  [Op.I64GeU, [Op.BrIfI64GeU, Op.BrIfI64LtU]],
  [Op.I64Eqz, [Op.BrIfI64Eqz, Op.BrIfI64Nez]],
]);
/** Fused branches with one operand (the others take two). */
const UNARY_BRANCH = new Set<number>([Op.BrIf, Op.BrUnless, Op.BrIfI64Eqz, Op.BrIfI64Nez]);

/** Bytes read by each fast load op, and written by each store (load-then-store fusion pairs equal widths). */
const LOAD_WIDTH = new Map<number, number>([
  [Op.Load8S, 1], [Op.Load8U, 1], [Op.I64Load8S, 1], [Op.I64Load8U, 1],
  [Op.Load16S, 2], [Op.Load16U, 2], [Op.I64Load16S, 2], [Op.I64Load16U, 2],
  [Op.Load32, 4], [Op.I64Load32S, 4], [Op.I64Load32U, 4], [Op.Load64, 8],
]);
const STORE_WIDTH = new Map<number, number>([[Op.Store8, 1], [Op.Store16, 2], [Op.Store32, 4], [Op.Store64, 8]]);
const MOVE_OF_WIDTH: readonly number[] = [-1, Op.MemMove8, Op.MemMove16, -1, Op.MemMove32, -1, -1, -1, Op.MemMove64];

/** After emitting `op`: a compare a following br_if / if may absorb (emitCondBranch) is noted. */
export function noteCompare(em: Emitter, op: number): void {
  if (CMP_BRANCH.has(op)) em.lastCmpOp = op;
}

// ---------------------------------------------------------------- pairs

/**
 * A copy of category `cat` from slot s to slot d. A copy right after a copy of the same width
 * (`local.set` runs, a loop's carried values rotating) becomes one Copy32x2 / Copy64x2: same
 * order, one dispatch.
 */
export function emitCopy(em: Emitter, cat: number, d: number, s: number): void {
  if (d === s) return;
  const op = cat === C32 ? Op.Copy32 : cat === C64 ? Op.Copy64 : cat === C128 ? Op.Copy128 : Op.CopyRef;
  const st = em.lastStart;
  if ((op === Op.Copy32 || op === Op.Copy64) && st >= 0 && em.code.pos === st + 3 && em.code.buf[st] === op) {
    em.code.buf[st] = op === Op.Copy32 ? Op.Copy32x2 : Op.Copy64x2;
    em.extendLast(2);
    em.w(d);
    em.w(s);
    em.lastStart = -1;
    return;
  }
  em.e3(op, d, s);
}

/**
 * A second `single` (a 4-word `d a b` instruction) right after one becomes the `pair`
 * instruction, both in order, one dispatch: address and loop-counter arithmetic comes in runs.
 * Like begin(), it forgets the peephole state (the caller may mark the second's result).
 */
export function pairWithLast(em: Emitter, single: Op, pair: Op, d: number, a: number, b: number): boolean {
  const st = em.lastStart;
  if (st < 0 || em.code.pos !== st + 4 || em.code.buf[st] !== single) return false;
  em.code.buf[st] = pair;
  em.extendLast(3);
  em.w(d);
  em.w(a);
  em.w(b);
  em.lastDstPos = -1;
  em.lastCmpOp = -1;
  return true;
}

// ---------------------------------------------------------------- results written in place

/**
 * `local.set`/`local.tee` of local slot `s` right after the instruction that computed the top
 * entry into its own slot: that instruction writes the local directly (its result operand is
 * patched), when no entry below reads the local.
 */
export function retargetToLocal(em: Emitter, stack: OperandStack, s: number): boolean {
  const t = stack.h - 1;
  const dstPos = em.lastDstPos;
  if (dstPos < 0 || !stack.inOwnSlot(t) || em.code.buf[dstPos] !== stack.slotOf(t) || stack.readsBelow(s, t)) return false;
  em.code.buf[dstPos] = s;
  return true;
}

// ---------------------------------------------------------------- branches

/**
 * A conditional branch on the top entry computed by the compare just emitted (lastCmpOp): the
 * compare is removed, the entry popped, `beforeJump` run, and one compare-and-branch emitted
 * (jumping when the compare is true, or false with `negate`) — or, when the compare tested a
 * loop step just emitted before it, one step-and-branch (fuseStepBranch). Returns the code
 * position of the branch's target operand, or -1 (nothing done) when the top entry is not such
 * a compare's result.
 */
export function fuseCompareBranch(em: Emitter, stack: OperandStack, negate: boolean, beforeJump?: () => void): number {
  const t = stack.h - 1;
  if (em.lastCmpOp < 0 || em.lastDstPos < 0 || !stack.inOwnSlot(t) || em.code.buf[em.lastDstPos] !== stack.slotOf(t)) return -1;
  const start = em.lastStart;
  const prev = em.prevStart;
  const op = em.lastCmpOp;
  const buf = em.code.buf;
  const a = buf[start + 2], b = buf[start + 3];
  // Remove the compare and its code map entry.
  em.code.pos = start;
  em.dropMapFrom(start);
  stack.pop();
  beforeJump?.();
  const pair = CMP_BRANCH.get(op)!;
  const bop = negate ? pair[1] : pair[0];
  if (prev >= 0 && em.code.pos === start && fuseStepBranch(em, prev, start, bop, a, b)) return em.lastWord;
  if (UNARY_BRANCH.has(bop)) {
    em.e3(bop, a, -1);
  } else {
    em.e4(bop, a, b, -1);
  }
  return em.lastWord;
}

/**
 * A conditional branch on slot `s` written by the `local.tee $n (i32.add ...const)` just emitted
 * (a loop counter): one BrIfAddImm / BrUnlessAddImm does the add and the branch. Returns the code
 * position of its target operand, or -1 when the last instruction is not such an add.
 */
export function fuseAddBranch(em: Emitter, s: number, negate: boolean): number {
  const add = takeAddImm(em, em.lastStart, em.code.pos, (d) => d === s);
  if (add === null) return -1;
  em.eN(negate ? Op.BrUnlessAddImm : Op.BrIfAddImm, s, add[1], add[2], -1);
  return em.lastWord;
}

/**
 * The `d = x + c` that ends at `end` — an I32AddImm starting at `at`, or the second half of an
 * I32AddImm2 there, which splits back — when `wanted(d)`: removed, its [d, x, c] returned.
 */
function takeAddImm(em: Emitter, at: number, end: number, wanted: (d: number) => boolean): [number, number, number] | null {
  const buf = em.code.buf;
  if (at < 0) return null;
  if (buf[at] === Op.I32AddImm && at + 4 === end && wanted(buf[at + 1])) {
    const add: [number, number, number] = [buf[at + 1], buf[at + 2], buf[at + 3]];
    em.dropFrom(at);
    return add;
  }
  if (buf[at] === Op.I32AddImm2 && at + 7 === end && wanted(buf[at + 4])) {
    buf[at] = Op.I32AddImm;
    em.code.pos = at + 4;
    return [buf[at + 4], buf[at + 5], buf[at + 6]];
  }
  return null;
}

/**
 * A loop's step and exit test in one instruction: `i = i + c; if (i != n) continue` (the add
 * alone, or the second half of an I32AddImm2, which splits back) becomes BrIfAddImmNe, and
 * `j = j + s; if (j <u n) continue` on i64 becomes BrIfI64AddLtU. `prev`..`start` is the add,
 * just before the (removed) compare of `a` and `b` that branch op `bop` tests.
 */
function fuseStepBranch(em: Emitter, prev: number, start: number, bop: number, a: number, b: number): boolean {
  const buf = em.code.buf;
  const add = bop === Op.BrIfNe ? takeAddImm(em, prev, start, (d) => d === a || d === b) : null;
  if (add !== null) {
    const [d, x, c] = add;
    em.eN(Op.BrIfAddImmNe, d, x, c, d === a ? b : a, -1);
    return true;
  }
  if (bop === Op.BrIfI64LtU && buf[prev] === Op.I64Add && prev + 4 === start && buf[prev + 1] === a && b !== a) {
    const x = buf[prev + 2], y = buf[prev + 3];
    em.dropFrom(prev);
    em.eN(Op.BrIfI64AddLtU, a, x, y, b, -1);
    return true;
  }
  return false;
}

/**
 * When the last instruction is a Load32Shl into the top temporary (br_table's index), removes
 * it and returns its address operands (a k c offset) for a BrTableLoad32Shl; else null.
 */
export function takeLoad32Shl(em: Emitter, stack: OperandStack): number[] | null {
  const st = em.lastStart;
  const t = stack.h - 1;
  const buf = em.code.buf;
  if (st < 0 || em.lastDstPos !== st + 1 || buf[st] !== Op.Load32Shl || buf[st + 1] !== stack.slotOf(t)) return null;
  if (!stack.inOwnSlot(t)) return null;
  const operands = [buf[st + 2], buf[st + 3], buf[st + 4], buf[st + 5]];
  em.dropFrom(st, true);
  return operands;
}

// ---------------------------------------------------------------- arithmetic

/**
 * A binary op `d = a op b` (its operands were the temporaries in slots s0, s1) absorbing the
 * instruction just emitted: an i64.xor of a shift (fuseXorShift), or an f64 add/sub/mul, i32.add
 * or i32.xor of a load, multiply or shift (fuseOperand).
 */
export function fuseBinary(em: Emitter, op: number, d: number, a: number, b: number, s0: number, s1: number): boolean {
  if (op === Op.I64Xor) return fuseXorShift(em, d, a, b, s0, s1);
  if (op === Op.F64Add || op === Op.F64Sub || op === Op.F64Mul || op === Op.I32Add || op === Op.I32Xor) return fuseOperand(em, op, d, a, b, s0, s1);
  return false;
}

/**
 * `i64.xor` of a value and a just-computed `i64.shl/shr_u` by a constant (xorshift PRNGs,
 * hash mixers): when the shift was the last instruction and wrote one of the two consumed
 * temporaries (slots `s0`, `s1`), replace both by one I64XorShlImm / I64XorShrUImm.
 */
function fuseXorShift(em: Emitter, d: number, a: number, b: number, s0: number, s1: number): boolean {
  const st = em.lastStart;
  if (st < 0 || em.lastDstPos !== st + 1) return false;
  const buf = em.code.buf;
  const sop = buf[st];
  if (sop !== Op.I64ShlImm && sop !== Op.I64ShrUImm) return false;
  const sd = buf[st + 1], src = buf[st + 2], k = buf[st + 3];
  if (k === 0 || (sd !== s0 && sd !== s1) || (sd !== a && sd !== b) || a === b) return false;
  const other = sd === a ? b : a;
  em.dropFrom(st);
  em.eN(sop === Op.I64ShlImm ? Op.I64XorShlImm : Op.I64XorShrUImm, d, other, src, k);
  em.setLastDst(em.code.pos - 4);
  return true;
}

/**
 * `(b ^ (x >>> k)) * c`, the step of splitmix/murmur-style 64-bit mixers: when the last
 * instruction was that I64XorShrUImm into the multiply's consumed temporary `a`, one
 * I64XorShrUMulImm replaces both (it keeps the xor-shift's code-map entry: neither can trap).
 */
export function fuseXorShiftMul(em: Emitter, d: number, a: number, lo: number, hi: number): boolean {
  const st = em.lastStart;
  const buf = em.code.buf;
  if (st < 0 || em.lastDstPos !== st + 1 || buf[st] !== Op.I64XorShrUImm || buf[st + 1] !== a) return false;
  const b = buf[st + 2], x = buf[st + 3], k = buf[st + 4];
  em.dropFrom(st, true);
  em.beginKeepingEntry(7);
  for (const word of [Op.I64XorShrUMulImm, d, b, x, k, lo, hi]) em.w(word);
  em.setLastDst(em.code.pos - 6);
  return true;
}

/**
 * Binary ops whose operand the last instruction computed into a consumed temporary (slot s0 or
 * s1) absorb it: f64 add/sub/mul of an f64.load (F64AddM ...: the load's offset stays the
 * instruction's, as only the load can trap) or of an f64.mul (F64MulAdd ...), i32.add of an
 * i32.shl by a constant (I32AddShl), i32.xor of a loaded byte and i32.add of a loaded word
 * (I32XorLoad8U, I32AddLoad32). Same arithmetic, same roundings, one dispatch.
 */
function fuseOperand(em: Emitter, op: number, d: number, a: number, b: number, s0: number, s1: number): boolean {
  const st = em.lastStart;
  if (st < 0 || em.lastDstPos !== st + 1) return false;
  const buf = em.code.buf;
  const prev = buf[st], sd = buf[st + 1];
  if ((sd !== s0 && sd !== s1) || (sd !== a && sd !== b) || a === b) return false;
  const x = sd === a ? b : a;
  const left = sd === a; // the absorbed value is the left operand (matters for sub)
  const p1 = buf[st + 2], p2 = buf[st + 3], p3 = buf[st + 4];
  if ((op === Op.I32Xor && prev === Op.Load8U) || (op === Op.I32Add && prev === Op.Load32)) {
    // x ^ byte, x + word: the load's code-map entry stays (only it can trap).
    em.dropFrom(st, true);
    em.beginKeepingEntry(6);
    for (const word of [op === Op.I32Xor ? Op.I32XorLoad8U : Op.I32AddLoad32, d, x, p1, p2, p3]) em.w(word);
    em.setLastDst(em.code.pos - 5);
    return true;
  }
  if (op === Op.I32Add) {
    if (prev !== Op.I32ShlImm) return false;
    em.dropFrom(st);
    em.eN(Op.I32AddShl, d, x, p1, p2);
    em.setLastDst(em.code.pos - 4);
    return true;
  }
  if (prev === Op.Load64) {
    const fused = op === Op.F64Add ? Op.F64AddM : op === Op.F64Mul ? Op.F64MulM : left ? Op.F64RSubM : Op.F64SubM;
    em.dropFrom(st, true);
    em.beginKeepingEntry(6);
    for (const word of [fused, d, x, p1, p2, p3]) em.w(word);
    em.setLastDst(em.code.pos - 5);
    return true;
  }
  if (prev === Op.F64MulM && op === Op.F64Add) {
    // y + x * m: the load's code-map entry stays (only it can trap).
    const p4 = buf[st + 5];
    em.dropFrom(st, true);
    em.beginKeepingEntry(7);
    for (const word of [Op.F64MulMAdd, d, x, p1, p2, p3, p4]) em.w(word);
    em.setLastDst(em.code.pos - 6);
    return true;
  }
  if (prev === Op.F64Mul) {
    const fused = op === Op.F64Add ? Op.F64MulAdd : op === Op.F64Mul ? Op.F64Mul3 : left ? Op.F64MulRSub : Op.F64MulSub;
    em.dropFrom(st);
    em.eN(fused, d, x, p1, p2);
    em.setLastDst(em.code.pos - 4);
    return true;
  }
  return false;
}

// ---------------------------------------------------------------- memory

/**
 * The address of a fast memory access at height `addrAt`, computed by the `I32AddImm` just
 * emitted into its temporary: the add is removed and its [x, c] returned for the access to fold
 * (address = (x + c) mod 2^32 + offset); null otherwise.
 */
export function takeAddressAdd(em: Emitter, stack: OperandStack, addrAt: number): [number, number] | null {
  const start = em.lastStart;
  const buf = em.code.buf;
  if (
    start < 0 || buf[start] !== Op.I32AddImm || em.lastDstPos !== start + 1 ||
    !stack.inOwnSlot(addrAt) || buf[start + 1] !== stack.slotOf(addrAt)
  ) return null;
  const x = buf[start + 2], c = buf[start + 3];
  em.dropFrom(start);
  return [x, c];
}

/**
 * An i32.load whose address the last instruction computed as `y << k` (plus a pending constant
 * `c` when `folded`): one Load32Shl (table lookups, `a[i]` on i32 arrays). Pops the address and
 * pushes the result.
 */
export function fuseLoadShl(em: Emitter, stack: OperandStack, addrAt: number, folded: boolean, c: number, off: number): boolean {
  const st = em.lastStart;
  const s = stack.slotOf(addrAt);
  const buf = em.code.buf;
  if (st < 0 || em.lastDstPos !== st + 1 || buf[st] !== Op.I32ShlImm || buf[st + 1] !== s) return false;
  if (folded ? !stack.isPendingAdd(addrAt) || stack.loc[addrAt] !== s : !stack.inOwnSlot(addrAt)) return false;
  const y = buf[st + 2], k = buf[st + 3];
  em.dropFrom(st);
  stack.pop();
  const d = stack.pushResult(C32);
  em.eN(Op.Load32Shl, d, y, k, c, off);
  em.setLastDst(em.code.pos - 5);
  return true;
}

/**
 * A store of a value that the last instruction loaded (same width, fast path) into the stored
 * temporary: both become one MemMove (memcpy/memmove loops). The address and value entries are
 * popped here.
 */
export function fuseLoadStore(em: Emitter, stack: OperandStack, sop: number, a: number, c: number, off: number): boolean {
  const st = em.lastStart;
  const t = stack.h - 1;
  if (st < 0 || em.lastDstPos !== st + 1 || !stack.inOwnSlot(t)) return false;
  const buf = em.code.buf;
  const width = LOAD_WIDTH.get(buf[st]);
  if (width === undefined || width !== STORE_WIDTH.get(sop) || buf[st + 1] !== stack.slotOf(t)) return false;
  const sa = buf[st + 2], sc = buf[st + 3], soff = buf[st + 4];
  // The load's entry stays on the move; the store's goes to its site word (see Op.MemMove).
  em.dropFrom(st, true);
  stack.popN(2);
  em.beginKeepingEntry(7);
  for (const word of [MOVE_OF_WIDTH[width], a, c, off, sa, sc, soff]) em.w(word);
  em.begin(1);
  em.w(Op.MemMoveStoreSite);
  em.lastStart = -1;
  return true;
}

/**
 * An f64.store of the value the last instruction computed into the stored temporary:
 * `p->f += x` / `p->f -= x` (F64AddM / F64RSubM from the very address stored to) become one
 * F64AddToMem / F64RSubToMem (the load's bounds check covers the store; the load's code-map
 * entry stays), and a plain f64 add/sub becomes F64AddStore / F64SubStore (mapped to the
 * store, the only part that can trap). The address and value entries are popped here.
 */
export function fuseF64Store(em: Emitter, stack: OperandStack, a: number, c: number, off: number): boolean {
  const st = em.lastStart;
  const t = stack.h - 1;
  const v = stack.slotOf(t);
  const buf = em.code.buf;
  if (st < 0 || em.lastDstPos !== st + 1 || buf[st + 1] !== v || !stack.inOwnSlot(t)) return false;
  const prev = buf[st];
  if ((prev === Op.F64AddM || prev === Op.F64RSubM) && buf[st + 3] === a && buf[st + 4] === c && buf[st + 5] === off) {
    buf[st] = prev === Op.F64AddM ? Op.F64AddToMem : Op.F64RSubToMem;
    stack.popN(2);
    em.lastStart = -1;
    em.lastDstPos = -1;
    return true;
  }
  if (prev !== Op.F64Add && prev !== Op.F64Sub) return false;
  const x = buf[st + 2], y = buf[st + 3];
  em.dropFrom(st);
  stack.popN(2);
  em.eN(prev === Op.F64Add ? Op.F64AddStore : Op.F64SubStore, a, c, off, x, y);
  return true;
}
