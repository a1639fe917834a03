/**
 * Function body (and constant expression) validation: the spec appendix's algorithm with an
 * operand stack and a control stack, decoding each instruction exactly once.
 *
 * Representation, chosen for speed on large modules (no allocation per instruction):
 *   - the operand stack is an Int32Array of ValTypes; BOT (0) is an unknown operand that the
 *     polymorphic stack after `unreachable`/`br`/`return`/`throw` produces;
 *   - control frames are parallel typed arrays (kind, height, unreachable flag, local-init
 *     height) plus two arrays holding references to the frame's param/result type lists, which
 *     are shared (function types' own arrays, or cached singletons), never copied;
 *   - non-defaultable locals' initialisation is a Uint8Array plus a stack of the locals set in
 *     the current block, unwound when the block (or an if's then-branch) ends, since
 *     initialisation is scoped to blocks.
 * Fixed-signature instructions (numeric, SIMD) are typed from the opcode table's signature
 * strings, compiled once into typed arrays; the `switch` only handles the rest.
 *
 * Errors are CompileErrors whose `reason` is the reference interpreter's message (the spec
 * suite compares by prefix; the type-mismatch texts reproduce its "instruction requires [..]
 * but stack has [..]" form) and whose full message names the function and byte offset.
 * Malformed instruction encodings (illegal opcodes, bad LEBs, missing `end`) are reported here
 * too, with the decoder's messages.
 */
import { CompileError } from '../errors.ts';
import type { ConstExpr, FuncType, FunctionBody } from '../syntax/moduleInfo.ts';
import type { ValType } from '../syntax/types.ts';
import {
  CONCRETE_BASE,
  F32,
  F64,
  HeapType,
  I32,
  I64,
  REF_BASE,
  V128,
  PACKED_I8,
  PACKED_I16,
  EXNREF,
  refType,
} from '../syntax/types.ts';
import { ByteReader } from '../binary/reader.ts';
import { BLOCK_EMPTY, readBlockType, readHeapType, readValType } from '../binary/typeReader.ts';
import { Imm, OPS, OPS_FC, OPS_FD, PREFIX_GC, PREFIX_MISC, PREFIX_SIMD, WasmOp, WasmOpFB, WasmOpFD, opcodeInfo } from '../binary/opcodes.ts';
import type { OpRow } from '../binary/opcodes.ts';
import {
  Catch,
  OnClause,
  illegalOpcode,
  newMemArg,
  readCatchClause,
  readMemArg,
  readOnClause,
  skipImmediates,
} from '../binary/immediates.ts';
import { BOT, BOT_HEAP, BOT_REF, isDefaultable, isNumOrVec, resultTypeName, typeName } from './subtyping.ts';
import type { Subtyping } from './subtyping.ts';
import type { ValidationContext } from './context.ts';
import { EMPTY_TYPES, contTypeAt, funcTypeAt } from './context.ts';

// ---- compiled signatures -------------------------------------------------------------------

/** Signature placeholder for the address type of the instruction's memory. */
const ADDR = -2;

interface SigTable {
  start: Int32Array; // -1: no fixed signature
  count: Uint8Array;
  out: Int32Array; // 0: no result
  /** A plain array, like the type lists of FuncTypes, so `popList` sees one array kind. */
  pool: number[];
}

function compileSigs(rows: Record<string, OpRow>, size: number, onlyNoImm: boolean): SigTable {
  const start = new Int32Array(size).fill(-1);
  const count = new Uint8Array(size);
  const out = new Int32Array(size);
  const pool: number[] = [];
  const letter = (c: string): number => {
    switch (c) {
      case 'i':
        return I32;
      case 'I':
        return I64;
      case 'f':
        return F32;
      case 'F':
        return F64;
      case 'v':
        return V128;
      case 'a':
        return ADDR;
    }
    throw new Error(`bad signature letter ${c}`);
  };
  for (const row of Object.values(rows)) {
    const [code, , imm, sig] = row;
    if (sig === null || (onlyNoImm && imm !== Imm.None)) continue;
    const [ins, outs] = sig.split('>');
    start[code] = pool.length;
    count[code] = ins.length;
    for (const c of ins) pool.push(letter(c));
    out[code] = outs.length ? letter(outs) : 0;
  }
  return { start, count, out, pool };
}

/** Every signature, for memory instructions and others that read immediates first. */
const SIG_SINGLE = compileSigs(OPS, 256, false);
const SIG_FC = compileSigs(OPS_FC, 32, false);
const SIG_FD = compileSigs(OPS_FD, 0x114, false);
/** Single-byte opcodes with a fixed signature and no immediates: the fast path. */
const FAST_SINGLE = compileSigs(OPS, 256, true);

// ---- control frame kinds ---------------------------------------------------------------------

// A block's kind is the opcode that opened it (the function and constant expressions have none).
const K_FUNC = 0;
const K_BLOCK = WasmOp.block;
const K_LOOP = WasmOp.loop;
const K_IF = WasmOp.if;
const K_ELSE = WasmOp.else;
const K_TRY = WasmOp.try;
const K_CATCH = WasmOp.catch;
const K_CATCH_ALL = WasmOp.catchAll;
const K_TRY_TABLE = WasmOp.tryTable;
const K_CONST = 0xfe;

const FUNCREF = refType(HeapType.Func, true);
const EXN_NONNULL = refType(HeapType.Exn, false);
const EQREF = refType(HeapType.Eq, true);
const ARRAYREF = refType(HeapType.Array, true);
const I31REF = refType(HeapType.I31, true);
const I31_NONNULL = refType(HeapType.I31, false);
const EXTERNREF = refType(HeapType.Extern, true);
const ANYREF = refType(HeapType.Any, true);

const TWO_32 = 0x1_0000_0000;

/** Opcodes allowed in constant expressions (single-byte, then 0xFB sub-opcodes). */
const CONST_SINGLE = new Uint8Array(256);
for (const name of ['i32Const', 'i64Const', 'f32Const', 'f64Const', 'i32Add', 'i32Sub', 'i32Mul', 'i64Add', 'i64Sub', 'i64Mul', 'refNull', 'refFunc', 'globalGet', 'end'] as const) {
  CONST_SINGLE[WasmOp[name]] = 1;
}
const CONST_GC = new Uint8Array(32);
for (const name of ['structNew', 'structNewDefault', 'arrayNew', 'arrayNewDefault', 'arrayNewFixed', 'anyConvertExtern', 'externConvertAny', 'refI31'] as const) {
  CONST_GC[WasmOpFB[name]] = 1;
}

export class FuncValidator {
  private readonly sub: Subtyping;
  private r: ByteReader;

  // Operand stack.
  private vals = new Int32Array(1024);
  private sp = 0;
  private maxSp = 0;

  // Control stack.
  private depth = 0;
  private fKind = new Uint8Array(64);
  private fHeight = new Int32Array(64);
  private fUnreach = new Uint8Array(64);
  private fInit = new Int32Array(64);
  private fParams: ArrayLike<number>[] = new Array(64);
  private fResults: ArrayLike<number>[] = new Array(64);

