/**
 * The JS-compiling tier of a Store: which functions run as JS (policy), the way in from the
 * interpreter and back, and the calls compiled code makes to everything that is not compiled.
 *
 *   interpreter → compiled   A compiled function's entryPc is the store-wide EnterCompiled stub:
 *                            the interpreter pushes its frame exactly as for any call and exits
 *                            with a Compiled exit; `enter` runs the JS function on that frame
 *                            and then returns from it as the interpreter's Return would.
 *   compiled → compiled      direct JS calls (codegen.ts), frames at the interpreter's FPs.
 *   compiled → anything else `X.call` / `X.interpret`: host functions through the driver's
 *                            hostCall, wasm functions in a nested run of the interpreter loop on
 *                            the same VM stack (no new activation: the callee's header says
 *                            RETURNS_TO_COMPILED, so its return ends the run).
 *
 * Exactness: every observation is the interpreter's. A function the tier may run gets interpreter
 * code in debug compile mode's layout (every operand of a wasm instruction's start in its own
 * slot), and its compiled frames sit at the interpreter's FPs with the interpreter's headers. When
 * something would look at frames — a trap or a host call with a trap handler or debugger present,
 * a Break in a nested run, an async entry's yield, deopt torture — the frames are materialized
 * (`deopt`): `deopting` is set and the JS frames return (codegen.ts: no exception, no `try`), each
 * spilling its locals and live operands into its interpreter frame, and the loop continues at the
 * origin. A trap is thereby executed again by
 * the interpreter (code, offsets, frames, locals, retry/resume/force-return, CallThreadState: its
 * own); a host call is made from interpreted frames, so what it sees below is exact. Nothing
 * observing, a trap records the interpreter's exit state directly and unwinds with TRAP_EXIT:
 * same code, offsets, frames and V8 stack text. A breakpoint bound in a function withholds its
 * JS code (its next call runs the interpreter code, where the Break is); stepping and probes run
 * interpreted (`usable`), so does code inside a continuation. Compiled loops count down to a
 * poll (`poll`), which is how pause() reaches a compiled loop in an async entry; polls call here
 * only while one runs or under torture (`polling`). A wasm exception
 * crossing compiled frames travels as a WasmThrow to the first interpreted frame below them
 * (compiled functions have no handlers) and is thrown there by the interpreter's unwinder.
 *
 * Depth: compiled calls spend a JS-stack budget (bytes, estimated per function); out of it a
 * call runs in the interpreter, which never recurses in JS, so recursion of any depth ends in
 * the interpreter's "call stack exhausted" trap, never a RangeError. The budget compiled code
 * is entered with is also no more than the VM stack and call depth left (`room`), so a compiled
 * call checks nothing else: out of room, the call deoptimizes to the interpreter's call op,
 * which checks and traps (`deoptCall`).
 *
 * Frame headers: a compiled call of a quiet callee (keepsViews.ts: nothing it may run looks at
 * frames without materializing them) leaves the callee's header unwritten; the caller writes it
 * when a deoptimization passes the call (`returned`). While a profiler samples, the call writes
 * the header's return pc (`headers`), from which a sample completes it (`writeSampledHeaders`,
 * sampledHeaders.ts: samples read frames in place). So a trap in a quiet function always deoptimizes.
 */
import { ExitKind, FRAME_LAYOUT, TrapCode, handlersFor } from '@lantern/traps';
import type { Store } from '../store/store.ts';
import type { FuncInstance } from '../instances/func.ts';
import type { Instance } from '../instances/instance.ts';
import { run } from '../exec/interpreter.ts';
import { Op } from '../isa/op.generated.ts';
import { hostCall } from '../exec/driver.ts';
import { throwException } from '../exec/exceptions.ts';
import { RETURNS_TO_COMPILED } from '../exec/thread.ts';
import type { ExceptionInstance } from '../instances/exception.ts';
import { yieldDue } from '../exec/tickYield.ts';
import { sampleAtTick } from '../exec/sampling.ts';
import { meterSlowPath } from '../exec/meter.ts';
import { globalArena } from '../instances/globalArena.ts';
import { FIRST_GRANT, JsStackGrant } from './jsStackGrant.ts';
import { keepsViews } from './keepsViews.ts';
import { budgetOf, callWord, relativeDepth } from './callWord.ts';
import * as Numerics from '../exec/numerics.ts';
import * as MemoryAccess from '../exec/memoryAccess.ts';
import * as Simd from '../exec/simd.ts';
import { resolveIndirect } from '../exec/tableAccess.ts';
import { ByteReader } from '../binary/reader.ts';
import { readOpcodeImm, skipImmediates } from '../binary/immediates.ts';
import { GC_HELPERS } from './emitGc.ts';
import { decodeSites } from './deoptSites.ts';
import { type DeoptFrame, MIN_CALL_COST, POLL_DEOPT, POLL_EVERY, offsetsOf, translate, unsupportedIn } from './codegen.ts';
import { AUTO_MAX_BODY, HOT_CALLS, OUTLINE_ABOVE, SPECULATE_BYTES } from './policy.ts';
import { type Cat, Unsupported, catOf, width } from './jsValues.ts';
import { type QuietCalls, completeQuietHeaders } from './sampledHeaders.ts';
import * as F32Bits from './f32Bits.ts';
import { primeFeedback } from './feedbackPriming.ts';

export type TierPolicy = 'interpreter' | 'auto' | 'eager';

/** The tier's record on a FuncInstance (f.jit): where its interpreter code starts, its JS code once compiled. */
export interface CompiledFunc {
  interpEntry: number;
  /** The JS function (fp, dk, ...params) (dk: callWord.ts), null until compiled. */
  fn: ((...args: number[]) => number | undefined) | null;
  /** entry(fp, dk): parameters from the VM frame, results to it. */
  entry: ((fp: number, dk: number) => void) | null;
  /** Switches its polls (Tier.polling) and its quiet callees' headers (Tier.headers) on or off, null until compiled. */
  setPolling: ((on: boolean, headers: boolean) => void) | null;
  /** Budget bytes a call charges. */
  cost: number;
  calls: number;
  /** A breakpoint is bound in it: it runs interpreted (`withhold`). */
  withheld: boolean;
  /** Module offsets of its loops, null until compiled; per loop entered so, its on-stack replacement's code (null: refused). */
  loops: Set<number> | null;
  readonly osr: Map<number, OsrCode | null>;
}

/** Thrown through compiled JS frames after a trap was recorded; caught where the driver raises it. */
export const TRAP_EXIT: unique symbol = Symbol('lantern.tier.trap');
/** What a compiled function's factory returns (codegen.ts). */
type Linked = { [K in 'fn' | 'entry']: NonNullable<CompiledFunc[K]> } & { setPolling: (on: boolean, headers: boolean) => void; setDirect: (on: boolean) => void };
/** An on-stack replacement's code, and the budget bytes its frame charges (it enters only with them). */
type OsrCode = Linked & { cost: number };

