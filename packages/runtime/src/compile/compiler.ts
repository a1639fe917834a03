/**
 * The compiler: one validated function body (wasm bytes) -> internal code appended to the
 * store's CodeBuffer, run lazily on the function's first call. One pass, no IR.
 *
 * The compiler mirrors the wasm operand stack at compile time. Each entry is a *location*:
 *   - a frame slot: its own stack slot (materialized), or a local's slot (after `local.get`:
 *     "virtual" — no copy is emitted, consumers read the local directly);
 *   - a constant (after `i32.const` etc.): nothing emitted until a consumer needs it, so
 *     `x + 1`, `x < n`-style operations pick immediate forms (I32AddImm, BrIfLtSImm, ...).
 * Invariants that keep this sound:
 *   - before a local is written, entries that read it virtually are materialized (copied to
 *     their own slot) — straight-line code only, because
 *   - at every block/loop/if entry all virtual-local entries are materialized, so every label
 *     sees one layout whatever path reaches it (constants stay virtual: they never change);
 *   - branch values are moved into the target's slots before jumping; block results sit in
 *     their own slots at `end`.
 * Peepholes (within straight-line code only, reset at every label):
 *   - an instruction whose result is immediately stored to a local by local.set/tee writes the
 *     local directly (its result operand is patched);
 *   - an i32 compare (or eqz) feeding br_if / if fuses into one conditional branch.
 *
 * Branch targets are resolved here once (forward ones by patching). Every emitted instruction is
 * recorded in the function's CodeMap with the module offset of the wasm instruction it came from.
 *
 * Frame (see FRAME_LAYOUT): slot of local i = 2i; header at 2*max(numLocals, numResults) (results
 * are returned in slots 0.., so they must not overlap the header); operand height h lives in
 * slot hdr + 2*(HEADER_CELLS + h).
 */
import { FRAME_LAYOUT } from '@lantern/traps';
import { ByteReader } from '../binary/reader.ts';
import { readBlockType, readHeapType, readValType, BLOCK_EMPTY } from '../binary/typeReader.ts';
import { Catch, newMemArg, readCatchClause, readMemArg, readOnClause, readOpcodeImm, skipImmediates } from '../binary/immediates.ts';
import type { FuncType, ModuleInfo } from '../syntax/moduleInfo.ts';
import { F32, F64, I32, I64, heapTypeOf, isRefType, typeIndexOfHeap, V128, type ValType } from '../syntax/types.ts';
import { Op } from '../isa/op.generated.ts';
import type { Store } from '../store/store.ts';
import type { FuncInstance } from '../instances/func.ts';
import type { Instance } from '../instances/instance.ts';
import { CodeMap } from './codeMap.ts';
import { CATCH_ALL, type HandlerClause, HandlerTable } from './handlerTables.ts';
import type { CodeBuffer } from './codeBuffer.ts';

/** Value categories: how many bits move, and where (the reference array). */
const C32 = 0, C64 = 1, CREF = 2;
/** Entry kinds. */
const K_SLOT = 0, K_CONST32 = 1, K_CONST64 = 2;
/**
 * An i32 `x + c` not yet emitted (loc = x's slot: a local, a constant slot or the entry's own
 * slot; cv0 = c): a memory access folds it into its address operands, anything else
 * materializes it with one I32AddImm. Like a virtual local, it is materialized before its
 * local is written and at block entries.
 */
const K_ADDR = 3;
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

const enum CtrlKind { Block, Loop, If, Else, Func, TryTable, Try, Catch }

interface Ctrl {
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
  /** Definite assignment (see DefiniteAssignment): the locals set at entry, and at the branches to the end (null: none). */
  setAtEntry: Uint8Array;
  setAtBranches: Uint8Array | null;
}

