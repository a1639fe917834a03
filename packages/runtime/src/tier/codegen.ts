/**
 * The translator: one validated wasm function body → the source of one JS function.
 *
 *   function f(fp, dk, ...params)     fp: the frame's int32 FP (the interpreter's, exactly);
 *                                      dk: its call depth and the JS-stack budget left (callWord.ts)
 *
 * Operands and locals are JS variables (representation: emitNumeric.ts); blocks are labelled JS
 * blocks, loops `for (;;)` with `continue`, `br_table` a `switch`. Calls to wasm functions of the
 * same instance are direct JS calls through the store's table `F` (compiled code, or a thunk that
 * runs the callee in the interpreter); the JS-stack budget they spend also bounds the VM stack
 * and depth (tier.ts `room`), and they write the callee's frame header (so backtraces, the
 * CallThreadState and exceptions walk compiled frames like interpreted ones) — for a quiet callee
 * (keepsViews.ts) only when something looks (tier.ts `returned`, `headers`). Host functions, other instances'
 * functions and `call_indirect` go through `X.call`, with the arguments in the VM stack where the
 * interpreter would have put them.
 *
 * Traps: every check comes before the instruction's effect and leaves through `X.trap(code, ...)`
 * with the interpreter's pc for that instruction (interpSites.ts); nothing after it has run.
 *
 * Deoptimization (tier.ts) is a return, not an exception: where a deoptimization starts (an
 * observed trap, host call or poll: X says so by returning) or passes (`X.deopting` after each
 * call), the code leaves the body (`break X$`; `return -1` from an outlined region) for its exit
 * block, which hands the spill the function's JS locals and operand variables with a DeoptFrame
 * (FRAME): per exit site (traps, calls, loop polls) and per call's return pc, the categories of
 * the operands live there; then it returns. No `try`: one around the body would keep every
 * variable alive at every call of it (an exception edge each), which costs V8's optimized code
 * more than a flag test after each call. The cost when nothing deoptimizes: that test, and per
 * loop iteration a test of `polling` (a factory variable the tier switches, tier.ts); only while
 * it is on do loops count down (`pl$`) to a call of X.poll. (Metered code tests nothing more than
 * its fuel charge: the charge's slow path is its poll, `meterCharge`.) A call in a loop, even one never
 * made once V8 has seen it made, keeps V8 from holding memory views and bounds in registers:
 * code translated for a sampling profiler counts down always, and polls from a loop around each loop;
 * metered code charges in the loop and makes the charge's slow call there (`meterLoopHead`).
 *
 * A huge body is split: runs of its instructions become closures sharing its variables (outline.ts).
 *
 * References are JS variables holding the interpreter's values; the GC instructions are emitGc.ts's.
 *
 * A body using anything not listed here throws Unsupported(reason): the function stays
 * interpreted (exceptions, stack switching, tail calls, tables, atomics, memory64, a second
 * memory, several results).
 */
import type { Store } from '../store/store.ts';
import type { FuncInstance } from '../instances/func.ts';
import type { Instance } from '../instances/instance.ts';
import { PREFIX_GC, PREFIX_MISC, PREFIX_SIMD } from '../binary/opcodes.ts';
import { ByteReader } from '../binary/reader.ts';
import { newMemArg, readMemArg, readOpcodeImm, skipImmediates } from '../binary/immediates.ts';
import { BLOCK_EMPTY, readBlockType, readValType } from '../binary/typeReader.ts';
import { funcTypeOf } from '../syntax/moduleInfo.ts';
import { type Cat, Unsupported, catOf, readVm, vars, width, writeVm } from './jsValues.ts';
import { FRAME_LAYOUT, TrapCode } from '@lantern/traps';
import { emitNumeric, numericMayTrap } from './emitNumeric.ts';
import { emitSimd, type SimdMemory } from './emitSimd.ts';
import { noteV128Local, type V128Origin } from './simdFusion.ts';
import { emitGc, emitRef, type GcSite } from './emitGc.ts';
import { emitBulk, emitLoad, emitMemoryGrow, emitMemorySize, emitStore } from './emitMemory.ts';
import { InterpSites } from './interpSites.ts';
import { f32FromBits } from './f32Bits.ts';
import { outlineRegions } from './outline.ts';
import { BODY, meterCosts } from '../compile/meterCosts.ts';
import { type OsrStep, osrPath } from './osrPath.ts';
import { fillNarrowing, narrowMarker, narrowing } from './loopNarrowing.ts';
import { DRY_FP } from './feedbackPriming.ts';
import { keepsViews } from './keepsViews.ts';
import { type OpFamily, opFamily } from './opFamily.ts';
import { chargeOf } from './callWord.ts';
import { encodeSites } from './deoptSites.ts';
import { AUTO_INTERPRETED, OUTLINE_ABOVE } from './policy.ts';

/** The emitters (emitNumeric.ts, ...) take categories from here, beside JsEmitter. */
export type { Cat } from './jsValues.ts';

/** Loop iterations between polls (tier.ts `poll`): a decrement and a branch per iteration. */
export const POLL_EVERY = 1 << 16;
/** What X.poll returns when it started a deoptimization (the loop leaves for its exit block). */
export const POLL_DEOPT = -1;
/** What an outlined region returns for a deoptimization (its branches out return 1, 2, ...). */
const REGION_DEOPT = -1;
/** JS frame bytes charged per compiled call against the budget, per JS variable, plus a fixed part. */
const BYTES_PER_VAR = 8;
const FRAME_BASE_BYTES = 160;
/** The least a compiled call charges (tier.ts `room` bounds the depth with it). */
export const MIN_CALL_COST = FRAME_BASE_BYTES;
/**
 * Refuse only sources too big to be worth parsing and nesting V8's parser may not take. A source
 * past V8's optimizing limit (~60 KB of bytecode) still runs baseline-compiled (Sparkplug), which
 * beats the interpreter by far: interpreters inside programs (SQLite's VDBE loop, QuickJS's
 * bytecode loop) are such functions, and the hottest ones.
 */
const MAX_SOURCE = 8_000_000;
const MAX_NESTING = 1_000;

interface Ctrl {
  kind: 'block' | 'loop' | 'if' | 'func';
  label: string;
  base: number;
  params: Cat[];
  results: Cat[];
  unreachable: boolean;
  /** An on-stack replacement enters this `if`'s else arm. */
  osrElse?: boolean;
}

/** Emission state shared with emitNumeric/emitMemory: the operand stack of categories and the output. */
export class JsEmitter {
  readonly lines: string[] = [];
  readonly stack: Cat[] = [];
  /** Highest height used per variable kind (s: int32, t: i64 high, x: f64, u and w: v128 lanes 2 and 3, a: reference). */
  maxS = -1;
  maxT = -1;
  maxX = -1;
  maxU = -1;
  maxR = -1;
  /** SIMD code used the temporaries v0$..v3$ (emitSimd.ts: a result computed before its operands' variables are written). */
  simdTemps = false;
  /**
   * Per v128 operand height: an upper bound of its 16-bit lanes (unsigned), where emitSimd.ts
   * knows one (widened bytes), until the operand is written again (push, forget): cheaper sums.
   */
  readonly laneMax: (number | undefined)[] = [];
  /** Per v128 operand height: how it was made from locals (simdFusion.ts), until written again. */
  readonly origin: (V128Origin | undefined)[] = [];
  /** GC code used the temporary o$ (an object being made: emitGc.ts). */
  gcTemps = false;
  /** Factory constants (name → JS expression), computed once when the function is linked (emitGc.ts: runtime types). */
  readonly consts = new Map<string, string>();
  /** Internal pc of the instruction being translated, for traps. */
  trapPc = 0;
  /**
   * Bytes memory 0 has at translation and keeps: a memory never shrinks, and the code is bound to
   * this instance's memory. An access at a constant address wholly below it cannot trap (emitMemory.ts).
   */
  memFloor = 0;
  /**
   * Exit sites: internal pc → the categories of the operands live there, bottom first. Where the
   * code may leave for the interpreter (a trap, a call's deoptimization, a loop's poll) the
   * interpreter continues at that pc with these operands spilled into their slots (tier.ts).
   */
  readonly exits = new Map<number, string>();
  /** The operand categories at the start of the instruction that may exit (`mark`). */
  private marked = '';
  /** The statement leaving for the function's exit block (a deoptimization): see `Translator.openRegion`. */
  exit = 'break X$;';
  /**
   * A metered store: the statement handing the fuel counter the function holds in a variable
   * (`fu$`) back to the meter, before anything else may read or charge it (Translator.meterCharge).
   */
  sync = '';

