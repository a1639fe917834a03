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
 * Exactness: compiled code runs only where nothing observes frames' locals — no debugger
 * attached, no trap handler registered, not inside a continuation — and `enter` checks that at
 * every way in. A trap in compiled code records the interpreter's exit state (trap code, pc,
 * frame, CallThreadState) and unwinds the JS frames with TRAP_EXIT to the driver, which raises it
 * as for an interpreted trap: same code, offsets, frames, V8 stack text. A wasm exception crossing
 * compiled frames travels as a WasmThrow to the first interpreted frame below them (compiled
 * functions have no handlers) and is thrown there by the interpreter's unwinder.
 *
 * Depth: compiled calls spend a JS-stack budget (bytes, estimated per function); out of it a
 * call runs in the interpreter, which never recurses in JS, so recursion of any depth ends in
 * the interpreter's "call stack exhausted" trap, never a RangeError.
 */
import { ExitKind, TrapCode, handlersFor } from '@lantern/traps';
import type { Store } from '../store/store.ts';
import type { FuncInstance } from '../instances/func.ts';
import type { Instance } from '../instances/instance.ts';
import { run } from '../exec/interpreter.ts';
import { Op } from '../isa/op.generated.ts';
import { hostCall } from '../exec/driver.ts';
import { throwException } from '../exec/exceptions.ts';
import { RETURNS_TO_COMPILED } from '../exec/thread.ts';
import type { ExceptionInstance } from '../instances/exception.ts';
import { makeTrap, settleExit } from '../exit/exitProtocol.ts';
import { yieldAtTick } from '../exec/tickYield.ts';
import { globalArena } from '../instances/globalArena.ts';
import * as Numerics from '../exec/numerics.ts';
import * as MemoryAccess from '../exec/memoryAccess.ts';
import { resolveIndirect } from '../exec/tableAccess.ts';
import { ByteReader } from '../binary/reader.ts';
import { readOpcodeImm, skipImmediates } from '../binary/immediates.ts';
import { Unsupported, catOf, translate } from './codegen.ts';
import * as F32Bits from './f32Bits.ts';

export type TierPolicy = 'interpreter' | 'auto' | 'eager';

/** The tier's record on a FuncInstance (f.jit): where its interpreter code starts, its JS code once compiled. */
export interface CompiledFunc {
  interpEntry: number;
  /** The JS function (fp, d, b, ...params), null until compiled. */
  fn: ((...args: number[]) => number | undefined) | null;
  /** entry(fp, d, b): parameters from the VM frame, results to it. */
  entry: ((fp: number, d: number, b: number) => void) | null;
  /** Budget bytes a call charges. */
  cost: number;
  calls: number;
}

/** Thrown through compiled JS frames after a trap was recorded; caught where the driver raises it. */
export const TRAP_EXIT: unique symbol = Symbol('lantern.tier.trap');
/** A wasm exception crossing compiled frames (they have no handlers), to the first interpreted frame below. */
export class WasmThrow {
  constructor(readonly exn: ExceptionInstance) {}
}

/** `auto`: calls before a function without loops is compiled (one with a loop compiles at its first call). */
const HOT_CALLS = 50;
/** `auto`: bodies larger than this (bytes) stay interpreted. */
const AUTO_MAX_BODY = 64 * 1024;
/**
 * JS stack the compiled frames of one thread may use (bytes, by the translator's estimate). Node's
 * default stack is ~984 KB; the rest is left to the host's own frames and the driver's.
 */
const JS_STACK_BUDGET = 400 * 1024;

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
export function createTier(store: Store, policy: TierPolicy | undefined): Tier | null {
  if (policy === undefined || policy === 'interpreter') return null;
  if (policy !== 'auto' && policy !== 'eager') throw new TypeError(`tier: expected 'interpreter', 'auto' or 'eager', got ${String(policy)}`);
  return codeGenerationAllowed() ? new Tier(store, policy) : null;
}

const BINDINGS = ['X', 'N', 'S', 'SF', 'SD', 'T', 'V', 'VD', 'inst', 'MEM', 'A', 'F', 'IF', 'R'];
const NUMERIC_HELPERS = { ...Numerics, ...MemoryAccess, ...F32Bits, resolveIndirect };

export class Tier {
  /** JS-stack budget left to compiled code entered from now on (bytes). */
  budget = JS_STACK_BUDGET;
  /** Functions compiled to JS, and why the others that were tried stay interpreted (reason → count). */
  compiled = 0;
  /** Milliseconds spent translating and linking (`pnpm bench` prints it against run times). */
  compileMs = 0;
  readonly unsupported = new Map<string, number>();
  /** Per store address, what a direct call from compiled code calls: the callee's JS function or a thunk. */
  readonly F: ((...args: number[]) => number | undefined)[] = [];
  /** An i64 result's high half. */
  readonly R = { h: 0 };
  private readonly stubPc: number;
  private readonly scratch = new ArrayBuffer(32);
  private readonly S = new Int32Array(this.scratch);
  private readonly SF = new Float32Array(this.scratch);
  private readonly SD = new Float64Array(this.scratch);