/** A wasm exception crossing compiled frames (they have no handlers), to the first interpreted frame below. */
export class WasmThrow {
  constructor(readonly exn: ExceptionInstance) {}
}

/** Compiled calls between two entry polls (`entryPoll`) while polling. */
const CALLS_PER_POLL = 1 << 12;

let codegenAllowed: boolean | undefined;
/** Whether `new Function` works here (CSP without 'unsafe-eval', --disallow-code-generation-from-strings). */
export function codeGenerationAllowed(): boolean {
  if (codegenAllowed === undefined) {
    try {
      codegenAllowed = new Function('return 1')() === 1;
    } catch {
      codegenAllowed = false;
    }
  }
  return codegenAllowed;
}

/** The tier for a store, or null: policy 'interpreter', or code generation is forbidden. */
export function createTier(store: Store, policy: TierPolicy | undefined, torture = 0): Tier | null {
  if (!Number.isSafeInteger(torture) || torture < 0) throw new TypeError(`deoptTorture: expected a whole number >= 0, got ${String(torture)}`);
  if (policy === undefined || policy === 'interpreter') return null;
  if (policy !== 'auto' && policy !== 'eager') throw new TypeError(`tier: expected 'interpreter', 'auto' or 'eager', got ${String(policy)}`);
  return codeGenerationAllowed() ? new Tier(store, policy, torture) : null;
}

const BINDINGS = ['X', 'N', 'S', 'SF', 'SD', 'T', 'V', 'VD', 'inst', 'MEM', 'A', 'F', 'IF', 'R', 'Q', 'RF', 'GC'];
const OPERANDS_I32 = 2 * FRAME_LAYOUT.HEADER_CELLS;
/** Scratch for a double's words (little-endian: [0] is the low word). */
const BITS_D = new Float64Array(1);
const BITS_I = new Int32Array(BITS_D.buffer);
const NUMERIC_HELPERS = { ...Numerics, ...MemoryAccess, ...F32Bits, ...Simd, resolveIndirect };
/**
 * The SIMD operations compiled code does not inline run the interpreter's own (exec/simd.ts) on
 * this array: operands at int32 0, 4, 8, the result at 12 (emitSimd.ts).
 */
const SIMD_SCRATCH = new Int32Array(16);

export class Tier {
  /** JS-stack budget left to compiled code entered from now on (bytes). */
  budget = FIRST_GRANT;
  /** The depth below the innermost activation of compiled code: the words its calls pass count from it (`depthOf`). */
  private base = 0;
  /** The rest of the JS-stack budget, granted to compiled code after a probe (jsStackGrant.ts). */
  readonly grant = new JsStackGrant();
  /** Functions compiled to JS, and why the others that were tried stay interpreted (reason → count). */
  compiled = 0;
  /**
   * Milliseconds spent translating and linking, V8's compile of each function's body included (it
   * compiles it with its factory, codegen.ts; not its outlined regions, compiled at their first run).
   * `pnpm bench` prints it against run times.
   */
  compileMs = 0;
  /** Deoptimizations so far: compiled frames materialized for the interpreter to continue. */
  deopts = 0;
  /** On-stack replacements: a frame running interpreted at a loop's head continued as JS (`enterAtLoop`). */
  osrEntries = 0;
  /** Sees each compiled function's JS source as it is linked (bench/tierDump.ts writes them to files). */
  onSource: ((f: FuncInstance, source: string) => void) | null = null;
  readonly unsupported = new Map<string, number>();
  /** Per store address, what a direct call from compiled code calls: the callee's JS function or a thunk. */
  readonly F: ((...args: number[]) => number | undefined)[] = [];
  /** A result's words after the first (the JS return value): an i64's high half, a v128's lanes 1-3. */
  readonly R = { h: 0, u: 0, w: 0 };
  /** StoreOptions.deoptTorture: every this many polls (loop iterations, calls) deoptimize; 0: never. */
  readonly torture: number;
  private tortureLeft: number;
  /** Per store address, the thunk a direct call reaches while the function has no JS code to run. */
  private readonly thunks: ((...args: number[]) => number | undefined)[] = [];
  /** Per store address, its latest compiled code, whose recursive calls skip `F` while F routes them to it (`route`). */
  private readonly latest: (Linked | undefined)[] = [];
  /** The driver's entry can await (an async entry): polls yield to the event loop (tickYield.ts). */
  private canAwait = false;
  /**
   * Compiled loops' polls call `poll` (else they only count): under torture, or while an async
   * entry runs (`asyncEntry`). Each compiled function's factory holds it in a variable of its
   * own (`setPolling` switches them), read with no type feedback: a poll never called costs no
   * call in V8's optimized code (codegen.ts).
   */
  polling: boolean;
  /**
   * Compiled calls of quiet callees write their header's return pc: while a profiler samples (a
   * sample completes those headers and reads the frames in place). It can only start from a host
   * call, where no frame lacks its header.
   */
  headers = false;
  /** The quiet calls compiled code makes, by return pc (sampledHeaders.ts). */
  private readonly quietCalls: QuietCalls = new Map();
  private asyncEntries = 0;
  /** Body bytes compiled at a first call so far (`speculate`). */
  private speculated = 0;
  /** A deoptimization is in flight: compiled code returns at once, each frame spilling (`spill`). */
  deopting = false;
  // A deoptimization in flight (see `deopt`): where the loop continues, the frame it started in,
  // and the key of the exit or call site of the next compiled frame to spill.
  private originFp = 0;
  private originFunc = 0;
  private originPc = 0;
  private originDepth = 0;
  private deoptFp = -1;
  private deoptPc = 0;
  /** The deoptimization started at a call that found no room (`deoptCall`): its caller is the origin (`returned`). */
  private callPending = false;
  private readonly stubPc: number;
  private readonly scratch = new ArrayBuffer(32);
  private readonly S = new Int32Array(this.scratch);
  private readonly SF = new Float32Array(this.scratch);
  private readonly SD = new Float64Array(this.scratch);

  constructor(private readonly store: Store, readonly policy: 'auto' | 'eager', torture = 0) {
    this.torture = this.tortureLeft = torture;
    this.polling = torture > 0;
    this.meterPolls();
    const code = store.code;
    code.reserve(1);
    this.stubPc = code.pos;
    code.buf[code.pos++] = Op.EnterCompiled;
  }

  /**
   * Compiled code may start now: not inside a continuation, and no debugger stepping or probing
   * (those patch the interpreter code, which only interpreted frames run).
   */
  private usable(): boolean {
    const store = this.store;
    return store.thread.prompt === null && (store.debug === null || !store.debug.interpretOnly);
  }