  out(line: string): void {
    this.lines.push(line);
  }
  pop(): number {
    this.stack.pop();
    return this.stack.length;
  }
  /** Pushes an operand of category `cat`; returns its variable (the low half for i64: use s()/t()). */
  push(cat: Cat): string {
    const h = this.stack.length;
    this.stack.push(cat);
    this.known[h] = undefined;
    this.laneMax[h] = undefined;
    this.origin[h] = undefined;
    this.pushed.push(h);
    if (cat === 'd' || cat === 'f') {
      if (h > this.maxX) this.maxX = h;
      return `x${h}`;
    }
    // References have variables of their own: an int32 variable holding objects would lose V8's int32 representation.
    if (cat === 'r') {
      if (h > this.maxR) this.maxR = h;
      return `a${h}`;
    }
    if (h > this.maxS) this.maxS = h;
    if ((cat === 'l' || cat === 'v') && h > this.maxT) this.maxT = h;
    if (cat === 'v' && h > this.maxU) this.maxU = h;
    return `s${h}`;
  }
  /** The four int32 lane variables of the v128 operand at height h. */
  lanes(h: number): string[] {
    return vars('v', h);
  }
  /** The int32 variable of height h (i32, i64 low half), or a deferred operand's expression (`deferred`). */
  s(h: number | string): string {
    return typeof h === 'string' ? h : (this.deferred[h] ?? `s${h}`);
  }
  /**
   * Deferred operands: an i32 operand pushed by local.get or i32.const is not written to its
   * variable; the instructions that read operands only through s()/t()/x() (FOLDS) read the local
   * or the literal itself: `s1 = l4; s2 = 8; s1 = (s1 + s2) | 0;` becomes `s1 = (l4 + 8) | 0;`
   * (a quarter fewer lines to write and for V8 to parse). Any other instruction (control, calls,
   * anything that may leave for the interpreter but a trap) first writes them (`begin`); a trap
   * writes its instruction's own in its branch (`trap`), a local.set those reading its local.
   */
  private readonly deferred: (string | undefined)[] = [];
  /** Deferred operands pushed by the instruction being translated (deferred from the next on). */
  private readonly staged: (string | undefined)[] = [];
  /** Heights pushed by the instruction being translated: a popped operand's expression stays readable until the next. */
  private readonly pushed: number[] = [];
  /** Pushes an i32 operand whose value is `expr` (a local's variable, or the literal of `value`) without writing it. */
  pushDeferred(expr: string, value?: number): void {
    const h = this.stack.length;
    this.staged[h] = expr;
    this.push('i');
    this.known[h] = value;
  }
  /** Before each instruction: `folds`, it reads operands only through s()/t()/x(), else deferred operands are written first. */
  begin(folds: boolean): void {
    for (const h of this.pushed) {
      this.deferred[h] = this.staged[h];
      this.staged[h] = undefined;
    }
    this.pushed.length = 0;
    if (this.deferred.length > this.stack.length) this.deferred.length = this.stack.length;
    if (!folds) this.writeDeferred(() => true);
  }
  /**
   * When the last line is the one statement `v = <expression>;` (the instruction before wrote the
   * operand `v` there), it writes `target` instead; returns whether it did.
   */
  retarget(v: string, target: string): boolean {
    const last = this.lines.length - 1;
    const line = this.lines[last];
    if (last < 0 || !line.startsWith(`${v} = `) || line.indexOf(';') !== line.length - 1) return false;
    this.lines[last] = `${target}${line.slice(v.length)}`;
    return true;
  }
  /** Writes the deferred operands `which` selects (by their expression) to their variables. */
  writeDeferred(which: (expr: string) => boolean): void {
    let writes = '';
    for (let h = 0; h < this.deferred.length; h++) {
      const expr = this.deferred[h];
      if (expr === undefined || !which(expr)) continue;
      writes += `s${h} = ${expr}; `;
      this.deferred[h] = undefined;
    }
    if (writes === '') return;
    // Before a comparison a branch is about to fuse (`truth`): it reads none of these heights.
    const last = this.lines.length - 1;
    if (this.lastCompare !== null && this.lines[last] === this.lastCompare.line) this.lines.splice(last, 0, writes);
    else this.out(writes);
  }
  t(h: number | string): string {
    return typeof h === 'string' ? `t${h.slice(1)}` : `t${h}`;
  }
  x(h: number | string): string {
    return typeof h === 'string' ? h : `x${h}`;
  }
  /** The variable of the reference at height h. */
  r(h: number): string {
    return `a${h}`;
  }
  /** Rounds a double result to the category's precision. */
  fwrap(cat: Cat, expr: string): string {
    return cat === 'f' ? `Math.fround(${expr})` : expr;
  }
  /**
   * The int32 (or i64 low half) value of operands pushed by a constant and not written since,
   * within straight-line code (labels forget them): a constant shift count is compiled inline.
   */
  private readonly known: (number | undefined)[] = [];
  pushConst(cat: Cat, value: number): number {
    const h = this.stack.length;
    this.push(cat);
    this.known[h] = value;
    return h;
  }
  constAt(h: number): number | undefined {
    return this.known[h];
  }
  forget(h = 0): void {
    this.known.length = Math.min(this.known.length, h);
    this.laneMax.length = Math.min(this.laneMax.length, h);
    this.origin.length = Math.min(this.origin.length, h);
  }
  /** The last comparison emitted (`compare`): a branch right after it tests its condition itself (`truth`). */
  private lastCompare: { line: string; v: string; cond: string } | null = null;
  /** Operand variable `v` := 1 where `cond` holds, else 0. */
  compare(v: string, cond: string): void {
    const line = `${v} = ${cond} ? 1 : 0;`;
    this.out(line);
    this.lastCompare = { line, v, cond };
  }
  /**
   * The JS condition "operand h, just popped, is not 0". When the last line set it from a
   * comparison, that line goes and the comparison is the condition: V8 does not fold the 0/1
   * it would otherwise materialize and test again (a select and a compare per loop branch).
   */
  truth(h: number): string {
    const cond = this.takeCompare(h);
    return cond !== null ? `(${cond})` : `${this.s(h)} !== 0`;
  }
  /** The JS condition "operand h, just popped, is 0" (i32.eqz), likewise: a comparison negated. */
  falsity(h: number): string {
    const cond = this.takeCompare(h);
    return cond !== null ? `!(${cond})` : `${this.s(h)} === 0`;
  }
  /** The condition of the comparison that set operand h in the last line, which goes; or null. */
  private takeCompare(h: number): string | null {
    const c = this.lastCompare;
    this.lastCompare = null;
    if (c === null || c.v !== `s${h}` || this.lines[this.lines.length - 1] !== c.line) return null;
    this.lines.pop();
    return c.cond;
  }
  trapIf(cond: string, codeExpr: string): void {
    this.out(`if (${cond}) { ${this.trap(codeExpr, this.trapPc)} }`);
  }
  /**
   * A trap at `pc`: X.trap throws it, or (observed) starts a deoptimization that leaves here,
   * the instruction's operands written first (`deferred`: the interpreter runs it again).
   */
  trap(codeExpr: string, pc: number): string {
    let writes = '';
    const n = Math.min(this.marked.length, this.deferred.length);
    for (let h = 0; h < n; h++) if (this.deferred[h] !== undefined) writes += `s${h} = ${this.deferred[h]}; `;
    return `${writes}${this.sync}X.trap(${codeExpr}, fp, ${this.exitAt(pc)}, CUR, dk); ${this.exit}`;
  }
  /** After a call: a deoptimization passing through leaves for the exit block. */
  deoptCheck(): void {
    this.out(`if (X.deopting === true) ${this.exit}`);
  }
  /** At the start of an instruction that may exit: its operands are live at its exit sites. */
  mark(): void {
    this.marked = this.stack.join('');
  }
  /** Records `pc` as an exit site with the operands marked at the instruction's start; returns it. */
  exitAt(pc: number): number {
    if (!this.exits.has(pc)) this.exits.set(pc, this.marked);
    return pc;
  }
  reloadMemory(): void {
    this.out(`${MEMORY_VIEWS.join('; ')};`);
  }
}

