/**
 * DebugState: a Store's debugger-side state — the breakpoint patch table, breakpoints (pending
 * until their function compiles), temporary breaks for resuming and stepping, the debug compile
 * mode and the probes. `store.debug` is null until DebugHooks attaches one: nothing of this runs
 * or costs anything before.
 *
 * Breakpoints are patched Break opcodes (software breakpoints, as gdb's): the first word of the internal instruction a
 * wasm instruction starts with is overwritten with Op.Break; the original opcode is kept in
 * `patches`. The loop leaves with a Break exit (ExitKind.Break); the driver calls onBreak.
 *
 * Resuming past a breakpoint (execute the original instruction without re-hitting it): the
 * original opcode is put back at that pc ("disarmed") and temporary Breaks ("rearm" temps) are
 * patched at every place control can go next (isa/layout.ts: fall-through, branch
 * targets, callee entry, return address); the first of them that is hit — or any exit of the
 * loop (host call, trap, return to the host) — re-arms the breakpoint and removes the temps. This
 * is gdb's software single-step; chosen over a per-instruction "skip" check (costs every
 * instruction) and over displaced stepping (an out-of-line copy: return addresses and exception
 * handler lookups would point into the copy).
 *
 * Stepping uses the same temporaries ("step" temps), not a per-thread flag checked in the loop:
 * stepping costs nothing to code that is not stepped, works on normal and debug-compiled code,
 * and a step is a handful of loop exits. Kinds: into (next wasm instruction, entering calls),
 * over (callees run free; stops only at call depth <= the start's), out (the return address of
 * the frame, at a smaller depth). A step stops at the FIRST internal instruction of a wasm
 * instruction (CodeMap entries); in debug-compiled code every wasm instruction has one.
 *
 * Gaps (documented): control that leaves through stack switching (its targets are not
 * pre-armed: such breakpoints are re-armed at the next loop exit; a throw re-arms at once,
 * exec/exceptions.ts), a self-branch at a
 * breakpoint (`loop br 0` as a single internal instruction) does not re-hit until left; step out
 * of the oldest frame of an activation just runs on.
 */
import { ExitKind, FRAME_LAYOUT } from '@lantern/traps';
import type { Store } from '../store/store.ts';
import type { FuncInstance } from '../instances/func.ts';
import type { Instance } from '../instances/instance.ts';
import type { ModuleInfo } from '../syntax/moduleInfo.ts';
import type { RawValue } from '../instances/values.ts';
import type { ExceptionInstance } from '../instances/exception.ts';
import { Op } from '../isa/op.generated.ts';
import * as T from '../exec/tableAccess.ts';
import { pauseAndApply, presentExit } from '../exit/exitProtocol.ts';
import { Flow, lengthAt, shapeOf } from '../isa/layout.ts';
import type { HostCallInfo, PauseContext, ProbeKind, StepKind } from '../exit/pauseContext.ts';
import { recordOperandTypes } from './operandTypes.ts';
import { StoreFrameCursor } from '../exit/frames.ts';
import { type HostReadListener, listenForHostReads, stopListening } from './hostReads.ts';
import {
  TOUCH_GLOBAL_SET,
  TOUCH_LOAD,
  TOUCH_STORE,
  type WatchAccess,
  type WatchHit,
  type WatchTarget,
  type Watchpoint,
  accessesAt,
  classesWatched,
  instructionClasses,
  sameValue,
  touches,
  watchedValue,
} from './watchpoints.ts';

export interface Breakpoint {
  readonly id: number;
  readonly module: ModuleInfo;
  /** null: every instance of the module (present and future). */
  readonly instance: Instance | null;
  /** Module byte offset of the wasm instruction. */
  readonly offset: number;
  /** Internal pcs where it is patched now (one per instance compiled so far); empty = pending. */
  readonly pcs: number[];
}

/** One patched pc. */
export interface PatchEntry {
  readonly pc: number;
  readonly func: FuncInstance;
  /** The opcode the Break replaced. */
  readonly original: number;
  readonly bps: Set<Breakpoint>;
  /** Probe bits (PROBE_*). */
  probes: number;
  /** A step temp. */
  step: boolean;
  /** A rearm temp (see above). */
  rearm: boolean;
  /** An instruction that may touch a watched memory range or global (see Watchpoints below). */
  watch: boolean;
  /** The instruction after a host call that wrote watched data: the watchpoint stops there. */
  afterHost: boolean;
  /** A one-shot probe (coverage): reported and removed the first time it is reached. */
  once: boolean;
}