  // Locals.
  private locals = new Int32Array(64);
  private numLocals = 0;
  private localInit = new Uint8Array(64);
  private initStack = new Int32Array(64);
  private initSp = 0;

  // Per-function state.
  private funcIndex = -1;
  private results: ArrayLike<number> = EMPTY_TYPES;
  private instrStart = 0;
  /** In a constant expression: how many globals are visible (-1 outside constant expressions). */
  private constGlobals = -1;
  /**
   * Debuggers only (src/debug/operandTypes.ts), null otherwise: called before each instruction
   * with its offset and the operand stack's exact types (`vals[0..sp)`, bottom first; BOT in
   * unreachable code).
   */
  onInstr: ((offset: number, vals: Int32Array, sp: number) => void) | null = null;

  // Scratch.
  private readonly memArg = newMemArg();
  private readonly clause = new Int32Array(3);
  private labels = new Int32Array(64);
  private readonly one: number[] = [0];
  private readonly singletons = new Map<number, number[]>();
  private btParams: ArrayLike<number> = EMPTY_TYPES;
  private btResults: ArrayLike<number> = EMPTY_TYPES;

  constructor(private readonly ctx: ValidationContext) {
    this.sub = ctx.sub;
    this.r = new ByteReader(ctx.info.bytes);
  }

  // ---- errors ------------------------------------------------------------------------------

  private fail(reason: string, offset: number = this.instrStart): never {
    const err = new CompileError(reason, offset);
    if (this.funcIndex >= 0) {
      err.message = `${reason} (in function ${this.funcIndex}, at byte offset 0x${offset.toString(16)})`;
    } else {
      err.message = `${reason} (in constant expression, at byte offset 0x${offset.toString(16)})`;
    }
    throw err;
  }

  // ---- operand stack -------------------------------------------------------------------------

  private push(t: ValType): void {
    if (this.sp === this.vals.length) {
      const bigger = new Int32Array(this.vals.length * 2);
      bigger.set(this.vals);
      this.vals = bigger;
    }
    this.vals[this.sp++] = t;
    if (this.sp > this.maxSp) this.maxSp = this.sp;
  }

  private pushList(ts: ArrayLike<number>): void {
    for (let i = 0; i < ts.length; i++) this.push(ts[i]);
  }

  /** Pops any operand (BOT on a polymorphic stack). */
  private popAny(): ValType {
    const f = this.depth - 1;
    if (this.sp === this.fHeight[f]) {
      if (this.fUnreach[f]) return BOT;
      this.fail('type mismatch: instruction requires [any] but stack has []');
    }
    return this.vals[--this.sp];
  }

  /** Pops an operand that must match `t`; returns the actual type. */
  private pop(t: ValType): ValType {
    const f = this.depth - 1;
    if (this.sp > this.fHeight[f]) {
      const a = this.vals[this.sp - 1];
      if (a === t || this.sub.isSubtype(a, t)) {
        this.sp--;
        return a;
      }
    } else if (this.fUnreach[f]) return BOT;
    this.one[0] = t;
    return this.mismatch(this.one, 0, 1, 0);
  }

  /** Pops a reference operand (any heap type); returns it (BOT if unknown). */
  private popRef(): ValType {
    const t = this.popAny();
    if (t !== BOT && t < REF_BASE) {
      this.fail(`type mismatch: instruction requires reference type but stack has ${typeName(t)}`);
    }
    return t;
  }

  /**
   * Pops the operands `ts[start .. start+n)` (deepest first), with ADDR replaced by `addr`.
   */
  private popList(ts: ArrayLike<number>, start: number, n: number, addr: number): void {
    const f = this.depth - 1;
    const avail = this.sp - this.fHeight[f];
    const vals = this.vals;
    for (let k = 0; k < n; k++) {
      let e = ts[start + n - 1 - k];
      if (e === ADDR) e = addr;
      if (k < avail) {
        const a = vals[this.sp - 1 - k];
        if (a !== e && !this.sub.isSubtype(a, e)) this.mismatch(ts, start, n, addr);
      } else if (!this.fUnreach[f]) this.mismatch(ts, start, n, addr);
    }
    this.sp -= n < avail ? n : avail;
  }

  /** Checks that the top operands match `ts` without popping them (br_table). */
  private peekList(ts: ArrayLike<number>): void {
    const sp = this.sp;
    this.popList(ts, 0, ts.length, 0);
    this.sp = sp;
  }

  private mismatch(ts: ArrayLike<number>, start: number, n: number, addr: number): never {
    const expected: number[] = [];
    for (let i = 0; i < n; i++) expected.push(ts[start + i] === ADDR ? addr : ts[start + i]);
    const avail = this.sp - this.fHeight[this.depth - 1];
    const actual: number[] = [];
    for (let i = Math.max(0, avail - n); i < avail; i++) actual.push(this.vals[this.fHeight[this.depth - 1] + i]);
    return this.fail(
      `type mismatch: instruction requires ${resultTypeName(expected)} but stack has ${resultTypeName(actual)}`,
    );
  }

  // ---- control stack -------------------------------------------------------------------------

  private pushFrame(kind: number, params: ArrayLike<number>, results: ArrayLike<number>): void {
    const d = this.depth;
    if (d === this.fKind.length) this.growFrames();
    this.fKind[d] = kind;
    this.fHeight[d] = this.sp;
    this.fUnreach[d] = 0;
    this.fInit[d] = this.initSp;
    this.fParams[d] = params;
    this.fResults[d] = results;
    this.depth = d + 1;
    this.pushList(params);
  }

  private growFrames(): void {
    const n = this.fKind.length * 2;
    const grow8 = (a: Uint8Array) => {
      const b = new Uint8Array(n);
      b.set(a);
      return b;
    };
    const grow32 = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.fKind = grow8(this.fKind);
    this.fUnreach = grow8(this.fUnreach);
    this.fHeight = grow32(this.fHeight);
    this.fInit = grow32(this.fInit);
    this.fParams.length = n;
    this.fResults.length = n;
  }

  /** The end-of-block check: exactly the frame's results are on the stack. */
  private checkFrameEnd(): void {
    const f = this.depth - 1;
    const results = this.fResults[f];
    this.popList(results, 0, results.length, 0);
    if (this.sp !== this.fHeight[f]) {
      const rest: number[] = [];
      for (let i = this.fHeight[f]; i < this.sp; i++) rest.push(this.vals[i]);
      this.fail(`type mismatch: block requires ${resultTypeName(results)} but stack has ${resultTypeName(rest)}`);
    }
  }

  /** Resets the stack and local initialisation to the frame's entry (else, catch). */
  private resetFrame(): void {
    const f = this.depth - 1;
    this.sp = this.fHeight[f];
    this.fUnreach[f] = 0;
    this.unwindInits(this.fInit[f]);
  }

  private unwindInits(height: number): void {
    while (this.initSp > height) this.localInit[this.initStack[--this.initSp]] = 0;
  }