  /** Something may look at frames: a trap, host call or pause there materializes compiled frames. */
  private observed(): boolean {
    const store = this.store;
    return store.debug !== null || handlersFor(store.thread.state) !== null || this.torture > 0;
  }

  /**
   * compileFunction asks, before compiling `f`'s interpreter code: may the tier run `f`? Then
   * that code gets the layout a deoptimization continues in (every operand in its slot at each
   * wasm instruction, compile/compiler.ts). Bodies the tier can never translate, or that `auto`
   * leaves interpreted, say why here: they keep the interpreter's fast layout.
   */
  mayCompile(f: FuncInstance): boolean {
    f.jit = null;
    if (f.instance === null) return false;
    const auto = this.policy === 'auto';
    const reason = auto && bodySize(f) > AUTO_MAX_BODY ? 'too large for auto' : unsupportedIn(f, auto);
    if (reason !== null) {
      this.count(reason);
      return false;
    }
    f.jit = { interpEntry: -1, fn: null, entry: null, setPolling: null, cost: 0, calls: 0, withheld: false, loops: null, osr: new Map() };
    return true;
  }

  /** store.compileFunc hook: `f` has (new) interpreter code; route its calls through the tier. */
  onCompiled(f: FuncInstance): void {
    this.toThunk(f.addr);
    if (f.jit === null) return;
    f.jit.interpEntry = f.entryPc;
    f.entryPc = this.stubPc;
  }

  /**
   * A breakpoint is bound in `f`: from its next call on it runs interpreted (a frame running as
   * JS now finishes so; the debugger's pause materializes it like any compiled frame).
   */
  withhold(f: FuncInstance): void {
    const jit = f.jit;
    if (jit === null) return;
    jit.withheld = true;
    this.toThunk(f.addr);
  }

  /** `f`'s interpreter code is being reset (DebugState.resetFunction): its JS code, made against it, goes too. */
  forget(f: FuncInstance): void {
    f.jit = null;
    this.toThunk(f.addr);
  }

  /** Stepping or probes began: direct calls between compiled functions go through their thunks (which check `usable`). */
  interceptCalls(): void {
    for (let addr = 0; addr < this.thunks.length; addr++) this.toThunk(addr);
  }

  /** The debugger detached: functions withheld for breakpoints may run as JS again. */
  releaseAll(): void {
    for (const f of this.store.funcs) if (f.jit !== null) f.jit.withheld = false;
  }

  /** An async entry (exec/driver.ts invokeAsync) starts or ends: compiled loops poll while one runs. */
  asyncEntry(delta: 1 | -1): void {
    this.asyncEntries += delta;
    this.updatePolling();
  }

  /**
   * A profiler started or stopped (exec/sampling.ts setSampler): started, the first countdown
   * runs out at once; stopped, code compiled meanwhile polls its loops only every POLL_EVERY
   * iterations.
   */
  samplerChanged(): void {
    this.ticks = this.store.sampler !== null ? 1 : POLL_EVERY;
    this.updatePolling();
  }

  /** Compiled loops poll under torture, while an async entry runs, or while a profiler samples. */
  private updatePolling(): void {
    const on = this.torture > 0 || this.asyncEntries > 0 || this.store.sampler !== null;
    const headers = this.store.sampler !== null;
    if (on === this.polling && headers === this.headers) return;
    this.polling = on;
    this.headers = headers;
    this.meterPolls();
    for (const f of this.store.funcs) {
      f.jit?.setPolling?.(on, headers);
      f.jit?.osr.forEach((made) => made?.setPolling(on, headers));
    }
  }

  /** Metered code polls on the meter's slow path (`meterPoll`): it runs that often while polling. */
  private meterPolls(): void {
    if (!this.store.thread.metered) return;
    this.store.thread.meter.setPolls(!this.polling ? 'off' : this.torture > 0 ? 'each' : 'sliced');
  }

  private count(reason: string): void {
    this.unsupported.set(reason, (this.unsupported.get(reason) ?? 0) + 1);
  }

  /** Stops routing `f` through the tier (it stays interpreted). */
  private drop(f: FuncInstance, reason: string): void {
    this.count(reason);
    f.entryPc = f.jit!.interpEntry;
    f.jit = null;
  }

  /** A call of `f` (not compiled yet): counts it and compiles it when the policy says so. */
  private noteCall(f: FuncInstance): void {
    const jit = f.jit;
    if (jit === null || jit.fn !== null || jit.withheld) return;
    if (this.policy === 'auto') {
      if (jit.calls++ === 0) {
        if (!this.speculate(f)) return;
      } else if (jit.calls < HOT_CALLS) {
        return;
      }
    }
    this.compile(f);
  }

  /**
   * `auto`, at `f`'s first call: whether to compile it now, before it is hot. A function with a
   * loop is while the store's speculation budget lasts (SPECULATE_BYTES); a huge one always
   * (OUTLINE_ABOVE).
   */
  private speculate(f: FuncInstance): boolean {
    if (!hasLoop(f)) return false;
    const size = bodySize(f);
    if (size > OUTLINE_ABOVE) return true;
    if (this.speculated + size > SPECULATE_BYTES) return false;
    this.speculated += size;
    return true;
  }

  private compile(f: FuncInstance): void {
    const jit = f.jit!;
    let made: Linked;
    let cost: number;
    let loops: Set<number>;
    const start = performance.now();
    try {
      const t = translate(this.store, f);
      cost = t.cost;
      loops = t.loops;
      made = this.link(f, t.source, t.quietCalls);
      primeFeedback(made.fn, t.source.length);
    } catch (e) {
      // V8 refuses a source its parser cannot take (nesting beyond its stack) with a RangeError.
      if (e instanceof RangeError) return this.drop(f, 'too large');
      if (!(e instanceof Unsupported)) throw e;
      return this.drop(f, e.message);
    } finally {
      this.compileMs += performance.now() - start;
    }
    if (f.jit !== jit) return; // recompiled (a debugger attached) meanwhile
    jit.fn = made.fn;
    jit.entry = made.entry;
    jit.cost = cost;
    jit.loops = loops;
    jit.setPolling = made.setPolling;
    // Code compiled before (its frames may still run) calls this one through F from now on.
    this.latest[f.addr]?.setDirect(false);
    this.latest[f.addr] = made;
    this.route(f.addr, made.fn!);
    this.compiled++;
  }

  /** Direct calls of function `addr` from compiled code reach `target` (F, and its latest code's recursive calls). */
  private route(addr: number, target: (...args: number[]) => number | undefined): void {
    this.F[addr] = target;
    const latest = this.latest[addr];
    latest?.setDirect(latest.fn === target);
  }