const PROBE_ENTER = 1, PROBE_LEAVE = 2, PROBE_GROW = 4;

/** Watchpoints touched by the instruction running now: the stop is at `nextPc`, where it ends. */
interface PendingWatch {
  readonly nextPc: number;
  readonly hits: readonly { readonly watchpoint: Watchpoint; readonly access: 'read' | 'write'; readonly oldValue: WatchHit['oldValue'] }[];
  readonly func: FuncInstance;
  readonly offset: number;
  /** The host function whose call wrote the data (the stop is after the call). */
  readonly host?: FuncInstance;
}

/**
 * A host call running while watchpoints that see it are set: the values watched for writes when
 * it started, and the read-watched data it declared reading (hostReads.ts), with its value then.
 */
export interface HostCallWatch extends HostReadListener {
  readonly host: FuncInstance;
  readonly values: { readonly watchpoint: Watchpoint; value: WatchHit['oldValue'] }[];
  readonly reads: { readonly watchpoint: Watchpoint; readonly value: WatchHit['oldValue'] }[];
}

interface StepState {
  kind: StepKind;
  /** thread.exit.depth when the step started. */
  depth: number;
}

export interface ProbeSettings {
  enter?: boolean;
  leave?: boolean;
  memoryGrow?: boolean;
  hostcall?: boolean;
}

export class DebugState {
  readonly patches = new Map<number, PatchEntry>();
  readonly breakpoints = new Map<number, Breakpoint>();
  readonly watchpoints = new Map<number, Watchpoint>();
  /** TOUCH_* classes of the instructions patched for the watchpoints (0: none set). */
  private watchedClasses = 0;
  private watchPending: PendingWatch | null = null;
  /** Host calls running now (innermost last) while watchpoints that see them are set. */
  private readonly hostWatches: HostCallWatch[] = [];
  private nextId = 1;
  /** Compile functions in debug mode (operands materialized, no fused instructions). */
  debugCompile = false;
  readonly probes = { enter: false, leave: false, memoryGrow: false, hostcall: false };
  /** Pause (reason 'hostThrow') when a host function called from wasm throws, before wasm sees it. */
  pauseOnHostThrow = false;
  /** The pc whose original instruction is executing between a break and its rearm temps (-1). */
  private disarmed = -1;
  /** The temps set for the disarmed pc (kept apart so re-arming does not scan every patch). */
  private readonly rearmTemps: PatchEntry[] = [];
  /** The entries a step patched (kept apart so ending a step does not scan every patch). */
  private readonly stepTemps: PatchEntry[] = [];
  private step: StepState | null = null;
  /** Where an async entry suspended at a Tick resumes while it yields to the event loop (-1: none; exec/tickYield.ts). */
  suspendedAt = -1;

  constructor(private readonly store: Store) {}

  /**
   * Only interpreted code may run (src/tier/ checks it wherever compiled code would start): a step
   * or a resumed breakpoint's temporaries are out, or probes or watchpoints are on — all patch
   * interpreter code.
   */
  get interpretOnly(): boolean {
    const p = this.probes;
    return this.step !== null || this.disarmed >= 0 || p.enter || p.leave || p.memoryGrow || this.watchedClasses !== 0;
  }

  // ------------------------------------------------------------------ patching

  private entry(pc: number, func: FuncInstance): PatchEntry {
    let e = this.patches.get(pc);
    if (e === undefined) {
      const buf = this.store.code.buf;
      e = { pc, func, original: buf[pc], bps: new Set(), probes: 0, step: false, rearm: false, watch: false, afterHost: false, once: false };
      this.patches.set(pc, e);
      buf[pc] = Op.Break;
    }
    return e;
  }
  /** Drops an entry with no reason left, restoring the original opcode. */
  private settle(e: PatchEntry): void {
    if (e.bps.size > 0 || e.probes !== 0 || e.step || e.rearm || e.watch || e.afterHost || e.once) return;
    this.patches.delete(e.pc);
    this.store.code.buf[e.pc] = e.original;
    if (this.disarmed === e.pc) this.disarmed = -1;
  }
  private reasons(e: PatchEntry): boolean {
    return e.bps.size > 0 || e.probes !== 0 || e.step;
  }

  // ------------------------------------------------------------------ breakpoints