/** Local i's JS variables by category. */
function localVars(cat: Cat, i: number): string[] {
  if (cat === 'v') return [`l${i}`, `k${i}`, `m${i}`, `n${i}`];
  return cat === 'l' ? [`l${i}`, `k${i}`] : [`l${i}`];
}
/** The int32 offsets of values of categories `cats` laid one after another. */
export function offsetsOf(cats: readonly Cat[]): number[] {
  const out: number[] = [];
  let at = 0;
  for (const c of cats) {
    out.push(at);
    at += width(c);
  }
  return out;
}

/**
 * What a compiled function's deoptimization needs to rebuild its interpreter frame (tier.ts
 * `spill`): the interpreter code's layout (debug compile mode's: every operand of a wasm
 * instruction's start in its own slot), the locals' categories, and per exit site (keyed by
 * the interpreter pc it continues at) and per call (keyed by its return pc) the categories of the
 * operands live there, bottom first (encoded: deoptSites.ts; `sites` holds them decoded once needed).
 */
export interface DeoptFrame {
  localsI32: number;
  locals: string;
  exits: string;
  calls: string;
  sites?: { exits: Map<number, string>; calls: Map<number, string> };
}

export interface Translation {
  /** The body of `new Function(...TIER_BINDINGS, source)`; it returns { fn, entry }. */
  source: string;
  /** Budget bytes one call charges. */
  cost: number;
  /** The module offsets of the body's loops (where an on-stack replacement may enter). */
  loops: Set<number>;
  /** Per call of a quiet callee (which writes no header but, while sampling, its return pc), its argument base (sampledHeaders.ts). */
  quietCalls: Map<number, number>;
}

/**
 * Translates `f` (interpreter-compiled already: its sites are read off its code). With `osrLoop`,
 * the translation for an on-stack replacement: `entry(fp, dk)` takes over the interpreter's
 * frame (locals, and the operands live there) at the head of the loop at that module offset.
 */
export function translate(store: Store, f: FuncInstance, osrLoop?: number): Translation {
  const info = (f.instance as Instance).info;
  const body = info.bodies[f.funcIndex - info.importedFuncs];
  const huge = body.codeEnd - body.codeStart > OUTLINE_ABOVE;
  let osr: OsrStep[] | null = null;
  if (osrLoop !== undefined) {
    if (store.thread.metered) throw new Unsupported('on-stack replacement: metered');
    osr = osrPath(info.bytes, body.codeStart, body.codeEnd, osrLoop);
    if (osr === null) throw new Unsupported('on-stack replacement: no loop there');
  }
  const regions = huge ? outlineRegions(info.bytes, body.codeStart, body.codeEnd) : null;
  if (regions !== null && osr !== null) keepOsrPathInline(regions, osr);
  return new Translator(store, f, regions, osr).run();
}

/**
 * An on-stack replacement's skipped prefixes are `if (!osr$) { ... }` guards that open inside
 * one construct of the way to its loop and close at the next one: a closure cannot hold one
 * end and not the other. The region (at most one: regions never nest, and the way only goes
 * deeper) holding a construct of the way stays inline; the body's other regions are outlined.
 */
function keepOsrPathInline(regions: Map<number, number>, path: OsrStep[]): void {
  for (const [start, end] of regions) {
    if (path.some((step) => step.offset >= start && step.offset < end)) regions.delete(start);
  }
}

/**
 * An outlined region being emitted: a closure `r<k>()` of the function (it shares every
 * variable) returning 0 when it falls through, else k for its k-th branch out of it (`exits`).
 */
interface OpenRegion {
  end: number;
  /** ctrl entries below this index are outside the region. */
  ctrlBase: number;
  /** Where its lines start in the emitter's output. */
  at: number;
  /** The statements its branches out run in the function: break/continue/return. */
  exits: string[];
}

class Translator implements SimdMemory, GcSite {
  private readonly e = new JsEmitter();
  private readonly inst: Instance;
  readonly canonIds: readonly number[];
  readonly operandBase: number;
  private readonly r: ByteReader;
  private readonly sites: InterpSites;
  private readonly localCats: Cat[] = [];
  private readonly nParams: number;
  private readonly resultCats: Cat[];
  private readonly ctrl: Ctrl[] = [];
  private labels = 0;
  private memUsed = false;
  private globalsUsed = false;
  /** Per call's return pc, the operands below its arguments (DeoptFrame.calls). */
  private readonly calls = new Map<number, string>();
  /** Per call of a quiet callee, by return pc: its argument base (Translation.quietCalls). */
  private readonly quietCalls = new Map<number, number>();
  /** Every call and loop is a deoptimization site (StoreOptions.deoptTorture). */
  private readonly torture: boolean;
  /** A sampling profiler is on (exec/sampling.ts): entries count down to `X.sample`, loops poll at its pace. */
  private readonly sampling: boolean;
  private offset = 0;
  private region: OpenRegion | null = null;
  private regionCount = 0;
  /** Per loop label: the number conversions at its head (loopNarrowing.ts). */
  private readonly narrowed = new Map<string, string>();
  /**
   * Direct callees not compiled for the interpreter when this function was translated. Compiling
   * them only to learn their header offset would cost more than translating; each call writing
   * the header reads it from the factory variable fh<i>, which starts as FRAME_UNKNOWN: the
   * first call compiles the callee and fills it in.
   */
  private readonly lazyFrames = new Set<number>();
  /** A metered store (exec/meter.ts): the fuel each region charges (compile/meterCosts.ts), as the interpreter's Meters do. */
  private readonly meter: Map<number, number> | null;
  private readonly loops = new Set<number>();
  /**
   * An on-stack replacement's translation: per construct on the way to its loop (osrPath.ts), the
   * step. While `osr$` is set (until the loop's head), the instructions before each construct on
   * the way are skipped: they are guarded by `if (!osr$)` (`guardOpen`), as they run again in a
   * later iteration of an enclosing loop.
   */
  private readonly osrSteps: Map<number, OsrStep> | null;
  private readonly osrLoop: number;
  private guardOpen = false;
  /** The operands live at the loop's head (bottom first): the entry reads them from the frame. */
  private osrOperands: Cat[] | null = null;

  /** `regions`: region start offset → end offset (outline.ts), or null to emit one function. */
  constructor(
    private readonly store: Store, private readonly f: FuncInstance, private readonly regions: Map<number, number> | null,
    osr: OsrStep[] | null = null,
  ) {
    this.osrSteps = osr === null ? null : new Map(osr.map((step) => [step.offset, step]));
    this.osrLoop = osr === null ? -1 : osr[osr.length - 1].offset;
    this.inst = f.instance as Instance;
    this.canonIds = this.inst.canonIds;
    this.operandBase = f.localsI32 + 2 * FRAME_LAYOUT.HEADER_CELLS;
    const info = this.inst.info;
    const body = info.bodies[f.funcIndex - info.importedFuncs];
    this.r = new ByteReader(info.bytes, body.codeStart, body.codeEnd);
    for (const t of f.type.params) this.localCats.push(catOf(t));
    this.nParams = this.localCats.length;
    for (const t of body.locals) this.localCats.push(catOf(t));
    if (f.type.results.length > 1) throw new Unsupported('several results');
    this.resultCats = f.type.results.map(catOf);
    this.sites = new InterpSites(f, store.code.buf);
    this.torture = store.tier !== null && store.tier.torture > 0;
    this.sampling = store.sampler !== null;
    this.meter = store.thread.metered ? meterCosts(info.bytes, body.codeStart, body.codeEnd) : null;
    if (this.meter !== null) this.e.sync = 'mt$.left = fu$; ';
  }

  /**
   * A metered store: charges the region's fuel. The meter's counter (exec/meter.ts `left`) is held
   * in the variable `fu$` between calls: read at entry and after each call, handed back (`sync`)
   * before each call, return and exit; a loop iteration's charge is then a register decrement.
   * Gone negative, the meter's slow path refills it or (out of fuel, interrupted) deoptimizes to
   * the interpreter's Meter at `pc` (tier.ts `meterOut`), which charges again and traps: the same
   * charges at the same places as the interpreter's Meters, so fuel runs out at the same place.
   * Without a profiler the charge is also the entry's and the loop's poll (tier.ts `meterPoll`).
   */
  private meterCharge(region: number, pc: number): void {
    if (this.meter === null) return;
    const cost = this.meter.get(region)!;
    const e = this.e;
    // `| 0`: int32 arithmetic, no overflow check (the counter stays within [-cost, 2^29 + cost]).
    e.out(`if ((fu$ = (fu$ - ${cost}) | 0) < 0) { ${e.sync}if (X.${this.meterExit}(${cost}, fp, ${e.exitAt(pc)}, CUR, dk)) ${e.exit} fu$ = mt$.left; }`);
  }