  /** Direct calls of function `addr` reach its thunk (when it has one: its instance has compiled code). */
  private toThunk(addr: number): void {
    const thunk = this.thunks[addr];
    if (thunk !== undefined) this.route(addr, thunk);
  }

  private link(f: FuncInstance, source: string, quietCalls: Map<number, number>): Linked {
    const inst = f.instance as Instance;
    const thread = this.store.thread;
    for (const [retPc, argBase] of quietCalls) this.quietCalls.set(retPc, { caller: f.addr, argBase });
    for (const g of inst.funcs) if (this.F[g.addr] === undefined) this.F[g.addr] = this.thunks[g.addr] = this.interpThunk(g);
    // Named for profilers and stack traces: lantern-tier/f<function index>.
    const named = `${source}\n//# sourceURL=lantern-tier/f${f.funcIndex}`;
    this.onSource?.(f, named);
    const factory = new Function(...BINDINGS, named) as (...b: unknown[]) => Linked;
    return factory(this, NUMERIC_HELPERS, this.S, this.SF, this.SD, thread, thread.i32, thread.f64, inst, inst.mem0, globalArena, this.F, inst.funcs, this.R, SIMD_SCRATCH, thread.refs, GC_HELPERS);
  }

  /**
   * What a direct call from compiled code reaches while `g` has no JS code to run (not compiled
   * yet, withheld, or calls intercepted): it may compile `g` (the policy) and call it, else runs
   * it in the interpreter (parameters to its VM frame, results back).
   */
  private interpThunk(g: FuncInstance): (...args: number[]) => number | undefined {
    const cats = g.type.params.map(catOf);
    const at = offsetsOf(cats);
    const rc = g.type.results.length === 1 ? catOf(g.type.results[0]) : undefined;
    const thunk = (fp: number, dk: number, ...args: number[]): number | undefined => {
      // Its code was reset (a debugger's recompile): it compiles again, in the current mode.
      if (g.entryPc < 0 && !this.store.compileFunc(g)) throw this.store.thread.exit.error;
      const jit = g.jit;
      if (jit !== null && !jit.withheld && this.usable()) {
        this.noteCall(g);
        const fn = jit.fn;
        if (fn !== null && g.jit === jit) {
          this.route(g.addr, fn);
          return fn(fp, dk, ...args);
        }
      }
      const V = this.store.thread.i32, VD = this.store.thread.f64, refs = this.store.thread.refs;
      let k = 0;
      for (let i = 0; i < cats.length; i++) {
        const c = cats[i], p = fp + at[i];
        if (c === 'r') refs[p >> 1] = args[k++];
        else if (c === 'l') {
          V[p] = args[k++];
          V[p + 1] = args[k++];
        } else if (c === 'v') {
          for (let j = 0; j < 4; j++) V[p + j] = args[k++];
        } else if (c === 'd') VD[p >> 1] = args[k++];
        else if (c === 'f') V[p] = F32Bits.f32ToBits(args[k++]);
        else V[p] = args[k++];
      }
      this.interpret(g.addr, fp, this.depthOf(dk) + 1, budgetOf(dk));
      if (rc === undefined) return undefined;
      if (rc === 'l' || rc === 'v') this.R.h = V[fp + 1];
      if (rc === 'v') {
        this.R.u = V[fp + 2];
        this.R.w = V[fp + 3];
      }
      if (rc === 'r') return refs[fp >> 1] as number; // a reference travels as its JS value (codegen.ts)
      return rc === 'd' ? VD[fp >> 1] : rc === 'f' ? F32Bits.f32FromBits(V[fp]) : V[fp];
    };
    return thunk;
  }

  /**
   * A Compiled exit: run the frame at thread.exit.fp as JS if allowed, else send the loop to its
   * interpreter code. Returns Compiled (re-enter the loop at thread.exit.resumePc: the function's
   * interpreter code, or where a deoptimization continues), Done (the frame returned to the
   * activation's entry or to a compiled caller), Trap (recorded; `nested` rethrows it instead) or
   * Exception (thread.exit.exception left the activation or reached compiled code). `canAwait`:
   * the driver's entry is async (polls in compiled loops may yield).
   */
  enter(store: Store, nested: boolean, canAwait = false): ExitKind {
    const thread = store.thread;
    const f = store.funcs[thread.exit.func];
    const jit = f.jit;
    if (jit === null) throw new Error(`internal: EnterCompiled for ${f.addr} without compiled code`);
    const usable = this.usable();
    if (jit.fn === null && usable) this.noteCall(f);
    if (f.jit === null) { // dropped now: unsupported
      thread.exit.resumePc = f.entryPc;
      return (thread.exit.kind = ExitKind.Compiled);
    }
    const b = this.room(this.budget, thread.exit.fp, f, thread.exit.depth);
    if (jit.entry === null || jit.withheld || b < jit.cost || !usable) {
      thread.exit.resumePc = jit.interpEntry;
      return (thread.exit.kind = ExitKind.Compiled);
    }
    return this.runEntry(jit.entry, f, b, nested, canAwait);
  }

  /**
   * A Tick at a loop's head (driver.ts: the interpreter runs `f` there after a deoptimization, an
   * async entry's yield among them, or before `f` was compiled): on-stack replacement — the frame
   * continues as JS code translated to start at that loop (codegen.ts `osrLoop`), made once per
   * loop. Without it a long-running loop, once deoptimized, would stay interpreted until its
   * function returned. A function seen at a Tick is hot (Ticks come every TICKS_PER_EXIT loop
   * iterations and calls: a sample of where the interpreter spends its time): one not compiled
   * yet compiles now, at a loop's head to continue there, at its body's start (its Tick there)
   * for its next calls. Returns Tick where it does not apply (the interpreter goes on), else as
   * `enter` does (`nested`: in a nested run).
   */
  enterAtLoop(store: Store, canAwait: boolean, nested = false): ExitKind {
    const exit = store.thread.exit;
    const f = store.funcs[exit.func];
    if (f.jit === null || f.jit.withheld || !this.usable() || f.codeMap === null) return ExitKind.Tick;
    const loop = f.codeMap.offsetAt(exit.sitePc);
    if (f.jit.fn === null) this.compile(f);
    const jit = f.jit;
    if (jit === null || jit.loops === null || !jit.loops.has(loop)) return ExitKind.Tick;
    let osr = jit.osr.get(loop);
    if (osr === undefined) {
      osr = this.translateOsr(f, loop);
      jit.osr.set(loop, osr);
    }
    const b = this.room(this.budget, exit.fp, f, exit.depth);
    if (osr === null || b < osr.cost) return ExitKind.Tick;
    this.osrEntries++;
    return this.runEntry(osr.entry, f, b, nested, canAwait);
  }