  /** Sets a breakpoint at a wasm instruction (module byte offset); pending until its function compiles. */
  setBreakpoint(target: Instance | ModuleInfo, offset: number): Breakpoint {
    const isInst = (target as Instance).info !== undefined;
    const bp: Breakpoint = {
      id: this.nextId++,
      module: isInst ? (target as Instance).info : (target as ModuleInfo),
      instance: isInst ? (target as Instance) : null,
      offset,
      pcs: [],
    };
    this.breakpoints.set(bp.id, bp);
    for (const f of this.store.funcs) if (f.codeMap !== null) this.bind(bp, f);
    return bp;
  }

  removeBreakpoint(bp: Breakpoint | number): boolean {
    const b = typeof bp === 'number' ? this.breakpoints.get(bp) : bp;
    if (b === undefined || !this.breakpoints.delete(b.id)) return false;
    for (const pc of b.pcs) {
      const e = this.patches.get(pc);
      if (e === undefined) continue;
      e.bps.delete(b);
      this.settle(e);
    }
    b.pcs.length = 0;
    return true;
  }

  /** Binds `bp` in compiled function `f` if it lies in its body. */
  private bind(bp: Breakpoint, f: FuncInstance): void {
    const inst = f.instance;
    if (inst === null || inst.info !== bp.module || (bp.instance !== null && bp.instance !== inst)) return;
    const body = inst.info.bodies[f.funcIndex - inst.info.importedFuncs];
    if (bp.offset < body.codeStart || bp.offset >= body.codeEnd) return;
    const map = f.codeMap!;
    let pc = map.pcsOf(bp.offset)[0] ?? -1;
    // An instruction compiled to nothing: the next one that has code (in this function).
    if (pc < 0) pc = map.pcAtOrAfter(bp.offset);
    if (pc < map.start || pc >= map.end) return;
    this.entry(pc, f).bps.add(bp);
    bp.pcs.push(pc);
    // Its next call runs the interpreter code, where the Break is.
    this.store.tier?.withhold(f);
  }

  /** Store.compileFunc calls this once a function has code: pending breakpoints and probes bind. */
  onCompiled(f: FuncInstance): void {
    const map = f.codeMap;
    if (map !== null && map.heights !== null && map.stackTypes === null) recordOperandTypes(f);
    for (const bp of this.breakpoints.values()) this.bind(bp, f);
    this.applyProbes(f);
    this.applyWatches(f);
    for (const l of [...this.compiledListeners]) l(f);
  }

  // ------------------------------------------------------------------ listeners

  private readonly compiledListeners = new Set<(f: FuncInstance) => void>();
  private readonly instantiatedListeners = new Set<(inst: Instance) => void>();

  /**
   * Calls `listener` each time a wasm function of the store gets code (lazily, on its first call;
   * again after a reset), after pending breakpoints and probes have bound in it and before it
   * runs. Returns the remover.
   */
  onFunctionCompiled(listener: (f: FuncInstance) => void): () => void {
    this.compiledListeners.add(listener);
    return () => void this.compiledListeners.delete(listener);
  }

  /**
   * Calls `listener` each time a module is instantiated in the store: its functions, globals,
   * tables, memories and exports exist, element/data segments and the start function have not
   * run yet (breakpoints set now bind before any of its code runs). Returns the remover.
   */
  onModuleInstantiated(listener: (inst: Instance) => void): () => void {
    this.instantiatedListeners.add(listener);
    return () => void this.instantiatedListeners.delete(listener);
  }

  /** instantiate() calls this (see onModuleInstantiated). */
  moduleInstantiated(inst: Instance): void {
    for (const l of [...this.instantiatedListeners]) l(inst);
  }

  /**
   * Forgets `f`'s code (it must not be on the stack): patches in it are dropped, its breakpoints
   * become pending again, and it compiles anew (e.g. in debug mode) on its next call.
   */
  resetFunction(f: FuncInstance): void {
    const map = f.codeMap;
    if (map === null) return;
    for (const [pc, e] of [...this.patches]) if (e.func === f) this.patches.delete(pc);
    for (const bp of this.breakpoints.values()) {
      const keep = bp.pcs.filter((pc) => pc < map.start || pc >= map.end);
      bp.pcs.length = 0;
      bp.pcs.push(...keep);
    }
    this.store.tier?.forget(f);
    f.entryPc = -1;
    f.codeMap = null;
    f.handlers = null;
  }

  // ------------------------------------------------------------------ one-shot probes

  /** Called with the function and pc of each one-shot probe reached (its probe is gone by then). */
  onceListener: ((f: FuncInstance, pc: number) => void) | null = null;