  private setUnreachable(): void {
    const f = this.depth - 1;
    this.sp = this.fHeight[f];
    this.fUnreach[f] = 1;
  }

  /** Frame index of label `l`, failing on unknown labels. */
  private labelFrame(l: number): number {
    if (l >= this.depth) this.fail(`unknown label ${l}`);
    return this.depth - 1 - l;
  }

  private labelTypes(frame: number): ArrayLike<number> {
    return this.fKind[frame] === K_LOOP ? this.fParams[frame] : this.fResults[frame];
  }

  private single(t: ValType): number[] {
    let a = this.singletons.get(t);
    if (a === undefined) {
      a = [t];
      this.singletons.set(t, a);
    }
    return a;
  }

  // ---- lookups ---------------------------------------------------------------------------------

  private checkValType(t: ValType): void {
    if (t >= REF_BASE) this.checkHeapType((t - REF_BASE) >> 1);
  }

  private checkHeapType(h: number): void {
    if (h >= CONCRETE_BASE && h - CONCRETE_BASE >= this.ctx.types.length) {
      this.fail(`unknown type ${h - CONCRETE_BASE}`);
    }
  }

  private funcType(x: number): FuncType {
    const types = this.ctx.types;
    if (x >= types.length) this.fail(`unknown type ${x}`);
    const ft = funcTypeAt(this.ctx, x);
    if (ft === undefined) this.fail(`non-function type ${x}`);
    return ft;
  }

  /** The function type of continuation type x. */
  private contFuncType(x: number): FuncType {
    if (x >= this.ctx.types.length) this.fail(`unknown type ${x}`);
    const ct = contTypeAt(this.ctx, x);
    if (ct === undefined) this.fail(`non-continuation type ${x}`);
    return this.funcType(ct.funcTypeIndex);
  }

  private structFields(x: number) {
    const types = this.ctx.types;
    if (x >= types.length) this.fail(`unknown type ${x}`);
    const c = types[x].composite;
    if (c.kind !== 'struct') this.fail(`non-structure type ${x}`);
    return c.fields;
  }

  private arrayField(x: number) {
    const types = this.ctx.types;
    if (x >= types.length) this.fail(`unknown type ${x}`);
    const c = types[x].composite;
    if (c.kind !== 'array') this.fail(`non-array type ${x}`);
    return c.field;
  }

  private funcTypeOfFunc(f: number): FuncType {
    if (f >= this.ctx.numFuncs) this.fail(`unknown function ${f}`);
    return this.funcType(this.ctx.funcTypes[f]);
  }

  private tagFuncType(x: number): FuncType {
    if (x >= this.ctx.numTags) this.fail(`unknown tag ${x}`);
    return this.funcType(this.ctx.tagTypes[x]);
  }

  private checkTable(x: number): void {
    if (x >= this.ctx.numTables) this.fail(`unknown table ${x}`);
  }

  private tableAddr(x: number): ValType {
    this.checkTable(x);
    return this.ctx.tableIs64[x] ? I64 : I32;
  }

  private memAddr(x: number): ValType {
    if (x >= this.ctx.numMemories) this.fail(`unknown memory ${x}`);
    return this.ctx.memIs64[x] ? I64 : I32;
  }

  private checkData(x: number): void {
    if (x >= this.ctx.numDatas) this.fail(`unknown data segment ${x}`);
    if (!this.ctx.hasDataCount) this.fail('data count section required');
  }

  private checkElem(x: number): void {
    if (x >= this.ctx.numElems) this.fail(`unknown elem segment ${x}`);
  }

  private global(x: number): void {
    const limit = this.constGlobals >= 0 ? this.constGlobals : this.ctx.numGlobals;
    if (x >= limit) this.fail(`unknown global ${x}`);
  }

  /** Resolves a block type into btParams/btResults. */
  private blockType(bt: number): void {
    if (bt === BLOCK_EMPTY) {
      this.btParams = EMPTY_TYPES;
      this.btResults = EMPTY_TYPES;
    } else if (bt >= 0) {
      this.checkValType(bt);
      this.btParams = EMPTY_TYPES;
      this.btResults = this.single(bt);
    } else {
      const ft = this.funcType(-1 - bt);
      this.btParams = ft.params;
      this.btResults = ft.results;
    }
  }

  private memOp(row: OpRow, sigs: SigTable, code: number): void {
    const m = readMemArg(this.r, this.memArg);
    const addr = this.memAddr(m.memIndex);
    if (m.align > (row[4] ?? 0)) this.fail('alignment must not be larger than natural');
    if (addr === I32 && m.offset >= TWO_32) this.fail('offset out of range');
    if (row[2] === Imm.MemArgLane) {
      const lane = this.r.u8();
      if (lane >= 16 >> (row[4] ?? 0)) this.fail('invalid lane index');
    }
    this.applySig(sigs, code, addr);
  }

  private applySig(sigs: SigTable, code: number, addr: number): void {
    this.popList(sigs.pool, sigs.start[code], sigs.count[code], addr);
    const out = sigs.out[code];
    if (out !== 0) this.push(out === ADDR ? addr : out);
  }

  private refFunc(x: number): void {
    if (x >= this.ctx.numFuncs) this.fail(`unknown function ${x}`);
    if (this.constGlobals >= 0) this.ctx.declaredFuncs[x] = 1;
    else if (!this.ctx.declaredFuncs[x]) this.fail(`undeclared function reference ${x}`);
    this.push(refType(CONCRETE_BASE + this.ctx.funcTypes[x], false));
  }

  private returnCallCheck(results: ArrayLike<number>): void {
    if (!this.sub.resultSubtype(results, this.results)) {
      this.fail(
        `type mismatch: current function requires result type ${resultTypeName(this.results)} but callee returns ${resultTypeName(results)}`,
      );
    }
  }

  // ---- entry points ----------------------------------------------------------------------------

  /** Validates one function body; records its maximum operand stack height. */
  validateFunction(funcIndex: number, body: FunctionBody): void {
    const ft = this.funcTypeOfFunc(funcIndex);
    this.funcIndex = funcIndex;
    this.constGlobals = -1;
    const nParams = ft.params.length;
    const n = nParams + body.locals.length;
    if (this.locals.length < n) {
      this.locals = new Int32Array(n * 2);
      this.localInit = new Uint8Array(n * 2);
      this.initStack = new Int32Array(n * 2);
    }
    for (let i = 0; i < nParams; i++) {
      this.locals[i] = ft.params[i];
      this.localInit[i] = 1;
    }
    for (let i = 0; i < body.locals.length; i++) {
      const t = body.locals[i];
      this.instrStart = body.entryOffset;
      this.checkValType(t);
      this.locals[nParams + i] = t;
      this.localInit[nParams + i] = isDefaultable(t) ? 1 : 0;
    }
    this.numLocals = n;
    this.initSp = 0;
    this.results = ft.results;
    this.sp = 0;
    this.maxSp = 0;
    this.depth = 0;
    this.pushFrame(K_FUNC, EMPTY_TYPES, ft.results);
    this.run(body.codeStart, body.codeEnd);
    if (this.r.pos !== body.codeEnd) this.fail('section size mismatch', body.entryOffset);
    body.maxStackHeight = this.maxSp;
  }