export function categoryOf(t: ValType): number {
  if (t === I32 || t === F32) return C32;
  if (t === I64 || t === F64) return C64;
  if (isRefType(t)) return CREF;
  if (t === V128) throw new Error('v128 is not supported yet');
  throw new Error(`unknown value type ${t}`);
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

/** i32 compares that fuse into branches: compare op -> [branch op, negated branch op]. */
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
/** Bytes read by each fast load op, and written by each store (load-then-store fusion pairs equal widths). */
const LOAD_WIDTH = new Map<number, number>([
  [Op.Load8S, 1], [Op.Load8U, 1], [Op.I64Load8S, 1], [Op.I64Load8U, 1],
  [Op.Load16S, 2], [Op.Load16U, 2], [Op.I64Load16S, 2], [Op.I64Load16U, 2],
  [Op.Load32, 4], [Op.I64Load32S, 4], [Op.I64Load32U, 4], [Op.Load64, 8],
]);
const STORE_WIDTH = new Map<number, number>([[Op.Store8, 1], [Op.Store16, 2], [Op.Store32, 4], [Op.Store64, 8]]);
const MOVE_OF_WIDTH: readonly number[] = [-1, Op.MemMove8, Op.MemMove16, -1, Op.MemMove32, -1, -1, -1, Op.MemMove64];
const LOAD_OF: (readonly [number, number] | undefined)[] = [];
for (const [c, op, cat] of LOADS) LOAD_OF[c] = [op, cat];
const STORE_OF: (number | undefined)[] = [];
for (const [c, op] of STORES) STORE_OF[c] = op;

export function funcTypeOf(info: ModuleInfo, typeIndex: number): FuncType {
  const c = info.types[typeIndex].composite;
  if (c.kind !== 'func') throw new Error(`type ${typeIndex} is not a function type`);
  return c;
}

/** Type index of function `funcIndex` of a module (imports first). */
export function funcTypeIndex(info: ModuleInfo, funcIndex: number): number {
  if (funcIndex < info.importedFuncs) {
    let k = 0;
    for (const imp of info.imports) {
      if (imp.desc.kind !== 'func') continue;
      if (k++ === funcIndex) return imp.desc.typeIndex;
    }
    throw new Error(`function ${funcIndex} not found`);
  }
  return info.funcTypeIndices[funcIndex - info.importedFuncs];
}

/** Compiles `f` (a wasm function of an instance) into the store's code buffer. */
export function compileFunction(store: Store, f: FuncInstance): void {
  const inst = f.instance as Instance;
  const debug = store.debug;
  new FunctionCompiler(store.code, inst, f, debug !== null && debug.debugCompile, debug !== null).compile();
}

class FunctionCompiler {
  private readonly info: ModuleInfo;
  private readonly r: ByteReader;
  private readonly numLocals: number;
  private readonly localCats: number[] = [];
  private readonly opBase: number;
  /** int32 offset of the frame header from FP. */
  private readonly hdr: number;
  /** Constant slots: how many cells are reserved (after the locals), and those in use by value. */
  private readonly constCap: number;
  private readonly constSlots = new Map<string, number>();
  private readonly resultCats: number[];
  // operand stack mirror
  private kind: number[] = [];
  private loc: number[] = [];
  private cat: number[] = [];
  private cv0: number[] = [];
  private cv1: number[] = [];
  private maxH = 0;
  private ctrl: Ctrl[] = [];
  // code map
  private mapPcs: number[] = [];
  private mapOffsets: number[] = [];
  private curOffset = 0;
  /** Where the body's code starts, after the prologue: its first instruction gets an entry of its own (CodeMap.bodyPc). */
  private bodyPc = -1;
  // peepholes: last instruction (valid only in straight-line code)
  private lastStart = -1;
  /**
   * Definite assignment of numeric locals, so the prologue zeroes only the locals some path reads
   * before setting: which are set at this point (params and reference locals count as set), which
   * were read while unset, and whether the analysis gave up (exception handlers).
   */
  private setLocals: Uint8Array = new Uint8Array(0);
  private readonly readBeforeSet: Uint8Array;
  private zeroAllLocals = false;
  /** Start of the instruction before the last one, when both are known and adjacent (else -1). */
  private prevStart = -1;
  private lastDstPos = -1;
  private lastCmpOp = -1;
  private readonly memArg = newMemArg();
  private readonly typeIdx: number;
  // exceptions / stack switching: the handler table (made on the first try), and catch clauses and
  // resume-handler code positions whose label is the function's own (they continue at a Return stub)
  private handlers: HandlerTable | null = null;
  private stubClauses: HandlerClause[] = [];
  private stubPatches: number[] = [];

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
    this.typeIdx = this.info.funcTypeIndices[bodyIndex];
    const type = funcTypeOf(this.info, this.typeIdx);
    for (const t of type.params) this.localCats.push(categoryOf(t));
    for (const t of body.locals) this.localCats.push(categoryOf(t));
    this.numLocals = this.localCats.length;
    this.readBeforeSet = new Uint8Array(this.numLocals);
    this.resultCats = type.results.map(categoryOf);
    // Results are returned at slots 0..: the header sits above max(locals, results) cells so the
    // return sequence never overwrites it.
    this.constCap = countConsts(this.info.bytes, body.codeStart, body.codeEnd);
    this.hdr = 2 * Math.max(this.numLocals + this.constCap, this.resultCats.length);
    this.opBase = this.hdr + 2 * FRAME_LAYOUT.HEADER_CELLS;
    this.curOffset = body.codeStart;
  }

  // ---------------------------------------------------------------- emission

  private slotOf(h: number): number {
    return this.opBase + 2 * h;
  }

  /** Starts an instruction: records it in the code map and forgets the peephole state. */
  private begin(words: number): number {
    const code = this.code;
    code.reserve(words);
    const pc = code.pos;
    const n = this.mapOffsets.length;
    if (n === 0 || this.mapOffsets[n - 1] !== this.curOffset || (pc === this.bodyPc && this.mapPcs[n - 1] < pc)) {
      this.mapPcs.push(pc);
      this.mapOffsets.push(this.curOffset);
      if (this.debugMode) this.debugStacks.set(pc, this.stackBefore);
    }
    this.prevStart = this.lastStart;
    this.lastStart = pc;
    this.lastDstPos = -1;
    this.lastCmpOp = -1;
    return pc;
  }
  private w(v: number): void {
    this.code.buf[this.code.pos++] = v | 0;
  }
  private e1(op: number): void {
    this.begin(1);
    this.w(op);
  }
  private e2(op: number, a: number): void {
    this.begin(2);
    this.w(op); this.w(a);
  }
  private e3(op: number, a: number, b: number): void {
    this.begin(3);
    this.w(op); this.w(a); this.w(b);
  }
  private e4(op: number, a: number, b: number, c: number): void {
    this.begin(4);
    this.w(op); this.w(a); this.w(b); this.w(c);
  }
  private eN(...words: number[]): void {
    this.begin(words.length);
    for (const x of words) this.w(x);
  }
  /** A label: branch targets here, so peepholes must not look across it. */
  private label(): number {
    this.prevStart = -1;
    this.lastStart = -1;
    this.lastDstPos = -1;
    this.lastCmpOp = -1;
    return this.code.pos;
  }
  private patch(pos: number, target: number): void {
    this.code.buf[pos] = target;
  }

  // ---------------------------------------------------------------- operand stack

  private get h(): number {
    return this.kind.length;
  }
  private pushSlot(cat: number, loc: number): void {
    this.kind.push(K_SLOT);
    this.loc.push(loc);
    this.cat.push(cat);
    this.cv0.push(0);
    this.cv1.push(0);
    if (this.kind.length > this.maxH) this.maxH = this.kind.length;
  }
  /** Pushes a result in its own slot; returns that slot. */
  private pushResult(cat: number): number {
    const s = this.slotOf(this.h);
    this.pushSlot(cat, s);
    return s;
  }
  private pushConst(cat: number, lo: number, hi: number): void {
    this.kind.push(cat === C32 ? K_CONST32 : K_CONST64);
    this.loc.push(-1);
    this.cat.push(cat);
    this.cv0.push(lo | 0);
    this.cv1.push(hi | 0);
    if (this.kind.length > this.maxH) this.maxH = this.kind.length;
  }
  private pop(): void {
    this.kind.pop();
    this.loc.pop();
    this.cat.pop();
    this.cv0.pop();
    this.cv1.pop();
  }
  private popN(n: number): void {
    for (let i = 0; i < n; i++) this.pop();
  }
  private isConst32(i: number): boolean {
    return this.kind[i] === K_CONST32;
  }

  private emitCopy(cat: number, d: number, s: number): void {
    if (d === s) return;
    const op = cat === C32 ? Op.Copy32 : cat === C64 ? Op.Copy64 : Op.CopyRef;
    // A copy right after a copy of the same width (`local.set` runs, a loop's carried values
    // rotating) becomes one Copy32x2 / Copy64x2: same order, one dispatch.
    const st = this.lastStart;
    if (op !== Op.CopyRef && st >= 0 && this.code.pos === st + 3 && this.code.buf[st] === op) {
      this.code.buf[st] = op === Op.Copy32 ? Op.Copy32x2 : Op.Copy64x2;
      this.code.reserve(2);
      this.w(d);
      this.w(s);
      this.lastStart = -1;
      return;
    }
    this.e3(op, d, s);
  }
  /** Writes entry i's value into slot d (constants included). */
  private moveTo(i: number, d: number): void {
    const k = this.kind[i];
    if (k === K_CONST32) this.e3(Op.Const32, d, this.cv0[i]);
    else if (k === K_CONST64) this.e4(Op.Const64, d, this.cv0[i], this.cv1[i]);
    else if (k === K_ADDR) {
      if (!this.pairWithLast(Op.I32AddImm, Op.I32AddImm2, d, this.loc[i], this.cv0[i])) this.e4(Op.I32AddImm, d, this.loc[i], this.cv0[i]);
    }
    else this.emitCopy(this.cat[i], d, this.loc[i]);
  }
  /** Makes entry i live in its own slot. */
  private materialize(i: number): void {
    const s = this.slotOf(i);
    if (this.kind[i] === K_SLOT && this.loc[i] === s) return;
    this.moveTo(i, s);
    this.kind[i] = K_SLOT;
    this.loc[i] = s;
  }
  /** The slot holding entry i (materializing a constant into its own slot). */
  private src(i: number): number {
    const k = this.kind[i];
    if (k !== K_SLOT) {
      const s = k === K_ADDR ? -1 : this.constSlot(k, this.cv0[i], this.cv1[i]);
      if (s >= 0) return s;
      this.materialize(i);
    }
    return this.loc[i];
  }
  /** The constant slot holding (lo, hi), allocated on first use; -1 when none is left. */
  private constSlot(kind: number, lo: number, hi: number): number {
    const key = `${kind === K_CONST32 ? 0 : hi},${lo}`;
    let s = this.constSlots.get(key);
    if (s === undefined) {
      if (this.constSlots.size >= this.constCap) return -1;
      s = 2 * (this.numLocals + this.constSlots.size);
      this.constSlots.set(key, s);
    }
    return s;
  }
  private materializeAll(): void {
    for (let i = 0; i < this.h; i++) this.materialize(i);
  }
  /** Materializes the virtual-local entries (constants stay virtual): block entry rule. */
  private materializeLocals(): void {
    for (let i = 0; i < this.h; i++) {
      if ((this.kind[i] === K_SLOT && this.loc[i] < this.opBase) || this.kind[i] === K_ADDR) this.materialize(i);
    }
  }
  /** Before writing local slot `s`: materialize entries below `below` that read it. */
  private materializeReaders(s: number, below: number): void {
    for (let i = 0; i < below; i++) if ((this.kind[i] === K_SLOT || this.kind[i] === K_ADDR) && this.loc[i] === s) this.materialize(i);
  }
  /** Marks the last instruction's result operand (at code position `pos`) for retargeting. */
  private setLastDst(pos: number): void {
    this.lastDstPos = pos;
  }

  // ---------------------------------------------------------------- blocks and branches

  private blockSig(bt: number): [number[], number[]] {
    if (bt === BLOCK_EMPTY) return [[], []];
    if (bt >= 0) return [[], [categoryOf(bt)]];
    const ft = funcTypeOf(this.info, -1 - bt);
    return [ft.params.map(categoryOf), ft.results.map(categoryOf)];
  }
  private pushCtrl(kind: CtrlKind, params: number[], results: number[]): Ctrl {
    const c: Ctrl = {
      kind, base: this.h - params.length, params, results, loopPc: -1, patches: [], elsePatch: -1, unreachable: false,
      handler: this.ctrl.length > 0 ? this.ctrl[this.ctrl.length - 1].handler : -1, entry: -1, exnSlot: -1, hpatches: [],
      setAtEntry: this.setLocals.slice(), setAtBranches: null,
    };
    this.ctrl.push(c);
    return c;
  }
  private labelCats(c: Ctrl): number[] {
    return c.kind === CtrlKind.Loop ? c.params : c.results;
  }
  /** Do the top values need moving to branch to `c`? (the function label always needs a return) */
  private needsMoves(c: Ctrl, extra = 0): boolean {
    if (c.kind === CtrlKind.Func) return true;
    const n = this.labelCats(c).length;
    const top = this.h - extra;
    for (let j = 0; j < n; j++) {
      const i = top - n + j;
      if (this.kind[i] !== K_SLOT || this.loc[i] !== this.slotOf(c.base + j)) return true;
    }
    return false;
  }
  /** Emits the moves of the label values (top `n` entries, below `extra` entries). */
  private emitMoves(c: Ctrl, extra = 0): void {
    const n = this.labelCats(c).length;
    const top = this.h - extra;
    for (let j = 0; j < n; j++) this.moveTo(top - n + j, this.slotOf(c.base + j));
  }
  /** Emits the jump itself to `c` (Br to a known pc or a patched one). */
  private emitJump(c: Ctrl): void {
    if (c.kind === CtrlKind.Loop) {
      this.e2(Op.Br, c.loopPc);
    } else {
      this.e2(Op.Br, -1);
      c.patches.push(this.code.pos - 1);
      this.branchesTo(c);
    }
  }
  /** Unconditional branch to label depth `depth`, values on top (under `extra` entries). */
  private emitBranch(depth: number, extra = 0): void {
    const c = this.ctrl[this.ctrl.length - 1 - depth];
    if (c.kind === CtrlKind.Func) {
      this.emitReturn(extra);
      return;
    }
    this.emitMoves(c, extra);
    this.emitJump(c);
  }
  /** The target operand for a conditional branch to `c` without moves; returns its position. */
  private condTarget(c: Ctrl, pos: number): void {
    if (c.kind === CtrlKind.Loop) this.patch(pos, c.loopPc);
    else {
      c.patches.push(pos);
      this.branchesTo(c);
    }
  }
  /** A forward branch to `c`'s end leaves with the locals set now. */
  private branchesTo(c: Ctrl): void {
    c.setAtBranches = meet(c.setAtBranches, this.setLocals);
  }

  /**
   * Emits a conditional branch on the top entry (popped): jumps to `target` when the condition
   * is true (`negate` false) or false (`negate` true). Fuses a preceding i32 compare. Returns
   * the code position of the target operand.
   */
  private emitCondJump(negate: boolean, beforeJump?: () => void): number {
    const t = this.h - 1;
    const fusible =
      this.lastCmpOp >= 0 && this.lastDstPos >= 0 && this.kind[t] === K_SLOT && this.loc[t] === this.slotOf(t) &&
      this.code.buf[this.lastDstPos] === this.slotOf(t);
    if (fusible) {
      const start = this.lastStart;
      const prev = this.prevStart;
      const op = this.lastCmpOp;
      const buf = this.code.buf;
      const a = buf[start + 2], b = buf[start + 3];
      // Remove the compare and its code map entry.
      this.code.pos = start;
      while (this.mapPcs.length > 0 && this.mapPcs[this.mapPcs.length - 1] >= start) {
        this.mapPcs.pop();
        this.mapOffsets.pop();
      }
      this.pop();
      beforeJump?.();
      const pair = CMP_BRANCH.get(op)!;
      const bop = negate ? pair[1] : pair[0];
      if (prev >= 0 && this.code.pos === start && this.fuseStepBranch(prev, start, bop, a, b)) return this.code.pos - 1;
      if (UNARY_BRANCH.has(bop)) {
        this.e3(bop, a, -1);
      } else {
        this.e4(bop, a, b, -1);
      }
      return this.code.pos - 1;
    }
    const s = this.src(t);
    this.pop();
    beforeJump?.();
    // `local.tee $n (i32.add ...const)` just emitted as the condition (a loop counter): one
    // BrIfAddImm does the add and the branch.
    const add = this.takeAddImm(this.lastStart, this.code.pos, (d) => d === s);
    if (add !== null) {
      this.eN(negate ? Op.BrUnlessAddImm : Op.BrIfAddImm, s, add[1], add[2], -1);
      return this.code.pos - 1;
    }
    this.e3(negate ? Op.BrUnless : Op.BrIf, s, -1);
    return this.code.pos - 1;
  }

  /**
   * When the last instruction is a Load32Shl into the top temporary (br_table's index), removes
   * it and returns its address operands (a k c offset) for a BrTableLoad32Shl; else null.
   */
  private takeLoad32Shl(): number[] | null {
    const st = this.lastStart;
    const t = this.h - 1;
    const buf = this.code.buf;
    if (st < 0 || this.lastDstPos !== st + 1 || buf[st] !== Op.Load32Shl || buf[st + 1] !== this.slotOf(t)) return null;
    if (this.kind[t] !== K_SLOT || this.loc[t] !== this.slotOf(t)) return null;
    const operands = [buf[st + 2], buf[st + 3], buf[st + 4], buf[st + 5]];
    this.dropFrom(st, true);
    return operands;
  }

  /**
   * The `d = x + c` that ends at `end` — an I32AddImm starting at `at`, or the second half of an
   * I32AddImm2 there, which splits back — when `wanted(d)`: removed, its [d, x, c] returned.
   */
  private takeAddImm(at: number, end: number, wanted: (d: number) => boolean): [number, number, number] | null {
    const buf = this.code.buf;
    if (at < 0) return null;
    if (buf[at] === Op.I32AddImm && at + 4 === end && wanted(buf[at + 1])) {
      const add: [number, number, number] = [buf[at + 1], buf[at + 2], buf[at + 3]];
      this.dropFrom(at);
      return add;
    }
    if (buf[at] === Op.I32AddImm2 && at + 7 === end && wanted(buf[at + 4])) {
      buf[at] = Op.I32AddImm;
      this.code.pos = at + 4;
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
  private fuseStepBranch(prev: number, start: number, bop: number, a: number, b: number): boolean {
    const buf = this.code.buf;
    const add = bop === Op.BrIfNe ? this.takeAddImm(prev, start, (d) => d === a || d === b) : null;
    if (add !== null) {
      const [d, x, c] = add;
      this.eN(Op.BrIfAddImmNe, d, x, c, d === a ? b : a, -1);
      return true;
    }
    if (bop === Op.BrIfI64LtU && buf[prev] === Op.I64Add && prev + 4 === start && buf[prev + 1] === a && b !== a) {
      const x = buf[prev + 2], y = buf[prev + 3];
      this.dropFrom(prev);
      this.eN(Op.BrIfI64AddLtU, a, x, y, b, -1);
      return true;
    }
    return false;
  }

  /** The return sequence: results (top, under `extra`) to slots 0.., then Return. */
  private emitReturn(extra = 0): void {
    const k = this.resultCats.length;
    const top = this.h - extra;
    // Sources inside the destination range (locals 0..k-1) must be saved first. This code may sit
    // on a conditional path (br_if, br_table stubs), so the saved locations are not kept.
    const savedKind = this.kind.slice();
    const savedLoc = this.loc.slice();
    for (let j = 0; j < k; j++) {
      const i = top - k + j;
      if ((this.kind[i] === K_SLOT || this.kind[i] === K_ADDR) && this.loc[i] < 2 * k && this.loc[i] !== 2 * j) this.materialize(i);
    }
    for (let j = 0; j < k; j++) this.moveTo(top - k + j, 2 * j);
    this.e2(Op.Return, this.hdr);
    this.kind = savedKind;
    this.loc = savedLoc;
  }

  private setUnreachable(): void {
    const c = this.ctrl[this.ctrl.length - 1];
    c.unreachable = true;
    // Drop the stack to the block base: everything after is dead until else/end.
    while (this.h > c.base) this.pop();
  }

  // ---------------------------------------------------------------- main loop

  compile(): void {
    const f = this.func;
    const code = this.code;
    const start = code.pos;
    // Prologue: the constant slots' ConstFill (room reserved now, written at the end), then
    // zero the declared locals and null the reference locals.
    const fillLen = this.constCap > 0 ? 3 + 3 * this.constCap : 0;
    if (fillLen > 0) {
      this.begin(fillLen);
      for (let k = 0; k < fillLen; k++) this.w(0);
    }
    const type = funcTypeOf(this.info, this.typeIdx);
    const np = type.params.length;
    if (this.numLocals > np) {
      this.e3(Op.ZeroRange, 2 * np, 2 * this.numLocals);
      let i = np;
      while (i < this.numLocals) {
        if (this.localCats[i] !== CREF) { i++; continue; }
        let j = i;
        while (j < this.numLocals && this.localCats[j] === CREF) j++;
        this.e3(Op.NullRefs, 2 * i, 2 * j);
        i = j;
      }
    }
    this.bodyPc = code.pos;
    this.setLocals = Uint8Array.from(this.localCats, (cat, i) => (i < np || cat === CREF ? 1 : 0));
    this.pushCtrl(CtrlKind.Func, [], this.resultCats);
    this.body();
    this.emitReturnStub();
    const end = code.pos;
    f.handlers = this.handlers;
    f.localsI32 = this.hdr;
    f.frameI32 = 2 * (FRAME_LAYOUT.HEADER_CELLS + this.maxH + 1);
    f.codeMap = new CodeMap(Int32Array.from(this.mapPcs), Int32Array.from(this.mapOffsets), start, end, this.bodyPc);
    if (this.debugMode) this.debugCodeMapTables(f.codeMap);
    f.entryPc = start;
    const zeroAt = start + fillLen;
    if (this.numLocals > np) this.narrowZeroing(zeroAt, np);
    if (fillLen > 0) {
      const buf = code.buf;
      buf[start] = Op.ConstFill;
      buf[start + 1] = this.constSlots.size;
      buf[start + 2] = fillLen;
      let q = start + 3;
      for (const [key, slot] of this.constSlots) {
        const comma = key.indexOf(',');
        buf[q] = slot;
        buf[q + 1] = Number(key.slice(comma + 1));
        buf[q + 2] = Number(key.slice(0, comma));
        q += 3;
      }
      // No constant needed a slot: calls skip the (empty) ConstFill.
      if (this.constSlots.size === 0) f.entryPc = start + fillLen;
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
    if (this.zeroEveryLocal || this.zeroAllLocals) return;
    let from = -1, to = -1;
    for (let i = np; i < this.numLocals; i++) {
      if (this.readBeforeSet[i] === 0) continue;
      if (from < 0) from = i;
      to = i + 1;
    }
    const buf = this.code.buf;
    buf[at + 1] = from < 0 ? 2 * np : 2 * from;
    buf[at + 2] = from < 0 ? 2 * np : 2 * to;
  }

  /** At a block's end: the locals set after it (on every path reaching it). */
  private endAssignments(c: Ctrl): void {
    let out = c.kind === CtrlKind.Loop ? null : c.setAtBranches; // a loop's branches go back to its start
    if (!c.unreachable) out = meet(out, this.setLocals);
    if (c.kind === CtrlKind.If) out = meet(out, c.setAtEntry); // no else: the condition's false path
    // Nothing reaches the end: what follows is dead code, where nothing is read.
    this.setLocals = out ?? this.setLocals.fill(1);
  }

  private body(): void {
    const r = this.r;
    let dead = 0; // nesting depth inside unreachable code
    while (this.ctrl.length > 0) {
      this.curOffset = r.pos;
      const c = this.ctrl[this.ctrl.length - 1];
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

  // ---------------------------------------------------------------- debug compile mode
  /** Debug mode: operand categories at the start of the current wasm instruction; per entry pc. */
  private stackBefore: number[] = [];
  private readonly debugStacks = new Map<number, number[]>();

  /** One wasm instruction in debug mode (see `debugMode`). */
  private debugInstr(): void {
    this.stackBefore = this.cat.slice(0, this.h);
    const pos = this.code.pos;
    const isLoop = this.r.bytes[this.r.pos] === 0x03;
    // Ticks at the body's start and at every loop header (after its label: each iteration passes
    // it) bound the time between Tick exits, where an async entry yields to the event loop. (A
    // body starting with a loop has the loop's: the loop's label must own the body's first entry.)
    if (pos === this.bodyPc && !isLoop) this.e1(Op.Tick);
    this.instr();
    if (this.ctrl.length === 0) return;
    this.materializeAll();
    if (isLoop) this.e1(Op.Tick);
    else if (this.code.pos === pos) this.e2(Op.Br, this.code.pos + 2); // a no-op of its own
    this.lastStart = -1;
    this.lastDstPos = -1;
    this.lastCmpOp = -1;
  }

  /** Debug mode: the CodeMap's per-entry operand heights and categories. */
  private debugCodeMapTables(map: CodeMap): void {
    const n = map.pcs.length;
    map.heights = new Int32Array(n);
    map.stackStarts = new Int32Array(n);
    const cats: number[] = [];
    for (let i = 0; i < n; i++) {
      const st = this.debugStacks.get(map.pcs[i]) ?? [];
      map.heights[i] = st.length;
      map.stackStarts[i] = cats.length;
      cats.push(...st);
    }
    map.stackCats = Uint8Array.from(cats);
  }

  private instr(): void {
    const r = this.r;
    const op = r.u8();
    switch (op) {
      case 0x00: // unreachable
        this.e1(Op.Unreachable);
        this.setUnreachable();
        return;
      case 0x01: // nop
        return;
      case 0x02: // block
      case 0x03: { // loop
        const [params, results] = this.blockSig(readBlockType(r));
        this.materializeLocals();
        for (let i = this.h - params.length; i < this.h; i++) this.materialize(i);
        const c = this.pushCtrl(op === 0x02 ? CtrlKind.Block : CtrlKind.Loop, params, results);
        if (op === 0x03) c.loopPc = this.label();
        return;
      }
      case 0x04: { // if
        const [params, results] = this.blockSig(readBlockType(r));
        const pos = this.emitCondJump(true, () => {
          this.materializeLocals();
          for (let i = this.h - params.length; i < this.h; i++) this.materialize(i);
        });
        const c = this.pushCtrl(CtrlKind.If, params, results);
        c.elsePatch = pos;
        return;
      }
      case 0x05: { // else
        const c = this.ctrl[this.ctrl.length - 1];
        if (!c.unreachable) {
          this.emitMoves(c);
          this.emitJump(c);
        }
        this.patch(c.elsePatch, this.label());
        c.elsePatch = -1;
        c.kind = CtrlKind.Else;
        // The then-branch's fallthrough reaches the end; the else-branch starts as the if did.
        if (!c.unreachable) this.branchesTo(c);
        this.setLocals = c.setAtEntry.slice();
        c.unreachable = false;
        while (this.h > c.base) this.pop();
        for (let j = 0; j < c.params.length; j++) this.pushSlot(c.params[j], this.slotOf(c.base + j));
        return;
      }
      case 0x0b: { // end
        const c = this.ctrl[this.ctrl.length - 1];
        if (c.kind === CtrlKind.Try || c.kind === CtrlKind.TryTable) this.handlers!.entries[c.entry].end = this.code.pos;
        if (c.kind === CtrlKind.Func) {
          if (!c.unreachable) this.emitReturn();
          this.ctrl.pop();
          return;
        }
        if (!c.unreachable) {
          for (let j = 0; j < c.results.length; j++) this.moveTo(this.h - c.results.length + j, this.slotOf(c.base + j));
        }
        this.ctrl.pop();
        this.endAssignments(c);
        if (c.patches.length > 0 || c.elsePatch >= 0 || c.hpatches.length > 0) {
          const here = this.label();
          for (const p of c.patches) this.patch(p, here);
          if (c.elsePatch >= 0) this.patch(c.elsePatch, here);
          for (const h of c.hpatches) h.target = here;
        }
        while (this.h > c.base) this.pop();
        for (let j = 0; j < c.results.length; j++) this.pushSlot(c.results[j], this.slotOf(c.base + j));
        return;
      }
      case 0x0c: { // br
        this.emitBranch(r.u32());
        this.setUnreachable();
        return;
      }
      case 0x0d: { // br_if
        const depth = r.u32();
        const c = this.ctrl[this.ctrl.length - 1 - depth];
        if (!this.needsMovesAfterPop(c)) {
          const pos = this.emitCondJump(false);
          this.condTarget(c, pos);
        } else {
          const skip = this.emitCondJump(true);
          this.emitBranch(depth);
          this.patch(skip, this.label());
        }
        return;
      }
      case 0x0e: { // br_table
        const n = r.u32();
        const depths: number[] = [];
        for (let i = 0; i <= n; i++) depths.push(r.u32());
        const load = this.takeLoad32Shl();
        const idx = this.src(this.h - 1);
        this.pop();
        if (load === null) this.begin(4 + n);
        else this.code.reserve(8 + n); // keeps the load's code-map entry: only the load can trap
        const tablePos = this.code.pos + 3;
        this.w(load === null ? Op.BrTable : Op.BrTableLoad32Shl); this.w(idx); this.w(n);
        for (let i = 0; i <= n; i++) this.w(-1);
        if (load !== null) for (const word of load) this.w(word);
        const stubs = new Map<number, number>();
        for (let i = 0; i <= n; i++) {
          const d = depths[i];
          const c = this.ctrl[this.ctrl.length - 1 - d];
          if (!this.needsMoves(c)) {
            this.condTarget(c, tablePos + i);
            continue;
          }
          let stub = stubs.get(d);
          if (stub === undefined) {
            stub = this.label();
            stubs.set(d, stub);
            this.emitBranch(d);
          }
          this.patch(tablePos + i, stub);
        }
        this.setUnreachable();
        return;
      }
      case 0x0f: // return
        this.emitReturn();
        this.setUnreachable();
        return;
      case 0x10: { // call
        const fi = r.u32();
        this.emitCall(Op.Call, funcTypeOf(this.info, funcTypeIndex(this.info, fi)), [this.inst.funcs[fi].addr]);
        return;
      }
      case 0x11: { // call_indirect
        const ti = r.u32();
        const tbl = r.u32();
        const idx = this.src(this.h - 1);
        this.pop();
        const is64 = this.inst.tables[tbl].is64 ? 1 : 0;
        this.emitCallIndirect(Op.CallIndirect, funcTypeOf(this.info, ti), tbl, this.inst.canonIds[ti], idx, is64);
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
        const idx = this.src(this.h - 1);
        this.pop();
        const is64 = this.inst.tables[tbl].is64 ? 1 : 0;
        this.emitReturnCall(Op.ReturnCallIndirect, funcTypeOf(this.info, ti), (argBase) => [
          tbl, this.inst.canonIds[ti], argBase, idx, is64,
        ]);
        return;
      }
      case 0x14: { // call_ref
        const ti = r.u32();
        const ref = this.src(this.h - 1);
        this.pop();
        const ft = funcTypeOf(this.info, ti);
        const argBase = this.prepareArgs(ft);
        this.e3(Op.CallRef, argBase, ref);
        this.finishCall(ft);
        return;
      }
      case 0x15: { // return_call_ref
        const ti = r.u32();
        const ref = this.src(this.h - 1);
        this.pop();
        this.emitReturnCall(Op.ReturnCallRef, funcTypeOf(this.info, ti), (argBase) => [argBase, ref]);
        return;
      }
      case 0x1a: // drop
        this.pop();
        return;
      case 0x1b: // select
      case 0x1c: { // select t
        if (op === 0x1c) {
          const n = r.u32();
          for (let i = 0; i < n; i++) readValType(r);
        }
        const t = this.h;
        const cond = this.src(t - 1);
        const b = this.src(t - 2);
        const a = this.src(t - 3);
        const cat = this.cat[t - 3];
        this.popN(3);
        const d = this.pushResult(cat);
        this.eN(cat === C32 ? Op.Select32 : cat === C64 ? Op.Select64 : Op.SelectRef, d, a, b, cond);
        // Select reads a/b after choosing: no retargeting (d may equal a or b as a local).
        return;
      }
      case 0x20: { // local.get
        const x = r.u32();
        if (this.setLocals[x] === 0) this.readBeforeSet[x] = 1;
        this.pushSlot(this.localCats[x], 2 * x);
        return;
      }
      case 0x21: // local.set
      case 0x22: { // local.tee
        const x = r.u32();
        this.setLocals[x] = 1;
        const s = 2 * x;
        const t = this.h - 1;
        const dstPos = this.lastDstPos;
        const canRetarget =
          dstPos >= 0 && this.kind[t] === K_SLOT && this.loc[t] === this.slotOf(t) && this.code.buf[dstPos] === this.slotOf(t) &&
          !this.readsBelow(s, t);
        if (canRetarget) {
          this.code.buf[dstPos] = s;
        } else {
          this.materializeReaders(s, t);
          this.moveTo(t, s);
        }
        this.lastDstPos = -1;
        this.lastCmpOp = -1;
        const cat = this.cat[t];
        this.pop();
        if (op === 0x22) this.pushSlot(cat, s);
        return;
      }
      case 0x23: { // global.get
        const g = this.inst.globals[r.u32()];
        const cat = categoryOf(g.type.valType);
        const d = this.pushResult(cat);
        this.e3(cat === C32 ? Op.GlobalGet32 : cat === C64 ? Op.GlobalGet64 : Op.GlobalGetRef, d, g.addr);
        this.setLastDst(this.code.pos - 2);
        return;
      }
      case 0x24: { // global.set
        const g = this.inst.globals[r.u32()];
        const cat = categoryOf(g.type.valType);
        const a = this.src(this.h - 1);
        this.pop();
        this.e3(cat === C32 ? Op.GlobalSet32 : cat === C64 ? Op.GlobalSet64 : Op.GlobalSetRef, g.addr, a);
        return;
      }
      case 0x25: { // table.get
        const tbl = r.u32();
        const a = this.src(this.h - 1);
        this.pop();
        const d = this.pushResult(CREF);
        this.e4(Op.TableGet, d, tbl, a);
        return;
      }
      case 0x26: { // table.set
        const tbl = r.u32();
        const v = this.src(this.h - 1);
        const a = this.src(this.h - 2);
        this.popN(2);
        this.e4(Op.TableSet, tbl, a, v);
        return;
      }
      case 0x3f: { // memory.size
        const m = r.u32();
        const d = this.pushResult(this.inst.memories[m].is64 ? C64 : C32);
        this.e3(Op.MemorySize, d, m);
        return;
      }
      case 0x40: { // memory.grow
        const m = r.u32();
        const a = this.src(this.h - 1);
        const cat = this.cat[this.h - 1];
        this.pop();
        const d = this.pushResult(cat);
        this.e4(Op.MemoryGrow, d, m, a);
        return;
      }
      case 0x41: // i32.const
        this.pushConst(C32, r.s32(), 0);
        return;
      case 0x42: { // i64.const
        const v = BigInt.asUintN(64, r.s64());
        this.pushConst(C64, Number(v & 0xffffffffn), Number(v >> 32n));
        return;
      }
      case 0x43: // f32.const
        this.pushConst(C32, r.u32Fixed(), 0);
        return;
      case 0x44: { // f64.const
        const lo = r.u32Fixed();
        this.pushConst(C64, lo, r.u32Fixed());
        return;
      }
      case 0xa7: // i32.wrap_i64: the low half
      case 0xbc: // i32.reinterpret_f32
      case 0xbe: // f32.reinterpret_i32
        this.cat[this.h - 1] = C32;
        return;
      case 0xbd: // i64.reinterpret_f64
      case 0xbf: // f64.reinterpret_i64
        return;
      case 0xd0: { // ref.null
        readHeapType(r);
        const d = this.pushResult(CREF);
        this.e2(Op.RefNull, d);
        return;
      }
      case 0xd1: { // ref.is_null
        const a = this.src(this.h - 1);
        this.pop();
        const d = this.pushResult(C32);
        this.e3(Op.RefIsNull, d, a);
        this.setLastDst(this.code.pos - 2);
        return;
      }
      case 0xd2: { // ref.func
        const fi = r.u32();
        const d = this.pushResult(CREF);
        this.e3(Op.RefFunc, d, this.inst.funcs[fi].addr);
        return;
      }
      case 0xd3: { // ref.eq
        const b = this.src(this.h - 1);
        const a = this.src(this.h - 2);
        this.popN(2);
        const d = this.pushResult(C32);
        this.e4(Op.RefEq, d, a, b);
        return;
      }
      case 0xd4: { // ref.as_non_null
        const a = this.src(this.h - 1);
        this.pop();
        const d = this.pushResult(CREF);
        this.e3(Op.RefAsNonNull, d, a);
        return;
      }
      case 0xd5: { // br_on_null
        const depth = r.u32();
        const c = this.ctrl[this.ctrl.length - 1 - depth];
        const ref = this.src(this.h - 1);
        if (!this.needsMoves(c, 1)) {
          this.e3(Op.BrIfNull, ref, -1);
          this.condTarget(c, this.code.pos - 1);
        } else {
          this.e3(Op.BrIfNonNull, ref, -1);
          const skip = this.code.pos - 1;
          this.emitBranch(depth, 1);
          this.patch(skip, this.label());
        }
        return;
      }
      case 0xd6: { // br_on_non_null
        const depth = r.u32();
        const c = this.ctrl[this.ctrl.length - 1 - depth];
        const ref = this.src(this.h - 1);
        if (!this.needsMoves(c)) {
          this.e3(Op.BrIfNonNull, ref, -1);
          this.condTarget(c, this.code.pos - 1);
        } else {
          this.e3(Op.BrIfNull, ref, -1);
          const skip = this.code.pos - 1;
          this.emitBranch(depth);
          this.patch(skip, this.label());
        }
        this.pop();
        return;
      }
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
    if (this.controlInstr(op)) return;
    throw new Error(`unsupported opcode 0x${op.toString(16)} at offset ${this.curOffset}`);
  }

  /** br_if moves check: the condition is still on top while deciding. */
  private needsMovesAfterPop(c: Ctrl): boolean {
    return this.needsMoves(c, 1);
  }

  /** Does any entry below height `below` read local slot `s`? */
  private readsBelow(s: number, below: number): boolean {
    for (let i = 0; i < below; i++) if ((this.kind[i] === K_SLOT || this.kind[i] === K_ADDR) && this.loc[i] === s) return true;
    return false;
  }

  private numeric(row: NumRow): void {
    const [op, arity, cat, immOp, comm] = row;
    const t = this.h - 1;
    if (arity === 1) {
      const a = this.src(t);
      this.pop();
      const d = this.pushResult(cat);
      this.e3(op, d, a);
      this.setLastDst(this.code.pos - 2);
      if (op === Op.I32Eqz || op === Op.I64Eqz) this.lastCmpOp = op;
      return;
    }
    const ck = cat === C64 && immOp >= 0 && this.cat[t] === C64 ? K_CONST64 : K_CONST32;
    if (immOp >= 0 && (this.kind[t] === ck || (comm && this.kind[t - 1] === ck))) {
      const constFirst = this.kind[t] !== ck;
      if (immOp === Op.I32AddImm && !constFirst && this.deferAdd(op === Op.I32Sub ? -this.cv0[t] | 0 : this.cv0[t])) return;
      const ai = constFirst ? t : t - 1;
      const a = this.src(ai);
      const ci = constFirst ? t - 1 : t;
      let lo = this.cv0[ci], hi = this.cv1[ci];
      if (op === Op.I32Sub) lo = -lo | 0;
      if (op === Op.I64Sub) {
        lo = (~lo + 1) | 0;
        hi = (~hi + (lo === 0 ? 1 : 0)) | 0;
      }
      this.popN(2);
      const d = this.pushResult(cat);
      if (ck === K_CONST64) {
        if (immOp === Op.I64ShlImm || immOp === Op.I64ShrSImm || immOp === Op.I64ShrUImm) lo &= 63;
        if (immOp === Op.I64MulImm && a === this.slotOf(ai) && this.fuseXorShiftMul(d, a, lo, hi)) return;
        this.eN(immOp, d, a, lo, hi);
        this.setLastDst(this.code.pos - 4);
      } else {
        if (immOp !== Op.I32AddImm || !this.pairWithLast(Op.I32AddImm, Op.I32AddImm2, d, a, lo)) this.e4(immOp, d, a, lo);
        this.setLastDst(this.code.pos - 3);
        if (CMP_BRANCH.has(immOp)) this.lastCmpOp = immOp;
      }
      return;
    }
    // (x + c) + y: add x and y, keep c pending as a K_ADDR on the result (folds into an address).
    let addend = 0;
    if (op === Op.I32Add) {
      for (const i of [t - 1, t]) {
        if (this.kind[i] !== K_ADDR) continue;
        addend = (addend + this.cv0[i]) | 0;
        this.kind[i] = K_SLOT;
      }
    }
    const b = this.src(t);
    const a = this.src(t - 1);
    this.popN(2);
    const d = this.pushResult(cat);
    if (op === Op.I64Xor && this.fuseXorShift(d, a, b, this.slotOf(t - 1), this.slotOf(t))) return;
    if (!((op === Op.F64Add || op === Op.F64Sub || op === Op.F64Mul || op === Op.I32Add || op === Op.I32Xor) &&
      this.fuseOperand(op, d, a, b, this.slotOf(t - 1), this.slotOf(t)))) {
      if (op !== Op.I32Add || !this.pairWithLast(Op.I32Add, Op.I32Add2, d, a, b)) this.e4(op, d, a, b);
      this.setLastDst(this.code.pos - 3);
      if (CMP_BRANCH.has(op)) this.lastCmpOp = op;
    }
    if (addend !== 0) {
      this.kind[t - 1] = K_ADDR;
      this.cv0[t - 1] = addend;
    }
  }

  /**
   * `x + c` (x below the constant on top): pushes a K_ADDR entry instead of emitting the add, when
   * x lives where it stays put while the entry exists. Returns false to emit normally.
   */
  private deferAdd(c: number): boolean {
    const x = this.h - 2;
    if (c === 0) {
      // x + 0 is x (clang emits it, e.g. fib's `return n + 0`): no instruction at all.
      this.pop();
      return true;
    }
    const k = this.kind[x];
    let loc: number;
    if (k === K_ADDR) {
      loc = this.loc[x];
      c = (this.cv0[x] + c) | 0;
    } else if (k === K_SLOT && (this.loc[x] < this.hdr || this.loc[x] === this.slotOf(x))) {
      loc = this.loc[x];
    } else {
      return false;
    }
    this.popN(2);
    this.pushSlot(C32, loc);
    this.kind[x] = K_ADDR;
    this.cv0[x] = c;
    // lastDstPos stays: a K_ADDR top never retargets or fuses as a compare, but a load may
    // still fuse the instruction that computed x (Load32Shl).
    return true;
  }

  /**
   * `i64.xor` of a value and a just-computed `i64.shl/shr_u` by a constant (xorshift PRNGs,
   * hash mixers): when the shift was the last instruction and wrote one of the two consumed
   * temporaries (slots `s0`, `s1`), replace both by one I64XorShlImm / I64XorShrUImm.
   */
  private fuseXorShift(d: number, a: number, b: number, s0: number, s1: number): boolean {
    const st = this.lastStart;
    if (st < 0 || this.lastDstPos !== st + 1) return false;
    const buf = this.code.buf;
    const sop = buf[st];
    if (sop !== Op.I64ShlImm && sop !== Op.I64ShrUImm) return false;
    const sd = buf[st + 1], src = buf[st + 2], k = buf[st + 3];
    if (k === 0 || (sd !== s0 && sd !== s1) || (sd !== a && sd !== b) || a === b) return false;
    const other = sd === a ? b : a;
    this.dropFrom(st);
    this.eN(sop === Op.I64ShlImm ? Op.I64XorShlImm : Op.I64XorShrUImm, d, other, src, k);
    this.setLastDst(this.code.pos - 4);
    return true;
  }

  /**
   * A second `single` (a 4-word `d a b` instruction) right after one becomes the `pair`
   * instruction, both in order, one dispatch: address and loop-counter arithmetic comes in runs.
   * Like begin(), it forgets the peephole state (the caller may mark the second's result).
   */
  private pairWithLast(single: Op, pair: Op, d: number, a: number, b: number): boolean {
    const st = this.lastStart;
    if (st < 0 || this.code.pos !== st + 4 || this.code.buf[st] !== single) return false;
    this.code.buf[st] = pair;
    this.code.reserve(3);
    this.w(d);
    this.w(a);
    this.w(b);
    this.lastDstPos = -1;
    this.lastCmpOp = -1;
    return true;
  }

  /**
   * `(b ^ (x >>> k)) * c`, the step of splitmix/murmur-style 64-bit mixers: when the last
   * instruction was that I64XorShrUImm into the multiply's consumed temporary `a`, one
   * I64XorShrUMulImm replaces both (it keeps the xor-shift's code-map entry: neither can trap).
   */
  private fuseXorShiftMul(d: number, a: number, lo: number, hi: number): boolean {
    const st = this.lastStart;
    const buf = this.code.buf;
    if (st < 0 || this.lastDstPos !== st + 1 || buf[st] !== Op.I64XorShrUImm || buf[st + 1] !== a) return false;
    const b = buf[st + 2], x = buf[st + 3], k = buf[st + 4];
    this.dropFrom(st, true);
    this.code.reserve(7);
    this.lastStart = this.code.pos;
    for (const word of [Op.I64XorShrUMulImm, d, b, x, k, lo, hi]) this.w(word);
    this.setLastDst(this.code.pos - 6);
    return true;
  }

  /**
   * Binary ops whose operand the last instruction computed into a consumed temporary (slot s0 or
   * s1) absorb it: f64 add/sub/mul of an f64.load (F64AddM ...: the load's offset stays the
   * instruction's, as only the load can trap) or of an f64.mul (F64MulAdd ...), i32.add of an
   * i32.shl by a constant (I32AddShl), i32.xor of a loaded byte and i32.add of a loaded word
   * (I32XorLoad8U, I32AddLoad32). Same arithmetic, same roundings, one dispatch.
   */
  private fuseOperand(op: number, d: number, a: number, b: number, s0: number, s1: number): boolean {
    const st = this.lastStart;
    if (st < 0 || this.lastDstPos !== st + 1) return false;
    const buf = this.code.buf;
    const prev = buf[st], sd = buf[st + 1];
    if ((sd !== s0 && sd !== s1) || (sd !== a && sd !== b) || a === b) return false;
    const x = sd === a ? b : a;
    const left = sd === a; // the absorbed value is the left operand (matters for sub)
    const p1 = buf[st + 2], p2 = buf[st + 3], p3 = buf[st + 4];
    if ((op === Op.I32Xor && prev === Op.Load8U) || (op === Op.I32Add && prev === Op.Load32)) {
      // x ^ byte, x + word: the load's code-map entry stays (only it can trap).
      this.dropFrom(st, true);
      this.code.reserve(6);
      this.lastStart = this.code.pos;
      for (const word of [op === Op.I32Xor ? Op.I32XorLoad8U : Op.I32AddLoad32, d, x, p1, p2, p3]) this.w(word);
      this.setLastDst(this.code.pos - 5);
      return true;
    }
    if (op === Op.I32Add) {
      if (prev !== Op.I32ShlImm) return false;
      this.dropFrom(st);
      this.eN(Op.I32AddShl, d, x, p1, p2);
      this.setLastDst(this.code.pos - 4);
      return true;
    }
    if (prev === Op.Load64) {
      const fused = op === Op.F64Add ? Op.F64AddM : op === Op.F64Mul ? Op.F64MulM : left ? Op.F64RSubM : Op.F64SubM;
      this.dropFrom(st, true);
      this.code.reserve(6);
      this.lastStart = this.code.pos;
      for (const word of [fused, d, x, p1, p2, p3]) this.w(word);
      this.setLastDst(this.code.pos - 5);
      return true;
    }
    if (prev === Op.F64MulM && op === Op.F64Add) {
      // y + x * m: the load's code-map entry stays (only it can trap).
      const p4 = buf[st + 5];
      this.dropFrom(st, true);
      this.code.reserve(7);
      this.lastStart = this.code.pos;
      for (const word of [Op.F64MulMAdd, d, x, p1, p2, p3, p4]) this.w(word);
      this.setLastDst(this.code.pos - 6);
      return true;
    }
    if (prev === Op.F64Mul) {
      const fused = op === Op.F64Add ? Op.F64MulAdd : op === Op.F64Mul ? Op.F64Mul3 : left ? Op.F64MulRSub : Op.F64MulSub;
      this.dropFrom(st);
      this.eN(fused, d, x, p1, p2);
      this.setLastDst(this.code.pos - 4);
      return true;
    }
    return false;
  }

  /**
   * An i32.load whose address the last instruction computed as `y << k` (plus a K_ADDR
   * constant): one Load32Shl (table lookups, `a[i]` on i32 arrays).
   */
  private fuseLoadShl(addrAt: number, folded: boolean, c: number, off: number): boolean {
    const st = this.lastStart;
    const s = this.slotOf(addrAt);
    const buf = this.code.buf;
    if (st < 0 || this.lastDstPos !== st + 1 || buf[st] !== Op.I32ShlImm || buf[st + 1] !== s) return false;
    if (this.kind[addrAt] !== (folded ? K_ADDR : K_SLOT) || this.loc[addrAt] !== s) return false;
    const y = buf[st + 2], k = buf[st + 3];
    this.dropFrom(st);
    this.pop();
    const d = this.pushResult(C32);
    this.eN(Op.Load32Shl, d, y, k, c, off);
    this.setLastDst(this.code.pos - 5);
    return true;
  }

  /**
   * Removes the code from `start` on (the last instruction, for a fusion) and its map entries
   * (`keepMap`: keeps them, so the fused instruction keeps the removed one's module offset).
   */
  private dropFrom(start: number, keepMap = false): void {
    this.code.pos = start;
    while (!keepMap && this.mapPcs.length > 0 && this.mapPcs[this.mapPcs.length - 1] >= start) {
      this.mapPcs.pop();
      this.mapOffsets.pop();
    }
    this.prevStart = -1;
    this.lastStart = -1;
    this.lastDstPos = -1;
    this.lastCmpOp = -1;
  }

  private memoryOp(op: number): void {
    const m = readMemArg(this.r, this.memArg);
    const mem = this.inst.memories[m.memIndex];
    const fast = m.memIndex === 0 && !mem.is64 && m.offset <= 0xffffffff;
    const offLo = m.offset % 4294967296;
    const offHi = Math.floor(m.offset / 4294967296);
    const load = LOAD_OF[op];
    const addrAt = load !== undefined ? this.h - 1 : this.h - 2;
    // Fold a preceding `i32.add (x, const)` into the access: address = (x + c) mod 2^32 + offset.
    let addr = -1;
    let addend = 0;
    if (fast && this.kind[addrAt] === K_ADDR) {
      addr = this.loc[addrAt];
      addend = this.cv0[addrAt];
    } else if (fast) {
      const start = this.lastStart;
      const buf = this.code.buf;
      if (
        start >= 0 && buf[start] === Op.I32AddImm && this.lastDstPos === start + 1 &&
        this.kind[addrAt] === K_SLOT && this.loc[addrAt] === this.slotOf(addrAt) && buf[start + 1] === this.slotOf(addrAt)
      ) {
        addr = buf[start + 2];
        addend = buf[start + 3];
        this.code.pos = start;
        while (this.mapPcs.length > 0 && this.mapPcs[this.mapPcs.length - 1] >= start) {
          this.mapPcs.pop();
          this.mapOffsets.pop();
        }
        this.prevStart = -1;
        this.lastStart = -1;
        this.lastDstPos = -1;
      }
    }
    if (load !== undefined) {
      if (fast && load[0] === Op.Load32 && this.fuseLoadShl(addrAt, addr >= 0, addend, offLo)) return;
      const a = addr >= 0 ? addr : this.src(this.h - 1);
      this.pop();
      const d = this.pushResult(load[1]);
      if (fast) {
        this.eN(load[0], d, a, addend, offLo);
        this.setLastDst(this.code.pos - 4);
      } else {
        this.eN(Op.LoadX, load[0], d, a, m.memIndex, offLo, offHi);
        this.setLastDst(this.code.pos - 5);
      }
      return;
    }
    const sop = STORE_OF[op]!;
    const a = addr >= 0 ? addr : this.src(this.h - 2);
    if (fast && this.fuseLoadStore(sop, a, addend, offLo)) return;
    if (fast && sop === Op.Store64 && this.fuseF64Store(a, addend, offLo)) return;
    const v = this.src(this.h - 1);
    this.popN(2);
    if (fast) this.eN(sop, a, v, addend, offLo);
    else this.eN(Op.StoreX, sop, a, v, m.memIndex, offLo, offHi);
  }

  /**
   * A store of a value that the last instruction loaded (same width, fast path) into the stored
   * temporary: both become one MemMove (memcpy/memmove loops). The value entry is popped here.
   */
  private fuseLoadStore(sop: number, a: number, c: number, off: number): boolean {
    const st = this.lastStart;
    const t = this.h - 1;
    if (st < 0 || this.lastDstPos !== st + 1 || this.kind[t] !== K_SLOT || this.loc[t] !== this.slotOf(t)) return false;
    const buf = this.code.buf;
    const width = LOAD_WIDTH.get(buf[st]);
    if (width === undefined || width !== STORE_WIDTH.get(sop) || buf[st + 1] !== this.slotOf(t)) return false;
    const sa = buf[st + 2], sc = buf[st + 3], soff = buf[st + 4];
    // The load's entry stays on the move; the store's goes to its site word (see Op.MemMove).
    this.dropFrom(st, true);
    this.popN(2);
    this.code.reserve(7);
    for (const word of [MOVE_OF_WIDTH[width], a, c, off, sa, sc, soff]) this.w(word);
    this.begin(1);
    this.w(Op.MemMoveStoreSite);
    this.lastStart = -1;
    return true;
  }

  /**
   * An f64.store of the value the last instruction computed into the stored temporary:
   * `p->f += x` / `p->f -= x` (F64AddM / F64RSubM from the very address stored to) become one
   * F64AddToMem / F64RSubToMem (the load's bounds check covers the store; the load's code-map
   * entry stays), and a plain f64 add/sub becomes F64AddStore / F64SubStore (mapped to the
   * store, the only part that can trap). The address and value entries are popped here.
   */
  private fuseF64Store(a: number, c: number, off: number): boolean {
    const st = this.lastStart;
    const t = this.h - 1;
    const v = this.slotOf(t);
    const buf = this.code.buf;
    if (st < 0 || this.lastDstPos !== st + 1 || buf[st + 1] !== v || this.kind[t] !== K_SLOT || this.loc[t] !== v) return false;
    const prev = buf[st];
    if ((prev === Op.F64AddM || prev === Op.F64RSubM) && buf[st + 3] === a && buf[st + 4] === c && buf[st + 5] === off) {
      buf[st] = prev === Op.F64AddM ? Op.F64AddToMem : Op.F64RSubToMem;
      this.popN(2);
      this.lastStart = -1;
      this.lastDstPos = -1;
      return true;
    }
    if (prev !== Op.F64Add && prev !== Op.F64Sub) return false;
    const x = buf[st + 2], y = buf[st + 3];
    this.dropFrom(st);
    this.popN(2);
    this.eN(prev === Op.F64Add ? Op.F64AddStore : Op.F64SubStore, a, c, off, x, y);
    return true;
  }

  private prefixFC(sub: number): void {
    const r = this.r;
    if (sub <= 7) {
      const a = this.src(this.h - 1);
      this.pop();
      const d = this.pushResult(sub < 4 ? C32 : C64);
      this.e3(TRUNC_SAT[sub], d, a);
      this.setLastDst(this.code.pos - 2);
      return;
    }
    switch (sub) {
      case 8: { // memory.init seg mem
        const seg = r.u32();
        const mem = r.u32();
        const [d, s, n] = this.pop3();
        this.eN(Op.MemoryInit, mem, seg, d, s, n);
        return;
      }
      case 9: // data.drop
        this.e2(Op.DataDrop, r.u32());
        return;
      case 10: { // memory.copy dst src
        const dm = r.u32();
        const sm = r.u32();
        const [d, s, n] = this.pop3();
        this.eN(Op.MemoryCopy, dm, sm, d, s, n);
        return;
      }
      case 11: { // memory.fill
        const mem = r.u32();
        const [d, v, n] = this.pop3();
        this.eN(Op.MemoryFill, mem, d, v, n);
        return;
      }
      case 12: { // table.init seg table
        const seg = r.u32();
        const tbl = r.u32();
        const [d, s, n] = this.pop3();
        this.eN(Op.TableInit, tbl, seg, d, s, n);
        return;
      }
      case 13: // elem.drop
        this.e2(Op.ElemDrop, r.u32());
        return;
      case 14: { // table.copy dst src
        const dt = r.u32();
        const st = r.u32();
        const [d, s, n] = this.pop3();
        this.eN(Op.TableCopy, dt, st, d, s, n);
        return;
      }
      case 15: { // table.grow
        const tbl = r.u32();
        const delta = this.src(this.h - 1);
        const init = this.src(this.h - 2);
        const cat = this.cat[this.h - 1];
        this.popN(2);
        const d = this.pushResult(cat);
        this.eN(Op.TableGrow, d, tbl, init, delta);
        return;
      }
      case 16: { // table.size
        const tbl = r.u32();
        const d = this.pushResult(this.inst.tables[tbl].is64 ? C64 : C32);
        this.e3(Op.TableSize, d, tbl);
        return;
      }
      case 17: { // table.fill
        const tbl = r.u32();
        const [i, v, n] = this.pop3();
        this.eN(Op.TableFill, tbl, i, v, n);
        return;
      }
    }
    throw new Error(`unsupported opcode 0xfc ${sub} at offset ${this.curOffset}`);
  }

  private pop3(): [number, number, number] {
    const c = this.src(this.h - 1);
    const b = this.src(this.h - 2);
    const a = this.src(this.h - 3);
    this.popN(3);
    return [a, b, c];
  }

  // ---------------------------------------------------------------- calls

  /** Materializes the arguments in place; returns their base slot. */
  private prepareArgs(ft: FuncType): number {
    const n = ft.params.length;
    for (let i = this.h - n; i < this.h; i++) this.materialize(i);
    return this.slotOf(this.h - n);
  }
  private finishCall(ft: FuncType): void {
    this.popN(ft.params.length);
    for (const t of ft.results) this.pushResult(categoryOf(t));
  }
  private emitCall(op: number, ft: FuncType, imms: number[]): void {
    const argBase = this.prepareArgs(ft);
    this.eN(op, ...imms, argBase);
    this.finishCall(ft);
  }
  private emitCallIndirect(op: number, ft: FuncType, tbl: number, canon: number, idx: number, is64: number): void {
    const argBase = this.prepareArgs(ft);
    this.eN(op, tbl, canon, argBase, idx, is64);
    this.finishCall(ft);
  }
  private emitReturnCall(op: number, ft: FuncType, imms: (argBase: number) => number[]): void {
    const argBase = this.prepareArgs(ft);
    this.eN(op, ...imms(argBase), 2 * ft.params.length, this.hdr);
    // Fallback for a host callee: it returns here like a call; then return its results.
    this.finishCall(ft);
    this.emitReturn();
    this.setUnreachable();
  }

  // ---------------------------------------------------------------- exceptions and stack switching
  // Handler tables: compile/handlerTables.ts; code layouts and semantics: exec/control.ts.

  /** Compiles the exception and stack-switching instructions; false for any other opcode. */
  private controlInstr(op: number): boolean {
    const r = this.r;
    switch (op) {
      case 0x1f: { // try_table bt catch* — clause labels count from OUTSIDE the try_table
        const [params, results] = this.blockSig(readBlockType(r));
        const n = r.u32();
        const clauses: HandlerClause[] = [];
        const clause = [0, 0, 0];
        for (let i = 0; i < n; i++) {
          readCatchClause(r, clause);
          const [kind, tag, depth] = clause;
          const all = kind === Catch.CatchAll || kind === Catch.CatchAllRef;
          const withRef = kind === Catch.CatchRef || kind === Catch.CatchAllRef;
          clauses.push(this.catchClause(all ? CATCH_ALL : tag, depth, all ? 0 : this.inst.tags[tag].type.params.length, withRef));
        }
        this.materializeLocals();
        for (let i = this.h - params.length; i < this.h; i++) this.materialize(i);
        const c = this.pushCtrl(CtrlKind.TryTable, params, results);
        this.openEntry(c);
        this.handlers!.entries[c.entry].clauses = clauses;
        return true;
      }
      case 0x06: { // try bt (legacy)
        const [params, results] = this.blockSig(readBlockType(r));
        this.materializeLocals();
        for (let i = this.h - params.length; i < this.h; i++) this.materialize(i);
        this.zeroAllLocals = true; // legacy catch bodies are entered from anywhere in the try
        this.openEntry(this.pushCtrl(CtrlKind.Try, params, results));
        return true;
      }
      case 0x07: // catch $x (legacy)
      case 0x19: { // catch_all (legacy)
        const tag = op === 0x07 ? r.u32() : CATCH_ALL;
        const c = this.ctrl[this.ctrl.length - 1];
        const entry = this.handlers!.entries[c.entry];
        if (c.kind === CtrlKind.Try) entry.end = this.code.pos;
        if (!c.unreachable) {
          this.emitMoves(c);
          this.emitJump(c);
        }
        // The catch body: a hidden exnref slot (for rethrow) at the block base, then the payload.
        const exnSlot = this.slotOf(c.base);
        entry.clauses.push({ tag, payloadDst: this.slotOf(c.base + 1), exnDst: exnSlot, target: this.label() });
        c.kind = CtrlKind.Catch;
        c.unreachable = false;
        c.exnSlot = exnSlot;
        c.handler = entry.parent;
        while (this.h > c.base) this.pop();
        this.pushSlot(CREF, exnSlot);
        if (tag !== CATCH_ALL) for (const t of this.inst.tags[tag].type.params) this.pushResult(categoryOf(t));
        return true;
      }
      case 0x18: { // delegate $l (legacy): ends the try; its exceptions go to the handler at label $l
        const depth = r.u32();
        const c = this.ctrl[this.ctrl.length - 1];
        const entry = this.handlers!.entries[c.entry];
        entry.end = this.code.pos;
        const target = this.ctrl[this.ctrl.length - 2 - depth];
        entry.parent = target.kind === CtrlKind.Func ? -1 : target.handler;
        c.kind = CtrlKind.Block;
        // Then exactly `end`.
        if (!c.unreachable) {
          for (let j = 0; j < c.results.length; j++) this.moveTo(this.h - c.results.length + j, this.slotOf(c.base + j));
        }
        this.ctrl.pop();
        if (c.patches.length > 0) {
          const here = this.label();
          for (const p of c.patches) this.patch(p, here);
        }
        while (this.h > c.base) this.pop();
        for (let j = 0; j < c.results.length; j++) this.pushSlot(c.results[j], this.slotOf(c.base + j));
        return true;
      }
      case 0x08: { // throw $x
        const x = r.u32();
        const ft = this.inst.tags[x].type;
        const argBase = this.prepareArgs(ft);
        this.e3(Op.Throw, x, argBase);
        this.popN(ft.params.length);
        this.setUnreachable();
        return true;
      }
      case 0x09: { // rethrow $l (legacy): the exception caught by that catch body
        const c = this.ctrl[this.ctrl.length - 1 - r.u32()];
        this.e2(Op.ThrowRef, c.exnSlot);
        this.setUnreachable();
        return true;
      }
      case 0x0a: { // throw_ref
        const a = this.src(this.h - 1);
        this.pop();
        this.e2(Op.ThrowRef, a);
        this.setUnreachable();
        return true;
      }
      case 0xe0: { // cont.new $ct
        r.u32();
        const a = this.src(this.h - 1);
        this.pop();
        const d = this.pushResult(CREF);
        this.e3(Op.ContNew, d, a);
        return true;
      }
      case 0xe1: { // cont.bind $ct $ct'
        const n = this.contFuncType(r.u32()).params.length - this.contFuncType(r.u32()).params.length;
        const [argBase, contSlot] = this.contOperands(n);
        this.popN(n + 1);
        const d = this.pushResult(CREF);
        this.eN(Op.ContBind, d, contSlot, argBase, n);
        return true;
      }
      case 0xe2: { // suspend $e: the values it is resumed with land where its arguments were
        const x = r.u32();
        const ft = this.inst.tags[x].type;
        const argBase = this.prepareArgs(ft);
        this.e3(Op.Suspend, x, argBase);
        this.finishCall(ft);
        return true;
      }
      case 0xe3: // resume $ct hdl*
      case 0xe4: { // resume_throw $ct $x hdl*
        const ft = this.contFuncType(r.u32());
        const x = op === 0xe4 ? r.u32() : -1;
        const handlers = this.readOnClauses();
        const n = op === 0xe4 ? this.inst.tags[x].type.params.length : ft.params.length;
        const [argBase, contSlot] = this.contOperands(n);
        this.emitResume(op === 0xe4 ? Op.ResumeThrow : Op.Resume, argBase, contSlot, op === 0xe4 ? x : n, ft.results.length, handlers);
        this.popN(n + 1);
        for (const t of ft.results) this.pushResult(categoryOf(t));
        return true;
      }
      case 0xe5: { // resume_throw_ref $ct hdl*
        const ft = this.contFuncType(r.u32());
        const handlers = this.readOnClauses();
        const [exnSlot, contSlot] = this.contOperands(1);
        this.emitResume(Op.ResumeThrowRef, exnSlot, contSlot, 0, ft.results.length, handlers);
        this.popN(2);
        for (const t of ft.results) this.pushResult(categoryOf(t));
        return true;
      }
      case 0xe6: { // switch $ct1 $e: [t1* (ref $ct1)] -> t2* where $ct1 = cont [t1* (ref $ct2)] -> ..., $ct2 = cont [t2*] -> ...
        const ft1 = this.contFuncType(r.u32());
        const tag = r.u32();
        const n = ft1.params.length - 1;
        const ft2 = this.contFuncType(typeIndexOfHeap(heapTypeOf(ft1.params[n])));
        const [argBase, contSlot] = this.contOperands(n);
        this.eN(Op.Switch, argBase, contSlot, n, tag);
        this.popN(n + 1);
        for (const t of ft2.params) this.pushResult(categoryOf(t));
        return true;
      }
    }
    return false;
  }

  /** The function type of continuation type `typeIndex` (module index space). */
  private contFuncType(typeIndex: number): FuncType {
    const c = this.info.types[typeIndex].composite;
    if (c.kind !== 'cont') throw new Error(`type ${typeIndex} is not a continuation type`);
    return funcTypeOf(this.info, c.funcTypeIndex);
  }

  /** `n` values under a contref on top: materializes the values; returns [their base slot, the contref's slot]. */
  private contOperands(n: number): [number, number] {
    const t = this.h - 1;
    const contSlot = this.src(t);
    for (let i = t - n; i < t; i++) this.materialize(i);
    return [this.slotOf(t - n), contSlot];
  }

  /** Starts the handler-table entry of a Try/TryTable block (protecting code from here). */
  private openEntry(c: Ctrl): void {
    this.handlers ??= new HandlerTable();
    c.entry = c.handler = this.handlers.open(this.label(), c.handler);
  }

  /** A catch clause for label `depth` (counted from the current control stack). */
  private catchClause(tag: number, depth: number, nPayload: number, withRef: boolean): HandlerClause {
    this.zeroAllLocals = true; // a handler is entered from anywhere in its try: not tracked
    const c = this.ctrl[this.ctrl.length - 1 - depth];
    const base = c.kind === CtrlKind.Func ? 0 : this.slotOf(c.base);
    const clause: HandlerClause = { tag, payloadDst: base, exnDst: withRef ? base + 2 * nPayload : -1, target: -1 };
    if (c.kind === CtrlKind.Func) this.stubClauses.push(clause);
    else if (c.kind === CtrlKind.Loop) clause.target = c.loopPc;
    else c.hpatches.push(clause);
    return clause;
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
    this.begin(6 + 4 * clauses.length);
    this.w(op); this.w(a); this.w(contSlot); this.w(imm); this.w(nResults); this.w(clauses.length);
    for (const [kind, tag, depth] of clauses) {
      this.w(kind); this.w(tag);
      if (kind !== 0) {
        this.w(-1); this.w(-1);
        continue;
      }
      const c = this.ctrl[this.ctrl.length - 1 - depth];
      this.w(c.kind === CtrlKind.Func ? 0 : this.slotOf(c.base));
      this.w(-1);
      const pos = this.code.pos - 1;
      if (c.kind === CtrlKind.Func) this.stubPatches.push(pos);
      else this.condTarget(c, pos);
    }
  }

  /** After the body: the `Return` that handlers targeting the function's own label continue at. */
  private emitReturnStub(): void {
    if (this.stubClauses.length === 0 && this.stubPatches.length === 0) return;
    const here = this.label();
    this.e2(Op.Return, this.hdr);
    for (const c of this.stubClauses) c.target = here;
    for (const p of this.stubPatches) this.patch(p, here);
  }
}

/** Locals set on both of two paths (null: a path that does not exist yet). */
function meet(a: Uint8Array | null, b: Uint8Array): Uint8Array {
  if (a === null) return b.slice();
  for (let i = 0; i < a.length; i++) a[i] &= b[i];
  return a;
}