  constructor(private readonly store: Store, readonly policy: 'auto' | 'eager') {
    const code = store.code;
    code.reserve(1);
    this.stubPc = code.pos;
    code.buf[code.pos++] = Op.EnterCompiled;
  }

  /** Compiled code may run now: nothing observes frames (see the file comment). */
  private usable(): boolean {
    const store = this.store;
    return store.debug === null && handlersFor(store.thread.state) === null;
  }

  /** store.compileFunc hook: `f` has (new) interpreter code; route its calls through the tier. */
  onCompiled(f: FuncInstance): void {
    f.jit = null;
    if (this.store.debug !== null || f.instance === null) return;
    f.jit = { interpEntry: f.entryPc, fn: null, entry: null, cost: 0, calls: 0 };
    f.entryPc = this.stubPc;
  }

  /** A debugger attaches: every function goes back to its interpreter code. */
  interpretAll(): void {
    for (const f of this.store.funcs) {
      if (f.jit === null) continue;
      f.entryPc = f.jit.interpEntry;
      f.jit = null;
    }
  }

  /** Stops routing `f` through the tier (it stays interpreted). */
  private drop(f: FuncInstance, reason: string): void {
    this.unsupported.set(reason, (this.unsupported.get(reason) ?? 0) + 1);
    f.entryPc = f.jit!.interpEntry;
    f.jit = null;
  }

  /** A call of `f` (not compiled yet): counts it and compiles it when the policy says so. */
  private noteCall(f: FuncInstance): void {
    const jit = f.jit;
    if (jit === null || jit.fn !== null) return;
    if (this.policy === 'auto') {
      if (jit.calls++ === 0) {
        const size = bodySize(f);
        if (size > AUTO_MAX_BODY) return this.drop(f, 'too large for auto');
        if (!hasLoop(f)) return;
      } else if (jit.calls < HOT_CALLS) {
        return;
      }
    }
    this.compile(f);
  }