  /** Without a profiler the slow path is also the poll (tier.ts `meterPoll`). */
  private get meterExit(): string {
    return this.sampling ? 'meterOut' : 'meterPoll';
  }

  /** Loops are wrapped in a loop (`<label>w`) whose head makes the calls that would otherwise be in them. */
  private get loopsWrapped(): boolean {
    return this.sampling || this.meter !== null;
  }

  /**
   * A metered loop's charge (meterCharge) with its slow call moved out of the loop, into the head
   * of the loop around it (`meterLoopHead`): a call V8 has seen made, however rare, is compiled
   * in, and one in the loop keeps V8 from holding the loop's variables and memory views in
   * registers (deadlines take the slow path about every LOOK_MS, fuel every 2^29 units). Gone
   * negative, the charge is given back and the loop continues at the head, which charges it
   * there, as meterCharge does, then goes back into the loop with it given back again.
   */
  private meterLoopCharge(loop: number, label: string): void {
    if (this.meter === null) return;
    const cost = this.meter.get(loop)!;
    this.e.out(`if ((fu$ = (fu$ - ${cost}) | 0) < 0) { fu$ = (fu$ + ${cost}) | 0; continue ${label}w; }`);
  }

  /** The slow path of a loop's charge, in the head of the loop around it (`meterLoopCharge`); '' unmetered. */
  private meterLoopHead(loop: number): string {
    if (this.meter === null) return '';
    const cost = this.meter.get(loop)!;
    const e = this.e;
    const pc = e.exitAt(this.sites.trapPc(loop));
    return ` if (fu$ < ${cost}) { mt$.left = (fu$ - ${cost}) | 0; if (X.${this.meterExit}(${cost}, fp, ${pc}, CUR, dk)) ${e.exit} fu$ = (mt$.left + ${cost}) | 0; }`;
  }

  private openGuard(): void {
    if (this.osrSteps === null) return;
    this.e.out('if (!osr$) {');
    this.guardOpen = true;
  }

  private closeGuard(): void {
    this.e.out('}');
    this.guardOpen = false;
  }

  run(): Translation {
    const e = this.e;
    const osr = this.osrSteps !== null;
    this.ctrl.push({ kind: 'func', label: 'L0', base: 0, params: [], results: this.resultCats, unreachable: false });
    e.out('L0: {');
    e.mark();
    const entrySite = e.exitAt(this.f.jit!.interpEntry);
    this.meterCharge(BODY, this.f.jit!.interpEntry);
    this.openGuard();
    this.body();
    if (osr && this.osrOperands === null) throw new Unsupported('on-stack replacement: loop not reached');
    // An on-stack replacement's entry reads the parameters from the frame, like the other locals.
    const nArgs = osr ? 0 : this.nParams;
    const params = this.localCats.slice(0, nArgs).flatMap((c, i) => localVars(c, i));
    const decl: string[] = [];
    const localAt = offsetsOf(this.localCats);
    for (let i = nArgs; i < this.localCats.length; i++) {
      const c = this.localCats[i];
      const names = localVars(c, i);
      const init = osr ? readVm(c, `fp + ${localAt[i]}`) : names.map(() => (c === 'r' ? 'null' : '0'));
      decl.push(...names.map((v, k) => `${v} = ${init[k]}`));
    }
    if (osr) decl.push('osr$ = true');
    for (let h = 0; h <= e.maxS; h++) decl.push(`s${h} = 0`);
    for (let h = 0; h <= e.maxT; h++) decl.push(`t${h} = 0`);
    for (let h = 0; h <= e.maxU; h++) decl.push(`u${h} = 0`, `w${h} = 0`);
    for (let h = 0; h <= e.maxX; h++) decl.push(`x${h} = 0`);
    for (let h = 0; h <= e.maxR; h++) decl.push(`a${h} = null`);
    if (e.gcTemps) decl.push('o$ = null');
    if (e.simdTemps) decl.push('v0$ = 0', 'v1$ = 0', 'v2$ = 0', 'v3$ = 0');
    decl.push('ea$ = 0', 'e$ = 0', 'lo$ = 0', 'hi$ = 0', 'fv$ = 0', 'q$ = 0', 'n$ = 0', 'nfp$ = 0', 'c$ = null', `pl$ = ${this.torture ? 1 : this.sampling ? 'tk$' : POLL_EVERY}`);
    if (this.meter !== null) decl.push('fu$ = mt$.left');
    for (let k = 0; k < this.regionCount; k++) decl.push(`r${k} = null`);
    // A call from an outlined region has the region's frame on top of the function's.
    const regionFrame = this.regionCount > 0 ? FRAME_BASE_BYTES : 0;
    // At least its VM frame's int32 cells too: the budget bounds the VM stack (tier.ts `room`).
    const cost = Math.max(FRAME_BASE_BYTES + regionFrame + BYTES_PER_VAR * (decl.length + params.length), this.f.localsI32 + this.f.frameI32);
    // Outlined regions read the variables from closures: `var` spares them TDZ checks.
    const kw = this.regionCount > 0 ? 'var' : 'let';
    const views = [...(this.globalsUsed ? [GLOBALS_VIEW] : []), ...(this.memUsed ? MEMORY_VIEWS : [])];
    // A parenthesized function expression: V8 compiles it with the factory, in one parse (a
    // declaration is preparsed there and parsed again at its first call, which always follows).
    const head = [
      `var fn = (function fn(fp, dk${params.map((p) => `, ${p}`).join('')}) {`,
      // The tier enters an on-stack replacement only with the budget for it.
      // A dry call (feedbackPriming.ts) returns here: no feedback for the call of `slow`, which V8 would inline.
      osr ? `dk = (dk - ${chargeOf(cost)}) | 0;` : `if ((dk = (dk - ${chargeOf(cost)}) | 0) < 0) { if (fp === ${DRY_FP}) return 0; return slow(fp, dk${params.map((p) => `, ${p}`).join('')}); }`,
      `${kw} ${decl.join(', ')};`,
      ...(osr ? [this.osrOperandReads()] : []),
      ...(views.length > 0 ? [`${kw} ${views.join(', ')};`] : []),
      'X$: {',
    ];
    // Calls count down to a poll too, so an async entry yields (and a pause stops) recursion with no
    // loop; with a profiler sampling, its countdown is the one, the factory's `tk$` (tier.ts `ticks`;
    // an on-stack replacement samples only: it cannot leave at its function's start).
    const bodyPc = this.f.codeMap!.bodyPc;
    if (this.sampling) head.push(osr ? `if (--tk$ < 0) tk$ = X.sample(fp, ${bodyPc}, CUR, dk) | 0;` : `if (--tk$ < 0 && (tk$ = X.sampleAtEntry(fp, ${bodyPc}, ${entrySite}, CUR, dk) | 0) === POLL_DEOPT) break X$;`);
    else if (!osr && this.meter === null) head.push(`if (polling === true && --X.callsToPoll < 0 && X.entryPoll(fp, ${entrySite}, CUR, dk)) break X$;`);
    // The exit block: a deoptimization starting or passing here spills this frame's values into
    // its interpreter frame (tier.ts) and returns (what it returns is not looked at). The values go
    // as int32 bits: an array of doubles would lose NaN payloads (V8 canonicalizes NaNs stored in one).
    const localWords = this.localCats.flatMap((c, i) => {
      if (c === 'd') return [`X.lo(l${i})`, `X.hi(l${i})`];
      return c === 'f' ? [`X.f32(l${i})`] : localVars(c, i);
    });
    const range = (p: string, max: number) => Array.from({ length: max + 1 }, (_, h) => `${p}${h}`).join(', ');
    const doubles = Array.from({ length: e.maxX + 1 }, (_, h) => `X.lo(x${h}), X.hi(x${h})`).join(', ');
    const tail = [
      '}',
      `X.spill(FRAME, fp, [${localWords.join(', ')}], [${range('s', e.maxS)}], [${range('t', e.maxT)}], [${doubles}], [${range('u', e.maxU)}], [${range('w', e.maxU)}], [${range('a', e.maxR)}]);`,
      'return 0;',
    ];
    const frame = `const FRAME = { localsI32: ${this.f.localsI32}, locals: '${this.localCats.join('')}', exits: '${encodeSites(e.exits)}', calls: '${encodeSites(this.calls)}' };`;
    const code = e.lines.join('\n');
    let source = [
      '"use strict";',
      `const CUR = ${this.f.addr};`,
      TRAP_CONSTS,
      frame,
      // The store's meter (exec/meter.ts), for good: V8 embeds it in the code (no load per call).
      ...(this.meter !== null ? ['const mt$ = T.meter;'] : []),
      ...[...e.consts].map(([name, expr]) => `const ${name} = ${expr};`),
      // Factory variables (`var`: no TDZ checks in the functions reading them).
      ...[...this.lazyFrames].map((fi) => `var fh${fi} = FRAME_UNKNOWN;`),
      // Read with no type feedback (a context variable): polls never made cost no call (see above).
      `var polling = X.polling, headers$ = X.headers${this.sampling ? ', tk$ = 0' : ''};`,
      // Whether the table sends this function's calls to this `fn` (its recursive calls' shortcut).
      'var direct$ = true;',
      ...PRELUDE.filter((helper) => code.includes(helper.name)).map((helper) => helper.source),
      ...head,
      code,
      ...tail,
      '});',
      this.entryThunk(),
      osr ? '' : this.slowThunk(params),
      'return { fn, entry, setPolling: (on, headers) => { polling = on; headers$ = headers; }, setDirect: (on) => { direct$ = on; } };',
    ].join('\n');
    const fuel = this.meter !== null ? ' fu$ = mt$.left;' : '';
    const reload = `${views.map((v) => ` ${v};`).join('')}${fuel}`;
    source = source.replaceAll(AFTER_CALL, reload).replaceAll(AFTER_VIEW_KEEPING_CALL, fuel);
    // Outlined regions share the variables through closures: no loop phis to narrow.
    source = fillNarrowing(source, (label) => (this.regionCount > 0 ? '' : this.narrowed.get(label) ?? ''));
    if (source.length > MAX_SOURCE) throw new Unsupported('too large');
    return { source, cost, loops: this.loops, quietCalls: this.quietCalls };
  }