  /**
   * Validates a constant expression producing `type`; `visibleGlobals` is how many globals it
   * may read (global initialisers see only the imported and earlier globals). Functions it
   * references become declared (may be `ref.func`'d in bodies).
   */
  validateConstExpr(expr: ConstExpr, type: ValType, visibleGlobals: number): void {
    this.funcIndex = -1;
    this.constGlobals = visibleGlobals;
    // Constness first, like the reference interpreter (it checks every instruction before
    // typing the sequence).
    const r = this.r;
    r.pos = expr.start;
    while (r.pos < expr.end) {
      this.instrStart = r.pos;
      const op = r.u8();
      let ok = CONST_SINGLE[op] === 1;
      let imm: number = Imm.None;
      if (op === PREFIX_GC || op === PREFIX_MISC || op === PREFIX_SIMD) {
        const subOp = r.u32();
        const row = opcodeInfo(op, subOp);
        if (row === undefined) illegalOpcode(r, this.instrStart, op, subOp);
        ok = (op === PREFIX_GC && CONST_GC[subOp] === 1) || (op === PREFIX_SIMD && subOp === WasmOpFD.v128Const);
        imm = row[2];
      } else {
        const row = opcodeInfo(0, op);
        if (row === undefined) illegalOpcode(r, this.instrStart, 0, op);
        imm = row[2];
      }
      if (op === WasmOp.globalGet) {
        const x = r.u32();
        this.global(x);
        if (this.ctx.globalMutable[x]) this.fail('constant expression required');
        continue;
      }
      if (!ok) this.fail('constant expression required');
      skipImmediates(r, imm as never);
    }
    this.sp = 0;
    this.maxSp = 0;
    this.depth = 0;
    this.initSp = 0;
    this.numLocals = 0;
    this.results = this.single(type);
    this.pushFrame(K_CONST, EMPTY_TYPES, this.results);
    this.run(expr.start, expr.end);
    this.constGlobals = -1;
  }

  // ---- the instruction loop ----------------------------------------------------------------------

  private run(start: number, end: number): void {
    const r = this.r;
    const bytes = r.bytes;
    r.pos = start;
    const fastStart = FAST_SINGLE.start;
    // NB: reading is bounded by the module, not the body (like the reference decoder); the
    // caller checks that the final `end` sits at the body's declared end.
    void end;
    const onInstr = this.onInstr;
    while (this.depth > 0) {
      this.instrStart = r.pos;
      if (onInstr !== null) onInstr(r.pos, this.vals, this.sp);
      if (r.pos >= bytes.length) this.fail('unexpected end of section or function');
      const op = bytes[r.pos++];
      if (fastStart[op] >= 0) {
        this.applySig(FAST_SINGLE, op, 0);
        continue;
      }
      this.instr(op);
    }
  }

