/**
 * The interpreter: ONE loop with one exhaustive switch over internal opcodes (`Op`).
 *
 * Code shape (written by compile/compiler.ts into the store-wide code buffer, an Int32Array):
 *   [op, operand...] where operands are *frame slots* — fp-relative int32 indices into the VM
 *   stack (cell n of a frame is slot 2n; an i64/f64 uses slot and slot+1) — or immediates. The
 *   compiler knows every operand stack height statically, so instructions name their operand and
 *   result slots directly (a "register machine over the wasm stack", like wasmi): there is no
 *   runtime SP, `local.get` usually emits nothing (its slot is used directly), and a result can be
 *   written straight into a local (`i32.add; local.set` is one instruction).
 *
 * Loop state lives in JS locals: code, pc, fp (an int32 index = 2 * cell index), depth, the
 * current function address and instance context (memory 0 DataView and its length). The loop
 * returns an ExitReason and NEVER throws: the trap code, host call target and PCs are written to
 * the Thread (and its CallThreadState) first — record, then return.
 *
 * Calls (see FRAME_LAYOUT in @lantern/traps): arguments sit in the caller's slots
 * [argBase, argBase + n); the callee's frame starts there, so arguments become parameters with no
 * copy. A wasm->wasm call writes the callee header and jumps; it never recurses in JS. A call to
 * a host function exits the loop with EXIT_HOSTCALL; the driver (exec/driver.ts) runs the host function,
 * writes its results and re-enters at the resume pc.
 *
 * NB: every handler reads ALL its operands before writing its result, because the compiler may
 * make a result slot equal an operand slot (retargeting onto a local).
 * NB: f32/f64 values are moved as raw int32 halves (never through a JS number), so NaN payloads
 * survive copies, loads, stores, locals, globals, select, calls and returns. Only arithmetic reads
 * them as floats, and arithmetic may return any NaN per the spec.
 *
 * Why the enum lives in this file: tsx/esbuild inline a `const enum` only within its own file, and
 * a switch whose case labels are literals compiles to a jump table; imported enum members would be
 * property loads compared one by one. The compiler imports `Op` from here (as an object).
 */
import { ExitKind, TrapCode } from '@lantern/traps';
import type { Store, StoreOptions } from '../store/store.ts';
import type { Instance } from '../instances/instance.ts';
import type { FuncInstance } from '../instances/func.ts';
import { globalArena } from '../instances/globalArena.ts';
import * as N from './numerics.ts';
import * as M from './memoryAccess.ts';
import * as T from './tableAccess.ts';
import * as C from '../continuations/continuation.ts';
import { controlOp, UNCAUGHT } from './control.ts';
import { TICKS_PER_EXIT } from './thread.ts';

/** Why the loop returned. */
export const enum ExitReason {
  /** The activation's entry frame returned; results are at the entry FP. */
  Done = 0,
  /** Call a host function: thread.hostFunc, args at thread.hostArgs, resume at thread.pc. */
  Hostcall = 1,
  /** A trap: thread.trapCode, at thread.pc in thread.func's frame thread.fp. */
  Trap = 2,
  /** The compiler failed (an internal error): thread.error. */
  InternalError = 3,
  /** An exception left the activation uncaught: thread.exception (frames already unwound). */
  Exception = 4,
  /** A patched Break opcode (breakpoint, step, probe: src/debug/) at thread.pc; state recorded. */
  Break = 5,
  /** Debug-compiled code passed thread.ticks Ticks: resume at thread.pc (an async entry may yield first). */
  Tick = 6,
}

/**
 * Internal opcodes. Layout comments: d = result slot, a/b/c = operand slots, t = target pc,
 * other names are immediates. Slots are fp-relative int32 indices.
 */
export const enum Op {
  Unreachable, // []
  Tick, // []   (debug compile only, at function bodies and loop headers: every TICKS_PER_EXIT, exit so an async entry can yield)
  Const32, // d imm
  Const64, // d lo hi
  ConstFill, // n len (slot lo hi)*n   (function entry: fill the frame's constant slots; pc += len)
  Copy32, // d a
  Copy64, // d a
  CopyRef, // d a
  Copy32x2, Copy64x2, // d1 a1 d2 a2   (two copies in order: parallel moves at loop ends)
  ZeroRange, // from to   (int32 range of the frame set to 0: declared locals)
  NullRefs, // from to    (ref cells of the frame set to null)
  Br, // t
  BrIf, // a t
  BrUnless, // a t
  BrIfEq, BrIfNe, BrIfLtS, BrIfLtU, BrIfGtS, BrIfGtU, BrIfLeS, BrIfLeU, BrIfGeS, BrIfGeU, // a b t
  BrIfEqImm, BrIfNeImm, BrIfLtSImm, BrIfLtUImm, BrIfGtSImm, BrIfGtUImm, BrIfLeSImm, BrIfLeUImm, BrIfGeSImm, BrIfGeUImm, // a imm t
  BrIfI64Eq, BrIfI64Ne, BrIfI64LtS, BrIfI64LtU, BrIfI64GtS, BrIfI64GtU, BrIfI64LeS, BrIfI64LeU, BrIfI64GeS, BrIfI64GeU, // a b t
  BrIfI64Eqz, BrIfI64Nez, // a t
  BrIfAddImmNe, // d a imm b t   (d = a + imm; branch if d != b: a loop's step and exit test)
  BrIfI64AddLtU, // d a b n t   (d = a + b as i64; branch if d <u n)
  BrIfAddImm, BrUnlessAddImm, // d a c t   (d = a + c, then branch if d != 0 / d == 0: loop counters)
  BrIfNull, // a t
  BrIfNonNull, // a t
  BrTable, // a n t0 ... tn   (tn = default)
  Return, // hdr   (results already at slots 0..)
  Call, // funcAddr argBase
  CallIndirect, // tableIdx canonType argBase idxSlot is64
  CallRef, // argBase refSlot
  ReturnCall, // funcAddr argBase nArgs hdr
  ReturnCallIndirect, // tableIdx canonType argBase idxSlot is64 nArgs hdr
  ReturnCallRef, // argBase refSlot nArgs hdr
  Select32, Select64, SelectRef, // d a b c   (c = condition)
  GlobalGet32, GlobalGet64, GlobalGetRef, // d cell
  GlobalSet32, GlobalSet64, GlobalSetRef, // cell a
  // memory 0, 32-bit addresses: loads d a c offset, stores a v c offset; the address is
  // (a + c) mod 2^32 + offset (c: a folded i32.add of a constant, else 0)
  Load32, Load64, Load8S, Load8U, Load16S, Load16U,
  I64Load8S, I64Load8U, I64Load16S, I64Load16U, I64Load32S, I64Load32U,
  Store32, Store64, Store8, Store16,
  // a load whose value is only stored (memcpy/memmove loops), fused: da dc doff sa sc soff site
  // (load from (sa + sc) mod 2^32 + soff first, then store at (da + dc) mod 2^32 + doff). The
  // instruction starts at the load's code-map entry; its last word, a MemMoveStoreSite never
  // executed on the way through, has the store's: a store that traps reports the store's offset.
  MemMove8, MemMove16, MemMove32, MemMove64,
  MemMoveStoreSite, // []   (see MemMove)
  LoadX, // kind d a memIdx offLo offHi   (any memory, memory64)
  StoreX, // kind a v memIdx offLo offHi
  MemorySize, // d memIdx
  MemoryGrow, // d memIdx a
  MemoryFill, // memIdx d v n
  MemoryCopy, // dstMem srcMem d s n
  MemoryInit, // memIdx seg d s n
  DataDrop, // seg
  TableGet, // d tableIdx a
  TableSet, // tableIdx a v
  TableSize, // d tableIdx
  TableGrow, // d tableIdx init delta
  TableFill, // tableIdx i v n
  TableCopy, // dstTable srcTable d s n
  TableInit, // tableIdx seg d s n
  ElemDrop, // seg
  RefNull, // d
  RefIsNull, // d a
  RefFunc, // d funcAddr
  RefAsNonNull, // d a
  RefEq, // d a b
  // i32
  I32Add, I32Sub, I32Mul, I32DivS, I32DivU, I32RemS, I32RemU, I32And, I32Or, I32Xor, I32Shl, I32ShrS, I32ShrU, I32Rotl, I32Rotr, // d a b
  I32Eq, I32Ne, I32LtS, I32LtU, I32GtS, I32GtU, I32LeS, I32LeU, I32GeS, I32GeU, // d a b
  I32AddImm, I32MulImm, I32AndImm, I32OrImm, I32XorImm, I32ShlImm, I32ShrSImm, I32ShrUImm, // d a imm
  I32EqImm, I32NeImm, I32LtSImm, I32LtUImm, I32GtSImm, I32GtUImm, I32LeSImm, I32LeUImm, I32GeSImm, I32GeUImm, // d a imm
  I32Eqz, I32Clz, I32Ctz, I32Popcnt, I32Extend8S, I32Extend16S, // d a
  I32AddShl, // d x a k   (d = x + (a << k): a scaled index)
  I32XorLoad8U, I32AddLoad32, // d x a c offset   (d = x ^ i32.load8_u, x + i32.load: FNV-style hashes, sums)
  I32Add2, // d1 a1 b1 d2 a2 b2   (two i32.add in a row, in order: address arithmetic)
  I32AddImm2, // d1 a1 imm1 d2 a2 imm2   (two adds of a constant in a row: a loop's pointer and counter steps)
  Load32Shl, // d a k c offset   (i32.load at ((a << k) + c) mod 2^32 + offset, memory 0)
  BrTableLoad32Shl, // d n t0..tn a k c offset   (br_table on a Load32Shl: `switch (code[pc])` in an interpreter; d unused)
  // i64
  I64Add, I64Sub, I64Mul, I64DivS, I64DivU, I64RemS, I64RemU, I64And, I64Or, I64Xor, I64Shl, I64ShrS, I64ShrU, I64Rotl, I64Rotr, // d a b
  I64Eq, I64Ne, I64LtS, I64LtU, I64GtS, I64GtU, I64LeS, I64LeU, I64GeS, I64GeU, // d a b
  I64AddImm, I64AndImm, I64OrImm, I64XorImm, I64MulImm, I64ShlImm, I64ShrSImm, I64ShrUImm, // d a lo hi
  I64XorShlImm, I64XorShrUImm, // d b a k   (d = b ^ (a << k), b ^ (a >>> k); 0 < k < 64: fused xorshift)
  I64XorShrUMulImm, // d b a k lo hi   (d = (b ^ (a >>> k)) * imm: the hash-mixer / splitmix step)
  I64Eqz, I64Clz, I64Ctz, I64Popcnt, I64Extend8S, I64Extend16S, I64Extend32S, I64ExtendI32S, I64ExtendI32U, // d a
  // f32 / f64
  F32Add, F32Sub, F32Mul, F32Div, F32Min, F32Max, F32Copysign, F32Eq, F32Ne, F32Lt, F32Gt, F32Le, F32Ge, // d a b
  F32Abs, F32Neg, F32Ceil, F32Floor, F32Trunc, F32Nearest, F32Sqrt, // d a
  F64Add, F64Sub, F64Mul, F64Div, F64Min, F64Max, F64Copysign, F64Eq, F64Ne, F64Lt, F64Gt, F64Le, F64Ge, // d a b
  F64Abs, F64Neg, F64Ceil, F64Floor, F64Trunc, F64Nearest, F64Sqrt, // d a
  // fused with the f64 load or multiply before them (each step still rounds, as two instructions)
  F64AddM, F64SubM, F64RSubM, F64MulM, // d x a c offset   (d = x + m, x - m, m - x, x * m; m = f64.load (a + c) + offset)
  F64MulMAdd, // d y x a c offset   (d = y + x * m: a multiply-add with an f64.load operand)
  F64AddToMem, F64RSubToMem, // d x a c offset   (m = x + m, m - x: `p->f += x`, `p->f -= x`; d is the dead temporary)
  F64AddStore, F64SubStore, // a c offset x y   (f64.store (a + c) + offset of x + y, x - y)
  F64MulAdd, F64MulSub, F64MulRSub, F64Mul3, // d x a b   (d = x + a*b, x - a*b, a*b - x, a*b*x)
  // conversions: d a
  I32TruncF32S, I32TruncF32U, I32TruncF64S, I32TruncF64U,
  I64TruncF32S, I64TruncF32U, I64TruncF64S, I64TruncF64U,
  I32TruncSatF32S, I32TruncSatF32U, I32TruncSatF64S, I32TruncSatF64U,
  I64TruncSatF32S, I64TruncSatF32U, I64TruncSatF64S, I64TruncSatF64U,
  F32ConvertI32S, F32ConvertI32U, F32ConvertI64S, F32ConvertI64U, F32DemoteF64,
  F64ConvertI32S, F64ConvertI32U, F64ConvertI64S, F64ConvertI64U, F64PromoteF32,
  // exceptions and stack switching: one case, handed to exec/control.ts (layouts there; keep this order = Ctl)
  Throw, ThrowRef, ContNew, ContBind, Suspend, Resume, ResumeThrow, ResumeThrowRef, Switch,
  /**
   * Never emitted by the compiler: src/debug/ patches it over the first word of an instruction
   * (the original opcode kept in the store's patch table) to exit with ExitReason.Break.
   */
  Break, // (the patched instruction's operands follow)
  /** Not an opcode: the number of opcodes. */
  Count,
}