  /** The operands live at the loop's head, from the frame's operand slots (as `spill` wrote them). */
  private osrOperandReads(): string {
    const base = this.f.localsI32 + 2 * FRAME_LAYOUT.HEADER_CELLS;
    const at = offsetsOf(this.osrOperands!);
    return this.osrOperands!.map((c, h) => {
      const reads = readVm(c, `fp + ${base + at[h]}`);
      return vars(c, h).map((v, k) => `${v} = ${reads[k]};`).join(' ');
    }).join(' ');
  }

  /**
   * entry(fp, dk): the interpreter's way in — parameters from the VM frame, results back to it
   * (not when the function deoptimized: its frame holds its spilled values then).
   */
  private entryThunk(): string {
    const reads: string[] = [];
    if (this.osrSteps === null) {
      const paramCats = this.localCats.slice(0, this.nParams);
      const at = offsetsOf(paramCats);
      paramCats.forEach((c, i) => reads.push(...readVm(c, `fp + ${at[i]}`)));
    }
    const call = `fn(fp, dk${reads.map((r) => `, ${r}`).join('')})`;
    const rc = this.resultCats[0];
    if (rc === undefined) return `function entry(fp, dk) { ${call}; }`;
    const write = writeVm(rc, ['r', ...RESULT_LANES].slice(0, vars(rc, 0).length), 'fp');
    return `function entry(fp, dk) { const r = ${call}; if (!X.deopting) { ${write} } }`;
  }

  /**
   * slow(fp, dk, ...params): out of budget — the same call with the budget's extension if the JS
   * stack has room (jsStackGrant.ts), else run by the interpreter (which deoptimizes to the call
   * when the frame does not fit the VM stack or the depth: tier.ts `interpret`).
   */
  private slowThunk(params: string[]): string {
    const writes: string[] = [];
    const paramCats = this.localCats.slice(0, this.nParams);
    const at = offsetsOf(paramCats);
    paramCats.forEach((c, i) => writes.push(writeVm(c, localVars(c, i), `fp + ${at[i]}`)));
    const rc = this.resultCats[0];
    let ret = '';
    if (rc !== undefined) {
      const [first, ...rest] = readVm(rc, 'fp');
      ret = `${rest.map((r, k) => `${RESULT_LANES[k]} = ${r};`).join(' ')} return ${first};`;
    }
    const args = params.map((p) => `, ${p}`).join('');
    const extended = `const nk = X.more(CUR, fp, dk); if (nk !== 0) { const r = fn(fp, nk${args}); X.grant.done(); return r; }`;
    return `function slow(fp, dk${args}) { ${extended} ${writes.join(' ')} X.interpret(CUR, fp, X.depthOf(dk)); ${ret} }`;
  }

  private returnStatement(h: number): string {
    const rc = this.resultCats[0];
    const sync = this.e.sync;
    if (rc === undefined) return `${sync}return;`;
    const [first, ...rest] = vars(rc, h);
    return `${sync}${rest.map((v, k) => `${RESULT_LANES[k]} = ${v};`).join(' ')} return ${first};`;
  }

  private blockSig(bt: number): [Cat[], Cat[]] {
    if (bt === BLOCK_EMPTY) return [[], []];
    if (bt >= 0) return [[], [catOf(bt)]];
    const ft = funcTypeOf(this.inst.info, -1 - bt);
    return [ft.params.map(catOf), ft.results.map(catOf)];
  }

  private body(): void {
    const r = this.r;
    let dead = 0;
    while (this.ctrl.length > 0) {
      this.offset = r.pos;
      const c = this.ctrl[this.ctrl.length - 1];
      if (this.region !== null && r.pos === this.region.end) this.closeRegion();
      if (this.region === null && !c.unreachable && this.regions !== null) {
        const end = this.regions.get(r.pos);
        if (end !== undefined) {
          this.region = { end, ctrlBase: this.ctrl.length, at: this.e.lines.length, exits: [] };
          // A closure cannot break out of the function's block: it returns, the function breaks.
          this.e.exit = `return ${REGION_DEOPT};`;
        }
      }
      if (c.unreachable) {
        const op = r.bytes[r.pos];
        if (op === 0x0b || (op === 0x05 && dead === 0)) {
          if (dead > 0) {
            dead--;
            r.pos++;
            continue;
          }
        } else {
          if (op === 0x02 || op === 0x03 || op === 0x04) dead++;
          else if (op === 0x06 || op === 0x1f || op === 0x18) throw new Unsupported('exceptions');
          skipImmediates(r, readOpcodeImm(r));
          continue;
        }
      }
      this.e.trapPc = -1;
      // Before an on-stack replacement's guard closes: deferred operands are written inside it.
      this.e.begin(FOLDS[r.bytes[r.pos]] === 1);
      if (this.guardOpen && this.osrSteps!.has(r.pos)) this.closeGuard();
      this.instr();
    }
  }

  /** The loop `label` ends: its head converts the f64/f32 variables its body writes (loopNarrowing.ts). */
  private narrowLoop(label: string): void {
    const lines = this.e.lines, marker = narrowMarker(label);
    let at = lines.length - 1;
    while (at >= 0 && !lines[at].includes(marker)) at--;
    if (at >= 0) this.narrowed.set(label, narrowing(lines.slice(at), (i) => this.localCats[i] === 'd' || this.localCats[i] === 'f'));
  }

  /**
   * The open region's lines become its closure; the function calls it and takes its exits. A
   * call of the function makes the closure when it first runs the region (an interpreter loop
   * called often runs few of its hundreds of regions per call).
   */
  private closeRegion(): void {
    const region = this.region!;
    this.region = null;
    this.e.exit = 'break X$;';
    const name = `r${this.regionCount++}`;
    const closure = [`(${name} ??= function ${name}() {`, ...this.e.lines.splice(region.at), 'return 0;', '})()'].join('\n');
    const cases = region.exits.map((stmt, i) => `case ${i + 1}: ${stmt}`);
    this.e.out(`switch (${closure}) { ${cases.join(' ')} case ${REGION_DEOPT}: break X$; }`);
  }

  trapHere(): void {
    this.e.mark();
    this.e.trapPc = this.sites.trapPc(this.offset);
  }

  /** Copies the top `cats.length` operands down to `base` (a branch's values) — ascending, dst <= src. */
  private moveTop(cats: Cat[], base: number): void {
    const e = this.e;
    const from = e.stack.length - cats.length;
    if (from === base) return;
    cats.forEach((c, i) => {
      const dst = vars(c, base + i), src = vars(c, from + i);
      e.out(dst.map((v, k) => `${v} = ${src[k]};`).join(' '));
    });
  }