  private translateOsr(f: FuncInstance, loop: number): OsrCode | null {
    const start = performance.now();
    try {
      const t = translate(this.store, f, loop);
      const made = this.link(f, t.source, t.quietCalls);
      made.setPolling(this.polling, this.headers);
      return { ...made, cost: t.cost };
    } catch (e) {
      if (!(e instanceof Unsupported) && !(e instanceof RangeError)) throw e;
      this.count(e instanceof Unsupported ? e.message : 'on-stack replacement: too large');
      return null;
    } finally {
      this.compileMs += performance.now() - start;
    }
  }

  /**
   * The budget compiled code entered on frame fp of `f` (depth d) may spend: `b`, and no more than
   * the VM stack and the depth left above that frame. A compiled call charges at least its frame's
   * int32 cells and MIN_CALL_COST (codegen.ts), so frames spending it neither pass the VM stack's
   * end nor the depth limit (each new frame starts within its caller's).
   */
  private room(b: number, fp: number, f: FuncInstance, d: number): number {
    const thread = this.store.thread;
    return Math.min(b, thread.limit - (fp + f.localsI32 + f.frameI32), (thread.maxDepth - d) * MIN_CALL_COST);
  }

  /** Runs compiled code on the interpreter's frame at exit.fp with budget b, and returns as `enter` does. */
  private runEntry(entry: (fp: number, dk: number) => void, f: FuncInstance, b: number, nested: boolean, canAwait: boolean): ExitKind {
    const store = this.store;
    const thread = store.thread;
    const fp = thread.exit.fp, depth = thread.exit.depth;
    const saved = this.budget, savedBase = this.base;
    const i32 = thread.i32;
    const h = fp + f.localsI32;
    const outerAwait = this.canAwait;
    const outerGrant = nested ? 0 : this.grant.enter();
    if (!nested) this.canAwait = canAwait;
    this.base = depth - 1;
    try {
      entry(fp, callWord(b, 0));
    } catch (e) {
      this.budget = saved;
      this.base = savedBase;
      this.canAwait = outerAwait;
      if (!nested) this.grant.leave(outerGrant);
      if (e === TRAP_EXIT) {
        if (nested) throw e;
        return ExitKind.Trap; // recorded by trap()
      }
      if (!(e instanceof WasmThrow)) throw e;
      if (i32[h + 3] === RETURNS_TO_COMPILED) throw e;
      const callerFp = i32[h];
      if (callerFp >= 0 && throwException(store, e.exn, callerFp << 1, i32[h + 1], i32[h + 2] - 1, depth - 1)) return (thread.exit.kind = ExitKind.Compiled);
      thread.exit.exception = e.exn;
      return (thread.exit.kind = ExitKind.Exception);
    }
    this.budget = saved;
    this.base = savedBase;
    this.canAwait = outerAwait;
    if (!nested) this.grant.leave(outerGrant);
    // Deoptimized: a nested run hands it on (runNested), the driver's loop continues at the origin.
    if (this.deopting) return nested ? ExitKind.Compiled : this.resumeDeopt();
    // Return as the interpreter's Return does.
    const callerFp = i32[h];
    if (callerFp < 0 || i32[h + 3] === RETURNS_TO_COMPILED) {
      thread.exit.fp = fp;
      thread.exit.depth = depth;
      return (thread.exit.kind = ExitKind.Done);
    }
    thread.exit.fp = callerFp << 1;
    thread.exit.resumePc = i32[h + 2];
    thread.exit.func = i32[h + 1];
    thread.exit.depth = depth - 1;
    return (thread.exit.kind = ExitKind.Compiled);
  }

  // ---------------------------------------------------------------- deoptimization
  //
  // Materializing compiled frames: the origin (a compiled frame at an exit site, or an interpreted
  // frame of a nested run) starts it (`deopt`: `deopting` is set) and returns. Each compiled JS
  // frame it passes sees `deopting`, spills its locals and live operands into its interpreter
  // frame (`spill`: the frame's debug-layout slots, as of the exit site or the call it is in),
  // hands the next frame down the key of its call (its header's return pc) and returns; a nested
  // run's bottom frame gets back its plain header (`rejoin`). The outermost `enter` then sends the
  // loop to the origin: every frame is an interpreter frame, and the instruction at the origin
  // runs in the interpreter — a trap there traps again, with the interpreter's exit state; a call
  // or poll continues interpreted.

  /** Starts a deoptimization that continues at `pc` of the frame (fp, func, depth). */
  private deopt(fp: number, pc: number, func: number, depth: number): void {
    this.deopting = true;
    this.deopts++;
    this.originFp = fp;
    this.originPc = pc;
    this.originFunc = func;
    this.originDepth = depth;
    this.deoptFp = fp;
    this.deoptPc = pc;
  }

  /**
   * Starts a deoptimization at the call being made (a compiled callee's `slow`, or a thunk, found
   * no room for its frame: `interpret`). The callee's arguments are in their slots; its caller
   * becomes the origin when it sees the deoptimization (`returned`): the interpreter runs the
   * call op again, which checks the VM stack and depth itself and traps exactly where it would.
   */
  private deoptCall(): void {
    this.deopting = true;
    this.deopts++;
    this.callPending = true;
    this.deoptFp = -1;
  }

  /**
   * A deoptimization passes a direct call in compiled frame fp of `cur` (depth d), the callee's
   * frame at nfp: writes the callee's header (a quiet callee's caller wrote none) and hands this
   * frame's spill the key of the call. After `deoptCall`, this frame is the origin, at the call op.
   */
  returned(nfp: number, fp: number, callee: number, callPc: number, retPc: number, cur: number, dk: number): void {
    if (this.callPending) {
      this.callPending = false;
      this.originFp = fp;
      this.originPc = callPc;
      this.originFunc = cur;
      this.originDepth = this.depthOf(dk);
    } else {
      this.header(nfp, fp, callee, retPc, cur);
    }
    // The spill takes the operands below the arguments (a callee that never ran has them in its slots).
    this.deoptPc = retPc;
  }

  /** The header of a call's callee (frame nfp of function `callee`) from compiled frame fp, as the interpreter's call writes it. */
  private header(nfp: number, fp: number, callee: number, retPc: number, cur: number): void {
    const i32 = this.store.thread.i32;
    const funcs = this.store.funcs;
    const h = nfp + funcs[callee].localsI32;
    i32[h] = fp >> 1;
    i32[h + 1] = cur;
    i32[h + 2] = retPc;
    // Another instance's function (Tier.call): a deoptimization passing it leaves this header to
    // the interpreter, whose return must then switch instance back.
    i32[h + 3] = funcs[callee].instance !== funcs[cur].instance ? 1 : 0;
    i32[h + 4] = callee;
  }