  private compile(f: FuncInstance): void {
    const jit = f.jit!;
    let made: { fn: CompiledFunc['fn']; entry: CompiledFunc['entry'] };
    let cost: number;
    const start = performance.now();
    try {
      const t = translate(this.store, f);
      cost = t.cost;
      made = this.link(f, t.source);
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
    this.F[f.addr] = made.fn!;
    this.compiled++;
  }

  private link(f: FuncInstance, source: string): { fn: CompiledFunc['fn']; entry: CompiledFunc['entry'] } {
    const inst = f.instance as Instance;
    const thread = this.store.thread;
    for (const g of inst.funcs) if (this.F[g.addr] === undefined) this.F[g.addr] = this.interpThunk(g);
    // Named for profilers and stack traces: lantern-tier/f<function index>.
    const named = `${source}\n//# sourceURL=lantern-tier/f${f.funcIndex}`;
    const factory = new Function(...BINDINGS, named) as (...b: unknown[]) => { fn: CompiledFunc['fn']; entry: CompiledFunc['entry'] };
    return factory(this, NUMERIC_HELPERS, this.S, this.SF, this.SD, thread, thread.i32, thread.f64, inst, inst.mem0, globalArena, this.F, inst.funcs, this.R);
  }

  /**
   * What a direct call from compiled code reaches while `g` has no JS code: it may compile `g`
   * (the policy), else runs it in the interpreter (parameters to its VM frame, results back).
   */
  private interpThunk(g: FuncInstance): (...args: number[]) => number | undefined {
    const cats = g.type.params.map((t) => {
      try {
        return catOf(t);
      } catch {
        return 'i';
      }
    });
    const rc = g.type.results.length === 1 ? catOf(g.type.results[0]) : undefined;
    const thunk = (fp: number, d: number, b: number, ...args: number[]): number | undefined => {
      this.noteCall(g);
      const fn = this.F[g.addr];
      if (fn !== thunk) return fn(fp, d, b, ...args);
      const V = this.store.thread.i32, VD = this.store.thread.f64;
      let k = 0;
      for (let i = 0; i < cats.length; i++) {
        const c = cats[i];
        if (c === 'l') {
          V[fp + 2 * i] = args[k++];
          V[fp + 2 * i + 1] = args[k++];
        } else if (c === 'd') VD[(fp >> 1) + i] = args[k++];
        else if (c === 'f') V[fp + 2 * i] = F32Bits.f32ToBits(args[k++]);
        else V[fp + 2 * i] = args[k++];
      }
      this.interpret(g.addr, fp, d, b);
      if (rc === undefined) return undefined;
      if (rc === 'l') this.R.h = V[fp + 1];
      return rc === 'd' ? VD[fp >> 1] : rc === 'f' ? F32Bits.f32FromBits(V[fp]) : V[fp];
    };
    return thunk;
  }

  /**
   * A Compiled exit: run the frame at thread.exit.fp as JS if allowed, else send the loop to its
   * interpreter code. Returns Compiled (re-enter the loop at thread.exit.resumePc), Done (the frame returned
   * to the activation's entry or to a compiled caller), Trap (recorded; `nested` rethrows it
   * instead) or Exception (thread.exit.exception left the activation or reached compiled code).
   */
  enter(store: Store, nested: boolean): ExitKind {
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
    const fp = thread.exit.fp, depth = thread.exit.depth;
    const b = this.budget;
    if (jit.entry === null || b < jit.cost || thread.prompt !== null || !usable) {
      thread.exit.resumePc = jit.interpEntry;
      return (thread.exit.kind = ExitKind.Compiled);
    }
    const i32 = thread.i32;
    const h = fp + f.localsI32;
    try {
      jit.entry(fp, depth, b);
    } catch (e) {
      this.budget = b;
      if (e === TRAP_EXIT) {
        if (nested) throw e;
        // A handler or debugger that arrived while compiled frames ran (from a host call) cannot
        // retry or resume in frames that were never in the VM stack: the trap unwinds.
        if (!this.usable()) throw makeTrap(store);
        return ExitKind.Trap; // recorded by trap()
      }
      if (!(e instanceof WasmThrow)) throw e;
      if (i32[h + 3] === RETURNS_TO_COMPILED) throw e;
      const callerFp = i32[h];
      if (callerFp >= 0 && throwException(store, e.exn, callerFp << 1, i32[h + 1], i32[h + 2] - 1, depth - 1)) return (thread.exit.kind = ExitKind.Compiled);
      thread.exit.exception = e.exn;
      return (thread.exit.kind = ExitKind.Exception);
    }
    this.budget = b;
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

  // ---------------------------------------------------------------- called by compiled code (X)

  /** Records a trap at (fp, pc) of function `func` exactly as the loop does; returns TRAP_EXIT to throw. */
  trap(code: TrapCode, fp: number, pc: number, func: number, depth: number): typeof TRAP_EXIT {
    const thread = this.store.thread;
    thread.exit.trapCode = code;
    thread.exit.resumePc = pc;
    thread.exit.fp = fp;
    thread.exit.depth = depth;
    thread.exit.func = func;
    thread.exit.sitePc = pc;
    thread.exit.kind = ExitKind.Trap;
    return TRAP_EXIT;
  }

  /**
   * A call from compiled code (frame fp of function `cur`, depth d) whose arguments are in the VM
   * stack at fp + argBase, where its results go: a host function, another instance's function, or
   * a call_indirect's callee.
   */
  call(callee: FuncInstance, fp: number, argBase: number, callPc: number, retPc: number, cur: number, d: number, b: number): void {
    const store = this.store;
    const thread = store.thread;
    if (callee.host !== undefined) {
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
    if (h + callee.frameI32 > thread.limit || d >= thread.maxDepth) throw this.trap(TrapCode.StackExhausted, fp, callPc, cur, d);
    const i32 = thread.i32;
    i32[h] = fp >> 1;
    i32[h + 1] = cur;
    i32[h + 2] = retPc;
    i32[h + 3] = 0;
    i32[h + 4] = callee.addr;
    if (callee.jit !== null && callee.jit.entry === null) this.noteCall(callee);
    const jit = callee.jit;
    if (jit !== null && jit.entry !== null && b >= jit.cost) {
      jit.entry(nfp, d + 1, b);
      return;
    }
    this.interpret(callee.addr, nfp, d + 1, b);
  }

  /** Runs function `addr` on its frame at fp (arguments there, header written) in the interpreter. */
  interpret(addr: number, fp: number, d: number, b = 0): void {
    const store = this.store;
    const thread = store.thread;
    const f = store.funcs[addr];
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
  }

  /** The loop until the frame it started with returns to its compiled caller. */
  private runNested(): void {
    const store = this.store;
    const thread = store.thread;
    for (;;) {
      run(store);
      let kind = thread.exit.kind;
      if (kind === ExitKind.Compiled) kind = this.enter(store, true);
      switch (kind) {
        case ExitKind.Compiled:
          continue;
        case ExitKind.Done:
          return;
        case ExitKind.Hostcall: {
          const exn = hostCall(store, thread);
          if (exn !== null && !throwException(store, exn, thread.exit.fp, thread.exit.func, thread.exit.sitePc, thread.exit.depth)) throw new WasmThrow(exn);
          continue;
        }
        case ExitKind.Trap:
          throw TRAP_EXIT;
        case ExitKind.Exception:
          throw new WasmThrow(thread.exit.exception as ExceptionInstance);
        case ExitKind.Tick:
          yieldAtTick(store, false);
          continue;
        case ExitKind.Break:
          settleExit(store, false);
          continue;
        default:
          throw thread.exit.error;
      }
    }
  }
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