  private instr(op: number): void {
    const r = this.r;
    const ctx = this.ctx;
    switch (op) {
      case 0x00: // unreachable
        this.setUnreachable();
        return;
      case 0x01: // nop
        return;
      case 0x02: // block
      case 0x03: // loop
      case 0x06: { // try (legacy)
        this.blockType(readBlockType(r));
        const params = this.btParams;
        this.popList(params, 0, params.length, 0);
        this.pushFrame(op, params, this.btResults);
        return;
      }
      case 0x04: { // if
        this.blockType(readBlockType(r));
        const params = this.btParams;
        this.pop(I32);
        this.popList(params, 0, params.length, 0);
        this.pushFrame(K_IF, params, this.btResults);
        return;
      }
      case 0x05: { // else
        const f = this.depth - 1;
        if (this.fKind[f] !== K_IF) this.fail('END opcode expected');
        this.checkFrameEnd();
        this.resetFrame();
        this.fKind[f] = K_ELSE;
        this.pushList(this.fParams[f]);
        return;
      }
      case 0x07: { // catch (legacy)
        const f = this.depth - 1;
        const x = r.u32();
        if (this.fKind[f] !== K_TRY && this.fKind[f] !== K_CATCH) this.fail('END opcode expected');
        const ft = this.tagFuncType(x);
        this.checkFrameEnd();
        this.resetFrame();
        this.fKind[f] = K_CATCH;
        this.pushList(ft.params);
        return;
      }
      case 0x19: { // catch_all (legacy)
        const f = this.depth - 1;
        if (this.fKind[f] !== K_TRY && this.fKind[f] !== K_CATCH) this.fail('END opcode expected');
        this.checkFrameEnd();
        this.resetFrame();
        this.fKind[f] = K_CATCH_ALL;
        return;
      }
      case 0x18: { // delegate (legacy): ends a try
        const f = this.depth - 1;
        const l = r.u32();
        if (this.fKind[f] !== K_TRY) this.fail('misplaced DELEGATE opcode');
        this.checkFrameEnd();
        this.unwindInits(this.fInit[f]);
        const results = this.fResults[f];
        this.depth--;
        this.labelFrame(l);
        this.pushList(results);
        return;
      }
      case 0x08: { // throw
        const ft = this.tagFuncType(r.u32());
        if (ft.results.length !== 0) this.fail('non-empty tag result type');
        this.popList(ft.params, 0, ft.params.length, 0);
        this.setUnreachable();
        return;
      }
      case 0x09: { // rethrow (legacy)
        const f = this.labelFrame(r.u32());
        if (this.fKind[f] !== K_CATCH && this.fKind[f] !== K_CATCH_ALL) this.fail('invalid rethrow label');
        this.setUnreachable();
        return;
      }
      case 0x0a: // throw_ref
        this.pop(EXNREF);
        this.setUnreachable();
        return;
      case 0x0b: { // end
        const f = this.depth - 1;
        this.checkFrameEnd();
        if (this.fKind[f] === K_IF) {
          // An if without else: the implicit else branch must turn params into results.
          this.resetFrame();
          this.pushList(this.fParams[f]);
          this.checkFrameEnd();
        }
        this.unwindInits(this.fInit[f]);
        this.depth--;
        if (this.depth > 0) this.pushList(this.fResults[f]);
        return;
      }
      case 0x0c: { // br
        const ts = this.labelTypes(this.labelFrame(r.u32()));
        this.popList(ts, 0, ts.length, 0);
        this.setUnreachable();
        return;
      }
      case 0x0d: { // br_if
        const ts = this.labelTypes(this.labelFrame(r.u32()));
        this.pop(I32);
        this.popList(ts, 0, ts.length, 0);
        this.pushList(ts);
        return;
      }
      case 0x0e: { // br_table
        const n = r.len32();
        if (this.labels.length < n + 1) this.labels = new Int32Array(n + 1);
        for (let i = 0; i <= n; i++) this.labels[i] = r.u32();
        this.pop(I32);
        const def = this.labelTypes(this.labelFrame(this.labels[n]));
        const arity = def.length;
        for (let i = 0; i < n; i++) {
          const ts = this.labelTypes(this.labelFrame(this.labels[i]));
          if (ts.length !== arity) {
            this.fail(`type mismatch: br_table targets have different arities (${ts.length} vs ${arity})`);
          }
          this.peekList(ts);
        }
        this.popList(def, 0, arity, 0);
        this.setUnreachable();
        return;
      }
      case 0x0f: // return
        this.popList(this.results, 0, this.results.length, 0);
        this.setUnreachable();
        return;
      case 0x10: { // call
        const ft = this.funcTypeOfFunc(r.u32());
        this.popList(ft.params, 0, ft.params.length, 0);
        this.pushList(ft.results);
        return;
      }
      case 0x12: { // return_call
        const ft = this.funcTypeOfFunc(r.u32());
        this.returnCallCheck(ft.results);
        this.popList(ft.params, 0, ft.params.length, 0);
        this.setUnreachable();
        return;
      }
      case 0x11: // call_indirect
      case 0x13: { // return_call_indirect
        // call_indirect / return_call_indirect: typeidx, tableidx
        const y = r.u32();
        const x = r.u32();
        const addr = this.tableAddr(x);
        const ft = this.funcType(y);
        const et = ctx.tableTypes[x];
        if (!this.sub.isSubtype(et, FUNCREF)) {
          this.fail(`type mismatch: instruction requires table of function type but table has element type ${typeName(et)}`);
        }
        if (op === WasmOp.returnCallIndirect) this.returnCallCheck(ft.results);
        this.pop(addr);
        this.popList(ft.params, 0, ft.params.length, 0);
        if (op === WasmOp.returnCallIndirect) this.setUnreachable();
        else this.pushList(ft.results);
        return;
      }
      case 0x14: // call_ref
      case 0x15: { // return_call_ref
        const x = r.u32();
        const ft = this.funcType(x);
        if (op === WasmOp.returnCallRef) this.returnCallCheck(ft.results);
        this.pop(refType(CONCRETE_BASE + x, true));
        this.popList(ft.params, 0, ft.params.length, 0);
        if (op === WasmOp.returnCallRef) this.setUnreachable();
        else this.pushList(ft.results);
        return;
      }
      case 0x1a: // drop
        this.popAny();
        return;
      case 0x1b: { // select
        this.pop(I32);
        const t1 = this.popAny();
        const t2 = this.popAny();
        if ((t1 !== BOT && !isNumOrVec(t1)) || (t2 !== BOT && !isNumOrVec(t2))) {
          const t = t1 !== BOT && !isNumOrVec(t1) ? t1 : t2;
          this.fail(`type mismatch: instruction requires numeric or vector type but stack has ${typeName(t)}`);
        }
        if (t1 !== t2 && t1 !== BOT && t2 !== BOT) {
          this.fail(`type mismatch: instruction requires [${typeName(t1)} ${typeName(t1)} i32] but stack has [${typeName(t2)} ${typeName(t1)} i32]`);
        }
        this.push(t1 === BOT ? t2 : t1);
        return;
      }
      case 0x1c: { // select t*
        const n = r.len32();
        if (n !== 1) this.fail('invalid result arity other than 1 is not (yet) allowed');
        const t = readValType(r);
        this.checkValType(t);
        this.pop(I32);
        this.pop(t);
        this.pop(t);
        this.push(t);
        return;
      }
      case 0x1f: { // try_table
        this.blockType(readBlockType(r));
        const params = this.btParams;
        const results = this.btResults;
        const n = r.len32();
        for (let i = 0; i < n; i++) {
          const at = r.pos;
          readCatchClause(r, this.clause);
          this.instrStart = at;
          this.checkCatch(this.clause[0], this.clause[1], this.clause[2]);
        }
        this.popList(params, 0, params.length, 0);
        this.pushFrame(K_TRY_TABLE, params, results);
        return;
      }
      case 0x20: { // local.get
        const x = r.u32();
        if (x >= this.numLocals) this.fail(`unknown local ${x}`);
        if (!this.localInit[x]) this.fail('uninitialized local');
        this.push(this.locals[x]);
        return;
      }
      case 0x21: // local.set
      case 0x22: { // local.tee
        const x = r.u32();
        if (x >= this.numLocals) this.fail(`unknown local ${x}`);
        const t = this.locals[x];
        this.pop(t);
        if (!this.localInit[x]) {
          this.localInit[x] = 1;
          this.initStack[this.initSp++] = x;
        }
        if (op === WasmOp.localTee) this.push(t);
        return;
      }
      case 0x23: { // global.get
        const x = r.u32();
        this.global(x);
        this.push(ctx.globalTypes[x]);
        return;
      }
      case 0x24: { // global.set
        const x = r.u32();
        this.global(x);
        if (!ctx.globalMutable[x]) this.fail('immutable global');
        this.pop(ctx.globalTypes[x]);
        return;
      }
      case 0x25: { // table.get
        const x = r.u32();
        const addr = this.tableAddr(x);
        this.pop(addr);
        this.push(ctx.tableTypes[x]);
        return;
      }
      case 0x26: { // table.set
        const x = r.u32();
        const addr = this.tableAddr(x);
        this.pop(ctx.tableTypes[x]);
        this.pop(addr);
        return;
      }
      case 0x3f: // memory.size
      case 0x40: { // memory.grow
        const addr = this.memAddr(r.u32());
        this.applySig(SIG_SINGLE, op, addr);
        return;
      }
      case 0x41: // i32.const
        r.s32();
        this.push(I32);
        return;
      case 0x42: // i64.const
        r.skipS64();
        this.push(I64);
        return;
      case 0x43: // f32.const
        r.skip(4);
        this.push(F32);
        return;
      case 0x44: // f64.const
        r.skip(8);
        this.push(F64);
        return;
      case 0xd0: { // ref.null
        const h = readHeapType(r);
        this.checkHeapType(h);
        this.push(refType(h, true));
        return;
      }
      case 0xd1: // ref.is_null
        this.popRef();
        this.push(I32);
        return;
      case 0xd2: // ref.func
        this.refFunc(r.u32());
        return;
      case 0xd3: // ref.eq
        this.pop(EQREF);
        this.pop(EQREF);
        this.push(I32);
        return;
      case 0xd4: { // ref.as_non_null
        const t = this.popRef();
        this.push(t === BOT ? BOT_REF : t & ~1);
        return;
      }
      case 0xd5: { // br_on_null
        const ts = this.labelTypes(this.labelFrame(r.u32()));
        const t = this.popRef();
        this.popList(ts, 0, ts.length, 0);
        this.pushList(ts);
        this.push(t === BOT ? BOT_REF : t & ~1);
        return;
      }
      case 0xd6: { // br_on_non_null
        const l = r.u32();
        const ts = this.labelTypes(this.labelFrame(l));
        const t = this.popRef();
        const nonNull = t === BOT ? BOT_REF : t & ~1;
        if (ts.length === 0 || !this.sub.isSubtype(nonNull, ts[ts.length - 1])) {
          this.fail(`type mismatch: instruction requires type ${typeName(nonNull)} but label has ${resultTypeName(ts)}`);
        }
        this.popList(ts, 0, ts.length - 1, 0);
        for (let i = 0; i < ts.length - 1; i++) this.push(ts[i]);
        return;
      }
      case 0xe0: // cont.new
      case 0xe1: // cont.bind
      case 0xe2: // suspend
      case 0xe3: // resume
      case 0xe4: // resume_throw
      case 0xe5: // resume_throw_ref
      case 0xe6: // switch
        this.stackSwitching(op);
        return;
      case PREFIX_GC:
        this.gc(r.u32());
        return;
      case PREFIX_MISC:
        this.misc(r.u32());
        return;
      case PREFIX_SIMD:
        this.simd(r.u32());
        return;
    }
    const row = OPS_ROWS[op];
    if (row !== undefined && row[2] === Imm.MemArg) {
      this.memOp(row, SIG_SINGLE, op);
      return;
    }
    illegalOpcode(r, this.instrStart, 0, op);
  }