  /** The deoptimization reached the driver's `enter`: the loop continues at its origin. */
  private resumeDeopt(): ExitKind {
    if (this.callPending) throw new Error('internal: a call without room deoptimized with no compiled caller');
    const exit = this.store.thread.exit;
    exit.fp = this.originFp;
    exit.func = this.originFunc;
    exit.resumePc = this.originPc;
    exit.depth = this.originDepth;
    this.deoptFp = -1;
    this.deopting = false;
    // Torture tests the way back too: the next loop head's Tick re-enters JS (on-stack replacement).
    if (this.torture > 0) this.store.thread.ticks = 1;
    return (exit.kind = ExitKind.Compiled);
  }

  /**
   * Called by a compiled frame (fp) that a deoptimization passes, with the operands live at its
   * site (the origin's exit site, or the call whose return pc the frame above handed down).
   * Writes its values into its interpreter frame: `locals` as int32 bits in the
   * frame's categories (an i64 or f64 two words, low first; an f32 its bits; a v128 four lanes),
   * the operands below the deopt site from `s`/`t` (i32 and i64 words, v128 lanes 0 and 1), `x`
   * (each f32/f64 variable as two words), `u`/`w` (v128 lanes 2 and 3) and `r` (references, into
   * the thread's `refs` cell of the slot, where the interpreter holds them; a reference local is
   * its value in `locals`), each value at the offset the widths of the values below it give (a
   * v128 takes two cells).
   */
  spill(frame: DeoptFrame, fp: number, locals: unknown[], s: number[], t: number[], x: number[], u: number[], w: number[], r: unknown[]): void {
    const thread = this.store.thread;
    const V = thread.i32;
    const refs = thread.refs;
    const sites = (frame.sites ??= { exits: decodeSites(frame.exits), calls: decodeSites(frame.calls) });
    const cats = this.deoptFp === fp ? sites.exits.get(this.deoptPc) : sites.calls.get(this.deoptPc);
    if (cats === undefined) throw new Error(`internal: no deoptimization site at pc ${this.deoptPc}`);
    let k = 0;
    let at = fp;
    for (let i = 0; i < frame.locals.length; i++) {
      const c = frame.locals[i];
      if (c === 'r') {
        refs[at >> 1] = locals[k++];
        at += width(c);
        continue;
      }
      V[at] = locals[k++] as number;
      if (c === 'l' || c === 'd' || c === 'v') V[at + 1] = locals[k++] as number;
      if (c === 'v') {
        V[at + 2] = locals[k++] as number;
        V[at + 3] = locals[k++] as number;
      }
      at += width(c as Cat);
    }
    at = fp + frame.localsI32 + OPERANDS_I32;
    for (let h = 0; h < cats.length; h++) {
      const c = cats[h];
      if (c === 'v') {
        V[at] = s[h];
        V[at + 1] = t[h];
        V[at + 2] = u[h];
        V[at + 3] = w[h];
        at += width(c);
        continue;
      }
      if (c === 'r') refs[at >> 1] = r[h];
      else if (c === 'l') {
        V[at] = s[h];
        V[at + 1] = t[h];
      } else if (c === 'd') {
        V[at] = x[2 * h];
        V[at + 1] = x[2 * h + 1];
      } else if (c === 'f') {
        BITS_I[0] = x[2 * h];
        BITS_I[1] = x[2 * h + 1];
        V[at] = F32Bits.f32ToBits(BITS_D[0]);
      } else V[at] = s[h];
      at += width(c as Cat);
    }
    this.deoptPc = V[fp + frame.localsI32 + 2];
  }

  /** A double's low / high word, and an f32-holding number's bits: `spill`'s arguments. */
  lo(v: number): number {
    BITS_D[0] = v;
    return BITS_I[0];
  }
  hi(v: number): number {
    BITS_D[0] = v;
    return BITS_I[1];
  }
  f32(v: number): number {
    return F32Bits.f32ToBits(v);
  }

  /** A deoptimization passes the bottom frame of a nested run: its return goes to its (now interpreted) caller. */
  private rejoin(fp: number, started: FuncInstance): void {
    const i32 = this.store.thread.i32;
    const f = this.frameOwner(fp, started);
    const h = fp + f.localsI32;
    // A quiet function's header may be unwritten yet (garbage): its compiled caller writes it next (`returned`).
    i32[h + 3] = this.store.funcs[i32[h + 1]]?.instance !== f.instance ? 1 : 0;
    this.deoptPc = i32[h + 2];
  }

  /**
   * The function whose frame is at fp now: the one a nested run started there, unless a tail call
   * replaced it (its header then sits after the new function's locals). Found by walking the
   * frame chain down from the deoptimization's origin (headers hold the caller's FP in cells).
   */
  private frameOwner(fp: number, started: FuncInstance): FuncInstance {
    const i32 = this.store.thread.i32;
    const funcs = this.store.funcs;
    let at = this.originFp;
    let f = funcs[this.originFunc];
    for (let n = this.originDepth; at !== fp && at >= 0 && n >= 0; n--) {
      const h = at + f.localsI32;
      at = i32[h] << 1;
      f = funcs[i32[h + 1]];
    }
    return at === fp ? f : started;
  }

  /** A nested run stopped where something observes (exit record: the frame): deoptimize there. */
  private deoptAtExit(pc: number): void {
    const exit = this.store.thread.exit;
    this.deopt(exit.fp, pc, exit.func, exit.depth);
  }

  // ---------------------------------------------------------------- called by compiled code (X)

  /**
   * A trap at (fp, pc) of function `func`. Observed (a handler, a debugger), or in a quiet function
   * (frames below may lack headers): deoptimizes (returns; the caller leaves), so the interpreter
   * runs the instruction again and traps itself. Else records the trap exactly as the loop does
   * and throws TRAP_EXIT.
   */
  trap(code: TrapCode, fp: number, pc: number, func: number, dk: number): void {
    this.trapAt(code, fp, pc, func, this.depthOf(dk));
  }

  /** `trap` at a known depth. */
  private trapAt(code: TrapCode, fp: number, pc: number, func: number, depth: number): void {
    if (this.observed() || this.quiet(func)) return this.deopt(fp, pc, func, depth);
    const thread = this.store.thread;
    thread.exit.trapCode = code;
    thread.exit.resumePc = pc;
    thread.exit.fp = fp;
    thread.exit.depth = depth;
    thread.exit.func = func;
    thread.exit.sitePc = pc;
    thread.exit.kind = ExitKind.Trap;
    throw TRAP_EXIT;
  }

  /** The call depth a word compiled code passes (callWord.ts) holds. */
  depthOf(dk: number): number {
    return this.base + relativeDepth(dk);
  }