  /**
   * One-shot probes at internal pcs of compiled function `f` (coverage): the first time control
   * reaches one, `onceListener` hears of it and the original instruction runs — one loop exit per
   * probe, nothing after. `f` runs interpreted while it has any (the tier withholds it).
   */
  addOnceProbes(f: FuncInstance, pcs: readonly number[]): void {
    if (pcs.length === 0) return;
    for (const pc of pcs) this.entry(pc, f).once = true;
    this.store.tier?.withhold(f);
  }

  /** Removes every one-shot probe not reached yet. */
  clearOnceProbes(): void {
    for (const e of [...this.patches.values()]) {
      if (!e.once) continue;
      e.once = false;
      this.settle(e);
    }
  }

  // ------------------------------------------------------------------ probes

  setProbes(settings: ProbeSettings): void {
    Object.assign(this.probes, settings);
    if (this.interpretOnly) this.store.tier?.interceptCalls();
    for (const e of [...this.patches.values()]) {
      e.probes = 0;
      this.settle(e);
    }
    for (const f of this.store.funcs) if (f.codeMap !== null) this.applyProbes(f);
  }

  private applyProbes(f: FuncInstance): void {
    const p = this.probes;
    if (!p.enter && !p.leave && !p.memoryGrow) return;
    const map = f.codeMap!;
    const info = f.instance!.info;
    if (p.enter) this.entry(f.interpEntry, f).probes |= PROBE_ENTER;
    if (p.memoryGrow) {
      for (let i = 0; i < map.pcs.length; i++) if (info.bytes[map.offsets[i]] === 0x40) this.entry(map.pcs[i], f).probes |= PROBE_GROW;
    }
    if (p.leave) {
      // Every Return (and tail call) of the function's code.
      const buf = this.store.code.buf;
      for (let pc = map.start; pc < map.end; ) {
        const op = this.patches.get(pc)?.original ?? buf[pc];
        const len = lengthAt(buf, pc, op);
        if (len <= 0) break;
        const flow = shapeOf(op)!.flow;
        if (flow === Flow.Return || flow === Flow.TailCall) this.entry(pc, f).probes |= PROBE_LEAVE;
        pc += len;
      }
    }
  }

  // ------------------------------------------------------------------ watchpoints

  /**
   * Watchpoints: every instruction of debug-compiled code that could touch watched data the
   * watched way (stores for `write`, loads for `read`, global.set / global.get for globals; bulk
   * memory and SIMD accesses too) is patched with a Break, so nothing runs or costs anything
   * while none is set. At such a Break the instruction's accesses are computed from its operands
   * (watchpoints.ts); when one touches a watchpoint the watched value is kept, the instruction
   * runs, and the stop (reason 'watchpoint') is at the instruction after it, with the old and
   * new values — a `write` watchpoint whose value did not change does not stop (gdb's rule).
   *
   * Only debug-compiled code is watched (DebugHooks.setWatchpoint turns the mode on; functions
   * compiled before and running then stay unwatched until called again). Writes by a host
   * function called from wasm (WASI calls, JS writing the exported memory) are seen when it
   * returns: `watchHostCall` keeps the watched values, and a change stops at the instruction
   * after the call (`afterHostCall`). Reads by the host are seen where it declares them
   * (hostReads.ts: WASI does), and stop there too. Undeclared reads by the host, and writes by
   * JS while no wasm runs, are not seen.
   */
  setWatchpoint(access: WatchAccess, target: WatchTarget): Watchpoint {
    const w: Watchpoint = { id: this.nextId++, access, target };
    this.watchpoints.set(w.id, w);
    this.rewatch();
    return w;
  }

  removeWatchpoint(w: Watchpoint | number): boolean {
    const id = typeof w === 'number' ? w : w.id;
    if (!this.watchpoints.delete(id)) return false;
    this.rewatch();
    return true;
  }

  /** Patches the instructions the watchpoints now need, and only those. */
  private rewatch(): void {
    let classes = 0;
    for (const w of this.watchpoints.values()) classes |= classesWatched(w);
    const changed = classes !== this.watchedClasses;
    this.watchedClasses = classes;
    if (!changed) return;
    if (this.interpretOnly) this.store.tier?.interceptCalls();
    for (const e of [...this.patches.values()]) {
      if (!e.watch) continue;
      e.watch = false;
      this.settle(e);
    }
    for (const f of this.store.funcs) if (f.codeMap !== null) this.applyWatches(f);
  }