  private checkCatch(kind: number, tag: number, label: number): void {
    let expected: ArrayLike<number>;
    switch (kind) {
      case Catch.Catch:
        expected = this.tagFuncType(tag).params;
        break;
      case Catch.CatchRef: {
        const ps = this.tagFuncType(tag).params;
        const a = new Array<number>(ps.length + 1);
        for (let i = 0; i < ps.length; i++) a[i] = ps[i];
        a[ps.length] = EXN_NONNULL;
        expected = a;
        break;
      }
      case Catch.CatchAll:
        expected = EMPTY_TYPES;
        break;
      default:
        expected = this.single(EXN_NONNULL);
    }
    const ts = this.labelTypes(this.labelFrame(label));
    if (!this.sub.resultSubtype(expected, ts)) {
      this.fail(`type mismatch: catch handler requires ${resultTypeName(ts)} but label has ${resultTypeName(expected)}`);
    }
  }

  // ---- stack switching ---------------------------------------------------------------------------

  private checkResumeTable(results: ArrayLike<number>): void {
    const r = this.r;
    const n = r.len32();
    for (let i = 0; i < n; i++) {
      readOnClause(r, this.clause);
      const tagFt = this.tagFuncType(this.clause[1]);
      if (this.clause[0] === OnClause.Switch) {
        if (tagFt.params.length !== 0) this.fail('type mismatch tag type');
        continue;
      }
      const ts = this.labelTypes(this.labelFrame(this.clause[2]));
      const last = ts.length > 0 ? ts[ts.length - 1] : 0;
      const heap = last >= REF_BASE ? (last - REF_BASE) >> 1 : -1;
      if (heap < CONCRETE_BASE) {
        this.fail(
          `type mismatch: instruction requires concrete continuation reference type but label has ${resultTypeName(ts)}`,
        );
      }
      const ft = this.contFuncType(heap - CONCRETE_BASE);
      // The continuation receives the tag's results and returns the resume's results.
      if (!this.sub.resultSubtype(ft.params, tagFt.results) || !this.sub.resultSubtype(results, ft.results)) {
        this.fail('type mismatch in continuation type');
      }
      // The label receives the tag's params followed by the continuation.
      if (ts.length !== tagFt.params.length + 1) this.fail('type mismatch: handler label arity');
      for (let k = 0; k < tagFt.params.length; k++) {
        if (!this.sub.isSubtype(tagFt.params[k], ts[k])) this.fail('type mismatch: handler label type');
      }
    }
  }

  private stackSwitching(op: number): void {
    const r = this.r;
    switch (op) {
      case 0xe0: { // cont.new $ct: [(ref null $ft)] -> [(ref $ct)]
        const x = r.u32();
        this.contFuncType(x);
        const ct = contTypeAt(this.ctx, x)!;
        this.pop(refType(CONCRETE_BASE + ct.funcTypeIndex, true));
        this.push(refType(CONCRETE_BASE + x, false));
        return;
      }
      case 0xe1: { // cont.bind $ct $ct'
        const x = r.u32();
        const y = r.u32();
        const ft = this.contFuncType(x);
        const ft2 = this.contFuncType(y);
        const n1 = ft.params.length;
        const n2 = ft2.params.length;
        if (n1 < n2) this.fail('type mismatch in continuation arguments');
        // [t12* -> t2*] must match ft2.
        const rest = Array.prototype.slice.call(ft.params, n1 - n2) as number[];
        if (!this.sub.resultSubtype(ft2.params, rest) || !this.sub.resultSubtype(ft.results, ft2.results)) {
          this.fail('type mismatch in continuation types');
        }
        this.pop(refType(CONCRETE_BASE + x, true));
        this.popList(ft.params, 0, n1 - n2, 0);
        this.push(refType(CONCRETE_BASE + y, false));
        return;
      }
      case 0xe2: { // suspend $e
        const ft = this.tagFuncType(r.u32());
        this.popList(ft.params, 0, ft.params.length, 0);
        this.pushList(ft.results);
        return;
      }
      case 0xe3: { // resume $ct hdl*
        const x = r.u32();
        const ft = this.contFuncType(x);
        this.checkResumeTable(ft.results);
        this.pop(refType(CONCRETE_BASE + x, true));
        this.popList(ft.params, 0, ft.params.length, 0);
        this.pushList(ft.results);
        return;
      }
      case 0xe4: { // resume_throw $ct $e hdl*
        const x = r.u32();
        const ft = this.contFuncType(x);
        const tagFt = this.tagFuncType(r.u32());
        if (tagFt.results.length !== 0) this.fail('non-empty tag result type');
        this.checkResumeTable(ft.results);
        this.pop(refType(CONCRETE_BASE + x, true));
        this.popList(tagFt.params, 0, tagFt.params.length, 0);
        this.pushList(ft.results);
        return;
      }
      case 0xe5: { // resume_throw_ref $ct hdl*
        const x = r.u32();
        const ft = this.contFuncType(x);
        this.checkResumeTable(ft.results);
        this.pop(refType(CONCRETE_BASE + x, true));
        this.pop(EXNREF);
        this.pushList(ft.results);
        return;
      }
      case 0xe6: { // switch $ct1 $e
        const x = r.u32();
        const y = r.u32();
        const ft1 = this.contFuncType(x);
        const n = ft1.params.length;
        const last = n > 0 ? ft1.params[n - 1] : 0;
        const heap = last >= REF_BASE ? (last - REF_BASE) >> 1 : -1;
        if (heap < CONCRETE_BASE) {
          this.fail(
            `type mismatch: instruction requires continuation reference type but the type annotation has ${resultTypeName(ft1.params)}`,
          );
        }
        const ft2 = this.contFuncType(heap - CONCRETE_BASE);
        const tagFt = this.tagFuncType(y);
        if (tagFt.params.length !== 0) this.fail('type mismatch in switch tag');
        if (!this.sub.resultSubtype(ft1.results, tagFt.results) || !this.sub.resultSubtype(tagFt.results, ft2.results)) {
          this.fail('type mismatch in continuation types');
        }
        this.pop(refType(CONCRETE_BASE + x, true));
        this.popList(ft1.params, 0, n - 1, 0);
        this.pushList(ft2.params);
        return;
      }
    }
  }