const EMPTY_VIEW: DataView = new DataView(new ArrayBuffer(0));
const EMPTY_U8: Uint8Array = new Uint8Array(0);

/**
 * Feedback-vector warm-up. V8 allocates run()'s feedback vector lazily, in the middle of its first
 * long loop, and then compiles run() with TurboFan concurrently at the NEXT entry — a compile racing
 * that entry's first feedback-recording pass over the prologue (store.thread, thread.i32, ... are
 * IC misses, i.e. slow). When the compiler wins, the prologue has no feedback, the optimized code
 * soft-deopts at bytecode offset 0 ("Insufficient type feedback for generic named access") and from
 * then on only OSR code runs (matmul 340 -> 410+ ms, in about half the fresh isolates).
 * So the first run() first runs trivial activations on a throwaway store (its code buffer is all
 * zeros: Op.Unreachable, then the trap exit) until the vector exists — measured on Node 20: ~800
 * such calls allocate it (the budget scales with run()'s bytecode size), one-time cost a few ms —
 * so every real entry's prologue records feedback before any compile can be requested. Same
 * classes, same maps: the feedback is not polluted. (Passing the loop state as parameters to a
 * separate loop function instead avoids the race but is ~5% slower everywhere: parameters carry no
 * field map/type information, so the loop re-checks the typed arrays' maps.)
 * Fresh isolates, matmul 256: before 335-422 ms per run (bimodal); after 336-342 ms in every run.
 */
let warmUps = 1200;

/** Where a MemMove's store site word is (its store traps there: the store's code-map entry). */
const MEMMOVE_STORE_SITE = 7;

function warmUp(store: Store): void {
  const n = warmUps;
  warmUps = 0;
  try {
    const f = store.funcs[store.thread.func];
    const Ctor = store.constructor as new (options?: StoreOptions) => Store;
    const dummy = new Ctor({ stackCells: 64, contStackCells: 64, contSegments: 1 });
    dummy.funcs.push(f);
    dummy.thread.func = 0;
    for (let i = 0; i < n; i++) {
      dummy.thread.pc = 0;
      dummy.thread.fp = 0;
      run(dummy);
    }
  } catch {
    // Only a speed-up: run() never throws, whatever `store` is.
  }
}

/**
 * Runs the thread from thread.pc / thread.fp until the activation's entry frame returns, a host
 * function must be called, or a trap. Never throws.
 */