  private applyWatches(f: FuncInstance): void {
    const classes = this.watchedClasses;
    const map = f.codeMap!;
    if (classes === 0 || map.heights === null || f.instance === null) return;
    const bytes = f.instance.info.bytes;
    for (let i = 0; i < map.pcs.length; i++) {
      if (i > 0 && map.offsets[i - 1] === map.offsets[i]) continue; // the wasm instruction's first internal one only
      if ((instructionClasses(bytes, map.offsets[i]) & classes) !== 0) this.entry(map.pcs[i], f).watch = true;
    }
    this.store.tier?.withhold(f);
  }

  /** Before the original instruction at a watch patch runs: which watchpoints it touches, and their values now. */
  private watchBefore(e: PatchEntry): PendingWatch | null {
    const f = e.func;
    const offset = f.codeMap!.offsetAt(e.pc);
    const accesses = accessesAt(new StoreFrameCursor(this.store), f.instance!, offset);
    const hits: PendingWatch['hits'][number][] = [];
    for (const w of this.watchpoints.values()) {
      const a = accesses.find((x) => touches(w, x));
      if (a !== undefined) hits.push({ watchpoint: w, access: a.access, oldValue: watchedValue(w) });
    }
    if (hits.length === 0) return null;
    return { nextPc: e.pc + lengthAt(this.store.code.buf, e.pc, e.original), hits, func: f, offset };
  }

  /** After it ran (at the Break of the next instruction): the hits that stop. */
  private watchAfter(pending: PendingWatch): WatchHit[] {
    const out: WatchHit[] = [];
    for (const h of pending.hits) {
      const newValue = watchedValue(h.watchpoint);
      // A host call around this instruction reports only what the host itself wrote.
      for (const call of this.hostWatches) for (const v of call.values) if (v.watchpoint === h.watchpoint) v.value = newValue;
      if (h.watchpoint.access === 'write' && sameValue(h.oldValue, newValue)) continue;
      out.push({ ...h, newValue, func: pending.func, offset: pending.offset, ...(pending.host ? { host: pending.host } : {}) });
    }
    return out;
  }

  /**
   * The driver calls host function `host` from wasm: with watchpoints that see writes set, their
   * values now (only the watched bytes); with memory watchpoints that see reads, it listens for
   * the reads the host declares (hostReads.ts). Else null and nothing is kept.
   */
  watchHostCall(host: FuncInstance): HostCallWatch | null {
    const classes = this.watchedClasses;
    if ((classes & (TOUCH_STORE | TOUCH_GLOBAL_SET | TOUCH_LOAD)) === 0) return null;
    const values: HostCallWatch['values'][number][] = [];
    for (const w of this.watchpoints.values()) if (w.access !== 'read') values.push({ watchpoint: w, value: watchedValue(w) });
    const reads: HostCallWatch['reads'][number][] = [];
    const call: HostCallWatch = {
      host,
      values,
      reads,
      read: (memory, address, length) => {
        const access = { access: 'read' as const, memory, address, length, global: null };
        for (const w of this.watchpoints.values()) {
          if (touches(w, access) && !reads.some((r) => r.watchpoint === w)) reads.push({ watchpoint: w, value: watchedValue(w) });
        }
      },
    };
    this.hostWatches.push(call);
    if ((classes & TOUCH_LOAD) !== 0) listenForHostReads(call);
    return call;
  }

  /**
   * The host call `call` ended (`returned`: normally, the exit record back at its call): a
   * watched value it changed, or read-watched data it declared reading, stops, as a watchpoint
   * hit naming the host function, at the instruction after the call (an access watchpoint both
   * read and written: as a write).
   */
  afterHostCall(call: HostCallWatch, returned: boolean): void {
    this.hostWatches.splice(this.hostWatches.lastIndexOf(call), 1);
    stopListening(call);
    if (!returned) return;
    const live = (w: Watchpoint) => this.watchpoints.get(w.id) === w;
    const hits: PendingWatch['hits'][number][] = call.values
      .filter((v) => live(v.watchpoint) && !sameValue(v.value, watchedValue(v.watchpoint)))
      .map((v) => ({ watchpoint: v.watchpoint, access: 'write' as const, oldValue: v.value }));
    for (const r of call.reads) {
      if (live(r.watchpoint) && !hits.some((h) => h.watchpoint === r.watchpoint)) hits.push({ watchpoint: r.watchpoint, access: 'read', oldValue: r.value });
    }
    if (hits.length === 0) return;
    const exit = this.store.thread.exit;
    const func = this.store.funcs[exit.func];
    this.watchPending = { nextPc: exit.resumePc, hits, func, offset: func.codeMap!.offsetAt(exit.sitePc), host: call.host };
    this.entry(exit.resumePc, func).afterHost = true;
  }