  /** Whether function `addr` is quiet (keepsViews.ts): its frame, and those above it, may lack headers. */
  private quiet(addr: number): boolean {
    const f = this.store.funcs[addr];
    return f.instance !== null && keepsViews(f.instance, f.funcIndex);
  }

  /** Compiled calls left before the next `entryPoll` (counted only while `polling`). */
  callsToPoll = CALLS_PER_POLL;

  /**
   * A compiled function's entry, every CALLS_PER_POLL calls while polling: an async entry due to
   * yield deoptimizes here (at the body's start), as a loop's poll does. Returns whether it did.
   */
  entryPoll(fp: number, pc: number, func: number, dk: number): boolean {
    this.callsToPoll = CALLS_PER_POLL;
    return this.yieldHere(fp, pc, func, this.depthOf(dk));
  }

  /** An async entry due to yield: deoptimizes at pc, whose Tick exits at once (the driver yields there). */
  private yieldHere(fp: number, pc: number, func: number, depth: number): boolean {
    if (!this.canAwait || !yieldDue(this.store)) return false;
    this.store.thread.ticks = 1;
    this.deopt(fp, pc, func, depth);
    return true;
  }

  /**
   * A compiled function's entry with a profiler on, its countdown run out: a sample, then the
   * entry poll (`entryPoll`). Returns the calls to its next one (`ticks`), or POLL_DEOPT.
   */
  sampleAtEntry(fp: number, pc: number, exitPc: number, func: number, dk: number): number {
    this.sample(fp, pc, func, dk);
    return this.entryPoll(fp, exitPc, func, dk) ? POLL_DEOPT : this.ticks;
  }

  /**
   * A loop iteration's poll (every POLL_EVERY of them while `polling`; each one under torture;
   * with a sampling profiler, at the pace of its countdown `ticks`): deoptimizes at the loop (pc)
   * when torture says so, or when an async entry is due to yield — the loop's Tick there exits
   * at once and the driver gives the event loop its turn (a debugger's pause() gets in); with a
   * sampling profiler, samples. Returns the iterations until the next poll, or POLL_DEOPT.
   */
  poll(fp: number, pc: number, func: number, dk: number): number {
    const depth = this.depthOf(dk);
    if (this.torture > 0) {
      if (--this.tortureLeft > 0) return 1;
      this.tortureLeft = this.torture;
      this.deopt(fp, pc, func, depth);
      return POLL_DEOPT;
    }
    if (this.yieldHere(fp, pc, func, depth)) return POLL_DEOPT;
    if (this.store.sampler !== null) {
      this.sampleAt(fp, pc, func, depth);
      return Math.min(this.ticks, POLL_EVERY);
    }
    return POLL_EVERY;
  }

  /**
   * A metered region's charge (`cost`) in compiled code took the counter below 0 (its `fu$`, handed back):
   * the counter refills and the code goes on; else (out of fuel, interrupted) deoptimizes at the
   * region's Meter (pc), where the interpreter charges again and traps with its own exit state.
   * Returns whether it deoptimizes (the compiled code then leaves through its exit block).
   */
  meterOut(cost: number, fp: number, pc: number, func: number, dk: number): boolean {
    if (meterSlowPath(this.store.thread.meter, cost) === TrapCode.None) return false;
    this.deopt(fp, pc, func, this.depthOf(dk));
    return true;
  }

  /**
   * `meterOut` for metered code translated without a profiler, whose loops and entry have no poll
   * of their own (codegen.ts): the meter runs out about every LOOK_MS while polling (at each
   * charge under torture: Meter.polls), and this is then the poll. A poll that deoptimizes
   * refunds the charge first: the interpreter's Meter at pc charges it again.
   */
  meterPoll(cost: number, fp: number, pc: number, func: number, dk: number): boolean {
    if (this.meterOut(cost, fp, pc, func, dk)) return true;
    if (!this.polling) return false;
    const meter = this.store.thread.meter;
    meter.left += cost;
    if (this.poll(fp, pc, func, dk) === POLL_DEOPT) return true;
    meter.left -= cost;
    return false;
  }

  /**
   * A sampling profiler's countdown (exec/sampling.ts): each function compiled while the store
   * has a sampler counts its entries down from it in a variable of its own factory (a property
   * decrement per call cost fib ~5%) and calls `sample` at 0; a loop's countdown starts from it
   * and at 0 polls (`poll`, which samples). The sampler sets it (`sample`, sampleAtTick); without
   * one it is POLL_EVERY, so such code costs next to nothing after.
   */
  ticks = POLL_EVERY;

  /**
   * The countdown ran out in compiled frame fp of function `func` at internal pc `pc`: the
   * sampler sees the stack from there. The exit record points at that frame for the call (the
   * compiled frames' headers chain to the interpreter's) and is restored after; nothing deoptimizes.
   * Returns the calls to the next sample (`ticks`).
   */
  sample(fp: number, pc: number, func: number, dk: number): number {
    this.sampleAt(fp, pc, func, this.depthOf(dk));
    return this.ticks;
  }

  /** `sample` at a known depth. */
  private sampleAt(fp: number, pc: number, func: number, depth: number): void {
    const sampler = this.store.sampler;
    if (sampler === null) {
      this.ticks = POLL_EVERY;
      return;
    }
    const exit = this.store.thread.exit;
    const saved = [exit.kind, exit.fp, exit.resumePc, exit.sitePc, exit.func, exit.depth] as const;
    exit.kind = ExitKind.Tick;
    exit.fp = fp;
    exit.resumePc = exit.sitePc = pc;
    exit.func = func;
    exit.depth = depth;
    try {
      this.ticks = sampler.onTick(this.store) | 0;
    } finally {
      [exit.kind, exit.fp, exit.resumePc, exit.sitePc, exit.func, exit.depth] = saved;
    }
  }

  /**
   * A sample is about to walk the VM stack from the exit record's frame (exec/sampling.ts): the
   * headers compiled calls of quiet callees wrote only the return pc of are completed.
   */
  writeSampledHeaders(): void {
    const exit = this.store.thread.exit;
    if (exit.kind !== ExitKind.Tick || exit.func < 0) return;
    completeQuietHeaders(this.store, exit.fp, exit.func, this.quietCalls, (addr) => this.quiet(addr));
  }