  private branch(depth: number): string {
    const index = this.ctrl.length - 1 - depth;
    const stmt = this.branchStatement(this.ctrl[index]);
    const region = this.region;
    if (region === null || index >= region.ctrlBase) return stmt;
    // Out of an outlined region: its closure returns the exit's number, the function branches.
    let k = region.exits.indexOf(stmt);
    if (k < 0) k = region.exits.push(stmt) - 1;
    return `return ${k + 1};`;
  }

  /** The values' moves (emitted) and the statement of a branch to `target`. */
  private branchStatement(target: Ctrl): string {
    if (target.kind === 'func') {
      this.moveTop(target.results, 0);
      return this.returnStatement(0);
    }
    if (target.kind === 'loop') {
      this.moveTop(target.params, target.base);
      return `continue ${target.label};`;
    }
    this.moveTop(target.results, target.base);
    return `break ${target.label};`;
  }

  private setUnreachable(): void {
    const c = this.ctrl[this.ctrl.length - 1];
    c.unreachable = true;
    this.e.stack.length = c.base;
  }

  private pushCtrl(kind: Ctrl['kind'], params: Cat[], results: Cat[]): Ctrl {
    if (this.ctrl.length > MAX_NESTING) throw new Unsupported('too large');
    const c: Ctrl = { kind, label: `L${++this.labels}`, base: this.e.stack.length - params.length, params, results, unreachable: false };
    this.ctrl.push(c);
    return c;
  }

  /** At a block's end (or else): the stack is its base plus its results. */
  private resetTo(c: Ctrl, cats: Cat[]): void {
    const e = this.e;
    e.stack.length = c.base;
    for (const cat of cats) e.push(cat);
  }

  private instr(): void {
    const r = this.r, e = this.e;
    const op = r.u8();
    // labels and branches: constants known in straight-line code are forgotten
    if (op <= 0x11) e.forget();
    switch (op) {
      case 0x00: // unreachable
        this.trapHere();
        e.out(e.trap('TRAP_UNREACHABLE', e.trapPc));
        this.setUnreachable();
        return;
      case 0x01: // nop
        return;
      case 0x02: // block
      case 0x03: { // loop
        const [params, results] = this.blockSig(readBlockType(r));
        if (op === 0x03) e.mark(); // the loop's poll: its parameters are live
        if (this.offset === this.osrLoop) this.osrOperands = e.stack.slice();
        const c = this.pushCtrl(op === 0x02 ? 'block' : 'loop', params, results);
        if (op === 0x02) {
          e.out(`${c.label}: {`);
          if (this.osrSteps?.has(this.offset)) this.openGuard();
          return;
        }
        this.loops.add(this.offset);
        // Each iteration counts down to a poll (tier.ts `poll`: pause, an async entry's yield, torture).
        const at = e.exitAt(this.sites.trapPc(this.offset));
        const poll = `${e.sync}pl$ = X.poll(fp, ${at}, CUR, dk) | 0; if (pl$ === POLL_DEOPT) ${e.exit}`;
        // A profiler's polls (samples) are made in a loop around the loop (`<label>w`), which the
        // countdown continues at 0: a call the loop itself came back from, however rare, would
        // keep V8 from holding the memory views in registers in every iteration. (`| 0`: pl$
        // stays an int32 in V8's code.)
        if (this.loopsWrapped) e.out(`${c.label}w: for (;;) {${this.sampling ? ` if (pl$ < 0) { ${poll} }` : ''}${this.meterLoopHead(this.offset)}`);
        e.out(`${c.label}: for (;;) {${narrowMarker(c.label)}`);
        if (this.offset === this.osrLoop) e.out('osr$ = false;');
        // A loop on the way to an on-stack replacement's: its poll is before the loop there.
        else if (this.osrSteps?.has(this.offset)) this.openGuard();
        if (this.sampling) e.out(`if (--pl$ < 0) continue ${c.label}w;`);
        // A metered loop's charge is its poll (meterCharge).
        else if (this.meter === null) e.out(`if (polling === true && --pl$ < 0) { ${poll} }`);
        this.meterLoopCharge(this.offset, c.label);
        return;
      }
      case 0x04: { // if
        const [params, results] = this.blockSig(readBlockType(r));
        // the else arm would need the parameters the then arm may have overwritten
        if (params.length > 0) throw new Unsupported('if with parameters');
        const cond = e.pop();
        const c = this.pushCtrl('if', params, results);
        const truth = e.truth(cond);
        const step = this.osrSteps?.get(this.offset);
        if (step === undefined) {
          e.out(`${c.label}: if (${truth}) {`);
          return;
        }
        // On the way to an on-stack replacement's loop: the arm it is in.
        c.osrElse = step.inElse;
        e.out(`${c.label}: if (${step.inElse ? `!osr$ && (${truth})` : `osr$ || (${truth})`}) {`);
        if (!step.inElse) this.openGuard();
        return;
      }
      case 0x05: { // else
        const c = this.ctrl[this.ctrl.length - 1];
        e.out('} else {');
        if (c.osrElse === true) this.openGuard();
        c.unreachable = false;
        this.resetTo(c, c.params);
        return;
      }
      case 0x0b: { // end
        const c = this.ctrl.pop()!;
        if (c.kind === 'loop') {
          this.narrowLoop(c.label);
          e.out(this.loopsWrapped ? `break ${c.label}w; }` : `break ${c.label};`);
        }
        e.out('}');
        if (c.kind === 'func') {
          // fall-through result (when reachable) is at height 0 (validated: exactly the results)
          if (!c.unreachable) e.out(this.returnStatement(0));
          return;
        }
        this.resetTo(c, c.results);
        return;
      }
      case 0x0c: { // br
        e.out(this.branch(r.u32()));
        this.setUnreachable();
        return;
      }
      case 0x0d: { // br_if
        const depth = r.u32();
        const cond = e.pop();
        e.out(`if (${e.truth(cond)}) { ${this.captureBranch(depth)} }`);
        return;
      }
      case 0x0e: { // br_table
        const n = r.u32();
        const targets: number[] = [];
        for (let i = 0; i <= n; i++) targets.push(r.u32());
        const idx = e.pop();
        e.out(`switch (s${idx}) {`);
        for (let i = 0; i < n; i++) e.out(`case ${i}: { ${this.captureBranch(targets[i])} }`);
        e.out(`default: { ${this.captureBranch(targets[n])} }`);
        e.out('}');
        this.setUnreachable();
        return;
      }
      case 0x0f: // return
        e.out(this.branch(this.ctrl.length - 1));
        this.setUnreachable();
        return;
      case 0x10: // call
        this.call(r.u32());
        return;
      case 0x11: // call_indirect
        this.callIndirect(r.u32(), r.u32());
        return;
      case 0x12: // return_call
      case 0x13: // return_call_indirect
      case 0x15: // return_call_ref
        throw new Unsupported('tail calls');
      case 0x14: // call_ref
        this.callRef(r.u32());
        return;
      case 0x1a: // drop
        e.pop();
        return;
      case 0x1b: // select
      case 0x1c: { // select
        if (op === 0x1c) for (let n = r.u32(); n > 0; n--) readValType(r);
        const c = e.pop();
        const b = e.pop();
        const a = e.stack.length - 1;
        const cat = e.stack[a];
        const dst = vars(cat, a), src = vars(cat, b);
        e.forget(a);
        e.out(`if (!(${e.truth(c)})) { ${dst.map((v, k) => `${v} = ${src[k]};`).join(' ')} }`);
        return;
      }
      case 0x20: // local.get
      case 0x21: // local.set
      case 0x22: { // local.tee
        const i = r.u32();
        const cat = this.localCats[i];
        const local = localVars(cat, i);
        if (cat === 'i') {
          this.localI32(op, local[0]);
          return;
        }
        if (op === 0x20) {
          const d = e.stack.length;
          e.push(cat);
          e.out(vars(cat, d).map((v, k) => `${v} = ${local[k]};`).join(' '));
        } else {
          const h = e.stack.length - 1;
          e.out(vars(cat, h).map((v, k) => `${local[k]} = ${v};`).join(' '));
          if (op === 0x21) e.pop();
        }
        if (cat === 'v') noteV128Local(e, op, local);
        return;
      }
      case 0x23: // global.get
      case 0x24: { // global.set
        const g = this.inst.globals[r.u32()];
        this.globalsUsed = true;
        const cat = catOf(g.type.valType);
        const cell = g.addr << 1;
        if (op === 0x23) {
          const h = e.stack.length;
          e.push(cat);
          if (cat === 'r') e.out(`a${h} = A.refs[${g.addr}];`);
          else if (cat === 'l' || cat === 'v') e.out(vars(cat, h).map((v, k) => `${v} = G[${cell + k}];`).join(' '));
          else if (cat === 'd') e.out(`S[0] = G[${cell}]; S[1] = G[${cell + 1}]; x${h} = SD[0];`);
          else if (cat === 'f') e.out(`x${h} = N.f32FromBits(G[${cell}]);`);
          else e.out(`s${h} = G[${cell}];`);
        } else {
          const h = e.pop();
          if (cat === 'r') e.out(`A.refs[${g.addr}] = a${h};`);
          else if (cat === 'l' || cat === 'v') e.out(vars(cat, h).map((v, k) => `G[${cell + k}] = ${v};`).join(' '));
          else if (cat === 'd') e.out(`SD[0] = x${h}; G[${cell}] = S[0]; G[${cell + 1}] = S[1];`);
          else if (cat === 'f') e.out(`G[${cell}] = N.f32ToBits(x${h});`);
          else e.out(`G[${cell}] = ${e.s(h)};`);
        }
        return;
      }
      case 0x3f: // memory.size
      case 0x40: { // memory.grow
        if (r.u32() !== 0) throw new Unsupported('a second memory');
        this.needMemory();
        if (op === 0x3f) emitMemorySize(e);
        else emitMemoryGrow(e);
        return;
      }
      case 0x41: { // i32.const
        const v = r.s32();
        e.pushDeferred(v < 0 ? `(${v})` : String(v), v);
        return;
      }
      case 0x42: { // i64.const
        const v = BigInt.asUintN(64, r.s64());
        const h = e.pushConst('l', Number(v & 0xffffffffn) | 0);
        e.out(`s${h} = ${Number(v & 0xffffffffn) | 0}; t${h} = ${Number(v >> 32n) | 0};`);
        return;
      }
      case 0x43: { // f32.const
        const h = e.stack.length;
        e.push('f');
        e.out(`x${h} = ${f32Literal(r.u32Fixed() | 0)};`);
        return;
      }
      case 0x44: { // f64.const: a number literal (a NaN built from its bits)
        const lo = r.u32Fixed() | 0, hi = r.u32Fixed() | 0;
        const h = e.stack.length;
        e.push('d');
        e.out(`x${h} = ${f64Literal(lo, hi)};`);
        return;
      }
      case PREFIX_SIMD:
        emitSimd(e, r, r.u32(), this);
        return;
      case PREFIX_GC:
        emitGc(e, r, r.u32(), this);
        return;
      case PREFIX_MISC: {
        const sub = r.u32();
        if (sub <= 7) {
          emitNumeric(e, 0xfc, sub);
          return;
        }
        if (sub === 8 || sub === 10 || sub === 11) {
          const seg = sub === 8 ? r.u32() : 0;
          if (r.u32() !== 0 || (sub === 10 && r.u32() !== 0)) throw new Unsupported('a second memory');
          this.needMemory();
          this.trapHere();
          emitBulk(e, sub, seg);
          return;
        }
        throw new Unsupported(sub === 9 ? 'data.drop' : 'tables');
      }
      default:
        break;
    }
    if (op >= 0xd0 && op <= 0xd6) {
      emitRef(e, r, op, this);
      return;
    }
    if (op >= 0x28 && op <= 0x3e) {
      const m = readMemArg(r, newMemArg());
      if (m.memIndex !== 0) throw new Unsupported('a second memory');
      this.needMemory();
      this.trapHere();
      if (op <= 0x35) emitLoad(e, op, m);
      else emitStore(e, op, m);
      return;
    }
    if (op >= 0x45 && op <= 0xc4) {
      if (numericMayTrap(op)) this.trapHere();
      emitNumeric(e, op, 0);
      return;
    }
    throw new Unsupported(opFamily(op) ?? `opcode 0x${op.toString(16)}`);
  }