export function run(store: Store): ExitReason {
  if (warmUps > 0) warmUp(store);
  const thread = store.thread;
  const i32 = thread.i32;
  const f32 = thread.f32;
  const f64 = thread.f64;
  const refs = thread.refs;
  let limit = thread.limit;
  const maxDepth = thread.maxDepth;
  const funcs = store.funcs;
  const gI32 = globalArena.i32;
  const gRefs = globalArena.refs;
  let code = store.code.buf;
  // `| 0` everywhere a loop variable is loaded from an object: it keeps the loop phis untagged
  // int32 in V8's optimized code (a tagged `pc` costs a Smi check and shifts per instruction).
  let pc = thread.pc | 0;
  let fp = thread.fp | 0;
  let depth = thread.depth | 0;
  let cur = thread.func | 0;
  let inst: Instance = funcs[cur].instance as Instance;
  let mem: DataView = EMPTY_VIEW;
  /** Memory 0 as bytes, beside `mem` (byte accesses are cheaper on a Uint8Array than a DataView). */
  let u8: Uint8Array = EMPTY_U8;
  let memLen = 0;
  {
    const m0 = inst.mem0;
    if (m0 !== null) { mem = m0.view; u8 = m0.u8; memLen = m0.view.byteLength; }
  }
  let trap: TrapCode = TrapCode.None;
  // Scratch for calls.
  let callee: FuncInstance;
  let argBase = 0;

  run: for (;;) {
    switch (code[pc]) {
      case Op.Unreachable:
        trap = TrapCode.Unreachable;
        break run;
      case Op.Tick:
        if (--thread.ticks > 0) {
          pc += 1;
          break;
        }
        thread.ticks = TICKS_PER_EXIT;
        thread.pc = pc + 1;
        thread.fp = fp;
        thread.depth = depth;
        thread.func = cur;
        return ExitReason.Tick;
      case Op.Const32:
        i32[fp + code[pc + 1]] = code[pc + 2];
        pc += 3;
        break;
      case Op.Const64: {
        const d = fp + code[pc + 1];
        i32[d] = code[pc + 2];
        i32[d + 1] = code[pc + 3];
        pc += 4;
        break;
      }
      case Op.ConstFill: {
        // Constants that instructions read as operands live in frame slots filled once per
        // call, instead of a Const instruction before every use (e.g. in a loop body).
        const n = code[pc + 1];
        for (let k = 0, q = pc + 3; k < n; k++, q += 3) {
          const d = fp + code[q];
          i32[d] = code[q + 1];
          i32[d + 1] = code[q + 2];
        }
        pc += code[pc + 2];
        break;
      }
      case Op.Copy32:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]];
        pc += 3;
        break;
      case Op.Copy64: {
        const d = fp + code[pc + 1], a = fp + code[pc + 2];
        const lo = i32[a], hi = i32[a + 1];
        i32[d] = lo;
        i32[d + 1] = hi;
        pc += 3;
        break;
      }
      case Op.CopyRef:
        refs[(fp + code[pc + 1]) >> 1] = refs[(fp + code[pc + 2]) >> 1];
        pc += 3;
        break;
      case Op.Copy32x2:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]];
        i32[fp + code[pc + 3]] = i32[fp + code[pc + 4]];
        pc += 5;
        break;
      case Op.Copy64x2: {
        const d1 = fp + code[pc + 1], a1 = fp + code[pc + 2];
        const lo1 = i32[a1], hi1 = i32[a1 + 1];
        i32[d1] = lo1;
        i32[d1 + 1] = hi1;
        const d2 = fp + code[pc + 3], a2 = fp + code[pc + 4];
        const lo2 = i32[a2], hi2 = i32[a2 + 1];
        i32[d2] = lo2;
        i32[d2 + 1] = hi2;
        pc += 5;
        break;
      }
      case Op.ZeroRange: {
        // A plain loop: TypedArray#fill is a builtin call (~20 ns) and most functions zero a few
        // locals per call (fib: 6 words).
        const end = fp + code[pc + 2];
        for (let k = fp + code[pc + 1]; k < end; k++) i32[k] = 0;
        pc += 3;
        break;
      }
      case Op.NullRefs: {
        const end = (fp + code[pc + 2]) >> 1;
        for (let c = (fp + code[pc + 1]) >> 1; c < end; c++) refs[c] = null;
        pc += 3;
        break;
      }

      // ------------------------------------------------------------ branches
      case Op.Br:
        pc = code[pc + 1];
        break;
      case Op.BrIf:
        pc = i32[fp + code[pc + 1]] !== 0 ? code[pc + 2] : pc + 3;
        break;
      case Op.BrUnless:
        pc = i32[fp + code[pc + 1]] === 0 ? code[pc + 2] : pc + 3;
        break;
      case Op.BrIfEq:
        pc = i32[fp + code[pc + 1]] === i32[fp + code[pc + 2]] ? code[pc + 3] : pc + 4;
        break;
      case Op.BrIfNe:
        pc = i32[fp + code[pc + 1]] !== i32[fp + code[pc + 2]] ? code[pc + 3] : pc + 4;
        break;
      case Op.BrIfLtS:
        pc = i32[fp + code[pc + 1]] < i32[fp + code[pc + 2]] ? code[pc + 3] : pc + 4;
        break;
      case Op.BrIfLtU:
        pc = i32[fp + code[pc + 1]] >>> 0 < i32[fp + code[pc + 2]] >>> 0 ? code[pc + 3] : pc + 4;
        break;
      case Op.BrIfGtS:
        pc = i32[fp + code[pc + 1]] > i32[fp + code[pc + 2]] ? code[pc + 3] : pc + 4;
        break;
      case Op.BrIfGtU:
        pc = i32[fp + code[pc + 1]] >>> 0 > i32[fp + code[pc + 2]] >>> 0 ? code[pc + 3] : pc + 4;
        break;
      case Op.BrIfLeS:
        pc = i32[fp + code[pc + 1]] <= i32[fp + code[pc + 2]] ? code[pc + 3] : pc + 4;
        break;
      case Op.BrIfLeU:
        pc = i32[fp + code[pc + 1]] >>> 0 <= i32[fp + code[pc + 2]] >>> 0 ? code[pc + 3] : pc + 4;
        break;
      case Op.BrIfGeS:
        pc = i32[fp + code[pc + 1]] >= i32[fp + code[pc + 2]] ? code[pc + 3] : pc + 4;
        break;
      case Op.BrIfGeU:
        pc = i32[fp + code[pc + 1]] >>> 0 >= i32[fp + code[pc + 2]] >>> 0 ? code[pc + 3] : pc + 4;
        break;
      case Op.BrIfEqImm:
        pc = i32[fp + code[pc + 1]] === code[pc + 2] ? code[pc + 3] : pc + 4;
        break;
      case Op.BrIfNeImm:
        pc = i32[fp + code[pc + 1]] !== code[pc + 2] ? code[pc + 3] : pc + 4;
        break;
      case Op.BrIfLtSImm:
        pc = i32[fp + code[pc + 1]] < code[pc + 2] ? code[pc + 3] : pc + 4;
        break;
      case Op.BrIfLtUImm:
        pc = i32[fp + code[pc + 1]] >>> 0 < code[pc + 2] >>> 0 ? code[pc + 3] : pc + 4;
        break;
      case Op.BrIfGtSImm:
        pc = i32[fp + code[pc + 1]] > code[pc + 2] ? code[pc + 3] : pc + 4;
        break;
      case Op.BrIfGtUImm:
        pc = i32[fp + code[pc + 1]] >>> 0 > code[pc + 2] >>> 0 ? code[pc + 3] : pc + 4;
        break;
      case Op.BrIfLeSImm:
        pc = i32[fp + code[pc + 1]] <= code[pc + 2] ? code[pc + 3] : pc + 4;
        break;
      case Op.BrIfLeUImm:
        pc = i32[fp + code[pc + 1]] >>> 0 <= code[pc + 2] >>> 0 ? code[pc + 3] : pc + 4;
        break;
      case Op.BrIfGeSImm:
        pc = i32[fp + code[pc + 1]] >= code[pc + 2] ? code[pc + 3] : pc + 4;
        break;
      case Op.BrIfGeUImm:
        pc = i32[fp + code[pc + 1]] >>> 0 >= code[pc + 2] >>> 0 ? code[pc + 3] : pc + 4;
        break;
      case Op.BrIfI64Eq: {
        const a = fp + code[pc + 1], b = fp + code[pc + 2];
        pc = i32[a] === i32[b] && i32[a + 1] === i32[b + 1] ? code[pc + 3] : pc + 4;
        break;
      }
      case Op.BrIfI64Ne: {
        const a = fp + code[pc + 1], b = fp + code[pc + 2];
        pc = i32[a] !== i32[b] || i32[a + 1] !== i32[b + 1] ? code[pc + 3] : pc + 4;
        break;
      }
      case Op.BrIfI64LtS: {
        const a = fp + code[pc + 1], b = fp + code[pc + 2];
        pc = (i32[a + 1] === i32[b + 1] ? i32[a] >>> 0 < i32[b] >>> 0 : i32[a + 1] < i32[b + 1]) ? code[pc + 3] : pc + 4;
        break;
      }
      case Op.BrIfI64LtU: {
        const a = fp + code[pc + 1], b = fp + code[pc + 2];
        pc = (i32[a + 1] === i32[b + 1] ? i32[a] >>> 0 < i32[b] >>> 0 : i32[a + 1] >>> 0 < i32[b + 1] >>> 0) ? code[pc + 3] : pc + 4;
        break;
      }
      case Op.BrIfI64GtS: {
        const a = fp + code[pc + 1], b = fp + code[pc + 2];
        pc = (i32[b + 1] === i32[a + 1] ? i32[b] >>> 0 < i32[a] >>> 0 : i32[b + 1] < i32[a + 1]) ? code[pc + 3] : pc + 4;
        break;
      }
      case Op.BrIfI64GtU: {
        const a = fp + code[pc + 1], b = fp + code[pc + 2];
        pc = (i32[b + 1] === i32[a + 1] ? i32[b] >>> 0 < i32[a] >>> 0 : i32[b + 1] >>> 0 < i32[a + 1] >>> 0) ? code[pc + 3] : pc + 4;
        break;
      }
      case Op.BrIfI64LeS: {
        const a = fp + code[pc + 1], b = fp + code[pc + 2];
        pc = !(i32[b + 1] === i32[a + 1] ? i32[b] >>> 0 < i32[a] >>> 0 : i32[b + 1] < i32[a + 1]) ? code[pc + 3] : pc + 4;
        break;
      }
      case Op.BrIfI64LeU: {
        const a = fp + code[pc + 1], b = fp + code[pc + 2];
        pc = !(i32[b + 1] === i32[a + 1] ? i32[b] >>> 0 < i32[a] >>> 0 : i32[b + 1] >>> 0 < i32[a + 1] >>> 0) ? code[pc + 3] : pc + 4;
        break;
      }
      case Op.BrIfI64GeS: {
        const a = fp + code[pc + 1], b = fp + code[pc + 2];
        pc = !(i32[a + 1] === i32[b + 1] ? i32[a] >>> 0 < i32[b] >>> 0 : i32[a + 1] < i32[b + 1]) ? code[pc + 3] : pc + 4;
        break;
      }
      case Op.BrIfI64GeU: {
        const a = fp + code[pc + 1], b = fp + code[pc + 2];
        pc = !(i32[a + 1] === i32[b + 1] ? i32[a] >>> 0 < i32[b] >>> 0 : i32[a + 1] >>> 0 < i32[b + 1] >>> 0) ? code[pc + 3] : pc + 4;
        break;
      }
      case Op.BrIfI64Eqz: {
        const a = fp + code[pc + 1];
        pc = (i32[a] | i32[a + 1]) === 0 ? code[pc + 2] : pc + 3;
        break;
      }
      case Op.BrIfI64Nez: {
        const a = fp + code[pc + 1];
        pc = (i32[a] | i32[a + 1]) !== 0 ? code[pc + 2] : pc + 3;
        break;
      }
      case Op.BrIfAddImmNe: {
        const v = (i32[fp + code[pc + 2]] + code[pc + 3]) | 0;
        i32[fp + code[pc + 1]] = v;
        pc = v !== i32[fp + code[pc + 4]] ? code[pc + 5] : pc + 6;
        break;
      }
      case Op.BrIfI64AddLtU: {
        // I64Add, then the inlined unsigned compare of BrIfI64LtU.
        const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1], n = fp + code[pc + 4];
        const alo = i32[a], blo = i32[b];
        const lo = (alo + blo) | 0;
        const hi = (i32[a + 1] + i32[b + 1] + (((alo & blo) | ((alo | blo) & ~lo)) >>> 31)) | 0;
        i32[d] = lo;
        i32[d + 1] = hi;
        const nhi = i32[n + 1];
        pc = (hi === nhi ? lo >>> 0 < i32[n] >>> 0 : hi >>> 0 < nhi >>> 0) ? code[pc + 5] : pc + 6;
        break;
      }
      case Op.BrIfAddImm: {
        const v = (i32[fp + code[pc + 2]] + code[pc + 3]) | 0;
        i32[fp + code[pc + 1]] = v;
        pc = v !== 0 ? code[pc + 4] : pc + 5;
        break;
      }
      case Op.BrUnlessAddImm: {
        const v = (i32[fp + code[pc + 2]] + code[pc + 3]) | 0;
        i32[fp + code[pc + 1]] = v;
        pc = v === 0 ? code[pc + 4] : pc + 5;
        break;
      }
      case Op.BrIfNull:
        pc = refs[(fp + code[pc + 1]) >> 1] === null ? code[pc + 2] : pc + 3;
        break;
      case Op.BrIfNonNull:
        pc = refs[(fp + code[pc + 1]) >> 1] !== null ? code[pc + 2] : pc + 3;
        break;
      case Op.BrTableLoad32Shl: {
        // The index is loaded as by Load32Shl, whose operands follow the table.
        const n = code[pc + 2];
        const q = pc + 4 + n;
        const ea = (((i32[fp + code[q]] << code[q + 1]) + code[q + 2]) >>> 0) + (code[q + 3] >>> 0);
        if (ea + 4 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        const i = mem.getInt32(ea, true) >>> 0;
        pc = code[pc + 3 + (i < n ? i : n)];
        break;
      }
      case Op.BrTable: {
        const i = i32[fp + code[pc + 1]] >>> 0;
        const n = code[pc + 2];
        pc = code[pc + 3 + (i < n ? i : n)];
        break;
      }

      // ------------------------------------------------------------ calls and returns
      case Op.Return: {
        const h = fp + code[pc + 1];
        const callerFp = i32[h];
        if (callerFp < 0) {
          thread.pc = pc;
          thread.fp = fp;
          thread.depth = depth;
          thread.func = cur;
          return ExitReason.Done;
        }
        const cross = i32[h + 3];
        pc = i32[h + 2];
        cur = i32[h + 1];
        fp = callerFp << 1;
        depth--;
        if (cross !== 0) {
          // SEGMENT_BOTTOM (2): a continuation's bottom frame returned to its resumer.
          if (cross === 2) { C.segmentReturn(thread); limit = thread.limit; }
          inst = funcs[cur].instance as Instance;
          const m0 = inst.mem0;
          if (m0 !== null) { mem = m0.view; u8 = m0.u8; memLen = m0.view.byteLength; } else { mem = EMPTY_VIEW; u8 = EMPTY_U8; memLen = 0; }
        }
        break;
      }
      case Op.Call: {
        callee = funcs[code[pc + 1]];
        argBase = code[pc + 2];
        pc += 3;
        if (callee.entryPc < 0) {
          if (callee.host !== undefined) {
            thread.hostFunc = callee.addr;
            thread.hostArgs = fp + argBase;
            thread.pc = pc;
            thread.fp = fp;
            thread.depth = depth;
            thread.func = cur;
            thread.state.recordExit(ExitKind.Hostcall, fp >> 1, pc - 1, cur);
            return ExitReason.Hostcall;
          }
          if (!store.compileFunc(callee)) {
            thread.pc = pc;
            thread.fp = fp;
            thread.func = cur;
            return ExitReason.InternalError;
          }
          code = store.code.buf;
        }
        const nfp = fp + argBase;
        const h = nfp + callee.localsI32;
        if (h + callee.frameI32 > limit || depth >= maxDepth) {
          trap = TrapCode.StackExhausted;
          pc -= 3;
          break run;
        }
        i32[h] = fp >> 1;
        i32[h + 1] = cur;
        i32[h + 2] = pc;
        i32[h + 4] = cur = callee.addr;
        depth++;
        fp = nfp;
        pc = callee.entryPc | 0;
        if (callee.instance !== inst) {
          i32[h + 3] = 1;
          inst = callee.instance as Instance;
          const m0 = inst.mem0;
          if (m0 !== null) { mem = m0.view; u8 = m0.u8; memLen = m0.view.byteLength; } else { mem = EMPTY_VIEW; u8 = EMPTY_U8; memLen = 0; }
        } else {
          i32[h + 3] = 0;
        }
        break;
      }
      case Op.CallIndirect: {
        const r = T.resolveIndirect(inst, code[pc + 1], code[pc + 2], i32, fp + code[pc + 4], code[pc + 5]);
        if (typeof r === 'number') { trap = r; break run; }
        callee = r;
        argBase = code[pc + 3];
        pc += 6;
        // Same tail as Call (duplicated: a `continue` to a shared label is not expressible).
        if (callee.entryPc < 0) {
          if (callee.host !== undefined) {
            thread.hostFunc = callee.addr;
            thread.hostArgs = fp + argBase;
            thread.pc = pc;
            thread.fp = fp;
            thread.depth = depth;
            thread.func = cur;
            thread.state.recordExit(ExitKind.Hostcall, fp >> 1, pc - 1, cur);
            return ExitReason.Hostcall;
          }
          if (!store.compileFunc(callee)) {
            thread.pc = pc;
            thread.fp = fp;
            thread.func = cur;
            return ExitReason.InternalError;
          }
          code = store.code.buf;
        }
        const nfp = fp + argBase;
        const h = nfp + callee.localsI32;
        if (h + callee.frameI32 > limit || depth >= maxDepth) {
          trap = TrapCode.StackExhausted;
          pc -= 6;
          break run;
        }
        i32[h] = fp >> 1;
        i32[h + 1] = cur;
        i32[h + 2] = pc;
        i32[h + 4] = cur = callee.addr;
        depth++;
        fp = nfp;
        pc = callee.entryPc | 0;
        if (callee.instance !== inst) {
          i32[h + 3] = 1;
          inst = callee.instance as Instance;
          const m0 = inst.mem0;
          if (m0 !== null) { mem = m0.view; u8 = m0.u8; memLen = m0.view.byteLength; } else { mem = EMPTY_VIEW; u8 = EMPTY_U8; memLen = 0; }
        } else {
          i32[h + 3] = 0;
        }
        break;
      }
      case Op.CallRef: {
        const f = refs[(fp + code[pc + 2]) >> 1] as FuncInstance | null;
        if (f === null) { trap = TrapCode.NullFunctionReference; break run; }
        callee = f;
        argBase = code[pc + 1];
        pc += 3;
        if (callee.entryPc < 0) {
          if (callee.host !== undefined) {
            thread.hostFunc = callee.addr;
            thread.hostArgs = fp + argBase;
            thread.pc = pc;
            thread.fp = fp;
            thread.depth = depth;
            thread.func = cur;
            thread.state.recordExit(ExitKind.Hostcall, fp >> 1, pc - 1, cur);
            return ExitReason.Hostcall;
          }
          if (!store.compileFunc(callee)) {
            thread.pc = pc;
            thread.fp = fp;
            thread.func = cur;
            return ExitReason.InternalError;
          }
          code = store.code.buf;
        }
        const nfp = fp + argBase;
        const h = nfp + callee.localsI32;
        if (h + callee.frameI32 > limit || depth >= maxDepth) {
          trap = TrapCode.StackExhausted;
          pc -= 3;
          break run;
        }
        i32[h] = fp >> 1;
        i32[h + 1] = cur;
        i32[h + 2] = pc;
        i32[h + 4] = cur = callee.addr;
        depth++;
        fp = nfp;
        pc = callee.entryPc | 0;
        if (callee.instance !== inst) {
          i32[h + 3] = 1;
          inst = callee.instance as Instance;
          const m0 = inst.mem0;
          if (m0 !== null) { mem = m0.view; u8 = m0.u8; memLen = m0.view.byteLength; } else { mem = EMPTY_VIEW; u8 = EMPTY_U8; memLen = 0; }
        } else {
          i32[h + 3] = 0;
        }
        break;
      }
      case Op.ReturnCall:
      case Op.ReturnCallIndirect:
      case Op.ReturnCallRef: {
        const op = code[pc];
        let f: FuncInstance;
        let len: number;
        if (op === Op.ReturnCall) {
          f = funcs[code[pc + 1]];
          argBase = code[pc + 2];
          len = 5;
        } else if (op === Op.ReturnCallIndirect) {
          const r = T.resolveIndirect(inst, code[pc + 1], code[pc + 2], i32, fp + code[pc + 4], code[pc + 5]);
          if (typeof r === 'number') { trap = r; break run; }
          f = r;
          argBase = code[pc + 3];
          len = 8;
        } else {
          const r = refs[(fp + code[pc + 2]) >> 1] as FuncInstance | null;
          if (r === null) { trap = TrapCode.NullFunctionReference; break run; }
          f = r;
          argBase = code[pc + 1];
          len = 5;
        }
        const nArgs = code[pc + len - 2];
        const hdr = code[pc + len - 1];
        if (f.entryPc < 0) {
          if (f.host !== undefined) {
            // A tail call to the host is a plain call followed by the return sequence the
            // compiler emitted right after this instruction.
            thread.hostFunc = f.addr;
            thread.hostArgs = fp + argBase;
            thread.pc = pc + len;
            thread.fp = fp;
            thread.depth = depth;
            thread.func = cur;
            thread.state.recordExit(ExitKind.Hostcall, fp >> 1, pc, cur);
            return ExitReason.Hostcall;
          }
          if (!store.compileFunc(f)) {
            thread.pc = pc;
            thread.fp = fp;
            thread.func = cur;
            return ExitReason.InternalError;
          }
          code = store.code.buf;
        }
        const oh = fp + hdr;
        const savedFp = i32[oh], savedFunc = i32[oh + 1], retPc = i32[oh + 2], oflag = i32[oh + 3];
        const nh = fp + f.localsI32;
        if (nh + f.frameI32 > limit) { trap = TrapCode.StackExhausted; break run; }
        // Move the arguments down to the parameters (dst < src: a forward copy is safe).
        const src = fp + argBase;
        if (src !== fp) {
          i32.copyWithin(fp, src, src + nArgs);
          for (let c = 0, n = nArgs >> 1, s = src >> 1, dc = fp >> 1; c < n; c++) refs[dc + c] = refs[s + c];
        }
        i32[nh] = savedFp;
        i32[nh + 1] = savedFunc;
        i32[nh + 2] = retPc;
        i32[nh + 3] = oflag === 2 ? 2 : savedFp >= 0 && funcs[savedFunc].instance !== f.instance ? 1 : 0;
        if (oflag === 2) C.bottomMoved(thread, fp, nh);
        i32[nh + 4] = cur = f.addr;
        pc = f.entryPc | 0;
        if (f.instance !== inst) {
          inst = f.instance as Instance;
          const m0 = inst.mem0;
          if (m0 !== null) { mem = m0.view; u8 = m0.u8; memLen = m0.view.byteLength; } else { mem = EMPTY_VIEW; u8 = EMPTY_U8; memLen = 0; }
        }
        break;
      }

      // ------------------------------------------------------------ parametric / variables
      case Op.Select32:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 4]] !== 0 ? i32[fp + code[pc + 2]] : i32[fp + code[pc + 3]];
        pc += 5;
        break;
      case Op.Select64: {
        const s = fp + (i32[fp + code[pc + 4]] !== 0 ? code[pc + 2] : code[pc + 3]);
        const d = fp + code[pc + 1];
        const lo = i32[s], hi = i32[s + 1];
        i32[d] = lo;
        i32[d + 1] = hi;
        pc += 5;
        break;
      }
      case Op.SelectRef:
        refs[(fp + code[pc + 1]) >> 1] = refs[(fp + (i32[fp + code[pc + 4]] !== 0 ? code[pc + 2] : code[pc + 3])) >> 1];
        pc += 5;
        break;
      case Op.GlobalGet32:
        i32[fp + code[pc + 1]] = gI32[code[pc + 2] << 1];
        pc += 3;
        break;
      case Op.GlobalGet64: {
        const d = fp + code[pc + 1], g = code[pc + 2] << 1;
        i32[d] = gI32[g];
        i32[d + 1] = gI32[g + 1];
        pc += 3;
        break;
      }
      case Op.GlobalGetRef:
        refs[(fp + code[pc + 1]) >> 1] = gRefs[code[pc + 2]];
        pc += 3;
        break;
      case Op.GlobalSet32:
        gI32[code[pc + 1] << 1] = i32[fp + code[pc + 2]];
        pc += 3;
        break;
      case Op.GlobalSet64: {
        const a = fp + code[pc + 2], g = code[pc + 1] << 1;
        gI32[g] = i32[a];
        gI32[g + 1] = i32[a + 1];
        pc += 3;
        break;
      }
      case Op.GlobalSetRef:
        gRefs[code[pc + 1]] = refs[(fp + code[pc + 2]) >> 1];
        pc += 3;
        break;

      // ------------------------------------------------------------ memory 0, 32-bit addresses
      case Op.Load32: {
        const ea = ((i32[fp + code[pc + 2]] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
        if (ea + 4 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        i32[fp + code[pc + 1]] = mem.getInt32(ea, true);
        pc += 5;
        break;
      }
      case Op.Load64: {
        const ea = ((i32[fp + code[pc + 2]] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
        if (ea + 8 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        const d = fp + code[pc + 1];
        i32[d] = mem.getInt32(ea, true);
        i32[d + 1] = mem.getInt32(ea + 4, true);
        pc += 5;
        break;
      }
      case Op.Load8S: {
        const ea = ((i32[fp + code[pc + 2]] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
        if (ea + 1 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        i32[fp + code[pc + 1]] = (u8[ea] << 24) >> 24;
        pc += 5;
        break;
      }
      case Op.I32XorLoad8U: {
        const ea = ((i32[fp + code[pc + 3]] + code[pc + 4]) >>> 0) + (code[pc + 5] >>> 0);
        if (ea + 1 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] ^ u8[ea];
        pc += 6;
        break;
      }
      case Op.I32AddLoad32: {
        const ea = ((i32[fp + code[pc + 3]] + code[pc + 4]) >>> 0) + (code[pc + 5] >>> 0);
        if (ea + 4 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        i32[fp + code[pc + 1]] = (i32[fp + code[pc + 2]] + mem.getInt32(ea, true)) | 0;
        pc += 6;
        break;
      }
      case Op.Load8U: {
        const ea = ((i32[fp + code[pc + 2]] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
        if (ea + 1 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        i32[fp + code[pc + 1]] = u8[ea];
        pc += 5;
        break;
      }
      case Op.Load16S: {
        const ea = ((i32[fp + code[pc + 2]] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
        if (ea + 2 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        i32[fp + code[pc + 1]] = mem.getInt16(ea, true);
        pc += 5;
        break;
      }
      case Op.Load16U: {
        const ea = ((i32[fp + code[pc + 2]] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
        if (ea + 2 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        i32[fp + code[pc + 1]] = mem.getUint16(ea, true);
        pc += 5;
        break;
      }
      case Op.I64Load8S: {
        const ea = ((i32[fp + code[pc + 2]] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
        if (ea + 1 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        const d = fp + code[pc + 1], v = (u8[ea] << 24) >> 24;
        i32[d] = v;
        i32[d + 1] = v >> 31;
        pc += 5;
        break;
      }
      case Op.I64Load8U: {
        const ea = ((i32[fp + code[pc + 2]] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
        if (ea + 1 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        const d = fp + code[pc + 1];
        i32[d] = u8[ea];
        i32[d + 1] = 0;
        pc += 5;
        break;
      }
      case Op.I64Load16S: {
        const ea = ((i32[fp + code[pc + 2]] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
        if (ea + 2 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        const d = fp + code[pc + 1], v = mem.getInt16(ea, true);
        i32[d] = v;
        i32[d + 1] = v >> 31;
        pc += 5;
        break;
      }
      case Op.I64Load16U: {
        const ea = ((i32[fp + code[pc + 2]] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
        if (ea + 2 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        const d = fp + code[pc + 1];
        i32[d] = mem.getUint16(ea, true);
        i32[d + 1] = 0;
        pc += 5;
        break;
      }
      case Op.I64Load32S: {
        const ea = ((i32[fp + code[pc + 2]] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
        if (ea + 4 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        const d = fp + code[pc + 1], v = mem.getInt32(ea, true);
        i32[d] = v;
        i32[d + 1] = v >> 31;
        pc += 5;
        break;
      }
      case Op.I64Load32U: {
        const ea = ((i32[fp + code[pc + 2]] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
        if (ea + 4 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        const d = fp + code[pc + 1];
        i32[d] = mem.getInt32(ea, true);
        i32[d + 1] = 0;
        pc += 5;
        break;
      }
      case Op.Store32: {
        const ea = ((i32[fp + code[pc + 1]] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
        if (ea + 4 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        mem.setInt32(ea, i32[fp + code[pc + 2]], true);
        pc += 5;
        break;
      }
      case Op.Store64: {
        const ea = ((i32[fp + code[pc + 1]] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
        if (ea + 8 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        const v = fp + code[pc + 2];
        mem.setInt32(ea, i32[v], true);
        mem.setInt32(ea + 4, i32[v + 1], true);
        pc += 5;
        break;
      }
      case Op.Store8: {
        const ea = ((i32[fp + code[pc + 1]] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
        if (ea + 1 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        u8[ea] = i32[fp + code[pc + 2]];
        pc += 5;
        break;
      }
      case Op.Store16: {
        const ea = ((i32[fp + code[pc + 1]] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
        if (ea + 2 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        mem.setInt16(ea, i32[fp + code[pc + 2]], true);
        pc += 5;
        break;
      }
      case Op.MemMove8: {
        const sa = ((i32[fp + code[pc + 4]] + code[pc + 5]) >>> 0) + (code[pc + 6] >>> 0);
        if (sa + 1 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        const da = ((i32[fp + code[pc + 1]] + code[pc + 2]) >>> 0) + (code[pc + 3] >>> 0);
        if (da + 1 > memLen) { pc += MEMMOVE_STORE_SITE; trap = TrapCode.MemoryOutOfBounds; break run; }
        u8[da] = u8[sa];
        pc += 8;
        break;
      }
      case Op.MemMove16: {
        const sa = ((i32[fp + code[pc + 4]] + code[pc + 5]) >>> 0) + (code[pc + 6] >>> 0);
        if (sa + 2 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        const da = ((i32[fp + code[pc + 1]] + code[pc + 2]) >>> 0) + (code[pc + 3] >>> 0);
        if (da + 2 > memLen) { pc += MEMMOVE_STORE_SITE; trap = TrapCode.MemoryOutOfBounds; break run; }
        mem.setUint16(da, mem.getUint16(sa, true), true);
        pc += 8;
        break;
      }
      case Op.MemMove32: {
        const sa = ((i32[fp + code[pc + 4]] + code[pc + 5]) >>> 0) + (code[pc + 6] >>> 0);
        if (sa + 4 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        const da = ((i32[fp + code[pc + 1]] + code[pc + 2]) >>> 0) + (code[pc + 3] >>> 0);
        if (da + 4 > memLen) { pc += MEMMOVE_STORE_SITE; trap = TrapCode.MemoryOutOfBounds; break run; }
        mem.setInt32(da, mem.getInt32(sa, true), true);
        pc += 8;
        break;
      }
      case Op.MemMove64: {
        const sa = ((i32[fp + code[pc + 4]] + code[pc + 5]) >>> 0) + (code[pc + 6] >>> 0);
        if (sa + 8 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        const da = ((i32[fp + code[pc + 1]] + code[pc + 2]) >>> 0) + (code[pc + 3] >>> 0);
        if (da + 8 > memLen) { pc += MEMMOVE_STORE_SITE; trap = TrapCode.MemoryOutOfBounds; break run; }
        const lo = mem.getInt32(sa, true), hi = mem.getInt32(sa + 4, true);
        mem.setInt32(da, lo, true);
        mem.setInt32(da + 4, hi, true);
        pc += 8;
        break;
      }
      case Op.MemMoveStoreSite:
        // Reached only when a handler retries (or resumes at) a MemMove's store, which trapped here:
        // the whole move runs again (its load has no effect of its own).
        pc -= MEMMOVE_STORE_SITE;
        break;
      case Op.LoadX: {
        const r = M.loadX(inst, i32, code[pc + 1], fp + code[pc + 2], fp + code[pc + 3], code[pc + 4], code[pc + 5], code[pc + 6]);
        if (r !== 0) { trap = r; break run; }
        pc += 7;
        break;
      }
      case Op.StoreX: {
        const r = M.storeX(inst, i32, code[pc + 1], fp + code[pc + 2], fp + code[pc + 3], code[pc + 4], code[pc + 5], code[pc + 6]);
        if (r !== 0) { trap = r; break run; }
        pc += 7;
        break;
      }
      case Op.MemorySize:
        M.memorySize(inst, i32, fp + code[pc + 1], code[pc + 2]);
        pc += 3;
        break;
      case Op.MemoryGrow: {
        M.memoryGrow(inst, i32, fp + code[pc + 1], code[pc + 2], fp + code[pc + 3]);
        const m0 = inst.mem0;
        if (m0 !== null) { mem = m0.view; u8 = m0.u8; memLen = m0.view.byteLength; }
        pc += 4;
        break;
      }
      case Op.MemoryFill: {
        const r = M.memoryFill(inst, i32, code[pc + 1], fp + code[pc + 2], fp + code[pc + 3], fp + code[pc + 4]);
        if (r !== 0) { trap = r; break run; }
        pc += 5;
        break;
      }
      case Op.MemoryCopy: {
        const r = M.memoryCopy(inst, i32, code[pc + 1], code[pc + 2], fp + code[pc + 3], fp + code[pc + 4], fp + code[pc + 5]);
        if (r !== 0) { trap = r; break run; }
        pc += 6;
        break;
      }
      case Op.MemoryInit: {
        const r = M.memoryInit(inst, i32, code[pc + 1], code[pc + 2], fp + code[pc + 3], fp + code[pc + 4], fp + code[pc + 5]);
        if (r !== 0) { trap = r; break run; }
        pc += 6;
        break;
      }
      case Op.DataDrop:
        inst.datas[code[pc + 1]] = M.EMPTY_BYTES;
        pc += 2;
        break;

      // ------------------------------------------------------------ tables and references
      case Op.TableGet: {
        const r = T.tableGet(inst, i32, refs, fp + code[pc + 1], code[pc + 2], fp + code[pc + 3]);
        if (r !== 0) { trap = r; break run; }
        pc += 4;
        break;
      }
      case Op.TableSet: {
        const r = T.tableSet(inst, i32, refs, code[pc + 1], fp + code[pc + 2], fp + code[pc + 3]);
        if (r !== 0) { trap = r; break run; }
        pc += 4;
        break;
      }
      case Op.TableSize:
        T.tableSize(inst, i32, fp + code[pc + 1], code[pc + 2]);
        pc += 3;
        break;
      case Op.TableGrow:
        T.tableGrow(inst, i32, refs, fp + code[pc + 1], code[pc + 2], fp + code[pc + 3], fp + code[pc + 4]);
        pc += 5;
        break;
      case Op.TableFill: {
        const r = T.tableFill(inst, i32, refs, code[pc + 1], fp + code[pc + 2], fp + code[pc + 3], fp + code[pc + 4]);
        if (r !== 0) { trap = r; break run; }
        pc += 5;
        break;
      }
      case Op.TableCopy: {
        const r = T.tableCopy(inst, i32, code[pc + 1], code[pc + 2], fp + code[pc + 3], fp + code[pc + 4], fp + code[pc + 5]);
        if (r !== 0) { trap = r; break run; }
        pc += 6;
        break;
      }
      case Op.TableInit: {
        const r = T.tableInit(inst, i32, code[pc + 1], code[pc + 2], fp + code[pc + 3], fp + code[pc + 4], fp + code[pc + 5]);
        if (r !== 0) { trap = r; break run; }
        pc += 6;
        break;
      }
      case Op.ElemDrop:
        inst.elems[code[pc + 1]] = T.EMPTY_REFS;
        pc += 2;
        break;
      case Op.RefNull:
        refs[(fp + code[pc + 1]) >> 1] = null;
        pc += 2;
        break;
      case Op.RefIsNull:
        i32[fp + code[pc + 1]] = refs[(fp + code[pc + 2]) >> 1] === null ? 1 : 0;
        pc += 3;
        break;
      case Op.RefFunc:
        refs[(fp + code[pc + 1]) >> 1] = funcs[code[pc + 2]];
        pc += 3;
        break;
      case Op.RefAsNonNull: {
        const v = refs[(fp + code[pc + 2]) >> 1];
        if (v === null) { trap = TrapCode.NullReference; break run; }
        refs[(fp + code[pc + 1]) >> 1] = v;
        pc += 3;
        break;
      }
      case Op.RefEq:
        i32[fp + code[pc + 1]] = refs[(fp + code[pc + 2]) >> 1] === refs[(fp + code[pc + 3]) >> 1] ? 1 : 0;
        pc += 4;
        break;

      // ------------------------------------------------------------ i32
      case Op.I32Add:
        i32[fp + code[pc + 1]] = (i32[fp + code[pc + 2]] + i32[fp + code[pc + 3]]) | 0;
        pc += 4;
        break;
      case Op.I32Add2:
        i32[fp + code[pc + 1]] = (i32[fp + code[pc + 2]] + i32[fp + code[pc + 3]]) | 0;
        i32[fp + code[pc + 4]] = (i32[fp + code[pc + 5]] + i32[fp + code[pc + 6]]) | 0;
        pc += 7;
        break;
      case Op.I32Sub:
        i32[fp + code[pc + 1]] = (i32[fp + code[pc + 2]] - i32[fp + code[pc + 3]]) | 0;
        pc += 4;
        break;
      case Op.I32Mul:
        i32[fp + code[pc + 1]] = Math.imul(i32[fp + code[pc + 2]], i32[fp + code[pc + 3]]);
        pc += 4;
        break;
      case Op.I32DivS: {
        const a = i32[fp + code[pc + 2]], b = i32[fp + code[pc + 3]];
        if (b === 0) { trap = TrapCode.IntegerDivideByZero; break run; }
        if (b === -1 && a === -2147483648) { trap = TrapCode.IntegerOverflow; break run; }
        i32[fp + code[pc + 1]] = (a / b) | 0;
        pc += 4;
        break;
      }
      case Op.I32DivU: {
        const a = i32[fp + code[pc + 2]], b = i32[fp + code[pc + 3]];
        if (b === 0) { trap = TrapCode.IntegerDivideByZero; break run; }
        i32[fp + code[pc + 1]] = ((a >>> 0) / (b >>> 0)) | 0;
        pc += 4;
        break;
      }
      case Op.I32RemS: {
        const a = i32[fp + code[pc + 2]], b = i32[fp + code[pc + 3]];
        if (b === 0) { trap = TrapCode.IntegerDivideByZero; break run; }
        i32[fp + code[pc + 1]] = a % b;
        pc += 4;
        break;
      }
      case Op.I32RemU: {
        const a = i32[fp + code[pc + 2]], b = i32[fp + code[pc + 3]];
        if (b === 0) { trap = TrapCode.IntegerDivideByZero; break run; }
        i32[fp + code[pc + 1]] = (a >>> 0) % (b >>> 0);
        pc += 4;
        break;
      }
      case Op.I32And:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] & i32[fp + code[pc + 3]];
        pc += 4;
        break;
      case Op.I32Or:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] | i32[fp + code[pc + 3]];
        pc += 4;
        break;
      case Op.I32Xor:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] ^ i32[fp + code[pc + 3]];
        pc += 4;
        break;
      case Op.I32Shl:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] << i32[fp + code[pc + 3]];
        pc += 4;
        break;
      case Op.I32ShrS:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] >> i32[fp + code[pc + 3]];
        pc += 4;
        break;
      case Op.I32ShrU:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] >>> i32[fp + code[pc + 3]];
        pc += 4;
        break;
      case Op.I32Rotl:
        i32[fp + code[pc + 1]] = N.i32Rotl(i32[fp + code[pc + 2]], i32[fp + code[pc + 3]]);
        pc += 4;
        break;
      case Op.I32Rotr:
        i32[fp + code[pc + 1]] = N.i32Rotr(i32[fp + code[pc + 2]], i32[fp + code[pc + 3]]);
        pc += 4;
        break;
      case Op.I32Eq:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] === i32[fp + code[pc + 3]] ? 1 : 0;
        pc += 4;
        break;
      case Op.I32Ne:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] !== i32[fp + code[pc + 3]] ? 1 : 0;
        pc += 4;
        break;
      case Op.I32LtS:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] < i32[fp + code[pc + 3]] ? 1 : 0;
        pc += 4;
        break;
      case Op.I32LtU:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] >>> 0 < i32[fp + code[pc + 3]] >>> 0 ? 1 : 0;
        pc += 4;
        break;
      case Op.I32GtS:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] > i32[fp + code[pc + 3]] ? 1 : 0;
        pc += 4;
        break;
      case Op.I32GtU:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] >>> 0 > i32[fp + code[pc + 3]] >>> 0 ? 1 : 0;
        pc += 4;
        break;
      case Op.I32LeS:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] <= i32[fp + code[pc + 3]] ? 1 : 0;
        pc += 4;
        break;
      case Op.I32LeU:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] >>> 0 <= i32[fp + code[pc + 3]] >>> 0 ? 1 : 0;
        pc += 4;
        break;
      case Op.I32GeS:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] >= i32[fp + code[pc + 3]] ? 1 : 0;
        pc += 4;
        break;
      case Op.I32GeU:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] >>> 0 >= i32[fp + code[pc + 3]] >>> 0 ? 1 : 0;
        pc += 4;
        break;
      case Op.I32AddImm:
        i32[fp + code[pc + 1]] = (i32[fp + code[pc + 2]] + code[pc + 3]) | 0;
        pc += 4;
        break;
      case Op.I32AddImm2:
        i32[fp + code[pc + 1]] = (i32[fp + code[pc + 2]] + code[pc + 3]) | 0;
        i32[fp + code[pc + 4]] = (i32[fp + code[pc + 5]] + code[pc + 6]) | 0;
        pc += 7;
        break;
      case Op.I32MulImm:
        i32[fp + code[pc + 1]] = Math.imul(i32[fp + code[pc + 2]], code[pc + 3]);
        pc += 4;
        break;
      case Op.I32AndImm:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] & code[pc + 3];
        pc += 4;
        break;
      case Op.I32OrImm:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] | code[pc + 3];
        pc += 4;
        break;
      case Op.I32XorImm:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] ^ code[pc + 3];
        pc += 4;
        break;
      case Op.I32ShlImm:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] << code[pc + 3];
        pc += 4;
        break;
      case Op.I32ShrSImm:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] >> code[pc + 3];
        pc += 4;
        break;
      case Op.I32ShrUImm:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] >>> code[pc + 3];
        pc += 4;
        break;
      case Op.I32EqImm:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] === code[pc + 3] ? 1 : 0;
        pc += 4;
        break;
      case Op.I32NeImm:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] !== code[pc + 3] ? 1 : 0;
        pc += 4;
        break;
      case Op.I32LtSImm:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] < code[pc + 3] ? 1 : 0;
        pc += 4;
        break;
      case Op.I32LtUImm:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] >>> 0 < code[pc + 3] >>> 0 ? 1 : 0;
        pc += 4;
        break;
      case Op.I32GtSImm:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] > code[pc + 3] ? 1 : 0;
        pc += 4;
        break;
      case Op.I32GtUImm:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] >>> 0 > code[pc + 3] >>> 0 ? 1 : 0;
        pc += 4;
        break;
      case Op.I32LeSImm:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] <= code[pc + 3] ? 1 : 0;
        pc += 4;
        break;
      case Op.I32LeUImm:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] >>> 0 <= code[pc + 3] >>> 0 ? 1 : 0;
        pc += 4;
        break;
      case Op.I32GeSImm:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] >= code[pc + 3] ? 1 : 0;
        pc += 4;
        break;
      case Op.I32GeUImm:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] >>> 0 >= code[pc + 3] >>> 0 ? 1 : 0;
        pc += 4;
        break;
      case Op.I32AddShl:
        i32[fp + code[pc + 1]] = (i32[fp + code[pc + 2]] + (i32[fp + code[pc + 3]] << code[pc + 4])) | 0;
        pc += 5;
        break;
      case Op.Load32Shl: {
        const ea = (((i32[fp + code[pc + 2]] << code[pc + 3]) + code[pc + 4]) >>> 0) + (code[pc + 5] >>> 0);
        if (ea + 4 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        i32[fp + code[pc + 1]] = mem.getInt32(ea, true);
        pc += 6;
        break;
      }
      case Op.I32Eqz:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] === 0 ? 1 : 0;
        pc += 3;
        break;
      case Op.I32Clz:
        i32[fp + code[pc + 1]] = Math.clz32(i32[fp + code[pc + 2]]);
        pc += 3;
        break;
      case Op.I32Ctz:
        i32[fp + code[pc + 1]] = N.i32Ctz(i32[fp + code[pc + 2]]);
        pc += 3;
        break;
      case Op.I32Popcnt:
        i32[fp + code[pc + 1]] = N.i32Popcnt(i32[fp + code[pc + 2]]);
        pc += 3;
        break;
      case Op.I32Extend8S:
        i32[fp + code[pc + 1]] = (i32[fp + code[pc + 2]] << 24) >> 24;
        pc += 3;
        break;
      case Op.I32Extend16S:
        i32[fp + code[pc + 1]] = (i32[fp + code[pc + 2]] << 16) >> 16;
        pc += 3;
        break;

      // ------------------------------------------------------------ i64 (halves)
      case Op.I64Add: {
        const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
        const alo = i32[a], blo = i32[b];
        const lo = (alo + blo) | 0;
        // The carry out of bit 31, branch-free: a data-dependent `? 1 : 0` is a branch V8
        // mispredicts half the time on hash/PRNG values (3x slower in a micro-benchmark).
        const hi = (i32[a + 1] + i32[b + 1] + (((alo & blo) | ((alo | blo) & ~lo)) >>> 31)) | 0;
        i32[d] = lo;
        i32[d + 1] = hi;
        pc += 4;
        break;
      }
      case Op.I64Sub: {
        const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
        const alo = i32[a], blo = i32[b];
        const lo = (alo - blo) | 0;
        // The borrow into bit 32, branch-free (see I64Add).
        const hi = (i32[a + 1] - i32[b + 1] - (((~alo & blo) | (~(alo ^ blo) & lo)) >>> 31)) | 0;
        i32[d] = lo;
        i32[d + 1] = hi;
        pc += 4;
        break;
      }
      case Op.I64Mul: {
        // Inlined N.i64MulImm (run is too large for V8 to inline calls into it).
        const a = fp + code[pc + 2], b = fp + code[pc + 3];
        const alo = i32[a], ahi = i32[a + 1], blo = i32[b], bhi = i32[b + 1];
        const a0 = alo & 0xffff, a1 = alo >>> 16, b0 = blo & 0xffff, b1 = blo >>> 16;
        const carry = ((a1 * b0 + a0 * b1 + ((a0 * b0) >>> 16)) / 65536) >>> 0; // see numerics.ts i64Mul
        const d = fp + code[pc + 1];
        i32[d + 1] = (a1 * b1 + carry + Math.imul(alo, bhi) + Math.imul(ahi, blo)) | 0;
        i32[d] = Math.imul(alo, blo);
        pc += 4;
        break;
      }
      case Op.I64DivS: {
        const a = fp + code[pc + 2], b = fp + code[pc + 3];
        const r = N.i64DivSCheck(i32[a], i32[a + 1], i32[b], i32[b + 1]);
        if (r !== 0) { trap = r; break run; }
        N.i64DivS(i32, fp + code[pc + 1], a, b);
        pc += 4;
        break;
      }
      case Op.I64DivU: {
        const a = fp + code[pc + 2], b = fp + code[pc + 3];
        if (i32[b] === 0 && i32[b + 1] === 0) { trap = TrapCode.IntegerDivideByZero; break run; }
        N.i64DivU(i32, fp + code[pc + 1], a, b);
        pc += 4;
        break;
      }
      case Op.I64RemS: {
        const a = fp + code[pc + 2], b = fp + code[pc + 3];
        if (i32[b] === 0 && i32[b + 1] === 0) { trap = TrapCode.IntegerDivideByZero; break run; }
        N.i64RemS(i32, fp + code[pc + 1], a, b);
        pc += 4;
        break;
      }
      case Op.I64RemU: {
        const a = fp + code[pc + 2], b = fp + code[pc + 3];
        const blo = i32[b];
        if (i32[b + 1] === 0 && blo > 0 && blo < 2097152) {
          // Divisor below 2^21 (e.g. a constant modulus): two exact double divisions, inline.
          // Both quotients are below 2^32 (t < blo * 2^32), so `>>> 0` floors them, faster
          // than Math.floor.
          const ah = i32[a + 1] >>> 0;
          const t = (ah - ((ah / blo) >>> 0) * blo) * 4294967296 + (i32[a] >>> 0); // < 2^53
          const d = fp + code[pc + 1];
          i32[d] = t - ((t / blo) >>> 0) * blo;
          i32[d + 1] = 0;
          pc += 4;
          break;
        }
        if (blo === 0 && i32[b + 1] === 0) { trap = TrapCode.IntegerDivideByZero; break run; }
        N.i64RemU(i32, fp + code[pc + 1], a, b);
        pc += 4;
        break;
      }
      case Op.I64And: {
        const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
        const lo = i32[a] & i32[b], hi = i32[a + 1] & i32[b + 1];
        i32[d] = lo;
        i32[d + 1] = hi;
        pc += 4;
        break;
      }
      case Op.I64Or: {
        const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
        const lo = i32[a] | i32[b], hi = i32[a + 1] | i32[b + 1];
        i32[d] = lo;
        i32[d + 1] = hi;
        pc += 4;
        break;
      }
      case Op.I64Xor: {
        const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
        const lo = i32[a] ^ i32[b], hi = i32[a + 1] ^ i32[b + 1];
        i32[d] = lo;
        i32[d + 1] = hi;
        pc += 4;
        break;
      }
      case Op.I64Shl:
        N.i64Shl(i32, fp + code[pc + 1], fp + code[pc + 2], i32[fp + code[pc + 3]]);
        pc += 4;
        break;
      case Op.I64ShrS:
        N.i64ShrS(i32, fp + code[pc + 1], fp + code[pc + 2], i32[fp + code[pc + 3]]);
        pc += 4;
        break;
      case Op.I64ShrU:
        N.i64ShrU(i32, fp + code[pc + 1], fp + code[pc + 2], i32[fp + code[pc + 3]]);
        pc += 4;
        break;
      case Op.I64Rotl:
        N.i64Rotl(i32, fp + code[pc + 1], fp + code[pc + 2], i32[fp + code[pc + 3]]);
        pc += 4;
        break;
      case Op.I64Rotr:
        N.i64Rotr(i32, fp + code[pc + 1], fp + code[pc + 2], i32[fp + code[pc + 3]]);
        pc += 4;
        break;
      case Op.I64Eq: {
        const a = fp + code[pc + 2], b = fp + code[pc + 3];
        i32[fp + code[pc + 1]] = i32[a] === i32[b] && i32[a + 1] === i32[b + 1] ? 1 : 0;
        pc += 4;
        break;
      }
      case Op.I64Ne: {
        const a = fp + code[pc + 2], b = fp + code[pc + 3];
        i32[fp + code[pc + 1]] = i32[a] !== i32[b] || i32[a + 1] !== i32[b + 1] ? 1 : 0;
        pc += 4;
        break;
      }
      case Op.I64LtS: {
        const a = fp + code[pc + 2], b = fp + code[pc + 3];
        i32[fp + code[pc + 1]] = (i32[a + 1] === i32[b + 1] ? i32[a] >>> 0 < i32[b] >>> 0 : i32[a + 1] < i32[b + 1]) ? 1 : 0;
        pc += 4;
        break;
      }
      case Op.I64LtU: {
        const a = fp + code[pc + 2], b = fp + code[pc + 3];
        i32[fp + code[pc + 1]] = (i32[a + 1] === i32[b + 1] ? i32[a] >>> 0 < i32[b] >>> 0 : i32[a + 1] >>> 0 < i32[b + 1] >>> 0) ? 1 : 0;
        pc += 4;
        break;
      }
      case Op.I64GtS: {
        const a = fp + code[pc + 2], b = fp + code[pc + 3];
        i32[fp + code[pc + 1]] = (i32[b + 1] === i32[a + 1] ? i32[b] >>> 0 < i32[a] >>> 0 : i32[b + 1] < i32[a + 1]) ? 1 : 0;
        pc += 4;
        break;
      }
      case Op.I64GtU: {
        const a = fp + code[pc + 2], b = fp + code[pc + 3];
        i32[fp + code[pc + 1]] = (i32[b + 1] === i32[a + 1] ? i32[b] >>> 0 < i32[a] >>> 0 : i32[b + 1] >>> 0 < i32[a + 1] >>> 0) ? 1 : 0;
        pc += 4;
        break;
      }
      case Op.I64LeS: {
        const a = fp + code[pc + 2], b = fp + code[pc + 3];
        i32[fp + code[pc + 1]] = (i32[b + 1] === i32[a + 1] ? i32[b] >>> 0 < i32[a] >>> 0 : i32[b + 1] < i32[a + 1]) ? 0 : 1;
        pc += 4;
        break;
      }
      case Op.I64LeU: {
        const a = fp + code[pc + 2], b = fp + code[pc + 3];
        i32[fp + code[pc + 1]] = (i32[b + 1] === i32[a + 1] ? i32[b] >>> 0 < i32[a] >>> 0 : i32[b + 1] >>> 0 < i32[a + 1] >>> 0) ? 0 : 1;
        pc += 4;
        break;
      }
      case Op.I64GeS: {
        const a = fp + code[pc + 2], b = fp + code[pc + 3];
        i32[fp + code[pc + 1]] = (i32[a + 1] === i32[b + 1] ? i32[a] >>> 0 < i32[b] >>> 0 : i32[a + 1] < i32[b + 1]) ? 0 : 1;
        pc += 4;
        break;
      }
      case Op.I64GeU: {
        const a = fp + code[pc + 2], b = fp + code[pc + 3];
        i32[fp + code[pc + 1]] = (i32[a + 1] === i32[b + 1] ? i32[a] >>> 0 < i32[b] >>> 0 : i32[a + 1] >>> 0 < i32[b + 1] >>> 0) ? 0 : 1;
        pc += 4;
        break;
      }
      case Op.I64AddImm: {
        const a = fp + code[pc + 2], d = fp + code[pc + 1];
        const alo = i32[a], blo = code[pc + 3];
        const lo = (alo + blo) | 0;
        const hi = (i32[a + 1] + code[pc + 4] + (((alo & blo) | ((alo | blo) & ~lo)) >>> 31)) | 0; // see I64Add
        i32[d] = lo;
        i32[d + 1] = hi;
        pc += 5;
        break;
      }
      case Op.I64AndImm: {
        const a = fp + code[pc + 2], d = fp + code[pc + 1];
        const lo = i32[a] & code[pc + 3], hi = i32[a + 1] & code[pc + 4];
        i32[d] = lo;
        i32[d + 1] = hi;
        pc += 5;
        break;
      }
      case Op.I64OrImm: {
        const a = fp + code[pc + 2], d = fp + code[pc + 1];
        const lo = i32[a] | code[pc + 3], hi = i32[a + 1] | code[pc + 4];
        i32[d] = lo;
        i32[d + 1] = hi;
        pc += 5;
        break;
      }
      case Op.I64XorImm: {
        const a = fp + code[pc + 2], d = fp + code[pc + 1];
        const lo = i32[a] ^ code[pc + 3], hi = i32[a + 1] ^ code[pc + 4];
        i32[d] = lo;
        i32[d + 1] = hi;
        pc += 5;
        break;
      }
      case Op.I64MulImm: {
        // Inlined N.i64MulImm (run is too large for V8 to inline calls into it).
        const a = fp + code[pc + 2];
        const alo = i32[a], ahi = i32[a + 1], blo = code[pc + 3], bhi = code[pc + 4];
        const a0 = alo & 0xffff, a1 = alo >>> 16, b0 = blo & 0xffff, b1 = blo >>> 16;
        const carry = ((a1 * b0 + a0 * b1 + ((a0 * b0) >>> 16)) / 65536) >>> 0; // see numerics.ts i64Mul
        const d = fp + code[pc + 1];
        i32[d + 1] = (a1 * b1 + carry + Math.imul(alo, bhi) + Math.imul(ahi, blo)) | 0;
        i32[d] = Math.imul(alo, blo);
        pc += 5;
        break;
      }
      // Shifts by an immediate k (the compiler masks it to 0..63): inlined, no call.
      case Op.I64ShlImm: {
        const a = fp + code[pc + 2], d = fp + code[pc + 1], k = code[pc + 3];
        const lo = i32[a], hi = i32[a + 1];
        if (k === 0) { i32[d] = lo; i32[d + 1] = hi; }
        else if (k < 32) { i32[d + 1] = (hi << k) | (lo >>> (32 - k)); i32[d] = lo << k; }
        else { i32[d + 1] = lo << (k - 32); i32[d] = 0; }
        pc += 5;
        break;
      }
      case Op.I64ShrSImm: {
        const a = fp + code[pc + 2], d = fp + code[pc + 1], k = code[pc + 3];
        const lo = i32[a], hi = i32[a + 1];
        if (k === 0) { i32[d] = lo; i32[d + 1] = hi; }
        else if (k < 32) { i32[d] = (lo >>> k) | (hi << (32 - k)); i32[d + 1] = hi >> k; }
        else { i32[d] = hi >> (k - 32); i32[d + 1] = hi >> 31; }
        pc += 5;
        break;
      }
      case Op.I64ShrUImm: {
        const a = fp + code[pc + 2], d = fp + code[pc + 1], k = code[pc + 3];
        const lo = i32[a], hi = i32[a + 1];
        if (k === 0) { i32[d] = lo; i32[d + 1] = hi; }
        else if (k < 32) { i32[d] = (lo >>> k) | (hi << (32 - k)); i32[d + 1] = hi >>> k; }
        else { i32[d] = hi >>> (k - 32); i32[d + 1] = 0; }
        pc += 5;
        break;
      }
      case Op.I64XorShlImm: {
        const a = fp + code[pc + 3], b = fp + code[pc + 2], d = fp + code[pc + 1], k = code[pc + 4];
        const lo = i32[a], hi = i32[a + 1];
        let rlo: number, rhi: number;
        if (k < 32) { rhi = (hi << k) | (lo >>> (32 - k)); rlo = lo << k; }
        else { rhi = lo << (k - 32); rlo = 0; }
        rlo ^= i32[b];
        rhi ^= i32[b + 1];
        i32[d] = rlo;
        i32[d + 1] = rhi;
        pc += 5;
        break;
      }
      case Op.I64XorShrUMulImm: {
        const a = fp + code[pc + 3], b = fp + code[pc + 2], k = code[pc + 4];
        const lo = i32[a], hi = i32[a + 1];
        let alo: number, ahi: number;
        if (k < 32) { alo = (lo >>> k) | (hi << (32 - k)); ahi = hi >>> k; }
        else { alo = hi >>> (k - 32); ahi = 0; }
        alo ^= i32[b];
        ahi ^= i32[b + 1];
        // The multiply of I64MulImm on (alo, ahi).
        const blo = code[pc + 5], bhi = code[pc + 6];
        const a0 = alo & 0xffff, a1 = alo >>> 16, b0 = blo & 0xffff, b1 = blo >>> 16;
        const carry = ((a1 * b0 + a0 * b1 + ((a0 * b0) >>> 16)) / 65536) >>> 0; // see numerics.ts i64Mul
        const d = fp + code[pc + 1];
        i32[d + 1] = (a1 * b1 + carry + Math.imul(alo, bhi) + Math.imul(ahi, blo)) | 0;
        i32[d] = Math.imul(alo, blo);
        pc += 7;
        break;
      }
      case Op.I64XorShrUImm: {
        const a = fp + code[pc + 3], b = fp + code[pc + 2], d = fp + code[pc + 1], k = code[pc + 4];
        const lo = i32[a], hi = i32[a + 1];
        let rlo: number, rhi: number;
        if (k < 32) { rlo = (lo >>> k) | (hi << (32 - k)); rhi = hi >>> k; }
        else { rlo = hi >>> (k - 32); rhi = 0; }
        rlo ^= i32[b];
        rhi ^= i32[b + 1];
        i32[d] = rlo;
        i32[d + 1] = rhi;
        pc += 5;
        break;
      }
      case Op.I64Eqz: {
        const a = fp + code[pc + 2];
        i32[fp + code[pc + 1]] = (i32[a] | i32[a + 1]) === 0 ? 1 : 0;
        pc += 3;
        break;
      }
      case Op.I64Clz: {
        const a = fp + code[pc + 2], d = fp + code[pc + 1];
        const v = N.i64Clz(i32[a], i32[a + 1]);
        i32[d] = v;
        i32[d + 1] = 0;
        pc += 3;
        break;
      }
      case Op.I64Ctz: {
        const a = fp + code[pc + 2], d = fp + code[pc + 1];
        const v = N.i64Ctz(i32[a], i32[a + 1]);
        i32[d] = v;
        i32[d + 1] = 0;
        pc += 3;
        break;
      }
      case Op.I64Popcnt: {
        const a = fp + code[pc + 2], d = fp + code[pc + 1];
        const v = N.i64Popcnt(i32[a], i32[a + 1]);
        i32[d] = v;
        i32[d + 1] = 0;
        pc += 3;
        break;
      }
      case Op.I64Extend8S: {
        const d = fp + code[pc + 1], v = (i32[fp + code[pc + 2]] << 24) >> 24;
        i32[d] = v;
        i32[d + 1] = v >> 31;
        pc += 3;
        break;
      }
      case Op.I64Extend16S: {
        const d = fp + code[pc + 1], v = (i32[fp + code[pc + 2]] << 16) >> 16;
        i32[d] = v;
        i32[d + 1] = v >> 31;
        pc += 3;
        break;
      }
      case Op.I64Extend32S:
      case Op.I64ExtendI32S: {
        const d = fp + code[pc + 1], v = i32[fp + code[pc + 2]];
        i32[d] = v;
        i32[d + 1] = v >> 31;
        pc += 3;
        break;
      }
      case Op.I64ExtendI32U: {
        const d = fp + code[pc + 1], v = i32[fp + code[pc + 2]];
        i32[d] = v;
        i32[d + 1] = 0;
        pc += 3;
        break;
      }

      // ------------------------------------------------------------ f32 (Float32Array index = slot)
      case Op.F32Add:
        f32[fp + code[pc + 1]] = f32[fp + code[pc + 2]] + f32[fp + code[pc + 3]];
        pc += 4;
        break;
      case Op.F32Sub:
        f32[fp + code[pc + 1]] = f32[fp + code[pc + 2]] - f32[fp + code[pc + 3]];
        pc += 4;
        break;
      case Op.F32Mul:
        f32[fp + code[pc + 1]] = f32[fp + code[pc + 2]] * f32[fp + code[pc + 3]];
        pc += 4;
        break;
      case Op.F32Div:
        f32[fp + code[pc + 1]] = f32[fp + code[pc + 2]] / f32[fp + code[pc + 3]];
        pc += 4;
        break;
      case Op.F32Min:
        f32[fp + code[pc + 1]] = Math.min(f32[fp + code[pc + 2]], f32[fp + code[pc + 3]]);
        pc += 4;
        break;
      case Op.F32Max:
        f32[fp + code[pc + 1]] = Math.max(f32[fp + code[pc + 2]], f32[fp + code[pc + 3]]);
        pc += 4;
        break;
      case Op.F32Copysign:
        i32[fp + code[pc + 1]] = N.f32Copysign(i32[fp + code[pc + 2]], i32[fp + code[pc + 3]]);
        pc += 4;
        break;
      case Op.F32Eq:
        i32[fp + code[pc + 1]] = f32[fp + code[pc + 2]] === f32[fp + code[pc + 3]] ? 1 : 0;
        pc += 4;
        break;
      case Op.F32Ne:
        i32[fp + code[pc + 1]] = f32[fp + code[pc + 2]] !== f32[fp + code[pc + 3]] ? 1 : 0;
        pc += 4;
        break;
      case Op.F32Lt:
        i32[fp + code[pc + 1]] = f32[fp + code[pc + 2]] < f32[fp + code[pc + 3]] ? 1 : 0;
        pc += 4;
        break;
      case Op.F32Gt:
        i32[fp + code[pc + 1]] = f32[fp + code[pc + 2]] > f32[fp + code[pc + 3]] ? 1 : 0;
        pc += 4;
        break;
      case Op.F32Le:
        i32[fp + code[pc + 1]] = f32[fp + code[pc + 2]] <= f32[fp + code[pc + 3]] ? 1 : 0;
        pc += 4;
        break;
      case Op.F32Ge:
        i32[fp + code[pc + 1]] = f32[fp + code[pc + 2]] >= f32[fp + code[pc + 3]] ? 1 : 0;
        pc += 4;
        break;
      case Op.F32Abs:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] & 0x7fffffff;
        pc += 3;
        break;
      case Op.F32Neg:
        i32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] ^ -2147483648;
        pc += 3;
        break;
      case Op.F32Ceil:
        f32[fp + code[pc + 1]] = Math.ceil(f32[fp + code[pc + 2]]);
        pc += 3;
        break;
      case Op.F32Floor:
        f32[fp + code[pc + 1]] = Math.floor(f32[fp + code[pc + 2]]);
        pc += 3;
        break;
      case Op.F32Trunc:
        f32[fp + code[pc + 1]] = Math.trunc(f32[fp + code[pc + 2]]);
        pc += 3;
        break;
      case Op.F32Nearest:
        f32[fp + code[pc + 1]] = N.fNearest(f32[fp + code[pc + 2]]);
        pc += 3;
        break;
      case Op.F32Sqrt:
        f32[fp + code[pc + 1]] = Math.sqrt(f32[fp + code[pc + 2]]);
        pc += 3;
        break;

      // ------------------------------------------------------------ f64 (Float64Array index = slot / 2)
      case Op.F64AddM: {
        const ea = ((i32[fp + code[pc + 3]] + code[pc + 4]) >>> 0) + (code[pc + 5] >>> 0);
        if (ea + 8 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        f64[(fp + code[pc + 1]) >> 1] = f64[(fp + code[pc + 2]) >> 1] + mem.getFloat64(ea, true);
        pc += 6;
        break;
      }
      case Op.F64SubM: {
        const ea = ((i32[fp + code[pc + 3]] + code[pc + 4]) >>> 0) + (code[pc + 5] >>> 0);
        if (ea + 8 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        f64[(fp + code[pc + 1]) >> 1] = f64[(fp + code[pc + 2]) >> 1] - mem.getFloat64(ea, true);
        pc += 6;
        break;
      }
      case Op.F64AddToMem: {
        const ea = ((i32[fp + code[pc + 3]] + code[pc + 4]) >>> 0) + (code[pc + 5] >>> 0);
        if (ea + 8 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        mem.setFloat64(ea, f64[(fp + code[pc + 2]) >> 1] + mem.getFloat64(ea, true), true);
        pc += 6;
        break;
      }
      case Op.F64RSubToMem: {
        const ea = ((i32[fp + code[pc + 3]] + code[pc + 4]) >>> 0) + (code[pc + 5] >>> 0);
        if (ea + 8 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        mem.setFloat64(ea, mem.getFloat64(ea, true) - f64[(fp + code[pc + 2]) >> 1], true);
        pc += 6;
        break;
      }
      case Op.F64AddStore: {
        const ea = ((i32[fp + code[pc + 1]] + code[pc + 2]) >>> 0) + (code[pc + 3] >>> 0);
        if (ea + 8 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        mem.setFloat64(ea, f64[(fp + code[pc + 4]) >> 1] + f64[(fp + code[pc + 5]) >> 1], true);
        pc += 6;
        break;
      }
      case Op.F64SubStore: {
        const ea = ((i32[fp + code[pc + 1]] + code[pc + 2]) >>> 0) + (code[pc + 3] >>> 0);
        if (ea + 8 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        mem.setFloat64(ea, f64[(fp + code[pc + 4]) >> 1] - f64[(fp + code[pc + 5]) >> 1], true);
        pc += 6;
        break;
      }
      case Op.F64RSubM: {
        const ea = ((i32[fp + code[pc + 3]] + code[pc + 4]) >>> 0) + (code[pc + 5] >>> 0);
        if (ea + 8 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        f64[(fp + code[pc + 1]) >> 1] = mem.getFloat64(ea, true) - f64[(fp + code[pc + 2]) >> 1];
        pc += 6;
        break;
      }
      case Op.F64MulMAdd: {
        const ea = ((i32[fp + code[pc + 4]] + code[pc + 5]) >>> 0) + (code[pc + 6] >>> 0);
        if (ea + 8 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        f64[(fp + code[pc + 1]) >> 1] = f64[(fp + code[pc + 2]) >> 1] + f64[(fp + code[pc + 3]) >> 1] * mem.getFloat64(ea, true);
        pc += 7;
        break;
      }
      case Op.F64MulM: {
        const ea = ((i32[fp + code[pc + 3]] + code[pc + 4]) >>> 0) + (code[pc + 5] >>> 0);
        if (ea + 8 > memLen) { trap = TrapCode.MemoryOutOfBounds; break run; }
        f64[(fp + code[pc + 1]) >> 1] = f64[(fp + code[pc + 2]) >> 1] * mem.getFloat64(ea, true);
        pc += 6;
        break;
      }
      case Op.F64MulAdd:
        f64[(fp + code[pc + 1]) >> 1] = f64[(fp + code[pc + 2]) >> 1] + f64[(fp + code[pc + 3]) >> 1] * f64[(fp + code[pc + 4]) >> 1];
        pc += 5;
        break;
      case Op.F64MulSub:
        f64[(fp + code[pc + 1]) >> 1] = f64[(fp + code[pc + 2]) >> 1] - f64[(fp + code[pc + 3]) >> 1] * f64[(fp + code[pc + 4]) >> 1];
        pc += 5;
        break;
      case Op.F64MulRSub:
        f64[(fp + code[pc + 1]) >> 1] = f64[(fp + code[pc + 3]) >> 1] * f64[(fp + code[pc + 4]) >> 1] - f64[(fp + code[pc + 2]) >> 1];
        pc += 5;
        break;
      case Op.F64Mul3:
        f64[(fp + code[pc + 1]) >> 1] = f64[(fp + code[pc + 3]) >> 1] * f64[(fp + code[pc + 4]) >> 1] * f64[(fp + code[pc + 2]) >> 1];
        pc += 5;
        break;
      case Op.F64Add:
        f64[(fp + code[pc + 1]) >> 1] = f64[(fp + code[pc + 2]) >> 1] + f64[(fp + code[pc + 3]) >> 1];
        pc += 4;
        break;
      case Op.F64Sub:
        f64[(fp + code[pc + 1]) >> 1] = f64[(fp + code[pc + 2]) >> 1] - f64[(fp + code[pc + 3]) >> 1];
        pc += 4;
        break;
      case Op.F64Mul:
        f64[(fp + code[pc + 1]) >> 1] = f64[(fp + code[pc + 2]) >> 1] * f64[(fp + code[pc + 3]) >> 1];
        pc += 4;
        break;
      case Op.F64Div:
        f64[(fp + code[pc + 1]) >> 1] = f64[(fp + code[pc + 2]) >> 1] / f64[(fp + code[pc + 3]) >> 1];
        pc += 4;
        break;
      case Op.F64Min:
        f64[(fp + code[pc + 1]) >> 1] = Math.min(f64[(fp + code[pc + 2]) >> 1], f64[(fp + code[pc + 3]) >> 1]);
        pc += 4;
        break;
      case Op.F64Max:
        f64[(fp + code[pc + 1]) >> 1] = Math.max(f64[(fp + code[pc + 2]) >> 1], f64[(fp + code[pc + 3]) >> 1]);
        pc += 4;
        break;
      case Op.F64Copysign: {
        const d = fp + code[pc + 1], a = fp + code[pc + 2], b = fp + code[pc + 3];
        const lo = i32[a], hi = N.f64CopysignHi(i32[a + 1], i32[b + 1]);
        i32[d] = lo;
        i32[d + 1] = hi;
        pc += 4;
        break;
      }
      case Op.F64Eq:
        i32[fp + code[pc + 1]] = f64[(fp + code[pc + 2]) >> 1] === f64[(fp + code[pc + 3]) >> 1] ? 1 : 0;
        pc += 4;
        break;
      case Op.F64Ne:
        i32[fp + code[pc + 1]] = f64[(fp + code[pc + 2]) >> 1] !== f64[(fp + code[pc + 3]) >> 1] ? 1 : 0;
        pc += 4;
        break;
      case Op.F64Lt:
        i32[fp + code[pc + 1]] = f64[(fp + code[pc + 2]) >> 1] < f64[(fp + code[pc + 3]) >> 1] ? 1 : 0;
        pc += 4;
        break;
      case Op.F64Gt:
        i32[fp + code[pc + 1]] = f64[(fp + code[pc + 2]) >> 1] > f64[(fp + code[pc + 3]) >> 1] ? 1 : 0;
        pc += 4;
        break;
      case Op.F64Le:
        i32[fp + code[pc + 1]] = f64[(fp + code[pc + 2]) >> 1] <= f64[(fp + code[pc + 3]) >> 1] ? 1 : 0;
        pc += 4;
        break;
      case Op.F64Ge:
        i32[fp + code[pc + 1]] = f64[(fp + code[pc + 2]) >> 1] >= f64[(fp + code[pc + 3]) >> 1] ? 1 : 0;
        pc += 4;
        break;
      case Op.F64Abs: {
        const d = fp + code[pc + 1], a = fp + code[pc + 2];
        const lo = i32[a], hi = i32[a + 1] & 0x7fffffff;
        i32[d] = lo;
        i32[d + 1] = hi;
        pc += 3;
        break;
      }
      case Op.F64Neg: {
        const d = fp + code[pc + 1], a = fp + code[pc + 2];
        const lo = i32[a], hi = i32[a + 1] ^ -2147483648;
        i32[d] = lo;
        i32[d + 1] = hi;
        pc += 3;
        break;
      }
      case Op.F64Ceil: {
        const x = f64[(fp + code[pc + 2]) >> 1];
        f64[(fp + code[pc + 1]) >> 1] = x !== x ? NaN : Math.ceil(x); // quiets a signalling NaN
        pc += 3;
        break;
      }
      case Op.F64Floor: {
        const x = f64[(fp + code[pc + 2]) >> 1];
        f64[(fp + code[pc + 1]) >> 1] = x !== x ? NaN : Math.floor(x); // quiets a signalling NaN
        pc += 3;
        break;
      }
      case Op.F64Trunc: {
        const x = f64[(fp + code[pc + 2]) >> 1];
        f64[(fp + code[pc + 1]) >> 1] = x !== x ? NaN : Math.trunc(x); // quiets a signalling NaN
        pc += 3;
        break;
      }
      case Op.F64Nearest:
        f64[(fp + code[pc + 1]) >> 1] = N.fNearest(f64[(fp + code[pc + 2]) >> 1]);
        pc += 3;
        break;
      case Op.F64Sqrt:
        f64[(fp + code[pc + 1]) >> 1] = Math.sqrt(f64[(fp + code[pc + 2]) >> 1]);
        pc += 3;
        break;

      // ------------------------------------------------------------ conversions
      case Op.I32TruncF32S: {
        const x = f32[fp + code[pc + 2]];
        const r = N.i32TruncSCheck(x);
        if (r !== 0) { trap = r; break run; }
        i32[fp + code[pc + 1]] = N.i32TruncS(x);
        pc += 3;
        break;
      }
      case Op.I32TruncF32U: {
        const x = f32[fp + code[pc + 2]];
        const r = N.i32TruncUCheck(x);
        if (r !== 0) { trap = r; break run; }
        i32[fp + code[pc + 1]] = N.i32TruncU(x);
        pc += 3;
        break;
      }
      case Op.I32TruncF64S: {
        const x = f64[(fp + code[pc + 2]) >> 1];
        const r = N.i32TruncSCheck(x);
        if (r !== 0) { trap = r; break run; }
        i32[fp + code[pc + 1]] = N.i32TruncS(x);
        pc += 3;
        break;
      }
      case Op.I32TruncF64U: {
        const x = f64[(fp + code[pc + 2]) >> 1];
        const r = N.i32TruncUCheck(x);
        if (r !== 0) { trap = r; break run; }
        i32[fp + code[pc + 1]] = N.i32TruncU(x);
        pc += 3;
        break;
      }
      case Op.I64TruncF32S: {
        const x = f32[fp + code[pc + 2]];
        const r = N.i64TruncSCheck(x);
        if (r !== 0) { trap = r; break run; }
        N.i64Trunc(i32, fp + code[pc + 1], x);
        pc += 3;
        break;
      }
      case Op.I64TruncF32U: {
        const x = f32[fp + code[pc + 2]];
        const r = N.i64TruncUCheck(x);
        if (r !== 0) { trap = r; break run; }
        N.i64Trunc(i32, fp + code[pc + 1], x);
        pc += 3;
        break;
      }
      case Op.I64TruncF64S: {
        const x = f64[(fp + code[pc + 2]) >> 1];
        const r = N.i64TruncSCheck(x);
        if (r !== 0) { trap = r; break run; }
        N.i64Trunc(i32, fp + code[pc + 1], x);
        pc += 3;
        break;
      }
      case Op.I64TruncF64U: {
        const x = f64[(fp + code[pc + 2]) >> 1];
        const r = N.i64TruncUCheck(x);
        if (r !== 0) { trap = r; break run; }
        N.i64Trunc(i32, fp + code[pc + 1], x);
        pc += 3;
        break;
      }
      case Op.I32TruncSatF32S:
        i32[fp + code[pc + 1]] = N.i32TruncSatS(f32[fp + code[pc + 2]]);
        pc += 3;
        break;
      case Op.I32TruncSatF32U:
        i32[fp + code[pc + 1]] = N.i32TruncSatU(f32[fp + code[pc + 2]]);
        pc += 3;
        break;
      case Op.I32TruncSatF64S:
        i32[fp + code[pc + 1]] = N.i32TruncSatS(f64[(fp + code[pc + 2]) >> 1]);
        pc += 3;
        break;
      case Op.I32TruncSatF64U:
        i32[fp + code[pc + 1]] = N.i32TruncSatU(f64[(fp + code[pc + 2]) >> 1]);
        pc += 3;
        break;
      case Op.I64TruncSatF32S:
        N.i64TruncSatS(i32, fp + code[pc + 1], f32[fp + code[pc + 2]]);
        pc += 3;
        break;
      case Op.I64TruncSatF32U:
        N.i64TruncSatU(i32, fp + code[pc + 1], f32[fp + code[pc + 2]]);
        pc += 3;
        break;
      case Op.I64TruncSatF64S:
        N.i64TruncSatS(i32, fp + code[pc + 1], f64[(fp + code[pc + 2]) >> 1]);
        pc += 3;
        break;
      case Op.I64TruncSatF64U:
        N.i64TruncSatU(i32, fp + code[pc + 1], f64[(fp + code[pc + 2]) >> 1]);
        pc += 3;
        break;
      case Op.F32ConvertI32S:
        f32[fp + code[pc + 1]] = i32[fp + code[pc + 2]];
        pc += 3;
        break;
      case Op.F32ConvertI32U:
        f32[fp + code[pc + 1]] = i32[fp + code[pc + 2]] >>> 0;
        pc += 3;
        break;
      case Op.F32ConvertI64S: {
        const a = fp + code[pc + 2];
        f32[fp + code[pc + 1]] = N.f32ConvertI64S(i32[a], i32[a + 1]);
        pc += 3;
        break;
      }
      case Op.F32ConvertI64U: {
        const a = fp + code[pc + 2];
        f32[fp + code[pc + 1]] = N.f32ConvertI64U(i32[a], i32[a + 1]);
        pc += 3;
        break;
      }
      case Op.F32DemoteF64:
        f32[fp + code[pc + 1]] = f64[(fp + code[pc + 2]) >> 1];
        pc += 3;
        break;
      case Op.F64ConvertI32S:
        f64[(fp + code[pc + 1]) >> 1] = i32[fp + code[pc + 2]];
        pc += 3;
        break;
      case Op.F64ConvertI32U:
        f64[(fp + code[pc + 1]) >> 1] = i32[fp + code[pc + 2]] >>> 0;
        pc += 3;
        break;
      case Op.F64ConvertI64S: {
        const a = fp + code[pc + 2];
        f64[(fp + code[pc + 1]) >> 1] = N.f64ConvertI64S(i32[a], i32[a + 1]);
        pc += 3;
        break;
      }
      case Op.F64ConvertI64U: {
        const a = fp + code[pc + 2];
        f64[(fp + code[pc + 1]) >> 1] = N.f64ConvertI64U(i32[a], i32[a + 1]);
        pc += 3;
        break;
      }
      case Op.F64PromoteF32:
        f64[(fp + code[pc + 1]) >> 1] = f32[fp + code[pc + 2]];
        pc += 3;
        break;

      // ------------------------------------------------------------ exceptions, stack switching
      case Op.Throw:
      case Op.ThrowRef:
      case Op.ContNew:
      case Op.ContBind:
      case Op.Suspend:
      case Op.Resume:
      case Op.ResumeThrow:
      case Op.ResumeThrowRef:
      case Op.Switch: {
        thread.pc = pc;
        thread.fp = fp;
        thread.depth = depth;
        thread.func = cur;
        const r = controlOp(store, code[pc] - Op.Throw);
        if (r !== 0) {
          if (r > 0) { trap = r; break run; }
          return r === UNCAUGHT ? ExitReason.Exception : ExitReason.InternalError;
        }
        code = store.code.buf;
        pc = thread.pc | 0;
        fp = thread.fp | 0;
        depth = thread.depth | 0;
        cur = thread.func | 0;
        limit = thread.limit;
        inst = funcs[cur].instance as Instance;
        const m0 = inst.mem0;
        if (m0 !== null) { mem = m0.view; u8 = m0.u8; memLen = m0.view.byteLength; } else { mem = EMPTY_VIEW; u8 = EMPTY_U8; memLen = 0; }
        break;
      }
      case Op.Break:
        // Record, then return: the driver (exec/driver.ts -> debug/) decides; zero cost unless patched in.
        thread.pc = pc;
        thread.fp = fp;
        thread.depth = depth;
        thread.func = cur;
        thread.state.recordExit(ExitKind.Break, fp >> 1, pc, cur);
        return ExitReason.Break;
      default:
        thread.error = new Error(`internal: bad opcode ${code[pc]} at pc ${pc}`);
        thread.pc = pc;
        thread.fp = fp;
        thread.func = cur;
        return ExitReason.InternalError;
    }
  }
  // Trap exit: record, then return (the driver raises).
  thread.trapCode = trap;
  thread.pc = pc;
  thread.fp = fp;
  thread.depth = depth;
  thread.func = cur;
  thread.state.recordExit(ExitKind.Trap, fp >> 1, pc, cur);
  return ExitReason.Trap;
}