  /**
   * A call from compiled code (frame fp of function `cur`, depth d) whose arguments are in the VM
   * stack at fp + argBase, where its results go: a host function, another instance's function, or
   * a call_indirect's callee. Observed, a host function is called from the interpreter (the
   * frames below it deoptimize first): what it sees of the stack is then exact. Compiled code
   * looks at `deopting` when this returns.
   */
  call(callee: FuncInstance, fp: number, argBase: number, callPc: number, retPc: number, cur: number, dk: number): void {
    const d = this.depthOf(dk), b = budgetOf(dk);
    const store = this.store;
    const thread = store.thread;
    if (callee.host !== undefined) {
      if (this.observed()) return this.deopt(fp, callPc, cur, d);
      thread.exit.hostFunc = callee.addr;
      thread.exit.hostArgs = fp + argBase;
      thread.exit.resumePc = retPc;
      thread.exit.fp = fp;
      thread.exit.depth = d;
      thread.exit.func = cur;
      thread.exit.sitePc = retPc - 1;
      thread.exit.kind = ExitKind.Hostcall;
      this.budget = b;
      const exn = hostCall(store, thread);
      if (exn !== null) throw new WasmThrow(exn);
      return;
    }
    if (callee.entryPc < 0 && !store.compileFunc(callee)) throw thread.exit.error;
    const nfp = fp + argBase;
    const h = nfp + callee.localsI32;
    if (h + callee.frameI32 > thread.limit || d >= thread.maxDepth) return this.trapAt(TrapCode.StackExhausted, fp, callPc, cur, d);
    this.header(nfp, fp, callee.addr, retPc, cur);
    const jit = callee.jit;
    if (jit !== null && jit.entry === null && this.usable()) this.noteCall(callee);
    // Out of budget, the callee's prologue asks for more or runs itself in the interpreter.
    if (jit !== null && jit.entry !== null && !jit.withheld && this.usable()) {
      // An activation of its own: its depths count from here.
      const savedBase = this.base;
      this.base = d;
      jit.entry(nfp, callWord(this.room(b, nfp, callee, d + 1), 0));
      this.base = savedBase;
      return;
    }
    this.interpret(callee.addr, nfp, d + 1, b);
  }

  /**
   * A direct callee's header offset (int32s above its FP), compiling it for the interpreter first
   * if need be: compiled code learns it on its first call (codegen.ts).
   */
  headerAt(callee: FuncInstance): number {
    if (callee.entryPc < 0 && !this.store.compileFunc(callee)) throw this.store.thread.exit.error;
    return callee.localsI32;
  }

  /**
   * A compiled function's `slow` (out of budget at its frame fp, with the word dk it charged): the
   * word to call it again with, holding the budget's extension (jsStackGrant.ts) within the room
   * there, or 0 (it runs in the interpreter).
   */
  more(addr: number, fp: number, dk: number): number {
    const granted = this.grant.more();
    if (granted === 0) return 0;
    const b = this.room(granted, fp, this.store.funcs[addr], this.depthOf(dk));
    if (b >= MIN_CALL_COST) return callWord(b, relativeDepth(dk) - 1);
    this.grant.done();
    return 0;
  }

  /**
   * Runs function `addr` on its frame at fp (arguments there, header written unless quiet) in the
   * interpreter; returns with `deopting` set when a deoptimization started there, or when the
   * frame does not fit (a compiled call checks nothing: `deoptCall`).
   */
  interpret(addr: number, fp: number, d: number, b = 0): void {
    const store = this.store;
    const thread = store.thread;
    const f = store.funcs[addr];
    if (fp + f.localsI32 + f.frameI32 > thread.limit || d > thread.maxDepth) return this.deoptCall();
    thread.i32[fp + f.localsI32 + 3] = RETURNS_TO_COMPILED;
    thread.exit.fp = fp;
    thread.exit.resumePc = f.jit !== null ? f.jit.interpEntry : f.entryPc;
    thread.exit.func = addr;
    thread.exit.depth = d;
    const saved = this.budget;
    // Out of budget (b < the callee's cost): what this run calls stays in the interpreter too.
    this.budget = b;
    try {
      this.runNested();
    } finally {
      this.budget = saved;
    }
    if (this.deopting) this.rejoin(fp, f);
  }

  /**
   * The loop until the frame it started with returns to its compiled caller. Where something
   * observes — a trap or host call with a handler or debugger, a Break, an async entry's yield —
   * it deoptimizes instead (the compiled frames below it are not in the VM stack) and returns;
   * so it does when compiled code it entered deoptimized.
   */
  private runNested(): void {
    const store = this.store;
    const thread = store.thread;
    const exit = thread.exit;
    for (;;) {
      run(store);
      let kind = exit.kind;
      if (kind === ExitKind.Tick) {
        if (store.sampler !== null) sampleAtTick(store, store.sampler);
        if (this.canAwait && yieldDue(store)) {
          thread.ticks = 1;
          return this.deoptAtExit(exit.sitePc);
        }
        // A hot loop run by a nested run goes on as JS too (on-stack replacement).
        kind = this.enterAtLoop(store, this.canAwait, true);
        if (this.deopting) return;
      } else if (kind === ExitKind.Compiled) {
        kind = this.enter(store, true);
        if (this.deopting) return;
      }
      switch (kind) {
        case ExitKind.Compiled:
          continue;
        case ExitKind.Done:
          return;
        case ExitKind.Hostcall: {
          if (this.observed()) return this.deoptAtExit(callStart(store.funcs[exit.func], exit.sitePc));
          const exn = hostCall(store, thread);
          if (exn !== null && !throwException(store, exn, exit.fp, exit.func, exit.sitePc, exit.depth)) throw new WasmThrow(exn);
          continue;
        }
        case ExitKind.Trap:
          if (this.observed() || this.quiet(exit.func)) return this.deoptAtExit(exit.resumePc);
          throw TRAP_EXIT;
        case ExitKind.Exception:
          throw new WasmThrow(exit.exception as ExceptionInstance);
        case ExitKind.Tick:
          continue;
        case ExitKind.Break:
          return this.deoptAtExit(exit.resumePc);
        default:
          throw exit.error;
      }
    }
  }
}

/** The first internal pc of the wasm instruction (a call) that internal pc `sitePc` of `f` belongs to. */
function callStart(f: FuncInstance, sitePc: number): number {
  const map = f.codeMap!;
  return map.pcsOf(map.offsetAt(sitePc))[0];
}

function bodySize(f: FuncInstance): number {
  const info = (f.instance as Instance).info;
  const body = info.bodies[f.funcIndex - info.importedFuncs];
  return body.codeEnd - body.codeStart;
}

/** Whether the body has a loop (`auto` compiles such a function at its first call). */
function hasLoop(f: FuncInstance): boolean {
  const info = (f.instance as Instance).info;
  const body = info.bodies[f.funcIndex - info.importedFuncs];
  const r = new ByteReader(info.bytes, body.codeStart, body.codeEnd);
  while (r.pos < r.end) {
    if (r.bytes[r.pos] === 0x03) return true;
    skipImmediates(r, readOpcodeImm(r));
  }
  return false;
}