  /**
   * local.get/set/tee of an i32 local: the value is deferred (JsEmitter.pushDeferred); a write
   * first writes the deferred operands still reading the local's old value.
   */
  private localI32(op: number, local: string): void {
    const e = this.e;
    if (op === 0x20) {
      e.pushDeferred(local);
      return;
    }
    const h = e.stack.length - 1;
    const value = e.s(h);
    if (op === 0x21) e.pop();
    if (value === local) return;
    e.writeDeferred((expr) => expr === local);
    // `s0 = (s0 + l2) | 0;` then `l2 = s0;`: the local takes the value directly (s0, popped, is read no more).
    if (op === 0x21 && e.retarget(value, local)) return;
    e.out(`${local} = ${value};`);
  }

  /** A SIMD memory access (emitSimd.ts): memory 0 must be usable; a trap there reports this instruction. */
  memoryAccess(memIndex: number): void {
    if (memIndex !== 0) throw new Unsupported('a second memory');
    this.needMemory();
    this.trapHere();
  }

  private needMemory(): void {
    const m = this.inst.mem0;
    if (m === null) throw new Unsupported('no memory');
    if (m.is64) throw new Unsupported('memory64');
    if (m.pageSizeLog2 !== 16) throw new Unsupported('custom page sizes');
    this.memUsed = true;
    this.e.memFloor = m.u8.length;
  }

  /** A branch's code without disturbing the fall-through stack (br_if, br_table arms). */
  captureBranch(depth: number): string {
    const e = this.e;
    const at = e.lines.length;
    const stmt = this.branch(depth);
    const moves = e.lines.splice(at);
    return [...moves, stmt].join(' ');
  }

  private callSite(): { callPc: number; argBase: number; retPc: number } {
    const site = this.sites.call(this.offset);
    if (site === undefined) throw new Unsupported('call site not found in the interpreter code');
    return site;
  }

  private call(fi: number): void {
    const e = this.e;
    e.mark();
    const callee = this.inst.funcs[fi];
    const site = this.callSite();
    const ft = callee.type;
    const paramCats = ft.params.map(catOf);
    if (ft.results.length > 1) throw new Unsupported('several results');
    const resultCats = ft.results.map(catOf);
    if (callee.host !== undefined || callee.instance !== this.inst) {
      this.genericCall(`IF[${fi}]`, site, paramCats, resultCats);
      return;
    }
    this.callExits(site, paramCats.length);
    const base = e.stack.length - paramCats.length;
    const args: string[] = [];
    paramCats.forEach((c, i) => args.push(...vars(c, base + i)));
    for (let i = 0; i < paramCats.length; i++) e.pop();
    // VM-stack indices and depths are far below 2^31: `| 0` tells V8 so, sparing an overflow
    // check per addition (~15 instructions per call).
    e.out(`nfp$ = (fp + ${site.argBase}) | 0;`);
    // No VM-stack or depth check: the budget the callee charges bounds both (tier.ts `room`).
    const quiet = keepsViews(this.inst, fi);
    let at: (k: number) => string;
    let learn = '';
    if (callee.entryPc >= 0) at = (k) => `(nfp$ + ${callee.localsI32 + k}) | 0`;
    else {
      // Not compiled for the interpreter yet: its header offset is learnt on the first call (lazyFrames).
      this.lazyFrames.add(fi);
      at = (k) => `(nfp$ + fh${fi} + ${k}) | 0`;
      learn = `if (fh${fi} === FRAME_UNKNOWN) fh${fi} = X.headerAt(IF[${fi}]); `;
    }
    const header = `${learn}V[${at(0)}] = fp >> 1; V[${at(1)}] = CUR; V[${at(2)}] = ${site.retPc}; V[${at(3)}] = 0; V[${at(4)}] = ${callee.addr};`;
    // A quiet callee's header gets only its return pc, and only while a profiler samples
    // (`headers$`; code translated for a sampler writes it always): a sample completes the rest
    // (sampledHeaders.ts). Five stores per call were a third of fib's time under a profiler.
    const retPc = `${learn}V[${at(2)}] = ${site.retPc};`;
    if (quiet) this.quietCalls.set(site.retPc, site.argBase);
    e.out(!quiet ? header : this.sampling ? retPc : `if (headers$ === true) { ${retPc} }`);
    const argList = `(nfp$, dk${args.map((a) => `, ${a}`).join('')})`;
    // A recursive call goes straight to `fn` while the store's table routes it there (`direct$`,
    // switched by the tier): V8 knows that target without a load and may inline it. An on-stack
    // replacement's `fn` starts mid-body: its recursive calls take the table.
    const call = callee === this.f && this.osrSteps === null
      ? `(direct$ === true ? fn${argList} : F[${callee.addr}]${argList})`
      : `F[${callee.addr}]${argList}`;
    const rc = resultCats[0];
    if (e.sync !== '') e.out(e.sync);
    if (rc === undefined) e.out(`${call};`);
    else {
      e.push(rc);
      const [first, ...rest] = vars(rc, base);
      e.out(`${first} = ${call}; ${rest.map((v, k) => `${v} = ${RESULT_LANES[k]};`).join(' ')}`);
    }
    e.out(`if (X.deopting === true) { X.returned(nfp$, fp, ${callee.addr}, ${site.callPc}, ${site.retPc}, CUR, dk); ${e.exit} }`);
    this.afterCall(quiet);
  }