  // ---- 0xFC: saturating truncation, bulk memory, tables ------------------------------------------

  private misc(code: number): void {
    const r = this.r;
    const ctx = this.ctx;
    if (code <= 7) {
      this.applySig(SIG_FC, code, 0);
      return;
    }
    switch (code) {
      case 0x08: { // memory.init data mem
        const y = r.u32();
        const x = r.u32();
        const addr = this.memAddr(x);
        this.checkData(y);
        this.pop(I32);
        this.pop(I32);
        this.pop(addr);
        return;
      }
      case 0x09: // data.drop
        this.checkData(r.u32());
        return;
      case 0x0a: { // memory.copy dst src
        const a1 = this.memAddr(r.u32());
        const a2 = this.memAddr(r.u32());
        this.pop(a1 === I64 && a2 === I64 ? I64 : I32);
        this.pop(a2);
        this.pop(a1);
        return;
      }
      case 0x0b: // memory.fill
        this.applySig(SIG_FC, code, this.memAddr(r.u32()));
        return;
      case 0x0c: { // table.init elem table
        const y = r.u32();
        const x = r.u32();
        const addr = this.tableAddr(x);
        this.checkElem(y);
        if (!this.sub.isSubtype(ctx.elemTypes[y], ctx.tableTypes[x])) {
          this.fail(
            `type mismatch: element segment's type ${typeName(ctx.elemTypes[y])} does not match table's element type ${typeName(ctx.tableTypes[x])}`,
          );
        }
        this.pop(I32);
        this.pop(I32);
        this.pop(addr);
        return;
      }
      case 0x0d: // elem.drop
        this.checkElem(r.u32());
        return;
      case 0x0e: { // table.copy dst src
        const x = r.u32();
        const y = r.u32();
        const a1 = this.tableAddr(x);
        const a2 = this.tableAddr(y);
        if (!this.sub.isSubtype(ctx.tableTypes[y], ctx.tableTypes[x])) {
          this.fail(
            `type mismatch: source element type ${typeName(ctx.tableTypes[y])} does not match destination element type ${typeName(ctx.tableTypes[x])}`,
          );
        }
        this.pop(a1 === I64 && a2 === I64 ? I64 : I32);
        this.pop(a2);
        this.pop(a1);
        return;
      }
      case 0x0f: { // table.grow
        const x = r.u32();
        const addr = this.tableAddr(x);
        this.pop(addr);
        this.pop(ctx.tableTypes[x]);
        this.push(addr);
        return;
      }
      case 0x10: // table.size
        this.push(this.tableAddr(r.u32()));
        return;
      case 0x11: { // table.fill
        const x = r.u32();
        const addr = this.tableAddr(x);
        this.pop(addr);
        this.pop(ctx.tableTypes[x]);
        this.pop(addr);
        return;
      }
    }
    illegalOpcode(r, this.instrStart, PREFIX_MISC, code);
  }

  // ---- 0xFD: SIMD ----------------------------------------------------------------------------------

  private simd(code: number): void {
    const r = this.r;
    const row = code < OPS_FD_ROWS.length ? OPS_FD_ROWS[code] : undefined;
    if (row === undefined) illegalOpcode(r, this.instrStart, PREFIX_SIMD, code);
    switch (row[2]) {
      case Imm.None:
        break;
      case Imm.MemArg:
      case Imm.MemArgLane:
        this.memOp(row, SIG_FD, code);
        return;
      case Imm.V128:
        r.skip(16);
        break;
      case Imm.Shuffle:
        for (let i = 0; i < 16; i++) if (r.u8() >= 32) this.fail('invalid lane index');
        break;
      case Imm.Lane:
        if (r.u8() >= (row[4] ?? 0)) this.fail('invalid lane index');
        break;
    }
    this.applySig(SIG_FD, code, 0);
  }

  // ---- 0xFB: GC -------------------------------------------------------------------------------------

  private unpacked(storage: number): ValType {
    return storage === PACKED_I8 || storage === PACKED_I16 ? I32 : storage;
  }