  // ------------------------------------------------------------------ the Break exit

  /**
   * The loop returned for any reason, or a throw left its instruction: a disarmed breakpoint is
   * armed again; a watched instruction that did not reach the next one (it trapped) touched nothing.
   */
  afterExit(): void {
    if (this.disarmed >= 0) this.rearm();
    const w = this.watchPending;
    if (w !== null) {
      const exit = this.store.thread.exit;
      if (exit.kind !== ExitKind.Break || exit.resumePc !== w.nextPc) this.watchPending = null;
    }
  }

  private rearm(): void {
    const pc = this.disarmed;
    this.disarmed = -1;
    const e = this.patches.get(pc);
    if (e !== undefined) this.store.code.buf[pc] = Op.Break;
    for (const t of this.rearmTemps) {
      // resetFunction may have dropped it (and the pc may hold another function's code now).
      if (this.patches.get(t.pc) !== t) continue;
      t.rearm = false;
      this.settle(t);
    }
    this.rearmTemps.length = 0;
  }

  /** A Break exit at thread.exit.resumePc (see exitProtocol.settleExit). */
  onBreak(canAwait: boolean): Promise<void> | undefined {
    const store = this.store;
    const thread = store.thread;
    if (this.disarmed >= 0) this.rearm();
    const pc = thread.exit.resumePc;
    const watched = this.watchPending;
    if (watched !== null) {
      this.watchPending = null;
      const after = watched.host !== undefined ? this.patches.get(pc) : undefined;
      if (after !== undefined) {
        after.afterHost = false;
        this.settle(after);
      }
      const hits = this.watchAfter(watched);
      // Going on re-enters at this pc: a Break still patched here is handled then.
      if (hits.length > 0) {
        this.clearStep();
        return pauseAndApply(store, 'watchpoint', canAwait, (ctx) => this.continueAfterWatch(ctx, pc), undefined, { watchHits: hits });
      }
    }
    const e = this.patches.get(pc);
    if (e === undefined) return undefined; // a rearm temp only: it is gone, run the instruction
    if (e.once) {
      e.once = false;
      this.onceListener?.(e.func, pc);
      this.settle(e);
      if (!this.patches.has(pc)) return undefined; // nothing else here: run the original instruction
    }
    let reason: 'breakpoint' | 'step' | 'probe' | null = null;
    let probe: ProbeKind | undefined;
    if (e.step && this.step !== null) {
      if (this.stepStops(pc)) reason = 'step';
    }
    if (e.bps.size > 0) reason = 'breakpoint';
    else if (reason === null && e.probes !== 0) {
      reason = 'probe';
      probe = e.probes & PROBE_ENTER ? 'enter' : e.probes & PROBE_LEAVE ? 'leave' : 'memoryGrow';
    }
    if (reason === null) {
      // A step temp that does not stop here (deeper recursion, or inside a wasm instruction).
      this.proceed(pc);
      return undefined;
    }
    if (reason !== 'probe') this.clearStep();
    const details = e.bps.size > 0 ? { breakpoints: [...e.bps] } : undefined;
    return pauseAndApply(store, reason, canAwait, (ctx) => this.continueFrom(ctx), probe, details);
  }

  /**
   * Hostcall probes: called by the driver around a host function (sync handlers only), with
   * its arguments, and at 'hostreturn' its results.
   */
  hostcallProbe(kind: 'hostcall' | 'hostreturn', func?: FuncInstance, args?: readonly RawValue[], results?: readonly RawValue[]): void {
    const exit = this.store.thread.exit;
    const host = func !== undefined ? { func, args: args ?? [], results } : undefined;
    this.hostCall = host;
    try {
      // Shown as the host call it is, at the calling instruction.
      presentExit(this.store, ExitKind.Hostcall, exit.fp, exit.func, exit.sitePc, () => pauseAndApply(this.store, 'probe', false, () => undefined, kind, { host }));
    } finally {
      this.hostCall = undefined;
    }
  }