  private callIndirect(ti: number, tbl: number): void {
    const e = this.e;
    e.mark();
    const table = this.inst.tables[tbl];
    if (table.is64) throw new Unsupported('table64');
    const site = this.callSite();
    const ft = funcTypeOf(this.inst.info, ti);
    if (ft.results.length > 1) throw new Unsupported('several results');
    const idx = e.pop();
    this.e.trapPc = site.callPc;
    e.out(`S[0] = s${idx}; c$ = N.resolveIndirect(inst, ${tbl}, ${this.inst.canonIds[ti]}, S, 0, 0, T.exit);`);
    e.trapIf(`typeof c$ === 'number'`, 'c$');
    this.genericCall('c$', site, ft.params.map(catOf), ft.results.map(catOf));
  }

  /** call_ref: a null reference traps at the call op (the interpreter's CallRef); else called like call_indirect's callee. */
  private callRef(ti: number): void {
    const e = this.e;
    e.mark();
    const site = this.callSite();
    const ft = funcTypeOf(this.inst.info, ti);
    if (ft.results.length > 1) throw new Unsupported('several results');
    const ref = e.pop();
    e.trapPc = site.callPc;
    e.out(`c$ = ${e.r(ref)};`);
    e.trapIf('c$ === null', String(TrapCode.NullFunctionReference));
    this.genericCall('c$', site, ft.params.map(catOf), ft.results.map(catOf));
  }

  /** Arguments to the VM stack where the interpreter puts them, X.call, results back. */
  private genericCall(callee: string, site: { callPc: number; argBase: number; retPc: number }, params: Cat[], results: Cat[]): void {
    const e = this.e;
    this.callExits(site, params.length);
    e.exitAt(site.callPc);
    const base = e.stack.length - params.length;
    const argAt = offsetsOf(params);
    params.forEach((c, i) => e.out(writeVm(c, vars(c, base + i), `fp + ${site.argBase + argAt[i]}`)));
    for (let i = 0; i < params.length; i++) e.pop();
    e.out(`${e.sync}X.call(${callee}, fp, ${site.argBase}, ${site.callPc}, ${site.retPc}, CUR, dk);`);
    e.deoptCheck();
    const resultAt = offsetsOf(results);
    results.forEach((c, i) => {
      const h = e.stack.length;
      e.push(c);
      const words = readVm(c, `fp + ${site.argBase + resultAt[i]}`);
      e.out(vars(c, h).map((v, k) => `${v} = ${words[k]};`).join(' '));
    });
    this.afterCall();
  }

  /**
   * A call's deoptimization sites: its return pc (the callee deoptimized: this frame continues
   * in the interpreter once it returns, with the operands below its `n` arguments) and, under
   * torture, a poll before it (the interpreter runs the call).
   */
  private callExits(site: { callPc: number; retPc: number }, n: number): void {
    const e = this.e;
    this.calls.set(site.retPc, e.stack.slice(0, e.stack.length - n).join(''));
    if (this.torture) e.out(`${e.sync}if (X.poll(fp, ${e.exitAt(site.callPc)}, CUR, dk) === POLL_DEOPT) ${e.exit}`);
  }

  /**
   * A callee may have grown memory or made globals (replacing the views): the views this body
   * uses are read again, and the fuel counter (meterCharge). Which it uses is known at its end (`run` fills in AFTER_CALL): reading
   * views a body never touches after every call costs a call-heavy function (fib) ~5 loads.
   * `keptViews`: the callee cannot replace them (keepsViews.ts): only the fuel counter is read again.
   */
  private afterCall(keptViews = false): void {
    this.e.out(keptViews ? AFTER_VIEW_KEEPING_CALL : AFTER_CALL);
  }
}

/** Where a result's words after its first go between a call and its caller (the first is the JS return value). */
const RESULT_LANES = ['R.h', 'R.u', 'R.w'];

const F64_BITS = new Int32Array(2);
const F64_VALUE = new Float64Array(F64_BITS.buffer);
/** JS source for the f64 with these bits (little-endian halves): its shortest exact literal. */
function f64Literal(lo: number, hi: number): string {
  F64_BITS[0] = lo;
  F64_BITS[1] = hi;
  const v = F64_VALUE[0];
  if (v !== v) return `(S[0] = ${lo}, S[1] = ${hi}, SD[0])`;
  return Object.is(v, -0) ? '-0' : String(v);
}

/** JS source for the f32 with these bits: a number literal, or the NaN built from its bits. */
function f32Literal(bits: number): string {
  const v = f32FromBits(bits);
  if (v !== v) return `N.f32FromBits(${bits})`;
  return Object.is(v, -0) ? '-0' : String(v);
}

/**
 * 1 for the opcodes whose translation reads operands only through JsEmitter.s()/t()/x() and may
 * leave only by a trap (`JsEmitter.deferred`): nop, drop, locals, globals, loads and stores, the
 * constants and the numeric instructions (emitNumeric.ts).
 */
const FOLDS = new Uint8Array(256);
for (const [from, to] of [[0x01, 0x01], [0x1a, 0x1a], [0x20, 0x24], [0x28, 0x3e], [0x41, 0x44], [0x45, 0xc4]]) FOLDS.fill(1, from, to + 1);

/** Instruction families the translator will not take on: a body using one is never compiled. */
const NEVER_COMPILED = new Set<OpFamily | null>(['exceptions', 'stack switching', 'atomics']);

/**
 * Why `f`'s body is not to be translated (its first instruction of a family in NEVER_COMPILED,
 * or under `auto` in AUTO_INTERPRETED), or null: a scan of the opcodes, made before its
 * interpreter code is compiled (tier.ts mayCompile).
 */
export function unsupportedIn(f: FuncInstance, auto: boolean): string | null {
  const info = (f.instance as Instance).info;
  const body = info.bodies[f.funcIndex - info.importedFuncs];
  const r = new ByteReader(info.bytes, body.codeStart, body.codeEnd);
  while (r.pos < r.end) {
    const family = opFamily(r.bytes[r.pos]);
    if (NEVER_COMPILED.has(family)) return family;
    if (auto && AUTO_INTERPRETED.has(family)) return `${family} under auto`;
    skipImmediates(r, readOpcodeImm(r));
  }
  return null;
}

/** Reading the views of memory 0 (after anything that may grow or replace it) and of the globals' arena. */
const MEMORY_VIEWS = ['M = MEM.view', 'U = MEM.u8', 'ML = U.length'];
const GLOBALS_VIEW = 'G = A.i32';

/** Where a call's code reads again the views its function uses (Translator.afterCall). */
const AFTER_CALL = '/*after-call*/';
/** The same after a call that cannot replace the views: only the fuel counter. */
const AFTER_VIEW_KEEPING_CALL = '/*after-view-keeping-call*/';

/** Helpers a compiled function's factory defines when its code calls them (f64 sign-bit operations). */
const PRELUDE = [
  { name: 'fabs(', source: 'function fabs(x) { SD[3] = x; S[7] &= 0x7fffffff; return SD[3]; }' },
  { name: 'fneg(', source: 'function fneg(x) { SD[3] = x; S[7] ^= -2147483648; return SD[3]; }' },
  { name: 'fcopysign(', source: 'function fcopysign(x, y) { SD[3] = x; SD[2] = y; S[7] = (S[7] & 0x7fffffff) | (S[5] & -2147483648); return SD[3]; }' },
];

const TRAP_CONSTS = `const TRAP_UNREACHABLE = ${TrapCode.Unreachable}, TRAP_DIV_ZERO = ${TrapCode.IntegerDivideByZero}, \
TRAP_OOB = ${TrapCode.MemoryOutOfBounds}, TRAP_OVERFLOW = ${TrapCode.IntegerOverflow}, \
FRAME_UNKNOWN = 0x3fffffff, POLL_DEOPT = ${POLL_DEOPT};`;