  private gc(code: number): void {
    const r = this.r;
    const ctx = this.ctx;
    switch (code) {
      case 0x00: // struct.new
      case 0x01: { // struct.new_default
        const x = r.u32();
        const fields = this.structFields(x);
        if (code === WasmOpFB.structNew) {
          for (let i = fields.length - 1; i >= 0; i--) this.pop(this.unpacked(fields[i].storage));
        } else {
          for (const f of fields) if (!isDefaultable(this.unpacked(f.storage))) this.fail('field type is not defaultable');
        }
        this.push(refType(CONCRETE_BASE + x, false));
        return;
      }
      case 0x02: // struct.get
      case 0x03: // struct.get_s
      case 0x04: // struct.get_u
      case 0x05: { // struct.set
        const x = r.u32();
        const y = r.u32();
        const fields = this.structFields(x);
        if (y >= fields.length) this.fail(`unknown field ${y}`);
        const f = fields[y];
        const t = this.unpacked(f.storage);
        const packed = f.storage === PACKED_I8 || f.storage === PACKED_I16;
        if (code === WasmOpFB.structSet) {
          if (!f.mutable) this.fail('immutable field');
          this.pop(t);
          this.pop(refType(CONCRETE_BASE + x, true));
          return;
        }
        if ((code !== WasmOpFB.structGet) !== packed) this.fail(code === WasmOpFB.structGet ? 'field is packed' : 'field is unpacked');
        this.pop(refType(CONCRETE_BASE + x, true));
        this.push(t);
        return;
      }
      case 0x06: // array.new
      case 0x07: { // array.new_default
        const x = r.u32();
        const t = this.unpacked(this.arrayField(x).storage);
        if (code === WasmOpFB.arrayNewDefault && !isDefaultable(t)) this.fail('array type is not defaultable');
        this.pop(I32);
        if (code === WasmOpFB.arrayNew) this.pop(t);
        this.push(refType(CONCRETE_BASE + x, false));
        return;
      }
      case 0x08: { // array.new_fixed
        const x = r.u32();
        const n = r.u32();
        const t = this.unpacked(this.arrayField(x).storage);
        for (let i = 0; i < n; i++) this.pop(t);
        this.push(refType(CONCRETE_BASE + x, false));
        return;
      }
      case 0x09: { // array.new_data
        const x = r.u32();
        const y = r.u32();
        const t = this.unpacked(this.arrayField(x).storage);
        this.checkData(y);
        if (!isNumOrVec(t)) this.fail('array type is not numeric or vector');
        this.pop(I32);
        this.pop(I32);
        this.push(refType(CONCRETE_BASE + x, false));
        return;
      }
      case 0x0a: { // array.new_elem
        const x = r.u32();
        const y = r.u32();
        const t = this.unpacked(this.arrayField(x).storage);
        this.checkElem(y);
        if (!this.sub.isSubtype(ctx.elemTypes[y], t)) {
          this.fail(`type mismatch: element segment's type ${typeName(ctx.elemTypes[y])} does not match array's field type ${typeName(t)}`);
        }
        this.pop(I32);
        this.pop(I32);
        this.push(refType(CONCRETE_BASE + x, false));
        return;
      }
      case 0x0b: // array.get
      case 0x0c: // array.get_s
      case 0x0d: { // array.get_u
        const x = r.u32();
        const f = this.arrayField(x);
        const packed = f.storage === PACKED_I8 || f.storage === PACKED_I16;
        if ((code !== WasmOpFB.arrayGet) !== packed) this.fail(code === WasmOpFB.arrayGet ? 'array is packed' : 'array is unpacked');
        this.pop(I32);
        this.pop(refType(CONCRETE_BASE + x, true));
        this.push(this.unpacked(f.storage));
        return;
      }
      case 0x0e: { // array.set
        const x = r.u32();
        const f = this.arrayField(x);
        if (!f.mutable) this.fail('immutable array');
        this.pop(this.unpacked(f.storage));
        this.pop(I32);
        this.pop(refType(CONCRETE_BASE + x, true));
        return;
      }
      case 0x0f: // array.len
        this.pop(ARRAYREF);
        this.push(I32);
        return;
      case 0x10: { // array.fill
        const x = r.u32();
        const f = this.arrayField(x);
        if (!f.mutable) this.fail('immutable array');
        this.pop(I32);
        this.pop(this.unpacked(f.storage));
        this.pop(I32);
        this.pop(refType(CONCRETE_BASE + x, true));
        return;
      }
      case 0x11: { // array.copy dst src
        const x = r.u32();
        const y = r.u32();
        const fd = this.arrayField(x);
        const fs = this.arrayField(y);
        if (!fd.mutable) this.fail('immutable array');
        const ok =
          fs.storage === fd.storage ||
          (fs.storage >= REF_BASE && fd.storage >= REF_BASE && this.sub.isSubtype(fs.storage, fd.storage));
        if (!ok) this.fail('array types do not match');
        this.pop(I32);
        this.pop(I32);
        this.pop(refType(CONCRETE_BASE + y, true));
        this.pop(I32);
        this.pop(refType(CONCRETE_BASE + x, true));
        return;
      }
      case 0x12: // array.init_data
      case 0x13: { // array.init_elem
        const x = r.u32();
        const y = r.u32();
        const f = this.arrayField(x);
        if (!f.mutable) this.fail('immutable array');
        const t = this.unpacked(f.storage);
        if (code === WasmOpFB.arrayInitData) {
          this.checkData(y);
          if (!isNumOrVec(t)) this.fail('array type is not numeric or vector');
        } else {
          this.checkElem(y);
          if (!this.sub.isSubtype(ctx.elemTypes[y], t)) {
            this.fail(`type mismatch: element segment's type ${typeName(ctx.elemTypes[y])} does not match array's field type ${typeName(t)}`);
          }
        }
        this.pop(I32);
        this.pop(I32);
        this.pop(I32);
        this.pop(refType(CONCRETE_BASE + x, true));
        return;
      }
      case 0x14: // ref.test
      case 0x15: // ref.test
      case 0x16: // ref.cast
      case 0x17: { // ref.cast
        // ref.test / ref.test null / ref.cast / ref.cast null
        const h = readHeapType(r);
        this.checkHeapType(h);
        const nullable = code === WasmOpFB.refTestNull || code === WasmOpFB.refCastNull;
        this.checkCast(h);
        this.pop(refType(this.sub.topOf(h), true));
        this.push(code === WasmOpFB.refTest || code === WasmOpFB.refTestNull ? I32 : refType(h, nullable));
        return;
      }
      case 0x18: // br_on_cast
      case 0x19: { // br_on_cast_fail
        // br_on_cast / br_on_cast_fail: flags, label, ht1, ht2
        const at = r.pos;
        const flags = r.u8();
        if (flags & 0xfc) r.fail('malformed br_on_cast flags', at);
        const l = r.u32();
        const h1 = readHeapType(r);
        const h2 = readHeapType(r);
        this.checkHeapType(h1);
        this.checkHeapType(h2);
        this.checkCast(h2);
        const rt1 = refType(h1, (flags & 1) !== 0);
        const rt2 = refType(h2, (flags & 2) !== 0);
        if (!this.sub.isSubtype(rt2, rt1)) {
          this.fail(`type mismatch on cast: type ${typeName(rt2)} does not match ${typeName(rt1)}`);
        }
        // diff(rt1, rt2): what remains of rt1 when the cast to rt2 fails.
        const diff = flags & 2 ? refType(h1, false) : rt1;
        const onBranch = code === WasmOpFB.brOnCast ? rt2 : diff;
        const onFall = code === WasmOpFB.brOnCast ? diff : rt2;
        const ts = this.labelTypes(this.labelFrame(l));
        if (ts.length === 0 || !this.sub.isSubtype(onBranch, ts[ts.length - 1])) {
          this.fail(`type mismatch: instruction requires type ${typeName(onBranch)} but label has ${resultTypeName(ts)}`);
        }
        this.pop(rt1);
        this.popList(ts, 0, ts.length - 1, 0);
        for (let i = 0; i < ts.length - 1; i++) this.push(ts[i]);
        this.push(onFall);
        return;
      }
      case 0x1a: // any.convert_extern
      case 0x1b: { // extern.convert_any
        const from = code === WasmOpFB.anyConvertExtern ? EXTERNREF : ANYREF;
        const t = this.pop(from);
        const nullable = t === BOT ? false : (t & 1) === 1;
        this.push(refType(code === WasmOpFB.anyConvertExtern ? HeapType.Any : HeapType.Extern, nullable));
        return;
      }
      case 0x1c: // ref.i31
        this.pop(I32);
        this.push(I31_NONNULL);
        return;
      case 0x1d: // i31.get_s
      case 0x1e: // i31.get_u
        this.pop(I31REF);
        this.push(I32);
        return;
    }
    illegalOpcode(r, this.instrStart, PREFIX_GC, code);
  }

  private checkCast(h: number): void {
    if (h !== BOT_HEAP && this.sub.topOf(h) === HeapType.Cont) this.fail('invalid cast to continuation types');
  }
}

const OPS_ROWS: (OpRow | undefined)[] = [];
for (let i = 0; i < 256; i++) OPS_ROWS.push(opcodeInfo(0, i));
const OPS_FD_ROWS: (OpRow | undefined)[] = [];
for (let i = 0; i < 0x114; i++) OPS_FD_ROWS.push(opcodeInfo(PREFIX_SIMD, i));