  /**
   * A host function threw `exn` (the exit record is at its call instruction): the handlers see
   * the stack before the exception is thrown into wasm, and may wait (async entries). The driver
   * throws it afterwards — whatever they decide but a step, which stops where it lands.
   */
  onHostThrow(exn: ExceptionInstance, canAwait: boolean): Promise<void> | undefined {
    return pauseAndApply(this.store, 'hostThrow', canAwait, () => undefined, undefined, { thrown: exn });
  }

  /** While a hostcall / hostreturn probe pauses: the host call (also PauseContext.host). */
  hostCall: HostCallInfo | undefined = undefined;

  /** After a handler's retry / no decision at a break: maybe start a step, then run the instruction. */
  private continueFrom(ctx: PauseContext): void {
    const pc = this.store.thread.exit.resumePc;
    if (ctx.stepRequest !== null) this.startStep(ctx.stepRequest, pc);
    this.proceed(pc);
  }

  /** After a watchpoint stop: a requested step starts from the instruction stopped at. */
  private continueAfterWatch(ctx: PauseContext, pc: number): void {
    if (ctx.stepRequest !== null) this.startStep(ctx.stepRequest, pc);
  }

  /** After resume-with-values (the instruction was skipped): a requested step stops at the next instruction. */
  afterResume(ctx: PauseContext): void {
    if (ctx.stepRequest !== null) this.stopAtResumePc();
  }

  /**
   * Stop (a 'step' pause) at the instruction the thread runs next (thread.exit.resumePc): a
   * debugger uses it from a control hook, after a resume / suspend / switch / catch moved control.
   */
  stopAtResumePc(): void {
    const thread = this.store.thread;
    this.clearStep();
    this.step = { kind: 'into', depth: thread.exit.depth };
    this.stepAt(thread.exit.resumePc, this.store.funcs[thread.exit.func]);
  }

  /** Executes the original instruction at `pc` next (not stopping at its Break), re-arming the Break right after. */
  runOriginalAt(pc: number): void {
    this.proceed(pc);
  }

  /**
   * After a force-return (exit/forceReturn.ts): any step in progress ends; a step requested at
   * the pause stops in the caller at its next instruction (`returnPc`: where it continues, -1
   * when the activation ended).
   */
  afterForceReturn(ctx: PauseContext, returnPc: number): void {
    this.clearStep();
    if (ctx.stepRequest === null || returnPc < 0) return;
    const thread = this.store.thread;
    this.step = { kind: 'into', depth: thread.exit.depth };
    this.stepAt(returnPc, this.funcAtPc(returnPc) ?? this.store.funcs[thread.exit.func]);
  }

  /** Executes the original instruction at `pc` next, re-arming its Break right after. */
  private proceed(pc: number): void {
    const e = this.patches.get(pc);
    if (e === undefined) return;
    if (e.watch) this.watchPending = this.watchBefore(e);
    const buf = this.store.code.buf;
    buf[pc] = e.original;
    this.disarmed = pc;
    for (const s of this.successors(pc, e.original, true)) {
      if (s === pc || s < 0) continue;
      const t = this.patches.get(s);
      if (t !== undefined) continue; // already a Break: it re-arms when hit
      const temp = this.entry(s, this.funcAtPc(s) ?? e.func);
      temp.rearm = true;
      this.rearmTemps.push(temp);
    }
  }

  // ------------------------------------------------------------------ stepping

  private clearStep(): void {
    this.step = null;
    for (const e of this.stepTemps) {
      // resetFunction may have dropped it (and the pc may hold another function's code now).
      if (this.patches.get(e.pc) !== e) continue;
      e.step = false;
      this.settle(e);
    }
    this.stepTemps.length = 0;
  }

  /** Patches `pc` for the current step. */
  private stepAt(pc: number, func: FuncInstance): void {
    const e = this.entry(pc, func);
    if (e.step) return;
    e.step = true;
    this.stepTemps.push(e);
  }

  /**
   * Stops the running code as soon as possible: when an async entry is yielding at a Tick, a
   * step temp at its resume pc makes it break (reason 'step') on its first instruction back.
   * False when nothing is suspended so (the caller then waits for the next function entry).
   */
  requestPause(): boolean {
    const pc = this.suspendedAt;
    if (pc < 0) return false;
    this.clearStep();
    this.step = { kind: 'into', depth: this.store.thread.exit.depth };
    this.stepAt(pc, this.funcAtPc(pc) ?? this.store.funcs[this.store.thread.exit.func]);
    return true;
  }

  /** Arms step temps for a step of `kind` from the instruction at `pc` of the current frame. */
  private startStep(kind: StepKind, pc: number, depth = this.store.thread.exit.depth): void {
    this.clearStep();
    const thread = this.store.thread;
    this.step = { kind, depth };
    const op = this.patches.get(pc)?.original ?? this.store.code.buf[pc];
    let targets: number[];
    if (kind === 'out') {
      const f = this.store.funcs[thread.exit.func];
      const h = thread.exit.fp + f.localsI32;
      const i32 = thread.i32;
      targets = i32[h + 2 * FRAME_LAYOUT.SAVED_FP] < 0 ? [] : [i32[h + 2 * FRAME_LAYOUT.RETURN_PC]];
    } else {
      targets = this.successors(pc, op, kind === 'into');
    }
    for (const s of targets) if (s >= 0) this.stepAt(s, this.funcAtPc(s) ?? this.store.funcs[thread.exit.func]);
  }

  /** Does the step stop at `pc` (a step temp just hit)? Re-targets the step when it goes on. */
  private stepStops(pc: number): boolean {
    const st = this.step!;
    const thread = this.store.thread;
    const f = this.store.funcs[thread.exit.func];
    const atStart = f.codeMap !== null && f.codeMap.entryAt(pc) >= 0;
    if (st.kind === 'into') {
      if (atStart) return true;
      this.startStep('into', pc);
      return false;
    }
    if (st.kind === 'over') {
      if (thread.exit.depth > st.depth) return false; // a recursive activation of the same code
      if (atStart) return true;
      this.startStep('over', pc, st.depth);
      return false;
    }
    // out
    if (thread.exit.depth >= st.depth) return false;
    if (atStart) return true;
    this.startStep('into', pc);
    return false;
  }

  // ------------------------------------------------------------------ successors

  private funcAtPc(pc: number): FuncInstance | undefined {
    for (const f of this.store.funcs) {
      const m = f.codeMap;
      if (m !== null && pc >= m.start && pc < m.end) return f;
    }
    return undefined;
  }

  /**
   * Where control can go after the instruction at `pc` (original opcode `op`) in the current
   * frame; `intoCalls`: include callee entries (resolved from the frame's current values).
   */
  successors(pc: number, op: number, intoCalls: boolean): number[] {
    const store = this.store;
    const thread = store.thread;
    const code = store.code.buf;
    const shape = shapeOf(op);
    if (shape === undefined) return [];
    const len = lengthAt(code, pc, op);
    const fp = thread.exit.fp;
    switch (shape.flow) {
      case Flow.Seq:
      case Flow.Control:
        return [pc + len];
      case Flow.None:
        return [];
      case Flow.Br:
        return [code[pc + 1]];
      case Flow.Cond:
        return [pc + len, code[pc + shape.operand]];
      case Flow.Table: {
        const out: number[] = [];
        for (let i = 0; i <= code[pc + 2]; i++) out.push(code[pc + 3 + i]);
        return out;
      }
      case Flow.Return: {
        const h = fp + code[pc + 1];
        return thread.i32[h] < 0 ? [] : [thread.i32[h + 2]];
      }
      case Flow.Call:
      case Flow.TailCall: {
        const out = [pc + len];
        if (shape.flow === Flow.TailCall) {
          const f = store.funcs[thread.exit.func];
          const h = fp + f.localsI32;
          if (thread.i32[h] >= 0) out.push(thread.i32[h + 2]);
        }
        if (intoCalls) {
          const callee = this.calleeOf(pc, op);
          if (callee !== null && callee.host === undefined && (callee.entryPc >= 0 || store.compileFunc(callee))) out.push(callee.interpEntry);
        }
        return out;
      }
    }
    return [];
  }

  private calleeOf(pc: number, op: number): FuncInstance | null {
    const store = this.store;
    const thread = store.thread;
    const code = store.code.buf;
    const fp = thread.exit.fp;
    if (op === Op.Call || op === Op.ReturnCall) return store.funcs[code[pc + 1]];
    if (op === Op.CallRef || op === Op.ReturnCallRef) return (thread.refs[(fp + code[pc + 2]) >> 1] as FuncInstance | null) ?? null;
    const inst = store.funcs[thread.exit.func].instance as Instance;
    const r = T.resolveIndirect(inst, code[pc + 1], code[pc + 2], thread.i32, fp + code[pc + 4], code[pc + 5], thread.exit);
    return typeof r === 'number' ? null : r;
  }
}
